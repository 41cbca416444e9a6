import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import { CaseAction, CaseChannel, CaseKind, CaseState, CloseReason, DeclineReason, Rating, Urgency } from './case.enums';
import { connectionOf } from '@lianxin/subgraph';

/** The members subgraph owns Member; this subgraph contributes `Member.cases`. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID)
  id: string;
}

/**
 * The members subgraph owns Org; this subgraph contributes `Org.caseStats`, and answers
 * the shareable `code` and `name` of the orgs its cases refer to (see CaseOrgResolver).
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Org {
  @Field(() => ID)
  id: string;
}

@ObjectType({ description: 'A worker request (诉求/工单), from registration to sign-off' })
@Directive('@key(fields: "id")')
export class Case {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Human-readable and stable: <org code>-<year>-<sequence>' })
  number: string;

  @Field(() => CaseKind)
  kind: CaseKind;

  @Field(() => CaseChannel)
  channel: CaseChannel;

  @Field(() => Urgency)
  urgency: Urgency;

  @Field()
  description: string;

  @Field(() => CaseState)
  state: CaseState;

  @Field({ description: 'Raised without a name: no member is linked, and only the handling orgs see it' })
  anonymous: boolean;

  @Field(() => String, { nullable: true, description: 'The department or person named on acceptance' })
  responsible: string | null;

  @Field(() => String, { nullable: true })
  resolution: string | null;

  @Field(() => DeclineReason, { nullable: true })
  declineReason: DeclineReason | null;

  @Field({ description: '督办: a deadline was missed, the worker was unsatisfied, or a higher level stepped in' })
  supervised: boolean;

  @Field({ description: 'Resolution deadline; time waiting on the worker is added when the clock resumes' })
  dueAt: Date;

  @Field(() => Date, { nullable: true, description: 'While transferred: when the receiver must accept or return it' })
  acceptDueAt: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Resolved by the deadline; null until resolved' })
  onTime: boolean | null;

  @Field()
  raisedAt: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Field(() => Date, { nullable: true })
  signedOffAt: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => CloseReason, { nullable: true })
  closeReason: CloseReason | null;

  @Field(() => Rating, { nullable: true })
  rating: Rating | null;

  @Field(() => String, { nullable: true })
  ratingComment: string | null;

  @Field(() => Int)
  reopenCount: number;

  @Field(() => Int, { description: 'Increases with every change; a stale copy cannot overwrite a newer one' })
  version: number;
}

@ObjectType({ description: 'One entry of the append-only, hash-chained case ledger (问题台账)' })
export class CaseEvent {
  @Field(() => Int)
  seq: number;

  @Field(() => CaseAction)
  action: CaseAction;

  @Field(() => CaseState, { nullable: true })
  fromState: CaseState | null;

  @Field(() => CaseState)
  toState: CaseState;

  @Field({ description: 'Role of whoever made the change (member, staff, admin, system)' })
  actorRole: string;

  @Field(() => ID, { nullable: true })
  actorOrgId: string | null;

  @Field()
  at: Date;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'Structured detail as JSON: target org, reason code, rating…' })
  detail: string | null;

  @Field()
  hash: string;
}

export const CaseConnection = connectionOf(Case, 'Case', 'A page of cases, newest first');
export type CaseConnection = InstanceType<typeof CaseConnection>;

@InputType()
export class CaseFilter {
  @Field(() => ID, { nullable: true, description: 'Cases raised or handled under this org (default: your own org, or the whole tree for admins)' })
  @IsOptional()
  orgId?: string;

  @Field(() => CaseState, { nullable: true })
  @IsOptional()
  state?: CaseState;

  @Field(() => CaseKind, { nullable: true })
  @IsOptional()
  kind?: CaseKind;

  @Field(() => Boolean, { nullable: true, description: 'Only open cases past their deadline (true), or only those not (false)' })
  @IsOptional()
  overdue?: boolean;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  supervised?: boolean;
}

@InputType()
export class RaiseCaseInput {
  @Field(() => CaseKind)
  kind: CaseKind;

  @Field(() => CaseChannel)
  channel: CaseChannel;

  @Field(() => Urgency, { defaultValue: Urgency.NORMAL })
  urgency: Urgency;

  @Field()
  @Length(5, 2000)
  description: string;

  @Field({ defaultValue: false, description: 'Members: raise without your name. Nobody, you included, can then link the case to you' })
  anonymous: boolean;

  @Field(() => ID, { nullable: true, description: 'Staff: the org where it was raised (default: your own). Members always raise at their own org' })
  @IsOptional()
  orgId?: string;

  @Field(() => ID, { nullable: true, description: 'Staff raising on a member\'s behalf: the member, who must belong under that org' })
  @IsOptional()
  memberId?: string;
}

@InputType()
export class CaseRef {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { nullable: true, description: 'The version you last saw; a newer case gets CONFLICT instead of being overwritten' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

/** Free text on a transition; the ledger keeps it. */
export const NOTE_LENGTH = [1, 2000] as const;
