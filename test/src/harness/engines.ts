import mysql from 'mysql2/promise';

export type EngineName = 'mariadb' | 'sqlite';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306';

async function mariadbReachable(): Promise<boolean> {
  const url = new URL(TEST_DATABASE_URL);
  try {
    const conn = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      connectTimeout: 3000,
    });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

let cached: Promise<EngineName[]> | undefined;

/**
 * The engines every e2e suite runs on. MariaDB is the production engine: with CI=true an
 * unreachable server is a failure; elsewhere we say so loudly and fall back to the
 * embedded engine only.
 */
export function testEngines(): Promise<EngineName[]> {
  return (cached ??= (async () => {
    if (await mariadbReachable()) return ['mariadb', 'sqlite'];
    if (process.env.CI === 'true') {
      throw new Error(`CI=true but MariaDB is unreachable at ${TEST_DATABASE_URL}. Start it (see .ci/run) or set TEST_DATABASE_URL.`);
    }
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}\n!! MariaDB is unreachable at ${TEST_DATABASE_URL}.\n!! Running on the embedded SQLite engine ONLY. Production runs on MariaDB:\n!! start it, or set TEST_DATABASE_URL, before trusting these results.\n${bar}\n`);
    return ['sqlite'];
  })());
}

/** Drops a test database so every run starts clean. */
export async function dropMariadbDatabase(name: string): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const conn = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username || 'root'), password: decodeURIComponent(url.password) });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

/** For describe.each: the engines chosen by the global setup. */
export function enginesForSuites(): EngineName[] {
  const list = process.env.LIANXIN_TEST_ENGINES;
  if (!list) throw new Error('LIANXIN_TEST_ENGINES is not set: run the e2e tests through jest (globalSetup decides the engines).');
  return list.split(',') as EngineName[];
}
