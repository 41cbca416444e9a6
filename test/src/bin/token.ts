import { SignJWT } from 'jose';
import { PERMISSIONS, ROLES } from '@lianxin/auth';
import { defineCommand, listOf, matching, oneOf, positiveNumber } from '@lianxin/config';
// The gateway's config module alone: its index would load Apollo Gateway for one constant.
import { DEV_JWT_SECRET } from '@lianxin/gateway/dist/config';

const MAX_HOURS = 24 * 30;

const command = defineCommand({
  usage: 'npm run -s token -- --role <staff|member|partner|admin> [options]   or   npm run -s token -- --sub <subject>',
  summary:
    'Prints a client token for the demo data, alone on stdout (TOKEN=$(npm run -s token -- --role staff --org LJ-01)), ' +
    'signed as the gateway expects in development: with JWT_SECRET, or the built-in dev secret.',
  options: {
    role: { type: 'string', value: '<role>', description: `who calls: ${ROLES.join(', ')}`, parse: oneOf(ROLES) },
    sub: {
      type: 'string', value: '<subject>',
      description: 'instead of --role: a token naming only this subject, as the city\'s identity provider issues it; the staff directory says who it is (demo: lj:lj for the city, lj:lj-01 for a district, lj:lj-01:quanyi for its 权益保障部)',
      parse: matching(/^[\x21-\x7e]{1,200}$/, 'a subject such as lj:lj-01'),
    },
    org: { type: 'string', value: '<code>', description: 'staff: the org they work for, e.g. LJ-01 (default: LJ, the city)', parse: matching(/^[A-Za-z0-9-]{1,64}$/, 'an org code such as LJ-01') },
    member: { type: 'string', value: '<id>', description: 'member: the member id (default: the first active member)' },
    partner: { type: 'string', value: '<id>', description: "partner: the partner id (required; the demo cinema's: npm run -s seed -- --demo-partner)" },
    perms: { type: 'string', value: '<list>', description: `extra permissions, comma-separated: ${PERMISSIONS.join(', ')}`, parse: listOf(PERMISSIONS) },
    hours: { type: 'string', value: '<n>', description: `lifetime in hours, up to ${MAX_HOURS} (default 12)`, parse: positiveNumber(MAX_HOURS) },
  },
  notes: 'Who the token is for goes to stderr. Environment: JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE; DATABASE_URL or DATA_DIR for the demo data.',
});

async function main(): Promise<void> {
  const args = command.read();
  if (args.sub !== undefined) {
    if (args.role !== undefined || args.org !== undefined || args.member !== undefined || args.partner !== undefined || args.perms !== undefined) {
      command.fail('--sub stands alone: the staff directory gives the org and the permissions of the account it names');
    }
    console.error(`subject ${args.sub}: signed in as its staff account, if the directory has one`);
    return print({}, args.sub, args.hours);
  }
  if (args.role === undefined) command.fail('--role is required (or --sub, for a staff account of the directory)');
  const role = args.role!;
  if (role === 'partner' && args.partner === undefined) command.fail("--partner is required for a partner token (the demo cinema's id: npm run -s seed -- --demo-partner)");
  if (args.org !== undefined && role !== 'staff') command.fail('--org is for staff tokens only');
  if (args.member !== undefined && role !== 'member') command.fail('--member is for member tokens only');
  if (args.partner !== undefined && role !== 'partner') command.fail('--partner is for partner tokens only');
  const claims: Record<string, unknown> = { role };
  let sub = `${role}-demo`;
  if (role === 'staff' || role === 'member') {
    // Loaded only once the arguments are good: --help and a refusal answer at once.
    const { createLogger } = await import('@lianxin/subgraph');
    const { MemberRow, OrgRow, openMembersDatabase } = await import('@lianxin/members');
    const log = createLogger('token', 'warn');
    const db = await openMembersDatabase({ databaseUrl: process.env.MEMBERS_DATABASE_URL || process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? 'data', log, piiSecret: process.env.PII_SECRET || undefined });
    try {
      if (role === 'staff') {
        const code = (args.org ?? 'LJ').toUpperCase();
        const org = await db.getRepository(OrgRow).findOne({ where: { code } });
        if (!org) throw new Error(`No org with code ${code}. Seed the demo data first (npm start), or pick a code such as LJ-01 or LJ-01-01.`);
        claims.org = org.id;
        sub = `staff-${code}`;
        console.error(`staff of ${org.name} (${code})`);
      } else {
        const member = args.member !== undefined
          ? await db.getRepository(MemberRow).findOne({ where: { id: args.member } })
          : await db.getRepository(MemberRow).findOne({ where: { status: 'ACTIVE' as never }, order: { id: 'ASC' } });
        if (!member) throw new Error('No such member. Seed the demo data first (npm start) or pass --member <id>.');
        claims.mid = member.id;
        sub = `member-${member.id}`;
        console.error(`member ${member.name} (${member.id})`);
      }
    } finally {
      await db.destroy();
    }
  }
  if (role === 'partner') claims.pid = args.partner;
  if (args.perms) claims.perms = args.perms;
  await print(claims, sub, args.hours);
}

async function print(claims: Record<string, unknown>, sub: string, hours: number | undefined): Promise<void> {
  const seconds = Math.round((hours ?? 12) * 3600);
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(process.env.JWT_ISSUER ?? 'lianxin')
    .setAudience(process.env.JWT_AUDIENCE ?? 'lianxin-graph')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
    .sign(new TextEncoder().encode(process.env.JWT_SECRET ?? DEV_JWT_SECRET));
  process.stdout.write(`${token}\n`);
}

main().catch((err) => command.exit(err));
