import { Directive, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsISO8601, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { CaseAction, CaseChannel, CaseKind, CaseState, CloseReason, DeclineReason, OutreachKind, Rating, Urgency } from '../casefile/case.enums';
import { connectionOf } from '@lianxin/subgraph';

@ObjectType({ description: 'A worker request (诉求/工单), from registration to sign-off' })
@Directive('@key(fields: "id")')
export class Case {
  @Field(() => ID, { description: 'The case\'s id (a ULID); use number when talking to people' })
  id: string;

  @Field({ description: 'Human-readable and stable: <org code>-<year>-<sequence>' })
  number: string;

  @Field(() => CaseKind, { description: 'What the request is about; with urgency it sets the deadline' })
  kind: CaseKind;

  @Field(() => CaseChannel, { description: 'Where the request came in' })
  channel: CaseChannel;

  @Field(() => Urgency, { description: 'How soon it must be handled; with kind it sets the deadline' })
  urgency: Urgency;

  @Field({ description: 'The worker\'s request in their own words, 5-2000 characters' })
  description: string;

  @Field(() => CaseState, { description: 'Where the case is in its lifecycle' })
  state: CaseState;

  @Field({ description: 'Raised without a name: no member is linked and no worker recorded, and only the handling orgs see it' })
  anonymous: boolean;

  @Field(() => String, { nullable: true, description: 'Who accepted it (接单), as the names read then: `权益保障部 张敏`, or the person alone' })
  responsible: string | null;

  @Field(() => ID, { nullable: true, description: 'The staff account named on acceptance (StaffAccount in the members directory)' })
  responsibleStaffId: string | null;

  @Field(() => ID, { nullable: true, description: 'Its 部室 (Department), when the handling union has departments' })
  responsibleDepartmentId: string | null;

  @Field(() => String, { nullable: true, description: 'What was done, recorded on resolving (办结); null until resolved' })
  resolution: string | null;

  @Field(() => DeclineReason, { nullable: true, description: 'Why it was declined (不予受理); null unless DECLINED' })
  declineReason: DeclineReason | null;

  @Field({ description: '督办: a deadline was missed, the worker was unsatisfied, or a higher level stepped in' })
  supervised: boolean;

  @Field({ description: 'Resolution deadline; time waiting on the worker is added when the clock resumes' })
  dueAt: Date;

  @Field(() => Date, { nullable: true, description: 'While transferred: when the receiver must accept or return it' })
  acceptDueAt: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Resolved by the deadline; null until resolved' })
  onTime: boolean | null;

  @Field({ description: 'When the case was registered (挂号), ISO 8601 UTC' })
  raisedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the resolution was recorded; null until resolved (cleared again if an unsatisfied rating reopens it)' })
  resolvedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was signed off (签单); null until then' })
  signedOffAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was closed (销账), rated or by timeout; null until then' })
  closedAt: Date | null;

  @Field(() => CloseReason, { nullable: true, description: 'How it was closed; null until CLOSED' })
  closeReason: CloseReason | null;

  @Field(() => Rating, { nullable: true, description: 'The worker\'s latest satisfaction rating; null until rated' })
  rating: Rating | null;

  @Field(() => String, { nullable: true, description: 'What the worker said with the rating, if anything' })
  ratingComment: string | null;

  @Field(() => Int, { description: 'How many times an unsatisfied rating reopened the case' })
  reopenCount: number;

  @Field(() => OutreachKind, { nullable: true, description: 'The kind of outreach record the case was raised from (a chair visit…); null when it came in another way' })
  sourceKind: OutreachKind | null;

  @Field(() => ID, { nullable: true, description: 'The id of that record (for CHAIR_VISIT, the ChairVisit; see Case.chairVisit)' })
  sourceId: string | null;

  @Field(() => Int, { description: 'Increases with every change; a stale copy cannot overwrite a newer one' })
  version: number;
}

@ObjectType({ description: 'A referral of the case to an outside agency (转办外部机构): a legal-aid centre, a labour inspection bureau…' })
export class CaseReferral {
  @Field(() => ID, { description: 'The referral\'s id (a ULID)' })
  id: string;

  @Field({ description: 'The agency it was referred to' })
  agency: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was referred' })
  referredAt: Date;

  @Field({ description: 'The China day by which the agency should answer (YYYY-MM-DD)' })
  dueOn: string;

  @Field(() => String, { nullable: true, description: 'What the agency answered; null while it has not' })
  answer: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the answer was recorded' })
  answeredAt: Date | null;
}

@ObjectType({ description: 'One entry of the append-only, hash-chained case ledger (问题台账)' })
export class CaseEvent {
  @Field(() => Int, { description: '1-based position in the case\'s ledger; consecutive, never reused' })
  seq: number;

  @Field(() => CaseAction, { description: 'What happened' })
  action: CaseAction;

  @Field(() => CaseState, { nullable: true, description: 'State before the change; null for RAISE' })
  fromState: CaseState | null;

  @Field(() => CaseState, { description: 'State after the change (the same as fromState for e.g. SUPERVISE or ESCALATE)' })
  toState: CaseState;

  @Field({ description: 'Role of whoever made the change (member, staff, admin, system)' })
  actorRole: string;

  @Field(() => ID, { nullable: true, description: 'The org the actor acted for; null for members and the system sweep' })
  actorOrgId: string | null;

  @Field({ description: 'When it happened, ISO 8601 UTC' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Free text recorded with the change, as given (1-2000 characters)' })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'Structured detail as JSON: target org, reason code, rating…' })
  detail: string | null;

  @Field({ description: 'SHA-256 (hex) over the previous event\'s hash and this event\'s fields; verifyLedger checks the chain' })
  hash: string;
}

export const CaseConnection = connectionOf(Case, 'Case', 'A page of cases, newest first');
export type CaseConnection = InstanceType<typeof CaseConnection>;

const DAY = /^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

@InputType({ description: 'Which cases to list; every filter narrows the result, and none widens it beyond your scope' })
export class CaseFilter {
  @Field(() => ID, { nullable: true, description: 'Cases raised or handled under this org (default: your own org, or the whole tree for admins)' })
  @IsOptional()
  orgId?: string;

  @Field(() => CaseState, { nullable: true, description: 'Only cases in this state' })
  @IsOptional()
  state?: CaseState;

  @Field(() => CaseKind, { nullable: true, description: 'Only cases of this kind' })
  @IsOptional()
  kind?: CaseKind;

  @Field(() => CaseChannel, { nullable: true, description: 'Only cases that came in through this channel (e.g. CHAIR_VISIT_DAY for a chair visit day)' })
  @IsOptional()
  channel?: CaseChannel;

  @Field(() => Urgency, { nullable: true, description: 'Only cases of this urgency' })
  @IsOptional()
  urgency?: Urgency;

  @Field(() => Boolean, { nullable: true, description: 'Only open cases past their deadline (true), or only those not (false)' })
  @IsOptional()
  overdue?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Only cases under supervision (督办) (true), or only those not (false)' })
  @IsOptional()
  supervised?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only cases handled at the org itself (orgId, default your own), leaving out those of lower orgs that it can only supervise',
  })
  @IsOptional()
  handledHere?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only cases waiting on the org (orgId, default your own): handled or escalated there and to be accepted, progressed, resolved or signed off; and resolved cases below it whose kind needs a higher level to sign off',
  })
  @IsOptional()
  needsMyAction?: boolean;

  @Field({ nullable: true, description: 'Only cases raised on or after this day, YYYY-MM-DD (China time)' })
  @IsOptional()
  @Matches(DAY, { message: 'write a day as YYYY-MM-DD, e.g. 2026-01-01' })
  @IsISO8601({ strict: true }, { message: 'is not a day of the calendar' })
  raisedFrom?: string;

  @Field({ nullable: true, description: 'Only cases raised on or before this day, YYYY-MM-DD (China time), inclusive' })
  @IsOptional()
  @Matches(DAY, { message: 'write a day as YYYY-MM-DD, e.g. 2026-12-31' })
  @IsISO8601({ strict: true }, { message: 'is not a day of the calendar' })
  raisedTo?: string;
}

