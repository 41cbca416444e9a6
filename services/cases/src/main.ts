import 'reflect-metadata';
import { createLogger, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals, subgraphStartup } from '@lianxin/subgraph';
import { startCases } from './app';
import { loadSweepSettings } from './sweep/sweep.scheduler';

async function main(): Promise<void> {
  const [config, sweep] = loadAll(() => loadServiceConfig('cases'), () => loadSweepSettings());
  const log = createLogger('cases', config.logLevel);
  const service = await startCases({ ...config, sweep, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, subgraphStartup('cases')));
