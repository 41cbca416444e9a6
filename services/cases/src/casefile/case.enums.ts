import { registerEnumType } from 'type-graphql';

/** The ten kinds the seeds name (docs/domain.md, Cases). */
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

/**
 * The kinds of outreach record a case can come from (case_file.source_kind). Each channel
 * that keeps its own records adds its kind here and links its cases with raiseFromSource().
 */
export enum OutreachKind {
  /** A 民意日记 entry of a chair visit day (chair_visit). */
  CHAIR_VISIT = 'CHAIR_VISIT',
  /** A union post (union_post) whose wish wall or suggestion book the case was collected at. */
  UNION_POST = 'UNION_POST',
  /** An item of a service menu (menu_item), ordered by a member (点单). */
  MENU_ITEM = 'MENU_ITEM',
  /** An interview of a 大访谈 campaign (campaign_interview). */
  INTERVIEW = 'INTERVIEW',
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
/** 办结 and after: the states a resolution rate counts as resolved. */
export const RESOLVED_STATES: readonly CaseState[] = [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED];

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
  PASS_UP = 'PASS_UP',
  REFER_OUT = 'REFER_OUT',
  AGENCY_ANSWERED = 'AGENCY_ANSWERED',
  CALLBACK = 'CALLBACK',
  HAND_OVER = 'HAND_OVER',
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

/** The ratings a satisfaction rate (满意率) counts as satisfied. */
export const SATISFIED_RATINGS: readonly string[] = [Rating.SATISFIED, Rating.BASICALLY_SATISFIED];

export enum CloseReason {
  RATED = 'RATED',
  TIMEOUT = 'TIMEOUT',
  CALLBACK = 'CALLBACK',
}

/** Kinds a higher level must sign off (县总签单); the handling org signs off the rest itself. */
export const HIGHER_SIGN_OFF: readonly CaseKind[] = [CaseKind.URGENT_NEED, CaseKind.LEGAL_AID, CaseKind.HARDSHIP_AID, CaseKind.COLLECTIVE_BARGAINING];

registerEnumType(CaseKind, {
  name: 'CaseKind',
  description: 'What a worker request is about (the ten kinds the seeds name); with urgency it sets the deadline, and some kinds need a higher level to sign off',
  valuesConfig: {
    MICRO_WISH: { description: 'A small, concrete request, often from a wish wall (微心愿)' },
    SUGGESTION: { description: 'A short suggestion for the union or the employer (微建言)' },
    URGENT_NEED: { description: 'An urgent need or grievance (急难愁盼 / 诉求); needs a higher level to sign off' },
    LEGAL_AID: { description: 'A request for legal help, e.g. unpaid wages or a labour dispute (法律援助); needs a higher level to sign off' },
    HARDSHIP_AID: { description: 'A request for hardship help for a worker or family in difficulty (困难帮扶); needs a higher level to sign off' },
    EDUCATION_AID: { description: "A request for help with a child's schooling (金秋助学); has a longer default deadline" },
    COLLECTIVE_BARGAINING: {
      description: 'Wages, hours or conditions to negotiate with the employer (集体协商); longer default deadline, needs a higher level to sign off',
    },
    GRASSROOTS_BUILDING: { description: 'Setting up or strengthening a grassroots union (基层建设); has a longer default deadline' },
    CARE_POST: { description: 'About a care post or union post where outdoor workers rest (爱心驿站)' },
    OTHER: { description: 'Anything the other kinds do not cover (其他)' },
  },
});
registerEnumType(CaseChannel, {
  name: 'CaseChannel',
  description: 'Where the request came in',
  valuesConfig: {
    WISH_WALL: { description: 'The wish wall at a union post (心愿墙)' },
    SUGGESTION_BOOK: { description: 'A suggestion book kept at a union or workplace (意见簿)' },
    WECHAT: { description: 'A WeChat group or the menu-style WeChat ordering (微信点单)' },
    WEBSITE: { description: "The union's website" },
    HOTLINE_12351: { description: 'The 12351 trade-union hotline (12351 职工服务热线)' },
    CHAIR_VISIT_DAY: { description: "Raised in person on a union chair's visit day (工会主席陪伴日)" },
    INTERVIEW_CAMPAIGN: { description: 'An interview campaign, at an interview point or by questionnaire (大访谈)' },
    OTHER: { description: 'Any other channel' },
  },
});
registerEnumType(OutreachKind, {
  name: 'OutreachKind',
  description: 'The kind of outreach record a case came from',
  valuesConfig: {
    CHAIR_VISIT: { description: "A chair visit day's diary entry (工会主席陪伴日 民意日记); see Case.chairVisit" },
    UNION_POST: { description: 'A union post (工会驿站) whose wish wall or suggestion book it was collected at; see Case.unionPost' },
    MENU_ITEM: { description: 'An item of a service menu a member ordered (菜单式服务 点单); see Case.menuItem' },
    INTERVIEW: { description: 'An interview of a 大访谈 campaign; see Case.interview' },
  },
});
registerEnumType(Urgency, {
  name: 'Urgency',
  description: 'How soon the request must be handled; with the kind it selects the deadline rule (built-in defaults: 15, 7 and 3 days for everyday kinds)',
  valuesConfig: {
    NORMAL: { description: 'Everyday request: the longest deadline of its kind (default 15 days for everyday kinds)' },
    HIGH: { description: 'Needs attention soon (default 7 days for everyday kinds)' },
    URGENT: { description: 'Cannot wait (default 3 days for everyday kinds)' },
  },
});
registerEnumType(CaseState, {
  name: 'CaseState',
  description: 'Where a case is in its lifecycle: registered → (transferred →) accepted → in progress → resolved → signed off → closed, or declined',
  valuesConfig: {
    REGISTERED: { description: 'Recorded at an org, waiting to be accepted, transferred or declined (挂号/登记)' },
    TRANSFERRED: { description: 'Sent down to a street or enterprise union, which must accept or return it by acceptDueAt (转办)' },
    ACCEPTED: { description: 'Accepted by the handling org, with a responsible department or person named (接单)' },
    IN_PROGRESS: { description: 'Being worked on; progress notes are in the ledger (办理中)' },
    WAITING_ON_WORKER: { description: 'Waiting on the worker for information; the deadline clock is paused (待职工补充)' },
    RESOLVED: { description: 'A resolution is recorded, waiting to be signed off (办结)' },
    SIGNED_OFF: { description: 'Signed off by the handling org or, for some kinds, a higher level; waiting for the worker\'s rating (签单)' },
    CLOSED: { description: 'Rated satisfied or basically satisfied, or left unrated past the timeout (销账); final' },
    DECLINED: { description: 'Not accepted, with a decline reason (不予受理); final' },
  },
});
registerEnumType(CaseAction, {
  name: 'CaseAction',
  description: "A ledger entry's kind of change",
  valuesConfig: {
    RAISE: { description: 'The case was registered (挂号)' },
    ACCEPT: { description: 'The handling org accepted it and named who is responsible (接单)' },
    TRANSFER: { description: 'Sent down to a lower org to handle (转办)' },
    RETURN: { description: 'The receiving org returned a transfer, with a reason (退回)' },
    PROGRESS: { description: 'A progress note was recorded' },
    AWAIT_WORKER: { description: 'Put on hold waiting for the worker; the deadline clock pauses' },
    WORKER_RESPONDED: { description: 'The worker answered; the clock resumes with the wait added to the deadline' },
    RESOLVE: { description: 'A resolution was recorded (办结)' },
    SIGN_OFF: { description: 'Signed off (签单)' },
    RATE: { description: 'The worker rated the outcome (满意 / 基本满意 / 不满意)' },
    DECLINE: { description: 'Declined, with a reason (不予受理)' },
    SUPERVISE: { description: 'A higher-level org put the case under supervision (督办)' },
    ESCALATE: {
      description: "The sweep escalated it (督办): a missed deadline supervises it at the handler's parent org, an unaccepted transfer goes to the receiver's parent; the original clock is kept",
    },
    CLOSE_TIMEOUT: { description: 'Closed by the sweep because the worker gave no rating in time (销账)' },
    JOIN_PROJECT: { description: 'Taken into a service project with cases of the same purpose (统一帮办)' },
    PASS_UP: { description: 'Passed up to a higher-level union, with the reason it is beyond the handler (上报)' },
    REFER_OUT: { description: 'Referred to an outside agency (a legal-aid centre, a labour inspection bureau) with its deadline; the case stays the union\'s (转办外部机构)' },
    AGENCY_ANSWERED: { description: 'The outside agency\'s answer was recorded' },
    CALLBACK: { description: 'Staff called the worker back and recorded their satisfaction, for a worker without an account (回访)' },
    HAND_OVER: { description: 'The handling union was merged into another, which took the case over with its clock (合并交接)' },
  },
});
registerEnumType(ReturnReason, {
  name: 'ReturnReason',
  description: 'Why a receiving org returned a transferred case (退回)',
  valuesConfig: {
    NOT_IN_JURISDICTION: { description: 'The worker or the matter belongs to another org' },
    INSUFFICIENT_INFORMATION: { description: 'Too little information to act on' },
    DUPLICATE: { description: 'The same request is already being handled' },
    OUTSIDE_UNION_REMIT: { description: 'Not something a trade union can handle' },
    OTHER: { description: 'Another reason, given in the note' },
  },
});
registerEnumType(DeclineReason, {
  name: 'DeclineReason',
  description: 'Why a case was declined (不予受理)',
  valuesConfig: {
    OUTSIDE_UNION_REMIT: { description: 'Not something a trade union can handle' },
    DUPLICATE: { description: 'The same request is already recorded' },
    UNLAWFUL_OR_UNREASONABLE: { description: 'The request is unlawful or unreasonable' },
    WITHDRAWN_BY_WORKER: { description: 'The worker withdrew the request' },
    OTHER: { description: 'Another reason, given in the note' },
  },
});
registerEnumType(Rating, {
  name: 'Rating',
  description: "A worker's satisfaction with the outcome: 满意 / 基本满意 / 不满意",
  valuesConfig: {
    SATISFIED: { description: 'Satisfied (满意); counts towards the satisfaction rate' },
    BASICALLY_SATISFIED: { description: 'Basically satisfied (基本满意); counts towards the satisfaction rate' },
    UNSATISFIED: { description: 'Unsatisfied (不满意); on a case it reopens the case and puts it under supervision (督办)' },
  },
});
registerEnumType(CloseReason, {
  name: 'CloseReason',
  description: 'How a case came to be closed',
  valuesConfig: {
    RATED: { description: 'The worker rated it satisfied or basically satisfied' },
    TIMEOUT: { description: 'No rating arrived within the rating timeout (CASE_RATING_TIMEOUT_DAYS, default 7 days) after sign-off' },
    CALLBACK: { description: 'Staff recorded the worker\'s satisfaction on a callback (回访): the worker has no account to rate it' },
  },
});
