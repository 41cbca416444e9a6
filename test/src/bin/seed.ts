import { defineCommand, integer, isoDate, oneOf, SUBGRAPH_NAMES, SUBGRAPHS, type OptionsSpec, type Values } from '@lianxin/config';

const ONLY = SUBGRAPH_NAMES;

const OPTIONS = {
  members: { type: 'string', value: '<n>', description: 'members to generate (default 50,000)', parse: integer(1, 5_000_000) },
  cases: { type: 'string', value: '<n>', description: "demo cases over the members' tree (default: 0.4 per member, 20,000 for 50,000); 0 for none", parse: integer(0, 5_000_000) },
  seed: { type: 'string', value: '<n>', description: 'the random seed (default 42): the same seed gives the same city', parse: integer(-(2 ** 31), 2 ** 31 - 1) },
  now: { type: 'string', value: '<date>', description: 'the moment the demo cases and benefits end at (default: now)', parse: isoDate },
  only: { type: 'string', value: '<db>', description: `seed one database only: ${ONLY.join(', ')} (cases and benefits need the members first)`, parse: oneOf(ONLY) },
  'demo-partner': { type: 'boolean', description: "seed nothing; print the demo cinema's id, API key and an open voucher code as JSON (what npm start shows)" },
} satisfies OptionsSpec;

const command = defineCommand({
  usage: `npm run -s seed -- [--members <n>] [--cases <n>] [--seed <n>] [--now <date>] [--only ${ONLY.join('|')}] | --demo-partner`,
  summary:
    'Migrates the members, cases and benefits databases and fills them with the fictional city of 临江, its cases and its benefit programmes. ' +
    'A database that already holds data is left as it is.',
  options: OPTIONS,
  notes: `Environment: DATABASE_URL (or ${SUBGRAPHS.map((s) => s.databaseVariable).join(', ')}), else the embedded databases under DATA_DIR (data/); INTERNAL_TOKEN_SECRET.`,
});

export type SeedArgs = Values<typeof OPTIONS>;

async function main(): Promise<void> {
  const args = command.read();
  // The seeding code (and the three subgraphs it loads) only once the arguments are good: --help and a refusal answer at once.
  const work = await import('./seed-work');
  if (args['demo-partner']) {
    if (Object.keys(args).length > 1) command.fail('--demo-partner seeds nothing: it takes no other option');
    return work.printDemoPartner();
  }
  return work.seed(args);
}

main().catch((err) => command.exit(err));
