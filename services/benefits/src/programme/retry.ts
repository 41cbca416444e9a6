/**
 * MariaDB may pick a transaction as a deadlock victim when two of them lock shared rows
 * (a parent allocation) in an unlucky order. The victim's work is rolled back whole, so
 * running it again is safe.
 */
export async function withDeadlockRetry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isDeadlock(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10));
    }
  }
}

function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const d = e?.driverError ?? e;
  return d?.code === 'ER_LOCK_DEADLOCK' || d?.errno === 1213 || d?.code === 'ER_LOCK_WAIT_TIMEOUT' || d?.code === 'SQLITE_BUSY';
}
