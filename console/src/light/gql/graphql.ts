/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date string, such as 2007-12-03, compliant with the `full-date` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  Date: { input: string; output: string; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

/** An education aid application (金秋助学): apply → enterprise check → district review → awarded or rejected → delivered */
export type AidApplication = {
  /** The steps you may take on this application now (CHECK, REVIEW, DELIVER): its state allows them and you are staff of the union that takes them; empty for members and for anyone else */
  allowedSteps: Array<AidStep>;
  /** Awarded amount in fen: the programme's amount when awarded; null before */
  amountCents?: Maybe<Scalars['Float']['output']>;
  /** The child the aid is for (a child recorded on the member) */
  childId: Scalars['ID']['output'];
  /** When it was applied for, ISO 8601 UTC */
  createdAt: Scalars['DateTimeISO']['output'];
  /** Every step, oldest first */
  history: Array<AidEvent>;
  /** The application's id (a ULID) */
  id: Scalars['ID']['output'];
  /** The member (parent) the application is for */
  member: Member;
  /** The member's union when applying: it checks; its district reviews */
  org: Org;
  /** The education aid programme applied to; null if you cannot see it */
  programme?: Maybe<Programme>;
  /** Why it was rejected (enterprise check or district review) */
  rejectReason?: Maybe<Scalars['String']['output']>;
  /** Where the application is in apply → enterprise check → district review → awarded or rejected → delivered */
  state: AidState;
  /** When its state last changed, ISO 8601 UTC */
  updatedAt: Scalars['DateTimeISO']['output'];
  /** The aid year (Beijing calendar) the award counts in: one award per child per year */
  year: Scalars['Int']['output'];
};

/** A page of education aid applications, in org-tree order */
export type AidApplicationConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<AidApplicationEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a AidApplicationConnection page, with its position */
export type AidApplicationEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: AidApplication;
};

/** One step of an application's history (append-only) */
export type AidEvent = {
  /** The union of the actor (staff: the one they work for; members: their own); null for admins */
  actorOrgId?: Maybe<Scalars['ID']['output']>;
  /** member, staff or admin */
  actorRole: Scalars['String']['output'];
  /** When it happened, ISO 8601 UTC */
  at: Scalars['DateTimeISO']['output'];
  /** Null for the application itself */
  fromState?: Maybe<AidState>;
  /** The event's id (a ULID) */
  id: Scalars['ID']['output'];
  /** The checker's or reviewer's note, or the rejection reason; null if none was given */
  note?: Maybe<Scalars['String']['output']>;
  /** The state the application moved to */
  toState: AidState;
};

/** Where an education aid application (金秋助学) is: apply → enterprise check → district review → awarded or rejected → delivered */
export type AidState =
  /** Applied for; waiting for the enterprise union's check (申请) */
  | 'APPLIED'
  /** The district awarded it (审批通过); study items are to be bought and delivered */
  | 'AWARDED'
  /** The award was delivered to the family (发放); final */
  | 'DELIVERED'
  /** The enterprise union checked and passed it; waiting for the district review (企业审核) */
  | 'ENTERPRISE_CHECKED'
  /** Rejected at the enterprise check or the district review, with a reason; final */
  | 'REJECTED';

/** A step staff take on an education aid application: the enterprise check, the district review, the delivery */
export type AidStep =
  /** Enterprise check of an APPLIED application (checkAidApplication): pass it on or reject it */
  | 'CHECK'
  /** Hand over an AWARDED award (markAidDelivered) */
  | 'DELIVER'
  /** District review of an ENTERPRISE_CHECKED application (reviewAidApplication): award or reject */
  | 'REVIEW';

/** A union's share of a programme's quota and budget, carved out of its parent's share. Money in fen. */
export type Allocation = {
  /** Units handed on to child unions' shares */
  allocatedToChildren: Scalars['Int']['output'];
  /** Budget in this share, in fen (1/100 yuan); null when the programme has no budget */
  budgetCents?: Maybe<Scalars['Float']['output']>;
  /** Budget handed on to child unions' shares, in fen */
  budgetToChildren: Scalars['Float']['output'];
  /** The share's id (a ULID) */
  id: Scalars['ID']['output'];
  /** The union holding this share */
  org: Org;
  /** The union holding this share */
  orgId: Scalars['ID']['output'];
  /** The allocation this share was carved from; null for the programme owner's root share */
  parentId?: Maybe<Scalars['ID']['output']>;
  /** The programme shared; null if you cannot see it */
  programme?: Maybe<Programme>;
  /** The programme shared */
  programmeId: Scalars['ID']['output'];
  /** Units (vouchers, places, awards) in this share; null when the programme has no quota */
  quota?: Maybe<Scalars['Int']['output']>;
  /** Fen still spendable directly at this share; null without a budget */
  remainingBudgetCents?: Maybe<Scalars['Float']['output']>;
  /** Units still claimable directly at this share; null without a quota */
  remainingQuota?: Maybe<Scalars['Int']['output']>;
  /** Spent directly from this share (e.g. care visits), in fen */
  spentCents: Scalars['Float']['output'];
  /** Units issued directly from this share (not returned by expiry or cancellation) */
  used: Scalars['Int']['output'];
};

/** Where a QR-code join application (扫码入会) is in review by staff of the org */
export type ApplicationStatus =
  /** Approved: the applicant is now a member */
  | 'APPROVED'
  /** Waiting for staff of the org to approve or reject it */
  | 'PENDING'
  /** Rejected, with a reason */
  | 'REJECTED';

/** An education aid (金秋助学) application for one child of a member; one award per child per year */
export type ApplyForEducationAidInput = {
  /** One of the member's recorded children */
  childId: Scalars['ID']['input'];
  /** Staff applying on a member's behalf: the member (in your scope). Members leave it out. */
  memberId?: InputMaybe<Scalars['ID']['input']>;
  /** An open EDUCATION_AID programme covering the member */
  programmeId: Scalars['ID']['input'];
};

/** A care-visit or gift batch (慰问/送清凉) run by a union over its subtree, with a budget every visit spends from. Money in fen. */
export type CareBatch = {
  /** Whole budget of the batch, in fen */
  budgetCents: Scalars['Float']['output'];
  /** Last day visits may be made (Beijing time) */
  endsOn: Scalars['Date']['output'];
  /** The batch's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Display name, 1-100 characters, e.g. 2025 中秋慰问 */
  name: Scalars['String']['output'];
  /** The holiday or season of the batch */
  occasion: CareOccasion;
  /** The union running the batch */
  org: Org;
  /** The programme funding the batch, if any and if you can see it */
  programme?: Maybe<Programme>;
  /** Budget not yet spent, in fen */
  remainingCents: Scalars['Float']['output'];
  /** Visits and spending per union directly under the batch's union (under yours, when the batch is run above you); visits made by that union itself count under it. Only spending in your subtree. */
  spendingByOrg: Array<OrgSpending>;
  /** Spent by every visit of the batch, in fen; never above the budget */
  spentCents: Scalars['Float']['output'];
  /** First day visits may be made (Beijing time) */
  startsOn: Scalars['Date']['output'];
  /** Visits made in your subtree, newest first */
  visits: CareVisitConnection;
};


/** A care-visit or gift batch (慰问/送清凉) run by a union over its subtree, with a budget every visit spends from. Money in fen. */
export type CareBatchVisitsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
};

/** A page of care batches, in org-tree order */
export type CareBatchConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<CareBatchEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a CareBatchConnection page, with its position */
export type CareBatchEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: CareBatch;
};

/** Holiday batches (慰问) and summer cooling (送清凉) */
export type CareOccasion =
  /** Dragon Boat Festival visits (端午慰问) */
  | 'DRAGON_BOAT'
  /** Mid-Autumn Festival visits (中秋慰问) */
  | 'MID_AUTUMN'
  /** National Day visits (国庆慰问) */
  | 'NATIONAL_DAY'
  /** Any other occasion, named in the batch name */
  | 'OTHER'
  /** Spring Festival visits (春节慰问) */
  | 'SPRING_FESTIVAL'
  /** Summer cooling deliveries to outdoor workers (夏送清凉) */
  | 'SUMMER_COOLING';

/** One visit: who was visited, by which union, what was given and what it cost */
export type CareVisit = {
  /** The batch the visit was made in; null if you cannot see it */
  batch?: Maybe<CareBatch>;
  /** Cost in fen */
  costCents: Scalars['Float']['output'];
  /** When the visit was recorded, ISO 8601 UTC */
  createdAt: Scalars['DateTimeISO']['output'];
  /** The visit's id (a ULID) */
  id: Scalars['ID']['output'];
  /** What was given */
  items: Scalars['String']['output'];
  /** Who was visited */
  member: Member;
  /** The union that made the visit */
  org: Org;
  /** Day of the visit, YYYY-MM-DD on the China calendar */
  visitedOn: Scalars['Date']['output'];
};

/** A page of a batch's visits, newest first */
export type CareVisitConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<CareVisitEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a CareVisitConnection page, with its position */
export type CareVisitEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: CareVisit;
};

/** A worker request (诉求/工单), from registration to sign-off */
export type Case = {
  /** While transferred: when the receiver must accept or return it */
  acceptDueAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** What you may do to this case now */
  allowedActions: Array<CaseAction>;
  /** Raised without a name: no member is linked, and only the handling orgs see it */
  anonymous: Scalars['Boolean']['output'];
  /** Where the request came in */
  channel: CaseChannel;
  /** How it was closed; null until CLOSED */
  closeReason?: Maybe<CloseReason>;
  /** When it was closed (销账), rated or by timeout; null until then */
  closedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Why it was declined (不予受理); null unless DECLINED */
  declineReason?: Maybe<DeclineReason>;
  /** The worker's request in their own words, 5-2000 characters */
  description: Scalars['String']['output'];
  /** Resolution deadline; time waiting on the worker is added when the clock resumes */
  dueAt: Scalars['DateTimeISO']['output'];
  /** The org a missed deadline escalated it to */
  escalatedTo?: Maybe<Org>;
  /** The ledger, oldest first */
  events: Array<CaseEvent>;
  /** Who handles it now */
  handlingOrg: Org;
  /** The case's id (a ULID); use number when talking to people */
  id: Scalars['ID']['output'];
  /** What the request is about; with urgency it sets the deadline */
  kind: CaseKind;
  /** Null for anonymous cases */
  member?: Maybe<Member>;
  /** Human-readable and stable: <org code>-<year>-<sequence> */
  number: Scalars['String']['output'];
  /** Resolved by the deadline; null until resolved */
  onTime?: Maybe<Scalars['Boolean']['output']>;
  /** Open, clock running and past the deadline */
  overdue: Scalars['Boolean']['output'];
  /** Where you may pass this case up to (上报): the unions above the handling org, nearest first; empty unless you may pass it up now */
  passUpTargets: Array<Org>;
  /** The service project handling this case; null when none, or when the project is run above your scope */
  project?: Maybe<Project>;
  /** When the case was registered (挂号), ISO 8601 UTC */
  raisedAt: Scalars['DateTimeISO']['output'];
  /** Where the case was raised */
  raisedOrg: Org;
  /** The worker's latest satisfaction rating; null until rated */
  rating?: Maybe<Rating>;
  /** What the worker said with the rating, if anything */
  ratingComment?: Maybe<Scalars['String']['output']>;
  /** Its referrals to outside agencies, oldest first */
  referrals: Array<CaseReferral>;
  /** How many times an unsatisfied rating reopened the case */
  reopenCount: Scalars['Int']['output'];
  /** What was done, recorded on resolving (办结); null until resolved */
  resolution?: Maybe<Scalars['String']['output']>;
  /** When the resolution was recorded; null until resolved (cleared again if an unsatisfied rating reopens it) */
  resolvedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The department or person named on acceptance */
  responsible?: Maybe<Scalars['String']['output']>;
  /** When it was signed off (签单); null until then */
  signedOffAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Where the case is in its lifecycle */
  state: CaseState;
  /** 督办: a deadline was missed, the worker was unsatisfied, or a higher level stepped in */
  supervised: Scalars['Boolean']['output'];
  /** How soon it must be handled; with kind it sets the deadline */
  urgency: Urgency;
  /** Increases with every change; a stale copy cannot overwrite a newer one */
  version: Scalars['Int']['output'];
};

/** A ledger entry's kind of change */
export type CaseAction =
  /** The handling org accepted it and named who is responsible (接单) */
  | 'ACCEPT'
  /** The outside agency's answer was recorded */
  | 'AGENCY_ANSWERED'
  /** Put on hold waiting for the worker; the deadline clock pauses */
  | 'AWAIT_WORKER'
  /** Staff called the worker back and recorded their satisfaction, for a worker without an account (回访) */
  | 'CALLBACK'
  /** Closed by the sweep because the worker gave no rating in time (销账) */
  | 'CLOSE_TIMEOUT'
  /** Declined, with a reason (不予受理) */
  | 'DECLINE'
  /** The sweep escalated it (督办): a missed deadline supervises it at the handler's parent org, an unaccepted transfer goes to the receiver's parent; the original clock is kept */
  | 'ESCALATE'
  /** Taken into a service project with cases of the same purpose (统一帮办) */
  | 'JOIN_PROJECT'
  /** Passed up to a higher-level union, with the reason it is beyond the handler (上报) */
  | 'PASS_UP'
  /** A progress note was recorded */
  | 'PROGRESS'
  /** The case was registered (挂号) */
  | 'RAISE'
  /** The worker rated the outcome (满意 / 基本满意 / 不满意) */
  | 'RATE'
  /** Referred to an outside agency (a legal-aid centre, a labour inspection bureau) with its deadline; the case stays the union's (转办外部机构) */
  | 'REFER_OUT'
  /** A resolution was recorded (办结) */
  | 'RESOLVE'
  /** The receiving org returned a transfer, with a reason (退回) */
  | 'RETURN'
  /** Signed off (签单) */
  | 'SIGN_OFF'
  /** A higher-level org put the case under supervision (督办) */
  | 'SUPERVISE'
  /** Sent down to a lower org to handle (转办) */
  | 'TRANSFER'
  /** The worker answered; the clock resumes with the wait added to the deadline */
  | 'WORKER_RESPONDED';

/** Where the request came in */
export type CaseChannel =
  /** Raised in person on a union chair's visit day (工会主席陪伴日) */
  | 'CHAIR_VISIT_DAY'
  /** The 12351 trade-union hotline (12351 职工服务热线) */
  | 'HOTLINE_12351'
  /** An interview campaign, at an interview point or by questionnaire (大访谈) */
  | 'INTERVIEW_CAMPAIGN'
  /** Any other channel */
  | 'OTHER'
  /** A suggestion book kept at a union or workplace (意见簿) */
  | 'SUGGESTION_BOOK'
  /** The union's website */
  | 'WEBSITE'
  /** A WeChat group or the menu-style WeChat ordering (微信点单) */
  | 'WECHAT'
  /** The wish wall at a union post (心愿墙) */
  | 'WISH_WALL';

