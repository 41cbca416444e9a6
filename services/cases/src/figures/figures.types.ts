import { ArgsType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { CaseKind, CaseState } from '../casefile/case.enums';

@ObjectType({ description: 'How many of the counted cases are in one state now' })
export class CaseStateCount {
  @Field(() => CaseState, { description: 'The state' })
  state: CaseState;

  @Field(() => Int, { description: 'Counted cases in that state now' })
  count: number;
}

@ObjectType({ description: 'How many of the counted cases are of one kind' })
export class CaseKindCount {
  @Field(() => CaseKind, { description: 'The kind' })
  kind: CaseKind;

  @Field(() => Int, { description: 'Counted cases of that kind' })
  count: number;
}

@ObjectType({
  description:
    'Case figures of an org subtree for a period of China calendar months (UTC+8). A case counts when it was RAISED at the org or ' +
    'anywhere under it, in a month of the period (by raisedAt), whoever handles it now; every count is of the state it is in now. ' +
    'Rates are between 0 and 1, and null when their denominator is 0.',
})
export class CaseFigures {
  @Field(() => ID, { description: 'The org whose subtree was counted' })
  orgId: string;

  @Field({ description: 'First month counted, YYYY-MM (China time)' })
  from: string;

  @Field({ description: 'Last month counted, YYYY-MM (China time), inclusive' })
  to: string;

  @Field(() => CaseKind, { nullable: true, description: 'The only kind counted; null: every kind' })
  kind: CaseKind | null;

  @Field(() => Int, { description: 'Cases raised under the org in the period' })
  total: number;

  @Field(() => [CaseStateCount], { description: 'Every state in lifecycle order, zeros included; the counts add up to total' })
  byState: CaseStateCount[];

  @Field(() => Int, { description: 'Resolved (办结): RESOLVED + SIGNED_OFF + CLOSED' })
  resolved: number;

  @Field(() => Int, { description: 'Declined (不予受理)' })
  declined: number;

  @Field(() => Float, { nullable: true, description: '解决率: resolved / (total - declined)' })
  resolutionRate: number | null;

  @Field(() => Float, { nullable: true, description: '结单率: (CLOSED + DECLINED) / total' })
  closureRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '按时办结率: resolved by the (pause-adjusted) deadline / resolved. A case reopened by an unsatisfied rating counts again only once resolved again',
  })
  onTimeRate: number | null;

  @Field(() => Int, { description: 'Cases carrying a rating now: the latest rating of each case, including an unsatisfied one that reopened it' })
  rated: number;

  @Field(() => Float, { nullable: true, description: '满意率: (SATISFIED + BASICALLY_SATISFIED) / rated' })
  satisfactionRate: number | null;

  @Field(() => Int, { description: 'Cases marked supervised (督办) by a missed deadline, an unsatisfied rating or a higher level; the mark stays once resolved' })
  supervised: number;

  @Field(() => Int, {
    description: 'Overdue now: in a state where the deadline clock runs (REGISTERED, TRANSFERRED, ACCEPTED, IN_PROGRESS) and past the deadline. Waiting on the worker is not overdue',
  })
  overdue: number;

  @Field(() => Int, { description: '上报: cases passed up to a higher union at least once, whatever happened to them next' })
  passedUp: number;

  @Field(() => Int, { description: '转办外部机构: cases referred to an outside agency (a legal-aid centre, a labour inspection bureau) at least once' })
  referredOut: number;

  @Field(() => [CaseKindCount], { description: 'Up to five kinds with the most cases, most first; equal counts in kind name order; kinds with no case left out' })
  topKinds: CaseKindCount[];
}

const FROM = { description: 'First month counted, YYYY-MM on the China calendar' };
const TO = { description: 'Last month counted, YYYY-MM, inclusive; at most 10 years (120 months) from `from`' };
const KIND = { nullable: true, description: 'Count only this kind' } as const;

/** Arguments of `Org.caseStats`. Months are checked by the service (parsePeriod), one message per mistake. */
@ArgsType()
export class CaseStatsArgs {
  @Field(FROM)
  from: string;

  @Field(TO)
  to: string;

  @Field(() => CaseKind, KIND)
  kind?: CaseKind | null;
}

/** Arguments of `caseFigures`: the same, for a named org. */
@ArgsType()
export class CaseFiguresArgs {
  @Field(() => ID, { nullable: true, description: 'The org to count (default: your own; admins must name one)' })
  orgId?: string | null;

  @Field(FROM)
  from: string;

  @Field(TO)
  to: string;

  @Field(() => CaseKind, KIND)
  kind?: CaseKind | null;
}
