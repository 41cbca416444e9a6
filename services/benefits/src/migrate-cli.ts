import 'reflect-metadata';
import { exitOnStartupError, migrateCommand, subgraphStartup } from '@lianxin/config';

/** `npm run migrate -w @lianxin/benefits` (and, for every subgraph, `npm run migrate`): the benefits database's pending migrations, once, under the lock. */
async function main(): Promise<void> {
  const { check } = migrateCommand('benefits').read();
  // The service code only once the arguments are good: --help and a refusal answer at once.
  const { runMigrate } = await import('@lianxin/subgraph');
  const { openBenefitsDatabase } = await import('./app');
  console.log(JSON.stringify(await runMigrate('benefits', openBenefitsDatabase, { check })));
}

main().catch((err) => exitOnStartupError(err, { ...subgraphStartup('benefits'), name: 'migrate benefits' }));
