/**
 * Who is calling, as the gateway established it. Subgraphs never build a Caller from
 * client input: they get it from the verified internal token (see internal-token.ts).
 */
export const ROLES = ['member', 'staff', 'partner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Internal callers: the gateway itself, resolving a staff org's path. Never issued to clients. */
export type InternalRole = 'system';

/**
 * Rights beyond a role. Staff accounts in the members directory hold a set of these, and a
 * granter can only pass on what it holds itself:
 * - `pii:read`: reveal full ID numbers and phones of members in scope (each read audited);
 * - `case:signoff`: sign off cases for the subtree (签单);
 * - `programme:manage`: run benefit programmes for the subtree;
 * - `staff:manage`: keep the staff directory (accounts and 部室) of one's own org and below.
 */
export const PERMISSIONS = ['pii:read', 'case:signoff', 'programme:manage', 'staff:manage'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

export interface Caller {
  /** Subject of the client token (a staff account, a member, a partner key…). */
  sub: string;
  role: Role | InternalRole | 'anonymous';
  /** Staff: the org they work for. Members: the org they belong to (resolved by the gateway). */
  orgId?: string;
  /** Materialised path of orgId, resolved by the gateway (see org-path.ts). */
  orgPath?: string;
  /** Member: their member id. */
  memberId?: string;
  /** Partner: their partner id. */
  partnerId?: string;
  perms: readonly Permission[];
}

export const ANONYMOUS: Caller = Object.freeze({ sub: 'anonymous', role: 'anonymous', perms: [] });

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasPermission(caller: Caller, perm: Permission): boolean {
  return caller.role === 'admin' || caller.perms.includes(perm);
}

/** A process acting for itself (the gateway's lookups, a subgraph's directory calls, a sweep): never a client. */
export const systemCaller = (sub: string): Caller => Object.freeze({ sub, role: 'system', perms: [] });
