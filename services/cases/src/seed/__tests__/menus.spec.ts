import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { childPath, newId } from '@lianxin/auth';
import { callerStub, contextFor, FakeOrgDirectory, silentLog } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { CaseRow } from '../../casefile/case.entity';
import { CaseState, OutreachKind } from '../../casefile/case.enums';
import { tallyDrift } from '../../figures/tally.rebuild';
import { verifyLedger } from '../../ledger/ledger.service';
import { MenuItemRow, MenuOrderRow, ServiceMenuRow } from '../../menu/menu.entity';
import { menuFigures } from '../../menu/menu.service';
import type { SeedMember, SeedOrg } from '../generate';
import { seedServiceMenu } from '../menus';

const engines = testDatabases('menu_seed', (o) => openCasesDatabase({ ...o, log: silentLog }));
const NOW = new Date('2026-06-15T04:00:00Z');

/** A city, an urban district and a county with two 部室 that take orders, a street each, 120 workers under the county. */
function tree(): { orgs: SeedOrg[]; members: SeedMember[] } {
  const orgs: SeedOrg[] = [];
  const org = (parent: SeedOrg | null, level: string, code: string, kind?: string, handlers?: SeedOrg['handlers']): SeedOrg => {
    const id = newId();
    const o = { id, path: childPath(parent?.path ?? null, id), code, level, ...(kind ? { kind } : {}), ...(handlers ? { handlers } : {}) };
    orgs.push(o);
    return o;
  };
  const city = org(null, 'CITY', 'LJ');
  const urban = org(city, 'DISTRICT', 'LJ-01', 'DISTRICT');
  org(urban, 'STREET', 'LJ-01-01');
  const taker = (name: string) => ({ staffId: newId(), departmentId: newId(), display: `${name} 张敏` });
  const county = org(city, 'DISTRICT', 'LJ-02', 'COUNTY', [taker('劳动和经济工作部'), taker('组宣部'), { staffId: newId(), departmentId: null, display: '李强' }]);
  const town = org(county, 'STREET', 'LJ-02-01');
  const firm = org(town, 'ENTERPRISE', 'LJ-02-01-0001');
  const members = Array.from({ length: 120 }, (_, i) => ({ id: newId(), orgId: i % 3 ? firm.id : town.id }));
  return { orgs, members };
}

describe.each(engines)('the demo service menu on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const t = tree();
  const county = t.orgs.find((o) => o.kind === 'COUNTY')!;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close?.());

  it('gives the county a published menu whose orders are in every state, walked through the case writer', async () => {
    const result = await seedServiceMenu(db, { ...t, now: NOW, seed: 3 });
    const menus = await db.getRepository(ServiceMenuRow).find();
    const items = await db.getRepository(MenuItemRow).find();
    const orders = await db.getRepository(MenuOrderRow).find();
    const cases = await db.getRepository(CaseRow).find();
    expect(result).toEqual({ menus: 1, items: items.length, orders: orders.length });
    expect(menus.map((m) => [m.orgId, m.state])).toEqual([[county.id, 'PUBLISHED']]);
    expect(orders).toHaveLength(161);
    expect(cases.every((c) => c.sourceKind === OutreachKind.MENU_ITEM && c.raisedOrgId === county.id)).toBe(true);
    const states = new Set(cases.map((c) => c.state));
    for (const s of [CaseState.REGISTERED, CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED, CaseState.DECLINED]) expect(states).toContain(s);
    expect(cases.filter((c) => c.state === CaseState.CLOSED).length / cases.length).toBeGreaterThan(0.9);
    // Each item counts its orders and never more than its quantity; one order per member and item; taken only by a 部室.
    for (const i of items) {
      expect(i.ordered).toBe(orders.filter((o) => o.itemId === i.id).length);
      if (i.quantity !== null) expect(i.ordered).toBeLessThanOrEqual(i.quantity);
    }
    expect(new Set(orders.map((o) => `${o.itemId}|${o.memberId}`)).size).toBe(orders.length);
    const departments = new Set(county.handlers!.map((h) => h.departmentId).filter(Boolean));
    expect(cases.filter((c) => c.responsibleDepartmentId !== null).every((c) => departments.has(c.responsibleDepartmentId))).toBe(true);
    expect(cases.filter((c) => c.responsibleStaffId !== null && c.responsibleDepartmentId === null)).toEqual([]);
    expect(cases.every((c) => c.raisedAt.getTime() <= NOW.getTime() && (c.closedAt ?? c.raisedAt).getTime() <= NOW.getTime())).toBe(true);
    expect((await verifyLedger(db)).ok).toBe(true);
    expect(await tallyDrift(db)).toEqual([]);

    // Its figures are the rows' counts.
    const directory = new FakeOrgDirectory();
    for (const o of t.orgs) directory.byId.set(o.id, { id: o.id, parentId: null, path: o.path, code: o.code, level: o.level as never, name: o.code });
    const ctx = contextFor({ db: () => db, orgs: directory })(callerStub.staff({ id: county.id, path: county.path, code: county.code }));
    const fig = await menuFigures(ctx, { from: '2025-12-01', to: '2026-06-15' });
    expect(fig).toMatchObject({
      ordered: orders.length,
      accepted: cases.filter((c) => c.responsibleDepartmentId !== null).length,
      signedOff: cases.filter((c) => [CaseState.SIGNED_OFF, CaseState.CLOSED].includes(c.state)).length,
      declined: cases.filter((c) => c.state === CaseState.DECLINED).length,
    });

    expect(await seedServiceMenu(db, { ...t, now: NOW, seed: 3 })).toEqual({ menus: 0, items: 0, orders: 0 });
  });
});
