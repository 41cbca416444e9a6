import { childPath, newId } from '@lianxin/auth';
import { Random } from '@lianxin/demo-kit';
import type { DataSource } from 'typeorm';
import { DepartmentRow, fileOfMarkedMember, HardshipEventRow, HardshipFileRow, MemberChildRow, MemberRow, OrgRow, piiHashes, StaffAccountRow } from '@lianxin/members';
import { generateShape, type GeneratedShape, type RoleKey } from '@lianxin/test-kit';
import { enginesForSuites, type EngineName } from './engines';

/**
 * A small named tree with known members, so scoping tests can say exactly who sees what:
 *
 *   CITY LJ
 *   ├── D1 (district)            ├── D2 (county)
 *   │   └── S1 (street)          │   └── S2 (town)
 *   │       ├── E1  m1, m2       │       └── E3  m4
 *   │       └── E2  m3
 *
 * Or, given a generated shape (@lianxin/test-kit's generateShape), a tree of another shape
 * and depth: the same eight roles and four members dealt to random places in it, among
 * further orgs x1, x2, … and further members n1, n2, … The scoping matrices run on both.
 */
export interface Fixture {
  orgs: Record<RoleKey | `x${number}`, OrgRow>;
  members: Record<'m1' | 'm2' | 'm3' | 'm4' | `n${number}`, MemberRow>;
  /** The generated shape the tree was built from; absent for the named tree above. */
  shape?: GeneratedShape;
  /**
   * Who accepts cases at each org (接单): its 工会办公室 and one person there, in the staff
   * directory under the subject `fixture-<org key>` (not the callers' `staff-<key>`, whose
   * dev tokens keep their own claims). `display` is how a case names them.
   */
  handlers: Record<string, { staffId: string; departmentId: string; display: string }>;
}

/** One run of a scoping matrix: an engine, and the options of its graph (the tree among them). */
export interface MatrixRun {
  name: string;
  engine: EngineName;
  graph: { shape?: GeneratedShape; gatewayEnv?: Record<string, string> };
}

/**
 * The seed of the generated tree; LIANXIN_TREE_SEED picks another (a failure names the seed
 * it ran with). 12 gives 13 orgs: a third district, an enterprise straight under d1 (one
 * level shallower), and d2 made before d1.
 */
export const TREE_SEED = Number(process.env.LIANXIN_TREE_SEED ?? 12);

/**
 * What the scoping matrices run over: the named tree on every engine, and a generated tree
 * on the embedded engine (the model, not the engine, is what a second shape tests). A larger
 * tree means more anonymous refusals than a minute's anonymous budget allows; the limiter
 * has tests of its own, so these graphs raise it.
 */
export function matrixRuns(): MatrixRun[] {
  const gatewayEnv = { ANONYMOUS_REQUESTS_PER_MINUTE: '100000' };
  const named = enginesForSuites().map((engine): MatrixRun => ({ name: engine, engine, graph: { gatewayEnv } }));
  const shape = generateShape(TREE_SEED);
  return [...named, { name: `sqlite, a generated tree (seed ${shape.seed}, ${shape.nodes.length} orgs)`, engine: 'sqlite', graph: { shape, gatewayEnv } }];
}

const check = (body17: string): string => {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, x, i) => acc + x * Number(body17[i]), 0);
  return body17 + '10X98765432'[sum % 11];
};

/** A valid ID number for a birth date and a sequence number (odd sequence = male). */
export const idNumber = (birth: string, seq: number): string => check(`339901${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`);

/**
 * `province`: the named tree one level lower, under a province (x1), beside a second city
 * (x2, with a district x3, a street x4 and an enterprise x5 where member n1 works): the
 * five-level tree of a provincial deployment, run with ORG_LEVELS_ABOVE_CITY=1.
 */
