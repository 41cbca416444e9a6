import { DomainError, ErrorCode, withContentionRetry, wholeSeconds } from '@lianxin/subgraph';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { CaseRow } from '../casefile/case.entity';
import { CaseAction, CaseState, CLOCK_RUNNING, CloseReason } from '../casefile/case.enums';
import { systemCaller, type Caller } from '@lianxin/auth';
import { actorOf, applyChange, type Actor, type Change } from '../case/case.writer';
import { parentOf } from '../case/case.service';

/** The deadline sweep, as the rule table and the ledger know it (the demo seed replays its steps as the same actor). */
export const SWEEPER_CALLER: Caller = systemCaller('deadline-sweep');
export const SWEEPER: Actor = actorOf(SWEEPER_CALLER);
const DAY = 86_400_000;

export interface SweepResult {
  /** Transferred cases the receiver neither accepted nor returned in time: sent up to its parent. */
  acceptanceEscalated: number;
  /** Cases past their resolution deadline: supervised and escalated to the handler's parent. */
  deadlineEscalated: number;
  /** Signed-off cases the worker did not rate in time: closed. */
  closedByTimeout: number;
}

interface Pass {
  /** Candidate ids, oldest deadline first. */
  find(em: EntityManager, limit: number): Promise<string[]>;
  /** Re-checked inside the case's own transaction; null when it no longer applies. */
  change(c: CaseRow): Change | null;
  count: keyof SweepResult;
}

/**
 * Finds missed deadlines and acts on them. Idempotent and safe to run twice at once:
 * each case is re-read and changed in its own transaction through the versioned update,
 * so of two sweepers (or a sweeper and a handler) exactly one changes a case and the
 * other skips it; a handled miss no longer matches the candidate query.
 */
export async function runSweep(db: DataSource, opts: { now?: Date; ratingTimeoutDays?: number; batch?: number; log?: Logger } = {}): Promise<SweepResult> {
  // Whole seconds, as stored (see wholeSeconds).
  const now = wholeSeconds(opts.now ?? new Date());
  const batch = opts.batch ?? 200;
  const ratingCutoff = new Date(now.getTime() - (opts.ratingTimeoutDays ?? 7) * DAY);
  const result: SweepResult = { acceptanceEscalated: 0, deadlineEscalated: 0, closedByTimeout: 0 };

  const passes: Pass[] = [
    {
      count: 'acceptanceEscalated',
      find: (em, limit) => ids(em.getRepository(CaseRow).createQueryBuilder('c').select('c.id', 'id').where('c.state = :s AND c.acceptDueAt < :now', { s: CaseState.TRANSFERRED, now }).orderBy('c.acceptDueAt').limit(limit)),
      change: (c) => {
        if (c.state !== CaseState.TRANSFERRED || !c.acceptDueAt || c.acceptDueAt >= now) return null;
        // The receiver never took it: its parent now holds it, supervised, on the original clock.
        const parent = parentOf(c.handlingPath);
        if (!parent) return null;
        return {
          action: CaseAction.ESCALATE,
          to: CaseState.REGISTERED,
          patch: {
            supervised: true, escalatedToOrgId: parent.orgId, handlingOrgId: parent.orgId, handlingPath: parent.path,
            transferredFromOrgId: null, acceptDueAt: null, deadlineEscalated: c.deadlineEscalated || c.dueAt < now,
          },
          note: 'The receiving org did not accept or return the case in time.',
          detail: { reason: 'ACCEPTANCE_MISSED', fromOrgId: c.handlingOrgId, toOrgId: parent.orgId },
        };
      },
    },
    {
      count: 'deadlineEscalated',
      find: (em, limit) => ids(em.getRepository(CaseRow).createQueryBuilder('c').select('c.id', 'id').where('c.state IN (:...s) AND c.deadlineEscalated = :no AND c.dueAt < :now', { s: CLOCK_RUNNING, no: false, now }).orderBy('c.dueAt').limit(limit)),
      change: (c) => {
        if (!CLOCK_RUNNING.includes(c.state) || c.deadlineEscalated || c.dueAt >= now) return null;
        const parent = parentOf(c.handlingPath);
        return {
          action: CaseAction.ESCALATE,
          patch: { supervised: true, deadlineEscalated: true, escalatedToOrgId: parent?.orgId ?? c.escalatedToOrgId },
          note: 'The resolution deadline passed.',
          detail: { reason: 'DEADLINE_MISSED', dueAt: c.dueAt.toISOString(), toOrgId: parent?.orgId },
        };
      },
    },
    {
      count: 'closedByTimeout',
      find: (em, limit) => ids(em.getRepository(CaseRow).createQueryBuilder('c').select('c.id', 'id').where('c.state = :s AND c.signedOffAt < :cutoff', { s: CaseState.SIGNED_OFF, cutoff: ratingCutoff }).orderBy('c.signedOffAt').limit(limit)),
      change: (c) => {
        if (c.state !== CaseState.SIGNED_OFF || !c.signedOffAt || c.signedOffAt >= ratingCutoff) return null;
        return { action: CaseAction.CLOSE_TIMEOUT, to: CaseState.CLOSED, patch: { closedAt: now, closeReason: CloseReason.TIMEOUT }, note: 'No rating before the rating window closed.' };
      },
    },
  ];

  for (const pass of passes) {
    for (;;) {
      const candidates = await pass.find(db.manager, batch);
      let changed = 0;
      for (const id of candidates) {
        if (await applyOne(db, id, pass, now, opts.log)) {
          result[pass.count]++;
          changed++;
        }
      }
      // Nothing left, or everything left was taken by someone else this round.
      if (candidates.length < batch || changed === 0) break;
    }
  }
  return result;
}

async function ids(qb: { getRawMany<T>(): Promise<T[]> }): Promise<string[]> {
  return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
}

async function applyOne(db: DataSource, id: string, pass: Pass, now: Date, log?: Logger): Promise<boolean> {
  try {
    return await withContentionRetry(() =>
      db.transaction(async (em) => {
        const c = await em.findOne(CaseRow, { where: { id } });
        const change = c && pass.change(c);
        if (!c || !change) return false;
        await applyChange(em, c, change, SWEEPER, now);
        return true;
      }),
    );
  } catch (err) {
    // Another sweeper or a handler changed the case first: theirs stands, ours is moot.
    if (err instanceof DomainError && err.code === ErrorCode.CONFLICT) return false;
    log?.error({ err, caseId: id }, 'sweep failed on a case');
    return false;
  }
}
