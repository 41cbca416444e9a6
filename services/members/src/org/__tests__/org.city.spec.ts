import { testDatabases } from '@lianxin/jest-config/databases';
import { childPath, newId } from '@lianxin/auth';
import { createLogger } from '@lianxin/subgraph';
import type { DataSource } from 'typeorm';
import { openMembersDatabase } from '../../app';
import { OrgKind, OrgLevel, OrgRow } from '../org.entity';
import { assertCityLevel } from '../org.city';

const log = createLogger('test', 'silent');
const engines = testDatabases('members_org_city', (o) => openMembersDatabase({ ...o, log }));

const org = (parent: OrgRow | null, level: OrgLevel, kind: OrgKind, code: string): OrgRow => {
  const id = newId();
  return Object.assign(new OrgRow(), { id, parentId: parent?.id ?? null, level, kind, code, name: code, path: childPath(parent?.path ?? null, id), joinCode: `J${code}`.padEnd(8, 'X'), createdAt: new Date('2026-11-01T00:00:00Z') });
};

describe.each(engines)('ORG_LEVELS_ABOVE_CITY against the tree on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await engine.open());
  });
  afterAll(() => close());

  test('an empty tree fits any setting', async () => {
    for (const above of [0, 1, 2]) await expect(assertCityLevel(db, above)).resolves.toBeUndefined();
  });

  test('a province at the top needs 1, and the refusal says what to set', async () => {
    const province = org(null, OrgLevel.PROVINCE, OrgKind.PROVINCE_FEDERATION, 'PV');
    await db.getRepository(OrgRow).insert([province, org(province, OrgLevel.CITY, OrgKind.CITY_FEDERATION, 'LJ')]);
    await expect(assertCityLevel(db, 1)).resolves.toBeUndefined();
    await expect(assertCityLevel(db, 0)).rejects.toThrow('ORG_LEVELS_ABOVE_CITY is 0, so the top of the org tree should be CITY, but it is PROVINCE. Set ORG_LEVELS_ABOVE_CITY=1');
    await expect(assertCityLevel(db, 2)).rejects.toThrow(/should be NATION, but it is PROVINCE\. Set ORG_LEVELS_ABOVE_CITY=1/);
  });
});
