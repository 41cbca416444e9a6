import { Entity } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { appendChange, FeedChangeRow, FeedHeadRow, readChanges, type ChangeFeed, type FeedPage } from '@lianxin/outbox';
import { unscoped, type SubgraphContext } from '@lianxin/subgraph';

/**
 * Members' change feed (the kit in @lianxin/outbox): which cached entries of members' data
 * other processes must drop. Every gateway follows it, and so does every replica of cases
 * and benefits, through `_directoryChanges` (system role). It began as the staff directory's
 * feed, hence the table names. Its own module, imported by the staff directory, the org tree
 * and memberships, and importing none of them.
 *
 * Kinds: STAFF, a staff account (subject: its identity-provider subject; gateways drop that
 * sign-in); ORG, an org moved, merged or closed (org id; paths under it changed, so every
 * cached scope and org is dropped); ORG_NAME, an org renamed (org id; cases and benefits drop
 * that org from their org directory); MEMBER, a member transferred or changed status (member
 * id; gateways drop that member's scope anchor). A follower that does not know a kind drops
 * everything.
 */
export enum DirectoryChangeKind {
  STAFF = 'STAFF',
  ORG = 'ORG',
  ORG_NAME = 'ORG_NAME',
  MEMBER = 'MEMBER',
}

@Entity('directory_change')
export class DirectoryChangeRow extends FeedChangeRow {
  declare kind: DirectoryChangeKind;
}

/** The one row (id 1) handing out seq: its row lock orders writers (see appendChange). */
@Entity('directory_head')
export class DirectoryHeadRow extends FeedHeadRow {}

export const MEMBERS_FEED: ChangeFeed = { head: DirectoryHeadRow, change: DirectoryChangeRow };

/** Appends a change in the writer's own transaction (seq in commit order). */
export function recordChange(em: EntityManager, kind: DirectoryChangeKind, subject: string, at: Date): Promise<number> {
  return appendChange(em, MEMBERS_FEED, kind, subject, at);
}

export type DirectoryChanges = FeedPage<DirectoryChangeRow>;

/**
 * For followers (system role): what changed after `after`, oldest first, and the head to ask
 * from next. Without `after` (a follower starting up), only the head; ahead of the head (a
 * restored backup) or too far behind, an overflow. One primary-key range read.
 */
export async function directoryChanges(ctx: SubgraphContext, after: number | null | undefined): Promise<DirectoryChanges> {
  const data = unscoped(ctx, 'system feed: gateways, cases and benefits drop cached entries the members data changed');
  return (await readChanges(data.manager, MEMBERS_FEED, after)) as DirectoryChanges;
}
