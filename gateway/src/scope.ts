import type { Caller } from '@lianxin/auth';
import { INTERNAL_TOKEN_HEADER } from '@lianxin/auth';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GATEWAY_SYSTEM, type InternalTokens } from './internal';
import { unauthenticated } from './auth';

const QUERY = 'query ScopeAnchor($orgId: ID, $memberId: ID) { _scopeAnchor(orgId: $orgId, memberId: $memberId) { orgId path } }';

/**
 * Completes a staff or member caller with the org path their scope is built from, asked
 * of the members subgraph (which owns the tree) with the gateway's system token. Paths
 * change only when an org moves or a member transfers, so answers are cached for a
 * minute; a transfer therefore takes up to a minute to move a member's scope.
 */
export class ScopeResolver {
  private readonly cache = new Map<string, { value: Promise<{ orgId: string; path: string } | null>; until: number }>();

  constructor(
    private readonly membersUrl: string,
    private readonly tokens: InternalTokens,
    private readonly fetcher: Fetcher,
    private readonly ttlMs = 60_000,
  ) {}

  async complete(caller: Caller): Promise<Caller> {
    if (caller.role !== 'staff' && caller.role !== 'member') return caller;
    const key = caller.role === 'staff' ? `o:${caller.orgId}` : `m:${caller.memberId}`;
    let hit = this.cache.get(key);
    if (!hit || hit.until < Date.now()) {
      hit = { value: this.lookup(caller), until: Date.now() + this.ttlMs };
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(key, hit);
      hit.value.catch(() => this.cache.delete(key));
    }
    const anchor = await hit.value;
    if (!anchor) {
      throw unauthenticated(caller.role === 'staff' ? 'Your token names an org that does not exist.' : 'Your token names a member that does not exist.');
    }
    return { ...caller, orgId: anchor.orgId, orgPath: anchor.path };
  }

  private async lookup(caller: Caller): Promise<{ orgId: string; path: string } | null> {
    const variables = caller.role === 'staff' ? { orgId: caller.orgId } : { memberId: caller.memberId };
    const res = await this.fetcher(this.membersUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: await this.tokens.for(GATEWAY_SYSTEM, 'members') },
      body: JSON.stringify({ query: QUERY, variables }),
    });
    const body = (await res.json()) as { data?: { _scopeAnchor: { orgId: string; path: string } | null }; errors?: unknown[] };
    if (!body.data) throw new Error(`scope lookup failed: ${JSON.stringify(body.errors)}`);
    return body.data._scopeAnchor;
  }
}
