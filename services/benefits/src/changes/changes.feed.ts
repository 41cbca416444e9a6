import { Entity } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { appendChange, FeedChangeRow, FeedHeadRow, readChanges, type ChangeFeed, type FeedPage } from '@lianxin/outbox';
import { unscoped, type SubgraphContext } from '@lianxin/subgraph';

/**
 * Benefits' change feed (the kit in @lianxin/outbox): which cached entries of benefits' data
 * other processes must drop, written in the transaction of the change. Every gateway follows
 * it through `_benefitsChanges` (system role) for its API-key cache; every benefits replica
 * follows it straight from the database for the partner desk's cache (partner/partner.cache.ts).
 * Its own module: partners, programmes and org changes import it, it imports none of them.
 *
 * Kinds and subjects:
 * - KEY: a partner key issued or revoked (the key's sha256, as the gateway caches it);
 * - PARTNER: a partner deactivated or reactivated (partner id);
 * - BINDING: a partner bound to or unbound from a programme (partner id);
 * - PROGRAMME: a programme created or changed: state, rules (and so sensitivity) (programme id);
 * - PROGRAMMES: an org change rewrote programmes' paths (org id): every cached programme is stale.
 * A follower that does not know a kind drops everything.
 */
export enum BenefitsChangeKind {
  KEY = 'KEY',
  PARTNER = 'PARTNER',
  BINDING = 'BINDING',
  PROGRAMME = 'PROGRAMME',
  PROGRAMMES = 'PROGRAMMES',
}

@Entity('benefits_change')
export class BenefitsChangeRow extends FeedChangeRow {
  declare kind: BenefitsChangeKind;
}

/** The one row (id 1) handing out seq: its row lock orders writers (see appendChange). */
@Entity('benefits_head')
export class BenefitsHeadRow extends FeedHeadRow {}

export const BENEFITS_FEED_TABLES = { head: 'benefits_head', change: 'benefits_change' } as const;
export const BENEFITS_FEED: ChangeFeed = { head: BenefitsHeadRow, change: BenefitsChangeRow };

/** Appends a change in the writer's own transaction (seq in commit order). */
export function recordBenefitsChange(em: EntityManager, kind: BenefitsChangeKind, subject: string, at: Date = new Date()): Promise<number> {
  return appendChange(em, BENEFITS_FEED, kind, subject, at);
}

export type BenefitsChanges = FeedPage<BenefitsChangeRow>;

/** For the gateway (system role): what changed after `after` (see readChanges). */
export async function benefitsChanges(ctx: SubgraphContext, after: number | null | undefined): Promise<BenefitsChanges> {
  const data = unscoped(ctx, 'system feed: gateways drop cached API keys benefits changed');
  return (await readChanges(data.manager, BENEFITS_FEED, after)) as BenefitsChanges;
}
