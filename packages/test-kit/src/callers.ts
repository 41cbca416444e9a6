import { newId, systemCaller, type Caller, type Permission } from '@lianxin/auth';
import type { OrgInfo } from '@lianxin/subgraph';

/** Whoever a member caller is made from: member facts, or just an org. */
type MemberLike = { id: string; orgId: string; orgPath: string };

/**
 * Named callers, as the gateway would establish them (`callerStub.staff(d1)`), so every
 * spec spells a caller the same way and a `sub` always says who it was.
 */
export const callerStub = {
  admin: Object.freeze({ sub: 'admin-1', role: 'admin', perms: [] }) as Caller,
  /** Staff of `org`; `perms` e.g. ['pii:read']. */
  staff: (org: Pick<OrgInfo, 'id' | 'path' | 'code'>, perms: readonly Permission[] = []): Caller => ({ sub: `staff-${org.code}`, role: 'staff', orgId: org.id, orgPath: org.path, perms }),
  /** The member these facts describe. */
  member: (m: MemberLike): Caller => ({ sub: `member-${m.id}`, role: 'member', memberId: m.id, orgId: m.orgId, orgPath: m.orgPath, perms: [] }),
  /** A member of `org` (a fresh member id unless given), for specs that keep no member facts. */
  memberAt: (org: Pick<OrgInfo, 'id' | 'path'>, memberId = newId()): Caller => callerStub.member({ id: memberId, orgId: org.id, orgPath: org.path }),
  partner: Object.freeze({ sub: 'partner-1', role: 'partner', partnerId: newId(), perms: [] }) as Caller,
  /** A partner with this id. */
  partnerOf: (partnerId: string): Caller => ({ sub: `partner-${partnerId}`, role: 'partner', partnerId, perms: [] }),
  anonymous: Object.freeze({ sub: 'anonymous', role: 'anonymous', perms: [] }) as Caller,
  system: systemCaller,
};