/** A page of cases, newest first */
export type CaseConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<CaseEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a CaseConnection page, with its position */
export type CaseEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Case;
};

/** One entry of the append-only, hash-chained case ledger (问题台账) */
export type CaseEvent = {
  /** What happened */
  action: CaseAction;
  /** The org the actor acted for, as an Org (null for members, the sweep, and orgs outside your scope) */
  actorOrg?: Maybe<Org>;
  /** The org the actor acted for; null for members and the system sweep */
  actorOrgId?: Maybe<Scalars['ID']['output']>;
  /** Role of whoever made the change (member, staff, admin, system) */
  actorRole: Scalars['String']['output'];
  /** When it happened, ISO 8601 UTC */
  at: Scalars['DateTimeISO']['output'];
  /** Structured detail as JSON: target org, reason code, rating… */
  detail?: Maybe<Scalars['String']['output']>;
  /** State before the change; null for RAISE */
  fromState?: Maybe<CaseState>;
  /** SHA-256 (hex) over the previous event's hash and this event's fields; verifyLedger checks the chain */
  hash: Scalars['String']['output'];
  /** Free text recorded with the change, as given (1-2000 characters) */
  note?: Maybe<Scalars['String']['output']>;
  /** 1-based position in the case's ledger; consecutive, never reused */
  seq: Scalars['Int']['output'];
  /** State after the change (the same as fromState for e.g. SUPERVISE or ESCALATE) */
  toState: CaseState;
};

/** Case figures of an org subtree for a period of China calendar months (UTC+8). A case counts when it was RAISED at the org or anywhere under it, in a month of the period (by raisedAt), whoever handles it now; every count is of the state it is in now. Rates are between 0 and 1, and null when their denominator is 0. */
export type CaseFigures = {
  /** Every state in lifecycle order, zeros included; the counts add up to total */
  byState: Array<CaseStateCount>;
  /** 结单率: (CLOSED + DECLINED) / total */
  closureRate?: Maybe<Scalars['Float']['output']>;
  /** Declined (不予受理) */
  declined: Scalars['Int']['output'];
  /** First month counted, YYYY-MM (China time) */
  from: Scalars['String']['output'];
  /** The only kind counted; null: every kind */
  kind?: Maybe<CaseKind>;
  /** 按时办结率: resolved by the (pause-adjusted) deadline / resolved. A case reopened by an unsatisfied rating counts again only once resolved again */
  onTimeRate?: Maybe<Scalars['Float']['output']>;
  /** The org whose subtree was counted */
  orgId: Scalars['ID']['output'];
  /** Overdue now: in a state where the deadline clock runs (REGISTERED, TRANSFERRED, ACCEPTED, IN_PROGRESS) and past the deadline. Waiting on the worker is not overdue */
  overdue: Scalars['Int']['output'];
  /** Cases carrying a rating now: the latest rating of each case, including an unsatisfied one that reopened it */
  rated: Scalars['Int']['output'];
  /** 解决率: resolved / (total - declined) */
  resolutionRate?: Maybe<Scalars['Float']['output']>;
  /** Resolved (办结): RESOLVED + SIGNED_OFF + CLOSED */
  resolved: Scalars['Int']['output'];
  /** 满意率: (SATISFIED + BASICALLY_SATISFIED) / rated */
  satisfactionRate?: Maybe<Scalars['Float']['output']>;
  /** Cases marked supervised (督办) by a missed deadline, an unsatisfied rating or a higher level; the mark stays once resolved */
  supervised: Scalars['Int']['output'];
  /** Last month counted, YYYY-MM (China time), inclusive */
  to: Scalars['String']['output'];
  /** Up to five kinds with the most cases, most first; equal counts in kind name order; kinds with no case left out */
  topKinds: Array<CaseKindCount>;
  /** Cases raised under the org in the period */
  total: Scalars['Int']['output'];
};

/** Which cases to list; every filter narrows the result, and none widens it beyond your scope */
export type CaseFilter = {
  /** Only cases that came in through this channel (e.g. CHAIR_VISIT_DAY for a chair visit day) */
  channel?: InputMaybe<CaseChannel>;
  /** Only cases handled at the org itself (orgId, default your own), leaving out those of lower orgs that it can only supervise */
  handledHere?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only cases of this kind */
  kind?: InputMaybe<CaseKind>;
  /** Only cases waiting on the org (orgId, default your own): handled or escalated there and to be accepted, progressed, resolved or signed off; and resolved cases below it whose kind needs a higher level to sign off */
  needsMyAction?: InputMaybe<Scalars['Boolean']['input']>;
  /** Cases raised or handled under this org (default: your own org, or the whole tree for admins) */
  orgId?: InputMaybe<Scalars['ID']['input']>;
  /** Only open cases past their deadline (true), or only those not (false) */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only cases in this state */
  state?: InputMaybe<CaseState>;
  /** Only cases under supervision (督办) (true), or only those not (false) */
  supervised?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only cases of this urgency */
  urgency?: InputMaybe<Urgency>;
};

/** What a worker request is about (the ten kinds the seeds name); with urgency it sets the deadline, and some kinds need a higher level to sign off */
export type CaseKind =
  /** About a care post or union post where outdoor workers rest (爱心驿站) */
  | 'CARE_POST'
  /** Wages, hours or conditions to negotiate with the employer (集体协商); longer default deadline, needs a higher level to sign off */
  | 'COLLECTIVE_BARGAINING'
  /** A request for help with a child's schooling (金秋助学); has a longer default deadline */
  | 'EDUCATION_AID'
  /** Setting up or strengthening a grassroots union (基层建设); has a longer default deadline */
  | 'GRASSROOTS_BUILDING'
  /** A request for hardship help for a worker or family in difficulty (困难帮扶); needs a higher level to sign off */
  | 'HARDSHIP_AID'
  /** A request for legal help, e.g. unpaid wages or a labour dispute (法律援助); needs a higher level to sign off */
  | 'LEGAL_AID'
  /** A small, concrete request, often from a wish wall (微心愿) */
  | 'MICRO_WISH'
  /** Anything the other kinds do not cover (其他) */
  | 'OTHER'
  /** A short suggestion for the union or the employer (微建言) */
  | 'SUGGESTION'
  /** An urgent need or grievance (急难愁盼 / 诉求); needs a higher level to sign off */
  | 'URGENT_NEED';

/** How many of the counted cases are of one kind */
export type CaseKindCount = {
  /** Counted cases of that kind */
  count: Scalars['Int']['output'];
  /** The kind */
  kind: CaseKind;
};

/** A referral of the case to an outside agency (转办外部机构): a legal-aid centre, a labour inspection bureau… */
export type CaseReferral = {
  /** The agency it was referred to */
  agency: Scalars['String']['output'];
  /** What the agency answered; null while it has not */
  answer?: Maybe<Scalars['String']['output']>;
  /** When the answer was recorded */
  answeredAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The China day by which the agency should answer (YYYY-MM-DD) */
  dueOn: Scalars['String']['output'];
  /** The referral's id (a ULID) */
  id: Scalars['ID']['output'];
  /** When it was referred */
  referredAt: Scalars['DateTimeISO']['output'];
};

/** Where a case is in its lifecycle: registered → (transferred →) accepted → in progress → resolved → signed off → closed, or declined */
export type CaseState =
  /** Accepted by the handling org, with a responsible department or person named (接单) */
  | 'ACCEPTED'
  /** Rated satisfied or basically satisfied, or left unrated past the timeout (销账); final */
  | 'CLOSED'
  /** Not accepted, with a decline reason (不予受理); final */
  | 'DECLINED'
  /** Being worked on; progress notes are in the ledger (办理中) */
  | 'IN_PROGRESS'
  /** Recorded at an org, waiting to be accepted, transferred or declined (挂号/登记) */
  | 'REGISTERED'
  /** A resolution is recorded, waiting to be signed off (办结) */
  | 'RESOLVED'
  /** Signed off by the handling org or, for some kinds, a higher level; waiting for the worker's rating (签单) */
  | 'SIGNED_OFF'
  /** Sent down to a street or enterprise union, which must accept or return it by acceptDueAt (转办) */
  | 'TRANSFERRED'
  /** Waiting on the worker for information; the deadline clock is paused (待职工补充) */
  | 'WAITING_ON_WORKER';

/** How many of the counted cases are in one state now */
export type CaseStateCount = {
  /** Counted cases in that state now */
  count: Scalars['Int']['output'];
  /** The state */
  state: CaseState;
};

/** Quota and budget carved into one child union's subtree, against what was issued and spent there. Money in fen. */
export type ChildAllocationFigure = {
  /** Budget carved into this child's subtree, in fen (1/100 yuan) */
  allocatedBudgetCents: Scalars['Float']['output'];
  /** Units carved into this child's subtree from shares above it */
  allocatedQuota: Scalars['Int']['output'];
  /** The child union */
  org: Org;
  /** The child union (directly under the counted union) */
  orgId: Scalars['ID']['output'];
  /** Units carved in and not yet issued */
  remaining: Scalars['Int']['output'];
  /** Spent against the shares in this child's subtree, in fen */
  spentCents: Scalars['Float']['output'];
  /** Units issued against the shares in this child's subtree (returned units not counted) */
  used: Scalars['Int']['output'];
};

/** A member's child, recorded for education aid */
export type ChildInput = {
  /** Birth date, YYYY-MM-DD */
  birthDate: Scalars['Date']['input'];
  /** The child's gender */
  gender: Gender;
  /** Full name, 1-50 characters */
  name: Scalars['String']['input'];
  /** Current stage of schooling */
  schoolStage: SchoolStage;
};

/** How a case came to be closed */
export type CloseReason =
  /** Staff recorded the worker's satisfaction on a callback (回访): the worker has no account to rate it */
  | 'CALLBACK'
  /** The worker rated it satisfied or basically satisfied */
  | 'RATED'
  /** No rating arrived within the rating timeout (CASE_RATING_TIMEOUT_DAYS, default 7 days) after sign-off */
  | 'TIMEOUT';

/** A new care-visit batch, run by a union in your scope. Money in fen. */
export type CreateCareBatchInput = {
  /** Budget in fen (a whole number) */
  budgetCents: Scalars['Float']['input'];
  /** YYYY-MM-DD, on or after startsOn */
  endsOn: Scalars['String']['input'];
  /** 1-100 characters, e.g. 2030年端午慰问 */
  name: Scalars['String']['input'];
  /** The holiday or season of the batch */
  occasion: CareOccasion;
  /** The union running the batch; unions under it record visits in it */
  orgId: Scalars['ID']['input'];
  /** A CARE_VISIT or GIFT_BATCH programme the money comes from: the whole budget is taken from the share of it allocated to the batch's union */
  programmeId?: InputMaybe<Scalars['ID']['input']>;
  /** YYYY-MM-DD, Beijing time */
  startsOn: Scalars['String']['input'];
};

/** A new programme, owned by a union in your scope; it starts as DRAFT. Money in fen. */
export type CreateProgrammeInput = {
  /** Amount per award in fen (education aid) */
  amountCents?: InputMaybe<Scalars['Float']['input']>;
  /** Budget in fen; leave out for no budget */
  budgetCents?: InputMaybe<Scalars['Float']['input']>;
  /** YYYY-MM-DD, on or after startsOn */
  endsOn: Scalars['String']['input'];
  /** What the programme gives; EDUCATION_AID, MODEL_WORKER_AID and CARE_VISIT are sensitive */
  kind: ProgrammeKind;
  /** 1-100 characters */
  name: Scalars['String']['input'];
  /** The owning union; the programme covers its subtree */
  orgId: Scalars['ID']['input'];
  /** Units in all; leave out for no quota */
  quota?: InputMaybe<Scalars['Int']['input']>;
  /** Eligibility rules, a JSON object (not a string), e.g. {"requires": [{"type": "membership", "status": ["ACTIVE"]}, {"type": "perMemberLimit", "count": 1, "period": "MONTH"}]}. Grammar: the JSON Schema services/benefits/src/rules/rules.schema.json; every rule type with an example: docs/rules.md; becomes version 1 */
  rules: Scalars['JSONObject']['input'];
  /** YYYY-MM-DD, Beijing time */
  startsOn: Scalars['String']['input'];
  /** Days a voucher stays valid after issue (voucher programmes) */
  voucherValidDays?: InputMaybe<Scalars['Int']['input']>;
};

/** A new service project at an org in your scope, with the cases it takes over */
export type CreateProjectInput = {
  /** 1-500 registered, accepted or in-progress cases not in another project */
  caseIds: Array<Scalars['ID']['input']>;
  /** The org running the project; every case must be handled at it or under it */
  orgId: Scalars['ID']['input'];
  /** 1-500 characters */
  purpose: Scalars['String']['input'];
  /** 1-100 characters, e.g. 暑期托管班 */
  title: Scalars['String']['input'];
};

/** A new survey, run by an org in your scope */
export type CreateSurveyInput = {
  /** YYYY-MM-DD, on or after opensOn and not in the past */
  closesOn: Scalars['String']['input'];
  /** YYYY-MM-DD, Beijing time */
  opensOn: Scalars['String']['input'];
  /** The union running the survey; answers are taken from unions under it */
  orgId: Scalars['ID']['input'];
  /** 1-30 questions, asked in this order */
  questions: Array<SurveyQuestionInput>;
  /** 1-100 characters */
  title: Scalars['String']['input'];
};

/** The deadline (办理时限) that applies to one kind and urgency at an org */
export type DeadlineRule = {
  /** Hours a receiving org has to accept or return a transfer */
  acceptHours: Scalars['Int']['output'];
  /** The case kind the rule is for */
  kind: CaseKind;
  /** Hours to resolve, not counting time waiting on the worker */
  resolveHours: Scalars['Int']['output'];
  /** The org whose rule applies; null for the built-in default */
  setAtOrgId?: Maybe<Scalars['ID']['output']>;
  /** The urgency the rule is for */
  urgency: Urgency;
};

/** Why a case was declined (不予受理) */
export type DeclineReason =
  /** The same request is already recorded */
  | 'DUPLICATE'
  /** Another reason, given in the note */
  | 'OTHER'
  /** Not something a trade union can handle */
  | 'OUTSIDE_UNION_REMIT'
  /** The request is unlawful or unreasonable */
  | 'UNLAWFUL_OR_UNREASONABLE'
  /** The worker withdrew the request */
  | 'WITHDRAWN_BY_WORKER';

/** A programme your venue serves, as the desk sees it: its name and period, nothing about who uses it */
export type DeskProgramme = {
  /** Last day of the programme (Beijing time) */
  endsOn: Scalars['String']['output'];
  /** The programme's id: pass it to checkEligibility */
  id: Scalars['ID']['output'];
  /** Display name, e.g. 2025 暑期免费观影 */
  name: Scalars['String']['output'];
  /** True while the programme is running (ACTIVE); vouchers of a programme not open cannot be claimed */
  open: Scalars['Boolean']['output'];
  /** First day of the programme (Beijing time) */
  startsOn: Scalars['String']['output'];
};

