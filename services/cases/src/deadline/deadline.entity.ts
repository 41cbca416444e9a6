import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseKind, Urgency } from '../casefile/case.enums';

/**
 * A deadline rule (办理时限) for one kind and urgency, set at some org. The city sets the
 * policy; a lower org may only shorten what it inherits. The effective rule at an org is
 * the strictest along its path.
 */
@Entity('deadline_policy')
export class DeadlinePolicyRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 24 })
  kind: CaseKind;

  @Column({ type: 'varchar', length: 8 })
  urgency: Urgency;

  /** Working time to resolve, in hours, with the clock paused while waiting on the worker. */
  @Column({ name: 'resolve_hours', type: 'int' })
  resolveHours: number;

  /** Time a receiving org has to accept or return a transferred case. */
  @Column({ name: 'accept_hours', type: 'int' })
  acceptHours: number;

  @Column({ name: 'set_by', type: 'varchar', length: 64 })
  setBy: string;

  @Column({ name: 'set_at', type: 'datetime' })
  setAt: Date;
}
