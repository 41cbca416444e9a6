/**
 * What an engine's error means for a writer, with no dependencies of its own (errors.ts and
 * contention.ts both read it). See contention.ts for what is done about it.
 */

export type Contention = 'conflict' | 'unavailable';

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  sqlMessage?: string;
}

/**
 * MySQL/MariaDB (and TiDB, which speaks the protocol) error numbers that mean "lost a race,
 * try again". Galera certification failures arrive as 1213 (ER_LOCK_DEADLOCK) with a WSREP
 * message, so they are covered by it.
 */
const CONFLICT_ERRNOS = new Set([
  1213, // ER_LOCK_DEADLOCK: deadlock victim, or a Galera certification failure
  1205, // ER_LOCK_WAIT_TIMEOUT: innodb_lock_wait_timeout ran out (see lockWaitSeconds)
  3572, // ER_LOCK_NOWAIT: a NOWAIT lock was taken
  9007, // TiDB: write conflict (optimistic transaction)
  8002, // TiDB: SELECT FOR UPDATE cannot be retried (write conflict in an optimistic transaction)
  8022, // TiDB: transaction commit failed, safe to retry
]);
const CONFLICT_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_NOWAIT', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']);

/** ER_UNKNOWN_COM_ERROR: what a Galera node answers while it is not part of the primary component ("WSREP has not yet prepared node for application use"). */
const NOT_READY_ERRNO = 1047;

/** What kind of contention an error is, or null when it is anything else (and must not be retried). */
export function classifyContention(err: unknown): Contention | null {
  if (!err || typeof err !== 'object' || (err as { extensions?: unknown }).extensions !== undefined) return null;
  const e = err as DriverError & { driverError?: DriverError };
  // TypeORM wraps the driver's error in QueryFailedError; a raw mysql2 error carries the fields itself.
  const d = e.driverError ?? e;
  if (d.errno === NOT_READY_ERRNO || d.code === 'ER_UNKNOWN_COM_ERROR') {
    return /wsrep/i.test(d.sqlMessage ?? d.message ?? '') ? 'unavailable' : null;
  }
  if ((d.errno !== undefined && CONFLICT_ERRNOS.has(d.errno)) || (d.code !== undefined && CONFLICT_CODES.has(d.code))) return 'conflict';
  return null;
}