export async function loadFixture(db: DataSource, shape?: GeneratedShape, opts: { province?: boolean } = {}): Promise<Fixture> {
  const now = new Date('2026-11-01T08:00:00Z');
  const org = (key: string, parent: OrgRow | null, level: OrgRow['level'], kind: OrgRow['kind'], code: string, name: string): OrgRow => {
    const id = newId(now.getTime());
    return Object.assign(new OrgRow(), { id, parentId: parent?.id ?? null, level, kind, code, name, path: childPath(parent?.path ?? null, id), joinCode: `JOIN${key.toUpperCase()}`.padEnd(8, 'X'), createdAt: now });
  };
  const named = (): Fixture['orgs'] => {
    const province = opts.province ? org('x1', null, 'PROVINCE' as never, 'PROVINCE_FEDERATION' as never, 'PV', '江岸省总工会') : null;
    const city = org('city', province, 'CITY' as never, 'CITY_FEDERATION' as never, 'LJ', '临江市总工会');
    const d1 = org('d1', city, 'DISTRICT' as never, 'DISTRICT' as never, 'LJ-01', '江北区总工会');
    const d2 = org('d2', city, 'DISTRICT' as never, 'COUNTY' as never, 'LJ-02', '青山县总工会');
    const s1 = org('s1', d1, 'STREET' as never, 'STREET' as never, 'LJ-01-01', '江北区滨江街道工会');
    const s2 = org('s2', d2, 'STREET' as never, 'TOWN' as never, 'LJ-02-01', '青山县石门镇工会');
    const e1 = org('e1', s1, 'ENTERPRISE' as never, 'ENTERPRISE' as never, 'LJ-01-01-0001', '临江滨江物流有限公司工会');
    const e2 = org('e2', s1, 'ENTERPRISE' as never, 'ENTERPRISE' as never, 'LJ-01-01-0002', '临江顺达外卖站点工会');
    const e3 = org('e3', s2, 'ENTERPRISE' as never, 'ENTERPRISE' as never, 'LJ-02-01-0001', '青山石门机械厂工会');
    if (!province) return { city, d1, d2, s1, s2, e1, e2, e3 };
    const x2 = org('x2', province, 'CITY' as never, 'CITY_FEDERATION' as never, 'QH', '清河市总工会');
    const x3 = org('x3', x2, 'DISTRICT' as never, 'DISTRICT' as never, 'QH-01', '清河市东城区总工会');
    const x4 = org('x4', x3, 'STREET' as never, 'STREET' as never, 'QH-01-01', '东城区北关街道工会');
    const x5 = org('x5', x4, 'ENTERPRISE' as never, 'ENTERPRISE' as never, 'QH-01-01-0001', '清河北关纺织厂工会');
    return { x1: province, city, d1, d2, s1, s2, e1, e2, e3, x2, x3, x4, x5 } as Fixture['orgs'];
  };
  const orgs = shape ? generatedOrgs(shape, org) : named();
  await db.getRepository(OrgRow).insert(Object.values(orgs));
  const handlers: Fixture['handlers'] = {};
  for (const [i, [key, o]] of Object.entries(orgs).entries()) {
    const department = Object.assign(new DepartmentRow(), { id: newId(now.getTime()), orgId: o.id, name: '工会办公室', active: true, createdAt: now, version: 1 });
    const name = HANDLER_NAMES[i % HANDLER_NAMES.length];
    const account = Object.assign(new StaffAccountRow(), { id: newId(now.getTime()), subject: `fixture-${key}`, orgId: o.id, departmentId: department.id, name, perms: '', active: true, createdAt: now, version: 1 });
    await db.getRepository(DepartmentRow).insert(department);
    await db.getRepository(StaffAccountRow).insert(account);
    handlers[key] = { staffId: account.id, departmentId: department.id, display: `工会办公室 ${name}` };
  }

  const member = (o: OrgRow, name: string, gender: 'MALE' | 'FEMALE', birth: string, seq: number, phone: string, extra: Partial<MemberRow> = {}): MemberRow =>
    Object.assign(new MemberRow(), {
      id: newId(now.getTime()), orgId: o.id, orgPath: o.path, name, gender, birthDate: birth, idNumber: idNumber(birth, seq), phone,
      ...piiHashes({ idNumber: idNumber(birth, seq), phone }),
      employmentType: 'REGULAR', modelWorker: false, hardshipTier: null, hardshipReviewedOn: null, status: 'ACTIVE', statusReason: null,
      joinChannel: 'ENROLLED', joinedOn: '2026-10-15', createdAt: now, version: 1, ...extra,
    });
  const members: Fixture['members'] = {
    m1: member(orgs.e1, '王建国', 'MALE', '1985-03-07', 11, '13812345678', { hardshipTier: 'DEEP' as never, hardshipReviewedOn: '2026-03-01' }),
    m2: member(orgs.e1, '李秀英', 'FEMALE', '1990-07-21', 22, '13998765432', { employmentType: 'DELIVERY_RIDER' as never, joinChannel: 'QR_CODE' as never }),
    m3: member(orgs.e2, '张伟', 'MALE', '1978-11-30', 33, '15011112222', { modelWorker: true }),
    m4: member(orgs.e3, '刘芳', 'FEMALE', '1995-01-15', 44, '18655556666'),
  };
  if (opts.province) members.n1 = member(orgs.x5, EXTRA_NAMES[0], 'MALE', '1988-05-05', 51, '13700001000');
  if (shape) {
    // Further members at random orgs of any level, so every subtree's count differs from the named tree's.
    const rnd = new Random(shape.seed, 'fixture-members');
    const all = Object.values(orgs);
    EXTRA_NAMES.forEach((name, i) => {
      members[`n${i + 1}`] = member(all[rnd.uint32() % all.length], name, i % 2 ? 'FEMALE' : 'MALE', '1988-05-05', 51 + i, `1370000${String(1000 + i)}`);
    });
  }
  await db.getRepository(MemberRow).insert(Object.values(members));
  // m1's tier comes from the hardship register, as it does in production.
  const m1File = fileOfMarkedMember(members.m1, now);
  await db.getRepository(HardshipFileRow).insert(m1File.file);
  await db.getRepository(HardshipEventRow).insert(m1File.event);
  await db.getRepository(MemberChildRow).insert({ id: newId(), memberId: members.m1.id, name: '王小明', gender: 'MALE' as never, birthDate: '2015-09-01', schoolStage: 'PRIMARY' as never });
  return { orgs, members, shape, handlers };
}

