import { scopeAnchor, type InternalClient } from '@lianxin/auth';
import { FeedFollower, type FeedPage } from '@lianxin/outbox/follower';
import type { OrgDirectory, OrgInfo } from '@lianxin/subgraph';
import { LRUCache } from 'lru-cache';

const FIELDS = 'id parentId path code level name';
const BY_IDS = `query OrgDirectory($ids: [ID!]!) { _orgDirectory(ids: $ids) { ${FIELDS} } }`;
const BY_CODE = `query OrgByCode($codes: [String!]!) { _orgDirectory(codes: $codes) { ${FIELDS} } }`;
/** The members subgraph takes at most this many ids in one `_orgDirectory` call. */
const BATCH = 500;

const CHANGES = 'query MembersChanges($after: Int) { _directoryChanges(after: $after) { head overflow changes { seq kind subject } } }';

/** Members' change feed, read with this subgraph's system token (as the gateways read it). */
export function membersFeed(members: InternalClient): (after: number | null) => Promise<FeedPage> {
  return async (after) => (await members.call<{ _directoryChanges: FeedPage }>(CHANGES, { after }))._directoryChanges;
}

/**
 * The org tree as the members subgraph answers it, for cases and benefits; the misses of one
 * call are asked together. Answers are kept (least recently used first out past 50,000 orgs)
 * and dropped as members' change feed reports a change (`follow()`): a rename drops that org,
 * a move, merge or close everything, in every replica within a poll. The five minutes' TTL is
 * a safety net, and the only expiry when the feed is not followed.
 */
export class MembersOrgDirectory implements OrgDirectory {
  private readonly cache: LRUCache<string, OrgInfo>;

  constructor(
    private readonly members: InternalClient,
    ttlMs = 300_000,
  ) {
    this.cache = new LRUCache({ max: 50_000, ttl: ttlMs });
  }

  async orgs(ids: readonly string[]): Promise<Map<string, OrgInfo>> {
    const found = new Map<string, OrgInfo>();
    const missing: string[] = [];
    this.feed?.trusted();
    for (const id of new Set(ids)) {
      const hit = this.cache.get(id);
      if (hit) found.set(id, hit);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += BATCH) {
      const data = await this.members.call<{ _orgDirectory: OrgInfo[] }>(BY_IDS, { ids: missing.slice(i, i + BATCH) });
      for (const info of data._orgDirectory) this.remember(info, found);
    }
    return found;
  }

  async org(id: string): Promise<OrgInfo | null> {
    return (await this.orgs([id])).get(id) ?? null;
  }

  /** From the cache alone, trusted as orgs() trusts it (a stale feed has emptied it). */
  cached(id: string): OrgInfo | undefined {
    this.feed?.trusted();
    return this.cache.get(id);
  }

  /** Asked each time: codes are typed by people, rarely twice. The answer warms the id cache. */
  async orgByCode(code: string): Promise<OrgInfo | null> {
    const data = await this.members.call<{ _orgDirectory: OrgInfo[] }>(BY_CODE, { codes: [code] });
    const info = data._orgDirectory[0] ?? null;
    if (info) this.remember(info);
    return info;
  }

  /** An org moved or merged: paths and parents remembered from before would file new records in the old place. */
  forget(): void {
    this.cache.clear();
  }

  /** Members' change feed, once `follow()` was called. */
  feed?: FeedFollower;

  /**
   * Follows members' change feed: ORG_NAME drops that org (its name changed), ORG everything
   * (paths under it changed); STAFF and MEMBER are not about orgs; an unknown kind drops
   * everything. While the feed cannot be read for long, nothing cached is trusted.
   */
  follow(opts: { pollMs: number; staleMs?: number; log?: { warn(obj: unknown, msg: string): void }; now?: () => number }, read = membersFeed(this.members)): FeedFollower {
    this.feed = new FeedFollower({
      name: 'members',
      read,
      ...opts,
      apply: (c) => {
        if (c.kind === 'ORG_NAME') this.cache.delete(c.subject);
        else if (c.kind !== 'STAFF' && c.kind !== 'MEMBER') this.cache.clear();
      },
      dropAll: () => this.cache.clear(),
    });
    return this.feed;
  }

  /** Not cached: members transfer. */
  memberOrg(memberId: string): Promise<{ orgId: string; path: string } | null> {
    return scopeAnchor(this.members, { memberId });
  }

  private remember(info: OrgInfo, into?: Map<string, OrgInfo>): void {
    this.cache.set(info.id, info);
    into?.set(info.id, info);
  }
}
