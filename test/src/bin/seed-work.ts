/** The work of `npm run seed` (seed.ts), loaded once its arguments are good. */
import { createLogger } from '@lianxin/subgraph';
import { ConfigError, databaseVariable, DEV_INTERNAL_SECRET, exitOnStartupError, readLogLevel, type SubgraphName } from '@lianxin/config';
import { openMembersDatabase } from '@lianxin/members';
import { openCasesDatabase } from '@lianxin/cases';
import { openBenefitsDatabase, PartnerKeyRow, PartnerProgrammeRow, PartnerRow, ProgrammeRow, VoucherRow } from '@lianxin/benefits';
import { DEFAULT_SEED_OPTIONS } from '@lianxin/members/dist/seed/generate';
import { isSeeded, progressBar, seedDemoData } from '@lianxin/members/dist/seed/seed';
import { isCasesSeeded, seedCasesDemoData } from '@lianxin/cases/dist/seed/seed';
import { seedUnionPosts } from '@lianxin/cases/dist/seed/posts';
import { seedServiceMenu } from '@lianxin/cases/dist/seed/menus';
import { DEMO_PARTNER_NAME } from '@lianxin/benefits/dist/seed/generate';
import { VoucherState } from '@lianxin/benefits/dist/grant/voucher.entity';
import { demoPartnerKey, isBenefitsSeeded, seedBenefitsDemoData } from '@lianxin/benefits/dist/seed/seed';
import { chinaDate } from '@lianxin/members-client';
import { In, MoreThan } from 'typeorm';
import { readAidSeedCases, readBenefitsSeedTree, readCaseSeedTree } from '../bench/seed-tree';

import type { SeedArgs } from './seed';

/** Demo cases per member when --cases is not given: 20,000 for the default 50,000 members. */
const CASES_PER_MEMBER = 0.4;

