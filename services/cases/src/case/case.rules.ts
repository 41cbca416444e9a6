import { pathIds, type Caller } from '@lianxin/auth';
import { DomainError, ErrorCode } from '@lianxin/subgraph';
import { CaseAction, CaseState, CLOCK_RUNNING, HIGHER_SIGN_OFF, OPEN_STATES, type CaseKind } from '../casefile/case.enums';

/**
 * Who may make a transition, relative to one case:
 * - `member`: the member who raised it (never for anonymous cases);
 * - `handler`: staff of the handling org, or of the org it was escalated to;
 * - `higher`: staff of a strict ancestor of the handling org (sign-off, supervision);
 * - `system`: the deadline sweep.
 * Admins act as handler and higher.
 */
export type Party = 'member' | 'handler' | 'higher' | 'system';

export interface Rule {
  from: readonly CaseState[];
  /** `same`: the state does not change (a note, supervision, an escalation in place). */
  to: CaseState | 'same';
  by: readonly Party[];
  /** A further condition on the case itself, with the reason when it fails. */
  when?: (c: CaseParties) => string | null;
}

/** Enterprise unions are the leaves of the tree (city/district/street/enterprise). */
const LEAF_DEPTH = 4;

/**
 * The whole lifecycle in one table. Every mutation goes through `authorise()` against
 * it; nothing else decides who may do what to a case.
 */
export const RULES: Readonly<Record<Exclude<CaseAction, CaseAction.RAISE>, Rule>> = {
  [CaseAction.ACCEPT]: { from: [CaseState.REGISTERED, CaseState.TRANSFERRED], to: CaseState.ACCEPTED, by: ['handler'] },
  [CaseAction.TRANSFER]: {
    from: [CaseState.REGISTERED],
    to: CaseState.TRANSFERRED,
    by: ['handler'],
    when: (c) => (pathIds(c.handlingPath).length >= LEAF_DEPTH ? 'an enterprise union has no union below it to transfer to; accept or decline the case' : null),
  },
  [CaseAction.RETURN]: { from: [CaseState.TRANSFERRED], to: CaseState.REGISTERED, by: ['handler'] },
  [CaseAction.PROGRESS]: { from: [CaseState.ACCEPTED, CaseState.IN_PROGRESS], to: CaseState.IN_PROGRESS, by: ['handler'] },
  [CaseAction.AWAIT_WORKER]: { from: [CaseState.ACCEPTED, CaseState.IN_PROGRESS], to: CaseState.WAITING_ON_WORKER, by: ['handler'] },
  [CaseAction.WORKER_RESPONDED]: { from: [CaseState.WAITING_ON_WORKER], to: CaseState.IN_PROGRESS, by: ['member', 'handler'] },
  [CaseAction.RESOLVE]: { from: [CaseState.ACCEPTED, CaseState.IN_PROGRESS], to: CaseState.RESOLVED, by: ['handler'] },
  // Kinds in HIGHER_SIGN_OFF need `higher`; see partiesFor().
  [CaseAction.SIGN_OFF]: { from: [CaseState.RESOLVED], to: CaseState.SIGNED_OFF, by: ['handler', 'higher'] },
  // Satisfied closes; unsatisfied reopens (to IN_PROGRESS) and supervises.
  [CaseAction.RATE]: { from: [CaseState.SIGNED_OFF], to: CaseState.CLOSED, by: ['member'] },
  [CaseAction.DECLINE]: { from: [CaseState.REGISTERED, CaseState.ACCEPTED], to: CaseState.DECLINED, by: ['handler'] },
  [CaseAction.SUPERVISE]: { from: OPEN_STATES, to: 'same', by: ['higher'] },
  // A missed acceptance sends a TRANSFERRED case up to REGISTERED at the receiver's parent.
  [CaseAction.ESCALATE]: { from: CLOCK_RUNNING, to: 'same', by: ['system'] },
  [CaseAction.CLOSE_TIMEOUT]: { from: [CaseState.SIGNED_OFF], to: CaseState.CLOSED, by: ['system'] },
  // A REGISTERED case joining a project is accepted by it (to ACCEPTED); others keep their state.
  // Staff at the project's org or above act for the project, so `higher` may also resolve a
  // project's cases (project.service.ts authoriseForProject); outside a project RESOLVE stays the handler's.
  [CaseAction.JOIN_PROJECT]: { from: [CaseState.REGISTERED, CaseState.ACCEPTED, CaseState.IN_PROGRESS], to: 'same', by: ['handler', 'higher'] },
  // 上报: beyond the handler's reach, the case goes up to an ancestor, registered there afresh.
  [CaseAction.PASS_UP]: {
    from: [CaseState.REGISTERED, CaseState.ACCEPTED, CaseState.IN_PROGRESS],
    to: CaseState.REGISTERED,
    by: ['handler'],
    when: (c) => (pathIds(c.handlingPath).length < 2 ? 'the city union has no union above it' : null),
  },
  // 转办 to an outside agency: the union keeps the case (and its clock) until the worker is answered.
  [CaseAction.REFER_OUT]: {
    from: [CaseState.ACCEPTED, CaseState.IN_PROGRESS],
    to: CaseState.IN_PROGRESS,
    by: ['handler'],
    when: (c) => (c.awaitingAgency ? 'the case is already with an agency; record its answer first' : null),
  },
  [CaseAction.AGENCY_ANSWERED]: {
    from: [CaseState.IN_PROGRESS, CaseState.WAITING_ON_WORKER],
    to: 'same',
    by: ['handler'],
    when: (c) => (c.awaitingAgency ? null : 'no referral of this case is waiting for an answer; refer it out first'),
  },
  // 合并交接: the handling union was merged; members' org.changed hands its unfinished cases to the survivor.
  [CaseAction.HAND_OVER]: { from: [...OPEN_STATES, CaseState.RESOLVED, CaseState.SIGNED_OFF], to: 'same', by: ['system'] },
  // 回访: a worker with no account cannot rate; staff call and record what they said.
  [CaseAction.CALLBACK]: {
    from: [CaseState.SIGNED_OFF],
    to: CaseState.CLOSED,
    by: ['handler', 'higher'],
    when: (c) => (c.memberId ? 'the member rates this case themselves' : null),
  },
};

