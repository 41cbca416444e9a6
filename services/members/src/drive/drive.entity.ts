import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import type { EmploymentType } from '../member/member.entity';

/**
 * 扫码入会 join drive (Xiqing: "日过百、周过千、月达万"): an org's push to bring workers in by
 * QR code over a period, with targets for each of its sub-orgs. Staff of the owner org keep
 * it; the sub-orgs print their own QR posters and work to their own targets.
 */
@Entity('join_drive')
export class JoinDriveRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  /** First China day of the drive, YYYY-MM-DD. */
  @Column({ name: 'starts_on', type: 'varchar', length: 10 })
  startsOn: string;

  /** Last China day, inclusive: the drive's QR codes stop working after it. */
  @Column({ name: 'ends_on', type: 'varchar', length: 10 })
  endsOn: string;

  /** Aimed at new-employment-form workers (riders, drivers, couriers, streamers). */
  @Column({ name: 'gig_focus', type: 'boolean' })
  gigFocus: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;

  /** Bumped by every change of the drive or its targets: an editor saves on the version it read. */
  @Column({ type: 'int', default: 1 })
  version: number;
}

/** A sub-org's targets in a drive: joins per China day, ISO week and month. One row per drive and sub-org. */
@Entity('join_drive_target')
export class JoinDriveTargetRow {
  @PrimaryColumn({ name: 'drive_id', type: 'varchar', length: 26 })
  driveId: string;

  @PrimaryColumn({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  /** The sub-org's path: its staff (and those above) see this part of the drive. */
  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city?: string;

  @Column({ name: 'per_day', type: 'int' })
  perDay: number;

  @Column({ name: 'per_week', type: 'int' })
  perWeek: number;

  @Column({ name: 'per_month', type: 'int' })
  perMonth: number;
}

/**
 * A join application made through a drive's QR code, attributed to the drive and the
 * sub-org whose code it was: one row per application (its id is the key), written in the
 * same transaction as the application. Counted while the application is not rejected.
 */
@Entity('join_drive_join')
export class DriveJoinRow {
  @PrimaryColumn({ name: 'application_id', type: 'varchar', length: 26 })
  applicationId: string;

  @Column({ name: 'drive_id', type: 'varchar', length: 26 })
  driveId: string;

  /** The sub-org whose QR code was scanned (a target of the drive). */
  @Column({ name: 'sub_org_id', type: 'varchar', length: 26 })
  subOrgId: string;

  /** The enterprise union the worker applied to, under the sub-org. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city?: string;

  @Column({ name: 'employment_type', type: 'varchar', length: 24 })
  employmentType: EmploymentType;

  /** The China day of the scan, YYYY-MM-DD: the day the join counts on. */
  @Column({ name: 'joined_on', type: 'varchar', length: 10 })
  joinedOn: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}