/** LOG_LEVEL checked before pino sees it (default error: seeding sends slow statements on purpose). */
function seedLogLevel(): string {
  const problems: string[] = [];
  const level = readLogLevel({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' }, problems);
  if (problems.length) throw new ConfigError(problems);
  return level;
}

/**
 * Opens one subgraph's database at its URL (`<SERVICE>_DATABASE_URL`, else DATABASE_URL); a server that
 * cannot be reached is named by the variable its URL came from, without a stack trace.
 */
async function open<T>(service: SubgraphName, opener: (databaseUrl: string | undefined) => Promise<T>): Promise<T> {
  try {
    return await opener(process.env[databaseVariable(service)]);
  } catch (err) {
    return exitOnStartupError(err, { name: 'seed', databaseVariable: databaseVariable(service), env: process.env });
  }
}

/** What the services sign internal tokens with, and what the demo partner keys derive from (see benefits' seed/demo-keys.ts). */
const internalSecret = (): string => process.env.INTERNAL_TOKEN_SECRET || DEV_INTERNAL_SECRET;

/**
 * `npm run seed`: migrates the members, cases and benefits databases
 * (MEMBERS_/CASES_/BENEFITS_DATABASE_URL or DATABASE_URL, else the embedded ones under
 * DATA_DIR) and fills them with the fictional city of 临江, its workers' requests and its
 * benefit programmes, leaving a database that already holds data as it is. Cases and
 * benefits are generated over the org tree and members read back from the members
 * database, so the three always agree.
 */
export async function seed(args: SeedArgs): Promise<void> {
  const members = args.members ?? DEFAULT_SEED_OPTIONS.members;
  const cases = args.cases;
  const seed = args.seed ?? DEFAULT_SEED_OPTIONS.seed;
  const now = args.now ?? new Date();
  const only = args.only;
  const wants = (what: NonNullable<SeedArgs['only']>) => only === undefined || only === what;

  // Seeding sends statements that run for seconds on purpose: slow-query warnings would only bury the progress bar.
  const log = createLogger('seed', seedLogLevel());
  const dataDir = process.env.DATA_DIR ?? 'data';
  const membersDb = await open('members', (databaseUrl) => openMembersDatabase({ databaseUrl, dataDir, log, piiSecret: process.env.PII_SECRET || undefined }));
  try {
    if (wants('members')) {
      if (await isSeeded(membersDb)) {
        console.log('The members database already holds data; leaving it as it is.');
      } else {
        const started = Date.now();
        // The members' "today" is the same moment the cases and benefits run to, so joins,
        // transfers and hardship reviews end where the requests do, not weeks before them.
        const result = await seedDemoData(membersDb, { ...DEFAULT_SEED_OPTIONS, members, seed, referenceDate: chinaDate(now) }, progressBar('seeding members'));
        console.log(`Seeded ${result.orgs} orgs and ${result.members} members in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }
    }

    if (wants('cases') && cases !== 0) {
      const casesDb = await open('cases', (databaseUrl) => openCasesDatabase({ databaseUrl, dataDir, log }));
      try {
        if (await isCasesSeeded(casesDb)) {
          console.log('The cases database already holds data; leaving it as it is.');
        } else {
          const tree = await readCaseSeedTree(membersDb);
          if (!tree.orgs.length) throw new Error('The members database has no orgs to raise cases at: seed the members first (npm run seed -- --only members).');
          const wanted = cases ?? Math.round(tree.members.length * CASES_PER_MEMBER);
          const started = Date.now();
          const result = await seedCasesDemoData(casesDb, { ...tree, cases: wanted, now, seed, onProgress: progressBar('seeding cases') });
          console.log(
            `Seeded ${result.cases} cases with ${result.events} ledger events, ${result.scopes} visibility rows and ${result.tally} tally rows, ` +
              `${result.policies} deadline rules, ${result.projects} wish projects and ${result.surveys} surveys with ${result.surveyResponses} responses, ` +
              `${result.visitDays} chair visit days with ${result.visits} diary entries in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
          );
          const posts = await seedUnionPosts(casesDb, { ...tree, now, seed });
          console.log(`Seeded ${posts.posts} union posts with ${posts.wishes} wishes (${posts.chosen} chosen into ${posts.projects} projects) and ${posts.suggestions} suggestions.`);
          const menu = await seedServiceMenu(casesDb, { ...tree, now, seed });
          console.log(`Seeded ${menu.menus} service menu with ${menu.items} items and ${menu.orders} orders.`);
          const k = result.campaign;
          if (k?.campaigns) console.log(`Seeded the city's interview campaign (大访谈): ${k.points} points, ${k.interviews} interviews (${k.online} online), ${k.problems} problems on its list.`);
        }
      } finally {
        await casesDb.destroy();
      }
    }

    if (wants('benefits')) {
      const benefitsDb = await open('benefits', (databaseUrl) => openBenefitsDatabase({ databaseUrl, dataDir, log }));
      try {
        if (await isBenefitsSeeded(benefitsDb)) {
          console.log('The benefits database already holds data; leaving it as it is.');
        } else {
          const tree = await readBenefitsSeedTree(membersDb);
          if (!tree.orgs.length) throw new Error('The members database has no orgs to run programmes for: seed the members first (npm run seed -- --only members).');
          const started = Date.now();
          // Aid opened from cases needs the cases demo; without it the aid simply has no case.
          const casesDb = await open('cases', (databaseUrl) => openCasesDatabase({ databaseUrl, dataDir, log }));
          const aidCases = await readAidSeedCases(casesDb).finally(() => casesDb.destroy());
          const r = (await seedBenefitsDemoData(benefitsDb, { ...tree, cases: aidCases, now, seed, internalSecret: internalSecret() }))!;
          const v = r.vouchers;
          console.log(
            `Seeded ${r.programmes} benefit programmes, ${r.partners} partners, ${v.issued + v.redeemed + v.expired + v.cancelled} vouchers (${v.issued} open, ${v.redeemed} redeemed, ${v.expired} expired, ${v.cancelled} cancelled), ` +
              `${r.aidApplications} aid applications (${r.aidFromCases} opened from cases) and ${r.careVisits} care visits in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
          );
        }
      } finally {
        await benefitsDb.destroy();
      }
    }
  } finally {
    await membersDb.destroy();
  }
}

/**
 * The demo cinema's API key, derived again from the internal secret (demo data only: the
 * service itself never derives keys), checked against the stored hash, and one of its
 * open voucher codes (the newest, valid the longest). Printed as one JSON line for `npm start`.
 */
export async function printDemoPartner(): Promise<void> {
  const log = createLogger('seed', seedLogLevel());
  const db = await open('benefits', (databaseUrl) => openBenefitsDatabase({ databaseUrl, dataDir: process.env.DATA_DIR ?? 'data', log }));
  try {
    const partner = await db.getRepository(PartnerRow).findOne({ where: { name: DEMO_PARTNER_NAME } });
    if (!partner) throw new Error(`No demo partner "${DEMO_PARTNER_NAME}" in the benefits database: seed it first (npm run seed).`);
    const key = demoPartnerKey(internalSecret(), partner.id);
    const stored = await db.getRepository(PartnerKeyRow).findOne({ where: { partnerId: partner.id, hash: key.hash } });
    if (!stored || stored.revokedAt) {
      throw new Error('The demo partner\'s key was derived from another INTERNAL_TOKEN_SECRET, or was revoked: start with the secret it was seeded with, or delete the data folder and seed again.');
    }
    const served = (await db.getRepository(PartnerProgrammeRow).find({ where: { partnerId: partner.id } })).map((b) => b.programmeId);
    const programme = served.length ? await db.getRepository(ProgrammeRow).findOne({ where: { id: In(served) } }) : null;
    const voucher = served.length
      ? await db.getRepository(VoucherRow).findOne({ where: { programmeId: In(served), state: VoucherState.ISSUED, expiresAt: MoreThan(new Date(Date.now() + 3_600_000)) }, order: { id: 'DESC' } })
      : null;
    console.log(JSON.stringify({ partnerId: partner.id, name: partner.name, key: key.key, programme: programme?.name ?? null, voucherCode: voucher?.code ?? null }));
  } finally {
    await db.destroy();
  }
}

