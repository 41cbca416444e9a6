import { chinaMonth } from '@lianxin/members-client';
import { pathIds } from '@lianxin/auth';
import { cityOf, engineOfDataSource } from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import type { CaseRow } from '../casefile/case.entity';
import { cityDepth } from '../casefile/city';

/** The bucket a case counts in (see CaseTallyRow). */
export interface Bucket {
  month: string;
  kind: string;
  state: string;
  supervised: boolean;
  onTime: number;
  rating: string;
  /** 1 when ever passed up (上报), else 0. */
  passedUp: number;
  /** 1 when ever referred out (转办外部机构), else 0. */
  referredOut: number;
}

type Tallied = Pick<CaseRow, 'raisedAt' | 'kind' | 'state' | 'supervised' | 'onTime' | 'rating' | 'passedUp' | 'referredOut'>;

export function bucketOf(c: Tallied): Bucket {
  return {
    month: chinaMonth(c.raisedAt),
    kind: c.kind,
    state: c.state,
    supervised: !!c.supervised,
    onTime: c.onTime === null || c.onTime === undefined ? 0 : c.onTime ? 1 : 2,
    rating: c.rating ?? '',
    passedUp: c.passedUp ? 1 : 0,
    referredOut: c.referredOut ? 1 : 0,
  };
}

const sameBucket = (a: Bucket, b: Bucket): boolean =>
  a.month === b.month && a.kind === b.kind && a.state === b.state && a.supervised === b.supervised && a.onTime === b.onTime && a.rating === b.rating && a.passedUp === b.passedUp && a.referredOut === b.referredOut;

/**
 * Every ancestor-or-self of the raising org from the city down, with its path: where a case
 * is counted. Orgs above the city (province, nation) are not written here, in the case's
 * transaction: the roll-up feed (rollup/) counts them from the city's figure events.
 */
export function countedAt(raisedPath: string): { orgId: string; path: string }[] {
  const ids = pathIds(raisedPath);
  const top = cityDepth() - 1;
  return ids.map((orgId, i) => ({ orgId, path: `/${ids.slice(0, i + 1).join('/')}/` })).slice(top);
}

const COLUMNS = '(org_id, month, kind, state, supervised, on_time, rating, passed_up, referred_out, org_path, city, n)';
const KEY = '(org_id, month, kind, state, supervised, on_time, rating, passed_up, referred_out)';
/** Columns of KEY: rows are sorted on them. */
const KEY_WIDTH = 9;

/** Moves one case between buckets (or adds/removes it), at every org it is counted at, in one statement. */
export async function moveTally(em: EntityManager, raisedPath: string, before: Tallied | null, after: Tallied | null): Promise<void> {
  const from = before && bucketOf(before);
  const to = after && bucketOf(after);
  if (from && to && sameBucket(from, to)) return;
  const rows: TallyDelta[] = [];
  for (const { orgId, path } of countedAt(raisedPath)) {
    if (from) rows.push({ ...from, orgId, orgPath: path, n: -1 });
    if (to) rows.push({ ...to, orgId, orgPath: path, n: 1 });
  }
  await addToTally(em, rows);
}

/** A change of one bucket's count at one org. */
export interface TallyDelta extends Bucket {
  orgId: string;
  orgPath: string;
  n: number;
}

/**
 * Adds each delta to its bucket, in one statement. Rows are written in key order so two
 * transactions touching the same rows lock them in the same order and cannot deadlock
 * each other.
 */
export async function addToTally(em: EntityManager, deltas: readonly TallyDelta[]): Promise<void> {
  if (!deltas.length) return;
  const rows = deltas.map((d) => [d.orgId, d.month, d.kind, d.state, d.supervised ? 1 : 0, d.onTime, d.rating, d.passedUp, d.referredOut, d.orgPath, cityOf(d.orgPath), d.n] as const);
  rows.sort((a, b) => a.slice(0, KEY_WIDTH).join('\u0000').localeCompare(b.slice(0, KEY_WIDTH).join('\u0000')));
  // A raw upsert, past CitySubscriber: the city is stamped above, from the same path.
  const values = rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const upsert =
    engineOfDataSource(em.connection) === 'mysql'
      ? `ON DUPLICATE KEY UPDATE n = n + VALUES(n)`
      : `ON CONFLICT ${KEY} DO UPDATE SET n = n + excluded.n`;
  await em.query(`INSERT INTO case_tally ${COLUMNS} VALUES ${values} ${upsert}`, rows.flat());
}
