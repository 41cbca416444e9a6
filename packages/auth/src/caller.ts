/**
 * Who is calling, as the gateway established it. Subgraphs never build a Caller from
 * client input: they get it from the verified internal token (see internal-token.ts).
 */
export const ROLES = ['member', 'staff', 'partner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Internal callers: the gateway itself, resolving a staff org's path. Never issued to clients. */
export type InternalRole = 'system';

export const PERMISSIONS = ['pii:read'] as const;
export type Permission = (typeof PERMISSIONS)[number];

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