/** An explained eligibility decision. It names the rule version it was made under; member facts themselves are never returned. */
export type EligibilityAnswer = {
  /** The child the answer is about, for per-child programmes */
  childId?: Maybe<Scalars['ID']['output']>;
  /** The first day (Beijing time) the member becomes eligible by waiting; null when waiting does not help, or when eligible now */
  nextEligibleOn?: Maybe<Scalars['Date']['output']>;
  /** The programme the answer is about */
  programmeId: Scalars['ID']['output'];
  /** Every reason that applies, not only the first; empty when eligible */
  reasons: Array<EligibilityReason>;
  /** The version of the programme's rules this answer was given under */
  ruleVersion: Scalars['Int']['output'];
  /** ELIGIBLE, INELIGIBLE or NEEDS_INFO */
  status: EligibilityStatus;
};

/** One thing standing in the way */
export type EligibilityReason = {
  /** Stable code for the reason; switch on this, not on the message */
  code: ReasonCode;
  /** What it means and, where something can be done, what to do */
  message: Scalars['String']['output'];
};

/** ELIGIBLE; INELIGIBLE (see reasons); NEEDS_INFO (something must be said or recorded first, e.g. which child) */
export type EligibilityStatus =
  /** The member may claim or apply now */
  | 'ELIGIBLE'
  /** Something stands in the way; reasons says what, nextEligibleOn when waiting helps */
  | 'INELIGIBLE'
  /** Nothing rules the member out, but something must be said or recorded first (e.g. which child) */
  | 'NEEDS_INFO';

/** Regular employment or a new-employment-form (gig) type */
export type EmploymentType =
  /** Parcel courier (快递员), a new-employment-form worker */
  | 'COURIER'
  /** Food-delivery rider (外卖员), a new-employment-form worker (新就业形态劳动者) */
  | 'DELIVERY_RIDER'
  /** Live-streamer (主播), a new-employment-form worker */
  | 'LIVE_STREAMER'
  /** A regular employee of an employer */
  | 'REGULAR'
  /** Ride-hailing driver (网约车司机), a new-employment-form worker */
  | 'RIDE_HAILING_DRIVER';

/** A worker enrolled by union staff; the member is ACTIVE at once */
export type EnrolMemberInput = {
  /** Children to record for education aid, at most 10 (default none) */
  children?: Array<ChildInput>;
  /** Regular employment or a new-employment-form (gig) type */
  employmentType: EmploymentType;
  /** As on the national ID card */
  gender: Gender;
  /** 18-character national ID number; the birth date is taken from it */
  idNumber: Scalars['String']['input'];
  /** Whether the worker is a model worker (劳模); default false */
  modelWorker?: Scalars['Boolean']['input'];
  /** Full name, 1-50 characters */
  name: Scalars['String']['input'];
  /** The org the member joins; must be in your scope */
  orgId: Scalars['ID']['input'];
  /** Mainland mobile number, 11 digits */
  phone: Scalars['String']['input'];
};

/** Gender as recorded on the national ID card */
export type Gender =
  /** Female (女) */
  | 'FEMALE'
  /** Male (男) */
  | 'MALE';

/** A step in a hardship file's history */
export type HardshipAction =
  /** The tier changed */
  | 'CHANGE_TIER'
  /** The worker left hardship (解困), with the reason */
  | 'EXIT'
  /** A temporary file became a regular one */
  | 'MAKE_REGULAR'
  /** The file was opened (建档), with the reason and the evidence seen */
  | 'OPEN'
  /** The worker returned into hardship; the file is open again */
  | 'RETURN'
  /** The yearly review was done; the next one is due a year later */
  | 'REVIEW';

/** A step in a hardship file's history, oldest first */
export type HardshipEvent = {
  /** What happened */
  action: HardshipAction;
  /** The org of the staff member who recorded it */
  actorOrgId?: Maybe<Scalars['ID']['output']>;
  /** When it was recorded */
  at: Scalars['DateTimeISO']['output'];
  /** The reason, the review's findings or the evidence seen */
  note: Scalars['String']['output'];
  /** The tier after this step */
  tier: HardshipTier;
};

/** 困难职工档案: a member's hardship file. Only staff of the member's union and above see it; never partners */
export type HardshipFile = {
  /** What evidence was seen when it was opened */
  evidence: Scalars['String']['output'];
  /** When the worker left hardship (解困); null while in it */
  exitedOn?: Maybe<Scalars['Date']['output']>;
  /** The file's history, oldest first */
  history: Array<HardshipEvent>;
  /** The file's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Regular, or temporary hardship */
  kind: HardshipFileKind;
  /** The member the file is about */
  memberId: Scalars['ID']['output'];
  /** When the next yearly review is due */
  nextReviewOn: Scalars['Date']['output'];
  /** When the file was opened (建档) */
  openedOn: Scalars['Date']['output'];
  /** Why it was opened */
  reason: Scalars['String']['output'];
  /** The last review */
  reviewedOn: Scalars['Date']['output'];
  /** In hardship now, or out of it (解困) */
  state: HardshipFileState;
  /** The current tier (the last one, after 解困) */
  tier: HardshipTier;
  /** Pass it back on a change: a change made since is refused with CONFLICT, not overwritten */
  version: Scalars['Int']['output'];
};

/** A page of hardship files, the soonest review first */
export type HardshipFileConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<HardshipFileEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a HardshipFileConnection page, with its position */
export type HardshipFileEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: HardshipFile;
};

/** Regular hardship file, or a temporary one (临时困难) that may become regular */
export type HardshipFileKind =
  /** A regular hardship file (困难职工档案) */
  | 'REGULAR'
  /** Temporary hardship (临时困难), e.g. after an accident or illness */
  | 'TEMPORARY';

/** Whether the worker is in the hardship register now */
export type HardshipFileState =
  /** Out of hardship (解困); the history is kept */
  | 'EXITED'
  /** In the register */
  | 'OPEN';

/** Hardship worker tier (困难职工); reviewed yearly */
export type HardshipTier =
  /** Hardship caused by an accident or sudden event (意外致困职工) */
  | 'ACCIDENT'
  /** Deep hardship (深度困难职工) */
  | 'DEEP'
  /** General hardship (一般困难职工) */
  | 'GENERAL';

/** A newly issued API key. Store `key` now: it is never shown again. The partner sends it as the X-Api-Key header */
export type IssuedPartnerKey = {
  /** The key's id; revoke it with revokePartnerKey */
  id: Scalars['ID']['output'];
  /** lx_<prefix>_<secret> */
  key: Scalars['String']['output'];
  /** The partner the key acts for */
  partnerId: Scalars['ID']['output'];
  /** The key's public part (the 8 characters after lx_), kept in the clear to tell keys apart */
  prefix: Scalars['String']['output'];
};

/** A QR-code join waiting for, or past, review by staff of the org. ID number and phone are always masked here. */
export type JoinApplication = {
  /** As given, YYYY-MM-DD */
  birthDate: Scalars['Date']['output'];
  /** When the applicant scanned and applied, ISO 8601 UTC */
  createdAt: Scalars['DateTimeISO']['output'];
  /** As given: regular employment or a gig type */
  employmentType: EmploymentType;
  /** As given by the applicant */
  gender: Gender;
  /** The application's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Masked (110101********1234); the full number is visible on the member once approved */
  idNumber: Scalars['String']['output'];
  /** The member created on approval; null before, or when not visible to you */
  member?: Maybe<Member>;
  /** The applicant's name as given */
  name: Scalars['String']['output'];
  /** The union applied to */
  org?: Maybe<Org>;
  /** Masked (138****5678) */
  phone: Scalars['String']['output'];
  /** Why staff rejected it; null unless REJECTED */
  rejectReason?: Maybe<Scalars['String']['output']>;
  /** When staff approved or rejected it; null while PENDING */
  reviewedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The staff account that approved or rejected it */
  reviewedBy?: Maybe<Scalars['String']['output']>;
  /** PENDING, APPROVED or REJECTED */
  status: ApplicationStatus;
};

/** A page of join applications, in org-tree order */
export type JoinApplicationConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<JoinApplicationEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a JoinApplicationConnection page, with its position */
export type JoinApplicationEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: JoinApplication;
};

/** A QR-code join: the code under the QR poster plus the applicant's details */
export type JoinApplicationInput = {
  /** Regular employment or a new-employment-form (gig) type */
  employmentType: EmploymentType;
  /** As on the national ID card */
  gender: Gender;
  /** 18-character national ID number; the birth date is taken from it */
  idNumber: Scalars['String']['input'];
  /** The join code printed under the org's QR code */
  joinCode: Scalars['String']['input'];
  /** Full name, 1-50 characters */
  name: Scalars['String']['input'];
  /** Mainland mobile number, 11 digits */
  phone: Scalars['String']['input'];
};

/** What an applicant gets back: enough to follow up, nothing about anyone else */
export type JoinApplicationReceipt = {
  /** The application's id; quote it when following up */
  applicationId: Scalars['ID']['output'];
  /** The union the application went to */
  orgName: Scalars['String']['output'];
  /** PENDING until staff of the org review it */
  status: ApplicationStatus;
};

/** Joins in one day, ISO week or month */
export type JoinBucket = {
  /** Members who joined in the bucket, however they joined */
  count: Scalars['Int']['output'];
  /** Of count: new-employment-form (gig) workers */
  gigCount: Scalars['Int']['output'];
  /** Of count: joined by scanning a QR code */
  qrCount: Scalars['Int']['output'];
  /** The day, the Monday of the week, or the first of the month */
  start: Scalars['Date']['output'];
};

/** How a member joined */
export type JoinChannel =
  /** Enrolled by union staff */
  | 'ENROLLED'
  /** Scanned the org's join QR code (扫码入会) and was approved by its staff */
  | 'QR_CODE';

/** The bucket size of join figures, on the China calendar (as in 日过百、周过千、月达万) */
export type JoinGranularity =
  /** One bucket per day */
  | 'DAY'
  /** One bucket per calendar month */
  | 'MONTH'
  /** One bucket per ISO week, Monday to Sunday */
  | 'WEEK';

/** The QR join landing: just enough to show the applicant where they are joining */
export type JoinTarget = {
  /** Its level in the hierarchy */
  level: OrgLevel;
  /** Name of the union the QR code joins */
  orgName: Scalars['String']['output'];
};

/** Where a case's ledger hash chain first fails to verify */
export type LedgerBreak = {
  /** The case whose ledger is broken */
  caseId: Scalars['ID']['output'];
  /** Its human-readable number; null if the case row itself is gone */
  caseNumber?: Maybe<Scalars['String']['output']>;
  /** What is wrong, as a sentence: an event is missing, does not link to the one before, was edited, or the chain does not end where the case row says */
  problem: Scalars['String']['output'];
  /** The first event (by seq) that does not verify, or where an event is missing */
  seq: Scalars['Int']['output'];
};

/** The result of re-checking the hash chain */
export type LedgerVerification = {
  /** Cases whose ledgers were checked */
  casesChecked: Scalars['Int']['output'];
  /** Ledger events checked, all cases together */
  eventsChecked: Scalars['Int']['output'];
  /** The first broken link, if any */
  firstBreak?: Maybe<LedgerBreak>;
  /** True when every checked chain verifies from the first event to the head kept on the case */
  ok: Scalars['Boolean']['output'];
};

/** A union member. ID number and phone are masked unless you may see them in full. */
export type Member = {
  /** Birth date, YYYY-MM-DD, as encoded in the ID number */
  birthDate: Scalars['Date']['output'];
  /** The member's own (named) cases you can see, newest first */
  cases?: Maybe<CaseConnection>;
  /** Children recorded for education aid */
  children: Array<MemberChild>;
  /** Whether this member may take part in a programme, and why not. Null unless you are the member, staff of a union over them, or admin. */
  eligibility?: Maybe<EligibilityAnswer>;
  /** Regular employment or a new-employment-form (gig) type */
  employmentType: EmploymentType;
  /** As on the national ID card */
  gender: Gender;
  /** Staff and admins: the member's hardship file (困难职工档案); null when there is none, and for everyone else */
  hardshipFile?: Maybe<HardshipFile>;
  /** Date of the last yearly hardship review */
  hardshipReviewedOn?: Maybe<Scalars['Date']['output']>;
  /** Hardship worker tier (困难职工) from the hardship register (hardshipFile); null when not in hardship */
  hardshipTier?: Maybe<HardshipTier>;
  /** The member's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Masked (110101********1234) unless reveal is true and you may see it; full reads are audited */
  idNumber: Scalars['String']['output'];
  /** Enrolled by staff or joined by QR code */
  joinChannel: JoinChannel;
  /** Day the membership began, YYYY-MM-DD (China calendar) */
  joinedOn: Scalars['Date']['output'];
  /** Model worker (劳模) */
  modelWorker: Scalars['Boolean']['output'];
  /** Full name as on the national ID card */
  name: Scalars['String']['output'];
  /** The member's enterprise union */
  org?: Maybe<Org>;
  /** Masked (138****5678) unless reveal is true and you may see it; full reads are audited */
  phone: Scalars['String']['output'];
  /** The member's own QR (lianxin://m/<id>.<signature>) to show at a partner desk for an eligibility check. Only the member themself gets it; null for anyone else */
  qrPayload?: Maybe<Scalars['String']['output']>;
  /** ACTIVE, RETAINED (保留会籍), TRANSFERRING or LEFT */
  status: MembershipStatus;
  /** Every status change, oldest first, including those recorded under earlier orgs */
  statusHistory: Array<MemberStatusEvent>;
  /** Why the membership is retained or ended */
  statusReason?: Maybe<Scalars['String']['output']>;
  /** Every transfer of this member, oldest first */
  transfers: Array<Transfer>;
  /** Changes with every update; pass it back as expectedVersion */
  version: Scalars['Int']['output'];
  /** The member's vouchers, newest first: for the member themself and union staff of their subtree; empty for anyone else */
  vouchers?: Maybe<VoucherConnection>;
};


/** A union member. ID number and phone are masked unless you may see them in full. */
export type MemberCasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  state?: InputMaybe<CaseState>;
};


/** A union member. ID number and phone are masked unless you may see them in full. */
export type MemberEligibilityArgs = {
  childId?: InputMaybe<Scalars['ID']['input']>;
  programmeId: Scalars['ID']['input'];
};


/** A union member. ID number and phone are masked unless you may see them in full. */
export type MemberIdNumberArgs = {
  reveal?: Scalars['Boolean']['input'];
};


/** A union member. ID number and phone are masked unless you may see them in full. */
export type MemberPhoneArgs = {
  reveal?: Scalars['Boolean']['input'];
};


/** A union member. ID number and phone are masked unless you may see them in full. */
export type MemberVouchersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  state?: InputMaybe<VoucherState>;
};

/** A member's child, for education aid */
export type MemberChild = {
  /** Birth date, YYYY-MM-DD; eligibility rules check the age from it */
  birthDate: Scalars['Date']['output'];
  /** The child's gender */
  gender: Gender;
  /** The child's id; education aid applications and eligibility name it as childId */
  id: Scalars['ID']['output'];
  /** The child's full name */
  name: Scalars['String']['output'];
  /** Current stage of schooling; eligibility rules may require one */
  schoolStage: SchoolStage;
};

