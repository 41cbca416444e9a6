import { childPath, newId } from '@lianxin/auth';
import type { DataSource } from 'typeorm';
import { fileOfMarkedMember, HardshipEventRow, HardshipFileRow, MemberChildRow, MemberRow, OrgRow, piiHashes } from '@lianxin/members';

/**
 * A small named tree with known members, so scoping tests can say exactly who sees what:
 *
 *   CITY LJ
 *   ├── D1 (district)            ├── D2 (county)
 *   │   └── S1 (street)          │   └── S2 (town)
 *   │       ├── E1  m1, m2       │       └── E3  m4
 *   │       └── E2  m3
 */
export interface Fixture {
  orgs: Record<'city' | 'd1' | 'd2' | 's1' | 's2' | 'e1' | 'e2' | 'e3', OrgRow>;
  members: Record<'m1' | 'm2' | 'm3' | 'm4', MemberRow>;
}

const check = (body17: string): string => {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, x, i) => acc + x * Number(body17[i]), 0);
  return body17 + '10X98765432'[sum % 11];
};

/** A valid ID number for a birth date and a sequence number (odd sequence = male). */
export const idNumber = (birth: string, seq: number): string => check(`339901${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`);

export async function loadFixture(db: DataSource): Promise<Fixture> {
  const now = new Date('2026-11-01T08:00:00Z');
  const org = (key: string, parent: OrgRow | null, level: OrgRow['level'], kind: OrgRow['kind'], code: string, name: string): OrgRow => {
    const id = newId(now.getTime());
    return Object.assign(new OrgRow(), { id, parentId: parent?.id ?? null, level, kind, code, name, path: childPath(parent?.path ?? null, id), joinCode: `JOIN${key.toUpperCase()}`.padEnd(8, 'X'), createdAt: now });
  };
  const city = org('city', null, 'CITY' as never, 'CITY_FEDERATION' as never, 'LJ', '临江市总工会');
  const d1 = org('d1', city, 'DISTRICT' as never, 'DISTRICT' as never, 'LJ-01', '江北区总工会');
  const d2 = org('d2', city, 'DISTRICT' as never, 'COUNTY' as never, 'LJ-02', '青山县总工会');
  const s1 = org('s1', d1, 'STREET' as never, 'STREET' as never, 'LJ-01-01', '江北区滨江街道工会');
  const s2 = org('s2', d2, 'STREET' as never, 'TOWN' as never, 'LJ-02-01', '青山县石门镇工会');
  const e1 = org('e1', s1, 'ENTERPRISE' as never, 'ENTERPRISE' as never, 'LJ-01-01-0001', '临江滨江物流有限公司工会');
  const e2 = org('e2', s1, 'ENTERPRISE' as never, 'ENTERPRISE' as never, 'LJ-01-01-0002', '临江顺达外卖站点工会');
  const e3 = org('e3', s2, 'ENTERPRISE' as never, 'ENTERPRISE' as never, 'LJ-02-01-0001', '青山石门机械厂工会');
  const orgs = { city, d1, d2, s1, s2, e1, e2, e3 };
  await db.getRepository(OrgRow).insert(Object.values(orgs));

  const member = (o: OrgRow, name: string, gender: 'MALE' | 'FEMALE', birth: string, seq: number, phone: string, extra: Partial<MemberRow> = {}): MemberRow =>
    Object.assign(new MemberRow(), {
      id: newId(now.getTime()), orgId: o.id, orgPath: o.path, name, gender, birthDate: birth, idNumber: idNumber(birth, seq), phone,
      ...piiHashes({ idNumber: idNumber(birth, seq), phone }),
      employmentType: 'REGULAR', modelWorker: false, hardshipTier: null, hardshipReviewedOn: null, status: 'ACTIVE', statusReason: null,
      joinChannel: 'ENROLLED', joinedOn: '2026-10-15', createdAt: now, version: 1, ...extra,
    });
  const members = {
    m1: member(e1, '王建国', 'MALE', '1985-03-07', 11, '13812345678', { hardshipTier: 'DEEP' as never, hardshipReviewedOn: '2026-03-01' }),
    m2: member(e1, '李秀英', 'FEMALE', '1990-07-21', 22, '13998765432', { employmentType: 'DELIVERY_RIDER' as never, joinChannel: 'QR_CODE' as never }),
    m3: member(e2, '张伟', 'MALE', '1978-11-30', 33, '15011112222', { modelWorker: true }),
    m4: member(e3, '刘芳', 'FEMALE', '1995-01-15', 44, '18655556666'),
  };
  await db.getRepository(MemberRow).insert(Object.values(members));
  // m1's tier comes from the hardship register, as it does in production.
  const m1File = fileOfMarkedMember(members.m1, now);
  await db.getRepository(HardshipFileRow).insert(m1File.file);
  await db.getRepository(HardshipEventRow).insert(m1File.event);
  await db.getRepository(MemberChildRow).insert({ id: newId(), memberId: members.m1.id, name: '王小明', gender: 'MALE' as never, birthDate: '2015-09-01', schoolStage: 'PRIMARY' as never });
  return { orgs, members };
}
