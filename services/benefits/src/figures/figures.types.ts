import { Field, Float, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import { Allocation } from '../programme/programme.types';
import type { ProgrammeRow } from '../programme/programme.entity';

@ObjectType({ description: 'Quota and budget carved into one child union\'s subtree, against what was issued and spent there. Money in fen.' })
export class ChildAllocationFigure {
  @Field(() => ID, { description: 'The child union (directly under the counted union)' })
  orgId: string;

  @Field(() => Int, { description: 'Units carved into this child\'s subtree from shares above it' })
  allocatedQuota: number;

  @Field(() => Float, { description: 'Budget carved into this child\'s subtree, in fen (1/100 yuan)' })
  allocatedBudgetCents: number;

  @Field(() => Int, { description: 'Units issued against the shares in this child\'s subtree (returned units not counted)' })
  used: number;

  @Field(() => Float, { description: 'Spent against the shares in this child\'s subtree, in fen' })
  spentCents: number;

  @Field(() => Int, { description: 'Units carved in and not yet issued' })
  remaining: number;
}

/** What every uptake count holds, for a programme under one union: vouchers by state, aid awards, care visits. Money in fen. */
@InterfaceType({ description: 'Counts of a programme\'s uptake under one union: vouchers by state, aid awards, care-visit spending. Money in fen.' })
export abstract class UptakeCounts {
  @Field(() => Int, { description: 'Every voucher ever issued here, whatever its state now' })
  vouchersIssued: number;

  @Field(() => Int, { description: 'Issued and not yet redeemed, expired or cancelled' })
  vouchersOutstanding: number;

  @Field(() => Int, { description: 'Vouchers redeemed at a partner' })
  vouchersRedeemed: number;

  @Field(() => Int, { description: 'Expired unredeemed; their units went back to the quota' })
  vouchersExpired: number;

  @Field(() => Int, { description: 'Cancelled before use; their units went back to the quota' })
  vouchersCancelled: number;

  @Field(() => Int, { description: 'Aid applications awarded (delivered ones included)' })
  aidAwarded: number;

  @Field(() => Float, { description: 'Total of those awards, in fen (1/100 yuan)' })
  aidAwardedCents: number;

  @Field(() => Int, { description: 'Awards handed over' })
  aidDelivered: number;

  @Field(() => Float, { description: 'Total of the awards handed over, in fen' })
  aidDeliveredCents: number;

  @Field(() => Int, { description: 'Care visits recorded by unions here, in batches of this programme' })
  careVisits: number;

  @Field(() => Float, { description: 'Cost of those care visits, in fen' })
  careSpentCents: number;
}

@ObjectType({
  implements: UptakeCounts,
  description:
    'Uptake of one programme in one union\'s subtree: vouchers by state, aid awards, care-visit spending, and budget allocated against used. ' +
    'Records count by the union of the member (vouchers, aid) or of the visiting union (care) when they were made. Money in fen.',
})
export class ProgrammeUptake extends UptakeCounts {
  @Field(() => ID, { description: 'The programme counted' })
  programmeId: string;

  @Field(() => ID, { description: 'The union whose subtree was counted' })
  orgId: string;

  @Field(() => Allocation, { nullable: true, description: 'The share members of this union claim from: its own, or the nearest one above it' })
  share: Allocation | null;

  @Field(() => [ChildAllocationFigure], { description: 'Per child union holding shares, in tree order; child unions with no share below them are left out' })
  children: ChildAllocationFigure[];

  /** The counted union's path and the programme: what the monthly and per-union figures are read under (not fields). */
  orgPath: string;
  programme: ProgrammeRow;
}

@ObjectType({ description: 'The vouchers of a programme issued in one month (China time) under the counted union, and where they are now' })
export class VoucherMonth {
  @Field({ description: 'The month they were issued in, YYYY-MM (China time)' })
  month: string;

  @Field(() => Int, { description: 'Issued in this month, whatever their state now' })
  issued: number;

  @Field(() => Int, { description: 'Of those, still held and usable' })
  outstanding: number;

  @Field(() => Int, { description: 'Of those, redeemed at a partner' })
  redeemed: number;

  @Field(() => Int, { description: 'Of those, expired unredeemed' })
  expired: number;

  @Field(() => Int, { description: 'Of those, cancelled before use' })
  cancelled: number;
}

@ObjectType({
  implements: UptakeCounts,
  description: 'Uptake of a programme under one union directly below the counted union (or the counted union itself, for records made at it). Money in fen.',
})
export class OrgUptake extends UptakeCounts {
  @Field(() => ID, { description: 'The union: a child of the counted union, or the counted union itself' })
  orgId: string;

  /** Tree order (not a field). */
  orgPath: string;
}
