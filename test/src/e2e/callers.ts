import { signInternalToken, secretKey, type Caller } from '@lianxin/auth';
import { DEV_INTERNAL_SECRET } from '@lianxin/subgraph';
import type { Fixture } from '../harness/fixtures';
import { clientToken } from '../harness/graph';

export const CALLERS = ['admin', 'city', 'd1', 'd2', 's1', 'e1', 'member', 'partner', 'anonymous'] as const;
export type CallerKey = (typeof CALLERS)[number];
export type OrgKey = keyof Fixture['orgs'];
export type MemberKey = keyof Fixture['members'];

export const STAFF_ORG: Partial<Record<CallerKey, OrgKey>> = { city: 'city', d1: 'd1', d2: 'd2', s1: 's1', e1: 'e1' };

export function callerIdentity(key: CallerKey, f: Fixture): Caller {
  const org = STAFF_ORG[key];
  if (org) return { sub: `staff-${key}`, role: 'staff', orgId: f.orgs[org].id, orgPath: f.orgs[org].path, perms: [] };
  switch (key) {
    case 'admin':
      return { sub: 'admin-1', role: 'admin', perms: [] };
    case 'member':
      return { sub: 'member-m1', role: 'member', memberId: f.members.m1.id, orgId: f.members.m1.orgId, orgPath: f.members.m1.orgPath, perms: [] };
    case 'partner':
      return { sub: 'partner-1', role: 'partner', partnerId: '01KAXB3ZJ4N5P6Q7R8S9T0V1P1', perms: [] };
    default:
      return { sub: 'anonymous', role: 'anonymous', perms: [] };
  }
}

/** The client JWT a caller would present to the gateway; undefined for anonymous. */
export async function tokenFor(key: CallerKey, f: Fixture, perms: string[] = [], opts: { secret?: string } = {}): Promise<string | undefined> {
  const c = callerIdentity(key, f);
  if (c.role === 'anonymous') return undefined;
  return clientToken({ sub: c.sub, role: c.role, org: c.role === 'staff' ? c.orgId : undefined, mid: c.memberId, pid: c.partnerId, perms }, opts);
}

/** The internal token the gateway would mint for this caller, for direct subgraph calls. */
export function internalTokenFor(key: CallerKey, f: Fixture, subgraph = 'members'): Promise<string> {
  return signInternalToken(callerIdentity(key, f), subgraph, secretKey(DEV_INTERNAL_SECRET));
}

/** What a denied caller gets, by role: staff/admin see "not found", others are refused outright. */
export const REFUSAL: Record<CallerKey, string> = {
  admin: 'NOT_FOUND', city: 'NOT_FOUND', d1: 'NOT_FOUND', d2: 'NOT_FOUND', s1: 'NOT_FOUND', e1: 'NOT_FOUND',
  member: 'FORBIDDEN', partner: 'FORBIDDEN', anonymous: 'UNAUTHENTICATED',
};

/**
 * Staff of any fixture org (the cases suites need the receivers of transfers: e2, s2, e3),
 * beyond the fixed CALLERS.
 */
export function staffTokenFor(org: OrgKey, f: Fixture): Promise<string> {
  const o = f.orgs[org];
  return clientToken({ sub: `staff-${org}`, role: 'staff', org: o.id, perms: [] });
}

/** Any fixture member as a caller (CALLERS' `member` is m1). */
export function memberTokenFor(member: MemberKey, f: Fixture): Promise<string> {
  return clientToken({ sub: `member-${member}`, role: 'member', mid: f.members[member].id, perms: [] });
}

/** A partner's client token (role partner, pid) for a partner registered in the test (CALLERS' `partner` names none). */
export function partnerTokenFor(partnerId: string): Promise<string> {
  return clientToken({ sub: `partner-${partnerId}`, role: 'partner', pid: partnerId, perms: [] });
}

/** The name of the (first) root field an operation asks for. */
export const rootField = (query: string): string => /\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(query)![1];

/** The first error of a response as the client reads it, whole but for its source locations. */
export function errorOf(res: { errors?: { message: string }[] | null }): Record<string, unknown> | undefined {
  const first = res.errors?.[0] as ({ message: string; locations?: unknown } & Record<string, unknown>) | undefined;
  if (!first) return undefined;
  const { locations: _locations, ...rest } = first;
  return rest;
}

/** How a role is named in a refusal. */
const SIGNED_IN_AS: Record<CallerKey | 'partnerKey', string> = {
  admin: 'admins', city: 'union staff', d1: 'union staff', d2: 'union staff', s1: 'union staff', e1: 'union staff', member: 'members', partner: 'partner desks', partnerKey: 'partner desks', anonymous: 'callers without a token',
};

/** Which subgraph an error came from is told to staff and admins only: the extension to expect. */
export const fromService = (caller: CallerKey | 'partnerKey', service: string): { serviceName?: string } => (caller === 'admin' || STAFF_ORG[caller as CallerKey] ? { serviceName: service } : {});

const ROLE_WORDS: Record<string, string> = { member: 'members', staff: 'union staff', admin: 'admins', partner: 'partner desks' };
/** Who a field is for, as its refusal says it, from the roles it declares in order: `A`, `A and B`, `A, B and C`. */
export const rolesText = (roles: readonly string[]): string => {
  const words = roles.map((r) => ROLE_WORDS[r] ?? r);
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
};

/**
 * What a caller whose role may not call `field` of `service` at all gets, whole: without a
 * token the gateway's sign-in refusal, otherwise the subgraph's, saying who the field is for
 * (`isFor`, as the field declares it, e.g. 'union staff and admins').
 */
export function refusedByRole(caller: CallerKey | 'partnerKey', service: string, field: string, isFor: string): Record<string, unknown> {
  if (caller === 'anonymous') return { message: `Sign in first: ${field} needs a token. Without one you may only join by QR code.`, extensions: { code: 'UNAUTHENTICATED' } };
  return { message: `${field} is for ${isFor}; you are signed in as ${SIGNED_IN_AS[caller]}.`, path: [field], extensions: { code: 'FORBIDDEN', ...fromService(caller, service) } };
}

/** What a caller gets from `service` for an id it cannot see, through the gateway: not found and out of scope read the same. */
export const unseenThrough = (caller: CallerKey | 'partnerKey', service: string, field: string, what: string, id: string): Record<string, unknown> => ({
  message: `No ${what} with id ${id} exists that you can see. Check the id, or ask staff of a higher org.`,
  path: [field],
  extensions: { code: 'NOT_FOUND', ...fromService(caller, service) },
});
