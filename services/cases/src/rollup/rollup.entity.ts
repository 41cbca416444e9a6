import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { PATH_LENGTH } from '@lianxin/subgraph';

/**
 * The province's (or nation's) copy of its cities' figures: each city's case_tally row for
 * the city itself, built from the cities' figure events. The bucket is the tally's bucket
 * (figures/tally.ts), so the figures are computed by the same function with the same
 * definitions; `city_path` is what a province or nation's subtree is matched against.
 */
@Entity('rollup_tally')
export class RollupTallyRow {
  @PrimaryColumn({ name: 'city_id', type: 'varchar', length: 26 })
  cityId: string;

  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  kind: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  state: string;

  @PrimaryColumn({ type: 'boolean' })
  supervised: boolean;

  @PrimaryColumn({ name: 'on_time', type: 'int' })
  onTime: number;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  rating: string;

  @PrimaryColumn({ name: 'passed_up', type: 'int' })
  passedUp: number;

  @PrimaryColumn({ name: 'referred_out', type: 'int' })
  referredOut: number;

  /** The city org's path in the province's own tree, e.g. `/<province>/<city>/`. */
  @Column({ name: 'city_path', type: 'varchar', length: PATH_LENGTH })
  cityPath: string;

  @Column({ type: 'int' })
  n: number;
}

/**
 * What the overdue count needs of each case a city reported: overdue depends on the clock,
 * so it cannot be a tally. One row per case ever reported (ids, kind, times; nothing about
 * the worker), kept at the newest version seen, so an older event arriving late changes
 * nothing. `running` is whether the deadline clock runs (CLOCK_RUNNING).
 */
@Entity('rollup_clock')
@Index('ix_rollup_clock_overdue', ['running', 'cityPath', 'dueAt', 'raisedAt', 'kind'])
export class RollupClockRow {
  @PrimaryColumn({ name: 'case_id', type: 'varchar', length: 26 })
  caseId: string;

  @Column({ name: 'city_id', type: 'varchar', length: 26 })
  cityId: string;

  @Column({ name: 'city_path', type: 'varchar', length: PATH_LENGTH })
  cityPath: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'boolean' })
  running: boolean;

  @Column({ name: 'due_at', type: 'datetime' })
  dueAt: Date;

  @Column({ name: 'raised_at', type: 'datetime' })
  raisedAt: Date;

  @Column({ type: 'varchar', length: 24 })
  kind: string;
}
