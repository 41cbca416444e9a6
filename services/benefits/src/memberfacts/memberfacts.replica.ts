import { In, type DataSource, type EntityManager } from 'typeorm';
import { MEMBER_CHANGE_TOPIC, type MemberChange, type MemberFacts, type MemberFactsSource } from '@lianxin/members-client';
import { receiveOnce } from '@lianxin/outbox';
import { isUniqueViolation, wholeSeconds, withContentionRetry } from '@lianxin/subgraph';
import { maskName } from '../member/member.mask';
import { MemberFactRow, type ChildFact } from './memberfact.entity';

/*
 * The partner desk's member facts, without a members call per check. Members announces
 * every change of a fact (`member.changed`, its outbox, ordered); benefits reads the named
 * members' current facts from members and keeps them with members' facts_version, so a
 * repeated or late event rewrites nothing newer. Claims and aid applications keep asking
 * members: they decide on fresh facts, not on this copy.
 *
 * When the copy cannot be trusted, the desk asks members as before (and refreshes the row):
 * a member not in the copy yet, a row members has not confirmed for `maxAgeMs`, or a feed
 * whose last event arrived later than `maxLagMs` after its change. Asking members costs a
 * call but answers right; NEEDS_INFO would turn a member away at the till for our delay.
 */

/** What members' facts client offers the copy: reads past its cache, and pages to fill an empty copy. */
export interface FactsFeedSource extends MemberFactsSource {
  fresh(ids: readonly string[]): Promise<Map<string, MemberFacts>>;
  page(after: string | null, first: number): Promise<MemberFacts[]>;
  /** When the oldest change not yet delivered here was written in members (null: none waits). */
  backlog(): Promise<Date | null>;
}

export interface ReplicaOptions {
  /** `members`: the old way, every check asks members (to measure against). Default `replica`. */
  mode?: 'replica' | 'members';
  /** A row members has not confirmed for this long is read from members again (default one hour). */
  maxAgeMs?: number;
  /** A feed lagging more than this is not trusted until it catches up (default 60 s). */
  maxLagMs?: number;
  now?: () => Date;
}

/** The feed's lag, as the bench and /ready-style probes read it (`_memberFactsFeed`). */
export interface FeedStats {
  applied: number;
  lastLagMs: number | null;
  p50LagMs: number | null;
  p99LagMs: number | null;
  maxLagMs: number | null;
  /** Desk reads answered by asking members (not in the copy, too old, feed behind). */
  fallbacks: number;
  /** Desk reads answered from the copy. */
  hits: number;
  /** How long the oldest change not yet delivered has waited in members, at the last check (null: none, or never checked). */
  backlogMs: number | null;
}

const KEEP = 2_000;

export const toFacts = (r: MemberFactRow): MemberFacts => ({
  id: r.id, orgId: r.orgId, orgPath: r.orgPath, name: r.maskedName, status: r.status, employmentType: r.employmentType,
  modelWorker: Boolean(r.modelWorker), hardshipTier: r.hardshipTier, children: JSON.parse(r.children) as ChildFact[], factsVersion: r.version,
});

const toRow = (f: MemberFacts, at: Date): MemberFactRow =>
  Object.assign(new MemberFactRow(), {
    id: f.id, orgId: f.orgId, orgPath: f.orgPath, maskedName: maskName(f.name), status: f.status, employmentType: f.employmentType, modelWorker: f.modelWorker,
    hardshipTier: f.hardshipTier, children: JSON.stringify(f.children.map((c) => ({ id: c.id, birthDate: c.birthDate, schoolStage: c.schoolStage }))), version: f.factsVersion ?? 0, syncedAt: wholeSeconds(at),
  });

/**
 * Stores facts read from members: inserts a member new to the copy, replaces a row only
 * with a version at least as new (an equal one only confirms it: same version, same facts).
 */
