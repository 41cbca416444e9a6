import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { loadServiceConfig } from '../config';
import { classifyContention, ContentionError, readContentionSettings, withContentionRetry } from '../contention';
import { conflict, DomainError, ErrorCode, formatError } from '../errors';

/** An engine error as mysql2 raises it, wrapped by TypeORM as the services meet it. */
const mysqlError = (errno: number, code: string, sqlMessage: string) =>
  new QueryFailedError('UPDATE allocation SET used = used + 1 WHERE id = ?', ['x'], Object.assign(new Error(sqlMessage), { errno, code, sqlMessage, sqlState: '40001' }));

const DEADLOCK = () => mysqlError(1213, 'ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock; try restarting transaction');
const GALERA_CERT = () => mysqlError(1213, 'ER_LOCK_DEADLOCK', 'WSREP detected deadlock/conflict and aborted the transaction. Try restarting the transaction');
const LOCK_WAIT = () => mysqlError(1205, 'ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded; try restarting transaction');
const NOT_READY = () => mysqlError(1047, 'ER_UNKNOWN_COM_ERROR', 'WSREP has not yet prepared node for application use');
const TIDB = (errno: number) => mysqlError(errno, 'UNKNOWN_CODE_PLEASE_REPORT', '[kv:9007]Write conflict, txnStartTS=1, conflictStartTS=2, conflictCommitTS=3, key={...} primary={...} [try again later]');

/** A clock the test moves: each sleep advances it, so the budget is exercised without timers. */
function fakeTime(random = 1) {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    opts: { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), random: () => random },
    advance: (ms: number) => void (t += ms),
  };
}

