import { pathIds, subtreeRange } from '@lianxin/auth';
import { readInt, type Env } from '@lianxin/config';
import { Column, EventSubscriber, type EntityMetadata, type EntitySubscriberInterface, type InsertEvent, type ObjectLiteral, type QueryRunner, type UpdateEvent } from 'typeorm';
import { engineOfDataSource } from './db';

/**
 * The city of a row: the shard key of a deployment split by city (Vitess keyspace id, TiDB
 * placement), carried by every table that holds an org path, in a `city` column.
 *
 * Which segment is the city. An org path lists ids from the root down
 * (`/<root>/…/<id>/`). `ORG_LEVELS_ABOVE_CITY` says how many levels sit above the city in
 * this deployment's tree: 0 (the default) when the city federation is the root, 1 with a
 * province (省总工会) above it, 2 with the nation (全国总工会) and the province. The city is
 * the path's segment number ORG_LEVELS_ABOVE_CITY + 1. A row of an org above the city (the
 * province's own programme, a case passed up to the province) has no such segment: its
 * city is its own org's id, so each province and the nation are a shard of their own.
 *
 * Every service reads the same variable, and `npm run migrate` backfills with it: set it
 * once per deployment, before the first migration, and never change it on a filled
 * database (the stored cities would be another level's ids).
 */
export const CITY_COLUMN = 'city';

/** Org paths: 255 ASCII bytes hold nine levels of 26-character ids (the deepest tree, nation to enterprise, has six). */
export const PATH_LENGTH = 255;

/** A ULID: the city column holds one org id. */
export const CITY_LENGTH = 26;

export function readLevelsAboveCity(env: Env, problems: string[]): number {
  return readInt(env, 'ORG_LEVELS_ABOVE_CITY', 0, 0, 3, problems);
}

/** Read on every use, not once at import: a test graph with a province above the city sets it for its own run. */
export function levelsAboveCity(env: Env = process.env): number {
  return readLevelsAboveCity(env, []);
}

/** The city of a row at `path` (see above); `above` is ORG_LEVELS_ABOVE_CITY. */
export function cityOf(path: string, above: number = levelsAboveCity()): string {
  const ids = pathIds(path);
  return ids[Math.min(above + 1, ids.length) - 1];
}

/** The path of the org `cityOf` names: every row under it (and only those) has that city, unless it lies above the city level. */
export function cityPath(path: string, above: number = levelsAboveCity()): string {
  const ids = pathIds(path);
  return `/${ids.slice(0, Math.min(above + 1, ids.length)).join('/')}/`;
}

/** Entity class -> the property holding the org path its city is derived from. */
const sources = new Map<object, string>();

/**
 * Declares an entity's `city` column, derived from the org path in `pathProperty`. The
 * writers never set it: CitySubscriber (registered by openDatabase) stamps it on every
 * insert, and on every update that sets the path; insertRows (the seeders) does the same.
 * On MariaDB the column has no default, so a row written past both is refused.
 */
export function CityColumn(pathProperty: string): PropertyDecorator {
  return (target, key) => {
    sources.set(target.constructor, pathProperty);
    Column({ name: CITY_COLUMN, type: 'varchar', length: CITY_LENGTH })(target, key);
  };
}

/** The path property a table's city comes from, if it carries one. */
export function citySource(meta: Pick<EntityMetadata, 'target'>): string | undefined {
  return sources.get(meta.target as object);
}

/** Sets `row.city` from its path, when the entity carries a city and the row holds a path. */
export function stampCity(meta: Pick<EntityMetadata, 'target'>, row: ObjectLiteral | undefined): void {
  const source = citySource(meta);
  if (!source || !row) return;
  const path: unknown = row[source];
  if (typeof path === 'string') row[CITY_COLUMN] = cityOf(path);
}

@EventSubscriber()
export class CitySubscriber implements EntitySubscriberInterface {
  beforeInsert(event: InsertEvent<ObjectLiteral>): void {
    stampCity(event.metadata, event.entity);
  }

  /** `update().set({ orgPath })` and `save()` of a moved row: the city follows the path. */
  beforeUpdate(event: UpdateEvent<ObjectLiteral>): void {
    stampCity(event.metadata, event.entity);
  }
}

/**
 * The `city` assignment that goes with rewriting a path prefix `from` -> `to` (an org move,
 * which keeps depth): when the moved org is at or below the city level every row under it
 * now belongs to `to`'s city; above it (a city moved to another province) every row keeps
 * its own city segment.
 */
