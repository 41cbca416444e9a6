import { SignJWT } from 'jose';
import { createLogger } from '@lianxin/subgraph';
import { MemberRow, OrgRow, openMembersDatabase } from '@lianxin/members';
import { DEV_JWT_SECRET } from '@lianxin/gateway';
import { isRole } from '@lianxin/auth';
import { parseArgs } from './args';

const USAGE = `npm run token -- --role <staff|member|partner|admin> [options]
  --org <code>        staff: the org they work for, e.g. LJ-01 (default: LJ, the city)
  --member <id>       member: the member id (default: the first active member)
  --partner <id>      partner: the partner id (required; the demo cinema's: npm run seed -- --demo-partner)
  --perms pii:read    extra permissions, comma-separated
  --hours <n>         lifetime (default 12)`;

/**
 * Prints a client token for the demo data, signed like the gateway expects in
 * development (JWT_SECRET, or the built-in dev secret).
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const role = args.role;
  if (!isRole(role)) throw new Error(`--role is required.\n${USAGE}`);
  const claims: Record<string, unknown> = { role };
  let sub = `${role}-demo`;
  if (role === 'staff' || role === 'member') {
    const log = createLogger('token', 'warn');
    const db = await openMembersDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? 'data', log });
    try {
      if (role === 'staff') {
        const code = String(args.org === undefined || args.org === true ? 'LJ' : args.org).toUpperCase();
        const org = await db.getRepository(OrgRow).findOne({ where: { code } });
        if (!org) throw new Error(`No org with code ${code}. Seed the demo data first (npm start), or pick a code such as LJ-01 or LJ-01-01.`);
        claims.org = org.id;
        sub = `staff-${code}`;
        console.error(`staff of ${org.name} (${code})`);
      } else {
        const member = typeof args.member === 'string'
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
  if (role === 'partner') {
    if (typeof args.partner !== 'string') throw new Error('A partner token names its partner: pass --partner <id> (the demo cinema\'s id: npm run seed -- --demo-partner).');
    claims.pid = args.partner;
  }
  if (typeof args.perms === 'string') claims.perms = args.perms.split(',');
  const hours = typeof args.hours === 'string' ? Number(args.hours) : 12;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(process.env.JWT_ISSUER ?? 'lianxin')
    .setAudience(process.env.JWT_AUDIENCE ?? 'lianxin-graph')
    .setIssuedAt()
    .setExpirationTime(`${hours}h`)
    .sign(new TextEncoder().encode(process.env.JWT_SECRET ?? DEV_JWT_SECRET));
  console.log(token);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
