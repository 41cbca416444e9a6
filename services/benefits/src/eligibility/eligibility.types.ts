import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { EligibilityStatus, ReasonCode } from './eligibility.engine';

// Registered once, here: every module that returns these enums imports this file.
registerEnumType(EligibilityStatus, { name: 'EligibilityStatus', description: 'ELIGIBLE; INELIGIBLE (see reasons); NEEDS_INFO (something must be said or recorded first, e.g. which child)' });
registerEnumType(ReasonCode, { name: 'ReasonCode', description: 'Stable reason codes: switch on these, not on the messages' });

@ObjectType({ description: 'One thing standing in the way' })
export class EligibilityReason {
  @Field(() => ReasonCode)
  code: ReasonCode;

  @Field({ description: 'What it means and, where something can be done, what to do' })
  message: string;
}

@ObjectType({ description: 'An explained eligibility decision. It names the rule version it was made under; member facts themselves are never returned.' })
export class EligibilityAnswer {
  @Field(() => EligibilityStatus)
  status: EligibilityStatus;

  @Field(() => [EligibilityReason], { description: 'Every reason that applies, not only the first; empty when eligible' })
  reasons: EligibilityReason[];

  @Field(() => Int, { description: 'The version of the programme\'s rules this answer was given under' })
  ruleVersion: number;

  @Field(() => GraphQLDate, { nullable: true, description: 'The first day (Beijing time) the member becomes eligible by waiting; null when waiting does not help, or when eligible now' })
  nextEligibleOn: string | null;

  @Field(() => ID, { nullable: true, description: 'The child the answer is about, for per-child programmes' })
  childId: string | null;

  @Field(() => ID)
  programmeId: string;
}
