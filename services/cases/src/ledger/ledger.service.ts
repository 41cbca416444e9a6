import type { DataSource } from 'typeorm';
import { CaseRow } from '../case/case.entity';
import { CaseEventRow } from './ledger.entity';
import { eventHash, GENESIS } from './ledger.hash';

export interface LedgerBreak {
  caseId: string;
  caseNumber: string | null;
  /** The first event that does not check out (or the head the case row points at). */
  seq: number;
  problem: string;
}

export interface LedgerReport {
  ok: boolean;
  casesChecked: number;
  eventsChecked: number;
  firstBreak: LedgerBreak | null;
}

/**
 * Walks the ledger in (case_id, seq) order, a page at a time, and recomputes every hash:
 * each case's chain must start at seq 1 from the genesis hash, run without gaps, link each
 * event to the one before, and end at the head recorded on the case row. Stops at the
 * first broken link. `caseIds` narrows the walk (a staff member checking one case).
 */
export async function verifyLedger(db: DataSource, opts: { caseIds?: string[]; pageSize?: number } = {}): Promise<LedgerReport> {
  const pageSize = opts.pageSize ?? 5000;
  const report: LedgerReport = { ok: true, casesChecked: 0, eventsChecked: 0, firstBreak: null };
  const fail = async (caseId: string, seq: number, problem: string): Promise<LedgerReport> => {
    const c = await db.getRepository(CaseRow).findOne({ where: { id: caseId }, select: { id: true, number: true } });
    return { ...report, ok: false, firstBreak: { caseId, caseNumber: c?.number ?? null, seq, problem } };
  };

  let cursor: { caseId: string; seq: number } | null = null;
  let open: { caseId: string; seq: number; hash: string } | null = null;
  const closeCase = async (state: { caseId: string; seq: number; hash: string }): Promise<string | null> => {
    report.casesChecked++;
    const c = await db.getRepository(CaseRow).findOne({ where: { id: state.caseId }, select: { id: true, eventSeq: true, ledgerHead: true } });
    if (!c) return 'events exist for a case that does not';
    if (c.eventSeq !== state.seq || c.ledgerHead !== state.hash) return `the case's ledger head is event ${c.eventSeq}, the chain ends at ${state.seq}: an event was removed or the head was edited`;
    return null;
  };

  for (;;) {
    const qb = db.getRepository(CaseEventRow).createQueryBuilder('e').orderBy('e.caseId').addOrderBy('e.seq').limit(pageSize);
    if (opts.caseIds) qb.andWhere('e.caseId IN (:...ids)', { ids: opts.caseIds });
    if (cursor) qb.andWhere('(e.caseId > :cc OR (e.caseId = :cc AND e.seq > :cs))', { cc: cursor.caseId, cs: cursor.seq });
    const page = await qb.getMany();
    for (const e of page) {
      if (!open || open.caseId !== e.caseId) {
        if (open) {
          const problem = await closeCase(open);
          if (problem) return fail(open.caseId, open.seq, problem);
        }
        open = { caseId: e.caseId, seq: 0, hash: GENESIS };
      }
      if (e.seq !== open.seq + 1) return fail(e.caseId, open.seq + 1, `event ${open.seq + 1} is missing (next found: ${e.seq})`);
      if (e.prevHash !== open.hash) return fail(e.caseId, e.seq, 'does not link to the event before it');
      if (eventHash(e) !== e.hash) return fail(e.caseId, e.seq, 'its content does not match its hash: the row was edited');
      open = { caseId: e.caseId, seq: e.seq, hash: e.hash };
      report.eventsChecked++;
    }
    if (page.length < pageSize) break;
    const last = page[page.length - 1];
    cursor = { caseId: last.caseId, seq: last.seq };
  }
  if (open) {
    const problem = await closeCase(open);
    if (problem) return fail(open.caseId, open.seq, problem);
  }
  // A case whose every event was deleted leaves no chain to walk; its head still says it had some.
  {
    const qb = db.getRepository(CaseRow).createQueryBuilder('c').leftJoin(CaseEventRow, 'e', 'e.caseId = c.id AND e.seq = 1').where('e.id IS NULL');
    if (opts.caseIds) qb.andWhere('c.id IN (:...ids)', { ids: opts.caseIds });
    const orphan = await qb.select(['c.id']).getOne();
    if (orphan) return fail(orphan.id, 1, 'the case has no first event: its ledger was deleted');
  }
  return report;
}
