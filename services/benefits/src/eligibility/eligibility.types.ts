import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { EligibilityStatus, ReasonCode } from './eligibility.engine';

// Registered once, here: every module that returns these enums imports this file.
registerEnumType(EligibilityStatus, {
  name: 'EligibilityStatus',
  description: 'ELIGIBLE; INELIGIBLE (see reasons); NEEDS_INFO (something must be said or recorded first, e.g. which child)',
  valuesConfig: {
    ELIGIBLE: { description: 'The member may claim or apply now' },
    INELIGIBLE: { description: 'Something stands in the way; reasons says what, nextEligibleOn when waiting helps' },
    NEEDS_INFO: { description: 'Nothing rules the member out, but something must be said or recorded first (e.g. which child)' },
  },
});
registerEnumType(ReasonCode, {
  name: 'ReasonCode',
  description: 'Stable reason codes: switch on these, not on the messages',
  valuesConfig: {
    PROGRAMME_NOT_OPEN: { description: 'The programme is not ACTIVE, has ended, or has not started yet (then nextEligibleOn is its start date)' },
    OUTSIDE_PROGRAMME_AREA: { description: "The member's union is outside the subtree the programme covers" },
    NOT_ACTIVE_MEMBER: { description: 'The membership status is not one the programme covers (ACTIVE unless the rules say otherwise)' },
    EMPLOYMENT_TYPE_NOT_COVERED: { description: "The programme is for other employment types (e.g. only delivery riders 外卖员)" },
    NOT_HARDSHIP_TIER: { description: 'The programme is for registered hardship workers (困难职工) of certain tiers' },
    NOT_MODEL_WORKER: { description: 'The programme is for model workers (劳模)' },
    NO_CHILD_RECORDED: { description: 'A per-child programme, and no child is recorded for the member; the union must add one (NEEDS_INFO)' },
    CHILD_REQUIRED: { description: 'Say which child: several qualify, or the childId given is not one of the member\'s (NEEDS_INFO)' },
    CHILD_NOT_COVERED: { description: "The child's age or school stage is not covered" },
    LIMIT_REACHED: { description: 'The per-member or per-child limit for the period is used up; nextEligibleOn is when the next period starts' },
    QUOTA_EXHAUSTED: { description: 'No places or units left in the quota the member would draw from' },
    ALREADY_AIDED: { description: 'Already aided by another programme or level within the exclusion window; nextEligibleOn is when it ends' },
  },
});

@ObjectType({ description: 'One thing standing in the way' })
export class EligibilityReason {
  @Field(() => ReasonCode, { description: 'Stable code for the reason; switch on this, not on the message' })
  code: ReasonCode;

  @Field({ description: 'What it means and, where something can be done, what to do' })
  message: string;
}

@ObjectType({ description: 'An explained eligibility decision. It names the rule version it was made under; member facts themselves are never returned.' })
export class EligibilityAnswer {
  @Field(() => EligibilityStatus, { description: 'ELIGIBLE, INELIGIBLE or NEEDS_INFO' })
  status: EligibilityStatus;

  @Field(() => [EligibilityReason], { description: 'Every reason that applies, not only the first; empty when eligible' })
  reasons: EligibilityReason[];

  @Field(() => Int, { description: 'The version of the programme\'s rules this answer was given under' })
  ruleVersion: number;

  @Field(() => GraphQLDate, { nullable: true, description: 'The first day (Beijing time) the member becomes eligible by waiting; null when waiting does not help, or when eligible now' })
  nextEligibleOn: string | null;

  @Field(() => ID, { nullable: true, description: 'The child the answer is about, for per-child programmes' })
  childId: string | null;

  @Field(() => ID, { description: 'The programme the answer is about' })
  programmeId: string;
}