@InputType({ description: 'A worker who is not a member, who phoned or walked in: who to call back (回访)' })
export class WorkerContactInput {
  @Field({ description: 'Their name as they gave it, 2-50 characters' })
  name: string;

  @Field({ description: 'A phone to call them back on: an 11-digit mobile (13812345678) or a landline with its area code (0571-87654321)' })
  phone: string;
}

@ObjectType({ description: 'A worker who is not a member, recorded on a case by staff. Union staff see it; partners never reach cases' })
export class CaseWorker {
  @Field({ description: 'Their name as they gave it' })
  name: string;
}

@InputType({ description: 'A new worker request (挂号)' })
export class RaiseCaseInput {
  @Field(() => CaseKind, { description: 'What the request is about' })
  kind: CaseKind;

  @Field(() => CaseChannel, { description: 'Where it came in' })
  channel: CaseChannel;

  @Field(() => Urgency, { defaultValue: Urgency.NORMAL, description: 'How soon it must be handled (default NORMAL); with kind it sets the deadline' })
  urgency: Urgency;

  @Field({ description: 'The request in the worker\'s words, 5-2000 characters' })
  @Length(5, 2000)
  description: string;

  @Field({ defaultValue: false, description: 'Members: raise without your name. Nobody, you included, can then link the case to you' })
  anonymous: boolean;

  @Field(() => ID, { nullable: true, description: 'Where it was raised. Staff: an org in their scope (default: their own). Members: their own union (the default) or one above it, as a call to the 12351 hotline or the county website reaches' })
  @IsOptional()
  orgId?: string;

  @Field(() => ID, { nullable: true, description: 'Staff raising on a member\'s behalf: the member, who must belong under that org' })
  @IsOptional()
  memberId?: string;

  @Field(() => WorkerContactInput, {
    nullable: true,
    description: 'Staff registering for a worker who is not a member (no account): their name and phone. The case has no member link and is closed by a callback (recordCallback) instead of a rating',
  })
  @IsOptional()
  worker?: WorkerContactInput | null;
}

@InputType({ description: 'A case to change, and optionally the version you last saw' })
export class CaseRef {
  @Field(() => ID, { description: 'The case\'s id' })
  id: string;

  @Field(() => Int, { nullable: true, description: 'The version you last saw; a newer case gets CONFLICT instead of being overwritten' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

/** Free text on a transition; the ledger keeps it. */
export const NOTE_LENGTH = [1, 2000] as const;
