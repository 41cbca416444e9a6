import 'reflect-metadata';
import { createLogger, exitOnStartupError, loadServiceConfig, stopOnSignals, subgraphStartup } from '@lianxin/subgraph';
import { startMembers } from './app';

async function main(): Promise<void> {
  const config = loadServiceConfig('members');
  const log = createLogger('members', config.logLevel);
  const service = await startMembers({ ...config, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, subgraphStartup('members')));
