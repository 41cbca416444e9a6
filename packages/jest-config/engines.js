// Which database engines the tests run on, decided once per jest run by global-setup.js.
// MariaDB is the production engine: with CI=true an unreachable server fails the run;
// elsewhere the run says so loudly and continues on the embedded SQLite engine only.
const mysql = require('mysql2/promise');

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306';

function connectionOptions(url = TEST_DATABASE_URL) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username || 'root'), password: decodeURIComponent(u.password), connectTimeout: 3000 };
}

async function mariadbReachable() {
  try {
    const conn = await mysql.createConnection(connectionOptions());
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

/** Decides the engines; called by the global setup. */
async function decideEngines() {
  if (await mariadbReachable()) return ['mariadb', 'sqlite'];
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but MariaDB is unreachable at ${TEST_DATABASE_URL}. Start it (see .ci/run) or set TEST_DATABASE_URL.`);
  }
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! MariaDB is unreachable at ${TEST_DATABASE_URL}.\n!! Running on the embedded SQLite engine ONLY. Production runs on MariaDB:\n!! start it, or set TEST_DATABASE_URL, before trusting these results.\n${bar}\n`);
  return ['sqlite'];
}

/** For describe.each: the engines the global setup chose. */
function enginesForSuites() {
  const list = process.env.LIANXIN_TEST_ENGINES;
  if (!list) throw new Error('LIANXIN_TEST_ENGINES is not set: run tests through jest (the shared global setup decides the engines).');
  return list.split(',');
}

/** Drops a test database so every run starts clean. */
async function dropMariadbDatabase(name) {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Invalid database name ${name}`);
  const conn = await mysql.createConnection(connectionOptions());
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

module.exports = { TEST_DATABASE_URL, connectionOptions, decideEngines, enginesForSuites, dropMariadbDatabase };
