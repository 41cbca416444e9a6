import type { InternalClient } from '@lianxin/auth';
import type { SubgraphContext } from '@lianxin/subgraph';
import { LRUCache } from 'lru-cache';
import type { EmploymentType, HardshipTier, MembershipStatus, SchoolStage } from './vocabulary';

/** What benefits may know of a member to decide eligibility: never shown to its callers. */
export interface MemberFacts {
  id: string;
  orgId: string;
  orgPath: string;
  name: string;
  status: MembershipStatus;
  employmentType: EmploymentType;
  /** YYYY-MM-DD; for audiences by age (an interview campaign's young workers). Absent from benefits' copy, which has no use for it. */
  birthDate?: string;
  modelWorker: boolean;
  hardshipTier: HardshipTier | null;
  children: { id: string; birthDate: string; schoolStage: SchoolStage }[];
  /** Grows with every change of these facts (members' `facts_version`): a copy keeps the highest it saw. */
  factsVersion?: number;
}

/**
 * What a subgraph asks of member facts: the client below, or a test's typed fake of it
 * (@lianxin/test-kit), so a fake that drifts from the client fails to compile.
 */
export interface MemberFactsSource {
  get(ids: readonly string[]): Promise<Map<string, MemberFacts>>;
  one(id: string): Promise<MemberFacts | null>;
  /** After a write that depends on fresh facts (a claim), do not trust a cached answer. */
  forget(id: string): void;
}

const FIELDS = 'id orgId orgPath name status employmentType birthDate modelWorker hardshipTier factsVersion children { id birthDate schoolStage }';
const QUERY = `query MemberFacts($ids: [ID!]!) { _memberFacts(ids: $ids) { ${FIELDS} } }`;
const BACKLOG = 'query MemberFeedBacklog { _memberFeedBacklog }';
const PAGE = `query MemberFactsPage($afterId: ID, $size: Int!) { _memberFactsPage(afterId: $afterId, size: $size) { ${FIELDS} } }`;
const BATCH = 500;
/** lru-cache holds no null: a member that does not exist is remembered as this. */
const NONE = Symbol('no such member');

/**
 * Member facts from the members subgraph, asked service to service with a system token
 * (a partner has no right to read them, so federation's @requires, which fetches under the
 * caller's rights, cannot serve partner checks). The facts stay in this process: no
 * benefits type exposes them; answers carry decisions and reason codes only. Kept for a
 * short while, since a partner desk checks the same member a few times in a row.
 */
export class MemberFactsClient implements MemberFactsSource {
  private readonly cache: LRUCache<string, MemberFacts | typeof NONE>;

  constructor(
    private readonly members: InternalClient,
    ttlMs = 30_000,
  ) {
    this.cache = new LRUCache({ max: 100_000, ttl: ttlMs });
  }

  async get(ids: readonly string[]): Promise<Map<string, MemberFacts>> {
    const out = new Map<string, MemberFacts>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.cache.get(id);
      if (hit === undefined) missing.push(id);
      else if (hit !== NONE) out.set(id, hit);
    }
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      const data = await this.members.call<{ _memberFacts: MemberFacts[] }>(QUERY, { ids: batch });
      const found = new Map(data._memberFacts.map((f) => [f.id, f]));
      for (const id of batch) {
        const facts = found.get(id);
        this.cache.set(id, facts ?? NONE);
        if (facts) out.set(id, facts);
      }
    }
    return out;
  }

  async one(id: string): Promise<MemberFacts | null> {
    return (await this.get([id])).get(id) ?? null;
  }

  /** After a write that depends on fresh facts (a claim), do not trust a cached answer. */
  forget(id: string): void {
    this.cache.delete(id);
  }

  /** Straight from members, past the cache (and refreshing it): what a copy of the facts is fed from. */
  async fresh(ids: readonly string[]): Promise<Map<string, MemberFacts>> {
    for (const id of ids) this.cache.delete(id);
    return this.get(ids);
  }

  /** When the oldest member.changed not yet delivered to benefits was written; null when none waits. */
  async backlog(): Promise<Date | null> {
    const at = (await this.members.call<{ _memberFeedBacklog: string | null }>(BACKLOG, {}))._memberFeedBacklog;
    return at === null ? null : new Date(at);
  }

  /** Every member's facts in id order, `first` at a time after `after`: how an empty copy is filled. */
  async page(after: string | null, first: number): Promise<MemberFacts[]> {
    return (await this.members.call<{ _memberFactsPage: MemberFacts[] }>(PAGE, { afterId: after, size: first }))._memberFactsPage;
  }
}

/** The member facts client the subgraph was started with. */
export function memberFacts(ctx: Pick<SubgraphContext, 'services'>): MemberFactsSource {
  const client = ctx.services?.memberFacts as MemberFactsSource | undefined;
  if (!client) throw new Error('This subgraph was started without a member facts client');
  return client;
}
