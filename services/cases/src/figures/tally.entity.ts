import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseKind, CaseState } from '../casefile/case.enums';

/**
 * Maintained aggregate behind the figures: how many cases raised under `org_id` in `month`
 * are currently in each (kind, state, supervised, on_time, rating, passed_up, referred_out) bucket. Every case counts
 * once at each ancestor-or-self of the org it was raised at, so a district's year is at most
 * 12 × (a few hundred) rows, never a scan of its cases. The case writer moves a case from
 * its old bucket to its new one in the same transaction as the transition.
 */
@Entity('case_tally')
export class CaseTallyRow {
  @PrimaryColumn({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  /** `YYYY-MM` of raised_at in China time. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  kind: CaseKind;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  state: CaseState;

  @PrimaryColumn({ type: 'boolean' })
  supervised: boolean;

  /** 0 not resolved yet, 1 resolved on time, 2 resolved late. */
  @PrimaryColumn({ name: 'on_time', type: 'int' })
  onTime: number;

  /** '' when not rated. */
  @PrimaryColumn({ type: 'varchar', length: 24 })
  rating: string;

  /** 1 when the case was ever passed up (上报), else 0. */
  @PrimaryColumn({ name: 'passed_up', type: 'int' })
  passedUp: number;

  /** 1 when the case was ever referred out to an agency (转办外部机构), else 0. */
  @PrimaryColumn({ name: 'referred_out', type: 'int' })
  referredOut: number;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'int' })
  n: number;
}
