import { CityColumn } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StaffGrantAction } from './staff.enums';

/** 部室: a department of one org (办公室, 权益保障部…). Deactivated, never deleted: cases keep naming it. */
@Entity('department')
export class DepartmentRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;
  /** The shard key: its org's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'org', key: 'orgId' })
  city?: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/**
 * A staff account: the identity provider's subject, the org it works for and what it may
 * do there. The gateway signs a token naming only this subject in as this account.
 */
@Entity('staff_account')
export class StaffAccountRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  /** The identity provider's `sub`, exactly as its tokens carry it (case matters). */
  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;
  /** The shard key: its org's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'org', key: 'orgId' })
  city?: string;

  @Column({ name: 'department_id', type: 'varchar', length: 26, nullable: true })
  departmentId: string | null;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  /** Known permissions, space-separated, in PERMISSIONS order ('' for none). */
  @Column({ type: 'varchar', length: 200 })
  perms: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/** The grant log: every grant, change and revoke of an account, with who did it. Never updated or deleted. */
@Entity('staff_grant')
export class StaffGrantRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'account_id', type: 'varchar', length: 26 })
  accountId: string;
  /** The shard key: its staff_account's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'staff_account', key: 'accountId' })
  city?: string;

  @Column({ type: 'varchar', length: 16 })
  action: StaffGrantAction;

  /** The account's org, 部室 and permissions after this entry. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'department_id', type: 'varchar', length: 26, nullable: true })
  departmentId: string | null;

  @Column({ type: 'varchar', length: 200 })
  perms: string;

  @Column({ type: 'varchar', length: 500 })
  note: string;

  @Column({ name: 'actor_sub', type: 'varchar', length: 200 })
  actorSub: string;

  @Column({ name: 'actor_org_id', type: 'varchar', length: 26, nullable: true })
  actorOrgId: string | null;

  @Column({ type: 'datetime' })
  at: Date;
}

// Members' change feed (../changes): its tables began as the staff directory's.
export { DirectoryChangeRow, DirectoryHeadRow } from '../changes/changes.feed';
