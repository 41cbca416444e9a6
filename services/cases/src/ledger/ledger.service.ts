import { In, type DataSource } from 'typeorm';
import { CaseRow } from '../casefile/case.entity';
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

interface Head {
  id: string;
  number: string;
  eventSeq: number;
  ledgerHead: string;
}

/**
 * Walks the ledger in (case_id, seq) order, a page at a time, and recomputes every hash:
 * each case's chain must start at seq 1 from the genesis hash, run without gaps, link each
 * event to the one before, and end at the head recorded on the case row (so deleting the
 * last event shows too). Stops at the first broken link. `caseIds` narrows the walk.
 * Cost: two statements per page of events, whatever the number of cases.
 */
export async function verifyLedger(db: DataSource, opts: { caseIds?: string[]; pageSize?: number } = {}): Promise<LedgerReport> {
  const pageSize = opts.pageSize ?? 5000;
  const report: LedgerReport = { ok: true, casesChecked: 0, eventsChecked: 0, firstBreak: null };
  const heads = new Map<string, Head>();
  const fail = async (caseId: string, seq: number, problem: string): Promise<LedgerReport> => {
    const number = heads.get(caseId)?.number ?? (await db.getRepository(CaseRow).findOne({ where: { id: caseId }, select: { id: true, number: true } }))?.number ?? null;
    return { ...report, ok: false, firstBreak: { caseId, caseNumber: number, seq, problem } };
  };
  const headProblem = (chain: { caseId: string; seq: number; hash: string }): string | null => {
    report.casesChecked++;
    const c = heads.get(chain.caseId);
    if (!c) return 'events exist for a case that does not';
    if (c.eventSeq !== chain.seq || c.ledgerHead !== chain.hash) {
      return `the case row says the ledger ends at event ${c.eventSeq}, the chain ends at ${chain.seq}: an event was removed or the head was edited`;
    }
    return null;
  };

  let cursor: { caseId: string; seq: number } | null = null;
  let chain: { caseId: string; seq: number; hash: string } | null = null;
  for (;;) {
    const qb = db.getRepository(CaseEventRow).createQueryBuilder('e').orderBy('e.caseId').addOrderBy('e.seq').limit(pageSize);
    if (opts.caseIds) qb.andWhere('e.caseId IN (:...ids)', { ids: opts.caseIds });
    if (cursor) qb.andWhere('(e.caseId > :cc OR (e.caseId = :cc AND e.seq > :cs))', { cc: cursor.caseId, cs: cursor.seq });
    const page = await qb.getMany();
    const unseen = [...new Set(page.map((e) => e.caseId))].filter((id) => !heads.has(id));
    if (unseen.length) {
      const rows = await db.getRepository(CaseRow).find({ where: { id: In(unseen) }, select: { id: true, number: true, eventSeq: true, ledgerHead: true } });
      for (const r of rows) heads.set(r.id, r);
    }
    for (const e of page) {
      if (!chain || chain.caseId !== e.caseId) {
        if (chain) {
          const problem = headProblem(chain);
          if (problem) return fail(chain.caseId, chain.seq, problem);
          heads.delete(chain.caseId);
        }
        chain = { caseId: e.caseId, seq: 0, hash: GENESIS };
      }
      if (e.seq !== chain.seq + 1) return fail(e.caseId, chain.seq + 1, `event ${chain.seq + 1} is missing (the next one found is ${e.seq})`);
      if (e.prevHash !== chain.hash) return fail(e.caseId, e.seq, 'it does not link to the event before it');
      if (eventHash(e) !== e.hash) return fail(e.caseId, e.seq, 'its content does not match its hash: the row was edited');
      chain = { caseId: e.caseId, seq: e.seq, hash: e.hash };
      report.eventsChecked++;
    }
    if (page.length < pageSize) break;
    const last = page[page.length - 1];
    cursor = { caseId: last.caseId, seq: last.seq };
  }
  if (chain) {
    const problem = headProblem(chain);
    if (problem) return fail(chain.caseId, chain.seq, problem);
  }
  // A case whose every event was deleted leaves no chain to walk; its row still says it had some.
  const qb = db.getRepository(CaseRow).createQueryBuilder('c').leftJoin(CaseEventRow, 'e', 'e.caseId = c.id AND e.seq = 1').where('e.id IS NULL');
  if (opts.caseIds) qb.andWhere('c.id IN (:...ids)', { ids: opts.caseIds });
  const orphan = await qb.select(['c.id', 'c.number']).getOne();
  if (orphan) return fail(orphan.id, 1, 'the case has no first event: its ledger was deleted');
  return report;
}
