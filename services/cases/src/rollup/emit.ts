import { newId } from '@lianxin/auth';
import { enqueue } from '@lianxin/outbox';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseRow } from '../casefile/case.entity';
import { CLOCK_RUNNING } from '../casefile/case.enums';
import { cityDepth, cityOf } from '../casefile/city';
import { bucketOf, type TallyDelta } from '../figures/tally';
import { FIGURES_TOPIC, type BucketDelta, type CaseClock, type FigureEvent } from './figure.event';

/**
 * Databases whose writers report figure events: a city with a province to report to
 * (ROLLUP_URL). Kept per database, not per process, so a test can run cities and a
 * province side by side. Without it nothing is enqueued (no outbox rows pile up for
 * nobody); a city that joins a roll-up later must be counted from a snapshot, see
 * docs/rollup.md.
 */
const reporting = new WeakSet<DataSource>();

export function reportFigures(db: DataSource): void {
  reporting.add(db);
}

const reports = (em: EntityManager): boolean => reporting.has(em.connection);

/** A province that reports to a nation passes each city's event on (apply.ts). */
export const reportsUpstream = reports;

const sameBucket = (a: ReturnType<typeof bucketOf>, b: ReturnType<typeof bucketOf>): boolean =>
  (Object.keys(a) as (keyof typeof a)[]).every((k) => a[k] === b[k]);

export function clockOf(c: Pick<CaseRow, 'id' | 'version' | 'state' | 'dueAt' | 'raisedAt' | 'kind'>): CaseClock {
  return { caseId: c.id, version: c.version, running: CLOCK_RUNNING.includes(c.state), dueAt: c.dueAt.toISOString(), raisedAt: c.raisedAt.toISOString(), kind: c.kind };
}

async function send(em: EntityManager, event: FigureEvent): Promise<void> {
  if (!event.deltas.length && !event.clocks.length) return;
  await enqueue(em, { topic: FIGURES_TOPIC, key: newId(), payload: event });
}

/**
 * A case was raised (`before` null) or changed: in the same transaction, tell the province
 * how the city's own tally moved and what the overdue count reads of the case now.
 */
export async function reportCaseChange(em: EntityManager, before: CaseRow | null, after: CaseRow): Promise<void> {
  if (!reports(em)) return;
  const city = cityOf(after.raisedPath);
  if (!city) return;
  const deltas: BucketDelta[] = [];
  const to = bucketOf(after);
  const from = before && bucketOf(before);
  if (!from || !sameBucket(from, to)) {
    if (from) deltas.push({ ...from, n: -1 });
    deltas.push({ ...to, n: 1 });
  }
  // The clock travels with every change, a few dozen bytes: a deadline set by any means
  // (a pause, a rule, an operator's fix) reaches the province with the case's next step.
  await send(em, { v: 1, city, deltas, clocks: [clockOf(after)] });
}

/**
 * An org moved (orgchange): the tally deltas it wrote at city orgs, and, when cases changed
 * city, their clocks as they are now, so the province counts them under the new city.
 */
export async function reportMovedFigures(em: EntityManager, deltas: readonly TallyDelta[], movedCases: readonly CaseRow[]): Promise<void> {
  if (!reports(em)) return;
  const events = new Map<string, FigureEvent>();
  const eventOf = (city: { id: string; path: string }): FigureEvent => {
    const e = events.get(city.id) ?? { v: 1, city, deltas: [], clocks: [] };
    events.set(city.id, e);
    return e;
  };
  const depth = cityDepth();
  for (const { orgId, orgPath, n, ...bucket } of deltas) {
    // Only the city's own rows travel: the province counts cities, not what lies below them.
    if (orgPath.split('/').length - 2 !== depth || n === 0) continue;
    eventOf({ id: orgId, path: orgPath }).deltas.push({ ...bucket, n });
  }
  for (const c of movedCases) {
    const city = cityOf(c.raisedPath);
    if (city) eventOf(city).clocks.push(clockOf(c));
  }
  for (const e of events.values()) await send(em, e);
}
