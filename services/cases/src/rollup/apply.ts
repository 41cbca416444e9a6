import { enqueue, receiveOnce } from '@lianxin/outbox';
import { engineOfDataSource, withContentionRetry } from '@lianxin/subgraph';
import type { DataSource, EntityManager } from 'typeorm';
import { FIGURES_TOPIC, type FigureEvent } from './figure.event';
import { reportsUpstream } from './emit';

const TALLY_COLUMNS = '(city_id, month, kind, state, supervised, on_time, rating, passed_up, referred_out, city_path, n)';
const TALLY_KEY = '(city_id, month, kind, state, supervised, on_time, rating, passed_up, referred_out)';
const CLOCK_COLUMNS = ['city_id', 'city_path', 'running', 'due_at', 'raised_at', 'kind'] as const;

/**
 * Applies one city's figure event, once: the inbox key (the city's outbox key) is recorded in
 * the same transaction, so a repeat changes nothing. Deltas add to the city's rows whatever
 * their order; a clock replaces the stored one only when its version is newer. When this
 * deployment reports upward too (a province under a nation), the event is passed on, in the
 * same transaction, with the same key. `cityPath`: the city's path in this deployment's own
 * tree. False: applied before.
 */
export function applyFigureEvent(db: DataSource, key: string, event: FigureEvent, cityPath: string): Promise<boolean> {
  return withContentionRetry(() =>
    db.transaction(async (em) => {
      if (!(await receiveOnce(em, FIGURES_TOPIC, key))) return false;
      await addToRollup(em, event, cityPath);
      await setClocks(em, event, cityPath);
      if (reportsUpstream(em)) await enqueue(em, { topic: FIGURES_TOPIC, key, payload: event });
      return true;
    }),
  );
}

async function addToRollup(em: EntityManager, { city, deltas }: FigureEvent, cityPath: string): Promise<void> {
  if (!deltas.length) return;
  const rows = deltas.map((d) => [city.id, d.month, d.kind, d.state, d.supervised ? 1 : 0, d.onTime, d.rating, d.passedUp, d.referredOut, cityPath, d.n] as const);
  // Key order, as the city's tally does: two deliveries touching the same rows cannot deadlock.
  rows.sort((a, b) => a.slice(0, 9).join('\u0000').localeCompare(b.slice(0, 9).join('\u0000')));
  const upsert = engineOfDataSource(em.connection) === 'mysql' ? 'ON DUPLICATE KEY UPDATE n = n + VALUES(n)' : `ON CONFLICT ${TALLY_KEY} DO UPDATE SET n = n + excluded.n`;
  await em.query(`INSERT INTO rollup_tally ${TALLY_COLUMNS} VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ${upsert}`, rows.flat());
}

async function setClocks(em: EntityManager, { city, clocks }: FigureEvent, cityPath: string): Promise<void> {
  const mysql = engineOfDataSource(em.connection) === 'mysql';
  // Only a newer version replaces a clock; on MariaDB `version` is assigned last, after every column compared with it.
  const upsert = mysql
    ? `ON DUPLICATE KEY UPDATE ${CLOCK_COLUMNS.map((c) => `${c} = IF(VALUES(version) > version, VALUES(${c}), ${c})`).join(', ')}, version = GREATEST(version, VALUES(version))`
    : `ON CONFLICT (case_id) DO UPDATE SET ${[...CLOCK_COLUMNS, 'version'].map((c) => `${c} = excluded.${c}`).join(', ')} WHERE excluded.version > rollup_clock.version`;
  // A raw statement binds values as they are: mysql2 turns a Date into UTC (timezone 'Z'); SQLite stores TypeORM's UTC text.
  const at = (iso: string): Date | string => (mysql ? new Date(iso) : new Date(iso).toISOString().replace('T', ' ').replace('Z', ''));
  for (const c of [...clocks].sort((a, b) => (a.caseId < b.caseId ? -1 : 1))) {
    await em.query(
      `INSERT INTO rollup_clock (case_id, version, ${CLOCK_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ${upsert}`,
      [c.caseId, c.version, city.id, cityPath, c.running ? 1 : 0, at(c.dueAt), at(c.raisedAt), c.kind],
    );
  }
}
