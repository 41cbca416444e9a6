import { CityColumn, PATH_LENGTH, type SheetFormat } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum RosterState {
  /** 预检完成: every row checked; commit creates the rows without problems. */
  CHECKED = 'CHECKED',
  /** 导入中: members arrive batch by batch. */
  COMMITTING = 'COMMITTING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

/**
 * A roster a staff caller uploaded (批量导入): the dry run's counts, then the commit's progress.
 * Scoped by the uploader's org path and read only by the uploader.
 */
@Entity('roster_import')
export class RosterImportRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city?: string;

  /** `<role>:<sub>` of the uploader: nobody else reads the import or its report. */
  @Column({ name: 'requested_by', type: 'varchar', length: 90 })
  requestedBy: string;

  @Column({ name: 'file_name', type: 'varchar', length: 200 })
  fileName: string;

  @Column({ type: 'varchar', length: 8 })
  format: SheetFormat;

  @Column({ type: 'varchar', length: 12 })
  state: RosterState;

  @Column({ name: 'rows_total', type: 'int' })
  rowsTotal: number;

  @Column({ name: 'rows_ok', type: 'int' })
  rowsOk: number;

  @Column({ name: 'rows_with_problems', type: 'int' })
  rowsWithProblems: number;

  /** Members created by the commit so far: moved in the same transaction as each batch. */
  @Column({ type: 'int', default: 0 })
  created: number;

  /** Rows fine at the dry run that were members by the time their batch came (enrolled meanwhile). */
  @Column({ type: 'int', default: 0 })
  skipped: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'heartbeat_at', type: 'datetime' })
  heartbeatAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', nullable: true })
  finishedAt: Date | null;
}

/** One problem of one row of a roster, as the dry run found it. Personal values only masked. */
@Entity('roster_problem')
export class RosterProblemRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'import_id', type: 'varchar', length: 26 })
  importId: string;

  @CityColumn({ parent: 'roster_import', key: 'importId' })
  city?: string;

  /** The row number in the sheet (the header is row 1). */
  @Column({ type: 'int' })
  row: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 32 })
  field: string;

  @Column({ type: 'varchar', length: 300 })
  message: string;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  /** Masked (110101********1234): the report is read by whoever the uploader forwards it to. */
  @Column({ name: 'id_number', type: 'varchar', length: 24 })
  idNumber: string;
}
