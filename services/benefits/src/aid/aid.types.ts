import { ArgsType, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { AidState } from '../grant/aid.entity';
import { ProgrammeKind } from '../programme/programme.enums';
import { connectionOf, PageArgs } from '@lianxin/subgraph';

/** The steps staff take on an application after it is made; AidApplication.allowedSteps says which the caller may take now. */
export enum AidStep {
  CHECK = 'CHECK',
  REVIEW = 'REVIEW',
  DELIVER = 'DELIVER',
}
registerEnumType(AidStep, {
  name: 'AidStep',
  description: 'A step staff take on an education aid application: the enterprise check, the district review, the delivery',
  valuesConfig: {
    CHECK: { description: 'Enterprise check of an APPLIED application (checkAidApplication): pass it on or reject it' },
    REVIEW: { description: 'District review of an ENTERPRISE_CHECKED application (reviewAidApplication): award or reject' },
    DELIVER: { description: 'Hand over an AWARDED award (markAidDelivered)' },
  },
});

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const AID_LIMITS = { note: 300 } as const;

@ObjectType({
  description: 'An aid application: education aid (金秋助学: apply → enterprise check → district review → awarded or rejected → delivered) or model-worker aid (困难劳模救助: apply → district review → awarded or rejected → delivered)',
})
export class AidApplication {
  @Field(() => ID, { description: 'The application\'s id (a ULID)' })
  id: string;

  @Field(() => AidState, { description: 'Where the application is in apply → enterprise check → district review → awarded or rejected → delivered' })
  state: AidState;

  @Field(() => Int, { description: 'The aid year (Beijing calendar) the award counts in: one award per child per year' })
  year: number;

  @Field(() => Float, { nullable: true, description: 'Awarded amount in fen: the programme\'s amount when awarded; null before' })
  amountCents: number | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected (enterprise check or district review)' })
  rejectReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The child the aid is for (a child recorded on the member); null for model-worker aid, which is the member\'s own' })
  childId: string | null;

  @Field(() => ProgrammeKind, { description: 'EDUCATION_AID (金秋助学: enterprise check, then district review) or MODEL_WORKER_AID (困难劳模救助: the district reviews directly)' })
  kind: ProgrammeKind;

  @Field(() => GraphQLISODateTime, { description: 'When it was applied for, ISO 8601 UTC' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When its state last changed, ISO 8601 UTC' })
  updatedAt: Date;
}

@ObjectType({ description: 'One step of an application\'s history (append-only)' })
export class AidEvent {
  @Field(() => ID, { description: 'The event\'s id (a ULID)' })
  id: string;

  @Field(() => AidState, { nullable: true, description: 'Null for the application itself' })
  fromState: AidState | null;

  @Field(() => AidState, { description: 'The state the application moved to' })
  toState: AidState;

  @Field({ description: 'member, staff or admin' })
  actorRole: string;

  @Field(() => ID, { nullable: true, description: 'The union of the actor (staff: the one they work for; members: their own); null for admins' })
  actorOrgId: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it happened, ISO 8601 UTC' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'The checker\'s or reviewer\'s note, or the rejection reason; null if none was given' })
  note: string | null;
}

export const AidApplicationConnection = connectionOf(AidApplication, 'AidApplication', 'A page of education aid applications, in org-tree order');
export type AidApplicationConnection = InstanceType<typeof AidApplicationConnection>;

@InputType({ description: 'An education aid (金秋助学) application for one child of a member; one award per child per year' })
export class ApplyForEducationAidInput {
  @Field(() => ID, { description: 'An open EDUCATION_AID programme covering the member' })
  programmeId: string;

  @Field(() => ID, { description: 'One of the member\'s recorded children' })
  childId: string;

  @Field(() => ID, { nullable: true, description: 'Staff applying on a member\'s behalf: the member (in your scope). Members leave it out.' })
  @IsOptional()
  memberId?: string | null;
}

@InputType({ description: 'Open the matching aid application from a worker\'s case: 金秋助学 from an EDUCATION_AID case, 困难劳模救助 from a HARDSHIP_AID case' })
export class OpenAidFromCaseInput {
  @Field(() => ID, { description: 'The case, accepted and not yet resolved, handled by your union and linked to a member' })
  caseId: string;

  @Field(() => ID, { description: 'An open programme of the matching kind covering the member: EDUCATION_AID for an education-aid case, MODEL_WORKER_AID for a hardship-aid case' })
  programmeId: string;

  @Field(() => ID, { nullable: true, description: 'Education aid: which of the member\'s recorded children. Leave out for model-worker aid' })
  @IsOptional()
  childId?: string | null;
}

@ArgsType()
export class AidApplicationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only applications of members of unions under this one (default: all you can see)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => AidState, { nullable: true, description: 'Only applications in this state' })
  @IsOptional()
  @IsEnum(AidState)
  state?: AidState | null;

  @Field(() => ID, { nullable: true, description: 'Only applications to this programme' })
  @IsOptional()
  programmeId?: string | null;
}
