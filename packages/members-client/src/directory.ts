import { scopeAnchor, type InternalClient } from '@lianxin/auth';
import type { OrgDirectory, OrgInfo } from '@lianxin/subgraph';
import { LRUCache } from 'lru-cache';

const FIELDS = 'id parentId path code level name';
const BY_IDS = `query OrgDirectory($ids: [ID!]!) { _orgDirectory(ids: $ids) { ${FIELDS} } }`;
const BY_CODE = `query OrgByCode($codes: [String!]!) { _orgDirectory(codes: $codes) { ${FIELDS} } }`;
/** The members subgraph takes at most this many ids in one `_orgDirectory` call. */
const BATCH = 500;

/**
 * The org tree as the members subgraph answers it, for cases and benefits. Paths and codes
 * change only when the tree is reorganised, so answers are kept five minutes (least
 * recently used first out past 50,000 orgs); the misses of one call are asked together.
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

  /** Not cached: members transfer. */
  memberOrg(memberId: string): Promise<{ orgId: string; path: string } | null> {
    return scopeAnchor(this.members, { memberId });
  }

  private remember(info: OrgInfo, into?: Map<string, OrgInfo>): void {
    this.cache.set(info.id, info);
    into?.set(info.id, info);
  }
}
