import 'reflect-metadata';
import { databaseVariable, defineCommand, exitOnStartupError, loadAll } from '@lianxin/config';

const command = defineCommand({
  usage: 'npm run cases:rollup-snapshot',
  summary:
    "Writes to the cases outbox what each city of this deployment counts but never reported to its province (cases from before ROLLUP_URL was set), " +
    'as ordinary figure events the service sends on. Safe while the service runs, and to run again (a second run adds nothing). Prints what it wrote as JSON.',
  options: {},
  notes: 'Environment: CASES_DATABASE_URL or DATABASE_URL (else the embedded database under DATA_DIR), CITY_DEPTH (default 1). See docs/rollup.md.',
});

/** `npm run cases:rollup-snapshot`: a city joining a roll-up with history. */
async function main(): Promise<void> {
  command.read();
  const { createLogger, loadServiceConfig } = await import('@lianxin/subgraph');
  const { openCasesDatabase } = await import('./app');
  const { setCityDepth } = await import('./casefile/city');
  const { loadRollupSettings } = await import('./rollup/rollup.settings');
  const { snapshotFigures } = await import('./rollup/snapshot');
  const [config, rollup] = loadAll(() => loadServiceConfig('cases'), () => loadRollupSettings());
  setCityDepth(rollup.cityDepth);
  const log = createLogger('cases-rollup-snapshot', config.logLevel);
  const db = await openCasesDatabase({ ...config, log });
  try {
    console.log(JSON.stringify(await snapshotFigures(db)));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => exitOnStartupError(err, { name: 'cases:rollup-snapshot', databaseVariable: databaseVariable('cases'), env: process.env }));
