import { newId, subtreeRange } from '@lianxin/auth';
import { enqueue, OutboxRow } from '@lianxin/outbox';
import { engineOfDataSource } from '@lianxin/subgraph';
import { In, type DataSource } from 'typeorm';
import { CaseRow } from '../casefile/case.entity';
import { CLOCK_RUNNING } from '../casefile/case.enums';
import { cityDepth } from '../casefile/city';
import { CaseTallyRow } from '../figures/tally.entity';
import { clockOf } from './emit';
import { FIGURES_TOPIC, type BucketDelta, type FigureEvent } from './figure.event';

export interface SnapshotResult {
  /** Cities an event was written for. */
  cities: number;
  /** Buckets whose count the province had not been told, and the cases they add up to (may be negative after a repair). */
  buckets: number;
  cases: number;
  clocks: number;
}

type Keyed = Omit<BucketDelta, 'n'>;
const keyOf = (b: Keyed): string => [b.month, b.kind, b.state, b.supervised ? 1 : 0, b.onTime, b.rating, b.passedUp, b.referredOut].join('|');

/**
 * `npm run cases:rollup-snapshot`: what each city of this deployment counts that it never
 * reported, as one ordinary figure event per city: for a city that joins a roll-up with
 * history (cases from before ROLLUP_URL was set). The event is the city's own tally minus
 * the sum of every figure event already in its outbox (delivered or not), plus the clocks of
 * its running cases, so it adds up with the others in any order, and a second run finds
 * nothing left to tell. It needs the outbox's figure events since reporting began (prune
 * DONE rows only after a snapshot). Correct while cases keep changing: on MariaDB the
 * city's tally rows are read FOR UPDATE, which waits for every writer changing a bucket
 * and holds the next ones until this commits, and the outbox and the running cases with
 * locking reads too (the latest committed; FOR UPDATE, as TypeORM writes MySQL 8's FOR SHARE,
 * which MariaDB does not know), so a dispatcher or a case step waits a moment; the embedded
 * engine has one writer at a time.
 */
export async function snapshotFigures(db: DataSource): Promise<SnapshotResult> {
  const mysql = engineOfDataSource(db) === 'mysql';
  const depth = cityDepth();
  return db.transaction(async (em) => {
    const tallyQuery = em.getRepository(CaseTallyRow).createQueryBuilder('t');
    if (mysql) tallyQuery.setLock('pessimistic_write');
    const cityRows = (await tallyQuery.getMany()).filter((r) => r.orgPath.split('/').length - 2 === depth);
    const sentQuery = em.getRepository(OutboxRow).createQueryBuilder('o').where({ topic: FIGURES_TOPIC });
    if (mysql) sentQuery.setLock('pessimistic_write');
    const sent = await sentQuery.getMany();

    // What each city counts, minus what it already said.
    const owed = new Map<string, { path: string; buckets: Map<string, BucketDelta> }>();
    const cityOf = (id: string, path: string) => {
      const c = owed.get(id) ?? { path, buckets: new Map<string, BucketDelta>() };
      owed.set(id, c);
      return c;
    };
    const add = (city: { buckets: Map<string, BucketDelta> }, b: Keyed, n: number) => {
      const d = city.buckets.get(keyOf(b)) ?? { ...b, n: 0 };
      d.n += n;
      city.buckets.set(keyOf(b), d);
    };
    for (const r of cityRows) {
      add(cityOf(r.orgId, r.orgPath), {
        month: r.month, kind: r.kind, state: r.state, supervised: !!r.supervised, onTime: Number(r.onTime), rating: r.rating, passedUp: Number(r.passedUp), referredOut: Number(r.referredOut),
      }, r.n);
    }
    for (const row of sent) {
      const e = JSON.parse(row.payload) as FigureEvent;
      const city = cityOf(e.city.id, e.city.path);
      for (const { n, ...b } of e.deltas) add(city, b, -n);
    }

    const result: SnapshotResult = { cities: 0, buckets: 0, cases: 0, clocks: 0 };
    for (const [id, city] of owed) {
      const deltas = [...city.buckets.values()].filter((d) => d.n !== 0);
      const { from, to } = subtreeRange(city.path);
      const clockQuery = em.getRepository(CaseRow).createQueryBuilder('c')
        .select(['c.id', 'c.version', 'c.state', 'c.dueAt', 'c.raisedAt', 'c.kind'])
        .where('c.raisedPath >= :from AND c.raisedPath < :to', { from, to })
        .andWhere({ state: In([...CLOCK_RUNNING]) })
        .orderBy('c.id');
      if (mysql) clockQuery.setLock('pessimistic_write');
      // Clocks are snapshots with a version: sending the current ones again changes nothing at the province.
      const clocks = (await clockQuery.getMany()).map(clockOf);
      if (!deltas.length && !clocks.length) continue;
      await enqueue(em, { topic: FIGURES_TOPIC, key: newId(), payload: { v: 1, city: { id, path: city.path }, deltas, clocks } satisfies FigureEvent });
      result.cities++;
      result.buckets += deltas.length;
      result.cases += deltas.reduce((s, d) => s + d.n, 0);
      result.clocks += clocks.length;
    }
    return result;
  });
}
