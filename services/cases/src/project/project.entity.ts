import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum ProjectState {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}

/**
 * A service project (统一帮办): cases with the same purpose handled together, e.g. 200
 * wishes merged into 45 projects. Resolving the project resolves each of its open cases,
 * each with its own ledger event.
 */
@Entity('case_project')
export class ProjectRow {
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
  title: string;

  @Column({ type: 'varchar', length: 500 })
  purpose: string;

  @Column({ type: 'varchar', length: 16 })
  state: ProjectState;

  /** 0–100, as last reported. */
  @Column({ type: 'int', default: 0 })
  progress: number;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'resolved_at', type: 'datetime', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/** A progress report on a project (append-only). */
@Entity('case_project_note')
export class ProjectNoteRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'project_id', type: 'varchar', length: 26 })
  projectId: string;
  /** The shard key: its case_project's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'case_project', key: 'projectId' })
  city?: string;

  @Column({ type: 'int' })
  progress: number;

  @Column({ type: 'varchar', length: 1000 })
  note: string;

  @Column({ name: 'actor_sub', type: 'varchar', length: 64 })
  actorSub: string;

  @Column({ type: 'datetime' })
  at: Date;
}
