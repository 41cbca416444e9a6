/**
 * Deterministic demo data for the members subgraph: the 临江市 union tree and its
 * members, their children, status history, transfers and QR-code join applications.
 *
 * Pure: no I/O, no clock, no Math.random(). Every value comes from a seeded PRNG and a
 * fixed reference date, so one seed always yields the same rows (ids included) on any
 * machine. Members are produced in batches so a million of them never sit in memory.
 */
import { childPath, newId } from '@lianxin/auth';
import { OrgKind, OrgLevel, type OrgRow } from '../org/org.entity';
import { piiHash, piiHashes } from '../member/member.pii';
import {
  EmploymentType,
  Gender,
  HardshipTier,
  JoinChannel,
  MembershipStatus,
  SchoolStage,
  type MemberChildRow,
  type MemberRow,
} from '../member/member.entity';
import {
  ApplicationStatus,
  TransferStatus,
  type JoinApplicationRow,
  type MemberStatusEventRow,
  type TransferRow,
} from '../membership/membership.entity';
import {
  CITY,
  COUNTY,
  DISTRICTS,
  FEMALE_GIVEN_CHARS,
  GIG_INDUSTRIES,
  INDUSTRY_FEDERATION,
  LEFT_REASONS,
  MALE_GIVEN_CHARS,
  PHONE_PREFIXES,
  REGULAR_INDUSTRIES,
  REJECT_REASONS,
  RETAINED_REASONS,
  RETURN_REASONS,
  SHARED_GIVEN_CHARS,
  SURNAMES,
  TRANSFER_REASONS,
  TRANSPORT_SECTORS,
  enterpriseUnionName,
  placeName,
  streetUnion,
  townUnion,
  unionPostName,
  zoneUnion,
  type DistrictKindName,
  type Industry,
} from './names';
import { Random, hash32 } from '@lianxin/demo-kit';
import { wholeSeconds } from '@lianxin/subgraph';

/** What to generate. The tree is districts × streetsPerDistrict × enterprisesPerStreet enterprises under one city. */
export interface SeedOptions {
  seed: number;
  /** Total members, spread over the enterprises; the generator hits it exactly. */
  members: number;
  districts: number;
  streetsPerDistrict: number;
  enterprisesPerStreet: number;
  /** 'YYYY-MM-DD'. "Today" for the data: every date lies before it, so output does not depend on the clock. */
  referenceDate: string;
}

/** The demo dataset: 2,111 orgs (1 + 10 + 100 + 2,000) and 50,000 members. */
export const DEFAULT_SEED_OPTIONS: Readonly<SeedOptions> = Object.freeze({
  seed: 20261125,
  members: 50_000,
  districts: 10,
  streetsPerDistrict: 10,
  enterprisesPerStreet: 20,
  referenceDate: '2026-11-01',
});

/** The benchmark dataset: the demo tree with 200,000 members. */
export const BENCH_SEED_OPTIONS: Readonly<SeedOptions> = Object.freeze({ ...DEFAULT_SEED_OPTIONS, members: 200_000 });

/** The actor recorded on generated status events, transfers and reviews. */
export const SEED_ACTOR = 'seed';

/** Join codes avoid 0/O and 1/I so they survive being read aloud or typed from a poster. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 8;

/** An enterprise-level org with what the member generator needs to populate it. */
export interface SeedEnterprise {
  org: OrgRow;
  districtIndex: number;
  /** Members to generate for this org; the sum over all enterprises is options.members. */
  memberCount: number;
  /** Fictional 6-digit administrative code (3399xx) of the district, the first digits of its members' ID numbers. */
  regionCode: string;
  /** Share of members who are gig workers. */
  gigShare: number;
  /** The gig type the business employs, or null for a mix of all four. */
  gigType: EmploymentType | null;
}

/** The generated org tree. Small: one row per org, parents before children. */
export interface SeedTree {
  city: OrgRow;
  orgs: OrgRow[];
  enterprises: SeedEnterprise[];
  /** The district whose join campaign brought in most gig workers (see docs/domain.md: 17,275 in one district). */
  gigHeavyDistrictId: string | null;
}

