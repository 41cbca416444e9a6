import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEnumType } from 'type-graphql';

export enum PartnerKind {
  CINEMA = 'CINEMA',
  POOL = 'POOL',
  GYM = 'GYM',
  CLINIC = 'CLINIC',
  SUPPLIER = 'SUPPLIER',
}
registerEnumType(PartnerKind, {
  name: 'PartnerKind',
  description: 'What kind of venue or supplier a partner is',
  valuesConfig: {
    CINEMA: { description: 'A cinema or cinema chain (影院) redeeming cinema vouchers' },
    POOL: { description: 'A swimming pool (游泳馆)' },
    GYM: { description: 'A gym or sports venue (健身房)' },
    CLINIC: { description: 'A clinic or hospital doing health checks (体检机构)' },
    SUPPLIER: { description: 'A supplier delivering gifts or goods (供应商)' },
  },
});

/** A partner venue or supplier. It sees only its programmes' vouchers and eligibility, data-minimised. */
@Entity('partner')
export class PartnerRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 12 })
  kind: PartnerKind;

  /** The org that registered the partner; its staff manage it. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** An API key: only its sha256 is stored; the key itself is shown once, at issue. */
@Entity('partner_key')
export class PartnerKeyRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'partner_id', type: 'varchar', length: 26 })
  partnerId: string;
  /** The shard key: its partner's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'partner', key: 'partnerId' })
  city?: string;

  /** The visible start of the key (`lx_<prefix>_…`), to tell keys apart in lists. */
  @Column({ type: 'varchar', length: 12 })
  prefix: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt: Date | null;
}
