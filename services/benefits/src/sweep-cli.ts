import 'reflect-metadata';
import { databaseVariable, defineCommand, exitOnStartupError } from '@lianxin/config';

const command = defineCommand({
  usage: 'npm run benefits:expire',
  summary:
    'Expires overdue vouchers now and gives their units back to the quota, printing the counts as JSON (the benefits service also does it every VOUCHER_EXPIRY_INTERVAL_SECONDS).',
  options: {},
  notes: 'Environment: BENEFITS_DATABASE_URL or DATABASE_URL (else the embedded database under DATA_DIR).',
});

/** `npm run benefits:expire`: expire overdue vouchers now and give their units back (also runs on a schedule in the service). */
async function main(): Promise<void> {
  command.read();
  // The service code only once the arguments are good: --help and a refusal answer at once.
  const { createLogger, loadServiceConfig } = await import('@lianxin/subgraph');
  const { openBenefitsDatabase } = await import('./app');
  const { expireVouchers } = await import('./voucher/voucher.expiry');
  const config = loadServiceConfig('benefits');
  const log = createLogger('benefits-expiry', config.logLevel);
  const db = await openBenefitsDatabase({ ...config, log });
  try {
    console.log(JSON.stringify(await expireVouchers(db)));
  } finally {
    await db.destroy();
  }
}

main().catch((err) => exitOnStartupError(err, { name: 'benefits:expire', databaseVariable: databaseVariable('benefits'), env: process.env }));
