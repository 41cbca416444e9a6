import type { EntityManager } from 'typeorm';
import { subtreeRange } from '@lianxin/auth';
import { engineOfDataSource } from './db';
import { CITY_COLUMN, cityAfterMove, citySource, moveChildren } from './city';

/**
 * After an org moved, the copies of its path (and of everything below it) in one column:
 * every value in the subtree of `from` gets the prefix `from` replaced by `to`, in one
 * statement on the column's index range. Every service that copies org paths applies an
 * org move with this, so the copies cannot drift apart in how they are rewritten.
 * `table` and `column` are the caller's constants, never input. Returns the rows changed.
 * When `column` is the one the table's city comes from (city.ts), the same statement moves
 * the rows to the city of their new place.
 */
export async function rewritePathPrefix(em: EntityManager, table: string, column: string, from: string, to: string): Promise<number> {
  if (!/^[a-z_]+$/.test(table) || !/^[a-z_]+$/.test(column)) throw new Error(`rewritePathPrefix: ${table}.${column} is not a plain column name`);
  if (from === to) return 0;
  const { from: lo, to: hi } = subtreeRange(from);
  const joined = engineOfDataSource(em.connection) === 'mysql' ? `CONCAT(?, SUBSTR(${column}, ?))` : `(? || SUBSTR(${column}, ?))`;
  const meta = em.connection.entityMetadatas.find((m) => m.tableName === table);
  const city = meta && citySource(meta) && meta.findColumnWithPropertyName(citySource(meta)!)?.databaseName === column ? cityAfterMove(to) : undefined;
  const setCity = city === undefined ? '' : `, ${CITY_COLUMN} = ?`;
  const result: unknown = await em.query(`UPDATE ${table} SET ${column} = ${joined}${setCity} WHERE ${column} >= ? AND ${column} < ?`, [to, from.length + 1, ...(city === undefined ? [] : [city]), lo, hi]);
  if (city !== undefined) {
    // Rows read through the moved ones (a member's children, a case's ledger) follow them to the new city.
    const moved = subtreeRange(to);
    await moveChildren(em, table, `SELECT id FROM ${table} WHERE ${column} >= ? AND ${column} < ?`, [moved.from, moved.to], city);
  }
  return affectedOf(result);
}

/** Rows changed, as each driver reports it for a raw UPDATE. */
function affectedOf(result: unknown): number {
  const r = result as { affectedRows?: number; changes?: number } | [unknown, number] | undefined;
  if (Array.isArray(r)) return typeof r[1] === 'number' ? r[1] : 0;
  return r?.affectedRows ?? r?.changes ?? 0;
}
