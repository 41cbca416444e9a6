import 'reflect-metadata';
import { createLogger, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals, subgraphStartup } from '@lianxin/subgraph';
import { startCases } from './app';
import { loadSweepSettings } from './sweep/sweep.scheduler';
import { loadRollupSettings } from './rollup/rollup.settings';
import { loadNotifySettings } from '@lianxin/members-client';

async function main(): Promise<void> {
  const [config, sweep, rollup, notify] = loadAll(() => loadServiceConfig('cases'), () => loadSweepSettings(), () => loadRollupSettings(), () => loadNotifySettings());
  const log = createLogger('cases', config.logLevel);
  const service = await startCases({ ...config, sweep, rollup, notify, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, subgraphStartup('cases')));
