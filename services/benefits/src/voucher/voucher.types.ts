import { Field, ID, ObjectType } from 'type-graphql';
import { VoucherState } from './voucher.entity';

@ObjectType({ description: 'A voucher issued to a member for a programme; a partner redeems it exactly once. Only the member and union staff see vouchers.' })
export class Voucher {
  @Field(() => ID)
  id: string;

  @Field(() => VoucherState)
  state: VoucherState;

  @Field({ description: 'When it was claimed or issued' })
  issuedAt: Date;

  @Field({ description: 'After this instant it can no longer be redeemed, and its unit goes back to the quota' })
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  redeemedAt: Date | null;
}
