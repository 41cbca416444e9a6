import { newId, pathIds, type Caller } from '@lianxin/auth';
import { conflict, wholeSeconds } from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import { CaseRow, CaseScopeRow } from '../casefile/case.entity';
import { CaseState, type CaseAction, type CaseChannel, type CaseKind, type OutreachKind, type Urgency } from '../casefile/case.enums';
import { CaseEventRow } from '../ledger/ledger.entity';
import { canonicalDetail, eventHash, GENESIS } from '../ledger/ledger.hash';
import { moveTally } from '../figures/tally';
import { reportCaseChange } from '../rollup/emit';
import { notifyCaseChange } from './case.notify';

/** Who did it, as the ledger records it. Anonymous raises record no identity at all. */
export interface Actor {
  sub: string;
  role: string;
  orgId: string | null;
}

export const actorOf = (caller: Caller): Actor => ({ sub: caller.sub, role: caller.role, orgId: caller.orgId ?? null });

export interface Change {
  action: CaseAction;
  /** The new state; omit to keep the current one. */
  to?: CaseState;
  /** Other columns that change with it. */
  patch?: Partial<Omit<CaseRow, 'id' | 'state' | 'version' | 'eventSeq' | 'ledgerHead'>>;
  note?: string | null;
  detail?: Record<string, unknown>;
}

const HOUR = 3_600_000;

/** What a case is raised with; everything else about it starts empty. */
export interface NewCase {
  id: string;
  number: string;
  kind: CaseKind;
  channel: CaseChannel;
  urgency: Urgency;
  description: string;
  /** The member it is for; null when raised anonymously or for nobody named. */
  memberId: string | null;
  /** A worker who is not a member, as staff recorded them. */
  worker?: { name: string; phone: string } | null;
  raisedBy: Actor;
  /** Where it was raised: the org that handles it first. */
  org: { id: string; path: string };
  raisedAt: Date | number;
  /** The deadline that applies to it there (effectiveDeadline, or the defaults). */
  deadline: { resolveHours: number };
  /** The outreach record it came from, if any (a chair visit's diary entry…). */
  source?: { kind: OutreachKind; id: string } | null;
}

/**
 * The one way a case row is born, for raiseCase() and the demo seed alike: REGISTERED and
 * handled where it was raised, due `resolveHours` after it was raised (in whole seconds, as
 * stored), nothing decided yet. insertCase() (or the seed, likewise) gives it its first
 * ledger event and version.
 */
export function newCaseRow(c: NewCase): CaseRow {
  const raisedAt = wholeSeconds(c.raisedAt);
  return Object.assign(new CaseRow(), {
    id: c.id,
    number: c.number,
    kind: c.kind,
    channel: c.channel,
    urgency: c.urgency,
    description: c.description,
    memberId: c.memberId,
    workerName: c.worker?.name ?? null,
    workerPhone: c.worker?.phone ?? null,
    raisedBySub: c.raisedBy.sub,
    raisedByRole: c.raisedBy.role,
    raisedOrgId: c.org.id,
    raisedPath: c.org.path,
    handlingOrgId: c.org.id,
    handlingPath: c.org.path,
    transferredFromOrgId: null,
    state: CaseState.REGISTERED,
    responsible: null,
    responsibleStaffId: null,
    responsibleDepartmentId: null,
    resolution: null,
    declineReason: null,
    supervised: false,
    escalatedToOrgId: null,
    dueAt: new Date(raisedAt.getTime() + c.deadline.resolveHours * HOUR),
    acceptDueAt: null,
    pausedAt: null,
    deadlineEscalated: false,
    resolvedAt: null,
    onTime: null,
    signedOffAt: null,
    closedAt: null,
    closeReason: null,
    rating: null,
    ratingComment: null,
    reopenCount: 0,
    awaitingAgency: false,
    passedUp: false,
    referredOut: false,
    projectId: null,
    sourceKind: c.source?.kind ?? null,
    sourceId: c.source?.id ?? null,
    raisedAt,
  });
}

