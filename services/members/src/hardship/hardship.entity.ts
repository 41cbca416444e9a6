import { CityColumn } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HardshipTier } from '@lianxin/members-client';
import type { HardshipAction, HardshipFileKind, HardshipFileState } from './hardship.enums';

/**
 * 困难职工档案: one file per member, opened once and kept for good. Its current tier and
 * review date are mirrored onto the member row in the same transaction, so eligibility
 * (member facts) reads the register's state without a join.
 */
@Entity('hardship_file')
export class HardshipFileRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;
  /** The shard key: its member's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'member', key: 'memberId' })
  city?: string;

  @Column({ type: 'varchar', length: 16 })
  kind: HardshipFileKind;

  @Column({ type: 'varchar', length: 16 })
  state: HardshipFileState;

  @Column({ type: 'varchar', length: 16 })
  tier: HardshipTier;

  @Column({ name: 'opened_on', type: 'date' })
  openedOn: string;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  /** What was seen: income proof, medical records… (notes, not the documents). */
  @Column({ type: 'varchar', length: 1000 })
  evidence: string;

  @Column({ name: 'reviewed_on', type: 'date' })
  reviewedOn: string;

  @Column({ name: 'next_review_on', type: 'date' })
  nextReviewOn: string;

  @Column({ name: 'exited_on', type: 'date', nullable: true })
  exitedOn: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/** The file's history, oldest first: never updated or deleted. */
@Entity('hardship_event')
export class HardshipEventRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'file_id', type: 'varchar', length: 26 })
  fileId: string;
  /** The shard key: its hardship_file's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'hardship_file', key: 'fileId' })
  city?: string;

  @Column({ type: 'varchar', length: 16 })
  action: HardshipAction;

  @Column({ name: 'tier', type: 'varchar', length: 16 })
  tier: HardshipTier;

  @Column({ type: 'varchar', length: 1000 })
  note: string;

  @Column({ name: 'actor_sub', type: 'varchar', length: 64 })
  actorSub: string;

  @Column({ name: 'actor_org_id', type: 'varchar', length: 26, nullable: true })
  actorOrgId: string | null;

  @Column({ type: 'datetime' })
  at: Date;
}
