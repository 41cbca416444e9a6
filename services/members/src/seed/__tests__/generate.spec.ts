import { childPath, isId } from '@lianxin/auth';
import { OrgKind, OrgLevel, type OrgRow } from '../../org/org.entity';
import { EmploymentType, Gender, MembershipStatus, SchoolStage, type MemberChildRow, type MemberRow } from '../../member/member.entity';
import { ApplicationStatus, TransferStatus, type JoinApplicationRow, type MemberStatusEventRow, type TransferRow } from '../../membership/membership.entity';
import { DEFAULT_SEED_OPTIONS, JOIN_CODE_ALPHABET, generateMembers, generateOrgs, schoolStageOptions, type SeedOptions } from '../generate';
import { FEMALE_GIVEN_CHARS, MALE_GIVEN_CHARS, SURNAMES } from '../names';
import { Random } from '@lianxin/demo-kit';
import { piiHash } from '../../member/member.pii';
import { generateDirectory } from '../directory';

const SMALL: SeedOptions = { seed: 7, members: 500, districts: 2, streetsPerDistrict: 2, enterprisesPerStreet: 3, referenceDate: '2026-11-01' };

interface Dataset {
  orgs: OrgRow[];
  members: MemberRow[];
  children: MemberChildRow[];
  events: MemberStatusEventRow[];
  transfers: TransferRow[];
  applications: JoinApplicationRow[];
}

function generateAll(options: SeedOptions, batchSize?: number): Dataset {
  const tree = generateOrgs(options);
  const data: Dataset = { orgs: tree.orgs, members: [], children: [], events: [], transfers: [], applications: [] };
  for (const b of generateMembers(options, tree, batchSize)) {
    data.members.push(...b.members);
    data.children.push(...b.children);
    data.events.push(...b.events);
    data.transfers.push(...b.transfers);
    data.applications.push(...b.applications);
  }
  return data;
}

/** GB 11643, written out independently of the generator. */
function checkIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

const birthDateOf = (id: string): string => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
const cstDate = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('Random', () => {
  it('repeats its sequence for a seed and stream, and differs across either', () => {
    const draw = (r: Random) => Array.from({ length: 5 }, () => r.uint32());
    expect(draw(new Random(1, 'a'))).toEqual(draw(new Random(1, 'a')));
    expect(draw(new Random(1, 'a'))).not.toEqual(draw(new Random(2, 'a')));
    expect(draw(new Random(1, 'a'))).not.toEqual(draw(new Random(1, 'b')));
  });

  it('keeps helpers within their bounds and follows weights', () => {
    const r = new Random(42);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
    const pick = r.picker([['a', 9], ['b', 1], ['never', 0]] as const);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[pick()]++;
    expect(counts.never).toBe(0);
    expect(counts.a / 10_000).toBeGreaterThan(0.87);
    expect(counts.a / 10_000).toBeLessThan(0.93);
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-02-01T00:00:00Z');
    for (let i = 0; i < 100; i++) {
      const d = r.dateBetween(from, to);
      expect(d >= from && d < to).toBe(true);
    }
    expect(r.bytes(10)).toHaveLength(10);
  });
});

describe('name material', () => {
  it('has enough surnames and given-name characters', () => {
    expect(new Set(SURNAMES.map(([s]) => s)).size).toBeGreaterThanOrEqual(60);
    expect(new Set(MALE_GIVEN_CHARS).size).toBeGreaterThanOrEqual(80);
    expect(new Set(FEMALE_GIVEN_CHARS).size).toBeGreaterThanOrEqual(80);
  });
});

