import { CityColumn } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * 转办 to an outside agency (a legal-aid centre, a labour inspection bureau): who it went
 * to, when, by when they should answer, and what they answered. The case stays the union's
 * (it still answers the worker); this is the record of the referral, changed only through
 * the case's own transitions, so every step is in the ledger too.
 */
@Entity('case_referral')
export class CaseReferralRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 26 })
  caseId: string;
  /** The shard key: its case_file's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'case_file', key: 'caseId' })
  city?: string;

  /** The org that referred it: the handler at the time. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ type: 'varchar', length: 100 })
  agency: string;

  @Column({ name: 'referred_at', type: 'datetime' })
  referredAt: Date;

  /** The China day by which the agency should answer. */
  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  answer: string | null;

  @Column({ name: 'answered_at', type: 'datetime', nullable: true })
  answeredAt: Date | null;
}
