import 'reflect-metadata';
import { databaseVariable, defineCommand, exitOnStartupError } from '@lianxin/config';

const command = defineCommand({
  usage: 'npm run cases:verify-ledger',
  summary: "Re-checks every case's hash chain and prints the report as JSON; exits 1 at the first broken link.",
  options: {},
  notes: 'Environment: CASES_DATABASE_URL or DATABASE_URL (else the embedded database under DATA_DIR).',
});

/** `npm run cases:verify-ledger`: re-check every case's hash chain; exit 1 at the first broken link. */
async function main(): Promise<void> {
  command.read();
  // The service code only once the arguments are good: --help and a refusal answer at once.
  const { createLogger, loadServiceConfig } = await import('@lianxin/subgraph');
  const { openCasesDatabase } = await import('./app');
  const { verifyLedger } = await import('./ledger/ledger.service');
  const config = loadServiceConfig('cases');
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

main().catch((err) => exitOnStartupError(err, { name: 'cases:verify-ledger', databaseVariable: databaseVariable('cases'), env: process.env }));
