import { DataSource, Not, type EntityManager } from 'typeorm';
import { CaseRow } from '../casefile/case.entity';
import { CaseTallyRow } from './tally.entity';
import { bucketOf, countedAt, type Bucket } from './tally';

/** One case_tally row as it should be: a bucket at one org, and how many cases are in it. */
export interface TallyEntry extends Bucket {
  orgId: string;
  orgPath: string;
  n: number;
}

/** A bucket where case_tally and the cases disagree. `actual` is 0 for a missing row. */
export interface TallyDrift extends Bucket {
  orgId: string;
  expected: number;
  actual: number;
  expectedPath: string | null;
  actualPath: string | null;
}

type Keyed = Bucket & { orgId: string };
const keyOf = (e: Keyed): string => [e.orgId, e.month, e.kind, e.state, e.supervised ? 1 : 0, e.onTime, e.rating, e.passedUp, e.referredOut].join('|');

const managerOf = (db: DataSource | EntityManager): EntityManager => (db instanceof DataSource ? db.manager : db);

/**
 * What case_tally must hold, computed from case_file alone with the same bucket rules the
 * case writer applies. For tests and operators, not for requests: it reads every case
 * (in id order, `batch` at a time). Unscoped on purpose, so never expose it to a caller.
 */
export async function expectedTally(db: DataSource | EntityManager, batch = 5000): Promise<Map<string, TallyEntry>> {
  const em = managerOf(db);
  const expected = new Map<string, TallyEntry>();
  let after = '';
  for (;;) {
    const cases = await em
      .getRepository(CaseRow)
      .createQueryBuilder('c')
      .select(['c.id', 'c.raisedPath', 'c.raisedAt', 'c.kind', 'c.state', 'c.supervised', 'c.onTime', 'c.rating', 'c.passedUp', 'c.referredOut'])
      .where('c.id > :after', { after })
      .orderBy('c.id')
      .limit(batch)
      .getMany();
    for (const c of cases) {
      const bucket = bucketOf(c);
      for (const { orgId, path } of countedAt(c.raisedPath)) {
        const key = keyOf({ ...bucket, orgId });
        const entry = expected.get(key);
        if (entry) entry.n++;
        else expected.set(key, { ...bucket, orgId, orgPath: path, n: 1 });
      }
    }
    if (cases.length < batch) return expected;
    after = cases[cases.length - 1].id;
  }
}

/**
 * Compares case_tally with what the cases say it must hold and returns every bucket that
 * differs (empty: the figures are exact). Rows left at n = 0 by cases moving on are not
 * drift. Given a DataSource, both reads run in one transaction, so on MariaDB they see
 * one snapshot even while cases keep changing.
 */
export async function tallyDrift(db: DataSource | EntityManager): Promise<TallyDrift[]> {
  const run = async (em: EntityManager): Promise<TallyDrift[]> => {
    const expected = await expectedTally(em);
    const actual = await em.getRepository(CaseTallyRow).find({ where: { n: Not(0) } });
    const drift: TallyDrift[] = [];
    const seen = new Set<string>();
    for (const row of actual) {
      const bucket: Keyed = {
        orgId: row.orgId, month: row.month, kind: row.kind, state: row.state, supervised: !!row.supervised, onTime: Number(row.onTime), rating: row.rating,
        passedUp: Number(row.passedUp), referredOut: Number(row.referredOut),
      };
      const key = keyOf(bucket);
      seen.add(key);
      const want = expected.get(key);
      if (!want || want.n !== row.n || want.orgPath !== row.orgPath) {
        drift.push({ ...bucket, expected: want?.n ?? 0, actual: row.n, expectedPath: want?.orgPath ?? null, actualPath: row.orgPath });
      }
    }
    for (const [key, want] of expected) {
      if (seen.has(key)) continue;
      const { orgPath, n, ...bucket } = want;
      drift.push({ ...bucket, expected: n, actual: 0, expectedPath: orgPath, actualPath: null });
    }
    return drift;
  };
  // Through DataSource.transaction, which the embedded engine serialises; a manager is
  // used as it is, inside whatever transaction its owner runs.
  return db instanceof DataSource ? db.transaction(run) : run(db);
}
