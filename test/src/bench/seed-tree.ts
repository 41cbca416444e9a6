import type { DataSource } from 'typeorm';
import type { SeedMember, SeedOrg } from '@lianxin/cases/dist/seed/generate';

/**
 * The org tree and members the demo cases are raised over, read from a members database.
 * The cases subgraph never reads another service's tables; the seed and the bench, which
 * own both databases, hand it this instead.
 */
export async function readCaseSeedTree(members: DataSource): Promise<{ orgs: SeedOrg[]; members: SeedMember[] }> {
  const orgs = (await members.query('SELECT id, path, code, level FROM org')) as SeedOrg[];
  const rows = (await members.query('SELECT id, org_id AS orgId FROM member')) as SeedMember[];
  return { orgs, members: rows };
}
