import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsEnum, Length, Matches } from 'class-validator';
import { PartnerKind } from './partner.entity';
import { connectionOf } from '@lianxin/subgraph';

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const PARTNER_LIMITS = { name: 100, idempotencyKey: 64 } as const;

/**
 * What a partner desk may be told about a voucher or a member. Deliberately its own
 * list: eligibility reasons outside the partner-safe few (hardship, aid, children,
 * employment) all arrive as NOT_ELIGIBLE, and an unknown code and a code of a programme
 * the partner does not serve are both UNKNOWN_CODE.
 */
export enum PartnerReason {
  UNKNOWN_CODE = 'UNKNOWN_CODE',
  EXPIRED = 'EXPIRED',
  ALREADY_REDEEMED = 'ALREADY_REDEEMED',
  CANCELLED = 'CANCELLED',
  INVALID_QR = 'INVALID_QR',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  PROGRAMME_NOT_OPEN = 'PROGRAMME_NOT_OPEN',
  OUTSIDE_PROGRAMME_AREA = 'OUTSIDE_PROGRAMME_AREA',
  NOT_ACTIVE_MEMBER = 'NOT_ACTIVE_MEMBER',
  LIMIT_REACHED = 'LIMIT_REACHED',
  QUOTA_EXHAUSTED = 'QUOTA_EXHAUSTED',
}
registerEnumType(PartnerReason, {
  name: 'PartnerReason',
  description: 'What a partner desk is told: a yes or no and these codes, nothing about the member beyond them',
  valuesConfig: {
    UNKNOWN_CODE: { description: 'No such voucher code among the programmes this partner serves' },
    EXPIRED: { description: 'The voucher is past its expiry' },
    ALREADY_REDEEMED: { description: 'The voucher was already used; it cannot be used twice' },
    CANCELLED: { description: 'The voucher was cancelled by the union' },
    INVALID_QR: { description: "The scanned code is not a member QR issued by the union (malformed or a wrong signature), or names no member" },
    NOT_ELIGIBLE: { description: 'Not eligible, for a reason the partner is not told (it stays between the member and the union)' },
    PROGRAMME_NOT_OPEN: { description: 'The programme is not running today' },
    OUTSIDE_PROGRAMME_AREA: { description: "The member's union is outside the area the programme covers" },
    NOT_ACTIVE_MEMBER: { description: 'The membership is not active' },
    LIMIT_REACHED: { description: "The member's limit for the period is used up" },
    QUOTA_EXHAUSTED: { description: 'No places or units left' },
  },
});

/* ---------- partner management (admin, staff of the registering union) ---------- */

@ObjectType({ description: 'A partner venue or supplier (cinema, pool, gym, clinic, supplier), bound to the programmes it serves' })
export class Partner {
  @Field(() => ID, { description: 'The partner\'s id (a ULID)' })
  id: string;

  @Field({ description: 'The venue\'s or supplier\'s name, 1-100 characters' })
  name: string;

  @Field(() => PartnerKind, { description: 'What kind of venue or supplier it is' })
  kind: PartnerKind;

  @Field({ description: 'A deactivated partner\'s keys and tokens see nothing' })
  active: boolean;

  @Field({ description: 'When it was registered, ISO 8601 UTC' })
  createdAt: Date;
}

@ObjectType({ description: 'An API key of a partner. The key itself is shown once, when issued; only its prefix is kept in the clear' })
export class PartnerKey {
  @Field(() => ID, { description: 'The key\'s id; revoke it with revokePartnerKey' })
  id: string;

  @Field({ description: 'The visible start of the key: lx_<prefix>_…' })
  prefix: string;

