import { createLogger } from '@lianxin/subgraph';
import { openMembersDatabase } from '@lianxin/members';
import { DEFAULT_SEED_OPTIONS } from '@lianxin/members/dist/seed/generate';
import { isSeeded, progressBar, seedDemoData } from '@lianxin/members/dist/seed/seed';
import { parseArgs } from './args';

/**
 * `npm run seed -- [--members 1000000] [--seed 42]`: migrates the members database
 * (DATABASE_URL, or the embedded one under DATA_DIR) and fills it with the fictional
 * city of 临江 unless it already holds data.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const members = args.members === undefined ? DEFAULT_SEED_OPTIONS.members : Number(args.members);
  const seed = args.seed === undefined ? DEFAULT_SEED_OPTIONS.seed : Number(args.seed);
  if (!Number.isInteger(members) || members < 1 || members > 5_000_000) throw new Error('--members must be a whole number from 1 to 5000000');
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
  const log = createLogger('seed', process.env.LOG_LEVEL ?? 'warn');
  const db = await openMembersDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? 'data', log });
  try {
    if (await isSeeded(db)) {
      console.log('The members database already holds data; leaving it as it is.');
      return;
    }
    const started = Date.now();
    const result = await seedDemoData(db, { ...DEFAULT_SEED_OPTIONS, members, seed }, progressBar('seeding members'));
    console.log(`Seeded ${result.orgs} orgs and ${result.members} members in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
