import 'reflect-metadata';
import { createLogger, databaseVariable, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals } from '@lianxin/subgraph';
import { startCases } from './app';
import { loadSweepSettings } from './sweep/sweep.scheduler';

async function main(): Promise<void> {
  const [config, sweep] = loadAll(() => loadServiceConfig('cases', 4002), () => loadSweepSettings());
  const log = createLogger('cases', config.logLevel);
  const service = await startCases({ ...config, sweep, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, { name: 'cases', portVariable: 'CASES_PORT', databaseVariable: databaseVariable('cases'), env: process.env }));