export async function storeFacts(em: EntityManager, facts: readonly MemberFacts[], at: Date): Promise<void> {
  if (!facts.length) return;
  const have = new Map((await em.getRepository(MemberFactRow).find({ where: { id: In(facts.map((f) => f.id)) }, select: { id: true, version: true } })).map((r) => [r.id, r.version]));
  const fresh: MemberFactRow[] = [];
  for (const f of facts) {
    const row = toRow(f, at);
    const known = have.get(f.id);
    if (known === undefined) {
      fresh.push(row);
    } else if (known <= row.version) {
      const { id, ...set } = row;
      await em.createQueryBuilder().update(MemberFactRow).set(set).where('member_id = :id AND version <= :v', { id, v: row.version }).execute();
    }
  }
  // New members in statements of 200 rows: a backfill page is a handful of statements, not a thousand.
  for (let i = 0; i < fresh.length; i += 200) await em.insert(MemberFactRow, fresh.slice(i, i + 200));
}

export async function storeOutsideTransaction(db: DataSource, facts: readonly MemberFacts[], at: Date): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withContentionRetry(() => db.transaction((em) => storeFacts(em, facts, at)));
    } catch (err) {
      // Someone inserted one of these members meanwhile (the feed, a desk read): read again and
      // go through the version check. After that, what they stored is as good as ours.
      if (!isUniqueViolation(err)) throw err;
      if (attempt >= 3) return;
    }
  }
}

export class MemberFactsReplica implements MemberFactsSource {
  private readonly lags: number[] = [];
  private applied = 0;
  private fallbacks = 0;
  private hits = 0;
  private maxLag: number | null = null;
  /** When the oldest undelivered change was written, as members said at the last checkFeed(). */
  private backlogSince: number | null = null;
  private readonly opts: Required<ReplicaOptions>;

  constructor(
    private readonly db: DataSource,
    private readonly members: FactsFeedSource,
    options: ReplicaOptions = {},
  ) {
    this.opts = { mode: 'replica', maxAgeMs: 3_600_000, maxLagMs: 60_000, now: () => new Date(), ...options };
  }

  get database(): DataSource {
    return this.db;
  }

  get mode(): 'replica' | 'members' {
    return this.opts.mode;
  }

  /**
   * The feed is behind when the last event it applied arrived later than the bound after its
   * change, or when members holds a change for us older than the bound: a feed that stopped
   * (members' dispatcher down, benefits unreachable for it) sends no late events at all, so
   * only members' side can tell (checkFeed()).
   */
  private feedBehind(): boolean {
    const last = this.lags[this.lags.length - 1];
    if (last !== undefined && last > this.opts.maxLagMs) return true;
    return this.backlogSince !== null && this.opts.now().getTime() - this.backlogSince > this.opts.maxLagMs;
  }

  /**
   * Asks members how old its oldest undelivered change for us is (every few seconds, from
   * app.ts). If members cannot be asked, the last answer stands: the fallback would ask
   * members too, so a members outage is no reason to stop answering from the copy.
   */
  async checkFeed(): Promise<boolean> {
    const at = await this.members.backlog();
    this.backlogSince = at === null ? null : at.getTime();
    return this.feedBehind();
  }

  async get(ids: readonly string[]): Promise<Map<string, MemberFacts>> {
    if (this.opts.mode === 'members' || this.feedBehind()) {
      this.fallbacks += ids.length;
      return this.members.get(ids);
    }
    const unique = [...new Set(ids)];
    const rows = unique.length ? await readRows(this.db, unique) : [];
    const out = new Map<string, MemberFacts>();
    const oldest = this.opts.now().getTime() - this.opts.maxAgeMs;
    for (const r of rows) if (new Date(r.syncedAt).getTime() >= oldest) out.set(r.id, toFacts(r));
    const missing = unique.filter((id) => !out.has(id));
    this.hits += out.size;
    if (missing.length) {
      this.fallbacks += missing.length;
      const fresh = await this.members.fresh(missing);
      await storeOutsideTransaction(this.db, [...fresh.values()], this.opts.now());
      for (const [id, f] of fresh) out.set(id, { ...f, name: maskName(f.name) });
    }
    return out;
  }

