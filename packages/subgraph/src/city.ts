import { pathIds, subtreeRange } from '@lianxin/auth';
import { readInt, type Env } from '@lianxin/config';
import { Column, EventSubscriber, type EntityManager, type EntityMetadata, type EntitySubscriberInterface, type InsertEvent, type ObjectLiteral, type QueryRunner, type UpdateEvent } from 'typeorm';
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

/**
 * Where a table's city comes from: the org path in one of its own properties, or (a table read
 * only through its parent: ledger events through their case) the parent row its key names,
 * `{ parent: 'case_file', key: 'caseId' }`, whose `id` is the key.
 */
export type CitySource = string | { parent: string; key: string };

/** Entity class -> where its city comes from. */
const sources = new Map<object, CitySource>();

/**
 * Declares an entity's `city` column and where it comes from. The writers never have to set
 * it: CitySubscriber (registered by openDatabase) stamps it on every insert, and on every
 * update that sets the path or the parent key; insertRows (the seeders) does the same. A child
 * row is stamped from its parent's row in the same transaction (one primary-key read), unless
 * the writer, which usually has the parent in hand, set it already. On MariaDB the column has
 * no default, so a row written past all of these is refused.
 */
export function CityColumn(source: CitySource): PropertyDecorator {
  return (target, key) => {
    sources.set(target.constructor, source);
    Column({ name: CITY_COLUMN, type: 'varchar', length: CITY_LENGTH })(target, key);
  };
}

/** The path property a table's city comes from, if it carries one of its own. */
export function citySource(meta: Pick<EntityMetadata, 'target'>): string | undefined {
  const source = sources.get(meta.target as object);
  return typeof source === 'string' ? source : undefined;
}

/** The parent a child table's city comes from, if it is one. */
export function cityParent(meta: Pick<EntityMetadata, 'target'>): { parent: string; key: string } | undefined {
  const source = sources.get(meta.target as object);
  return typeof source === 'object' ? source : undefined;
}

/** Sets `row.city` from its path, when the entity carries a path of its own and the row holds it. */
export function stampCity(meta: Pick<EntityMetadata, 'target'>, row: ObjectLiteral | undefined): void {
  const source = citySource(meta);
  if (!source || !row) return;
  const path: unknown = row[source];
  if (typeof path === 'string') row[CITY_COLUMN] = cityOf(path);
}

type Run = (sql: string, params: unknown[]) => Promise<unknown>;

/** The cities of parent rows by id, read in the caller's transaction. */
async function parentCities(run: Run, parent: string, ids: string[]): Promise<Map<string, string>> {
  if (!/^[a-z_]+$/.test(parent)) throw new Error(`CityColumn: ${parent} is not a plain table name`);
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = (await run(`SELECT id, ${CITY_COLUMN} AS city FROM ${parent} WHERE id IN (${chunk.map(() => '?').join(', ')})`, chunk)) as { id: string; city: string }[];
    for (const r of rows) out.set(r.id, r.city);
  }
  return out;
}

/**
 * Stamps the city of child rows that lack one from their parents (one read per 500 parents);
 * a parent that is not there is an error, not a row without a city.
 */
export async function stampChildCities(meta: Pick<EntityMetadata, 'target' | 'tableName'>, rows: readonly (ObjectLiteral | undefined)[], run: Run): Promise<void> {
  const spec = cityParent(meta);
  if (!spec) return;
  const missing = rows.filter((r): r is ObjectLiteral => !!r && !r[CITY_COLUMN] && typeof r[spec.key] === 'string');
  if (!missing.length) return;
  const cities = await parentCities(run, spec.parent, [...new Set(missing.map((r) => r[spec.key] as string))]);
  for (const r of missing) {
    const city = cities.get(r[spec.key] as string);
    if (city === undefined) throw new Error(`${meta.tableName}: no ${spec.parent} row ${String(r[spec.key])} to take the city from`);
    r[CITY_COLUMN] = city;
  }
}

