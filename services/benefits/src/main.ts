import 'reflect-metadata';
import { createLogger, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals, subgraphStartup } from '@lianxin/subgraph';
import { startBenefits } from './app';
import { loadExpiryInterval } from './expiry-settings';
import { loadMemberFactsCopy } from './memberfacts/memberfacts.settings';

async function main(): Promise<void> {
  const [config, expiryIntervalMs, memberFactsCopy] = loadAll(() => loadServiceConfig('benefits'), () => loadExpiryInterval(), () => loadMemberFactsCopy());
  const log = createLogger('benefits', config.logLevel);
  const service = await startBenefits({ ...config, expiryIntervalMs, memberFactsCopy, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, subgraphStartup('benefits')));
