// The e2e package's global setup: the shared one decides the engines (packages/jest-config/engines.js),
// then this says, in one line, which ones this `npm test` runs on and why.
const mysql = require('mysql2/promise');
const { TEST_DATABASE_URL, connectionOptions } = require('@lianxin/jest-config/engines');
// The shared preset's own global setup (the package exports only the preset, engines and databases).
const sharedSetup = require(require('@lianxin/jest-config')(__dirname).globalSetup);

async function mariadbVersion() {
  const conn = await mysql.createConnection(connectionOptions());
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return String(rows[0].v).replace(/-.*$/, '');
  } finally {
    await conn.end();
  }
}

module.exports = async function globalSetup() {
  await sharedSetup();
  const engines = process.env.LIANXIN_TEST_ENGINES.split(',');
  const u = new URL(TEST_DATABASE_URL);
  const where = `${u.hostname}:${u.port || 3306}`;
  let line;
  if (engines.includes('mariadb')) {
    const version = await mariadbVersion().catch(() => 'version unknown');
    line = `Engines: MariaDB ${version} (${where}) and embedded SQLite`;
  } else {
    line = `Engines: embedded SQLite only: MariaDB not reachable at ${where}, set TEST_DATABASE_URL`;
  }
  process.stdout.write(`\n${line}\n`);
};
