import { Field, ID, ObjectType } from 'type-graphql';
import { connectionOf } from '@lianxin/subgraph';
import { VoucherState } from '../grant/voucher.entity';

@ObjectType({ description: 'A voucher issued to a member for a programme; a partner redeems it exactly once. Only the member and union staff see vouchers.' })
export class Voucher {
  @Field(() => ID, { description: 'The voucher\'s id (a ULID); not the code shown as a QR code' })
  id: string;

  @Field(() => VoucherState, { description: 'ISSUED until redeemed, expired or cancelled' })
  state: VoucherState;

  @Field({ description: 'When it was claimed or issued' })
  issuedAt: Date;

  @Field({ description: 'After this instant it can no longer be redeemed, and its unit goes back to the quota' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a partner redeemed it, ISO 8601 UTC; null unless REDEEMED' })
  redeemedAt: Date | null;
}

export const VoucherConnection = connectionOf(Voucher, 'Voucher', 'A page of a member\'s vouchers, newest first');
export type VoucherConnection = InstanceType<typeof VoucherConnection>;