/** A page of members, in org-tree order */
export type MemberConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<MemberEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a MemberConnection page, with its position */
export type MemberEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Member;
};

/** Internal: the facts the benefits subgraph decides eligibility on. Never exposed to clients */
export type MemberFacts = {
  /** Recorded children, for per-child rules */
  children: Array<MemberChild>;
  /** Employment type */
  employmentType: EmploymentType;
  /** Hardship tier (困难职工); null when not a hardship worker */
  hardshipTier?: Maybe<HardshipTier>;
  /** The member's id */
  id: Scalars['ID']['output'];
  /** Model worker (劳模) flag */
  modelWorker: Scalars['Boolean']['output'];
  /** The name, for a masked display (王*国); never shown in full to partners */
  name: Scalars['String']['output'];
  /** The member's org */
  orgId: Scalars['ID']['output'];
  /** The materialised path of the member's org */
  orgPath: Scalars['String']['output'];
  /** Membership status */
  status: MembershipStatus;
};

/** Which members to list; every filter narrows the result within your scope */
export type MemberFilter = {
  /** Only members of this employment type, e.g. DELIVERY_RIDER */
  employmentType?: InputMaybe<EmploymentType>;
  /** The full 18-character ID number, exactly (the card in hand at the counter). Matched through a keyed hash; the answer stays masked unless you hold pii:read and ask to reveal */
  idNumber?: InputMaybe<Scalars['String']['input']>;
  /** Start of the name */
  namePrefix?: InputMaybe<Scalars['String']['input']>;
  /** Only members under this org (default: your whole scope) */
  orgId?: InputMaybe<Scalars['ID']['input']>;
  /** The full 11-digit mobile number, exactly. Matched through a keyed hash; the answer stays masked as for every list */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** Only members in this status */
  status?: InputMaybe<MembershipStatus>;
};

/** One change of membership status; the history is append-only */
export type MemberStatusEvent = {
  /** The account that made the change; staff and admin only */
  actor?: Maybe<Scalars['String']['output']>;
  /** When the status changed, ISO 8601 UTC */
  at: Scalars['DateTimeISO']['output'];
  /** Null for the event that created the membership */
  fromStatus?: Maybe<MembershipStatus>;
  /** The event's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Why, as staff gave it (e.g. retired, employer closed); null where none was needed */
  reason?: Maybe<Scalars['String']['output']>;
  /** The status after the change */
  toStatus: MembershipStatus;
};

/** Standing of a membership (会籍) */
export type MembershipStatus =
  /** A member in good standing; benefits are for active members unless a programme says otherwise */
  | 'ACTIVE'
  /** No longer a member (退会); needs a reason */
  | 'LEFT'
  /** Membership kept while retired, unemployed or after the employer closed (保留会籍); needs a reason */
  | 'RETAINED'
  /** A transfer to another union is open (会籍接转); set by requestTransfer, cleared when it is accepted or returned */
  | 'TRANSFERRING';