export function newEvent(c: CaseRow, seq: number, prevHash: string, action: CaseAction, from: CaseState | null, actor: Actor, at: Date, note?: string | null, detail?: Record<string, unknown>): CaseEventRow {
  const e = Object.assign(new CaseEventRow(), {
    id: newId(at.getTime()), caseId: c.id, seq, action, fromState: from, toState: c.state,
    actorSub: actor.sub, actorRole: actor.role, actorOrgId: actor.orgId, at: wholeSeconds(at),
    note: note ?? null, detail: canonicalDetail(detail), prevHash,
    // The case's city, in hand: no read of the case row to stamp it (placement, not content: not hashed).
    city: c.city,
  });
  e.hash = eventHash(e);
  return e;
}

/** Every org that sees the case: ancestors-or-self of where it was raised and of who handles it. */
export function scopeRows(c: CaseRow): CaseScopeRow[] {
  const seen = new Map<string, string>();
  for (const path of [c.raisedPath, c.handlingPath]) {
    const ids = pathIds(path);
    ids.forEach((id, i) => seen.set(id, `/${ids.slice(0, i + 1).join('/')}/`));
  }
  return [...seen].map(([orgId, orgPath]) =>
    Object.assign(new CaseScopeRow(), { orgId, orgPath, caseId: c.id, state: c.state, kind: c.kind, supervised: c.supervised, dueAt: c.dueAt }),
  );
}

/**
 * Records a new case: the row, its first ledger event, its visibility rows and its tally,
 * all in the caller's transaction.
 */
export async function insertCase(em: EntityManager, c: CaseRow, actor: Actor, at: Date, note?: string | null, detail?: Record<string, unknown>): Promise<CaseRow> {
  const event = newEvent(c, 1, GENESIS, 'RAISE' as CaseAction, null, actor, at, note, detail);
  c.eventSeq = 1;
  c.ledgerHead = event.hash;
  c.version = 1;
  await em.insert(CaseRow, c);
  await em.insert(CaseEventRow, event);
  await em.insert(CaseScopeRow, scopeRows(c));
  await moveTally(em, c.raisedPath, null, c);
  await reportCaseChange(em, null, c);
  return c;
}

/**
 * The one way a case changes. In the caller's transaction:
 * 1. `UPDATE … WHERE id = ? AND version = ?`, and exactly one row must change: of two
 *    concurrent transitions from the same version, one wins and the other gets CONFLICT;
 * 2. append the ledger event, chained to the previous head;
 * 3. keep the visibility rows and the figures tally in step, and report the figures'
 *    change to the province's roll-up (an outbox row) when there is one.
 * Returns the case as it now is.
 */
export async function applyChange(em: EntityManager, current: CaseRow, change: Change, actor: Actor, at: Date): Promise<CaseRow> {
  const next: CaseRow = Object.assign(new CaseRow(), current, change.patch ?? {});
  next.state = change.to ?? current.state;
  next.version = current.version + 1;
  next.eventSeq = current.eventSeq + 1;
  const event = newEvent(next, next.eventSeq, current.ledgerHead, change.action, current.state, actor, at, change.note, change.detail);
  next.ledgerHead = event.hash;

  const set: Partial<CaseRow> = { ...(change.patch ?? {}), state: next.state, version: next.version, eventSeq: next.eventSeq, ledgerHead: next.ledgerHead };
  const result = await em
    .createQueryBuilder()
    .update(CaseRow)
    .set(set as never)
    .where('id = :id AND version = :version', { id: current.id, version: current.version })
    .execute();
  if (result.affected !== 1) throw conflict(`case ${current.number}`);

  await em.insert(CaseEventRow, event);

  if (next.handlingOrgId !== current.handlingOrgId) {
    await em.delete(CaseScopeRow, { caseId: current.id });
    await em.insert(CaseScopeRow, scopeRows(next));
  } else if (next.state !== current.state || next.supervised !== current.supervised || next.dueAt.getTime() !== current.dueAt.getTime()) {
    await em.update(CaseScopeRow, { caseId: current.id }, { state: next.state, supervised: next.supervised, dueAt: next.dueAt });
  }
  // Last: the tally rows are shared by every case of the org and month, so hold their locks briefly.
  await moveTally(em, current.raisedPath, current, next);
  // The province hears of it from the outbox, after this commits: nothing above the city is written here.
  await reportCaseChange(em, current, next);
  await notifyCaseChange(em, current, next, change.action, at);
  return next;
}
