import 'reflect-metadata';
import { ConfigError, createLogger, loadServiceConfig } from '@lianxin/subgraph';
import { openBenefitsDatabase } from './app';
import { expireVouchers } from './voucher/voucher.expiry';

/** `npm run benefits:expire`: expire overdue vouchers now and give their units back (also runs on a schedule in the service). */
async function main(): Promise<void> {
  const config = loadServiceConfig('benefits', 4003);
  const log = createLogger('benefits-expiry', config.logLevel);
  const db = await openBenefitsDatabase({ ...config, log });
  try {
    console.log(JSON.stringify(await expireVouchers(db)));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
