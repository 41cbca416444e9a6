import 'reflect-metadata';
import { exitOnStartupError, migrateCommand, subgraphStartup } from '@lianxin/config';

/** `npm run migrate -w @lianxin/members` (and, for every subgraph, `npm run migrate`): the members database's pending migrations, once, under the lock. */
async function main(): Promise<void> {
  const { check } = migrateCommand('members').read();
  // The service code only once the arguments are good: --help and a refusal answer at once.
  const { runMigrate } = await import('@lianxin/subgraph');
  const { openMembersDatabase } = await import('./app');
  console.log(JSON.stringify(await runMigrate('members', openMembersDatabase, { check })));
}

main().catch((err) => exitOnStartupError(err, { ...subgraphStartup('members'), name: 'migrate members' }));
