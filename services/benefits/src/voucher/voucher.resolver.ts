import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Access, afterId, IDEMPOTENCY_KEY_ARG, encodeIdCursor, PageArgs, pageOf, type Page, type SubgraphContext } from '@lianxin/subgraph';
import { Member } from '../graph.types';
import type { ProgrammeRow } from '../programme/programme.entity';
import { programmeById } from '../programme/programme.loader';
import { Programme } from '../programme/programme.types';
import { voucherQrPayload } from './voucher.code';
import { VoucherState, type VoucherRow } from '../grant/voucher.entity';
import { vouchersOfMember } from './voucher.loader';
import * as vouchers from './voucher.service';
import { Voucher, VoucherConnection } from './voucher.types';

@Resolver(() => Voucher)
export class VoucherResolver {
  @Mutation(() => Voucher, {
    nullable: true,
    description: 'Claim a voucher of an open programme for yourself. Refused with NOT_ELIGIBLE (reason codes in extensions.reasons), QUOTA_EXHAUSTED or LIMIT_REACHED',
  })
  @Access('member')
  claimVoucher(
    @Ctx() ctx: SubgraphContext,
    @Arg('programmeId', () => ID, { description: 'An ACTIVE voucher programme covering you; the voucher draws one unit from your union\'s nearest share' }) programmeId: string,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<VoucherRow> {
    return vouchers.claimVoucher(ctx, programmeId, new Date(), idempotencyKey);
  }

  @Mutation(() => Voucher, { nullable: true, description: 'Issue a voucher to a member of your subtree, by the same rules as a claim' })
  @Access('staff', 'admin')
  issueVoucher(@Ctx() ctx: SubgraphContext, @Arg('programmeId', () => ID, { description: 'An ACTIVE voucher programme covering the member' }) programmeId: string, @Arg('memberId', () => ID, { description: 'The member (in your scope) to issue to' }) memberId: string): Promise<VoucherRow> {
    return vouchers.issueVoucher(ctx, programmeId, memberId);
  }

  @Mutation(() => Voucher, { nullable: true, description: 'Cancel an issued voucher (yours, or one in your subtree): its unit goes back to the quota and the per-member limit slot is freed' })
  @Access('member', 'staff', 'admin')
  cancelVoucher(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'An ISSUED voucher; its unit goes back to the quota' }) id: string): Promise<VoucherRow> {
    return vouchers.cancelVoucher(ctx, id);
  }

  @FieldResolver(() => String, { nullable: true, description: '20 characters, unguessable: what a partner checks and redeems. Shown to the member and to union staff only' })
  code(@Root() v: VoucherRow, @Ctx() ctx: SubgraphContext): string | null {
    return vouchers.maySeeCode(ctx, v) ? v.code : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'What the member\'s app shows as a QR code: lianxin://v/<code>' })
  qrPayload(@Root() v: VoucherRow, @Ctx() ctx: SubgraphContext): string | null {
    return vouchers.maySeeCode(ctx, v) ? voucherQrPayload(v.code) : null;
  }

  @FieldResolver(() => Programme, { nullable: true, description: 'The programme the voucher is for; null if you cannot see it' })
  programme(@Root() v: VoucherRow, @Ctx() ctx: SubgraphContext): Promise<ProgrammeRow | null> {
    return programmeById(ctx).load(v.programmeId);
  }
}

@Resolver(() => Member)
export class MemberVoucherResolver {
  // Nullable, like every field one subgraph adds to another's entity: when benefits is down the
  // gateway can then null just this field and keep the member (and everything above it).
  @FieldResolver(() => VoucherConnection, { nullable: true, description: 'The member\'s vouchers, newest first: for the member themself and union staff of their subtree; empty for anyone else' })
  async vouchers(
    @Root() m: Member,
    @Ctx() ctx: SubgraphContext,
    @Arg('state', () => VoucherState, { nullable: true, description: 'Only vouchers in this state; all states when omitted' }) state: VoucherState | null | undefined,
    @Args(() => PageArgs) { first, after }: PageArgs,
  ): Promise<Page<VoucherRow>> {
    const rows = await vouchersOfMember(ctx).load({ memberId: m.id, state: state ?? null, first: first + 1, afterId: afterId(after) ?? null });
    return pageOf(rows, first, (v) => encodeIdCursor(v.id));
  }
}

export const voucherResolvers = [VoucherResolver, MemberVoucherResolver] as const;
