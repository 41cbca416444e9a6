import 'reflect-metadata';
import { ConfigError, createLogger, loadServiceConfig, stopOnSignals } from '@lianxin/subgraph';
import { startMembers } from './app';

async function main(): Promise<void> {
  const config = loadServiceConfig('members', 4001);
  const log = createLogger('members', config.logLevel);
  const service = await startMembers({ ...config, log });
  stopOnSignals(service, log);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
