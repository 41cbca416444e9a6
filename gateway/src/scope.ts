import { scopeAnchor, type Caller, type InternalClient, type ScopeAnchor } from '@lianxin/auth';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { unauthenticated } from './auth';

/**
 * Completes a staff or member caller with the org path their scope is built from, asked
 * of the members subgraph (which owns the tree) with the gateway's system token. Paths
 * change only when an org moves or a member transfers, so answers are cached, and dropped as
 * members' change feed reports it (StaffDirectory follows the feed): an org move, merge or close
 * clears them all (onOrgChange), a transfer or status change drops that member's (onMemberChange),
 * within about a poll. The minute's TTL is only a safety net.
 */
export class ScopeResolver {
  /** The lookup itself is kept, so concurrent requests of one caller share one call. */
  private readonly cache: LRUCache<string, Promise<ScopeAnchor | null>>;

  constructor(
    private readonly members: InternalClient,
    ttlMs = 60_000,
  ) {
    this.cache = new LRUCache({ max: 100_000, ttl: ttlMs });
  }

  /** Drops every cached anchor: an org moved or merged, so paths (and members' unions) may have changed. */
  forgetAll(): void {
    this.cache.clear();
  }

  /** Drops one member's anchor: they transferred, so their union and path may have changed. */
  forgetMember(memberId: string): void {
    this.cache.delete(`m:${memberId}`);
  }

  /** Entries held now (for the gateway's /metrics). */
  get size(): number {
    return this.cache.size;
  }

  async complete(caller: Caller): Promise<Caller> {
    if (caller.role !== 'staff' && caller.role !== 'member') return caller;
    const key = caller.role === 'staff' ? `o:${caller.orgId}` : `m:${caller.memberId}`;
    let lookup = this.cache.get(key);
    if (!lookup) {
      lookup = scopeAnchor(this.members, caller.role === 'staff' ? { orgId: caller.orgId! } : { memberId: caller.memberId! });
      this.cache.set(key, lookup);
      // A lookup that failed is not an answer: ask again next time.
      lookup.catch(() => this.cache.delete(key));
    }
    const anchor = await lookup.catch((err: unknown) => {
      // Whatever broke on the way (a socket members closed mid-answer), the client's answer is the same: members did not answer.
      throw err instanceof GraphQLError ? err : scopesUnavailable();
    });
    if (!anchor) {
      throw unauthenticated(caller.role === 'staff' ? 'Your token names an org that does not exist.' : 'Your token names a member that does not exist.');
    }
    return { ...caller, orgId: anchor.orgId, orgPath: anchor.path };
  }
}

/** What a client sees while members cannot say where its caller sits in the tree. */
export const scopesUnavailable = (): GraphQLError =>
  new GraphQLError('The members service did not answer, so your scope cannot be checked right now. Retry shortly.', {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'members', http: { status: 503 } },
  });
