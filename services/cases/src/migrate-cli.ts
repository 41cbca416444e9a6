import 'reflect-metadata';
import { exitOnStartupError, migrateCommand, subgraphStartup } from '@lianxin/config';

/** `npm run migrate -w @lianxin/cases` (and, for every subgraph, `npm run migrate`): the cases database's pending migrations, once, under the lock. */
async function main(): Promise<void> {
  const { check } = migrateCommand('cases').read();
  // The service code only once the arguments are good: --help and a refusal answer at once.
  const { runMigrate } = await import('@lianxin/subgraph');
  const { openCasesDatabase } = await import('./app');
  console.log(JSON.stringify(await runMigrate('cases', openCasesDatabase, { check })));
}

main().catch((err) => exitOnStartupError(err, { ...subgraphStartup('cases'), name: 'migrate cases' }));
