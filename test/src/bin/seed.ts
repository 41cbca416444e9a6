import { createLogger } from '@lianxin/subgraph';
import { openMembersDatabase } from '@lianxin/members';
import { openCasesDatabase } from '@lianxin/cases';
import { DEFAULT_SEED_OPTIONS } from '@lianxin/members/dist/seed/generate';
import { isSeeded, progressBar, seedDemoData } from '@lianxin/members/dist/seed/seed';
import { isCasesSeeded, seedCasesDemoData } from '@lianxin/cases/dist/seed/seed';
import { parseArgs } from './args';
import { readCaseSeedTree } from '../bench/seed-tree';

const USAGE = `npm run seed -- [--members 50000] [--cases N] [--seed 42] [--now 2026-11-01T00:00:00Z] [--only members|cases]
  --members   members to generate (default 50,000)
  --cases     demo cases over the members' tree (default: 0.4 per member, 20,000 for the default 50,000); 0 for none
  --now       the moment the demo cases end at (default: now); open cases are open as of it
  --only      seed one database only (the cases need the members seeded first)`;

/** Demo cases per member when --cases is not given: 20,000 for the default 50,000 members. */
const CASES_PER_MEMBER = 0.4;

function wholeNumber(value: string | true | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}\n${USAGE}`);
  return n;
}

/**
 * `npm run seed`: migrates the members and cases databases (MEMBERS_DATABASE_URL /
 * CASES_DATABASE_URL or DATABASE_URL, else the embedded ones under DATA_DIR) and fills
 * them with the fictional city of 临江 and its workers' requests, leaving a database that
 * already holds data as it is. Cases are generated over the org tree and members read
 * back from the members database, so the two always agree.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const members = wholeNumber(args.members, 'members', 1, 5_000_000) ?? DEFAULT_SEED_OPTIONS.members;
  const cases = wholeNumber(args.cases, 'cases', 0, 5_000_000);
  const seed = wholeNumber(args.seed, 'seed', -(2 ** 31), 2 ** 31 - 1) ?? DEFAULT_SEED_OPTIONS.seed;
  const now = typeof args.now === 'string' ? new Date(args.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now must be a date such as 2026-11-01T00:00:00Z\n${USAGE}`);
  const only = args.only;
  if (only !== undefined && only !== 'members' && only !== 'cases') throw new Error(`--only is members or cases\n${USAGE}`);

  // Seeding sends statements that run for seconds on purpose: slow-query warnings would only bury the progress bar.
  const log = createLogger('seed', process.env.LOG_LEVEL ?? 'error');
  const dataDir = process.env.DATA_DIR ?? 'data';
  const membersDb = await openMembersDatabase({ databaseUrl: process.env.MEMBERS_DATABASE_URL || process.env.DATABASE_URL, dataDir, log });
  try {
    if (only !== 'cases') {
      if (await isSeeded(membersDb)) {
        console.log('The members database already holds data; leaving it as it is.');
      } else {
        const started = Date.now();
        const result = await seedDemoData(membersDb, { ...DEFAULT_SEED_OPTIONS, members, seed }, progressBar('seeding members'));
        console.log(`Seeded ${result.orgs} orgs and ${result.members} members in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }
    }
    if (only === 'members' || cases === 0) return;

    const casesDb = await openCasesDatabase({ databaseUrl: process.env.CASES_DATABASE_URL || process.env.DATABASE_URL, dataDir, log });
    try {
      if (await isCasesSeeded(casesDb)) {
        console.log('The cases database already holds data; leaving it as it is.');
        return;
      }
      const tree = await readCaseSeedTree(membersDb);
      if (!tree.orgs.length) throw new Error('The members database has no orgs to raise cases at: seed the members first (npm run seed -- --only members).');
      const wanted = cases ?? Math.round(tree.members.length * CASES_PER_MEMBER);
      const started = Date.now();
      const result = await seedCasesDemoData(casesDb, { ...tree, cases: wanted, now, seed, onProgress: progressBar('seeding cases') });
      console.log(
        `Seeded ${result.cases} cases with ${result.events} ledger events, ${result.scopes} visibility rows and ${result.tally} tally rows in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
    } finally {
      await casesDb.destroy();
    }
  } finally {
    await membersDb.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