describe('classifyContention', () => {
  test.each([
    ['a MariaDB deadlock victim', DEADLOCK(), 'conflict'],
    ['a Galera certification failure (1213 with a WSREP message)', GALERA_CERT(), 'conflict'],
    ['a lock wait that ran out', LOCK_WAIT(), 'conflict'],
    ['a NOWAIT lock refused', mysqlError(3572, 'ER_LOCK_NOWAIT', 'Statement aborted because lock(s) could not be acquired immediately and NOWAIT is set.'), 'conflict'],
    ['a TiDB write conflict (9007)', TIDB(9007), 'conflict'],
    ['a TiDB select-for-update conflict (8002)', TIDB(8002), 'conflict'],
    ['a TiDB commit safe to retry (8022)', TIDB(8022), 'conflict'],
    ['the embedded engine busy', Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), 'conflict'],
    ['a Galera node not yet in the primary component', NOT_READY(), 'unavailable'],
    ['a raw mysql2 error (no TypeORM wrapper)', Object.assign(new Error('Deadlock found'), { errno: 1213, code: 'ER_LOCK_DEADLOCK' }), 'conflict'],
  ])('%s is %s', (_what, err, kind) => {
    expect(classifyContention(err)).toBe(kind);
  });

  test.each([
    ['a unique index refusal', mysqlError(1062, 'ER_DUP_ENTRY', "Duplicate entry 'x' for key 'uq_voucher_limit'")],
    ['a syntax error', mysqlError(1064, 'ER_PARSE_ERROR', 'You have an error in your SQL syntax')],
    ['1047 without WSREP (a different unknown command)', mysqlError(1047, 'ER_UNKNOWN_COM_ERROR', 'Unknown command')],
    ['a domain refusal, even with a deadlock errno on it', Object.assign(conflict('case'), { errno: 1213 })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('%s is not contention', (_what, err) => {
    expect(classifyContention(err)).toBeNull();
  });
});

describe('withContentionRetry', () => {
  test('runs the writer again after contention, with growing jittered waits, and returns its answer', async () => {
    const time = fakeTime();
    const errors = [DEADLOCK(), GALERA_CERT(), LOCK_WAIT(), TIDB(9007)];
    let calls = 0;
    const answer = await withContentionRetry(async () => {
      calls++;
      if (errors.length) throw errors.shift();
      return 'voucher';
    }, { ...time.opts, budgetMs: 2000, baseDelayMs: 10, maxDelayMs: 250 });
    expect(answer).toBe('voucher');
    expect(calls).toBe(5);
    // random() = 1: the ceiling of each wait, doubling from the base.
    expect(time.sleeps).toEqual([10, 20, 40, 80]);
  });

  test('the waits are jittered below their ceiling and capped', async () => {
    const time = fakeTime(0.5);
    let calls = 0;
    await withContentionRetry(async () => {
      if (++calls < 9) throw DEADLOCK();
    }, { ...time.opts, budgetMs: 10_000, baseDelayMs: 10, maxDelayMs: 250 });
    expect(time.sleeps).toEqual([5, 10, 20, 40, 80, 125, 125, 125]);
  });

  test('when the budget runs out the caller gets CONFLICT with a retry hint, not the engine\'s error', async () => {
    const time = fakeTime();
    let calls = 0;
    const refusal = await withContentionRetry(async () => {
      calls++;
      // Each attempt itself takes 100 ms (a lock wait, a round trip to the other node).
      time.advance(100);
      throw GALERA_CERT();
    }, { ...time.opts, budgetMs: 1000, baseDelayMs: 10, maxDelayMs: 250 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ContentionError);
    const e = refusal as ContentionError;
    expect(e.extensions).toMatchObject({ code: ErrorCode.CONFLICT, reason: 'CONTENTION', retryAfterMs: expect.any(Number) });
    expect(e.extensions.retryAfterMs as number).toBeGreaterThanOrEqual(250);
    expect(e.message).toMatch(/nothing was saved\. Try again in about/);
    expect(e.message).not.toMatch(/WSREP|Deadlock|UPDATE/);
    // No attempt started whose wait would end past the budget: the last one began before 1000 ms.
    const elapsed = time.sleeps.reduce((a, b) => a + b, 0) + calls * 100;
    expect(elapsed).toBeLessThanOrEqual(1000 + 100);
    expect(calls).toBeGreaterThan(3);
    expect(e.attempts).toBe(calls);
  });

  test('a node that is not ready becomes SERVICE_UNAVAILABLE with a longer hint', async () => {
    const time = fakeTime();
    const refusal = (await withContentionRetry(async () => {
      time.advance(50);
      throw NOT_READY();
    }, { ...time.opts, budgetMs: 300 }).catch((e: unknown) => e)) as ContentionError;
    expect(refusal.extensions).toMatchObject({ code: ErrorCode.UNAVAILABLE, reason: 'DATABASE_NOT_READY' });
    expect(refusal.extensions.retryAfterMs as number).toBeGreaterThanOrEqual(1000);
  });

  test('a zero budget never retries', async () => {
    let calls = 0;
    const refusal = await withContentionRetry(async () => {
      calls++;
      throw DEADLOCK();
    }, { budgetMs: 0 }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((refusal as ContentionError).extensions.code).toBe(ErrorCode.CONFLICT);
  });

  test('anything else passes through at once, untouched, and is never run twice', async () => {
    for (const err of [new DomainError('QUOTA_EXHAUSTED', 'No vouchers are left.'), mysqlError(1062, 'ER_DUP_ENTRY', 'Duplicate entry'), new TypeError('bug')]) {
      let calls = 0;
      const time = fakeTime();
      const thrown = await withContentionRetry(async () => {
        calls++;
        throw err;
      }, time.opts).catch((e: unknown) => e);
      expect(thrown).toBe(err);
      expect(calls).toBe(1);
      expect(time.sleeps).toEqual([]);
    }
  });
});

describe('what a client is told', () => {
  const format = (err: Error) => {
    const internal: unknown[] = [];
    const wrapped = new GraphQLError(err.message, { originalError: err, path: ['claimVoucher'] });
    return { formatted: formatError(wrapped.toJSON(), wrapped, (e) => internal.push(e)), internal };
  };

  test('a contention error that escapes a writer without the retry is CONFLICT with a hint, never INTERNAL_SERVER_ERROR', () => {
    const { formatted, internal } = format(DEADLOCK());
    expect(formatted.extensions).toEqual({ code: 'CONFLICT', reason: 'CONTENTION', retryAfterMs: expect.any(Number) });
    expect(formatted.message).toMatch(/Try again in about/);
    expect(JSON.stringify(formatted)).not.toMatch(/Deadlock|UPDATE|allocation/);
    expect(internal).toEqual([]);
  });

  test('an exhausted retry keeps its code and hint', () => {
    const { formatted } = format(new ContentionError('unavailable', 7, 1500));
    expect(formatted.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_NOT_READY', retryAfterMs: 1500 });
  });

  test('other driver errors stay INTERNAL_SERVER_ERROR and are logged', () => {
    const { formatted, internal } = format(mysqlError(1064, 'ER_PARSE_ERROR', 'You have an error in your SQL syntax near UPDATE'));
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(internal).toHaveLength(1);
  });
});

describe('settings', () => {
  test('defaults: a 2 s budget and 2 s lock waits, inside the gateway\'s 5 s subgraph timeout', () => {
    expect(readContentionSettings({}, [])).toMatchObject({ budgetMs: 2000, lockWaitSeconds: 2 });
    expect(readContentionSettings({ DB_RETRY_BUDGET_MS: '800', DB_LOCK_WAIT_SECONDS: '1' }, [])).toMatchObject({ budgetMs: 800, lockWaitSeconds: 1 });
  });

  test('a budget past the gateway\'s timeout, or a lock wait of nothing, stops the start naming the variable', () => {
    expect(() => loadServiceConfig('benefits', { DB_RETRY_BUDGET_MS: '9000', DB_LOCK_WAIT_SECONDS: '0' })).toThrow(
      /DB_RETRY_BUDGET_MS must be an integer from 0 to 4500 \(got "9000"\)[\s\S]*DB_LOCK_WAIT_SECONDS must be an integer from 1 to 50 \(got "0"\)/,
    );
  });
});