  @Field({ description: 'When the key was issued, ISO 8601 UTC' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Set once revoked; every gateway stops accepting the key within about a second' })
  revokedAt: Date | null;
}

@ObjectType({ description: 'A newly issued API key. Store `key` now: it is never shown again. The partner sends it as the X-Api-Key header' })
export class IssuedPartnerKey {
  @Field(() => ID, { description: 'The key\'s id; revoke it with revokePartnerKey' })
  id: string;

  @Field(() => ID, { description: 'The partner the key acts for' })
  partnerId: string;

  @Field({ description: 'The key\'s public part (the 8 characters after lx_), kept in the clear to tell keys apart' })
  prefix: string;

  @Field({ description: 'lx_<prefix>_<secret>' })
  key: string;
}

@ObjectType({ description: 'For the gateway: who owns an API key' })
@Directive('@inaccessible')
export class PartnerKeyOwner {
  @Field(() => ID, { description: 'The partner holding the key' })
  partnerId: string;

  @Field(() => ID, { description: 'The key\'s id' })
  keyId: string;

  @Field({ description: 'False when the key is revoked or the partner deactivated' })
  active: boolean;
}

@InputType({ description: 'A partner registered by a union in your scope; its staff manage it' })
export class RegisterPartnerInput {
  @Field({ description: '1-100 characters, e.g. 滨江影城' })
  @Length(1, PARTNER_LIMITS.name)
  @Matches(/\S/, { message: 'must not be blank' })
  name: string;

  @Field(() => PartnerKind, { description: 'What kind of venue or supplier it is' })
  @IsEnum(PartnerKind)
  kind: PartnerKind;

  @Field(() => ID, { description: 'The registering union' })
  orgId: string;
}

export const PartnerConnection = connectionOf(Partner, 'Partner', 'A page of partners, in org-tree order');
export type PartnerConnection = InstanceType<typeof PartnerConnection>;

/* ---------- the partner desk (partner callers only) ---------- */

@ObjectType({ description: 'A voucher as a partner desk sees it: valid or not, why, and nothing personal beyond a masked name' })
export class VoucherCheck {
  @Field({ description: 'True when it can be redeemed now' })
  valid: boolean;

  @Field(() => [PartnerReason], { description: 'Empty when valid' })
  reasons: PartnerReason[];

  @Field(() => String, { nullable: true, description: 'The voucher\'s programme; null for an unknown code' })
  programmeName: string | null;

  @Field(() => String, { nullable: true, description: 'Masked: 王*国' })
  memberName: string | null;

  @Field(() => Date, { nullable: true, description: 'When the voucher expires, ISO 8601 UTC; null for an unknown code' })
  expiresAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Units of the programme not yet issued; null when it has no quota' })
  remainingQuota: number | null;
}

@ObjectType({ description: 'Whether a member (by their QR) may use one of your programmes: a yes or no with partner-safe reason codes' })
export class PartnerEligibility {
  @Field({ description: 'Yes or no: the member may use the programme now' })
  eligible: boolean;

  @Field(() => [PartnerReason], { description: 'Empty when eligible' })
  reasons: PartnerReason[];

  @Field(() => String, { nullable: true, description: 'Masked: 王*国' })
  memberName: string | null;

  @Field(() => Int, { nullable: true, description: 'Units of the programme not yet issued; null when it has no quota' })
  remainingQuota: number | null;
}

@ObjectType({ description: 'A programme your venue serves, as the desk sees it: its name and period, nothing about who uses it' })
export class DeskProgramme {
  @Field(() => ID, { description: 'The programme\'s id: pass it to checkEligibility' })
  id: string;

  @Field({ description: 'Display name, e.g. 2025 暑期免费观影' })
  name: string;

  @Field({ description: 'First day of the programme (Beijing time)' })
  startsOn: string;

  @Field({ description: 'Last day of the programme (Beijing time)' })
  endsOn: string;

  @Field({ description: 'True while the programme is running (ACTIVE); vouchers of a programme not open cannot be claimed' })
  open: boolean;
}

@ObjectType({ description: 'A redemption at your venue' })
export class Redemption {
  @Field(() => ID, { description: 'The redemption\'s id (a ULID)' })
  id: string;

  @Field({ description: 'The voucher code redeemed' })
  code: string;

  @Field(() => ID, { description: 'The voucher\'s programme' })
  programmeId: string;

  @Field({ description: 'The programme\'s name' })
  programmeName: string;

  @Field({ description: 'Masked: 王*国' })
  memberName: string;

  @Field({ description: 'When it was redeemed, ISO 8601 UTC' })
  redeemedAt: Date;
}

export const RedemptionConnection = connectionOf(Redemption, 'Redemption', 'Your redemptions, newest first');
export type RedemptionConnection = InstanceType<typeof RedemptionConnection>;

