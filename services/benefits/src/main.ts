import 'reflect-metadata';
import { readInt, type Env } from '@lianxin/config';
import { ConfigError, createLogger, loadServiceConfig, stopOnSignals } from '@lianxin/subgraph';
import { startBenefits } from './app';

function expiryInterval(env: Env = process.env): number {
  const problems: string[] = [];
  const seconds = readInt(env, 'VOUCHER_EXPIRY_INTERVAL_SECONDS', 60, 0, 86_400, problems);
  if (problems.length) throw new ConfigError(problems);
  return seconds * 1000;
}

async function main(): Promise<void> {
  const config = loadServiceConfig('benefits', 4003);
  const log = createLogger('benefits', config.logLevel);
  const service = await startBenefits({ ...config, expiryIntervalMs: expiryInterval(), log });
  stopOnSignals(service, log);
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
