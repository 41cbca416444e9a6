import { Arg, Args, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, PageArgs, System, type SubgraphContext } from '@lianxin/subgraph';
import { Member, Org } from '../graph.types';
import type { ProgrammeRow } from '../programme/programme.entity';
import { programmeById } from '../programme/programme.loader';
import { Programme } from '../programme/programme.types';
import { memberQrPayload } from './member.qr';
import type { PartnerKeyRow, PartnerRow } from './partner.entity';
import * as desk from './partner.desk';
import { keysOfPartner, partnerById, programmeIdsOfPartner } from './partner.loader';
import * as partners from './partner.service';
import {
  DeskProgramme,
  IssuedPartnerKey,
  Partner,
  PartnerConnection,
  PartnerEligibility,
  PartnerKey,
  PartnerKeyOwner,
  Redemption,
  RedemptionConnection,
  RegisterPartnerInput,
  VoucherCheck,
} from './partner.types';

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => Partner, { nullable: true, description: 'A partner registered in your subtree; null when missing or outside it' })
  @Access('staff', 'admin')
  partner(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The partner\'s id' }) id: string): Promise<PartnerRow | null> {
    return partnerById(ctx).load(id);
  }

  @Query(() => PartnerConnection, { nullable: true, description: 'Partners registered in your subtree, in org-tree order' })
  @Access('staff', 'admin')
  partners(
    @Ctx() ctx: SubgraphContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orgId', () => ID, { nullable: true, description: 'Only partners registered by this union or one under it' }) orgId?: string | null,
  ): Promise<partners.PartnerPage> {
    return partners.listPartners(ctx, page, orgId);
  }

  @Mutation(() => Partner, { nullable: true, description: 'Register a partner venue or supplier under a union in your scope' })
  @Access('staff', 'admin')
  registerPartner(@Ctx() ctx: SubgraphContext, @Arg('input', () => RegisterPartnerInput, { description: 'The partner and the union registering it' }) input: RegisterPartnerInput): Promise<PartnerRow> {
    return partners.registerPartner(ctx, input);
  }

  @Mutation(() => Partner, { nullable: true, description: 'Let the partner serve a programme you can see. Programmes that reveal hardship or aid are refused' })
  @Access('staff', 'admin')
  bindPartnerProgramme(@Ctx() ctx: SubgraphContext, @Arg('partnerId', () => ID, { description: 'The partner' }) partnerId: string, @Arg('programmeId', () => ID, { description: 'A voucher programme in your scope; sensitive programmes cannot be bound' }) programmeId: string): Promise<PartnerRow> {
    return partners.bindPartnerProgramme(ctx, partnerId, programmeId);
  }

  @Mutation(() => Partner, { nullable: true, description: 'The partner stops serving the programme; its desk no longer sees that programme' })
  @Access('staff', 'admin')
  unbindPartnerProgramme(@Ctx() ctx: SubgraphContext, @Arg('partnerId', () => ID, { description: 'The partner' }) partnerId: string, @Arg('programmeId', () => ID, { description: 'The programme it should no longer serve' }) programmeId: string): Promise<PartnerRow> {
    return partners.unbindPartnerProgramme(ctx, partnerId, programmeId);
  }

  @Mutation(() => Partner, { nullable: true, description: 'Deactivate (or reactivate) a partner: a deactivated partner\'s keys and tokens see nothing' })
  @Access('staff', 'admin')
  setPartnerActive(@Ctx() ctx: SubgraphContext, @Arg('partnerId', () => ID, { description: 'The partner' }) partnerId: string, @Arg('active', { description: 'False stops its keys and tokens from working (within about a second at every gateway); true restores them' }) active: boolean): Promise<PartnerRow> {
    return partners.setPartnerActive(ctx, partnerId, active);
  }

  @Mutation(() => IssuedPartnerKey, { nullable: true, description: 'A new API key for the partner. The key is in this answer only: store it now' })
  @Access('staff', 'admin')
  issuePartnerKey(@Ctx() ctx: SubgraphContext, @Arg('partnerId', () => ID, { description: 'The partner to issue an API key for' }) partnerId: string): Promise<partners.IssuedKey> {
    return partners.issuePartnerKey(ctx, partnerId);
  }

  @Mutation(() => PartnerKey, { nullable: true, description: 'Revoke an API key for good; every gateway stops accepting it within about a second' })
  @Access('staff', 'admin')
  revokePartnerKey(@Ctx() ctx: SubgraphContext, @Arg('keyId', () => ID, { description: 'The key\'s id (PartnerKey.id); it stops working within about a second' }) keyId: string): Promise<PartnerKeyRow> {
    return partners.revokePartnerKey(ctx, keyId);
  }

  @Query(() => PartnerKeyOwner, { nullable: true, description: 'For the gateway: the partner holding the API key with this sha256 (hex)' })
  @Directive('@inaccessible')
  @System()
  _partnerByKeyHash(@Ctx() ctx: SubgraphContext, @Arg('hash') hash: string): Promise<partners.KeyOwner | null> {
    return partners.partnerByKeyHash(ctx, hash);
  }

  @FieldResolver(() => Org, { description: 'The union that registered the partner; its staff manage it' })
  org(@Root() p: PartnerRow): Org {
    return { id: p.orgId };
  }

  @FieldResolver(() => [Programme], { description: 'The programmes it serves that you can see' })
  async programmes(@Root() p: PartnerRow, @Ctx() ctx: SubgraphContext): Promise<ProgrammeRow[]> {
    const ids = await programmeIdsOfPartner(ctx).load(p.id);
    const rows = await programmeById(ctx).loadMany(ids);
    return rows.filter((r): r is ProgrammeRow => !!r && !(r instanceof Error));
  }

  @FieldResolver(() => [PartnerKey], { description: 'Its API keys, newest first (prefixes only)' })
  keys(@Root() p: PartnerRow, @Ctx() ctx: SubgraphContext): Promise<PartnerKeyRow[]> {
    return keysOfPartner(ctx).load(p.id);
  }
}

