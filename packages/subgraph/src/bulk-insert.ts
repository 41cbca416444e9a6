import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { stampChildCities, stampCity } from './city';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32: every bound value of one statement counts. */
const SQLITE_MAX_PARAMETERS = 32_766;
/**
 * Rows per INSERT: the widest seeded row (a case event) is about 500 bytes of SQL, so 1,000
 * rows stay far below MariaDB's max_allowed_packet (16 MiB by default, 1 MiB on old installs).
 */
const MAX_ROWS_PER_INSERT = 1_000;

/**
 * Writes many rows of one entity, for the demo seeders: multi-row INSERTs in chunks both
 * engines accept, with the values TypeORM itself would bind (the driver's
 * preparePersistentValue, column transformers included), so the rows are stored exactly
 * as the services store them; without the query builder, whose per-row cost dominates at
 * millions of rows. Every column is written: the rows must be complete.
 */
export async function insertRows<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  const driver = em.connection.driver;
  const meta = em.connection.getMetadata(entity);
  const columns = meta.columns;
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const chunk = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(SQLITE_MAX_PARAMETERS / columns.length)));
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    // Past the query builder, so past CitySubscriber: child rows take their parents' city here (parents are written first).
    await stampChildCities(meta, slice, (sql, p) => em.query(sql, p));
    const params: unknown[] = new Array(slice.length * columns.length);
    let k = 0;
    for (const row of slice) {
      // Past the query builder, so past CitySubscriber: the city is stamped here the same way.
      stampCity(meta, row);
      for (const column of columns) params[k++] = driver.preparePersistentValue(column.getEntityValue(row), column);
    }
    await em.query(`INSERT INTO ${driver.escape(meta.tableName)} (${names}) VALUES ${new Array(slice.length).fill(tuple).join(', ')}`, params);
  }
}
