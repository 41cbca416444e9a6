import type { Caller } from './caller';

/**
 * What a caller may read, reduced to the three shapes the data layer knows how to
 * filter by. Anything that is not clearly one of them is `none`: scoping fails closed.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'subtree'; orgId: string; path: string }
  /** A member: their own rows, plus their org and its ancestors (orgPath). */
  | { kind: 'self'; memberId: string; orgPath?: string }
  | { kind: 'none' };

export const NO_SCOPE: Scope = Object.freeze({ kind: 'none' });

export function scopeOf(caller: Caller): Scope {
  switch (caller.role) {
    case 'admin':
    case 'system':
      return { kind: 'all' };
    case 'staff':
      return caller.orgId && caller.orgPath
        ? { kind: 'subtree', orgId: caller.orgId, path: caller.orgPath }
        : NO_SCOPE;
    case 'member':
      return caller.memberId ? { kind: 'self', memberId: caller.memberId, orgPath: caller.orgPath } : NO_SCOPE;
    default:
      return NO_SCOPE;
  }
}