/**
 * After parent rows changed city other than by a path move (a member transferred to another
 * city, members merged into another city's union): their children, and theirs, follow.
 * `parentIds` are the changed rows' ids. Moves through rewritePathPrefix do this themselves.
 */
export async function followParentCity(em: EntityManager, parent: string, parentIds: readonly string[]): Promise<void> {
  if (!parentIds.length) return;
  await moveChildren(em, parent, `SELECT id FROM ${parent} WHERE id IN (${parentIds.map(() => '?').join(', ')})`, [...parentIds], null);
}

/**
 * Sets `city` on every child (and grandchild) row of the parent rows `parents` selects: to
 * `city`, or (null) to the parent's own.
 */
export async function moveChildren(em: EntityManager, parent: string, parents: string, params: unknown[], city: string | null): Promise<void> {
  for (const meta of em.connection.entityMetadatas) {
    const spec = cityParent(meta);
    if (spec?.parent !== parent) continue;
    const key = meta.findColumnWithPropertyName(spec.key)!.databaseName;
    const value = city === null ? `(SELECT p.${CITY_COLUMN} FROM ${parent} p WHERE p.id = ${meta.tableName}.${key})` : '?';
    await em.query(`UPDATE ${meta.tableName} SET ${CITY_COLUMN} = ${value} WHERE ${key} IN (${parents})`, city === null ? params : [city, ...params]);
    await moveChildren(em, meta.tableName, `SELECT id FROM ${meta.tableName} WHERE ${key} IN (${parents})`, params, city);
  }
}

@EventSubscriber()
export class CitySubscriber implements EntitySubscriberInterface {
  async beforeInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    stampCity(event.metadata, event.entity);
    await stampChildCities(event.metadata, [event.entity], (sql, params) => event.queryRunner.query(sql, params));
  }

  /** `update().set({ orgPath })`, `save()` of a moved row, a child given another parent: the city follows. */
  async beforeUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    const row = event.entity as ObjectLiteral | undefined;
    stampCity(event.metadata, row);
    const spec = cityParent(event.metadata);
    if (!row || !spec || typeof row[spec.key] !== 'string') return;
    // save() of a row whose parent did not change: its city did not either.
    if (event.databaseEntity && event.databaseEntity[spec.key] === row[spec.key]) return;
    const city = (await parentCities((sql, params) => event.queryRunner.query(sql, params), spec.parent, [row[spec.key] as string])).get(row[spec.key] as string);
    if (city !== undefined) row[CITY_COLUMN] = city;
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

/**
 * Migration step for a table read through its parent: adds `city`, filled from the parent row
 * its key names (the parent's city must be filled first: call this parents first). `parentKey`
 * is the parent's column the key matches (its `id` unless said). On MariaDB the column then
 * loses its default, as in addCityColumn.
 */
export async function addChildCityColumn(qr: QueryRunner, table: string, parent: string, key: string, parentKey = 'id'): Promise<void> {
  if (![table, parent, key, parentKey].every((n) => /^[a-z_]+$/.test(n))) throw new Error(`addChildCityColumn: ${table} names a column that is not a plain name`);
  const mysql = engineOfDataSource(qr.connection) === 'mysql';
  const charset = mysql ? ' CHARACTER SET ascii COLLATE ascii_bin' : '';
  await qr.query(`ALTER TABLE ${table} ADD COLUMN ${CITY_COLUMN} varchar(${CITY_LENGTH})${charset} NOT NULL DEFAULT ''`);
  // MIN: a parent key that is not unique (case_sequence by the org that raised cases) takes one of its rows' cities.
  await qr.query(`UPDATE ${table} SET ${CITY_COLUMN} = COALESCE((SELECT MIN(p.${CITY_COLUMN}) FROM ${parent} p WHERE p.${parentKey} = ${table}.${key}), '')`);
  if (mysql) await qr.query(`ALTER TABLE ${table} ALTER COLUMN ${CITY_COLUMN} DROP DEFAULT`);
}
