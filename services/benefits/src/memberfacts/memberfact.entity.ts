import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EmploymentType, HardshipTier, MembershipStatus, SchoolStage } from '@lianxin/members-client';

/**
 * Benefits' copy of the member facts the partner desk decides on, fed by `member.changed`
 * from members (memberfacts.replica.ts). Only the masked name is kept: the desk never shows
 * more, so the copy cannot leak more. Claims and aid applications do not read it; they ask
 * members for fresh facts.
 */
@Entity('member_fact')
export class MemberFactRow {
  @PrimaryColumn({ name: 'member_id', type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  /** 王*国: what a partner desk may show. */
  @Column({ name: 'masked_name', type: 'varchar', length: 50 })
  maskedName: string;

  @Column({ type: 'varchar', length: 16 })
  status: MembershipStatus;

  @Column({ name: 'employment_type', type: 'varchar', length: 24 })
  employmentType: EmploymentType;

  @Column({ name: 'model_worker', type: 'boolean' })
  modelWorker: boolean;

  @Column({ name: 'hardship_tier', type: 'varchar', length: 16, nullable: true })
  hardshipTier: HardshipTier | null;

  /** JSON: `[{ id, birthDate, schoolStage }]`. */
  @Column({ type: 'text' })
  children: string;

  /** Members' `facts_version` of what is stored: an older or equal refresh changes nothing. */
  @Column({ type: 'int' })
  version: number;

  /** When members last confirmed these facts (the feed, a backfill, or a fallback read). */
  @Column({ name: 'synced_at', type: 'datetime' })
  syncedAt: Date;
}

export type ChildFact = { id: string; birthDate: string; schoolStage: SchoolStage };
