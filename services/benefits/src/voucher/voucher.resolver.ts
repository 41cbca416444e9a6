import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Access, badInput, type SubgraphContext } from '@lianxin/subgraph';
import { Member } from '../graph.types';
import type { ProgrammeRow } from '../programme/programme.entity';
import { programmeById } from '../programme/programme.loader';
import { Programme } from '../programme/programme.types';
import { voucherQrPayload } from './voucher.code';
import { VoucherState, type VoucherRow } from './voucher.entity';
import { vouchersOfMember } from './voucher.loader';
import * as vouchers from './voucher.service';
import { Voucher } from './voucher.types';

@Resolver(() => Voucher)
export class VoucherResolver {
  @Mutation(() => Voucher, {
    description: 'Claim a voucher of an open programme for yourself. Refused with NOT_ELIGIBLE (reason codes in extensions.reasons), QUOTA_EXHAUSTED or LIMIT_REACHED',
  })
  @Access('member')
  claimVoucher(@Ctx() ctx: SubgraphContext, @Arg('programmeId', () => ID) programmeId: string): Promise<VoucherRow> {
    return vouchers.claimVoucher(ctx, programmeId);
  }

  @Mutation(() => Voucher, { description: 'Issue a voucher to a member of your subtree, by the same rules as a claim' })
  @Access('staff', 'admin')
  issueVoucher(@Ctx() ctx: SubgraphContext, @Arg('programmeId', () => ID) programmeId: string, @Arg('memberId', () => ID) memberId: string): Promise<VoucherRow> {
    return vouchers.issueVoucher(ctx, programmeId, memberId);
  }

  @Mutation(() => Voucher, { description: 'Cancel an issued voucher (yours, or one in your subtree): its unit goes back to the quota and the per-member limit slot is freed' })
  @Access('member', 'staff', 'admin')
  cancelVoucher(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID) id: string): Promise<VoucherRow> {
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

  @FieldResolver(() => Programme, { nullable: true })
  programme(@Root() v: VoucherRow, @Ctx() ctx: SubgraphContext): Promise<ProgrammeRow | null> {
    return programmeById(ctx).load(v.programmeId);
  }
}

@Resolver(() => Member)
export class MemberVoucherResolver {
  @FieldResolver(() => [Voucher], { description: 'The member\'s vouchers, newest first: for the member themself and union staff of their subtree; empty for anyone else' })
  vouchers(
    @Root() m: Member,
    @Ctx() ctx: SubgraphContext,
    @Arg('state', () => VoucherState, { nullable: true }) state?: VoucherState | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number = 20,
  ): Promise<VoucherRow[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first', 'must be between 1 and 100');
    return vouchersOfMember(ctx).load({ memberId: m.id, state: state ?? null, first });
  }
}

export const voucherResolvers = [VoucherResolver, MemberVoucherResolver] as const;
