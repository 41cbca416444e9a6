import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { workerPii } from './worker.pii';
import type { CaseChannel, CaseKind, CaseState, CloseReason, DeclineReason, OutreachKind, Rating, Urgency } from './case.enums';

const id = (name?: string, nullable = false) => Column({ name, type: 'varchar', length: 26, nullable });
const path = (name: string, nullable = false) => Column({ name, type: 'varchar', length: PATH_LENGTH, nullable });
const time = (name: string, nullable = false) => Column({ name, type: 'datetime', nullable });

/**
 * A worker request (诉求/工单). `case` is a reserved word, hence `case_file`. The row holds
 * the current state; its history is the hash-chained ledger (case_event). Org paths are
 * copied in so visibility is a range test: staff see a case raised or handled in their
 * subtree.
 */
@Entity('case_file')
export class CaseRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  /** `<org code>-<year>-<sequence>`, e.g. LJ-01-01-0001-2026-000017. Never reused. */
  @Column({ type: 'varchar', length: 48 })
  number: string;

  @Column({ type: 'varchar', length: 24 })
  kind: CaseKind;

  @Column({ type: 'varchar', length: 24 })
  channel: CaseChannel;

  @Column({ type: 'varchar', length: 8 })
  urgency: Urgency;

  @Column({ type: 'varchar', length: 2000 })
  description: string;

  /** Null for an anonymous case: then only the handling orgs see it, and nobody can link it to a member. */
  @id('member_id', true)
  memberId: string | null;

  /** A worker who is not a member (phoned or walked in): their name, recorded by staff; null otherwise. */
  @Column({ name: 'worker_name', type: 'varchar', length: 50, nullable: true })
  workerName: string | null;

  /** That worker's phone, for the callback (回访): ciphertext at rest, masked unless revealed and audited. */
  @Column({ name: 'worker_phone', type: 'varchar', length: 120, nullable: true, transformer: workerPii.column })
  workerPhone: string | null;

  @Column({ name: 'raised_by_sub', type: 'varchar', length: 64 })
  raisedBySub: string;

  @Column({ name: 'raised_by_role', type: 'varchar', length: 16 })
  raisedByRole: string;

  @id('raised_org_id')
  raisedOrgId: string;

  @path('raised_path')
  raisedPath: string;

  /** The shard key: the city this row belongs to, stamped from `raisedPath` (@lianxin/subgraph city.ts). */
  @CityColumn('raisedPath')
  city?: string;

  @id('handling_org_id')
  handlingOrgId: string;

  @path('handling_path')
  handlingPath: string;

  /** While TRANSFERRED: the org that sent it, where a return goes back to. */
  @id('transferred_from_org_id', true)
  transferredFromOrgId: string | null;

  @Column({ type: 'varchar', length: 20 })
  state: CaseState;

  /** Who accepted it, as their names read then (`权益保障部 张敏`): history reads it without asking members. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  responsible: string | null;

  /** The staff account (members directory) named on acceptance; null before, and on cases accepted before the directory. */
  @id('responsible_staff_id', true)
  responsibleStaffId: string | null;

  /** Its 部室, when the handling union has departments. */
  @id('responsible_department_id', true)
  responsibleDepartmentId: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  resolution: string | null;

  @Column({ name: 'decline_reason', type: 'varchar', length: 32, nullable: true })
  declineReason: DeclineReason | null;

  /** 督办: set by a missed deadline, an unsatisfied rating or a higher level; never cleared. */
  @Column({ type: 'boolean', default: false })
  supervised: boolean;

  /** The org the case was last escalated to (the handler's parent when the deadline was missed). */
  @id('escalated_to_org_id', true)
  escalatedToOrgId: string | null;

  /** The resolution deadline. Paused time is added when the clock resumes; escalation keeps it. */
  @time('due_at')
  dueAt: Date;

  /** While TRANSFERRED: the receiver must accept or return before this. */
  @time('accept_due_at', true)
  acceptDueAt: Date | null;

  /** Set while WAITING_ON_WORKER: the clock is stopped. */
  @time('paused_at', true)
  pausedAt: Date | null;

  /** Whether the current deadline's miss has been escalated (the sweep's idempotency flag). */
  @Column({ name: 'deadline_escalated', type: 'boolean', default: false })
  deadlineEscalated: boolean;

  @time('resolved_at', true)
  resolvedAt: Date | null;

  /** Resolved by the (pause-adjusted) deadline. Null until resolved. */
  @Column({ name: 'on_time', type: 'boolean', nullable: true })
  onTime: boolean | null;

  @time('signed_off_at', true)
  signedOffAt: Date | null;

  @time('closed_at', true)
  closedAt: Date | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 16, nullable: true })
  closeReason: CloseReason | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  rating: Rating | null;

  @Column({ name: 'rating_comment', type: 'varchar', length: 500, nullable: true })
  ratingComment: string | null;

  @Column({ name: 'reopen_count', type: 'int', default: 0 })
  reopenCount: number;

  /** Referred to an outside agency that has not answered yet (转办外部机构). */
  @Column({ name: 'awaiting_agency', type: 'boolean', default: false })
  awaitingAgency: boolean;

  /** Ever passed up (上报) to a higher union; never cleared, so the figures count it once. */
  @Column({ name: 'passed_up', type: 'boolean', default: false })
  passedUp: boolean;

  /** Ever referred out to an agency (转办外部机构); never cleared, so the figures count it once. */
  @Column({ name: 'referred_out', type: 'boolean', default: false })
  referredOut: boolean;

  @id('project_id', true)
  projectId: string | null;

  /**
   * The outreach record the case came from (a chair visit's diary entry, later an interview,
   * a wish at a post, a menu order): its kind and id, set when raised and never changed.
   * Null for a case that came in any other way.
   */
  @Column({ name: 'source_kind', type: 'varchar', length: 16, nullable: true })
  sourceKind: OutreachKind | null;

  @id('source_id', true)
  sourceId: string | null;

  @time('raised_at')
  raisedAt: Date;

  /** Ledger head: the last event's sequence number and hash. A deleted tail event shows as a mismatch. */
  @Column({ name: 'event_seq', type: 'int', default: 0 })
  eventSeq: number;

  @Column({ name: 'ledger_head', type: 'varchar', length: 64 })
  ledgerHead: string;

  /** Optimistic concurrency: every transition is `UPDATE … WHERE id = ? AND version = ?`. */
  @Column({ type: 'int', default: 1 })
  version: number;
}

