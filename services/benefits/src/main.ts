import 'reflect-metadata';
import { createLogger, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals, subgraphStartup } from '@lianxin/subgraph';
import { startBenefits } from './app';
import { loadExpiryInterval } from './expiry-settings';
import { loadMemberFactsCopy } from './memberfacts/memberfacts.settings';
import { loadNotifySettings } from '@lianxin/members-client';

async function main(): Promise<void> {
  const [config, expiryIntervalMs, memberFactsCopy, notify] = loadAll(() => loadServiceConfig('benefits'), () => loadExpiryInterval(), () => loadMemberFactsCopy(), () => loadNotifySettings());
  const log = createLogger('benefits', config.logLevel);
  const service = await startBenefits({ ...config, expiryIntervalMs, memberFactsCopy, notify, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, subgraphStartup('benefits')));