export function cityAfterMove(to: string): string | undefined {
  const above = levelsAboveCity();
  return pathIds(to).length >= above + 1 ? cityOf(to, above) : undefined;
}

/**
 * Migration step for one table holding org paths: widens its path columns to PATH_LENGTH
 * and adds `city`, filled from `cityColumnSource` (one of the path columns). Engine-neutral:
 * SQLite keeps the declared length but never enforces it, so only MariaDB alters the columns.
 * The backfill is one range UPDATE per city (the distinct paths come off the column's
 * index), plus one per org above the city level that holds rows. On MariaDB the column then
 * loses its default, so any writer that does not stamp it fails loudly rather than shard wrongly.
 */
export async function addCityColumn(qr: QueryRunner, table: string, cityColumnSource: string, pathColumns: string[] = [cityColumnSource]): Promise<void> {
  if (![table, cityColumnSource, ...pathColumns].every((n) => /^[a-z_]+$/.test(n))) throw new Error(`addCityColumn: ${table} names a column that is not a plain name`);
  const mysql = engineOfDataSource(qr.connection) === 'mysql';
  if (mysql) {
    const nullable = new Map<string, boolean>();
    const rows = (await qr.query(`SELECT column_name AS name, is_nullable AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?`, [table])) as { name: string; n: string }[];
    for (const r of rows) nullable.set(r.name, r.n === 'YES');
    const widen = pathColumns.map((c) => `MODIFY ${c} varchar(${PATH_LENGTH}) CHARACTER SET ascii COLLATE ascii_bin ${nullable.get(c) ? 'NULL' : 'NOT NULL'}`);
    await qr.query(`ALTER TABLE ${table} ${[...widen, `ADD COLUMN ${CITY_COLUMN} varchar(${CITY_LENGTH}) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT ''`].join(', ')}`);
  } else {
    await qr.query(`ALTER TABLE ${table} ADD COLUMN ${CITY_COLUMN} varchar(${CITY_LENGTH}) NOT NULL DEFAULT ''`);
  }
  const above = levelsAboveCity();
  const paths = ((await qr.query(`SELECT DISTINCT ${cityColumnSource} AS p FROM ${table} WHERE ${cityColumnSource} IS NOT NULL`)) as { p: string }[]).map((r) => r.p);
  const done = new Set<string>();
  for (const path of paths) {
    const prefix = cityPath(path, above);
    if (done.has(prefix)) continue;
    const city = cityOf(path, above);
    if (pathIds(prefix).length === above + 1) {
      // The city's whole subtree in one range: every row under it has this city.
      done.add(prefix);
      const { from, to } = subtreeRange(prefix);
      await qr.query(`UPDATE ${table} SET ${CITY_COLUMN} = ? WHERE ${cityColumnSource} >= ? AND ${cityColumnSource} < ?`, [city, from, to]);
    } else {
      // A row of an org above the city level: its own org is its city.
      await qr.query(`UPDATE ${table} SET ${CITY_COLUMN} = ? WHERE ${cityColumnSource} = ?`, [city, path]);
    }
  }
  if (mysql) await qr.query(`ALTER TABLE ${table} ALTER COLUMN ${CITY_COLUMN} DROP DEFAULT`);
}

/** Widens path columns of a table that carries no city of its own (MariaDB only; see addCityColumn). */
export async function widenPathColumns(qr: QueryRunner, table: string, columns: string[]): Promise<void> {
  if (engineOfDataSource(qr.connection) !== 'mysql') return;
  const rows = (await qr.query(`SELECT column_name AS name, is_nullable AS n FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?`, [table])) as { name: string; n: string }[];
  const nullable = new Map(rows.map((r) => [r.name, r.n === 'YES']));
  await qr.query(`ALTER TABLE ${table} ${columns.map((c) => `MODIFY ${c} varchar(${PATH_LENGTH}) CHARACTER SET ascii COLLATE ascii_bin ${nullable.get(c) ? 'NULL' : 'NOT NULL'}`).join(', ')}`);
}

/** The down step of addCityColumn: the column goes, the paths stay wide (rows of a deeper tree would not fit back). */
export async function dropCityColumn(qr: QueryRunner, table: string): Promise<void> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`dropCityColumn: ${table} is not a plain name`);
  await qr.query(`ALTER TABLE ${table} DROP COLUMN ${CITY_COLUMN}`);
}