/** The partner desk: partner callers only, each seeing only the programmes it serves. */
@Resolver()
export class PartnerDeskResolver {
  @Query(() => [DeskProgramme], { nullable: true, description: 'Partner desk: the programmes your venue serves (never a sensitive one), running ones first. Their ids are what checkEligibility takes' })
  @Access('partner')
  deskProgrammes(@Ctx() ctx: SubgraphContext): Promise<desk.DeskProgrammeResult[]> {
    return desk.deskProgrammes(ctx);
  }

  @Query(() => VoucherCheck, { nullable: true, description: 'Partner desk: is this voucher (code or QR payload) redeemable now? A code of a programme you do not serve reads as UNKNOWN_CODE' })
  @Access('partner')
  checkVoucher(@Ctx() ctx: SubgraphContext, @Arg('code', { description: 'The voucher code as scanned from the member\'s QR code (printable ASCII)' }) code: string): Promise<desk.VoucherCheckResult> {
    return desk.checkVoucher(ctx, code);
  }

  @Query(() => PartnerEligibility, { nullable: true, description: 'Partner desk: may the member whose QR you scanned use this programme of yours? A yes or no with partner-safe reasons' })
  @Access('partner')
  checkEligibility(@Ctx() ctx: SubgraphContext, @Arg('programmeId', () => ID, { description: 'One of the programmes your venue serves' }) programmeId: string, @Arg('memberQr', { description: 'The member QR payload as scanned (lianxin://m/…)' }) memberQr: string): Promise<desk.PartnerEligibilityResult> {
    return desk.checkEligibility(ctx, programmeId, memberQr);
  }

  @Mutation(() => Redemption, {
    nullable: true,
    description:
      'Partner desk: redeem a voucher, exactly once. Send a fresh idempotencyKey (e.g. a UUID) per redemption and the same one to retry: a retry returns the first answer. Refusals: UNKNOWN_CODE, ALREADY_REDEEMED, EXPIRED, CANCELLED, IDEMPOTENCY_KEY_REUSED',
  })
  @Access('partner')
  redeemVoucher(@Ctx() ctx: SubgraphContext, @Arg('code', { description: 'The voucher code as scanned' }) code: string, @Arg('idempotencyKey', { description: 'Your own unique key for this redemption, 1-64 printable ASCII characters without spaces (e.g. a UUID); a retry with the same key gets the first answer, the same key for another code is IDEMPOTENCY_KEY_REUSED' }) idempotencyKey: string): Promise<desk.RedemptionResult> {
    return desk.redeemVoucher(ctx, code, idempotencyKey);
  }

  @Query(() => RedemptionConnection, { nullable: true, description: 'Partner desk: your redemptions, newest first' })
  @Access('partner')
  myRedemptions(
    @Ctx() ctx: SubgraphContext,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<desk.RedemptionPage> {
    return desk.myRedemptions(ctx, page.first, page.after);
  }
}

@Resolver(() => Member)
export class MemberQrResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The member\'s own QR (lianxin://m/<id>.<signature>) to show at a partner desk for an eligibility check. Only the member themself gets it; null for anyone else',
  })
  qrPayload(@Root() m: Member, @Ctx() ctx: SubgraphContext): string | null {
    const secret = ctx.services?.internalSecret as string | undefined;
    if (ctx.caller.role !== 'member' || ctx.caller.memberId !== m.id || !secret) return null;
    return memberQrPayload(secret, m.id);
  }
}

export const partnerResolvers = [PartnerResolver, PartnerDeskResolver, MemberQrResolver] as const;
