import 'reflect-metadata';
import { ConfigError, createLogger, loadServiceConfig, stopOnSignals } from '@lianxin/subgraph';
import { startCases } from './app';
import { loadSweepSettings } from './sweep/sweep.scheduler';

async function main(): Promise<void> {
  const config = loadServiceConfig('cases', 4002);
  const sweep = loadSweepSettings();
  const log = createLogger('cases', config.logLevel);
  const service = await startCases({ ...config, sweep, log });
  stopOnSignals(service, log);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
