import 'reflect-metadata';
import { ConfigError, createLogger, loadServiceConfig } from '@lianxin/subgraph';
import { openCasesDatabase } from './app';
import { runSweep } from './sweep/sweep.service';
import { loadSweepSettings } from './sweep/sweep.scheduler';

/** `npm run cases:sweep`: one deadline sweep now, e.g. from cron or after an outage. */
async function main(): Promise<void> {
  const config = loadServiceConfig('cases', 4002);
  const { ratingTimeoutDays } = loadSweepSettings();
  const log = createLogger('cases-sweep', config.logLevel);
  const db = await openCasesDatabase({ ...config, log });
  try {
    const result = await runSweep(db, { ratingTimeoutDays, log });
    console.log(JSON.stringify(result));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