/** One slice of the member data: the members plus every row that refers to them. */
export interface MemberBatch {
  members: MemberRow[];
  children: MemberChildRow[];
  events: MemberStatusEventRow[];
  transfers: TransferRow[];
  applications: JoinApplicationRow[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** China Standard Time; dates in the data are local dates. */
const CST = 8 * HOUR;
const YEAR_DAYS = 365.2425;

/** Members joined over the last three years. */
const JOIN_WINDOW_DAYS = 1095;
/** Campaign months (days before the reference date) when joins spiked: 日过百、周过千、月达万. */
const CAMPAIGNS: readonly (readonly [number, number])[] = [[20, 50], [140, 170], [230, 260]];

const GIG_MIX: readonly (readonly [EmploymentType, number])[] = [
  [EmploymentType.DELIVERY_RIDER, 40],
  [EmploymentType.COURIER, 25],
  [EmploymentType.RIDE_HAILING_DRIVER, 25],
  [EmploymentType.LIVE_STREAMER, 10],
];
/** Share of men by employment type: riders, couriers and drivers are overwhelmingly male, streamers mostly female. */
const MALE_SHARE: Record<EmploymentType, number> = {
  [EmploymentType.REGULAR]: 0.53,
  [EmploymentType.DELIVERY_RIDER]: 0.92,
  [EmploymentType.RIDE_HAILING_DRIVER]: 0.95,
  [EmploymentType.COURIER]: 0.88,
  [EmploymentType.LIVE_STREAMER]: 0.35,
};

/** Per-member rates; small quantities are scheduled (see Quota) so small datasets still contain each case. */
const RATES = {
  retained: 0.04,
  left: 0.01,
  transferring: 0.001,
  acceptedTransfer: 0.004,
  returnedTransfer: 0.001,
  pendingApplication: 0.006,
  rejectedApplication: 0.0015,
  hardship: 0.03,
  modelWorkerRegular: 0.012,
  modelWorkerGig: 0.004,
};

function parseReferenceDate(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new Error(`referenceDate must be YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return Date.parse(`${value}T00:00:00Z`) / DAY;
}

function validate(options: SeedOptions): void {
  for (const key of ['members', 'districts', 'streetsPerDistrict', 'enterprisesPerStreet'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 0) throw new Error(`${key} must be a non-negative integer`);
  }
  if (options.districts < 1 || options.streetsPerDistrict < 1 || options.enterprisesPerStreet < 1) {
    throw new Error('The tree needs at least one district, street and enterprise');
  }
  if (!Number.isInteger(options.seed)) throw new Error('seed must be an integer');
}

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01); cached, as a million members share a few thousand days. */
const dayStrings = new Map<number, string>();
function dayString(day: number): string {
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * DAY).toISOString().slice(0, 10);
    dayStrings.set(day, text);
  }
  return text;
}
/** The local (CST) calendar day of an instant. */
const localDay = (ms: number): number => Math.floor((ms + CST) / DAY);
/** An instant on a local day, between two local hours; whole seconds, so the generated rows read back unchanged. */
const atLocalTime = (rng: Random, day: number, fromHour: number, toHour: number): Date =>
  wholeSeconds(day * DAY - CST + rng.float(fromHour, toHour) * HOUR);
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of a national ID number (GB 11643). */
export function idNumberCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ID_WEIGHTS[i] * (first17.charCodeAt(i) - 48);
  return ID_CHECK[sum % 11];
}

/**
 * Hands out unique ID numbers. The 3-digit sequence of each (region, birth date, gender)
 * walks a fixed permutation of the 499 sequences of the right parity, so numbers look
 * scattered yet can never repeat, without keeping every issued number in memory.
 */
export class IdNumberAllocator {
  private readonly issued = new Map<string, number>();

  /** A fresh ID number, or null when all 499 sequences of that birth date are taken. */
  allocate(regionCode: string, birthDay: number, gender: Gender): string | null {
    const key = regionCode + dayString(birthDay).replaceAll('-', '') + (gender === Gender.MALE ? '1' : '0');
    const n = this.issued.get(key) ?? 0;
    if (n >= 499) return null;
    this.issued.set(key, n + 1);
    // 499 is prime, so n -> n * 397 + offset is a bijection on 0..498.
    const k = (n * 397 + hash32(key)) % 499;
    // Odd sequence for men, even for women (GB 11643); 000 is never issued.
    const sequence = gender === Gender.MALE ? 2 * k + 1 : 2 * k + 2;
    const first17 = key.slice(0, 14) + pad(sequence, 3);
    return first17 + idNumberCheckDigit(first17);
  }
}

/**
 * School stages plausible for a child born on `birthDate`, as of `onDate` (both
 * 'YYYY-MM-DD'). Chinese schools enrol by age on 31 August: 6 starts primary school.
 */
export function schoolStageOptions(birthDate: string, onDate: string): SchoolStage[] {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [oy, om] = onDate.split('-').map(Number);
  const schoolYear = om >= 9 ? oy : oy - 1;
  const bornAfterCutoff = bm > 8 || (bm === 8 && bd > 31);
  const gradeAge = schoolYear - by - (bornAfterCutoff ? 1 : 0);
  if (gradeAge < 3) return [SchoolStage.NONE];
  if (gradeAge < 6) return [SchoolStage.PRESCHOOL];
  if (gradeAge < 12) return [SchoolStage.PRIMARY];
  if (gradeAge < 15) return [SchoolStage.JUNIOR_HIGH];
  if (gradeAge < 18) return [SchoolStage.SENIOR_HIGH, SchoolStage.VOCATIONAL];
  if (gradeAge < 22) return [SchoolStage.UNIVERSITY, SchoolStage.VOCATIONAL, SchoolStage.NONE];
  return [SchoolStage.NONE];
}

/**
 * Spreads `total` occurrences evenly over `n` steps, so scheduled cases (transfers,
 * applications) appear at an exact count and also in datasets of a few hundred members.
 */
class Quota {
  owed = 0;
  constructor(
    private readonly total: number,
    private readonly steps: number,
  ) {}
  /** Adds what step i (0-based) brings due. */
  advance(i: number): void {
    if (this.steps === 0) return;
    // Due at the start of each interval, so a case owed to a member who cannot take it (too
    // recent to have transferred) still finds one before the data ends.
    this.owed += Math.ceil(((i + 1) * this.total) / this.steps) - Math.ceil((i * this.total) / this.steps);
  }
  take(): boolean {
    if (this.owed <= 0) return false;
    this.owed--;
    return true;
  }
}

/** A rate turned into a count; at least one whenever there are members, so every case appears in small datasets. */
const scheduled = (members: number, rate: number): number => (members === 0 ? 0 : Math.max(1, Math.round(members * rate)));

/**
 * Splits `total` over weights exactly (largest remainder), giving every slot at least
 * one when there is enough to go round, so no enterprise union is empty.
 */
function apportion(total: number, weights: number[]): number[] {
  const floor = total >= weights.length * 3 ? 1 : 0;
  const rest = total - floor * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const counts = exact.map((x) => floor + Math.floor(x));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) counts[order[j][1]]++;
  return counts;
}

interface DistrictPlan {
  kind: DistrictKindName;
  short: string;
  union: string;
}

function planDistricts(rng: Random, count: number, places: Set<string>): DistrictPlan[] {
  const plans: DistrictPlan[] = [];
  // The county and the industry federation take the last two slots once there is room for urban districts too.
  const special = count >= 3 ? 2 : 0;
  for (let i = 0; i < count - special; i++) {
    if (i < DISTRICTS.length) {
      plans.push({ ...DISTRICTS[i] });
      places.add(DISTRICTS[i].short.slice(0, 2));
      continue;
    }
    let place = placeName(rng);
    while (places.has(place)) place = placeName(rng);
    places.add(place);
    plans.push({ kind: 'DISTRICT', short: `${place}区`, union: `${CITY.name}${place}区总工会` });
  }
  if (special) plans.push({ ...COUNTY }, { ...INDUSTRY_FEDERATION });
  return plans;
}

/**
 * The org tree: 临江市总工会 → districts → streets/towns/zones → enterprise unions and
 * union posts, each with a unique code, path and join code, plus the member count and
 * workforce profile of every enterprise.
 */
export function generateOrgs(options: SeedOptions): SeedTree {
  validate(options);
  const rng = new Random(options.seed, 'orgs');
  const idRng = new Random(options.seed, 'org-ids');
  const refDay = parseReferenceDate(options.referenceDate);
  // The tree was set up before the first member joined, top-down.
  const setupDay = refDay - JOIN_WINDOW_DAYS - 60;

  const orgs: OrgRow[] = [];
  const names = new Set<string>();
  const joinCodes = new Set<string>();
  const places = new Set<string>();

  const uniqueName = (make: () => string): string => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = make();
      if (!names.has(name)) {
        names.add(name);
        return name;
      }
    }
    // A very large tree can exhaust the name space of one street; number the rest.
    const base = make();
    let n = 2;
    while (names.has(`${base}（${n}）`)) n++;
    names.add(`${base}（${n}）`);
    return `${base}（${n}）`;
  };
  const uniquePlace = (): string => {
    let place = placeName(rng);
    for (let attempt = 0; places.has(place) && attempt < 50; attempt++) place = placeName(rng);
    places.add(place);
    return place;
  };
  const org = (parent: OrgRow | null, level: OrgLevel, kind: OrgKind, code: string, name: string, createdAt: Date): OrgRow => {
    const id = newId(createdAt.getTime(), idRng.bytes(10));
    let joinCode = rng.string(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH);
    while (joinCodes.has(joinCode)) joinCode = rng.string(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH);
    joinCodes.add(joinCode);
    const row: OrgRow = { id, parentId: parent?.id ?? null, level, kind, code, name, path: childPath(parent?.path ?? null, id), joinCode, createdAt, closedAt: null, mergedIntoId: null, version: 1 };
    orgs.push(row);
    return row;
  };

  const city = org(null, OrgLevel.CITY, OrgKind.CITY_FEDERATION, CITY.code, uniqueName(() => CITY.union), atLocalTime(rng, setupDay - 40, 9, 11));
  const enterprises: SeedEnterprise[] = [];
  const weights: number[] = [];
  const districtPlans = planDistricts(rng, options.districts, places);
  const gigHeavyIndex = districtPlans.findIndex((d) => d.kind === 'DISTRICT');
  let gigHeavyDistrict: OrgRow | null = null;
  const regularIndustry = rng.picker(REGULAR_INDUSTRIES.map((x) => [x, x.weight] as const));
  const gigIndustry = rng.picker(GIG_INDUSTRIES.map((x) => [x, x.weight] as const));

  for (const [d, plan] of districtPlans.entries()) {
    const districtCode = `${CITY.code}-${pad(d + 1, 2)}`;
    const districtKind = OrgKind[plan.kind];
    const district = org(city, OrgLevel.DISTRICT, districtKind, districtCode, uniqueName(() => plan.union), atLocalTime(rng, setupDay - 30 + (d % 10), 9, 17));
    const regionCode = `3399${pad((d % 99) + 1, 2)}`;
    const gigHeavy = d === gigHeavyIndex;
    if (gigHeavy) gigHeavyDistrict = district;

    for (let s = 0; s < options.streetsPerDistrict; s++) {
      const streetCode = `${districtCode}-${pad(s + 1, 2)}`;
      const isLast = s === options.streetsPerDistrict - 1 && options.streetsPerDistrict >= 3;
      let kind: OrgKind;
      let name: string;
      let place: string;
      let sector: (typeof TRANSPORT_SECTORS)[number] | null = null;
      if (plan.kind === 'INDUSTRY_FEDERATION') {
        // Branch unions of the transport federation sit at street level; they are unions of a sector, not of a place.
        kind = OrgKind.STREET;
        const branch = TRANSPORT_SECTORS[s % TRANSPORT_SECTORS.length];
        const firstRound = s < TRANSPORT_SECTORS.length;
        sector = branch;
        place = uniquePlace();
        name = uniqueName(() => (firstRound ? branch.union : `${branch.union}${place}分会`));
      } else if (isLast) {
        kind = OrgKind.DEVELOPMENT_ZONE;
        place = uniquePlace();
        name = uniqueName(() => zoneUnion(plan.short, plan.kind === 'COUNTY'));
      } else if (plan.kind === 'COUNTY') {
        kind = s === 0 ? OrgKind.STREET : OrgKind.TOWN;
        place = s === 0 && !places.has('城关') ? '城关' : uniquePlace();
        places.add(place);
        name = uniqueName(() => (kind === OrgKind.STREET ? streetUnion(place) : townUnion(place)));
      } else {
        // Urban districts: streets in the centre, a few towns at the edge.
        kind = s < Math.ceil(options.streetsPerDistrict * 0.7) ? OrgKind.STREET : OrgKind.TOWN;
        place = uniquePlace();
        name = uniqueName(() => (kind === OrgKind.STREET ? streetUnion(place) : townUnion(place)));
      }
      const street = org(district, OrgLevel.STREET, kind, streetCode, name, atLocalTime(rng, setupDay - 20 + (s % 10), 9, 17));

      for (let e = 0; e < options.enterprisesPerStreet; e++) {
        const code = `${streetCode}-${pad(e + 1, 4)}`;
        const createdAt = atLocalTime(rng, setupDay - 10 + rng.int(0, 9), 9, 17);
        let weight = Math.exp(rng.normal(0, 1.1));
        if (gigHeavy) weight *= 2.2;
        if (rng.chance(0.05)) {
          const post = org(street, OrgLevel.ENTERPRISE, OrgKind.UNION_POST, code, uniqueName(() => unionPostName(rng, place)), createdAt);
          // A post (驿站) is where riders and couriers rest, and where many of them join.
          enterprises.push({ org: post, districtIndex: d, memberCount: 0, regionCode, gigShare: 0.8, gigType: null });
          weights.push(weight * 0.4);
          continue;
        }
        let industry: Industry;
        if (sector) industry = rng.weighted(sector.industries.map((x) => [x, x.weight] as const));
        else industry = rng.chance(gigHeavy ? 0.6 : 0.09) ? gigIndustry() : regularIndustry();
        const row = org(street, OrgLevel.ENTERPRISE, OrgKind.ENTERPRISE, code, uniqueName(() => enterpriseUnionName(rng, industry, plan.short)), createdAt);
        // Platforms and their contractors are large employers.
        if (industry.gig && industry.gig.share >= 0.5) weight *= 1.5;
        enterprises.push({
          org: row,
          districtIndex: d,
          memberCount: 0,
          regionCode,
          gigShare: industry.gig?.share ?? 0.03,
          gigType: industry.gig?.type ?? null,
        });
        weights.push(weight);
      }
    }
  }

  const counts = apportion(options.members, weights);
  enterprises.forEach((e, i) => (e.memberCount = counts[i]));
  return { city, orgs, enterprises, gigHeavyDistrictId: gigHeavyDistrict?.id ?? null };
}

interface Person {
  surname: string;
  name: string;
  gender: Gender;
  birthDay: number;
  idNumber: string;
  phone: string;
}

/**
 * The members of the tree, with their children, status events, transfers and join
 * applications, in batches of about `batchSize` members. The whole sequence depends only
 * on the options and the tree; consume it in order.
 */
export function* generateMembers(options: SeedOptions, tree: SeedTree, batchSize = 1000): Generator<MemberBatch> {
  validate(options);
  const rng = new Random(options.seed, 'members');
  const idRng = new Random(options.seed, 'member-ids');
  const refDay = parseReferenceDate(options.referenceDate);
  const ids = new IdNumberAllocator();
  // Ids carry the row's own time, as rows written by the service do, so they sort by creation.
  const newRowId = (at: Date): string => newId(at.getTime(), idRng.bytes(10));

  const total = tree.enterprises.reduce((n, e) => n + e.memberCount, 0);
  const canTransfer = tree.enterprises.length >= 2;
  const quotas = {
    transferring: new Quota(canTransfer ? scheduled(total, RATES.transferring) : 0, total),
    accepted: new Quota(canTransfer ? scheduled(total, RATES.acceptedTransfer) : 0, total),
    returned: new Quota(canTransfer ? scheduled(total, RATES.returnedTransfer) : 0, total),
    pending: new Quota(scheduled(total, RATES.pendingApplication), total),
    rejected: new Quota(scheduled(total, RATES.rejectedApplication), total),
  };

  const surname = rng.picker(SURNAMES);
  const gigMix = rng.picker(GIG_MIX);
  const hardshipTier = rng.picker([[HardshipTier.GENERAL, 80], [HardshipTier.DEEP, 12], [HardshipTier.ACCIDENT, 8]] as const);
  const retainedReason = rng.picker(RETAINED_REASONS);
  const leftReason = rng.picker(LEFT_REASONS);
  const byDistrict = new Map<number, SeedEnterprise[]>();
  for (const e of tree.enterprises) {
    if (!byDistrict.has(e.districtIndex)) byDistrict.set(e.districtIndex, []);
    byDistrict.get(e.districtIndex)!.push(e);
  }

  const givenName = (gender: Gender, twoCharShare: number): string => {
    const pool = gender === Gender.MALE ? MALE_GIVEN_CHARS : FEMALE_GIVEN_CHARS;
    const first = rng.chance(0.1) ? rng.pick(SHARED_GIVEN_CHARS) : rng.pick(pool);
    return rng.chance(twoCharShare) ? first + rng.pick(pool) : rng.pick(pool);
  };
  const phone = (): string => rng.pick(PHONE_PREFIXES) + pad(rng.int(0, 99_999_999), 8);
  const employmentFor = (e: SeedEnterprise): EmploymentType => {
    if (!rng.chance(e.gigShare)) return EmploymentType.REGULAR;
    return e.gigType && rng.chance(0.9) ? e.gigType : gigMix();
  };
  /** Age in years on the reference date; retirees are past the (pre-2025) retirement ages. */
  const ageFor = (type: EmploymentType, gender: Gender, retired: boolean): number => {
    if (retired) return gender === Gender.MALE ? rng.float(60, 65) : rng.float(50, 58);
    const [mean, sd, max] = type === EmploymentType.REGULAR ? [39, 10, 59] : [32, 7, 55];
    // 21+ on the reference date: 18+ on any join date in the three-year window.
    return Math.min(max, Math.max(21.1, rng.normal(mean, sd)));
  };
  const person = (e: SeedEnterprise, type: EmploymentType, retired = false): Person => {
    const gender = rng.chance(MALE_SHARE[type]) ? Gender.MALE : Gender.FEMALE;
    let birthDay = refDay - Math.floor(ageFor(type, gender, retired) * YEAR_DAYS);
    let idNumber = ids.allocate(e.regionCode, birthDay, gender);
    // A birth date whose 499 sequences are used up: a day earlier keeps every age rule.
    while (idNumber === null) idNumber = ids.allocate(e.regionCode, --birthDay, gender);
    const family = surname();
    return { surname: family, name: family + givenName(gender, 0.75), gender, birthDay, idNumber, phone: phone() };
  };
  const joinDay = (type: EmploymentType): number => {
    // Campaigns targeted the new employment forms, so gig workers joined more recently.
    if (!rng.chance(type === EmploymentType.REGULAR ? 0.42 : 0.7)) return refDay - rng.int(366, JOIN_WINDOW_DAYS);
    if (rng.chance(0.35)) {
      const [from, to] = rng.pick(CAMPAIGNS);
      return refDay - rng.int(from, to);
    }
    return refDay - rng.int(1, 365);
  };
  const otherEnterprise = (e: SeedEnterprise): SeedEnterprise => {
    const near = byDistrict.get(e.districtIndex)!;
    const pool = near.length >= 2 && rng.chance(0.6) ? near : tree.enterprises;
    let target = rng.pick(pool);
    while (target === e) target = rng.pick(pool);
    return target;
  };
  /**
   * Office hours on a day in [fromDay, toDay), and after `notBefore`: staff act on a
   * member only once the member exists, and before the reference date.
   */
  const between = (notBefore: Date, fromDay: number, toDay: number): Date => {
    const first = Math.min(Math.max(fromDay, localDay(notBefore.getTime())), toDay - 1);
    const at = atLocalTime(rng, rng.int(first, toDay - 1), 8.5, 18);
    return at > notBefore ? at : wholeSeconds(notBefore.getTime() + rng.int(10 * 60_000, 2 * HOUR));
  };
  const event = (memberId: string, orgPath: string, from: MembershipStatus | null, to: MembershipStatus, reason: string | null, at: Date): MemberStatusEventRow => ({
    id: newRowId(at),
    memberId,
    orgPath,
    fromStatus: from,
    toStatus: to,
    reason,
    actorSub: SEED_ACTOR,
    at,
  });
  const transfer = (member: MemberRow, from: SeedEnterprise, to: SeedEnterprise, status: TransferStatus, requestedAt: Date, decidedAt: Date | null, returnReason: string | null): TransferRow => ({
    id: newRowId(requestedAt),
    memberId: member.id,
    // What the receiving org sees before the member is theirs: the surname only.
    memberName: member.name[0] + '*'.repeat(member.name.length - 1),
    fromOrgId: from.org.id,
    fromPath: from.org.path,
    toOrgId: to.org.id,
    toPath: to.org.path,
    status,
    openKey: status === TransferStatus.REQUESTED ? member.id : null,
    reason: rng.pick(TRANSFER_REASONS),
    returnReason,
    requestedBy: SEED_ACTOR,
    requestedAt,
    decidedBy: decidedAt ? SEED_ACTOR : null,
    decidedAt,
  });
  const application = (e: SeedEnterprise, p: Person, type: EmploymentType, status: ApplicationStatus, createdAt: Date, reviewedAt: Date | null, memberId: string | null): JoinApplicationRow => ({
    id: newRowId(createdAt),
    orgId: e.org.id,
    orgPath: e.org.path,
    name: p.name,
    gender: p.gender,
    birthDate: dayString(p.birthDay),
    idNumber: p.idNumber,
    pendingKey: status === ApplicationStatus.PENDING ? piiHash('idNumber', p.idNumber) : null,
    phone: p.phone,
    employmentType: type,
    status,
    rejectReason: status === ApplicationStatus.REJECTED ? rng.pick(REJECT_REASONS) : null,
    memberId,
    createdAt,
    reviewedAt,
    reviewedBy: reviewedAt ? SEED_ACTOR : null,
  });
  const children = (member: MemberRow, p: Person, out: MemberChildRow[]): void => {
    const parentAge = (refDay - p.birthDay) / YEAR_DAYS;
    // Children are recorded for education aid, so only those up to university age.
    const oldest = Math.min(22, parentAge - 22);
    if (oldest < 0.5) return;
    if (!rng.chance(parentAge < 28 ? 0.12 : parentAge <= 50 ? 0.25 : 0.1)) return;
    const ages = [rng.float(0.3, oldest)];
    if (rng.chance(0.3) && ages[0] > 2) ages.push(Math.max(0.2, ages[0] - rng.float(1.5, 8)));
    for (const age of ages) {
      const gender = rng.chance(0.51) ? Gender.MALE : Gender.FEMALE;
      // Children usually take the father's surname.
      const family = p.gender === Gender.MALE || rng.chance(0.2) ? p.surname : surname();
      const birthDate = dayString(refDay - Math.floor(age * YEAR_DAYS));
      const stages = schoolStageOptions(birthDate, options.referenceDate);
      out.push({
        id: newRowId(member.createdAt),
        memberId: member.id,
        name: family + givenName(gender, 0.85),
        gender,
        birthDate,
        schoolStage: stages.length === 1 || rng.chance(0.75) ? stages[0] : rng.pick(stages.slice(1)),
      });
    }
  };

  let batch: MemberBatch = { members: [], children: [], events: [], transfers: [], applications: [] };
  let index = 0;
  for (const e of tree.enterprises) {
    for (let k = 0; k < e.memberCount; k++, index++) {
      for (const q of Object.values(quotas)) q.advance(index);

      const type = employmentFor(e);
      let status: MembershipStatus = MembershipStatus.ACTIVE;
      let statusReason: string | null = null;
      if (quotas.transferring.take()) status = MembershipStatus.TRANSFERRING;
      else if (rng.chance(RATES.retained)) [status, statusReason] = [MembershipStatus.RETAINED, retainedReason()];
      else if (rng.chance(RATES.left / (1 - RATES.retained))) [status, statusReason] = [MembershipStatus.LEFT, leftReason()];

      const p = person(e, type, statusReason === '退休');
      const joined = joinDay(type);
      const createdAt = atLocalTime(rng, joined, 8.5, 18);
      const hardship = rng.chance(RATES.hardship);
      const member: MemberRow = {
        id: newRowId(createdAt),
        orgId: e.org.id,
        orgPath: e.org.path,
        name: p.name,
        gender: p.gender,
        birthDate: dayString(p.birthDay),
        idNumber: p.idNumber,
        phone: p.phone,
        ...piiHashes(p),
        employmentType: type,
        modelWorker: rng.chance(type === EmploymentType.REGULAR ? RATES.modelWorkerRegular : RATES.modelWorkerGig),
        hardshipTier: hardship ? hardshipTier() : null,
        hardshipReviewedOn: hardship ? dayString(rng.int(Math.max(joined, refDay - 365), refDay - 1)) : null,
        status,
        statusReason,
        joinChannel: rng.chance(type === EmploymentType.REGULAR ? (joined > refDay - 365 ? 0.35 : 0.15) : 0.85) ? JoinChannel.QR_CODE : JoinChannel.ENROLLED,
        joinedOn: dayString(joined),
        createdAt,
        version: 1,
        factsVersion: 0,
      };
      batch.members.push(member);
      children(member, p, batch.children);

      let transferredIn = false;
      if (status === MembershipStatus.RETAINED || status === MembershipStatus.LEFT) {
        batch.events.push(event(member.id, member.orgPath, MembershipStatus.ACTIVE, status, statusReason, between(createdAt, joined + 1, refDay)));
      } else if (status === MembershipStatus.TRANSFERRING) {
        const requestedAt = between(createdAt, refDay - 14, refDay);
        batch.transfers.push(transfer(member, e, otherEnterprise(e), TransferStatus.REQUESTED, requestedAt, null, null));
        batch.events.push(event(member.id, member.orgPath, MembershipStatus.ACTIVE, MembershipStatus.TRANSFERRING, null, requestedAt));
      } else if (joined <= refDay - 45 && (quotas.accepted.owed > 0 || quotas.returned.owed > 0)) {
        // Completed transfers: in from another org (accepted), or out and sent back (returned).
        const requestedAt = between(createdAt, joined + 7, refDay - 6);
        const decidedAt = wholeSeconds(requestedAt.getTime() + rng.int(2 * HOUR, 5 * DAY));
        if (quotas.accepted.take()) {
          transferredIn = true;
          const from = otherEnterprise(e);
          batch.transfers.push(transfer(member, from, e, TransferStatus.ACCEPTED, requestedAt, decidedAt, null));
          batch.events.push(event(member.id, from.org.path, MembershipStatus.ACTIVE, MembershipStatus.TRANSFERRING, null, requestedAt));
          batch.events.push(event(member.id, member.orgPath, MembershipStatus.TRANSFERRING, MembershipStatus.ACTIVE, null, decidedAt));
        } else if (quotas.returned.take()) {
          const returnReason = rng.pick(RETURN_REASONS);
          batch.transfers.push(transfer(member, e, otherEnterprise(e), TransferStatus.RETURNED, requestedAt, decidedAt, returnReason));
          batch.events.push(event(member.id, member.orgPath, MembershipStatus.ACTIVE, MembershipStatus.TRANSFERRING, null, requestedAt));
          batch.events.push(event(member.id, member.orgPath, MembershipStatus.TRANSFERRING, MembershipStatus.ACTIVE, returnReason, decidedAt));
        }
      }

      // Recent QR-code joins keep the application staff approved.
      if (member.joinChannel === JoinChannel.QR_CODE && joined > refDay - 60 && !transferredIn) {
        const appliedAt = wholeSeconds(createdAt.getTime() - rng.int(10 * 60_000, 48 * HOUR));
        batch.applications.push(application(e, p, type, ApplicationStatus.APPROVED, appliedAt, createdAt, member.id));
      }
      while (quotas.pending.take()) {
        const applicantType = rng.chance(0.6) ? employmentFor({ ...e, gigShare: Math.max(e.gigShare, 0.5) }) : employmentFor(e);
        const appliedAt = wholeSeconds((refDay - rng.float(0.05, 30)) * DAY);
        batch.applications.push(application(e, person(e, applicantType), applicantType, ApplicationStatus.PENDING, appliedAt, null, null));
      }
      while (quotas.rejected.take()) {
        const applicantType = employmentFor(e);
        const appliedAt = wholeSeconds((refDay - rng.float(3, 400)) * DAY);
        const reviewedAt = wholeSeconds(appliedAt.getTime() + rng.int(HOUR, 3 * DAY));
        batch.applications.push(application(e, person(e, applicantType), applicantType, ApplicationStatus.REJECTED, appliedAt, reviewedAt, null));
      }

      if (batch.members.length >= batchSize) {
        yield batch;
        batch = { members: [], children: [], events: [], transfers: [], applications: [] };
      }
    }
  }
  if (batch.members.length) yield batch;
}
