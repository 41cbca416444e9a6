import 'reflect-metadata';
import { ConfigError, createLogger, loadServiceConfig } from '@lianxin/subgraph';
import { openCasesDatabase } from './app';
import { verifyLedger } from './ledger/ledger.service';

/** `npm run cases:verify-ledger`: re-check every case's hash chain; exit 1 at the first broken link. */
async function main(): Promise<void> {
  const config = loadServiceConfig('cases', 4002);
  const log = createLogger('cases-ledger', config.logLevel);
  const db = await openCasesDatabase({ ...config, log });
  try {
    const report = await verifyLedger(db);
    console.log(JSON.stringify(report, null, 2));
    if (!report.ok) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
