import { DomainError, ErrorCode, inScope, requireOrgs, requireScope, type OrgInfo, type SubgraphContext } from '@lianxin/subgraph';

type Ctx = Pick<SubgraphContext, 'orgs' | 'scope'>;

/**
 * Which of these orgs the caller may act for: those that exist and lie in the caller's
 * scope. One directory call for the lot (Immich's checkAccess, for the org tree).
 */
export async function visibleOrgs(ctx: Ctx, ids: readonly string[]): Promise<Set<string>> {
  const scope = requireScope(ctx);
  const found = await requireOrgs(ctx).orgs(ids);
  return new Set([...found.values()].filter((org) => inScope(scope, { path: org.path })).map((org) => org.id));
}

/**
 * The org named by an input field, when the caller may act for it. Missing and out of scope
 * are one condition with one answer: NOT_FOUND naming the field, so a caller cannot tell
 * an org outside its scope from one that does not exist.
 */
export async function visibleOrg(ctx: Ctx, id: string, field = 'orgId'): Promise<OrgInfo> {
  const scope = requireScope(ctx);
  const org = await requireOrgs(ctx).org(id);
  if (!org || !inScope(scope, { path: org.path })) throw orgNotVisible(field, id);
  return org;
}

export const orgNotVisible = (field: string, id: string): DomainError =>
  new DomainError(ErrorCode.NOT_FOUND, `${field}: no union ${id} exists in your scope. Pick a union at or under your own.`, { field });
