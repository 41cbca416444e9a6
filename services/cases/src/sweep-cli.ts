import 'reflect-metadata';
import { databaseVariable, defineCommand, exitOnStartupError, loadAll } from '@lianxin/config';

const command = defineCommand({
  usage: 'npm run cases:sweep',
  summary: 'One deadline sweep of the cases now (the cases service also runs it on a schedule), e.g. from cron or after an outage. Prints what it did as JSON.',
  options: {},
  notes: 'Environment: CASES_DATABASE_URL or DATABASE_URL (else the embedded database under DATA_DIR), CASE_RATING_TIMEOUT_DAYS (default 7).',
});

/** `npm run cases:sweep`: one deadline sweep now, e.g. from cron or after an outage. */
async function main(): Promise<void> {
  command.read();
  // The service code only once the arguments are good: --help and a refusal answer at once.
  const { createLogger, loadServiceConfig } = await import('@lianxin/subgraph');
  const { openCasesDatabase } = await import('./app');
  const { runSweep } = await import('./sweep/sweep.service');
  const { loadSweepSettings } = await import('./sweep/sweep.scheduler');
  const [config, { ratingTimeoutDays }] = loadAll(() => loadServiceConfig('cases'), () => loadSweepSettings());
  const log = createLogger('cases-sweep', config.logLevel);
  const db = await openCasesDatabase({ ...config, log });
  try {
    const result = await runSweep(db, { ratingTimeoutDays, log });
    console.log(JSON.stringify(result));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => exitOnStartupError(err, { name: 'cases:sweep', databaseVariable: databaseVariable('cases'), env: process.env }));
