import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEnumType } from 'type-graphql';
import { Money } from '../columns';
import type { ProgrammeKind } from '../programme/programme.enums';

/**
 * 金秋助学: apply → enterprise check → district review → awarded or rejected → delivered.
 * 困难劳模救助 (model-worker aid) skips the enterprise check: the district reviews it.
 */
export enum AidState {
  APPLIED = 'APPLIED',
  ENTERPRISE_CHECKED = 'ENTERPRISE_CHECKED',
  AWARDED = 'AWARDED',
  REJECTED = 'REJECTED',
  DELIVERED = 'DELIVERED',
}
registerEnumType(AidState, {
  name: 'AidState',
  description: 'Where an aid application is: apply → enterprise check (education aid only) → district review → awarded or rejected → delivered',
  valuesConfig: {
    APPLIED: { description: "Applied for; waiting for the enterprise union's check (申请)" },
    ENTERPRISE_CHECKED: { description: 'The enterprise union checked and passed it; waiting for the district review (企业审核)' },
    AWARDED: { description: 'The district awarded it (审批通过); study items are to be bought and delivered' },
    REJECTED: { description: 'Rejected at the enterprise check or the district review, with a reason; final' },
    DELIVERED: { description: 'The award was delivered to the family (发放); final' },
  },
});

@Entity('aid_application')
export class AidApplicationRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'programme_id', type: 'varchar', length: 26 })
  programmeId: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;

  /** The child, for per-child aid (education aid); null for model-worker aid, which is the member's own. */
  @Column({ name: 'child_id', type: 'varchar', length: 26, nullable: true })
  childId: string | null;

  /** The programme's kind (EDUCATION_AID or MODEL_WORKER_AID): it decides the steps. Education aid unless said, as every application was before. */
  @Column({ type: 'varchar', length: 24, default: 'EDUCATION_AID' })
  kind: ProgrammeKind;

  /** The case (诉求) it was opened from; at most one application per case and programme (uq_aid_case). */
  @Column({ name: 'case_id', type: 'varchar', length: 26, nullable: true })
  caseId: string | null;

  /** The member's enterprise union: it checks; its district reviews. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  /** The aid year (China calendar) the award counts in. */
  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 20 })
  state: AidState;

  /** The programme's amount when awarded. */
  @Money('amount_cents', { nullable: true })
  amountCents: number | null;

  @Column({ name: 'reject_reason', type: 'varchar', length: 300, nullable: true })
  rejectReason: string | null;

  @Column({ name: 'applied_by', type: 'varchar', length: 64 })
  appliedBy: string;

  @Column({ name: 'applied_role', type: 'varchar', length: 16 })
  appliedRole: string;

  /** `<programme>:<child>:<year>` while awarded or delivered: one award per child per year, enforced by a unique index. */
  @Column({ name: 'award_key', type: 'varchar', length: 64, nullable: true })
  awardKey: string | null;

  /** `<programme>:<child>:<year>` while the application is open: one live application per child. */
  @Column({ name: 'open_key', type: 'varchar', length: 64, nullable: true })
  openKey: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/** The application's history, append-only. */
@Entity('aid_event')
export class AidEventRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'application_id', type: 'varchar', length: 26 })
  applicationId: string;
  /** The shard key: its aid_application's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'aid_application', key: 'applicationId' })
  city?: string;

  @Column({ name: 'from_state', type: 'varchar', length: 20, nullable: true })
  fromState: AidState | null;

  @Column({ name: 'to_state', type: 'varchar', length: 20 })
  toState: AidState;

  @Column({ name: 'actor_sub', type: 'varchar', length: 64 })
  actorSub: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ name: 'actor_org_id', type: 'varchar', length: 26, nullable: true })
  actorOrgId: string | null;

  @Column({ type: 'datetime' })
  at: Date;

  @Column({ type: 'varchar', length: 300, nullable: true })
  note: string | null;
}
