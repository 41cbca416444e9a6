import type { InternalClient } from './internal-client';

/** Where a staff account's org or a member sits in the tree now: what every scope is built from. */
export interface ScopeAnchor {
  orgId: string;
  path: string;
}

const QUERY = 'query ScopeAnchor($orgId: ID, $memberId: ID) { _scopeAnchor(orgId: $orgId, memberId: $memberId) { orgId path } }';

/**
 * Asks the members subgraph (owner of the tree) for the anchor of an org or a member; null
 * when there is no such org or member. The gateway completes staff and member callers with
 * it; other subgraphs use it to scope a member's own records.
 */
export async function scopeAnchor(members: InternalClient, of: { orgId: string } | { memberId: string }): Promise<ScopeAnchor | null> {
  return (await members.call<{ _scopeAnchor: ScopeAnchor | null }>(QUERY, of))._scopeAnchor;
}