/** The fixture's case handlers' names: none a member's, so the partner privacy scan can tell them apart. */
const HANDLER_NAMES = ['赵主任', '钱干事', '孙主席', '李干事', '周主任', '吴干事', '郑主席', '王干事'];

/** The extra members' names: distinct from the named members', so the partner privacy scan can tell them apart. */
const EXTRA_NAMES = ['周文斌', '吴晓燕', '郑海涛', '孙丽华', '钱志强'];

const KIND = { NATION: 'NATIONAL_FEDERATION', PROVINCE: 'PROVINCE_FEDERATION', CITY: 'CITY_FEDERATION', DISTRICT: 'DISTRICT', STREET: 'STREET', ENTERPRISE: 'ENTERPRISE' } as const;

/**
 * The orgs of a generated shape: codes numbered down the tree (G, G-01, G-01-02, …, four
 * digits for an enterprise), a name per org that is a union's (工会), parents first.
 */
function generatedOrgs(shape: GeneratedShape, make: (key: string, parent: OrgRow | null, level: OrgRow['level'], kind: OrgRow['kind'], code: string, name: string) => OrgRow): Fixture['orgs'] {
  const byKey: Record<string, OrgRow> = {};
  const children = new Map<string, number>();
  for (const n of shape.nodes) {
    const parent = n.parent === null ? null : byKey[n.parent];
    const index = (children.get(n.parent ?? '') ?? 0) + 1;
    children.set(n.parent ?? '', index);
    const code = parent ? `${parent.code}-${String(index).padStart(n.level === 'ENTERPRISE' ? 4 : 2, '0')}` : 'G';
    byKey[n.key] = make(n.key, parent, n.level as never, KIND[n.level] as never, code, `生成${n.key}工会`);
  }
  return byKey as Fixture['orgs'];
}
