// Service-level tests open their subgraph's real database on every engine the run uses
// (see engines.js): a fresh MariaDB database or SQLite file per suite, dropped afterwards.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { TEST_DATABASE_URL, dropMariadbDatabase, enginesForSuites } = require('./engines');

function testDatabases(label, open) {
  const safe = label.replace(/[^A-Za-z0-9_]/g, '_');
  return enginesForSuites().map((name) => ({
    name,
    async open() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lianxin-${safe}-`));
      const mariadb = name === 'mariadb';
      const database = mariadb ? `lianxin_test_${safe}_${process.pid}` : safe;
      if (mariadb) await dropMariadbDatabase(database);
      const db = await open({ databaseUrl: mariadb ? TEST_DATABASE_URL : undefined, database, dataDir });
      return {
        db,
        async close() {
          await db.destroy();
          if (mariadb) await dropMariadbDatabase(database);
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  }));
}

module.exports = { testDatabases };
