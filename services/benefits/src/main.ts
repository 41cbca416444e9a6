import 'reflect-metadata';
import { createLogger, databaseVariable, exitOnStartupError, loadAll, loadServiceConfig, stopOnSignals } from '@lianxin/subgraph';
import { startBenefits } from './app';
import { loadExpiryInterval } from './expiry-settings';

async function main(): Promise<void> {
  const [config, expiryIntervalMs] = loadAll(() => loadServiceConfig('benefits', 4003), () => loadExpiryInterval());
  const log = createLogger('benefits', config.logLevel);
  const service = await startBenefits({ ...config, expiryIntervalMs, log });
  stopOnSignals(service, log);
}

main().catch((err) => exitOnStartupError(err, { name: 'benefits', portVariable: 'BENEFITS_PORT', databaseVariable: databaseVariable('benefits'), env: process.env }));
