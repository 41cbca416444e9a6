import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEnumType } from 'type-graphql';

export enum VoucherState {
  ISSUED = 'ISSUED',
  REDEEMED = 'REDEEMED',
  /** Past its expiry unredeemed; its unit went back to the quota. */
  EXPIRED = 'EXPIRED',
  /** Cancelled before use; its unit went back to the quota. */
  CANCELLED = 'CANCELLED',
}
registerEnumType(VoucherState, {
  name: 'VoucherState',
  description: 'Where a voucher is in its life: issued, then redeemed once, expired or cancelled',
  valuesConfig: {
    ISSUED: { description: 'Held by the member and usable at a partner until expiresAt' },
    REDEEMED: { description: 'Used at a partner; a voucher is redeemed exactly once' },
    EXPIRED: { description: 'Past its expiry unredeemed; its unit went back to the quota' },
    CANCELLED: { description: 'Cancelled by staff before use; its unit went back to the quota' },
  },
});

/** A voucher issued to a member for a programme, redeemed at a partner exactly once. */
@Entity('voucher')
export class VoucherRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'programme_id', type: 'varchar', length: 26 })
  programmeId: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;

  /** The member's org when it was issued: what scopes it for staff. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  /** The allocation it counts against (its parents count it too). */
  @Column({ name: 'allocation_id', type: 'varchar', length: 26 })
  allocationId: string;

  /** ~100 random bits, Crockford base32: unguessable, shown as a QR code. */
  @Column({ type: 'varchar', length: 24 })
  code: string;

  @Column({ type: 'varchar', length: 12 })
  state: VoucherState;

  @Column({ name: 'issued_at', type: 'datetime' })
  issuedAt: Date;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt: Date;

  @Column({ name: 'redeemed_at', type: 'datetime', nullable: true })
  redeemedAt: Date | null;

  @Column({ name: 'partner_id', type: 'varchar', length: 26, nullable: true })
  partnerId: string | null;

  /**
   * `<programme>:<member>:<period>:<n>` while the voucher counts towards a per-member
   * limit; unique, so two concurrent claims cannot both take the last slot. Cleared when
   * the voucher expires or is cancelled, which frees the slot.
   */
  @Column({ name: 'limit_key', type: 'varchar', length: 90, nullable: true })
  limitKey: string | null;

  @Column({ name: 'issued_by', type: 'varchar', length: 64 })
  issuedBy: string;

  @Column({ type: 'int', default: 1 })
  version: number;

  /** When the member was told it has 3 days left; set once, by the sweep that told them. */
  @Column({ name: 'expiry_warned_at', type: 'datetime', nullable: true })
  expiryWarnedAt?: Date | null;
}

/** One redemption. `voucher_id` is unique: the database itself refuses a second one. */
@Entity('redemption')
export class RedemptionRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'voucher_id', type: 'varchar', length: 26 })
  voucherId: string;
  /** The shard key: its voucher's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'voucher', key: 'voucherId' })
  city?: string;

  @Column({ name: 'programme_id', type: 'varchar', length: 26 })
  programmeId: string;

  @Column({ name: 'partner_id', type: 'varchar', length: 26 })
  partnerId: string;

  /** Chosen by the partner; a retry with the same key returns the first answer. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 64 })
  idempotencyKey: string;

  /** sha256 of what was asked; the same key with a different request is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'datetime' })
  at: Date;
}
