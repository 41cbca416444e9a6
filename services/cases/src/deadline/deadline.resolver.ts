import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { Access, type SubgraphContext } from '@lianxin/subgraph';
import { CaseKind, Urgency } from '../case/case.enums';
import { deadlineMatrix, setDeadline, type DeadlineEntry } from './deadline.service';

@ObjectType({ description: 'The deadline (办理时限) that applies to one kind and urgency at an org' })
export class DeadlineRule {
  @Field(() => CaseKind)
  kind: CaseKind;

  @Field(() => Urgency)
  urgency: Urgency;

  @Field(() => Int, { description: 'Hours to resolve, not counting time waiting on the worker' })
  resolveHours: number;

  @Field(() => Int, { description: 'Hours a receiving org has to accept or return a transfer' })
  acceptHours: number;

  @Field(() => ID, { nullable: true, description: 'The org whose rule applies; null for the built-in default' })
  setAtOrgId: string | null;
}

@InputType()
export class SetDeadlineInput {
  @Field(() => ID)
  orgId: string;

  @Field(() => CaseKind)
  kind: CaseKind;

  @Field(() => Urgency)
  urgency: Urgency;

  @Field(() => Int)
  @Min(1)
  @Max(24 * 366)
  resolveHours: number;

  @Field(() => Int)
  @Min(1)
  @Max(24 * 90)
  acceptHours: number;
}

@Resolver()
export class DeadlineResolver {
  @Query(() => [DeadlineRule], { description: 'The effective deadlines at an org in your scope: the strictest along its path' })
  @Access('staff', 'admin')
  deadlinePolicy(@Ctx() ctx: SubgraphContext, @Arg('orgId', () => ID) orgId: string): Promise<DeadlineEntry[]> {
    return deadlineMatrix(ctx, orgId);
  }

  @Mutation(() => DeadlineRule, { description: 'Set a deadline at an org in your scope. The city sets policy; lower levels may only shorten it' })
  @Access('staff', 'admin')
  setDeadline(@Ctx() ctx: SubgraphContext, @Arg('input', () => SetDeadlineInput) input: SetDeadlineInput): Promise<DeadlineEntry> {
    return setDeadline(ctx, input);
  }
}

export const deadlineResolvers = [DeadlineResolver] as const;
