import { newId, PERMISSIONS, type Permission } from '@lianxin/auth';
import { Random } from '@lianxin/demo-kit';
import { OrgLevel, type OrgRow } from '../org/org.entity';
import { DepartmentRow, DirectoryChangeRow, DirectoryHeadRow, StaffAccountRow, StaffGrantRow } from '../staff/staff.entity';
import { DirectoryChangeKind, StaffGrantAction } from '../staff/staff.enums';
import { SEED_ACTOR, type SeedOptions, type SeedTree } from './generate';
import { extraDepartments } from './departments';

/** 部室 of the city federation and of each district-level union, as the seeds name them. */
export const CITY_DEPARTMENTS = ['办公室', '权益保障部', '劳动和经济工作部', '女职工部', '法律援助中心'] as const;
export const DISTRICT_DEPARTMENTS = ['办公室', '权益保障部', '女职工部', '法律援助中心'] as const;

/** What each level's first account holds: the city and districts keep their own directory and sign off. */
const PERMS_BY_LEVEL: Record<OrgLevel, readonly Permission[]> = {
  [OrgLevel.NATION]: PERMISSIONS,
  [OrgLevel.PROVINCE]: PERMISSIONS,
  [OrgLevel.CITY]: PERMISSIONS,
  [OrgLevel.DISTRICT]: PERMISSIONS,
  [OrgLevel.STREET]: ['pii:read', 'case:signoff'],
  [OrgLevel.ENTERPRISE]: [],
};

const STAFF_NAMES = ['周建华', '吴晓燕', '郑海涛', '孙丽华', '钱志强', '冯雪梅', '陈立新', '褚秀英', '卫国平', '蒋文静', '沈家明', '韩春梅', '杨振宇', '朱美玲', '秦志刚', '许丽娟'];

/**
 * The demo city's subject for an org's first staff account: `lj:<org code, lower case>`
 * (`lj:lj-01` for 滨江区总工会). The README and docs/first-hour.md sign in with these via
 * `npm run token -- --sub lj:lj-01`. 权益保障部 of the city and of each district has a second
 * account, `lj:<code>:quanyi`, who signs cases off.
 */
export const staffSubject = (code: string, suffix?: string): string => `lj:${code.toLowerCase()}${suffix ? `:${suffix}` : ''}`;

export interface SeedDirectory {
  departments: DepartmentRow[];
  accounts: StaffAccountRow[];
  grants: StaffGrantRow[];
  changes: DirectoryChangeRow[];
  head: DirectoryHeadRow;
}

/**
 * The staff directory of the demo tree: 部室 at the city and district levels, and one account
 * per org (every union has someone who answers), in the office where there is one. Each
 * account has its grant-log entry and change-feed row, as if granted through the API.
 */
export function generateDirectory(options: SeedOptions, tree: Pick<SeedTree, 'orgs'>): SeedDirectory {
  const rng = new Random(options.seed, 'directory');
  const idRng = new Random(options.seed, 'directory-ids');
  const out: SeedDirectory = { departments: [], accounts: [], grants: [], changes: [], head: Object.assign(new DirectoryHeadRow(), { id: 1, seq: 0 }) };
  const id = (at: Date) => newId(at.getTime(), idRng.bytes(10));
  const account = (org: OrgRow, subject: string, departmentId: string | null, perms: readonly Permission[]) => {
    const at = new Date(org.createdAt.getTime() + 3_600_000);
    const row = Object.assign(new StaffAccountRow(), {
      id: id(at), subject, orgId: org.id, departmentId, name: STAFF_NAMES[rng.uint32() % STAFF_NAMES.length], perms: perms.join(' '), active: true, createdAt: at, version: 1,
    });
    out.accounts.push(row);
    out.grants.push(Object.assign(new StaffGrantRow(), {
      id: id(at), accountId: row.id, action: StaffGrantAction.GRANT, orgId: org.id, departmentId, perms: row.perms, note: '初始名录', actorSub: SEED_ACTOR, actorOrgId: null, at,
    }));
    out.head.seq += 1;
    out.changes.push(Object.assign(new DirectoryChangeRow(), { seq: out.head.seq, kind: DirectoryChangeKind.STAFF, subject, at }));
  };
  for (const org of tree.orgs) {
    const extra = extraDepartments(org);
    const names = [...(org.level === OrgLevel.CITY ? CITY_DEPARTMENTS : org.level === OrgLevel.DISTRICT ? DISTRICT_DEPARTMENTS : []), ...extra.map((d) => d.name)];
    const departments = names.map((name) => Object.assign(new DepartmentRow(), { id: id(org.createdAt), orgId: org.id, name, active: true, createdAt: org.createdAt, version: 1 }));
    out.departments.push(...departments);
    account(org, staffSubject(org.code), departments[0]?.id ?? null, PERMS_BY_LEVEL[org.level]);
    const quanyi = departments.find((d) => d.name === '权益保障部');
    if (quanyi) account(org, staffSubject(org.code, 'quanyi'), quanyi.id, ['case:signoff']);
    for (const d of extra) account(org, staffSubject(org.code, d.slug), departments.find((x) => x.name === d.name)!.id, []);
  }
  return out;
}