/** The facts about a case the rules look at. */
export interface CaseParties {
  memberId: string | null;
  kind: CaseKind;
  handlingOrgId: string;
  handlingPath: string;
  escalatedToOrgId: string | null;
  awaitingAgency: boolean;
}

/** Which parties `caller` is, for this case. */
export function partiesOf(caller: Caller, c: CaseParties): Set<Party> {
  const parties = new Set<Party>();
  switch (caller.role) {
    case 'admin':
      parties.add('handler').add('higher');
      break;
    case 'system':
      parties.add('system');
      break;
    case 'member':
      if (c.memberId && caller.memberId === c.memberId) parties.add('member');
      break;
    case 'staff':
      if (caller.orgId && (caller.orgId === c.handlingOrgId || caller.orgId === c.escalatedToOrgId)) parties.add('handler');
      if (caller.orgPath && c.handlingPath.startsWith(caller.orgPath) && caller.orgPath !== c.handlingPath) parties.add('higher');
      break;
    default:
      break;
  }
  return parties;
}

/** The parties a rule accepts for this case (sign-off by a higher level for the kinds that need it). */
function partiesFor(action: keyof typeof RULES, c: CaseParties): readonly Party[] {
  if (action === CaseAction.SIGN_OFF && HIGHER_SIGN_OFF.includes(c.kind)) return ['higher'];
  return RULES[action].by;
}

const WHO: Record<Party, string> = {
  member: 'the member who raised it',
  handler: 'staff of the handling org',
  higher: 'staff of a higher-level org',
  system: 'the deadline sweep',
};

/** `A`, `A or B`, `A, B or C`. */
const orList = (items: readonly string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

/**
 * Throws unless `caller` may take `action` on a case in `state`. The two failures have
 * different codes: INVALID_STATE (wrong moment, e.g. rating an open case) and FORBIDDEN
 * (wrong person). Visibility is checked before this: an unseen case is NOT_FOUND.
 */
export function authorise(caller: Caller, action: keyof typeof RULES, state: CaseState, c: CaseParties): void {
  const rule = RULES[action];
  if (!rule.from.includes(state)) {
    throw new DomainError(
      ErrorCode.INVALID_STATE,
      `Cannot ${action} a case that is ${state}: ${action} is possible only when the case is ${orList(rule.from)}. Reload the case to see what it can do now.`,
      { state, action },
    );
  }
  const allowed = partiesFor(action, c);
  const mine = partiesOf(caller, c);
  if (!allowed.some((p) => mine.has(p))) {
    throw new DomainError(ErrorCode.FORBIDDEN, `${action} on this case is for ${allowed.map((p) => WHO[p]).join(' or ')}.`, { action });
  }
  const unmet = rule.when?.(c);
  if (unmet) throw new DomainError(ErrorCode.INVALID_STATE, `${action} is not possible: ${unmet}.`, { state, action });
}

/** The actions `caller` may take now: what a client shows as buttons. */
export function allowedActions(caller: Caller, state: CaseState, c: CaseParties): CaseAction[] {
  const mine = partiesOf(caller, c);
  return (Object.keys(RULES) as (keyof typeof RULES)[]).filter(
    (a) => RULES[a].from.includes(state) && partiesFor(a, c).some((p) => p !== 'system' && mine.has(p)) && !RULES[a].when?.(c),
  );
}