describe('generateOrgs / generateMembers on a small tree', () => {
  const data = generateAll(SMALL);
  const orgById = new Map(data.orgs.map((o) => [o.id, o]));

  it('is deterministic for a seed, whatever the batch size, and differs for another seed', () => {
    const again = generateAll(SMALL, 37);
    expect(again).toEqual(data);
    const first = data.members[0];
    const last = data.members[data.members.length - 1];
    expect([again.members[0].id, again.members[0].name, again.members[0].idNumber]).toEqual([first.id, first.name, first.idNumber]);
    expect(again.members.at(-1)!.id).toBe(last.id);

    const other = generateAll({ ...SMALL, seed: 8 });
    expect(other.orgs[0].id).not.toBe(data.orgs[0].id);
    expect(other.members[0].id).not.toBe(first.id);
    expect(other.members.map((m) => m.idNumber)).not.toEqual(data.members.map((m) => m.idNumber));
    expect(other.members.map((m) => m.name)).not.toEqual(data.members.map((m) => m.name));
  });

  it('builds the tree with exact counts, codes and unique join codes', () => {
    const byLevel = (level: OrgLevel) => data.orgs.filter((o) => o.level === level);
    expect(data.orgs).toHaveLength(1 + 2 + 4 + 12);
    expect(byLevel(OrgLevel.CITY).map((o) => [o.code, o.kind])).toEqual([['LJ', OrgKind.CITY_FEDERATION]]);
    expect(byLevel(OrgLevel.DISTRICT).map((o) => o.code)).toEqual(['LJ-01', 'LJ-02']);
    expect(byLevel(OrgLevel.STREET).map((o) => o.code)).toEqual(['LJ-01-01', 'LJ-01-02', 'LJ-02-01', 'LJ-02-02']);
    expect(byLevel(OrgLevel.ENTERPRISE).map((o) => o.code).slice(0, 4)).toEqual(['LJ-01-01-0001', 'LJ-01-01-0002', 'LJ-01-01-0003', 'LJ-01-02-0001']);
    for (const o of byLevel(OrgLevel.ENTERPRISE)) expect([OrgKind.ENTERPRISE, OrgKind.UNION_POST]).toContain(o.kind);

    const codes = data.orgs.map((o) => o.joinCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{8}$`));
    expect(new Set(data.orgs.map((o) => o.name)).size).toBe(data.orgs.length);
    expect(new Set(data.orgs.map((o) => o.code)).size).toBe(data.orgs.length);

    expect(data.members).toHaveLength(500);
    expect(new Set(data.members.map((m) => m.id)).size).toBe(500);
  });

  it('builds every path as childPath(parent.path, id), with ULID ids', () => {
    for (const o of data.orgs) {
      expect(isId(o.id)).toBe(true);
      const parent = o.parentId ? orgById.get(o.parentId)! : null;
      expect(o.path).toBe(childPath(parent?.path ?? null, o.id));
      if (parent) expect(o.createdAt.getTime()).toBeGreaterThanOrEqual(parent.createdAt.getTime());
    }
  });

  it('places every member in an enterprise-level org under the city', () => {
    const city = data.orgs.find((o) => o.level === OrgLevel.CITY)!;
    for (const m of data.members) {
      const org = orgById.get(m.orgId)!;
      expect(org.level).toBe(OrgLevel.ENTERPRISE);
      expect(m.orgPath).toBe(org.path);
      expect(m.orgPath.startsWith(city.path)).toBe(true);
    }
  });

  it('issues valid, unique ID numbers that agree with birth date and gender', () => {
    const all = [...data.members, ...data.applications.filter((a) => a.status !== ApplicationStatus.APPROVED)];
    const ids = all.map((p) => p.idNumber);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of all) {
      expect(checkIdNumber(p.idNumber)).toBe(true);
      expect(p.idNumber.startsWith('3399')).toBe(true);
      expect(birthDateOf(p.idNumber)).toBe(p.birthDate);
      expect(Number(p.idNumber[16]) % 2 === 1).toBe(p.gender === Gender.MALE);
    }
  });

  it('keeps dates consistent with the reference date', () => {
    for (const m of data.members) {
      expect(m.phone).toMatch(/^1[35789]\d{9}$/);
      expect(m.joinedOn < SMALL.referenceDate).toBe(true);
      expect(cstDate(m.createdAt)).toBe(m.joinedOn);
      const ageAtJoin = Number(m.joinedOn.slice(0, 4)) - Number(m.birthDate.slice(0, 4));
      expect(ageAtJoin).toBeGreaterThanOrEqual(18);
      expect(m.version).toBe(1);
      if (m.hardshipTier) expect(m.hardshipReviewedOn! >= m.joinedOn && m.hardshipReviewedOn! < SMALL.referenceDate).toBe(true);
      else expect(m.hardshipReviewedOn).toBeNull();
    }
  });

  it('mixes regular and gig employment', () => {
    const types = new Set(data.members.map((m) => m.employmentType));
    expect(types.has(EmploymentType.REGULAR)).toBe(true);
    expect([...types].filter((t) => t !== EmploymentType.REGULAR).length).toBeGreaterThanOrEqual(2);
  });

  it('gives every TRANSFERRING member exactly one REQUESTED transfer, and only them', () => {
    const transferring = data.members.filter((m) => m.status === MembershipStatus.TRANSFERRING);
    expect(transferring.length).toBeGreaterThan(0);
    for (const m of transferring) {
      const open = data.transfers.filter((t) => t.memberId === m.id && t.status === TransferStatus.REQUESTED);
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ openKey: m.id, fromOrgId: m.orgId, fromPath: m.orgPath, decidedAt: null });
      expect(open[0].toOrgId).not.toBe(m.orgId);
      expect(orgById.get(open[0].toOrgId)!.path).toBe(open[0].toPath);
    }
    const requested = data.transfers.filter((t) => t.status === TransferStatus.REQUESTED);
    expect(requested).toHaveLength(transferring.length);
    const statuses = new Set(data.transfers.map((t) => t.status));
    expect(statuses).toEqual(new Set([TransferStatus.REQUESTED, TransferStatus.ACCEPTED, TransferStatus.RETURNED]));
    for (const t of data.transfers.filter((x) => x.status !== TransferStatus.REQUESTED)) {
      expect(t.openKey).toBeNull();
      expect(t.decidedAt!.getTime()).toBeGreaterThan(t.requestedAt.getTime());
      expect(t.decidedAt!.getTime()).toBeLessThan(Date.parse(`${SMALL.referenceDate}T00:00:00+08:00`));
      if (t.status === TransferStatus.RETURNED) expect(t.returnReason).toBeTruthy();
    }
  });

  it('records a status event with a reason for every RETAINED or LEFT member', () => {
    const ended = data.members.filter((m) => m.status === MembershipStatus.RETAINED || m.status === MembershipStatus.LEFT);
    expect(ended.length).toBeGreaterThan(0);
    for (const m of ended) {
      expect(m.statusReason).toBeTruthy();
      const events = data.events.filter((e) => e.memberId === m.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ fromStatus: MembershipStatus.ACTIVE, toStatus: m.status, reason: m.statusReason, orgPath: m.orgPath });
      expect(events[0].at.getTime()).toBeGreaterThan(m.createdAt.getTime());
    }
  });

  it('gives children a school stage that fits their age', () => {
    expect(data.children.length).toBeGreaterThan(0);
    const memberIds = new Set(data.members.map((m) => m.id));
    for (const c of data.children) {
      expect(memberIds.has(c.memberId)).toBe(true);
      expect(c.birthDate < SMALL.referenceDate).toBe(true);
      const age = 2026 - Number(c.birthDate.slice(0, 4));
      if (c.schoolStage === SchoolStage.PRIMARY) expect(age >= 6 && age <= 13).toBe(true);
      if (c.schoolStage === SchoolStage.PRESCHOOL) expect(age >= 3 && age <= 7).toBe(true);
      if (c.schoolStage === SchoolStage.UNIVERSITY) expect(age >= 17 && age <= 23).toBe(true);
      expect(schoolStageOptions(c.birthDate, SMALL.referenceDate)).toContain(c.schoolStage);
    }
  });

  it('has PENDING applications keyed by ID number, and reviewed ones without a key', () => {
    const pending = data.applications.filter((a) => a.status === ApplicationStatus.PENDING);
    expect(pending.length).toBeGreaterThan(0);
    for (const a of pending) expect(a).toMatchObject({ pendingKey: piiHash('idNumber', a.idNumber), memberId: null, reviewedAt: null });
    for (const a of data.applications.filter((x) => x.status !== ApplicationStatus.PENDING)) {
      expect(a.pendingKey).toBeNull();
      expect(a.reviewedAt!.getTime()).toBeGreaterThan(a.createdAt.getTime());
      if (a.status === ApplicationStatus.REJECTED) expect(a.rejectReason).toBeTruthy();
      if (a.status === ApplicationStatus.APPROVED) expect(data.members.find((m) => m.id === a.memberId)?.idNumber).toBe(a.idNumber);
    }
  });
});

describe('schoolStageOptions', () => {
  it('enrols by age on 31 August', () => {
    expect(schoolStageOptions('2020-08-31', '2026-11-01')).toEqual([SchoolStage.PRIMARY]);
    expect(schoolStageOptions('2020-09-01', '2026-11-01')).toEqual([SchoolStage.PRESCHOOL]);
    expect(schoolStageOptions('2025-01-01', '2026-11-01')).toEqual([SchoolStage.NONE]);
    expect(schoolStageOptions('2010-03-01', '2026-11-01')).toContain(SchoolStage.SENIOR_HIGH);
  });
});

describe('the default dataset', () => {
  const tree = generateOrgs(DEFAULT_SEED_OPTIONS);

  it('has 10 districts (one county, one industry federation), 100 streets and 2,000 enterprises', () => {
    const kinds = (level: OrgLevel) => tree.orgs.filter((o) => o.level === level).map((o) => o.kind);
    const districts = kinds(OrgLevel.DISTRICT);
    expect(districts).toHaveLength(10);
    expect(districts.filter((k) => k === OrgKind.COUNTY)).toHaveLength(1);
    expect(districts.filter((k) => k === OrgKind.INDUSTRY_FEDERATION)).toHaveLength(1);
    expect(tree.orgs.find((o) => o.kind === OrgKind.INDUSTRY_FEDERATION)!.name).toBe('临江市交通运输行业工会联合会');
    const streets = kinds(OrgLevel.STREET);
    expect(streets).toHaveLength(100);
    expect(new Set(streets)).toEqual(new Set([OrgKind.STREET, OrgKind.TOWN, OrgKind.DEVELOPMENT_ZONE]));
    const enterprises = kinds(OrgLevel.ENTERPRISE);
    expect(enterprises).toHaveLength(2000);
    const posts = enterprises.filter((k) => k === OrgKind.UNION_POST).length;
    expect(posts).toBeGreaterThan(50);
    expect(posts).toBeLessThan(150);
    expect(tree.enterprises.reduce((n, e) => n + e.memberCount, 0)).toBe(50_000);
  });

  it('has 50,000 members with unique ID numbers, ~75% regular and a gig-heavy district', () => {
    const idNumbers = new Set<string>();
    let people = 0;
    let members = 0;
    let regular = 0;
    let gigInHeavy = 0;
    let inHeavy = 0;
    const heavyPath = tree.orgs.find((o) => o.id === tree.gigHeavyDistrictId)!.path;
    for (const batch of generateMembers(DEFAULT_SEED_OPTIONS, tree)) {
      for (const p of [...batch.members, ...batch.applications.filter((a) => a.status !== ApplicationStatus.APPROVED)]) {
        people++;
        idNumbers.add(p.idNumber);
      }
      for (const m of batch.members) {
        members++;
        if (m.employmentType === EmploymentType.REGULAR) regular++;
        if (m.orgPath.startsWith(heavyPath)) {
          inHeavy++;
          if (m.employmentType !== EmploymentType.REGULAR) gigInHeavy++;
        }
      }
    }
    expect(members).toBe(50_000);
    expect(regular / members).toBeGreaterThan(0.7);
    expect(regular / members).toBeLessThan(0.8);
    expect(gigInHeavy / inHeavy).toBeGreaterThan(0.4);
    // Every member and every applicant who is not (yet) a member has a number of their own.
    expect(idNumbers.size).toBe(people);
  });
});

describe('the demo staff directory', () => {
  const options = { ...DEFAULT_SEED_OPTIONS, members: 100, districts: 3, streetsPerDistrict: 2, enterprisesPerStreet: 2 };
  const tree = generateOrgs(options);
  const sut = generateDirectory(options, tree);

  test('部室 at the city and district levels only, and an account for every org with the subject the docs show', () => {
    const levelOf = new Map(tree.orgs.map((o) => [o.id, o.level]));
    expect(new Set(sut.departments.map((d) => levelOf.get(d.orgId)))).toEqual(new Set(['CITY', 'DISTRICT']));
    expect(sut.departments.filter((d) => d.orgId === tree.city.id).map((d) => d.name)).toEqual(['办公室', '权益保障部', '劳动和经济工作部', '女职工部', '法律援助中心']);
    expect(new Set(sut.accounts.map((a) => a.orgId))).toEqual(new Set(tree.orgs.map((o) => o.id)));
    expect(sut.accounts.find((a) => a.subject === 'lj:lj-01')).toMatchObject({ perms: 'pii:read case:signoff programme:manage staff:manage', active: true });
    expect(sut.accounts.find((a) => a.subject === 'lj:lj-01-01-0001')).toMatchObject({ perms: '', departmentId: null });
  });

  test('the county has the 部室 that take menu orders (劳动和经济工作部, 组宣部), each with someone to take them', () => {
    const county = tree.orgs.find((o) => o.kind === 'COUNTY')!;
    const names = (org: { id: string }) => sut.departments.filter((d) => d.orgId === org.id).map((d) => d.name);
    expect(names(county)).toEqual(['办公室', '权益保障部', '女职工部', '法律援助中心', '劳动和经济工作部', '组宣部']);
    for (const d of sut.departments.filter((x) => x.orgId === county.id && ['劳动和经济工作部', '组宣部'].includes(x.name))) {
      expect(sut.accounts.filter((a) => a.departmentId === d.id)).toHaveLength(1);
    }
    // Other districts keep the four every district has.
    for (const o of tree.orgs.filter((x) => x.level === 'DISTRICT' && x.kind !== 'COUNTY')) expect(names(o)).toEqual(['办公室', '权益保障部', '女职工部', '法律援助中心']);
  });

  test('every account is granted once, with its feed row numbered from 1, and is the same on every run', () => {
    expect(new Set(sut.accounts.map((a) => a.subject)).size).toBe(sut.accounts.length);
    expect(sut.changes.map((c) => c.seq)).toEqual(sut.accounts.map((_, i) => i + 1));
    expect(sut.head.seq).toBe(sut.accounts.length);
    expect(generateDirectory(options, tree)).toEqual(sut);
  });
});
