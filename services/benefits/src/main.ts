import 'reflect-metadata';
import { createLogger, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals, subgraphStartup } from '@lianxin/subgraph';
import { startBenefits } from './app';
import { loadExpiryInterval } from './expiry-settings';

async function main(): Promise<void> {
  const [config, expiryIntervalMs] = loadAll(() => loadServiceConfig('benefits'), () => loadExpiryInterval());
  const log = createLogger('benefits', config.logLevel);
  const service = await startBenefits({ ...config, expiryIntervalMs, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, subgraphStartup('benefits')));