/**
 * Visibility closure for lists: one row per org that sees the case (every ancestor-or-self
 * of the raising org and of the handling org), carrying the columns lists filter on. A
 * district's page is then one index range on (org_id, …, case_id) whatever its size.
 * Kept in step with case_file by the case writer, in the same transaction.
 */
@Entity('case_scope')
export class CaseScopeRow {
  @PrimaryColumn({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @PrimaryColumn({ name: 'case_id', type: 'varchar', length: 26 })
  caseId: string;

  @path('org_path')
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 20 })
  state: CaseState;

  @Column({ type: 'varchar', length: 24 })
  kind: CaseKind;

  @Column({ type: 'boolean', default: false })
  supervised: boolean;

  @time('due_at')
  dueAt: Date;
}

/** One row per full read of a non-member worker's phone on a case, written before the phone is shown. */
@Entity('case_contact_access')
export class CaseContactAccessRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 26 })
  caseId: string;
  /** The shard key: its case_file's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'case_file', key: 'caseId' })
  city?: string;

  @Column({ name: 'actor_sub', type: 'varchar', length: 64 })
  actorSub: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ name: 'actor_org_id', type: 'varchar', length: 26, nullable: true })
  actorOrgId: string | null;

  @Column({ type: 'datetime' })
  at: Date;
}

/** Per-org, per-year case number sequence. */
@Entity('case_sequence')
export class CaseSequenceRow {
  @PrimaryColumn({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ name: 'last_value', type: 'int' })
  lastValue: number;

  /** Not stored: the numbering org's path, which its writer has in hand (the org itself lives in members' database). */
  orgPath?: string;

  /** The shard key: the numbering org's city, stamped from `orgPath` on insert (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;
}
