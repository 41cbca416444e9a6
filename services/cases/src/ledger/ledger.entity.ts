import { CityColumn } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseAction, CaseState } from '../casefile/case.enums';

/**
 * One append-only ledger entry (问题台账). Nothing in the API updates or deletes these.
 * `hash` = sha256 over the previous hash and this entry's fields (see ledger.hash.ts), so
 * editing or deleting a row breaks the chain from that point on.
 */
@Entity('case_event')
export class CaseEventRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 26 })
  caseId: string;
  /** The shard key: its case_file's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'case_file', key: 'caseId' })
  city?: string;

  /** 1, 2, 3… per case; (case_id, seq) is unique, so two writers cannot both append seq n. */
  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 20 })
  action: CaseAction;

  @Column({ name: 'from_state', type: 'varchar', length: 20, nullable: true })
  fromState: CaseState | null;

  @Column({ name: 'to_state', type: 'varchar', length: 20 })
  toState: CaseState;

  @Column({ name: 'actor_sub', type: 'varchar', length: 64 })
  actorSub: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ name: 'actor_org_id', type: 'varchar', length: 26, nullable: true })
  actorOrgId: string | null;

  /** Whole seconds (MariaDB DATETIME), and hashed as stored. */
  @Column({ type: 'datetime' })
  at: Date;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  /** Structured detail as canonical JSON (target org, reason code, rating…). */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  detail: string | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
