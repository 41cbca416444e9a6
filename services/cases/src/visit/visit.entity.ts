import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';

/** How the chair met the workers on a visit day (走访—座谈—解决). */
export enum VisitFormat {
  /** 走访: on the shop floor, sitting with the workers where they work and eat. */
  WALKABOUT = 'WALKABOUT',
  /** 微调研: a short survey of a few questions. */
  MICRO_SURVEY = 'MICRO_SURVEY',
  /** 微座谈: a small meeting with a group of workers. */
  SMALL_MEETING = 'SMALL_MEETING',
}

/**
 * 工会主席陪伴日: an enterprise union's standing visit day. One row per union; the schedule
 * is a weekday (every week from startsOn) or a list of dates, until endsOn if set. It is
 * the union's statement that it holds visit days; a visit is recorded only where one exists.
 */
@Entity('chair_visit_day')
export class ChairVisitDayRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  /** ISO weekday, 1 = Monday … 7 = Sunday; null when the schedule is a list of dates. */
  @Column({ type: 'int', nullable: true })
  weekday: number | null;

  /** Comma-separated China days YYYY-MM-DD, ascending; null when the schedule is a weekday. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  dates: string | null;

  /** First China day the schedule runs, YYYY-MM-DD. */
  @Column({ name: 'starts_on', type: 'varchar', length: 10 })
  startsOn: string;

  /** Last China day it runs, inclusive; null: open-ended. */
  @Column({ name: 'ends_on', type: 'varchar', length: 10, nullable: true })
  endsOn: string | null;

  /** The chair who holds the days (工会主席), as a name. */
  @Column({ type: 'varchar', length: 50 })
  chair: string;

  /** The firm's headcount as the union stated it: visit days are for firms of 100 or more. */
  @Column({ name: 'staff_count', type: 'int' })
  staffCount: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/**
 * One visit, as the 民意日记 records it: the day, the chair, how many workers took part,
 * how, and what was heard. The problems raised are cases whose source is this row
 * (case_file.source_kind = CHAIR_VISIT, source_id = id). One visit per union and day.
 */
@Entity('chair_visit')
export class ChairVisitRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  /** The China day of the visit, YYYY-MM-DD. */
  @Column({ name: 'visited_on', type: 'varchar', length: 10 })
  visitedOn: string;

  @Column({ type: 'varchar', length: 50 })
  chair: string;

  @Column({ type: 'int' })
  attendance: number;

  @Column({ type: 'varchar', length: 16 })
  format: VisitFormat;

  @Column({ type: 'varchar', length: 2000 })
  notes: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 64 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'datetime' })
  recordedAt: Date;
}
