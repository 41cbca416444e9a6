import 'reflect-metadata';
import { createLogger, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals, subgraphStartup } from '@lianxin/subgraph';
import { startCases } from './app';
import { loadSweepSettings } from './sweep/sweep.scheduler';
import { loadRollupSettings } from './rollup/rollup.settings';

async function main(): Promise<void> {
  const [config, sweep, rollup] = loadAll(() => loadServiceConfig('cases'), () => loadSweepSettings(), () => loadRollupSettings());
  const log = createLogger('cases', config.logLevel);
  const service = await startCases({ ...config, sweep, rollup, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, subgraphStartup('cases')));
