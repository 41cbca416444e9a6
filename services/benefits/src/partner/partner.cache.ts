import { FeedFollower, readChanges } from '@lianxin/outbox';
import type { SubgraphContext } from '@lianxin/subgraph';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { BENEFITS_FEED, BenefitsChangeKind } from '../changes/changes.feed';
import { rulesOf } from '../eligibility/eligibility.service';
import { PartnerProgrammeRow, ProgrammeRow } from '../programme/programme.entity';
import { PartnerRow } from './partner.entity';
import { partnerIdOf } from './partner.scope';

/**
 * The partner desk's in-process cache of what every check starts from: a partner's active flag
 * and the programmes it is bound to, and each programme's row (state, sensitivity, quota, rules
 * version) with its parsed rules. Warm, a check reads no partner, binding, programme or rule row.
 *
 * Kept true by benefits' change feed, not by a TTL: every writer of those rows appends a change
 * in its transaction (partner.service, programme.service, orgchange), and each replica follows
 * the feed straight from its database, dropping what a change names within a poll
 * (`FEED_POLL_MS`, 1 s). Overflow, a reset or a feed unreadable for ten seconds drops everything;
 * the TTL (1 min) is only a safety net. With the feed off (test graphs, `FEED_POLL_MS=0`) the
 * cache is not used: the desk reads the bindings each time, as partnerQuery() joins them.
 *
 * Lookups are kept while under way, so a change reported during a lookup drops the lookup too
 * (its answer may predate the change), and concurrent checks of one partner share one read.
 *
 * The binding semantics are partnerQuery()'s exactly: a programme is served when the partner is
 * bound to it, the partner is active, and the programme is not sensitive (even one that became
 * sensitive after binding). Redemptions do not come here: they read the binding inside their own
 * transaction, so a voucher is never redeemed through a binding already gone.
 */
export interface DeskPartner {
  active: boolean;
  programmeIds: readonly string[];
}

const TTL_MS = 60_000;

async function loadPartner(db: DataSource, partnerId: string): Promise<DeskPartner> {
  const [partner, bindings] = await Promise.all([
    db.getRepository(PartnerRow).findOne({ where: { id: partnerId }, select: { id: true, active: true } }),
    db.getRepository(PartnerProgrammeRow).find({ where: { partnerId }, select: { programmeId: true } }),
  ]);
  return { active: partner?.active === true, programmeIds: bindings.map((b) => b.programmeId) };
}

async function loadProgramme(db: DataSource, programmeId: string): Promise<ProgrammeRow | null> {
  const programme = await db.getRepository(ProgrammeRow).findOne({ where: { id: programmeId } });
  // Parsed rules are cached by (programme, version) in rulesOf(): warm them with the row.
  if (programme) await rulesOf(db.manager, programme);
  return programme;
}

export class PartnerDeskCache {
  private readonly partners = new LRUCache<string, Promise<DeskPartner>>({ max: 10_000, ttl: TTL_MS });
  private readonly programmes = new LRUCache<string, Promise<ProgrammeRow | null>>({ max: 10_000, ttl: TTL_MS });
  readonly feed: FeedFollower;

  constructor(
    private readonly db: DataSource,
    opts: { pollMs: number; staleMs?: number; log?: Logger; now?: () => number },
  ) {
    this.feed = new FeedFollower({
      name: 'benefits',
      read: (after) => readChanges(db.manager, BENEFITS_FEED, after),
      ...opts,
      apply: (c) => {
        switch (c.kind) {
          case BenefitsChangeKind.KEY:
            // The gateways' cache, not this one.
            break;
          case BenefitsChangeKind.PARTNER:
          case BenefitsChangeKind.BINDING:
            this.partners.delete(c.subject);
            break;
          case BenefitsChangeKind.PROGRAMME:
            this.programmes.delete(c.subject);
            break;
          case BenefitsChangeKind.PROGRAMMES:
            this.programmes.clear();
            break;
          default:
            this.dropAll();
        }
      },
      dropAll: () => this.dropAll(),
    });
  }

  private dropAll(): void {
    this.partners.clear();
    this.programmes.clear();
  }

  /** Whether the cache may answer now: the feed is followed, has answered once, and recently. */
  get usable(): boolean {
    return this.feed.enabled && this.feed.cursor !== null && this.feed.trusted();
  }

  /** Entries held (for tests and /metrics). */
  get size(): { partners: number; programmes: number } {
    return { partners: this.partners.size, programmes: this.programmes.size };
  }

  start(): void {
    this.feed.start();
  }

  stop(): void {
    this.feed.stop();
  }

  private kept<V>(cache: LRUCache<string, Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
    const hit = cache.get(key);
    if (hit) return hit;
    const lookup = load();
    cache.set(key, lookup);
    // A lookup that failed is not an answer: ask again next time.
    lookup.catch(() => {
      if (cache.get(key) === lookup) cache.delete(key);
    });
    return lookup;
  }

  partner(partnerId: string): Promise<DeskPartner> {
    return this.kept(this.partners, partnerId, () => loadPartner(this.db, partnerId));
  }

  programme(programmeId: string): Promise<ProgrammeRow | null> {
    return this.kept(this.programmes, programmeId, () => loadProgramme(this.db, programmeId));
  }

  /** The programme if the partner serves it (bound, active, not sensitive), else null. */
  async servedProgramme(partnerId: string, programmeId: string): Promise<ProgrammeRow | null> {
    const partner = await this.partner(partnerId);
    if (!partner.active || !partner.programmeIds.includes(programmeId)) return null;
    const programme = await this.programme(programmeId);
    return programme && !programme.sensitive ? programme : null;
  }

  /** The programmes the partner serves (bound, active, not sensitive). */
  async served(partnerId: string): Promise<string[]> {
    const partner = await this.partner(partnerId);
    if (!partner.active) return [];
    const programmes = await Promise.all(partner.programmeIds.map((id) => this.programme(id)));
    return programmes.filter((p): p is ProgrammeRow => !!p && !p.sensitive).map((p) => p.id);
  }
}

/** The desk's cache when this process follows the feed and it may answer now; otherwise undefined (read through). */
export function deskCache(ctx: SubgraphContext): PartnerDeskCache | undefined {
  const cache = ctx.services?.partnerDesk as PartnerDeskCache | undefined;
  return cache?.usable ? cache : undefined;
}

/** The programme a partner's check names, if the partner serves it, from the cache; undefined when the cache may not answer. */
export async function cachedServedProgramme(ctx: SubgraphContext, programmeId: string): Promise<ProgrammeRow | null | undefined> {
  const cache = deskCache(ctx);
  return cache ? cache.servedProgramme(partnerIdOf(ctx), programmeId) : undefined;
}
