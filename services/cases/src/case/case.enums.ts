import { registerEnumType } from 'type-graphql';

/** The ten kinds the seeds name (DOMAIN.md, Cases). */
export enum CaseKind {
  MICRO_WISH = 'MICRO_WISH',
  SUGGESTION = 'SUGGESTION',
  URGENT_NEED = 'URGENT_NEED',
  LEGAL_AID = 'LEGAL_AID',
  HARDSHIP_AID = 'HARDSHIP_AID',
  EDUCATION_AID = 'EDUCATION_AID',
  COLLECTIVE_BARGAINING = 'COLLECTIVE_BARGAINING',
  GRASSROOTS_BUILDING = 'GRASSROOTS_BUILDING',
  CARE_POST = 'CARE_POST',
  OTHER = 'OTHER',
}

export enum CaseChannel {
  WISH_WALL = 'WISH_WALL',
  SUGGESTION_BOOK = 'SUGGESTION_BOOK',
  WECHAT = 'WECHAT',
  WEBSITE = 'WEBSITE',
  HOTLINE_12351 = 'HOTLINE_12351',
  CHAIR_VISIT_DAY = 'CHAIR_VISIT_DAY',
  INTERVIEW_CAMPAIGN = 'INTERVIEW_CAMPAIGN',
  OTHER = 'OTHER',
}

export enum Urgency {
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}

export enum CaseState {
  /** 挂号: recorded at an org, waiting to be accepted or transferred. */
  REGISTERED = 'REGISTERED',
  /** 转办: sent down to a street or enterprise union, which must accept or return it. */
  TRANSFERRED = 'TRANSFERRED',
  /** 接单: a responsible department or person is named. */
  ACCEPTED = 'ACCEPTED',
  IN_PROGRESS = 'IN_PROGRESS',
  /** Waiting on the worker for information; the deadline clock is paused. */
  WAITING_ON_WORKER = 'WAITING_ON_WORKER',
  /** 办结 */
  RESOLVED = 'RESOLVED',
  /** 签单 */
  SIGNED_OFF = 'SIGNED_OFF',
  /** 销账: rated satisfied or basically satisfied, or no rating before the timeout. */
  CLOSED = 'CLOSED',
  /** 不予受理, with a reason. */
  DECLINED = 'DECLINED',
}

/** States in which the deadline clock runs and a missed deadline escalates. */
export const CLOCK_RUNNING: readonly CaseState[] = [CaseState.REGISTERED, CaseState.TRANSFERRED, CaseState.ACCEPTED, CaseState.IN_PROGRESS];
/** Not yet resolved, closed or declined. */
export const OPEN_STATES: readonly CaseState[] = [...CLOCK_RUNNING, CaseState.WAITING_ON_WORKER];
export const TERMINAL_STATES: readonly CaseState[] = [CaseState.CLOSED, CaseState.DECLINED];

/** What happened, as recorded in the ledger. */
export enum CaseAction {
  RAISE = 'RAISE',
  ACCEPT = 'ACCEPT',
  TRANSFER = 'TRANSFER',
  RETURN = 'RETURN',
  PROGRESS = 'PROGRESS',
  AWAIT_WORKER = 'AWAIT_WORKER',
  WORKER_RESPONDED = 'WORKER_RESPONDED',
  RESOLVE = 'RESOLVE',
  SIGN_OFF = 'SIGN_OFF',
  RATE = 'RATE',
  DECLINE = 'DECLINE',
  SUPERVISE = 'SUPERVISE',
  ESCALATE = 'ESCALATE',
  CLOSE_TIMEOUT = 'CLOSE_TIMEOUT',
  JOIN_PROJECT = 'JOIN_PROJECT',
}

export enum ReturnReason {
  NOT_IN_JURISDICTION = 'NOT_IN_JURISDICTION',
  INSUFFICIENT_INFORMATION = 'INSUFFICIENT_INFORMATION',
  DUPLICATE = 'DUPLICATE',
  OUTSIDE_UNION_REMIT = 'OUTSIDE_UNION_REMIT',
  OTHER = 'OTHER',
}

export enum DeclineReason {
  OUTSIDE_UNION_REMIT = 'OUTSIDE_UNION_REMIT',
  DUPLICATE = 'DUPLICATE',
  UNLAWFUL_OR_UNREASONABLE = 'UNLAWFUL_OR_UNREASONABLE',
  WITHDRAWN_BY_WORKER = 'WITHDRAWN_BY_WORKER',
  OTHER = 'OTHER',
}

export enum Rating {
  SATISFIED = 'SATISFIED',
  BASICALLY_SATISFIED = 'BASICALLY_SATISFIED',
  UNSATISFIED = 'UNSATISFIED',
}

export enum CloseReason {
  RATED = 'RATED',
  TIMEOUT = 'TIMEOUT',
}

/** Kinds a higher level must sign off (县总签单); the handling org signs off the rest itself. */
export const HIGHER_SIGN_OFF: readonly CaseKind[] = [CaseKind.URGENT_NEED, CaseKind.LEGAL_AID, CaseKind.HARDSHIP_AID, CaseKind.COLLECTIVE_BARGAINING];

registerEnumType(CaseKind, { name: 'CaseKind' });
registerEnumType(CaseChannel, { name: 'CaseChannel', description: 'Where the request came in' });
registerEnumType(Urgency, { name: 'Urgency' });
registerEnumType(CaseState, { name: 'CaseState' });
registerEnumType(CaseAction, { name: 'CaseAction', description: 'A ledger entry\'s kind of change' });
registerEnumType(ReturnReason, { name: 'ReturnReason', description: 'Why a receiving org returned a transferred case' });
registerEnumType(DeclineReason, { name: 'DeclineReason' });
registerEnumType(Rating, { name: 'Rating', description: '满意 / 基本满意 / 不满意' });
registerEnumType(CloseReason, { name: 'CloseReason' });