/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type Mutation = {
  /** 接单: the handling org takes the case and names who is responsible */
  acceptCase?: Maybe<Case>;
  /** Receiving side: take the member on; they move into your union */
  acceptTransfer?: Maybe<Transfer>;
  /** Add cases to an open project, by the same rules as creating it */
  addCasesToProject?: Maybe<Project>;
  /** Record a child of a member, for education aid */
  addMemberChild?: Maybe<MemberChild>;
  /** Create or resize the share of a union strictly under the programme's owner, carved from the nearest share above it; give the share's whole quota and budget (fen), not a change. You hand on only from a share held in your scope. Too much for the share above is BAD_USER_INPUT with extensions.max (the most it can be); below what the share already issued or handed on, with extensions.min; extensions.field says which, quota or budgetCents. */
  allocate?: Maybe<Allocation>;
  /** Apply for education aid (金秋助学) for a child: members for themselves, staff on behalf of a member in their scope. Refused with NOT_ELIGIBLE and reason codes, or DUPLICATE when the child already has an open or awarded application this year */
  applyForEducationAid?: Maybe<AidApplication>;
  /** Public: apply to join the union whose QR code was scanned (扫码入会); staff of that union confirm it */
  applyToJoin?: Maybe<JoinApplicationReceipt>;
  /** Confirm a pending application in your scope: creates the member */
  approveJoinApplication?: Maybe<Member>;
  /** Wait on the worker for information; the deadline clock stops until they respond */
  awaitWorker?: Maybe<Case>;
  /** Let the partner serve a programme you can see. Programmes that reveal hardship or aid are refused */
  bindPartnerProgramme?: Maybe<Partner>;
  /** Cancel an issued voucher (yours, or one in your subtree): its unit goes back to the quota and the per-member limit slot is freed */
  cancelVoucher?: Maybe<Voucher>;
  /** Change the tier between reviews, with the reason */
  changeHardshipTier?: Maybe<HardshipFile>;
  /** Set a membership ACTIVE, RETAINED or LEFT (reason required for the last two) */
  changeMemberStatus?: Maybe<Member>;
  /** Enterprise check: staff of the member's enterprise union pass the application to the district (approve) or reject it (note = the reason, required) */
  checkAidApplication?: Maybe<AidApplication>;
  /** Claim a voucher of an open programme for yourself. Refused with NOT_ELIGIBLE (reason codes in extensions.reasons), QUOTA_EXHAUSTED or LIMIT_REACHED */
  claimVoucher?: Maybe<Voucher>;
  /** DRAFT or ACTIVE → CLOSED, for good: nothing more is issued */
  closeProgramme?: Maybe<Programme>;
  /** Start a care-visit or gift batch (慰问/送清凉) run by a union in your scope */
  createCareBatch?: Maybe<CareBatch>;
  /** Start a programme (DRAFT) owned by a union in your scope, with rules version 1 and the root share of its quota and budget */
  createProgramme?: Maybe<Programme>;
  /** 统一帮办: merge cases with the same purpose into a project run by an org in your scope. One bad case and none joins */
  createProject?: Maybe<Project>;
  /** Start a satisfaction survey (微评议) run by an org in your scope, answered by unions under it */
  createSurvey?: Maybe<Survey>;
  /** 不予受理: decline with a reason code and an explanation for the worker */
  declineCase?: Maybe<Case>;
  /** Enrol a member into an enterprise union in your scope */
  enrolMember?: Maybe<Member>;
  /** 解困: the worker leaves hardship, with the reason; the file and its history stay */
  exitHardship?: Maybe<HardshipFile>;
  /** A new API key for the partner. The key is in this answer only: store it now */
  issuePartnerKey?: Maybe<IssuedPartnerKey>;
  /** Issue a voucher to a member of your subtree, by the same rules as a claim */
  issueVoucher?: Maybe<Voucher>;
  /** A temporary hardship file becomes a regular one */
  makeHardshipFileRegular?: Maybe<HardshipFile>;
  /** The awarded study items were bought and handed over: by staff of the member's enterprise or district union */
  markAidDelivered?: Maybe<AidApplication>;
  /** 建档: open a member's hardship file, with the reason and the evidence seen */
  openHardshipFile?: Maybe<HardshipFile>;
  /** DRAFT → ACTIVE: members can claim and apply from its start date */
  openProgramme?: Maybe<Programme>;
  /** 上报: the handling org passes the case up to a union above it, with the reason it is beyond its reach; it is registered there afresh and its deadline keeps running */
  passUpCase?: Maybe<Case>;
  /** Register a request (挂号). Members raise at their own org; staff at an org in their scope */
  raiseCase?: Maybe<Case>;
  /** The member rates a signed-off case. Unsatisfied reopens it under supervision */
  rateCase?: Maybe<Case>;
  /** Record the outside agency's answer to the open referral */
  recordAgencyAnswer?: Maybe<Case>;
  /** 回访: staff record the satisfaction of a worker without an account, asked by phone. Unsatisfied reopens it under supervision */
  recordCallback?: Maybe<Case>;
  /** Record a visit in a batch and spend its cost from the batch budget; refused with BUDGET_EXCEEDED (nothing recorded) when it does not fit */
  recordCareVisit?: Maybe<CareVisit>;
  /** Add a progress note; an accepted case moves to in progress */
  recordCaseProgress?: Maybe<Case>;
  /** Report progress (0-100, never lower than before) with a note */
  recordProjectProgress?: Maybe<Project>;
  /** Partner desk: redeem a voucher, exactly once. Send a fresh idempotencyKey (e.g. a UUID) per redemption and the same one to retry: a retry returns the first answer. Refusals: UNKNOWN_CODE, ALREADY_REDEEMED, EXPIRED, CANCELLED, IDEMPOTENCY_KEY_REUSED */
  redeemVoucher?: Maybe<Redemption>;
  /** 转办外部机构: refer the case to an outside agency with the day it should answer by; the union keeps the case and answers the worker */
  referCaseOut?: Maybe<Case>;
  /** Register a partner venue or supplier under a union in your scope */
  registerPartner?: Maybe<Partner>;
  /** Turn down a pending application in your scope, with a reason */
  rejectJoinApplication?: Maybe<JoinApplication>;
  /** Members: ask to move your own membership to the enterprise union whose join code (on its QR poster) you give; you are TRANSFERRING until that union accepts or returns it */
  requestMyTransfer?: Maybe<Transfer>;
  /** Start moving a member in your scope to another enterprise union; the member is TRANSFERRING until that union decides */
  requestTransfer?: Maybe<Transfer>;
  /** 办结: record the resolution */
  resolveCase?: Maybe<Case>;
  /** Resolve the project: each accepted or in-progress case is resolved with its own ledger event. Cases waiting on the worker stay open, and so does the project */
  resolveProject?: Maybe<ProjectResolution>;
  /** 退回: the receiving org returns a transferred case to the sender, with a reason */
  returnCase?: Maybe<Case>;
  /** A worker who left hardship returns into it, at a tier, with the reason */
  returnToHardship?: Maybe<HardshipFile>;
  /** Receiving side: send the transfer back, with a reason; the member stays where they were */
  returnTransfer?: Maybe<Transfer>;
  /** District review: staff of the district union (or admins) award the programme's amount, or reject (reason required). Refused with DUPLICATE when the child was already awarded this year, QUOTA_EXHAUSTED or BUDGET_EXCEEDED when the share is spent */
  reviewAidApplication?: Maybe<AidApplication>;
  /** The yearly review: record what it found and, if it changed, the tier; the next review falls a year later */
  reviewHardshipFile?: Maybe<HardshipFile>;
  /** Revoke an API key for good; the gateway stops accepting it within a minute */
  revokePartnerKey?: Maybe<PartnerKey>;
  /** Set a deadline at an org in your scope. The city sets policy; lower levels may only shorten it */
  setDeadline?: Maybe<DeadlineRule>;
  /** Deactivate (or reactivate) a partner: a deactivated partner's keys and tokens see nothing */
  setPartnerActive?: Maybe<Partner>;
  /** Replace the eligibility rules: a new version; earlier versions stay on record. Staff of the owning union or above. */
  setProgrammeRules?: Maybe<Programme>;
  /** 签单: sign off a resolved case. Legal aid, hardship aid, grievances and bargaining need a higher level */
  signOffCase?: Maybe<Case>;
  /** Answer a survey while it is open: members once, for their own union; staff record paper questionnaires for a union in their scope */
  submitSurveyResponse?: Maybe<SurveyResponse>;
  /** 督办: a higher level puts an open case under supervision */
  superviseCase?: Maybe<Case>;
  /** 转办: send the case down to a street or enterprise union under the handling org, named by id (toOrgId) or by code (toOrgCode, e.g. LJ-01-02) */
  transferCase?: Maybe<Case>;
  /** The partner stops serving the programme; its desk no longer sees that programme */
  unbindPartnerProgramme?: Maybe<Partner>;
  /** Change contact, employment or model-worker details (hardship is kept in the hardship register: openHardshipFile and what follows) */
  updateMember?: Maybe<Member>;
  /** The worker answered (by the member, or recorded by the handler); the clock resumes */
  workerResponded?: Maybe<Case>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationAcceptCaseArgs = {
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  responsible: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationAcceptTransferArgs = {
  id: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationAddCasesToProjectArgs = {
  caseIds: Array<Scalars['ID']['input']>;
  projectId: Scalars['ID']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationAddMemberChildArgs = {
  input: ChildInput;
  memberId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationAllocateArgs = {
  budgetCents?: InputMaybe<Scalars['Float']['input']>;
  orgId: Scalars['ID']['input'];
  programmeId: Scalars['ID']['input'];
  quota?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationApplyForEducationAidArgs = {
  input: ApplyForEducationAidInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationApplyToJoinArgs = {
  input: JoinApplicationInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationApproveJoinApplicationArgs = {
  id: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationAwaitWorkerArgs = {
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationBindPartnerProgrammeArgs = {
  partnerId: Scalars['ID']['input'];
  programmeId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationCancelVoucherArgs = {
  id: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationChangeHardshipTierArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  tier: HardshipTier;
  version: Scalars['Int']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationChangeMemberStatusArgs = {
  expectedVersion: Scalars['Int']['input'];
  memberId: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  status: MembershipStatus;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationCheckAidApplicationArgs = {
  approve: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationClaimVoucherArgs = {
  programmeId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationCloseProgrammeArgs = {
  programmeId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationCreateCareBatchArgs = {
  input: CreateCareBatchInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationCreateProgrammeArgs = {
  input: CreateProgrammeInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationCreateProjectArgs = {
  input: CreateProjectInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationCreateSurveyArgs = {
  input: CreateSurveyInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationDeclineCaseArgs = {
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
  reason: DeclineReason;
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationEnrolMemberArgs = {
  input: EnrolMemberInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationExitHardshipArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationIssuePartnerKeyArgs = {
  partnerId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationIssueVoucherArgs = {
  memberId: Scalars['ID']['input'];
  programmeId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationMakeHardshipFileRegularArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationMarkAidDeliveredArgs = {
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationOpenHardshipFileArgs = {
  input: OpenHardshipFileInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationOpenProgrammeArgs = {
  programmeId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationPassUpCaseArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  toOrgId: Scalars['ID']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRaiseCaseArgs = {
  input: RaiseCaseInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRateCaseArgs = {
  comment?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  rating: Rating;
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRecordAgencyAnswerArgs = {
  answer: Scalars['String']['input'];
  id: Scalars['ID']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRecordCallbackArgs = {
  comment?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  rating: Rating;
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRecordCareVisitArgs = {
  input: RecordCareVisitInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRecordCaseProgressArgs = {
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRecordProjectProgressArgs = {
  note: Scalars['String']['input'];
  progress: Scalars['Int']['input'];
  projectId: Scalars['ID']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRedeemVoucherArgs = {
  code: Scalars['String']['input'];
  idempotencyKey: Scalars['String']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationReferCaseOutArgs = {
  agency: Scalars['String']['input'];
  dueOn: Scalars['String']['input'];
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRegisterPartnerArgs = {
  input: RegisterPartnerInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRejectJoinApplicationArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRequestMyTransferArgs = {
  joinCode: Scalars['String']['input'];
  reason: Scalars['String']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRequestTransferArgs = {
  memberId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  toOrgId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationResolveCaseArgs = {
  id: Scalars['ID']['input'];
  resolution: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationResolveProjectArgs = {
  projectId: Scalars['ID']['input'];
  resolution: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationReturnCaseArgs = {
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  reason: ReturnReason;
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationReturnToHardshipArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  tier: HardshipTier;
  version: Scalars['Int']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationReturnTransferArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationReviewAidApplicationArgs = {
  award: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationReviewHardshipFileArgs = {
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
  reviewedOn?: InputMaybe<Scalars['String']['input']>;
  tier?: InputMaybe<HardshipTier>;
  version: Scalars['Int']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationRevokePartnerKeyArgs = {
  keyId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationSetDeadlineArgs = {
  input: SetDeadlineInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationSetPartnerActiveArgs = {
  active: Scalars['Boolean']['input'];
  partnerId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationSetProgrammeRulesArgs = {
  programmeId: Scalars['ID']['input'];
  rules: Scalars['JSONObject']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationSignOffCaseArgs = {
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationSubmitSurveyResponseArgs = {
  input: SubmitSurveyResponseInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationSuperviseCaseArgs = {
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationTransferCaseArgs = {
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  toOrgCode?: InputMaybe<Scalars['String']['input']>;
  toOrgId?: InputMaybe<Scalars['ID']['input']>;
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationUnbindPartnerProgrammeArgs = {
  partnerId: Scalars['ID']['input'];
  programmeId: Scalars['ID']['input'];
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationUpdateMemberArgs = {
  id: Scalars['ID']['input'];
  input: UpdateMemberInput;
};


/** Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND */
export type MutationWorkerRespondedArgs = {
  id: Scalars['ID']['input'];
  note: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};

/** Opening a hardship file (建档) */
export type OpenHardshipFileInput = {
  /** What was seen: income proof, medical records…, 1-1000 characters (notes, not the documents) */
  evidence: Scalars['String']['input'];
  /** REGULAR (default), or TEMPORARY for a passing hardship */
  kind?: HardshipFileKind;
  /** The member, in your scope */
  memberId: Scalars['ID']['input'];
  /** The day the file was opened, YYYY-MM-DD (default today); not in the future */
  openedOn?: InputMaybe<Scalars['String']['input']>;
  /** Why: illness, an accident, a household without income…, 1-500 characters */
  reason: Scalars['String']['input'];
  /** The tier the review found */
  tier: HardshipTier;
};

/** A union organisation: city federation, district, street or enterprise union */
export type Org = {
  /** From the top of your scope down to the parent */
  ancestors: Array<Org>;
  /** Staff and admin: figures of the cases raised under this org in a period of months (see CaseFigures). Null for other callers and for orgs outside your scope */
  caseStats?: Maybe<CaseFigures>;
  /** The orgs directly under this one, e.g. the streets of a district */
  children: Array<Org>;
  /** Stable human-readable code, e.g. LJ-03-07-0042 */
  code?: Maybe<Scalars['String']['output']>;
  /** The org's id (a ULID) */
  id: Scalars['ID']['output'];
  /** The code printed on this org's join QR poster; staff and admin only */
  joinCode?: Maybe<Scalars['String']['output']>;
  /** What the join QR code encodes */
  joinQrPayload?: Maybe<Scalars['String']['output']>;
  /** What kind of union it is within its level */
  kind: OrgKind;
  /** Its level in the hierarchy: city, district, street or enterprise */
  level: OrgLevel;
  /** Members in this subtree that you can see (default: active ones) */
  memberCount: Scalars['Int']['output'];
  /** Full name of the union, e.g. 朝阳区总工会 */
  name?: Maybe<Scalars['String']['output']>;
  /** Null at the top of your scope */
  parent?: Maybe<Org>;
  /** Everything below this org that you can see, in tree order */
  subtree: OrgConnection;
};


/** A union organisation: city federation, district, street or enterprise union */
export type OrgCaseStatsArgs = {
  from: Scalars['String']['input'];
  kind?: InputMaybe<CaseKind>;
  to: Scalars['String']['input'];
};


/** A union organisation: city federation, district, street or enterprise union */
export type OrgMemberCountArgs = {
  status?: InputMaybe<MembershipStatus>;
};


/** A union organisation: city federation, district, street or enterprise union */
export type OrgSubtreeArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  level?: InputMaybe<OrgLevel>;
};

/** A page of orgs, in tree order */
export type OrgConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<OrgEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** Internal: what other subgraphs need to know about an org (path, code, level) */
export type OrgDirectoryEntry = {
  /** Its stable human-readable code */
  code: Scalars['String']['output'];
  /** The org's id */
  id: Scalars['ID']['output'];
  /** Its level in the hierarchy */
  level: OrgLevel;
  /** Its full name */
  name: Scalars['String']['output'];
  /** Its parent org; null for the city */
  parentId?: Maybe<Scalars['ID']['output']>;
  /** Its materialised path, /<city>/<district>/<street>/<id>/ */
  path: Scalars['String']['output'];
};

/** One item of a OrgConnection page, with its position */
export type OrgEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Org;
};

/** What kind of union an org is within its level */
export type OrgKind =
  /** City federation of trade unions (市总工会); level CITY */
  | 'CITY_FEDERATION'
  /** County federation of trade unions (县总工会); level DISTRICT */
  | 'COUNTY'
  /** Development-zone union (开发区工会); level STREET */
  | 'DEVELOPMENT_ZONE'
  /** District federation of trade unions (区总工会); level DISTRICT */
  | 'DISTRICT'
  /** Enterprise union of a company (企业工会); level ENTERPRISE */
  | 'ENTERPRISE'
  /** Industry union federation (行业工会联合会); level DISTRICT */
  | 'INDUSTRY_FEDERATION'
  /** Street union (街道工会); level STREET */
  | 'STREET'
  /** Town union (镇工会); level STREET */
  | 'TOWN'
  /** A union post serving outdoor and gig workers (工会驿站); level ENTERPRISE */
  | 'UNION_POST';

/** City, district, street or enterprise level of the hierarchy */
export type OrgLevel =
  /** The city federation of trade unions at the top of the tree (市总工会) */
  | 'CITY'
  /** A district or county federation, or an industry union federation (区/县总工会, 行业工会联合会) */
  | 'DISTRICT'
  /** A grassroots union: an enterprise union or a union post (基层工会); the leaves of the tree */
  | 'ENTERPRISE'
  /** A street, town or development-zone union (街道/镇工会, 开发区工会) */
  | 'STREET';

/** Internal: the org path the gateway puts into a caller scope */
export type OrgScope = {
  /** The caller's org */
  orgId: Scalars['ID']['output'];
  /** Its materialised path, /<city>/<district>/<street>/<id>/ */
  path: Scalars['String']['output'];
};

/** Which orgs to find in your scope */
export type OrgSearchInput = {
  /** At most this many orgs, 1-500 (default 50) as for every list; anything else is BAD_USER_INPUT, never clamped */
  first?: Scalars['Int']['input'];
  /** Only orgs at this level */
  level?: InputMaybe<OrgLevel>;
  /** Part of a name, or the start of a code */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Search under this org (default: your whole scope) */
  under?: InputMaybe<Scalars['ID']['input']>;
};

/** Visits and spending of a batch under one union */
export type OrgSpending = {
  /** The union whose subtree this line counts */
  org: Org;
  /** In fen */
  spentCents: Scalars['Float']['output'];
  /** Visits recorded by unions in this subtree in the batch */
  visits: Scalars['Int']['output'];
};

/** Uptake of a programme under one union directly below the counted union (or the counted union itself, for records made at it). Money in fen. */
export type OrgUptake = UptakeCounts & {
  /** Aid applications awarded (delivered ones included) */
  aidAwarded: Scalars['Int']['output'];
  /** Total of those awards, in fen (1/100 yuan) */
  aidAwardedCents: Scalars['Float']['output'];
  /** Awards handed over */
  aidDelivered: Scalars['Int']['output'];
  /** Total of the awards handed over, in fen */
  aidDeliveredCents: Scalars['Float']['output'];
  /** Cost of those care visits, in fen */
  careSpentCents: Scalars['Float']['output'];
  /** Care visits recorded by unions here, in batches of this programme */
  careVisits: Scalars['Int']['output'];
  /** The union */
  org: Org;
  /** The union: a child of the counted union, or the counted union itself */
  orgId: Scalars['ID']['output'];
  /** Cancelled before use; their units went back to the quota */
  vouchersCancelled: Scalars['Int']['output'];
  /** Expired unredeemed; their units went back to the quota */
  vouchersExpired: Scalars['Int']['output'];
  /** Every voucher ever issued here, whatever its state now */
  vouchersIssued: Scalars['Int']['output'];
  /** Issued and not yet redeemed, expired or cancelled */
  vouchersOutstanding: Scalars['Int']['output'];
  /** Vouchers redeemed at a partner */
  vouchersRedeemed: Scalars['Int']['output'];
};

/** Where a page ends, and whether another follows */
export type PageInfo = {
  /** Cursor of the last item on this page (opaque); pass it as `after` for the next page. Null when the page is empty */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow this page; ask for them with `after: endCursor` */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A partner venue or supplier (cinema, pool, gym, clinic, supplier), bound to the programmes it serves */
export type Partner = {
  /** A deactivated partner's keys and tokens see nothing */
  active: Scalars['Boolean']['output'];
  /** When it was registered, ISO 8601 UTC */
  createdAt: Scalars['DateTimeISO']['output'];
  /** The partner's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Its API keys, newest first (prefixes only) */
  keys: Array<PartnerKey>;
  /** What kind of venue or supplier it is */
  kind: PartnerKind;
  /** The venue's or supplier's name, 1-100 characters */
  name: Scalars['String']['output'];
  /** The union that registered the partner; its staff manage it */
  org: Org;
  /** The programmes it serves that you can see */
  programmes: Array<Programme>;
};

/** A page of partners, in org-tree order */
export type PartnerConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<PartnerEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a PartnerConnection page, with its position */
export type PartnerEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Partner;
};

/** Whether a member (by their QR) may use one of your programmes: a yes or no with partner-safe reason codes */
export type PartnerEligibility = {
  /** Yes or no: the member may use the programme now */
  eligible: Scalars['Boolean']['output'];
  /** Masked: 王*国 */
  memberName?: Maybe<Scalars['String']['output']>;
  /** Empty when eligible */
  reasons: Array<PartnerReason>;
  /** Units of the programme not yet issued; null when it has no quota */
  remainingQuota?: Maybe<Scalars['Int']['output']>;
};

/** An API key of a partner. The key itself is shown once, when issued; only its prefix is kept in the clear */
export type PartnerKey = {
  /** When the key was issued, ISO 8601 UTC */
  createdAt: Scalars['DateTimeISO']['output'];
  /** The key's id; revoke it with revokePartnerKey */
  id: Scalars['ID']['output'];
  /** The visible start of the key: lx_<prefix>_… */
  prefix: Scalars['String']['output'];
  /** Set once revoked; the gateway stops accepting the key within a minute */
  revokedAt?: Maybe<Scalars['DateTimeISO']['output']>;
};

/** What kind of venue or supplier a partner is */
export type PartnerKind =
  /** A cinema or cinema chain (影院) redeeming cinema vouchers */
  | 'CINEMA'
  /** A clinic or hospital doing health checks (体检机构) */
  | 'CLINIC'
  /** A gym or sports venue (健身房) */
  | 'GYM'
  /** A swimming pool (游泳馆) */
  | 'POOL'
  /** A supplier delivering gifts or goods (供应商) */
  | 'SUPPLIER';

/** What a partner desk is told: a yes or no and these codes, nothing about the member beyond them */
export type PartnerReason =
  /** The voucher was already used; it cannot be used twice */
  | 'ALREADY_REDEEMED'
  /** The voucher was cancelled by the union */
  | 'CANCELLED'
  /** The voucher is past its expiry */
  | 'EXPIRED'
  /** The scanned code is not a member QR issued by the union (malformed or a wrong signature), or names no member */
  | 'INVALID_QR'
  /** The member's limit for the period is used up */
  | 'LIMIT_REACHED'
  /** The membership is not active */
  | 'NOT_ACTIVE_MEMBER'
  /** Not eligible, for a reason the partner is not told (it stays between the member and the union) */
  | 'NOT_ELIGIBLE'
  /** The member's union is outside the area the programme covers */
  | 'OUTSIDE_PROGRAMME_AREA'
  /** The programme is not running today */
  | 'PROGRAMME_NOT_OPEN'
  /** No places or units left */
  | 'QUOTA_EXHAUSTED'
  /** No such voucher code among the programmes this partner serves */
  | 'UNKNOWN_CODE';

/** One full read of a member's ID number or phone (the audit trail of personal-data reads) */
export type PiiAccess = {
  /** The org of the staff member who read it; null for admins */
  actorOrgId?: Maybe<Scalars['ID']['output']>;
  /** Their role: staff or admin */
  actorRole: Scalars['String']['output'];
  /** Who read it: the subject of their token */
  actorSub: Scalars['String']['output'];
  /** When it was read */
  at: Scalars['DateTimeISO']['output'];
  /** What was read: idNumber or phone */
  field: Scalars['String']['output'];
  /** The entry's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Whose data was read */
  memberId: Scalars['ID']['output'];
};

/** A page of personal-data reads, newest first */
export type PiiAccessConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<PiiAccessEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a PiiAccessConnection page, with its position */
export type PiiAccessEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: PiiAccess;
};

/** A benefit programme, owned by a union and covering its subtree. Money is in fen (分): 100 = 1 yuan. */
export type Programme = {
  /** Staff and admin: the shares in your subtree and the chain above your union, in tree order; null for members */
  allocations?: Maybe<Array<Allocation>>;
  /** Amount paid per award in fen (education aid), where the programme pays one */
  amountCents?: Maybe<Scalars['Float']['output']>;
  /** Whole budget in fen; null: no budget */
  budgetCents?: Maybe<Scalars['Float']['output']>;
  /** Last day of the programme (Beijing time) */
  endsOn: Scalars['Date']['output'];
  /** The programme's id (a ULID) */
  id: Scalars['ID']['output'];
  /** What the programme gives */
  kind: ProgrammeKind;
  /** Display name, 1-100 characters, e.g. 2025 暑期免费观影 */
  name: Scalars['String']['output'];
  /** The union running the programme */
  org: Org;
  /** Units (vouchers, places, awards) the whole programme may issue; null: no quota */
  quota?: Maybe<Scalars['Int']['output']>;
  /** Units still claimable at a union: by default yours (the share you would claim from), or the root share when the programme runs below your union. Null when the programme has no quota, or for a union you cannot see or it does not cover. */
  remainingQuota?: Maybe<Scalars['Int']['output']>;
  /** Staff and admin: every version of the eligibility rules, oldest first (the last is the current one); null for members */
  ruleHistory?: Maybe<Array<ProgrammeRulesVersion>>;
  /** Staff and admin: the current rules, a JSON object shaped as the JSON Schema services/benefits/src/rules/rules.schema.json describes (see docs/rules.md); null for members */
  rules?: Maybe<Scalars['JSONObject']['output']>;
  /** The current version of the eligibility rules; answers name the version they used */
  rulesVersion: Scalars['Int']['output'];
  /** Its use reveals hardship or aid: never shown to partners, never bound to one */
  sensitive: Scalars['Boolean']['output'];
  /** First day of the programme (Beijing time) */
  startsOn: Scalars['Date']['output'];
  /** DRAFT while being prepared, ACTIVE while running, CLOSED when over */
  state: ProgrammeState;
  /** Days a voucher stays valid after issue */
  voucherValidDays?: Maybe<Scalars['Int']['output']>;
};


/** A benefit programme, owned by a union and covering its subtree. Money is in fen (分): 100 = 1 yuan. */
export type ProgrammeRemainingQuotaArgs = {
  orgId?: InputMaybe<Scalars['ID']['input']>;
};

/** A page of programmes, in org-tree order */
export type ProgrammeConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<ProgrammeEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a ProgrammeConnection page, with its position */
export type ProgrammeEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Programme;
};

/** What a benefit programme (普惠服务 / 帮扶) gives. Education aid, model-worker aid and care visits are sensitive: never shown to or bound to a partner */
export type ProgrammeKind =
  /** Care visits to members by holiday batch (慰问); recorded as care visits, sensitive */
  | 'CARE_VISIT'
  /** Free cinema tickets at partner cinemas (免费观影); a voucher redeemed by the cinema */
  | 'CINEMA_VOUCHER'
  /** Education aid for hardship families' children (金秋助学): apply, enterprise check, district review, delivery; sensitive */
  | 'EDUCATION_AID'
  /** Free classes (公益课程) */
  | 'FREE_CLASS'
  /** Gift deliveries, e.g. summer cooling drinks (送清凉); a voucher a supplier redeems */
  | 'GIFT_BATCH'
  /** Free gym vouchers at partner gyms (免费健身券) */
  | 'GYM_VOUCHER'
  /** Free health checks at partner clinics (免费体检) */
  | 'HEALTH_CHECK'
  /** Aid for model workers in hardship (困难劳模救助); sensitive */
  | 'MODEL_WORKER_AID'
  /** Sanatorium or rest-and-recuperation places (疗休养名额) */
  | 'SANATORIUM'
  /** Free swimming vouchers at partner pools (免费游泳券) */
  | 'SWIMMING_VOUCHER';

/** One version of a programme's eligibility rules, as it was written; versions are never changed or removed */
export type ProgrammeRulesVersion = {
  /** When this version was written, ISO 8601 UTC */
  createdAt: Scalars['DateTimeISO']['output'];
  /** The rules of this version, a JSON object shaped as the JSON Schema services/benefits/src/rules/rules.schema.json describes */
  rules: Scalars['JSONObject']['output'];
  /** The version number: 1 when the programme was created, one more with each change */
  version: Scalars['Int']['output'];
};

/** Whether a programme is being prepared, running or over */
export type ProgrammeState =
  /** Open: members can claim or apply between startsOn and endsOn */
  | 'ACTIVE'
  /** Over: no more claims or applications; what was issued stays */
  | 'CLOSED'
  /** Being prepared: rules and allocations can be set; nobody can claim or apply yet */
  | 'DRAFT';

/** Uptake of one programme in one union's subtree: vouchers by state, aid awards, care-visit spending, and budget allocated against used. Records count by the union of the member (vouchers, aid) or of the visiting union (care) when they were made. Money in fen. */
export type ProgrammeUptake = UptakeCounts & {
  /** Aid applications awarded (delivered ones included) */
  aidAwarded: Scalars['Int']['output'];
  /** Total of those awards, in fen (1/100 yuan) */
  aidAwardedCents: Scalars['Float']['output'];
  /** Awards handed over */
  aidDelivered: Scalars['Int']['output'];
  /** Total of the awards handed over, in fen */
  aidDeliveredCents: Scalars['Float']['output'];
  /** Per union directly under the counted one (and the counted union itself, for records made at it), in tree order: vouchers, aid and care. Unions with nothing recorded are left out */
  byOrg: Array<OrgUptake>;
  /** Cost of those care visits, in fen */
  careSpentCents: Scalars['Float']['output'];
  /** Care visits recorded by unions here, in batches of this programme */
  careVisits: Scalars['Int']['output'];
  /** Per child union holding shares, in tree order; child unions with no share below them are left out */
  children: Array<ChildAllocationFigure>;
  /** Vouchers by the month they were issued in (China time), with where they are now: from the programme's first month to its last or the current one, at most the latest 36 */
  monthly: Array<VoucherMonth>;
  /** The union whose subtree was counted */
  org: Org;
  /** The union whose subtree was counted */
  orgId: Scalars['ID']['output'];
  /** The programme counted */
  programmeId: Scalars['ID']['output'];
  /** The share members of this union claim from: its own, or the nearest one above it */
  share?: Maybe<Allocation>;
  /** Cancelled before use; their units went back to the quota */
  vouchersCancelled: Scalars['Int']['output'];
  /** Expired unredeemed; their units went back to the quota */
  vouchersExpired: Scalars['Int']['output'];
  /** Every voucher ever issued here, whatever its state now */
  vouchersIssued: Scalars['Int']['output'];
  /** Issued and not yet redeemed, expired or cancelled */
  vouchersOutstanding: Scalars['Int']['output'];
  /** Vouchers redeemed at a partner */
  vouchersRedeemed: Scalars['Int']['output'];
};

/** A service project (统一帮办): cases with the same purpose handled together, each keeping its own ledger */
export type Project = {
  /** How many cases it holds that you can see */
  caseCount: Scalars['Int']['output'];
  /** Its cases you can see, oldest first */
  cases: Array<Case>;
  /** When the project was created, ISO 8601 UTC */
  createdAt: Scalars['DateTimeISO']['output'];
  /** The project's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Progress reports, oldest first */
  notes: Array<ProjectNote>;
  /** The org running the project */
  org: Org;
  /** 0-100, as last reported; it never goes back */
  progress: Scalars['Int']['output'];
  /** What the project does for the workers whose cases it holds */
  purpose: Scalars['String']['output'];
  /** When the project was resolved; null while OPEN */
  resolvedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** OPEN while any of its cases is open, RESOLVED once all are resolved */
  state: ProjectState;
  /** Short name, 1-100 characters, e.g. 暑期托管班 (summer childcare) */
  title: Scalars['String']['output'];
  /** Increases with every change (cases added, progress, resolution); pass it back to avoid overwriting a newer project */
  version: Scalars['Int']['output'];
};

/** A page of projects, in org-tree order */
export type ProjectConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<ProjectEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a ProjectConnection page, with its position */
export type ProjectEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Project;
};

/** A progress report on a project */
export type ProjectNote = {
  /** When it was reported, ISO 8601 UTC */
  at: Scalars['DateTimeISO']['output'];
  /** The note's id (a ULID) */
  id: Scalars['ID']['output'];
  /** What was reported, 1-1000 characters */
  note: Scalars['String']['output'];
  /** The progress reported with the note */
  progress: Scalars['Int']['output'];
};

/** What resolving a project did to its cases */
export type ProjectResolution = {
  /** The project after resolving */
  project: Project;
  /** Cases resolved now, each with its own RESOLVE ledger event */
  resolvedCases: Array<Case>;
  /** Open cases the project could not resolve (waiting on the worker); while there are any, the project stays OPEN */
  unresolvedCases: Array<Case>;
};

/** OPEN while any of its cases is still open; RESOLVED once the project resolved them all */
export type ProjectState =
  /** Running: cases can be added and progress reported; some of its cases are still open */
  | 'OPEN'
  /** Every case of the project is resolved; the project takes no more cases or progress */
  | 'RESOLVED';

/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type Query = {
  /** An education aid application: your own (members) or of a member in your scope (staff); null otherwise */
  aidApplication?: Maybe<AidApplication>;
  /** Education aid applications you can see (members: your own), in org-tree order */
  aidApplications?: Maybe<AidApplicationConnection>;
  /** A care batch run in your subtree or above your union; null when missing or out of scope */
  careBatch?: Maybe<CareBatch>;
  /** Care batches you can see: run in your subtree, or above your union and covering it; in org-tree order */
  careBatches?: Maybe<CareBatchConnection>;
  /** A case you can see; null when missing or outside your scope */
  case?: Maybe<Case>;
  /** Figures of the cases raised under an org (default: your own; admins must name one) in a period of months. Null for an org outside your scope */
  caseFigures?: Maybe<CaseFigures>;
  /** Cases raised or handled under an org (default: yours), newest first. Members get their own */
  cases?: Maybe<CaseConnection>;
  /** Partner desk: may the member whose QR you scanned use this programme of yours? A yes or no with partner-safe reasons */
  checkEligibility?: Maybe<PartnerEligibility>;
  /** Partner desk: is this voucher (code or QR payload) redeemable now? A code of a programme you do not serve reads as UNKNOWN_CODE */
  checkVoucher?: Maybe<VoucherCheck>;
  /** The effective deadlines at an org in your scope: the strictest along its path */
  deadlinePolicy?: Maybe<Array<DeadlineRule>>;
  /** Partner desk: the programmes your venue serves (never a sensitive one), running ones first. Their ids are what checkEligibility takes */
  deskProgrammes?: Maybe<Array<DeskProgramme>>;
  /** Eligibility for a programme, explained. Members ask about themselves (leave memberId out); staff and admin about a member in their scope. Null for a member or programme you cannot see. */
  eligibility?: Maybe<EligibilityAnswer>;
  /** Open hardship files whose yearly review is due, in your scope, the soonest first */
  hardshipReviewsDue?: Maybe<HardshipFileConnection>;
  /** Join applications to orgs in your scope, in org-tree order */
  joinApplications?: Maybe<JoinApplicationConnection>;
  /** Joins per day, ISO week or month in an org subtree, zero buckets included (日过百、周过千、月达万) */
  joinStats?: Maybe<Array<JoinBucket>>;
  /** Public: where a join QR code leads */
  joinTarget?: Maybe<JoinTarget>;
  /** The signed-in member */
  me?: Maybe<Member>;
  /** A member in your scope; null when missing or outside it */
  member?: Maybe<Member>;
  /** Members in your scope, in org-tree order */
  members?: Maybe<MemberConnection>;
  /** Partner desk: your redemptions, newest first */
  myRedemptions?: Maybe<RedemptionConnection>;
  /** An org in your scope; null when it does not exist or is outside it */
  org?: Maybe<Org>;
  /** An org in your scope by its code */
  orgByCode?: Maybe<Org>;
  /** Search your scope (or a subtree of it) by name or code prefix */
  orgs?: Maybe<Array<Org>>;
  /** A partner registered in your subtree; null when missing or outside it */
  partner?: Maybe<Partner>;
  /** Partners registered in your subtree, in org-tree order */
  partners?: Maybe<PartnerConnection>;
  /** Full reads of members' ID numbers and phones, newest first: admins see all, staff those about members in their subtree */
  piiAccessLog?: Maybe<PiiAccessConnection>;
  /** A programme you can see: run in your subtree or above your union (staff), or covering you (members) */
  programme?: Maybe<Programme>;
  /** Uptake of a programme under a union in your scope (default: your own union, or the programme's owner when it runs below you). Null for a programme or union you cannot see. */
  programmeUptake?: Maybe<ProgrammeUptake>;
  /** Programmes you can see, in org-tree order: staff, those run in your subtree and those handed down from above; members, the open (ACTIVE) ones covering you */
  programmes?: Maybe<ProgrammeConnection>;
  /** A service project run in your scope; null when missing or outside it */
  project?: Maybe<Project>;
  /** Service projects run in your scope, in org-tree order. Members see none */
  projects?: Maybe<ProjectConnection>;
  /** A survey you can see: run in your scope (staff), or by your union or one above it (members) */
  survey?: Maybe<Survey>;
  /** Surveys you can see, in org-tree order */
  surveys?: Maybe<SurveyConnection>;
  /** Transfers into or out of your scope, newest first */
  transfers?: Maybe<TransferConnection>;
  /** Re-check the ledger hash chain of one case you can see (null if you cannot): staff for the cases of their subtree, members for their own named cases. Admins may leave the id out to check every case. Reports the first broken link */
  verifyLedger?: Maybe<LedgerVerification>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryAidApplicationArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryAidApplicationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  orgId?: InputMaybe<Scalars['ID']['input']>;
  programmeId?: InputMaybe<Scalars['ID']['input']>;
  state?: InputMaybe<AidState>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryCareBatchArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryCareBatchesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  orgId?: InputMaybe<Scalars['ID']['input']>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryCaseArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryCaseFiguresArgs = {
  from: Scalars['String']['input'];
  kind?: InputMaybe<CaseKind>;
  orgId?: InputMaybe<Scalars['ID']['input']>;
  to: Scalars['String']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryCasesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: CaseFilter;
  first?: Scalars['Int']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryCheckEligibilityArgs = {
  memberQr: Scalars['String']['input'];
  programmeId: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryCheckVoucherArgs = {
  code: Scalars['String']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryDeadlinePolicyArgs = {
  orgId: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryEligibilityArgs = {
  childId?: InputMaybe<Scalars['ID']['input']>;
  memberId?: InputMaybe<Scalars['ID']['input']>;
  programmeId: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryHardshipReviewsDueArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  dueBy?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  orgId?: InputMaybe<Scalars['ID']['input']>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryJoinApplicationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  orgId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<ApplicationStatus>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryJoinStatsArgs = {
  from: Scalars['Date']['input'];
  granularity: JoinGranularity;
  orgId: Scalars['ID']['input'];
  to: Scalars['Date']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryJoinTargetArgs = {
  joinCode: Scalars['String']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryMemberArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: MemberFilter;
  first?: Scalars['Int']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryMyRedemptionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryOrgArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryOrgByCodeArgs = {
  code: Scalars['String']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryOrgsArgs = {
  search: OrgSearchInput;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryPartnerArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryPartnersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  orgId?: InputMaybe<Scalars['ID']['input']>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryPiiAccessLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  memberId?: InputMaybe<Scalars['ID']['input']>;
  orgId?: InputMaybe<Scalars['ID']['input']>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryProgrammeArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryProgrammeUptakeArgs = {
  orgId?: InputMaybe<Scalars['ID']['input']>;
  programmeId: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryProgrammesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  kind?: InputMaybe<ProgrammeKind>;
  orgId?: InputMaybe<Scalars['ID']['input']>;
  state?: InputMaybe<ProgrammeState>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryProjectArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryProjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  orgId?: InputMaybe<Scalars['ID']['input']>;
  state?: InputMaybe<ProjectState>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QuerySurveyArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QuerySurveysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  orgId?: InputMaybe<Scalars['ID']['input']>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryTransfersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  direction?: TransferDirection;
  first?: Scalars['Int']['input'];
  status?: InputMaybe<TransferStatus>;
};


/** Reads. Each answers only with what the caller's place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one */
export type QueryVerifyLedgerArgs = {
  caseId?: InputMaybe<Scalars['ID']['input']>;
};

/** RATING questions are answered 满意 / 基本满意 / 不满意 and count towards the satisfaction rate */
export type QuestionKind =
  /** Answered with a Rating (满意 / 基本满意 / 不满意); counts towards the satisfaction rate (满意率) */
  | 'RATING'
  /** Answered in free text, up to 1000 characters; not counted in any figure */
  | 'TEXT';

/** A new worker request (挂号) */
export type RaiseCaseInput = {
  /** Members: raise without your name. Nobody, you included, can then link the case to you */
  anonymous?: Scalars['Boolean']['input'];
  /** Where it came in */
  channel: CaseChannel;
  /** The request in the worker's words, 5-2000 characters */
  description: Scalars['String']['input'];
  /** What the request is about */
  kind: CaseKind;
  /** Staff raising on a member's behalf: the member, who must belong under that org */
  memberId?: InputMaybe<Scalars['ID']['input']>;
  /** Where it was raised. Staff: an org in their scope (default: their own). Members: their own union (the default) or one above it, as a call to the 12351 hotline or the county website reaches */
  orgId?: InputMaybe<Scalars['ID']['input']>;
  /** How soon it must be handled (default NORMAL); with kind it sets the deadline */
  urgency?: Urgency;
};

/** A worker's satisfaction with the outcome: 满意 / 基本满意 / 不满意 */
export type Rating =
  /** Basically satisfied (基本满意); counts towards the satisfaction rate */
  | 'BASICALLY_SATISFIED'
  /** Satisfied (满意); counts towards the satisfaction rate */
  | 'SATISFIED'
  /** Unsatisfied (不满意); on a case it reopens the case and puts it under supervision (督办) */
  | 'UNSATISFIED';

/** Stable reason codes: switch on these, not on the messages */
export type ReasonCode =
  /** Already aided by another programme or level within the exclusion window; nextEligibleOn is when it ends */
  | 'ALREADY_AIDED'
  /** The child's age or school stage is not covered */
  | 'CHILD_NOT_COVERED'
  /** Say which child: several qualify, or the childId given is not one of the member's (NEEDS_INFO) */
  | 'CHILD_REQUIRED'
  /** The programme is for other employment types (e.g. only delivery riders 外卖员) */
  | 'EMPLOYMENT_TYPE_NOT_COVERED'
  /** The per-member or per-child limit for the period is used up; nextEligibleOn is when the next period starts */
  | 'LIMIT_REACHED'
  /** The membership status is not one the programme covers (ACTIVE unless the rules say otherwise) */
  | 'NOT_ACTIVE_MEMBER'
  /** The programme is for registered hardship workers (困难职工) of certain tiers */
  | 'NOT_HARDSHIP_TIER'
  /** The programme is for model workers (劳模) */
  | 'NOT_MODEL_WORKER'
  /** A per-child programme, and no child is recorded for the member; the union must add one (NEEDS_INFO) */
  | 'NO_CHILD_RECORDED'
  /** The member's union is outside the subtree the programme covers */
  | 'OUTSIDE_PROGRAMME_AREA'
  /** The programme is not ACTIVE, has ended, or has not started yet (then nextEligibleOn is its start date) */
  | 'PROGRAMME_NOT_OPEN'
  /** No places or units left in the quota the member would draw from */
  | 'QUOTA_EXHAUSTED';

/** A visit made in a batch, by a union under the batch's union */
export type RecordCareVisitInput = {
  /** The batch the visit belongs to; its budget pays for the visit */
  batchId: Scalars['ID']['input'];
  /** Cost in fen (a whole number); counted against the batch budget */
  costCents: Scalars['Float']['input'];
  /** What was given, 1-300 characters */
  items: Scalars['String']['input'];
  /** The member visited; must be in your scope and under the visiting union */
  memberId: Scalars['ID']['input'];
  /** The visiting union (default: your own); in your scope and under the batch's union */
  orgId?: InputMaybe<Scalars['ID']['input']>;
  /** YYYY-MM-DD within the batch's dates, not in the future */
  visitedOn: Scalars['String']['input'];
};

/** A redemption at your venue */
export type Redemption = {
  /** The voucher code redeemed */
  code: Scalars['String']['output'];
  /** The redemption's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Masked: 王*国 */
  memberName: Scalars['String']['output'];
  /** The voucher's programme */
  programmeId: Scalars['ID']['output'];
  /** The programme's name */
  programmeName: Scalars['String']['output'];
  /** When it was redeemed, ISO 8601 UTC */
  redeemedAt: Scalars['DateTimeISO']['output'];
};

/** Your redemptions, newest first */
export type RedemptionConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<RedemptionEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a RedemptionConnection page, with its position */
export type RedemptionEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Redemption;
};

/** A partner registered by a union in your scope; its staff manage it */
export type RegisterPartnerInput = {
  /** What kind of venue or supplier it is */
  kind: PartnerKind;
  /** 1-100 characters, e.g. 滨江影城 */
  name: Scalars['String']['input'];
  /** The registering union */
  orgId: Scalars['ID']['input'];
};

/** Why a receiving org returned a transferred case (退回) */
export type ReturnReason =
  /** The same request is already being handled */
  | 'DUPLICATE'
  /** Too little information to act on */
  | 'INSUFFICIENT_INFORMATION'
  /** The worker or the matter belongs to another org */
  | 'NOT_IN_JURISDICTION'
  /** Another reason, given in the note */
  | 'OTHER'
  /** Not something a trade union can handle */
  | 'OUTSIDE_UNION_REMIT';

/** Rating answers counted at unions under one org (满意率) */
export type SatisfactionFigure = {
  /** Rating answers of 基本满意 (basically satisfied) */
  basicallySatisfied: Scalars['Int']['output'];
  /** The org whose subtree was counted */
  orgId: Scalars['ID']['output'];
  /** (satisfied + basicallySatisfied) / total; null while there are no rating answers */
  rate?: Maybe<Scalars['Float']['output']>;
  /** Questionnaires (responses) counted */
  respondents: Scalars['Int']['output'];
  /** Rating answers of 满意 (satisfied) */
  satisfied: Scalars['Int']['output'];
  /** Rating answers, all rating questions together */
  total: Scalars['Int']['output'];
  /** Rating answers of 不满意 (unsatisfied) */
  unsatisfied: Scalars['Int']['output'];
};

/** A child's stage of schooling, for education aid (金秋助学) rules */
export type SchoolStage =
  /** Junior high school (初中) */
  | 'JUNIOR_HIGH'
  /** Not in school */
  | 'NONE'
  /** Kindergarten or younger (学前) */
  | 'PRESCHOOL'
  /** Primary school (小学) */
  | 'PRIMARY'
  /** Senior high school (高中) */
  | 'SENIOR_HIGH'
  /** University or college (大学) */
  | 'UNIVERSITY'
  /** Vocational school (中职/高职) */
  | 'VOCATIONAL';

/** A deadline rule (办理时限) for one case kind and urgency at an org in your scope; below the city it may only shorten what the orgs above set */
export type SetDeadlineInput = {
  /** Hours a receiving org has to accept or return a transferred case, 1-2160 (90 days) */
  acceptHours: Scalars['Int']['input'];
  /** The case kind the rule is for */
  kind: CaseKind;
  /** The org the rule is set at; it applies to cases handled at that org and under it */
  orgId: Scalars['ID']['input'];
  /** Hours to resolve a case, 1-8784 (366 days); time waiting on the worker is not counted */
  resolveHours: Scalars['Int']['input'];
  /** The urgency the rule is for */
  urgency: Urgency;
};

/** One filled-in questionnaire (微评议) */
export type SubmitSurveyResponseInput = {
  /** One answer per question; every RATING question needs one */
  answers: Array<SurveyAnswerInput>;
  /** Staff recording a paper questionnaire: the union it was collected at (default: your own). Members leave it out: they answer for their own union. */
  orgId?: InputMaybe<Scalars['ID']['input']>;
  /** The survey answered; answers are taken only between its opensOn and closesOn (Beijing time) */
  surveyId: Scalars['ID']['input'];
};

/** A satisfaction survey of union service (微评议), run by a union over its subtree */
export type Survey = {
  /** Last day answers are taken (Beijing time) */
  closesOn: Scalars['Date']['output'];
  /** The survey's id (a ULID) */
  id: Scalars['ID']['output'];
  /** First day answers are taken (Beijing time) */
  opensOn: Scalars['Date']['output'];
  /** The union running the survey; answers come from unions under it */
  orgId: Scalars['ID']['output'];
  /** The questionnaire, in order */
  questions: Array<SurveyQuestion>;
  /** Responses you can see: those counted in your scope (staff), or your own (members: 1 once you have answered) */
  responseCount?: Maybe<Scalars['Int']['output']>;
  /** Staff and admin: rating answers given at unions under orgId (default: the survey's org, or your own org for a survey run above you); null for an org you cannot see */
  satisfaction?: Maybe<SatisfactionFigure>;
  /** What the survey is called, 1-100 characters */
  title: Scalars['String']['output'];
};


/** A satisfaction survey of union service (微评议), run by a union over its subtree */
export type SurveySatisfactionArgs = {
  orgId?: InputMaybe<Scalars['ID']['input']>;
};

/** A rating for a RATING question, or text for a TEXT question */
export type SurveyAnswerInput = {
  /** The question answered; it must belong to the survey */
  questionId: Scalars['ID']['input'];
  /** Required for RATING questions */
  rating?: InputMaybe<Rating>;
  /** For TEXT questions; up to 1000 characters, may be left out */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** A page of surveys, in org-tree order */
export type SurveyConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<SurveyEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a SurveyConnection page, with its position */
export type SurveyEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Survey;
};

/** One question of a survey's questionnaire */
export type SurveyQuestion = {
  /** The question's id; answers name it as questionId */
  id: Scalars['ID']['output'];
  /** How it is answered: a rating or free text */
  kind: QuestionKind;
  /** 1-based position in the questionnaire */
  ordinal: Scalars['Int']['output'];
  /** The question as asked, 1-300 characters */
  text: Scalars['String']['output'];
};

/** One question of a new survey */
export type SurveyQuestionInput = {
  /** RATING (answered 满意 / 基本满意 / 不满意) or TEXT */
  kind: QuestionKind;
  /** 1-300 characters */
  text: Scalars['String']['input'];
};

/** One filled-in questionnaire, counted at the union it was answered for */
export type SurveyResponse = {
  /** The response's id (a ULID) */
  id: Scalars['ID']['output'];
  /** The union the answers are counted at */
  orgId: Scalars['ID']['output'];
  /** When the questionnaire was submitted or recorded, ISO 8601 UTC */
  submittedAt: Scalars['DateTimeISO']['output'];
  /** The survey answered; null if you cannot see it */
  survey?: Maybe<Survey>;
  /** The survey answered */
  surveyId: Scalars['ID']['output'];
};

/** A membership transfer (会籍接转): requested by the old org, accepted or returned by the new one */
export type Transfer = {
  /** When the new org accepted or returned it; null while REQUESTED */
  decidedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Null when outside your scope */
  fromOrg?: Maybe<Org>;
  /** The transfer's id (a ULID) */
  id: Scalars['ID']['output'];
  /** Null while the member is outside your scope (e.g. before you accept the transfer) */
  member?: Maybe<Member>;
  /** Masked name (张**), so the receiving org can recognise the person before the member is in its scope */
  memberName: Scalars['String']['output'];
  /** Why the old org requested it, 1-200 characters */
  reason: Scalars['String']['output'];
  /** When it was requested, ISO 8601 UTC */
  requestedAt: Scalars['DateTimeISO']['output'];
  /** Why the receiving org returned it */
  returnReason?: Maybe<Scalars['String']['output']>;
  /** REQUESTED, ACCEPTED or RETURNED */
  status: TransferStatus;
  /** Null when outside your scope */
  toOrg?: Maybe<Org>;
};

/** A page of transfers, newest first */
export type TransferConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<TransferEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** Relative to your org: into your subtree, out of it, or either */
export type TransferDirection =
  /** Both directions */
  | 'ANY'
  /** Transfers into your subtree: you accept or return them */
  | 'IN'
  /** Transfers out of your subtree: you requested them */
  | 'OUT';

/** One item of a TransferConnection page, with its position */
export type TransferEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Transfer;
};

/** Where a membership transfer (会籍接转) is */
export type TransferStatus =
  /** Accepted by the new org: the member now belongs to it */
  | 'ACCEPTED'
  /** Requested by the old org; waiting for the new org to accept or return it. The member is TRANSFERRING meanwhile */
  | 'REQUESTED'
  /** Returned by the new org with a reason; the member stays with the old org */
  | 'RETURNED';

/** Changes to a member; fields left out stay as they are */
export type UpdateMemberInput = {
  /** New employment type */
  employmentType?: InputMaybe<EmploymentType>;
  /** The version you read; the update is refused if someone changed the member since */
  expectedVersion: Scalars['Int']['input'];
  /** Whether the member is a model worker (劳模) */
  modelWorker?: InputMaybe<Scalars['Boolean']['input']>;
  /** New mainland mobile number, 11 digits */
  phone?: InputMaybe<Scalars['String']['input']>;
};

/** Counts of a programme's uptake under one union: vouchers by state, aid awards, care-visit spending. Money in fen. */
export type UptakeCounts = {
  /** Aid applications awarded (delivered ones included) */
  aidAwarded: Scalars['Int']['output'];
  /** Total of those awards, in fen (1/100 yuan) */
  aidAwardedCents: Scalars['Float']['output'];
  /** Awards handed over */
  aidDelivered: Scalars['Int']['output'];
  /** Total of the awards handed over, in fen */
  aidDeliveredCents: Scalars['Float']['output'];
  /** Cost of those care visits, in fen */
  careSpentCents: Scalars['Float']['output'];
  /** Care visits recorded by unions here, in batches of this programme */
  careVisits: Scalars['Int']['output'];
  /** Cancelled before use; their units went back to the quota */
  vouchersCancelled: Scalars['Int']['output'];
  /** Expired unredeemed; their units went back to the quota */
  vouchersExpired: Scalars['Int']['output'];
  /** Every voucher ever issued here, whatever its state now */
  vouchersIssued: Scalars['Int']['output'];
  /** Issued and not yet redeemed, expired or cancelled */
  vouchersOutstanding: Scalars['Int']['output'];
  /** Vouchers redeemed at a partner */
  vouchersRedeemed: Scalars['Int']['output'];
};

/** How soon the request must be handled; with the kind it selects the deadline rule (built-in defaults: 15, 7 and 3 days for everyday kinds) */
export type Urgency =
  /** Needs attention soon (default 7 days for everyday kinds) */
  | 'HIGH'
  /** Everyday request: the longest deadline of its kind (default 15 days for everyday kinds) */
  | 'NORMAL'
  /** Cannot wait (default 3 days for everyday kinds) */
  | 'URGENT';

/** A voucher issued to a member for a programme; a partner redeems it exactly once. Only the member and union staff see vouchers. */
export type Voucher = {
  /** 20 characters, unguessable: what a partner checks and redeems. Shown to the member and to union staff only */
  code?: Maybe<Scalars['String']['output']>;
  /** After this instant it can no longer be redeemed, and its unit goes back to the quota */
  expiresAt: Scalars['DateTimeISO']['output'];
  /** The voucher's id (a ULID); not the code shown as a QR code */
  id: Scalars['ID']['output'];
  /** When it was claimed or issued */
  issuedAt: Scalars['DateTimeISO']['output'];
  /** The programme the voucher is for; null if you cannot see it */
  programme?: Maybe<Programme>;
  /** What the member's app shows as a QR code: lianxin://v/<code> */
  qrPayload?: Maybe<Scalars['String']['output']>;
  /** When a partner redeemed it, ISO 8601 UTC; null unless REDEEMED */
  redeemedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** ISSUED until redeemed, expired or cancelled */
  state: VoucherState;
};

/** A voucher as a partner desk sees it: valid or not, why, and nothing personal beyond a masked name */
export type VoucherCheck = {
  /** When the voucher expires, ISO 8601 UTC; null for an unknown code */
  expiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Masked: 王*国 */
  memberName?: Maybe<Scalars['String']['output']>;
  /** The voucher's programme; null for an unknown code */
  programmeName?: Maybe<Scalars['String']['output']>;
  /** Empty when valid */
  reasons: Array<PartnerReason>;
  /** Units of the programme not yet issued; null when it has no quota */
  remainingQuota?: Maybe<Scalars['Int']['output']>;
  /** True when it can be redeemed now */
  valid: Scalars['Boolean']['output'];
};

/** A page of a member's vouchers, newest first */
export type VoucherConnection = {
  /** The items of this page, in the order of the list; empty when nothing (more) matches */
  edges: Array<VoucherEdge>;
  /** Whether another page follows, and the cursor to ask for it */
  pageInfo: PageInfo;
};

/** One item of a VoucherConnection page, with its position */
export type VoucherEdge = {
  /** Opaque position of this item; pass it as `after` to continue the list after it */
  cursor: Scalars['String']['output'];
  /** The item itself */
  node: Voucher;
};

/** The vouchers of a programme issued in one month (China time) under the counted union, and where they are now */
export type VoucherMonth = {
  /** Of those, cancelled before use */
  cancelled: Scalars['Int']['output'];
  /** Of those, expired unredeemed */
  expired: Scalars['Int']['output'];
  /** Issued in this month, whatever their state now */
  issued: Scalars['Int']['output'];
  /** The month they were issued in, YYYY-MM (China time) */
  month: Scalars['String']['output'];
  /** Of those, still held and usable */
  outstanding: Scalars['Int']['output'];
  /** Of those, redeemed at a partner */
  redeemed: Scalars['Int']['output'];
};

/** Where a voucher is in its life: issued, then redeemed once, expired or cancelled */
export type VoucherState =
  /** Cancelled by staff before use; its unit went back to the quota */
  | 'CANCELLED'
  /** Past its expiry unredeemed; its unit went back to the quota */
  | 'EXPIRED'
  /** Held by the member and usable at a partner until expiresAt */
  | 'ISSUED'
  /** Used at a partner; a voucher is redeemed exactly once */
  | 'REDEEMED';

export type DeskProgrammesQueryVariables = Exact<{ [key: string]: never; }>;


export type DeskProgrammesQuery = { deskProgrammes?: Array<{ id: string, name: string, startsOn: string, endsOn: string, open: boolean }> | null };

export type DeskCheckVoucherQueryVariables = Exact<{
  code: Scalars['String']['input'];
}>;


export type DeskCheckVoucherQuery = { checkVoucher?: { valid: boolean, reasons: Array<PartnerReason>, programmeName?: string | null, memberName?: string | null, expiresAt?: string | null } | null };

export type DeskCheckEligibilityQueryVariables = Exact<{
  programmeId: Scalars['ID']['input'];
  memberQr: Scalars['String']['input'];
}>;


export type DeskCheckEligibilityQuery = { checkEligibility?: { eligible: boolean, reasons: Array<PartnerReason>, memberName?: string | null } | null };

export type DeskRedeemMutationVariables = Exact<{
  code: Scalars['String']['input'];
  idempotencyKey: Scalars['String']['input'];
}>;


export type DeskRedeemMutation = { redeemVoucher?: { id: string, code: string, programmeName: string, memberName: string, redeemedAt: string } | null };

export type DeskRedemptionsQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type DeskRedemptionsQuery = { myRedemptions?: { edges: Array<{ node: { id: string, code: string, programmeName: string, memberName: string, redeemedAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } | null };

export type MyCasesQueryVariables = Exact<{ [key: string]: never; }>;


export type MyCasesQuery = { me?: { id: string, cases?: { edges: Array<{ node: { id: string, number: string, kind: CaseKind, state: CaseState, raisedAt: string, allowedActions: Array<CaseAction> } }> } | null } | null };

export type MyCaseQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type MyCaseQuery = { case?: { id: string, number: string, kind: CaseKind, state: CaseState, description: string, raisedAt: string, dueAt: string, resolution?: string | null, rating?: Rating | null, supervised: boolean, version: number, allowedActions: Array<CaseAction>, handlingOrg: { name?: string | null }, events: Array<{ seq: number, action: CaseAction, toState: CaseState, actorRole: string, at: string, note?: string | null, actorOrg?: { name?: string | null } | null }> } | null };

export type MyRaiseCaseMutationVariables = Exact<{
  input: RaiseCaseInput;
}>;


export type MyRaiseCaseMutation = { raiseCase?: { id: string } | null };

export type MyRateCaseMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
  rating: Rating;
  comment?: InputMaybe<Scalars['String']['input']>;
}>;


export type MyRateCaseMutation = { rateCase?: { id: string, state: CaseState } | null };

export type MyVouchersQueryVariables = Exact<{ [key: string]: never; }>;


export type MyVouchersQuery = { me?: { id: string, vouchers?: { edges: Array<{ node: { id: string, state: VoucherState, code?: string | null, qrPayload?: string | null, issuedAt: string, expiresAt: string, redeemedAt?: string | null, programme?: { id: string, name: string } | null } }> } | null } | null, programmes?: { edges: Array<{ node: { id: string, name: string, kind: ProgrammeKind, startsOn: string, endsOn: string, voucherValidDays?: number | null } }> } | null };

export type MyEligibilityQueryVariables = Exact<{
  programmeId: Scalars['ID']['input'];
  childId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type MyEligibilityQuery = { eligibility?: { status: EligibilityStatus, nextEligibleOn?: string | null, reasons: Array<{ code: ReasonCode }> } | null };

export type MyClaimVoucherMutationVariables = Exact<{
  programmeId: Scalars['ID']['input'];
}>;


export type MyClaimVoucherMutation = { claimVoucher?: { id: string, code?: string | null } | null };

export type MyAidQueryVariables = Exact<{ [key: string]: never; }>;


export type MyAidQuery = { me?: { id: string, children: Array<{ id: string, name: string, schoolStage: SchoolStage }> } | null, programmes?: { edges: Array<{ node: { id: string, name: string, endsOn: string } }> } | null, aidApplications?: { edges: Array<{ node: { id: string, state: AidState, year: number, childId: string, amountCents?: number | null, rejectReason?: string | null, createdAt: string, programme?: { id: string, name: string } | null, history: Array<{ id: string, toState: AidState, at: string, note?: string | null }> } }> } | null };

export type MyApplyForAidMutationVariables = Exact<{
  input: ApplyForEducationAidInput;
}>;


export type MyApplyForAidMutation = { applyForEducationAid?: { id: string, state: AidState } | null };

export type MyMembershipQueryVariables = Exact<{ [key: string]: never; }>;


export type MyMembershipQuery = { me?: { id: string, name: string, status: MembershipStatus, joinedOn: string, qrPayload?: string | null, org?: { name?: string | null } | null, transfers: Array<{ id: string, status: TransferStatus, reason: string, requestedAt: string, decidedAt?: string | null, returnReason?: string | null, toOrg?: { name?: string | null } | null }> } | null };

export type MyTransferTargetQueryVariables = Exact<{
  joinCode: Scalars['String']['input'];
}>;


export type MyTransferTargetQuery = { joinTarget?: { orgName: string, level: OrgLevel } | null };

export type MyRequestTransferMutationVariables = Exact<{
  joinCode: Scalars['String']['input'];
  reason: Scalars['String']['input'];
}>;


export type MyRequestTransferMutation = { requestMyTransfer?: { id: string, status: TransferStatus } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const DeskProgrammesDocument = new TypedDocumentString(`
    query DeskProgrammes {
  deskProgrammes {
    id
    name
    startsOn
    endsOn
    open
  }
}
    `) as unknown as TypedDocumentString<DeskProgrammesQuery, DeskProgrammesQueryVariables>;
export const DeskCheckVoucherDocument = new TypedDocumentString(`
    query DeskCheckVoucher($code: String!) {
  checkVoucher(code: $code) {
    valid
    reasons
    programmeName
    memberName
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<DeskCheckVoucherQuery, DeskCheckVoucherQueryVariables>;
export const DeskCheckEligibilityDocument = new TypedDocumentString(`
    query DeskCheckEligibility($programmeId: ID!, $memberQr: String!) {
  checkEligibility(programmeId: $programmeId, memberQr: $memberQr) {
    eligible
    reasons
    memberName
  }
}
    `) as unknown as TypedDocumentString<DeskCheckEligibilityQuery, DeskCheckEligibilityQueryVariables>;
export const DeskRedeemDocument = new TypedDocumentString(`
    mutation DeskRedeem($code: String!, $idempotencyKey: String!) {
  redeemVoucher(code: $code, idempotencyKey: $idempotencyKey) {
    id
    code
    programmeName
    memberName
    redeemedAt
  }
}
    `) as unknown as TypedDocumentString<DeskRedeemMutation, DeskRedeemMutationVariables>;
export const DeskRedemptionsDocument = new TypedDocumentString(`
    query DeskRedemptions($first: Int!, $after: String) {
  myRedemptions(first: $first, after: $after) {
    edges {
      node {
        id
        code
        programmeName
        memberName
        redeemedAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<DeskRedemptionsQuery, DeskRedemptionsQueryVariables>;
export const MyCasesDocument = new TypedDocumentString(`
    query MyCases {
  me {
    id
    cases(first: 50) {
      edges {
        node {
          id
          number
          kind
          state
          raisedAt
          allowedActions
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyCasesQuery, MyCasesQueryVariables>;
export const MyCaseDocument = new TypedDocumentString(`
    query MyCase($id: ID!) {
  case(id: $id) {
    id
    number
    kind
    state
    description
    raisedAt
    dueAt
    resolution
    rating
    supervised
    version
    allowedActions
    handlingOrg {
      name
    }
    events {
      seq
      action
      toState
      actorRole
      at
      note
      actorOrg {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyCaseQuery, MyCaseQueryVariables>;
export const MyRaiseCaseDocument = new TypedDocumentString(`
    mutation MyRaiseCase($input: RaiseCaseInput!) {
  raiseCase(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<MyRaiseCaseMutation, MyRaiseCaseMutationVariables>;
export const MyRateCaseDocument = new TypedDocumentString(`
    mutation MyRateCase($id: ID!, $version: Int, $rating: Rating!, $comment: String) {
  rateCase(id: $id, version: $version, rating: $rating, comment: $comment) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<MyRateCaseMutation, MyRateCaseMutationVariables>;
export const MyVouchersDocument = new TypedDocumentString(`
    query MyVouchers {
  me {
    id
    vouchers(first: 50) {
      edges {
        node {
          id
          state
          code
          qrPayload
          issuedAt
          expiresAt
          redeemedAt
          programme {
            id
            name
          }
        }
      }
    }
  }
  programmes(state: ACTIVE, first: 100) {
    edges {
      node {
        id
        name
        kind
        startsOn
        endsOn
        voucherValidDays
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyVouchersQuery, MyVouchersQueryVariables>;
export const MyEligibilityDocument = new TypedDocumentString(`
    query MyEligibility($programmeId: ID!, $childId: ID) {
  eligibility(programmeId: $programmeId, childId: $childId) {
    status
    nextEligibleOn
    reasons {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<MyEligibilityQuery, MyEligibilityQueryVariables>;
export const MyClaimVoucherDocument = new TypedDocumentString(`
    mutation MyClaimVoucher($programmeId: ID!) {
  claimVoucher(programmeId: $programmeId) {
    id
    code
  }
}
    `) as unknown as TypedDocumentString<MyClaimVoucherMutation, MyClaimVoucherMutationVariables>;
export const MyAidDocument = new TypedDocumentString(`
    query MyAid {
  me {
    id
    children {
      id
      name
      schoolStage
    }
  }
  programmes(state: ACTIVE, kind: EDUCATION_AID, first: 20) {
    edges {
      node {
        id
        name
        endsOn
      }
    }
  }
  aidApplications(first: 50) {
    edges {
      node {
        id
        state
        year
        childId
        amountCents
        rejectReason
        createdAt
        programme {
          id
          name
        }
        history {
          id
          toState
          at
          note
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyAidQuery, MyAidQueryVariables>;
export const MyApplyForAidDocument = new TypedDocumentString(`
    mutation MyApplyForAid($input: ApplyForEducationAidInput!) {
  applyForEducationAid(input: $input) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<MyApplyForAidMutation, MyApplyForAidMutationVariables>;
export const MyMembershipDocument = new TypedDocumentString(`
    query MyMembership {
  me {
    id
    name
    status
    joinedOn
    qrPayload
    org {
      name
    }
    transfers {
      id
      status
      reason
      requestedAt
      decidedAt
      returnReason
      toOrg {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyMembershipQuery, MyMembershipQueryVariables>;
export const MyTransferTargetDocument = new TypedDocumentString(`
    query MyTransferTarget($joinCode: String!) {
  joinTarget(joinCode: $joinCode) {
    orgName
    level
  }
}
    `) as unknown as TypedDocumentString<MyTransferTargetQuery, MyTransferTargetQueryVariables>;
export const MyRequestTransferDocument = new TypedDocumentString(`
    mutation MyRequestTransfer($joinCode: String!, $reason: String!) {
  requestMyTransfer(joinCode: $joinCode, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<MyRequestTransferMutation, MyRequestTransferMutationVariables>;