import { CityColumn, PATH_LENGTH, type SheetFormat } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum ExportKind {
  /** 案件台账: one row per case. */
  CASES = 'CASES',
  /** 分组织统计: the figures of each child org, and the org's own total. */
  FIGURES = 'FIGURES',
}

export enum ExportState {
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

/**
 * One export a staff caller started: what it copies, how far it got, and the file it made.
 * Scoped by the exported org's path, and read only by the caller who started it.
 */
@Entity('export_job')
export class ExportJobRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ExportKind;

  @Column({ type: 'varchar', length: 8 })
  format: SheetFormat;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city?: string;

  /** `<role>:<sub>` of the caller who started it: nobody else reads the job or its file. */
  @Column({ name: 'requested_by', type: 'varchar', length: 90 })
  requestedBy: string;

  /** The filter or period, as JSON: what the file copies. */
  @Column({ type: 'varchar', length: 2000 })
  params: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 12 })
  state: ExportState;

  @Column({ type: 'int', default: 0 })
  rows: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  /** Written with every page: a RUNNING job whose heartbeat stopped died with its process. */
  @Column({ name: 'heartbeat_at', type: 'datetime' })
  heartbeatAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', nullable: true })
  finishedAt: Date | null;
}
