import 'reflect-metadata';
import { createLogger, databaseVariable, exitOnStartupError, loadServiceConfig, stopOnSignals } from '@lianxin/subgraph';
import { startMembers } from './app';

async function main(): Promise<void> {
  const config = loadServiceConfig('members', 4001);
  const log = createLogger('members', config.logLevel);
  const service = await startMembers({ ...config, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, { name: 'members', portVariable: 'MEMBERS_PORT', databaseVariable: databaseVariable('members'), env: process.env }));
