import type { DataSource } from 'typeorm';
import type { SeedHandler, SeedMember, SeedOrg } from '@lianxin/cases/dist/seed/generate';
import type { BenefitsSeedChild, BenefitsSeedMember, BenefitsSeedOrg } from '@lianxin/benefits/dist/seed/generate';

/**
 * The org tree and members the demo cases are raised over, read from a members database.
 * The cases subgraph never reads another service's tables; the seed and the bench, which
 * own both databases, hand it this instead.
 */
export async function readCaseSeedTree(members: DataSource): Promise<{ orgs: SeedOrg[]; members: SeedMember[] }> {
  const orgs = (await members.query('SELECT id, path, code, level, kind FROM org')) as SeedOrg[];
  const rows = ((await members.query('SELECT id, org_id AS orgId, birth_date AS birthDate, employment_type AS employmentType FROM member')) as SeedMember[]).map((m) => ({ ...m, birthDate: day(m.birthDate) }));
  // Who accepts cases at each org: its active staff, with their 部室's name (ordered, so the seed is the same every run).
  const staff = (await members.query(
    'SELECT a.id AS staffId, a.org_id AS orgId, a.department_id AS departmentId, a.name AS name, d.name AS departmentName FROM staff_account a LEFT JOIN department d ON d.id = a.department_id WHERE a.active = 1 ORDER BY a.id',
  )) as { staffId: string; orgId: string; departmentId: string | null; name: string; departmentName: string | null }[];
  const byOrg = new Map<string, SeedHandler[]>();
  for (const a of staff) {
    const list = byOrg.get(a.orgId) ?? [];
    list.push({ staffId: a.staffId, departmentId: a.departmentId, display: a.departmentName ? `${a.departmentName} ${a.name}` : a.name });
    byOrg.set(a.orgId, list);
  }
  return { orgs: orgs.map((o) => ({ ...o, handlers: byOrg.get(o.id) ?? [] })), members: rows };
}

/** A DATE as the drivers return it: a string (SQLite), or a Date at UTC midnight (mysql2 with timezone 'Z'). */
const day = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

/**
 * The same for the benefits demo data, with the facts its eligibility rules look at
 * (status, employment, model worker, hardship tier, children): what `_memberFacts`
 * answers the running service.
 */
export async function readBenefitsSeedTree(members: DataSource): Promise<{ orgs: BenefitsSeedOrg[]; members: BenefitsSeedMember[] }> {
  const orgs = (await members.query('SELECT id, path, code, level, name FROM org')) as BenefitsSeedOrg[];
  const rows = (await members.query(
    'SELECT id, org_id AS orgId, org_path AS orgPath, status, employment_type AS employmentType, model_worker AS modelWorker, hardship_tier AS hardshipTier FROM member',
  )) as (Omit<BenefitsSeedMember, 'modelWorker'> & { modelWorker: unknown })[];
  const children = (await members.query('SELECT id, member_id AS memberId, birth_date AS birthDate, school_stage AS schoolStage FROM member_child')) as (BenefitsSeedChild & { memberId: string })[];
  const byMember = new Map<string, BenefitsSeedChild[]>();
  for (const c of children) {
    const list = byMember.get(c.memberId) ?? [];
    list.push({ id: c.id, birthDate: day(c.birthDate), schoolStage: c.schoolStage });
    byMember.set(c.memberId, list);
  }
  return {
    orgs,
    members: rows.map((m) => ({ ...m, modelWorker: m.modelWorker === true || Number(m.modelWorker) === 1, children: byMember.get(m.id) ?? [] })),
  };
}

/**
 * The education-aid and hardship-aid cases of the cases demo that name a member: the benefits
 * demo opens aid from some of them. Read back from the cases database, so the links always
 * point at cases that exist.
 */
export async function readAidSeedCases(cases: DataSource): Promise<{ id: string; number: string; kind: string; memberId: string; raisedAt: Date }[]> {
  const rows = (await cases.query(
    "SELECT id, number, kind, member_id AS memberId, raised_at AS raisedAt FROM case_file WHERE kind IN ('EDUCATION_AID', 'HARDSHIP_AID') AND member_id IS NOT NULL",
  )) as { id: string; number: string; kind: string; memberId: string; raisedAt: Date | string }[];
  // SQLite hands back DATETIME as text in UTC.
  return rows.map((r) => ({ ...r, raisedAt: r.raisedAt instanceof Date ? r.raisedAt : new Date(`${r.raisedAt.replace(' ', 'T')}Z`) }));
}
