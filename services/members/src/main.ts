import 'reflect-metadata';
import { createLogger, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals, subgraphStartup } from '@lianxin/subgraph';
import { startMembers } from './app';
import { loadOrgChangeSettings } from './orgtree/orgtree.peers';

async function main(): Promise<void> {
  const [config, orgChanges] = loadAll(() => loadServiceConfig('members'), () => loadOrgChangeSettings());
  const log = createLogger('members', config.logLevel);
  const service = await startMembers({ ...config, log, orgChanges });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, subgraphStartup('members')));
