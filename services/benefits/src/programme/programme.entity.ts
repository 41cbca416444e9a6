import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Money } from '../columns';
import type { ProgrammeKind, ProgrammeState } from './programme.enums';

/** A benefit programme, owned by an org and covering its subtree. */
@Entity('programme')
export class ProgrammeRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  kind: ProgrammeKind;

  /** Its use reveals hardship or aid (education aid, model-worker aid, hardship rules): partners never see it. */
  @Column({ type: 'boolean', default: false })
  sensitive: boolean;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  /** Units that may be issued in all (vouchers, places, awards); null = no quota. */
  @Column({ type: 'int', nullable: true })
  quota: number | null;

  @Money('budget_cents', { nullable: true })
  budgetCents: number | null;

  /** Per-award amount where the programme pays one (education aid: a setting, e.g. 50000 = 500 yuan). */
  @Money('amount_cents', { nullable: true })
  amountCents: number | null;

  /** Days a voucher stays valid after issue. */
  @Column({ name: 'voucher_valid_days', type: 'int', nullable: true })
  voucherValidDays: number | null;

  /** The rule version answers are given under (see ProgrammeRulesRow). */
  @Column({ name: 'rules_version', type: 'int', default: 0 })
  rulesVersion: number;

  @Column({ type: 'varchar', length: 8 })
  state: ProgrammeState;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/** Versioned eligibility rules, as data. Append-only: a change is a new version. */
@Entity('programme_rules')
export class ProgrammeRulesRow {
  @PrimaryColumn({ name: 'programme_id', type: 'varchar', length: 26 })
  programmeId: string;
  /** The shard key: its programme's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'programme', key: 'programmeId' })
  city?: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  /**
   * The rules as JSON text, `{ "requires": [ { "type": …, … } ] }`, checked against
   * rules/rules.schema.json when written. The API takes and returns a JSON object; text
   * keeps the column the same on both engines and every stored version readable.
   */
  @Column({ type: 'text' })
  rules: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/**
 * A share of a programme's quota and budget held by an org. The owner org holds the root;
 * children are carved from their parent and never exceed it. A claim counts against the
 * member's nearest allocation and every one above it.
 */
@Entity('allocation')
export class AllocationRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'programme_id', type: 'varchar', length: 26 })
  programmeId: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 26, nullable: true })
  parentId: string | null;

  @Column({ type: 'int', nullable: true })
  quota: number | null;

  @Money('budget_cents', { nullable: true })
  budgetCents: number | null;

  /** Units issued against this allocation (and not returned by expiry or cancellation). */
  @Column({ type: 'int', default: 0 })
  used: number;

  @Money('spent_cents', { default: 0 })
  spentCents: number;

  /** Sum of the quotas carved out to children. */
  @Column({ name: 'allocated_to_children', type: 'int', default: 0 })
  allocatedToChildren: number;

  @Money('budget_to_children', { default: 0 })
  budgetToChildren: number;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/** Which programmes a partner serves (bound by the programme's owner). Never a sensitive one. */
@Entity('partner_programme')
export class PartnerProgrammeRow {
  @PrimaryColumn({ name: 'partner_id', type: 'varchar', length: 26 })
  partnerId: string;
  /** The shard key: its partner's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'partner', key: 'partnerId' })
  city?: string;

  @PrimaryColumn({ name: 'programme_id', type: 'varchar', length: 26 })
  programmeId: string;
}
