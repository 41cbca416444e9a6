import 'reflect-metadata';
import { createLogger, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals, subgraphStartup } from '@lianxin/subgraph';
import { startMembers } from './app';
import { loadOrgChangeSettings } from './orgtree/orgtree.peers';
import { loadNotifySettings } from '@lianxin/members-client';
import { loadWebhookSettings } from './notification/notification.webhook';

async function main(): Promise<void> {
  const [config, orgChanges, webhook, settings] = loadAll(() => loadServiceConfig('members'), () => loadOrgChangeSettings(), () => loadWebhookSettings(), () => loadNotifySettings());
  const log = createLogger('members', config.logLevel);
  const service = await startMembers({ ...config, log, orgChanges, notify: { webhook, settings } });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, subgraphStartup('members')));
