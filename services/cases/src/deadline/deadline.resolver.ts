import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { Access, type SubgraphContext } from '@lianxin/subgraph';
import { CaseKind, Urgency } from '../casefile/case.enums';
import { deadlineMatrix, setDeadline, type DeadlineEntry } from './deadline.service';

@ObjectType({ description: 'The deadline (办理时限) that applies to one kind and urgency at an org' })
export class DeadlineRule {
  @Field(() => CaseKind, { description: 'The case kind the rule is for' })
  kind: CaseKind;

  @Field(() => Urgency, { description: 'The urgency the rule is for' })
  urgency: Urgency;

  @Field(() => Int, { description: 'Hours to resolve, not counting time waiting on the worker' })
  resolveHours: number;

  @Field(() => Int, { description: 'Hours a receiving org has to accept or return a transfer' })
  acceptHours: number;

  @Field(() => ID, { nullable: true, description: 'The org whose rule applies; null for the built-in default' })
  setAtOrgId: string | null;
}

@InputType({ description: 'A deadline rule (办理时限) for one case kind and urgency at an org in your scope; below the city it may only shorten what the orgs above set' })
export class SetDeadlineInput {
  @Field(() => ID, { description: 'The org the rule is set at; it applies to cases handled at that org and under it' })
  orgId: string;

  @Field(() => CaseKind, { description: 'The case kind the rule is for' })
  kind: CaseKind;

  @Field(() => Urgency, { description: 'The urgency the rule is for' })
  urgency: Urgency;

  @Field(() => Int, { description: 'Hours to resolve a case, 1-8784 (366 days); time waiting on the worker is not counted' })
  @Min(1)
  @Max(24 * 366)
  resolveHours: number;

  @Field(() => Int, { description: 'Hours a receiving org has to accept or return a transferred case, 1-2160 (90 days)' })
  @Min(1)
  @Max(24 * 90)
  acceptHours: number;
}

@Resolver()
export class DeadlineResolver {
  @Query(() => [DeadlineRule], { nullable: true, description: 'The effective deadlines at an org in your scope: the strictest along its path' })
  @Access('staff', 'admin')
  deadlinePolicy(@Ctx() ctx: SubgraphContext, @Arg('orgId', () => ID, { description: 'The org whose effective deadlines to list; it must be in your scope' }) orgId: string): Promise<DeadlineEntry[]> {
    return deadlineMatrix(ctx, orgId);
  }

  @Mutation(() => DeadlineRule, { nullable: true, description: 'Set a deadline at an org in your scope. The city sets policy; lower levels may only shorten it' })
  @Access('staff', 'admin')
  setDeadline(@Ctx() ctx: SubgraphContext, @Arg('input', () => SetDeadlineInput, { description: 'The rule to set' }) input: SetDeadlineInput): Promise<DeadlineEntry> {
    return setDeadline(ctx, input);
  }
}

export const deadlineResolvers = [DeadlineResolver] as const;