  /**
   * A row the caller read itself (the partner desk reads it in the same statement as the
   * member's grants), as facts when the copy may answer from it; null when get() must decide
   * (not in the copy, too old, the feed behind, or the copy switched off).
   */
  usable(row: MemberFactRow | undefined): MemberFacts | null {
    if (!row || this.opts.mode === 'members' || this.feedBehind()) return null;
    if (new Date(row.syncedAt).getTime() < this.opts.now().getTime() - this.opts.maxAgeMs) return null;
    this.hits++;
    return toFacts(row);
  }

  async one(id: string): Promise<MemberFacts | null> {
    return (await this.get([id])).get(id) ?? null;
  }

  forget(id: string): void {
    this.members.forget(id);
  }

  /**
   * Applies one `member.changed`: reads the members' current facts (outside the
   * transaction: a members call must not hold locks here), then in one transaction records
   * the event in the inbox and stores what is newer. Members gone from the register leave
   * the copy. False when the event had been applied before.
   */
  async apply(change: MemberChange): Promise<boolean> {
    const fresh = await this.members.fresh(change.memberIds);
    const now = this.opts.now();
    const applied = await withContentionRetry(() =>
      this.db.transaction(async (em) => {
        if (!(await receiveOnce(em, MEMBER_CHANGE_TOPIC, change.eventId, now))) return false;
        await storeFacts(em, [...fresh.values()], now);
        const gone = change.memberIds.filter((id) => !fresh.has(id));
        if (gone.length) await em.delete(MemberFactRow, { id: In(gone) });
        return true;
      }),
    );
    if (applied) this.record(now.getTime() - new Date(change.at).getTime());
    return applied;
  }

  private record(lagMs: number): void {
    const lag = Math.max(0, lagMs);
    this.applied++;
    this.lags.push(lag);
    if (this.lags.length > KEEP) this.lags.shift();
    this.maxLag = this.maxLag === null ? lag : Math.max(this.maxLag, lag);
  }

  stats(): FeedStats {
    const sorted = [...this.lags].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null);
    return { applied: this.applied, lastLagMs: this.lags[this.lags.length - 1] ?? null, p50LagMs: at(0.5), p99LagMs: at(0.99), maxLagMs: this.maxLag, fallbacks: this.fallbacks, hits: this.hits, backlogMs: this.backlogSince === null ? null : Math.max(0, this.opts.now().getTime() - this.backlogSince) };
  }

  /**
   * Fills the copy from members, page by page in id order (the first start, or data that
   * predates the feed). Safe beside the feed: every row goes through the version check.
   * Returns how many members it read.
   */
  async backfill(pageSize = 1_000): Promise<number> {
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page = await this.members.page(after, pageSize);
      if (!page.length) return total;
      await storeOutsideTransaction(this.db, page, this.opts.now());
      total += page.length;
      after = page[page.length - 1].id;
      if (page.length < pageSize) return total;
    }
  }

  /** backfill() when the copy is empty; what a benefits replica does when it starts. */
  async fillIfEmpty(): Promise<number> {
    return (await copySize(this.db)) === 0 ? this.backfill() : 0;
  }
}

function readRows(db: DataSource, ids: string[]): Promise<MemberFactRow[]> {
  return db.getRepository(MemberFactRow).find({ where: { id: In(ids) } });
}

export function copySize(db: DataSource): Promise<number> {
  return db.getRepository(MemberFactRow).count();
}

/** The copy the subgraph was started with, when there is one. */
export function memberFactsReplica(ctx: { services?: Record<string, unknown> }): MemberFactsReplica {
  const r = ctx.services?.memberFactsReplica as MemberFactsReplica | undefined;
  if (!r) throw new Error('This subgraph was started without a copy of member facts');
  return r;
}
