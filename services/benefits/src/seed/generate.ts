/**
 * Deterministic demo data for the benefits subgraph over a given org tree and member list
 * (the members subgraph's, handed in as plain arrays: a subgraph never reads another's
 * tables). Pure: no I/O, no clock, no Math.random(); one seed and input give the same
 * rows, ids included.
 *
 * The rows are what the services would have stored had the history been played through
 * the API: rules go through checkRules() and the same sensitivity test as
 * createProgramme(); voucher expiries come from expiryOf(); and the counters the services
 * keep are kept here too — every allocation's `used` counts the live (issued or
 * redeemed) vouchers and the awards taken from it, `spent_cents` the awards and the care
 * batches funded from it, `allocated_to_children`/`budget_to_children` the shares carved
 * out of it; a live voucher holds its per-member limit slot (`limit_key`), a redeemed one
 * has exactly one redemption row from a partner serving its programme, an awarded or
 * delivered application holds the child's award key for the year, and every care batch
 * has spent exactly what its visits cost. seed.spec.ts checks all of it.
 *
 * 临江 (LJ), the demo city:
 * - 免费观影: the city's cinema tickets, one a month per member, quota shared out to every
 *   district; 6 chains and 9 cinemas redeem them (docs/domain.md's seed);
 * - 免费游泳券 for delivery riders, couriers and ride-hailing drivers, and 免费健身券, run by
 *   the first district, with a pool and a gym;
 * - 金秋助学: 500 yuan per child aged 6–22 of a hardship family, once a child a year, applied
 *   for and moving through enterprise check, district review and delivery;
 * - 困难劳模救助 (hardship model-worker aid), a health-check programme still in draft;
 * - the first district's seven care batches of the year (春节, 五一, 端午, 夏送清凉, 中秋, 国庆,
 *   冬送温暖) with their visits, reaching 9% of its members at about ¥500 a visit as the seed
 *   district did, funded from the city's care programme.
 */
import { createHash } from 'node:crypto';
import { isWithin, newId, pathIds } from '@lianxin/auth';
import { AidApplicationRow, AidEventRow, AidState } from '../grant/aid.entity';
import { CareBatchRow, CareOccasion, CareVisitRow } from '../care/care.entity';
import { chinaDate, dayEnd, dayStart, HardshipTier } from '@lianxin/members-client';
import { periodOf } from '../eligibility/eligibility.engine';
import { checkRules, type Rule } from '../rules/eligibility.rules';
import { PartnerKeyRow, PartnerKind, PartnerRow } from '../partner/partner.entity';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow, PartnerProgrammeRow } from '../programme/programme.entity';
import { ProgrammeKind, ProgrammeState } from '../programme/programme.enums';
import { isSensitive } from '../programme/programme.service';
import { newShare } from '../programme/allocation.service';
import { RedemptionRow, VoucherRow, VoucherState } from '../grant/voucher.entity';
import { expiryOf } from '../voucher/voucher.service';
import { wholeSeconds } from '@lianxin/subgraph';
import { demoPartnerKey, demoVoucherCode } from './demo-keys';
import { Random } from '@lianxin/demo-kit';

/** An org of the tree, as the members subgraph holds it. */
export interface BenefitsSeedOrg {
  id: string;
  path: string;
  code: string;
  /** CITY, DISTRICT, STREET or ENTERPRISE. */
  level: string;
  name: string;
}

export interface BenefitsSeedChild {
  id: string;
  /** YYYY-MM-DD */
  birthDate: string;
  schoolStage: string;
}

/** A member with the facts eligibility looks at (what `_memberFacts` answers). */
export interface BenefitsSeedMember {
  id: string;
  orgId: string;
  orgPath: string;
  status: string;
  employmentType: string;
  modelWorker: boolean;
  hardshipTier: string | null;
  children?: readonly BenefitsSeedChild[];
}

export interface BenefitsSeedInput {
  orgs: readonly BenefitsSeedOrg[];
  members: readonly BenefitsSeedMember[];
  /** The moment the history ends at: vouchers issued before it, open ones valid after it. */
  now: Date;
  /** The internal token secret: demo partner keys and voucher codes derive from it (demo-keys.ts). */
  internalSecret: string;
  seed?: number;
  /** Share of active members taking a cinema ticket in each month (default 0.06). */
  monthlyUptake?: number;
  /** Bench: more cinemas of the six chains, each with its own demo key, serving the city's cinema programme. */
  extraCinemas?: number;
  /** Bench: more unredeemed cinema tickets issued in the last days, one per member who has none this month. */
  openVouchers?: number;
  /** Education-aid and hardship-aid cases of the cases demo with a member: aid is opened from some of them (openAidFromCase). */
  cases?: readonly BenefitsSeedCase[];
}

/** A case of the cases demo, as the benefits demo links aid to it. */
export interface BenefitsSeedCase {
  id: string;
  number: string;
  kind: string;
  memberId: string;
  raisedAt: Date;
}

/** The partner `npm start` prints an example for. */
export interface DemoPartner {
  partnerId: string;
  partnerName: string;
  programmeId: string;
  programmeName: string;
  /** An unredeemed ticket of its programme, to check at the desk; null when none was issued. */
  voucherCode: string | null;
}

export interface BenefitsDemoRows {
  programmes: ProgrammeRow[];
  rules: ProgrammeRulesRow[];
  allocations: AllocationRow[];
  partners: PartnerRow[];
  bindings: PartnerProgrammeRow[];
  keys: PartnerKeyRow[];
  vouchers: VoucherRow[];
  redemptions: RedemptionRow[];
  careBatches: CareBatchRow[];
  careVisits: CareVisitRow[];
  aid: AidApplicationRow[];
  aidEvents: AidEventRow[];
  demo: DemoPartner;
}

export const DEFAULT_BENEFITS_SEED = 20261125;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** 金秋助学: 500 yuan of study items per child (a programme setting, docs/domain.md). */
export const EDUCATION_AID_CENTS = 50_000;
const MODEL_WORKER_AID_CENTS = 200_000;
const GIG = ['DELIVERY_RIDER', 'COURIER', 'RIDE_HAILING_DRIVER'];

/** 6 chains, 9 cinemas (docs/domain.md's seed). The workers' cultural palace cinema is the union's own, and the demo partner. */
const CINEMAS: readonly (readonly [string, readonly string[]])[] = [
  ['工人文化宫影院', ['总店']],
  ['星河影城', ['滨江店', '江北店']],
  ['金辉国际影城', ['万象城店', '高新店']],
  ['大观影院', ['老城店']],
  ['银幕时代影城', ['东湖店', '南站店']],
  ['江南电影大世界', ['南岸店']],
];

/** The partner `npm start` prints a ready-to-paste desk example for. */
export const DEMO_PARTNER_NAME = `${CINEMAS[0][0]}（${CINEMAS[0][1][0]}）`;

const pad = (n: number): string => String(n).padStart(2, '0');
const startOfDay = (day: string): number => dayStart(day).getTime();
const endOfDay = (day: string): number => dayEnd(day).getTime();
const lastDayOf = (y: number, m: number): string => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const roundUp = (v: number, step: number): number => Math.ceil(v / step) * step;
/** Share of the demo district's members its care batches reach in a year (see care()). */
const CARE_REACH = 0.09;

/** A calendar month (China time) `offset` months from `y-m`. */
function monthAt(y: number, m: number, offset: number): { y: number; m: number; first: string; last: string } {
  const index = y * 12 + (m - 1) + offset;
  const yy = Math.floor(index / 12);
  const mm = (index % 12) + 1;
  return { y: yy, m: mm, first: `${yy}-${pad(mm)}-01`, last: lastDayOf(yy, mm) };
}

/** The per-member limit the database keys a voucher's slot on (the service's keyedLimit()): the shortest period. */
function limitPeriod(rules: Rule[]): 'MONTH' | 'YEAR' | 'PROGRAMME' | null {
  const order = { MONTH: 0, YEAR: 1, PROGRAMME: 2 } as const;
  const limits = rules.filter((r): r is Extract<Rule, { type: 'perMemberLimit' }> => r.type === 'perMemberLimit' && r.per === 'MEMBER');
  limits.sort((a, b) => order[a.period] - order[b.period]);
  return limits[0]?.period ?? null;
}

/** 临江市滨江区总工会 → 滨江区; 临江市总工会 → 临江市. */
function shortName(org: BenefitsSeedOrg, city: BenefitsSeedOrg): string {
  const cityName = city.name.replace(/总工会$/, '');
  const own = org.name.replace(/总工会$/, '');
  if (org.id === city.id) return own;
  return own.startsWith(cityName) && own.length > cityName.length ? own.slice(cityName.length) : own;
}

interface ProgrammeSpec {
  owner: BenefitsSeedOrg;
  name: string;
  kind: ProgrammeKind;
  startsOn: string;
  endsOn: string;
  quota?: number | null;
  budgetCents?: number | null;
  amountCents?: number | null;
  voucherValidDays?: number | null;
  /** Every version of the rules, oldest first: rules are append-only. */
  versions: Rule[][];
  state: ProgrammeState;
}

export function generateBenefitsDemo(input: BenefitsSeedInput): BenefitsDemoRows {
  return new BenefitsDemo(input).rows();
}

class BenefitsDemo {
  private readonly now: number;
  private readonly today: string;
  private readonly seed: number;
  private readonly ids: Random;
  private readonly orgs: BenefitsSeedOrg[];
  private readonly orgById: Map<string, BenefitsSeedOrg>;
  private readonly members: BenefitsSeedMember[];
  private readonly active: BenefitsSeedMember[];
  private readonly city: BenefitsSeedOrg;
  private readonly districts: BenefitsSeedOrg[];
  /** The district whose own programmes and care batches the demo shows (the first by code, as `npm start`'s staff token). */
  private readonly d0: BenefitsSeedOrg;
  private readonly out: Omit<BenefitsDemoRows, 'demo'> = {
    programmes: [], rules: [], allocations: [], partners: [], bindings: [], keys: [], vouchers: [], redemptions: [], careBatches: [], careVisits: [], aid: [], aidEvents: [],
  };
  private readonly rulesOf = new Map<string, Rule[]>();

  constructor(private readonly input: BenefitsSeedInput) {
    this.now = input.now.getTime();
    if (!Number.isFinite(this.now)) throw new Error('now must be a valid date');
    this.today = chinaDate(input.now);
    this.seed = input.seed ?? DEFAULT_BENEFITS_SEED;
    this.ids = new Random(this.seed, 'ids');
    this.orgs = [...input.orgs].sort((a, b) => compare(a.code, b.code) || compare(a.id, b.id));
    this.orgById = new Map(this.orgs.map((o) => [o.id, o]));
    this.members = [...input.members].sort((a, b) => compare(a.id, b.id));
    this.active = this.members.filter((m) => m.status === 'ACTIVE');
    const city = this.orgs.find((o) => o.level === 'CITY');
    if (!city) throw new Error('The org tree has no CITY org to run the city\'s programmes: seed the members first.');
    this.city = city;
    this.districts = this.orgs.filter((o) => o.level === 'DISTRICT' && isWithin(o.path, city.path));
    if (!this.districts.length) throw new Error('The org tree has no DISTRICT under the city to share the programmes out to.');
    this.d0 = this.districts[0];
  }

  private id(at: number): string {
    return newId(at, this.ids.bytes(10));
  }

  private districtOf(m: BenefitsSeedMember): BenefitsSeedOrg | undefined {
    const id = pathIds(m.orgPath)[1];
    return id ? this.orgById.get(id) : undefined;
  }

  private staff(org: BenefitsSeedOrg | undefined): string {
    return `staff-${(org ?? this.city).code}`;
  }

  rows(): BenefitsDemoRows {
    const today = this.today;
    const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const cityName = shortName(this.city, this.city);
    const d0Name = shortName(this.d0, this.city);

    // Voucher programmes run on a rolling year around today, so the demo always has history and a future.
    const from = monthAt(ty, tm, -6).first;
    const to = monthAt(ty, tm, 6).last;
    const membership: Rule = { type: 'membership', status: ['ACTIVE'] };
    const cinemaQuota = Math.max(20_000, roundUp(this.active.length * 0.4, 1000)) + (this.input.openVouchers ?? 0);
    const cinema = this.programme({
      owner: this.city,
      name: `${cityName}职工免费观影（每月一张）`,
      kind: ProgrammeKind.CINEMA_VOUCHER,
      startsOn: from,
      endsOn: to,
      quota: cinemaQuota,
      voucherValidDays: 30,
      // Version 2 added the quota rule: answers since then name version 2.
      versions: [
        [membership, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }],
        [membership, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }, { type: 'quota' }],
      ],
      state: ProgrammeState.ACTIVE,
    });
    const swim = this.programme({
      owner: this.d0,
      name: `${d0Name}新就业形态劳动者免费游泳券`,
      kind: ProgrammeKind.SWIMMING_VOUCHER,
      startsOn: from,
      endsOn: to,
      quota: 3_000,
      voucherValidDays: 30,
      versions: [[membership, { type: 'employmentType', anyOf: GIG }, { type: 'perMemberLimit', count: 2, period: 'MONTH', per: 'MEMBER' }, { type: 'quota' }]],
      state: ProgrammeState.ACTIVE,
    });
    const gym = this.programme({
      owner: this.d0,
      name: `${d0Name}职工免费健身券`,
      kind: ProgrammeKind.GYM_VOUCHER,
      startsOn: from,
      endsOn: to,
      quota: 2_000,
      voucherValidDays: 30,
      versions: [[membership, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }, { type: 'quota' }]],
      state: ProgrammeState.ACTIVE,
    });

    // Aid runs by calendar year; before March the demo shows last year's (the autumn round is when it happens).
    const aidYear = today >= `${ty}-03-01` ? ty : ty - 1;
    const yearState = (y: number) => (today <= `${y}-12-31` ? ProgrammeState.ACTIVE : ProgrammeState.CLOSED);
    const awards = Math.max(1_000, roundUp(this.members.length / 50, 100));
    const education = this.programme({
      owner: this.city,
      name: `${cityName}${aidYear}年金秋助学`,
      kind: ProgrammeKind.EDUCATION_AID,
      startsOn: `${aidYear}-01-01`,
      endsOn: `${aidYear}-12-31`,
      quota: awards,
      budgetCents: awards * EDUCATION_AID_CENTS,
      amountCents: EDUCATION_AID_CENTS,
      versions: [[
        membership,
        { type: 'hardship', tiers: Object.values(HardshipTier) },
        { type: 'child', minAge: 6, maxAge: 22 },
        { type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'CHILD' },
        { type: 'quota' },
      ]],
      state: yearState(aidYear),
    });
    const modelWorkers = Math.max(100, roundUp(this.members.length / 500, 10));
    const modelWorkerAid = this.programme({
      owner: this.city,
      name: `${cityName}${aidYear}年困难劳模救助`,
      kind: ProgrammeKind.MODEL_WORKER_AID,
      startsOn: `${aidYear}-01-01`,
      endsOn: `${aidYear}-12-31`,
      quota: modelWorkers,
      budgetCents: modelWorkers * MODEL_WORKER_AID_CENTS,
      amountCents: MODEL_WORKER_AID_CENTS,
      versions: [[
        { type: 'membership', status: ['ACTIVE', 'RETAINED'] },
        { type: 'modelWorker' },
        { type: 'hardship', tiers: Object.values(HardshipTier) },
        { type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'MEMBER' },
        // Not again if another level aided them within the year.
        { type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], withinDays: 365 },
        { type: 'quota' },
      ]],
      state: yearState(aidYear),
    });
    // Drafted, not open: no clinic is contracted yet.
    this.programme({
      owner: this.city,
      name: `${cityName}网约车司机免费健康体检（三年一轮）`,
      kind: ProgrammeKind.HEALTH_CHECK,
      startsOn: `${ty}-01-01`,
      endsOn: `${ty + 2}-12-31`,
      quota: 2_000,
      voucherValidDays: 90,
      versions: [[membership, { type: 'employmentType', anyOf: ['RIDE_HAILING_DRIVER'] }, { type: 'perMemberLimit', count: 1, period: 'PROGRAMME', per: 'MEMBER' }, { type: 'quota' }]],
      state: ProgrammeState.DRAFT,
    });

    // The city keeps a tenth of its tickets and aid; the rest goes to the districts by head count.
    this.shareOut(cinema, 0.9, (d) => this.active.filter((m) => this.districtOf(m)?.id === d.id).length, 1);
    this.shareOut(education, 0.9, (d) => this.members.filter((m) => this.districtOf(m)?.id === d.id).length, EDUCATION_AID_CENTS);

    const cinemas = this.cinemas(cinema);
    const pool = this.partner(`${d0Name}全民健身中心游泳馆`, PartnerKind.POOL, this.d0, [swim]);
    const gymPartner = this.partner(`${d0Name}职工健身中心`, PartnerKind.GYM, this.d0, [gym]);

    const rate = this.input.monthlyUptake ?? 0.06;
    const inD0 = (m: BenefitsSeedMember) => isWithin(m.orgPath, this.d0.path);
    this.vouchers('cinema', cinema, this.active, 6, rate, cinemas);
    this.vouchers('swim', swim, this.active.filter((m) => inD0(m) && GIG.includes(m.employmentType)), 3, 0.25, [pool]);
    this.vouchers('gym', gym, this.active.filter(inD0), 4, 0.04, [gymPartner]);
    if (this.input.openVouchers) this.openVouchers(cinema, this.input.openVouchers);

    this.educationAid(education);
    this.aidFromCases(education, modelWorkerAid);
    this.care(cityName, d0Name);

    const demoCinema = cinemas[0];
    // The newest open ticket: valid the longest after the seed.
    const open = this.out.vouchers.filter((v) => v.programmeId === cinema.id && v.state === VoucherState.ISSUED).sort((a, b) => compare(b.id, a.id))[0];
    return {
      ...this.out,
      demo: { partnerId: demoCinema.id, partnerName: demoCinema.name, programmeId: cinema.id, programmeName: cinema.name, voucherCode: open?.code ?? null },
    };
  }

  /* ---------- programmes and shares ---------- */

  private programme(spec: ProgrammeSpec): ProgrammeRow {
    // Created ten days before it starts (or an hour ago, for one starting today), at 09:00 Beijing.
    const createdAt = wholeSeconds(Math.min(this.now - HOUR, startOfDay(spec.startsOn) - 10 * DAY + 9 * HOUR));
    const parsed = spec.versions.map((v) => checkRules({ requires: v }));
    const id = this.id(createdAt.getTime());
    const row = Object.assign(new ProgrammeRow(), {
      id,
      orgId: spec.owner.id,
      orgPath: spec.owner.path,
      name: spec.name,
      kind: spec.kind,
      // Sensitivity only ever grows: any version that was sensitive makes it sensitive for good.
      sensitive: parsed.some((rules) => isSensitive(spec.kind, rules)),
      startsOn: spec.startsOn,
      endsOn: spec.endsOn,
      quota: spec.quota ?? null,
      budgetCents: spec.budgetCents ?? null,
      amountCents: spec.amountCents ?? null,
      voucherValidDays: spec.voucherValidDays ?? null,
      rulesVersion: parsed.length,
      state: spec.state,
      createdBy: this.staff(spec.owner),
      createdAt,
      // One bump per later rules version and per state move; partner bindings add theirs.
      version: 1 + (parsed.length - 1) + (spec.state === ProgrammeState.DRAFT ? 0 : spec.state === ProgrammeState.ACTIVE ? 1 : 2),
    });
    parsed.forEach((rules, i) => {
      this.out.rules.push(
        Object.assign(new ProgrammeRulesRow(), {
          programmeId: id,
          version: i + 1,
          rules: JSON.stringify(rules),
          createdBy: row.createdBy,
          createdAt: wholeSeconds(Math.min(this.now - HOUR, createdAt.getTime() + i * 2 * DAY)),
        }),
      );
    });
    this.rulesOf.set(id, parsed[parsed.length - 1].requires);
    this.out.programmes.push(row);
    this.out.allocations.push(this.allocation(row, spec.owner, null, row.quota, row.budgetCents));
    return row;
  }

  private allocation(p: ProgrammeRow, org: BenefitsSeedOrg, parent: AllocationRow | null, quota: number | null, budgetCents: number | null): AllocationRow {
    return newShare({ id: this.id(p.createdAt.getTime()), programmeId: p.id, org, parentId: parent?.id ?? null, quota, budgetCents });
  }

  private rootOf(p: ProgrammeRow): AllocationRow {
    return this.out.allocations.find((a) => a.programmeId === p.id && a.parentId === null)!;
  }

  /** Carves `share` of the root out to the districts in proportion to `weight`, as allocate() would, unit amounts costing `unitCents` each. */
  private shareOut(p: ProgrammeRow, share: number, weight: (d: BenefitsSeedOrg) => number, unitCents: number): void {
    const root = this.rootOf(p);
    const weights = this.districts.map(weight);
    const sum = weights.reduce((a, b) => a + b, 0);
    this.districts.forEach((d, i) => {
      // By weight; evenly when nothing weighs (a tree without members yet).
      const quota = Math.floor((p.quota ?? 0) * share * (sum > 0 ? weights[i] / sum : 1 / weights.length));
      const budget = p.budgetCents === null ? null : quota * unitCents;
      const child = this.allocation(p, d, root, p.quota === null ? null : quota, budget);
      this.out.allocations.push(child);
      root.allocatedToChildren += child.quota ?? 0;
      root.budgetToChildren += child.budgetCents ?? 0;
      root.version++;
    });
  }

  /** The deepest share covering an org path: the one a member there claims from (nearestAllocation()). */
  private nearest(p: ProgrammeRow, orgPath: string): AllocationRow | null {
    let best: AllocationRow | null = null;
    for (const a of this.out.allocations) {
      if (a.programmeId === p.id && isWithin(orgPath, a.orgPath) && (!best || a.orgPath.length > best.orgPath.length)) best = a;
    }
    return best;
  }

  /** takeFromAllocation(): one unit and `cents`, only if both fit. */
  private take(a: AllocationRow, units: number, cents: number): boolean {
    if (a.quota !== null && a.used + a.allocatedToChildren + units > a.quota) return false;
    if (a.budgetCents !== null && a.spentCents + a.budgetToChildren + cents > a.budgetCents) return false;
    a.used += units;
    a.spentCents += cents;
    a.version++;
    return true;
  }

  /* ---------- partners ---------- */

  private partner(name: string, kind: PartnerKind, org: BenefitsSeedOrg, serves: ProgrammeRow[]): PartnerRow {
    const createdAt = wholeSeconds(Math.min(this.now - HOUR, Math.max(...serves.map((p) => p.createdAt.getTime())) + 2 * DAY));
    const row = Object.assign(new PartnerRow(), { id: this.id(createdAt.getTime()), name, kind, orgId: org.id, orgPath: org.path, active: true, createdAt });
    this.out.partners.push(row);
    for (const p of serves) {
      // Never a sensitive programme: that would tell the venue who gets hardship or aid.
      if (p.sensitive) throw new Error(`demo seed: ${p.name} is sensitive and cannot be bound to ${name}`);
      this.out.bindings.push(Object.assign(new PartnerProgrammeRow(), { partnerId: row.id, programmeId: p.id }));
      p.version++;
    }
    const key = demoPartnerKey(this.input.internalSecret, row.id);
    this.out.keys.push(Object.assign(new PartnerKeyRow(), { id: this.id(createdAt.getTime()), partnerId: row.id, prefix: key.prefix, hash: key.hash, createdAt, revokedAt: null }));
    return row;
  }

  private cinemas(p: ProgrammeRow): PartnerRow[] {
    const rows: PartnerRow[] = [];
    for (const [chain, branches] of CINEMAS) for (const branch of branches) rows.push(this.partner(`${chain}（${branch}）`, PartnerKind.CINEMA, this.city, [p]));
    const extra = this.input.extraCinemas ?? 0;
    for (let i = 0; i < extra; i++) {
      const chain = CINEMAS[1 + (i % (CINEMAS.length - 1))][0];
      const district = this.districts[Math.floor(i / (CINEMAS.length - 1)) % this.districts.length];
      const n = Math.floor(i / ((CINEMAS.length - 1) * this.districts.length)) + 1;
      rows.push(this.partner(`${chain}（${shortName(district, this.city)}${n}号店）`, PartnerKind.CINEMA, this.city, [p]));
    }
    return rows;
  }

  /* ---------- vouchers ---------- */

  /**
   * `months` months of claims up to today: each member takes one with probability `rate`
   * a month, from their nearest share while it has units left. Old ones were redeemed,
   * expired or cancelled; this month's are mostly still open.
   */
  private vouchers(stream: string, p: ProgrammeRow, members: BenefitsSeedMember[], months: number, rate: number, partners: PartnerRow[]): void {
    const rng = new Random(this.seed, `vouchers:${stream}`);
    const [ty, tm] = [Number(this.today.slice(0, 4)), Number(this.today.slice(5, 7))];
    for (let offset = -(months - 1); offset <= 0; offset++) {
      const month = monthAt(ty, tm, offset);
      // After the partners were bound (two days after the programme was made), so every redemption has its partner.
      const lo = Math.max(startOfDay(month.first), startOfDay(p.startsOn), p.createdAt.getTime() + 3 * DAY);
      const hi = Math.min(endOfDay(month.last), endOfDay(p.endsOn), this.now - MINUTE);
      if (hi <= lo) continue;
      for (const m of members) {
        if (!rng.chance(rate)) continue;
        this.voucher(rng, p, m, rng.between(lo, hi), partners, null);
      }
    }
  }

  /** Bench: `count` more open tickets issued in the last three days to members holding none this month. */
  private openVouchers(p: ProgrammeRow, count: number): void {
    const rng = new Random(this.seed, 'vouchers:open');
    const monthKey = periodOf('MONTH', new Date(this.now)).key;
    const holding = new Set(this.out.vouchers.filter((v) => v.programmeId === p.id && periodOf('MONTH', v.issuedAt).key === monthKey).map((v) => v.memberId));
    const lo = Math.max(startOfDay(`${monthKey}-01`), this.now - 3 * DAY, p.createdAt.getTime() + 3 * DAY);
    const hi = this.now - MINUTE;
    let issued = 0;
    for (const m of rng.shuffled(this.active)) {
      if (issued >= count) break;
      if (holding.has(m.id) || hi <= lo) continue;
      if (this.voucher(rng, p, m, rng.between(lo, hi), [], VoucherState.ISSUED)) issued++;
    }
  }

  private voucher(rng: Random, p: ProgrammeRow, m: BenefitsSeedMember, at: number, partners: PartnerRow[], forced: VoucherState | null): VoucherRow | null {
    const share = this.nearest(p, m.orgPath);
    // No units left where the member claims: the service answers QUOTA_EXHAUSTED and writes nothing.
    if (!share || (share.quota !== null && share.used + share.allocatedToChildren + 1 > share.quota)) return null;
    const issuedAt = wholeSeconds(at);
    const expiresAt = expiryOf(p, issuedAt);
    // Redeemed at least half an hour after issue, before expiry and before now.
    const redeemBy = Math.min(expiresAt.getTime(), this.now) - 1000;
    const canRedeem = partners.length > 0 && redeemBy - issuedAt.getTime() > 30 * MINUTE;
    let state = forced;
    if (!state) {
      const r = rng.next();
      if (expiresAt.getTime() <= this.now) state = r < 0.78 && canRedeem ? VoucherState.REDEEMED : r < 0.96 ? VoucherState.EXPIRED : VoucherState.CANCELLED;
      else state = r < 0.45 && canRedeem ? VoucherState.REDEEMED : r < 0.95 ? VoucherState.ISSUED : VoucherState.CANCELLED;
    }
    const live = state === VoucherState.ISSUED || state === VoucherState.REDEEMED;
    if (live) this.take(share, 1, 0);
    const period = limitPeriod(this.rulesOf.get(p.id) ?? []);
    const id = this.id(issuedAt.getTime());
    const code = demoVoucherCode(this.input.internalSecret, id);
    const district = this.districtOf(m);
    const row = Object.assign(new VoucherRow(), {
      id,
      programmeId: p.id,
      memberId: m.id,
      orgId: m.orgId,
      orgPath: m.orgPath,
      allocationId: share.id,
      code,
      state,
      issuedAt,
      expiresAt,
      redeemedAt: null as Date | null,
      partnerId: null as string | null,
      // Held while the voucher counts towards the limit; the only slot, since a member takes one a period here.
      limitKey: live && period ? `${p.id}:${m.id}:${periodOf(period, issuedAt).key}:1` : null,
      // Most claim in the app; the union issues the rest at its counter.
      issuedBy: rng.chance(0.85) ? `member-${m.id}` : this.staff(district),
      version: state === VoucherState.ISSUED ? 1 : 2,
    });
    if (state === VoucherState.REDEEMED) {
      // At the desk's opening hours (10:00 to 23:00 Beijing) where the voucher's dates allow.
      const lo = issuedAt.getTime() + 30 * MINUTE;
      let at = rng.between(lo, redeemBy);
      const inHours = startOfDay(chinaDate(new Date(at))) + 10 * HOUR + rng.between(0, 13 * HOUR);
      // Past midnight, today's hours have not come yet: yesterday's, then.
      for (const t of [inHours, inHours - DAY]) {
        if (t >= lo && t <= redeemBy) {
          at = t;
          break;
        }
      }
      const redeemedAt = wholeSeconds(at);
      const partner = rng.pick(partners);
      row.redeemedAt = redeemedAt;
      row.partnerId = partner.id;
      this.out.redemptions.push(
        Object.assign(new RedemptionRow(), {
          id: this.id(redeemedAt.getTime()),
          voucherId: id,
          programmeId: p.id,
          partnerId: partner.id,
          idempotencyKey: `desk-${id}`,
          // What redeemVoucher() hashes: the same key with another code is refused.
          requestHash: createHash('sha256').update(`redeemVoucher\n${code}`).digest('hex'),
          at: redeemedAt,
        }),
      );
    }
    this.out.vouchers.push(row);
    return row;
  }

  /* ---------- education aid ---------- */

  /**
   * Applications of this year's round: hardship members' children aged 6 to 22, applied
   * for in the last three months by the member (mostly) or their union, each as far along
   * apply → enterprise check → district review → delivery as its dates allow.
   */
  private educationAid(p: ProgrammeRow): void {
    const rng = new Random(this.seed, 'aid');
    const ageOn = (birth: string): number => {
      const [by, bm, bd] = birth.split('-').map(Number);
      const [y, m, d] = this.today.split('-').map(Number);
      return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
    };
    type Fate = 'APPLIED' | 'CHECKED' | 'REJECTED_AT_CHECK' | 'REJECTED_AT_REVIEW' | 'AWARDED' | 'DELIVERED';
    const fates: readonly (readonly [Fate, number])[] = [['APPLIED', 15], ['CHECKED', 15], ['REJECTED_AT_CHECK', 5], ['REJECTED_AT_REVIEW', 5], ['AWARDED', 20], ['DELIVERED', 40]];
    const fate = (): Fate => {
      let x = rng.next() * 100;
      for (const [f, w] of fates) if ((x -= w) < 0) return f;
      return 'DELIVERED';
    };
    const open = Math.max(startOfDay(p.startsOn), p.createdAt.getTime() + DAY, this.now - 90 * DAY);
    const close = Math.min(endOfDay(p.endsOn), this.now - HOUR);
    if (close <= open) return;

    for (const m of this.active) {
      if (!m.hardshipTier) continue;
      const children = [...(m.children ?? [])].sort((a, b) => compare(a.id, b.id)).filter((c) => {
        const age = ageOn(c.birthDate);
        return age >= 6 && age <= 22;
      });
      for (const child of children) {
        if (!rng.chance(0.55)) continue;
        let f = fate();
        const steps = { APPLIED: 0, CHECKED: 1, REJECTED_AT_CHECK: 1, REJECTED_AT_REVIEW: 2, AWARDED: 2, DELIVERED: 3 }[f];
        const gaps = [rng.int(1, 6) * DAY, rng.int(2, 10) * DAY, rng.int(3, 20) * DAY].slice(0, steps).map((g) => g + rng.int(0, 8) * HOUR);
        let span = gaps.reduce((a, b) => a + b, 0);
        // A late application has had less time: its steps were quicker.
        const room = close - open;
        const squeeze = span > room * 0.9 ? (room * 0.9) / span : 1;
        for (let i = 0; i < gaps.length; i++) gaps[i] = Math.max(MINUTE, Math.floor(gaps[i] * squeeze));
        span = gaps.reduce((a, b) => a + b, 0);
        const appliedAt = rng.between(open, close - span);
        const times = [appliedAt];
        for (const g of gaps) times.push(times[times.length - 1] + g);

        const enterprise = this.orgById.get(m.orgId);
        const district = this.districtOf(m);
        const byMember = rng.chance(0.7);
        const id = this.id(appliedAt);
        const year = Number(chinaDate(new Date(appliedAt)).slice(0, 4));
        const key = `${p.id}:${child.id}:${year}`;
        const events: AidEventRow[] = [];
        const event = (i: number, fromState: AidState | null, toState: AidState, actor: { sub: string; role: string; org: string | null }, note: string | null) =>
          events.push(
            Object.assign(new AidEventRow(), { id: this.id(times[i]), applicationId: id, fromState, toState, actorSub: actor.sub, actorRole: actor.role, actorOrgId: actor.org, at: wholeSeconds(times[i]), note }),
          );
        const applicant = byMember ? { sub: `member-${m.id}`, role: 'member', org: m.orgId } : { sub: this.staff(enterprise), role: 'staff', org: m.orgId };
        const checker = { sub: this.staff(enterprise), role: 'staff', org: m.orgId };
        const reviewer = { sub: this.staff(district), role: 'staff', org: district?.id ?? this.city.id };

        event(0, null, AidState.APPLIED, applicant, null);
        let state = AidState.APPLIED;
        let rejectReason: string | null = null;
        if (steps >= 1) {
          if (f === 'REJECTED_AT_CHECK') {
            rejectReason = '申请材料不全：缺少子女在读证明或录取通知书，请补齐后重新申请。';
            event(1, state, AidState.REJECTED, checker, rejectReason);
            state = AidState.REJECTED;
          } else {
            event(1, state, AidState.ENTERPRISE_CHECKED, checker, '材料齐全，情况属实。');
            state = AidState.ENTERPRISE_CHECKED;
          }
        }
        if (steps >= 2) {
          // The award comes out of the share covering the member's union; none left is a rejection with that reason.
          let exhausted = false;
          if (f !== 'REJECTED_AT_REVIEW') {
            const share = this.nearest(p, m.orgPath);
            if (!share || !this.take(share, 1, EDUCATION_AID_CENTS)) {
              f = 'REJECTED_AT_REVIEW';
              exhausted = true;
            }
          }
          if (f === 'REJECTED_AT_REVIEW') {
            rejectReason = exhausted ? '本年度助学名额已用完。' : '经复核，家庭人均收入高于本年度困难职工认定标准。';
            event(2, state, AidState.REJECTED, reviewer, rejectReason);
            state = AidState.REJECTED;
          } else {
            event(2, state, AidState.AWARDED, reviewer, null);
            state = AidState.AWARDED;
          }
        }
        if (steps >= 3 && state === AidState.AWARDED) {
          event(3, state, AidState.DELIVERED, checker, '助学物品已发放到户。');
          state = AidState.DELIVERED;
        }
        const awarded = state === AidState.AWARDED || state === AidState.DELIVERED;
        this.out.aidEvents.push(...events);
        this.out.aid.push(
          Object.assign(new AidApplicationRow(), {
            id,
            programmeId: p.id,
            memberId: m.id,
            childId: child.id,
            kind: ProgrammeKind.EDUCATION_AID,
            caseId: null,
            orgId: m.orgId,
            orgPath: m.orgPath,
            year,
            state,
            amountCents: awarded ? EDUCATION_AID_CENTS : null,
            rejectReason,
            appliedBy: applicant.sub,
            appliedRole: applicant.role,
            awardKey: awarded ? key : null,
            // Rejection frees the child for a new application; anything else keeps it.
            openKey: state === AidState.REJECTED ? null : key,
            createdAt: wholeSeconds(appliedAt),
            updatedAt: events[events.length - 1].at,
            version: events.length,
          }),
        );
      }
    }
  }

  /* ---------- aid opened from cases ---------- */

  /**
   * Aid opened from workers' cases (openAidFromCase): a member's education-aid case opens
   * their child's application (the first application after the case), and a model worker's
   * hardship-aid case opens 困难劳模救助, which the district reviews and awards straight away
   * (the seed report's path). A few model workers in hardship are awarded without a case too,
   * so the demo shows the award path even when no such case was drawn.
   */
  private aidFromCases(education: ProgrammeRow, modelWorkerAid: ProgrammeRow): void {
    const cases = [...(this.input.cases ?? [])].sort((a, b) => compare(a.id, b.id));
    const used = new Set<string>();
    for (const a of this.out.aid) {
      if (a.programmeId !== education.id) continue;
      const c = cases.find((x) => x.kind === 'EDUCATION_AID' && x.memberId === a.memberId && !used.has(x.id) && x.raisedAt.getTime() < a.createdAt.getTime());
      if (!c) continue;
      used.add(c.id);
      a.caseId = c.id;
      const first = this.out.aidEvents.find((e) => e.applicationId === a.id && e.fromState === null);
      if (first) first.note = `由诉求 ${c.number} 发起`;
    }

    if (modelWorkerAid.state !== ProgrammeState.ACTIVE && modelWorkerAid.state !== ProgrammeState.CLOSED) return;
    const open = Math.max(startOfDay(modelWorkerAid.startsOn), modelWorkerAid.createdAt.getTime() + DAY);
    const close = Math.min(endOfDay(modelWorkerAid.endsOn), this.now - 2 * DAY);
    if (close <= open) return;
    const members = new Map(this.members.map((m) => [m.id, m]));
    // As the programme's rules have it: a model worker in hardship, active or retained.
    const eligible = (m: BenefitsSeedMember | undefined): m is BenefitsSeedMember => !!m && m.modelWorker && !!m.hardshipTier && (m.status === 'ACTIVE' || m.status === 'RETAINED');
    const awarded = new Set<string>();
    const fromCases = cases.filter((c) => c.kind === 'HARDSHIP_AID' && eligible(members.get(c.memberId)) && c.raisedAt.getTime() + DAY < close);
    for (const c of fromCases) {
      if (awarded.has(c.memberId)) continue;
      awarded.add(c.memberId);
      this.modelWorkerAward(modelWorkerAid, members.get(c.memberId)!, Math.max(open, c.raisedAt.getTime() + DAY), close, c);
    }
    const rng = new Random(this.seed, 'model-worker-aid');
    const others = this.members.filter((m) => eligible(m) && !awarded.has(m.id)).sort((a, b) => compare(a.id, b.id));
    for (const m of others.slice(0, 5)) this.modelWorkerAward(modelWorkerAid, m, rng.between(open, close - DAY), close, null);
  }

  /** 困难劳模救助 for one model worker: applied for by the district union (from the case, if any), reviewed and awarded by it a few days later. */
  private modelWorkerAward(p: ProgrammeRow, m: BenefitsSeedMember, appliedAt: number, close: number, c: BenefitsSeedCase | null): void {
    const district = this.districtOf(m);
    const share = this.nearest(p, m.orgPath);
    if (!share || !this.take(share, 1, MODEL_WORKER_AID_CENTS)) return;
    const reviewedAt = Math.min(appliedAt + 3 * DAY, close);
    const id = this.id(appliedAt);
    const year = Number(chinaDate(new Date(appliedAt)).slice(0, 4));
    const key = `${p.id}:${m.id}:${year}`;
    const actor = { sub: this.staff(district), role: 'staff', org: district?.id ?? this.city.id };
    const events = [
      [appliedAt, null, AidState.APPLIED, c ? `由诉求 ${c.number} 发起` : null],
      [reviewedAt, AidState.APPLIED, AidState.AWARDED, '劳动和经济工作部核实，纳入困难劳模救助对象。'],
    ] as const;
    for (const [at, fromState, toState, note] of events) {
      this.out.aidEvents.push(Object.assign(new AidEventRow(), { id: this.id(at), applicationId: id, fromState, toState, actorSub: actor.sub, actorRole: actor.role, actorOrgId: actor.org, at: wholeSeconds(at), note }));
    }
    this.out.aid.push(
      Object.assign(new AidApplicationRow(), {
        id, programmeId: p.id, memberId: m.id, childId: null, kind: ProgrammeKind.MODEL_WORKER_AID, caseId: c?.id ?? null, orgId: m.orgId, orgPath: m.orgPath, year,
        state: AidState.AWARDED, amountCents: MODEL_WORKER_AID_CENTS, rejectReason: null, appliedBy: actor.sub, appliedRole: actor.role,
        awardKey: key, openKey: key, createdAt: wholeSeconds(appliedAt), updatedAt: wholeSeconds(reviewedAt), version: 2,
      }),
    );
  }

  /* ---------- care batches ---------- */

  /**
   * The first district's seven batches of the latest year whose National Day has passed,
   * funded from the city's care programme: each batch commits its whole budget from the
   * district's share when created (createCareBatch()), and its visits spend inside it.
   */
  private care(cityName: string, d0Name: string): void {
    const rng = new Random(this.seed, 'care');
    const ty = Number(this.today.slice(0, 4));
    const y = this.today > `${ty}-10-07` ? ty : ty - 1;
    const people = this.active.filter((m) => isWithin(m.orgPath, this.d0.path));
    const cared = people.filter((m) => m.hardshipTier || m.modelWorker);
    const others = people.filter((m) => !m.hardshipTier && !m.modelWorker);
    const outdoor = people.filter((m) => GIG.includes(m.employmentType));
    const indoor = people.filter((m) => !GIG.includes(m.employmentType));
    // The seed district made 7 batches reaching about 10,000 of its ~110,000 workers (9%) for
    // ¥5M (about ¥500 a visit); the demo district gets the same share of its own members,
    // split over the year's batches, those in need or outdoors first.
    // At least ten visits a batch, so a small test city still shows every batch at work.
    const reach = Math.max(70, Math.round(people.length * CARE_REACH));
    const some = (first: BenefitsSeedMember[], count: number): BenefitsSeedMember[] => {
      const chosen = first.filter(() => rng.chance(Math.min(1, count / Math.max(1, first.length))));
      const rest = first === cared ? others : first === outdoor ? indoor : [];
      const missing = count - chosen.length;
      return missing > 0 ? [...chosen, ...rest.filter(() => rng.chance(missing / Math.max(1, rest.length)))] : chosen;
    };
    const plan = (occasion: CareOccasion, name: string, from: string, to: string, items: string, cost: number, share: number, first: BenefitsSeedMember[]) => ({
      occasion, name: `${d0Name}${y}年${name}`, from, to, items, cost, who: some(first, Math.round(reach * share)),
    });
    const plans = [
      plan(CareOccasion.SPRING_FESTIVAL, '春节送温暖', `${y}-01-10`, `${y}-02-05`, '慰问金、米面油', 80_000, 0.25, cared),
      plan(CareOccasion.OTHER, '五一劳动节一线职工慰问', `${y}-04-20`, `${y}-05-01`, '慰问品、体检卡', 50_000, 0.1, cared),
      plan(CareOccasion.DRAGON_BOAT, '端午节慰问', `${y}-06-05`, `${y}-06-20`, '粽子、咸鸭蛋礼盒', 30_000, 0.12, cared),
      // Outdoor workers first: riders, couriers and drivers.
      plan(CareOccasion.SUMMER_COOLING, '夏送清凉', `${y}-07-01`, `${y}-08-31`, '防暑降温药品、绿豆、毛巾、矿泉水', 15_000, 0.18, outdoor),
      plan(CareOccasion.MID_AUTUMN, '中秋节慰问', `${y}-09-10`, `${y}-09-30`, '月饼、水果', 40_000, 0.15, cared),
      plan(CareOccasion.NATIONAL_DAY, '国庆节慰问', `${y}-09-25`, `${y}-10-07`, '米、面、油', 50_000, 0.1, cared),
      plan(CareOccasion.OTHER, '冬送温暖', `${y}-12-01`, `${y}-12-25`, '羽绒马甲、暖宝宝、保温杯', 60_000, 0.1, outdoor),
    ];
    const budgets = plans.map((b) => Math.max(100_000, roundUp(b.who.length * b.cost * 1.15, 100_000)));
    const shareBudget = roundUp(budgets.reduce((a, b) => a + b, 0) * 1.2, 1_000_000);
    const programme = this.programme({
      owner: this.city,
      name: `${cityName}${y}年职工关爱慰问（节日慰问·夏送清凉）`,
      kind: ProgrammeKind.CARE_VISIT,
      startsOn: `${y}-01-01`,
      endsOn: `${y}-12-31`,
      budgetCents: shareBudget * this.districts.length,
      versions: [[{ type: 'membership', status: ['ACTIVE', 'RETAINED'] }]],
      state: this.today <= `${y}-12-31` ? ProgrammeState.ACTIVE : ProgrammeState.CLOSED,
    });
    const root = this.rootOf(programme);
    const share = this.allocation(programme, this.d0, root, null, shareBudget);
    this.out.allocations.push(share);
    root.budgetToChildren += shareBudget;
    root.version++;

    plans.forEach((plan, i) => {
      const batch = Object.assign(new CareBatchRow(), {
        id: this.id(startOfDay(plan.from) - 5 * DAY),
        programmeId: programme.id,
        orgId: this.d0.id,
        orgPath: this.d0.path,
        name: plan.name,
        occasion: plan.occasion,
        budgetCents: budgets[i],
        spentCents: 0,
        startsOn: plan.from,
        endsOn: plan.to,
        createdBy: this.staff(this.d0),
        version: 1,
      });
      if (!this.take(share, 0, batch.budgetCents)) throw new Error(`demo seed: the care share cannot fund ${plan.name}`);
      const first = startOfDay(plan.from);
      const last = Math.min(startOfDay(plan.to), startOfDay(this.today) - DAY);
      for (const m of plan.who) {
        if (last < first || batch.spentCents + plan.cost > batch.budgetCents) break;
        const visitedOn = chinaDate(new Date(first + rng.int(0, Math.floor((last - first) / DAY)) * DAY + 12 * HOUR));
        // The enterprise union, or the street above it, made the visit.
        const street = this.orgById.get(pathIds(m.orgPath)[2] ?? '');
        const visitor = rng.chance(0.5) && street ? street : (this.orgById.get(m.orgId) ?? this.d0);
        const createdAt = wholeSeconds(Math.min(this.now - MINUTE, startOfDay(visitedOn) + 18 * HOUR + rng.int(0, 48) * HOUR));
        batch.spentCents += plan.cost;
        batch.version++;
        this.out.careVisits.push(
          Object.assign(new CareVisitRow(), {
            id: this.id(createdAt.getTime()),
            batchId: batch.id,
            memberId: m.id,
            orgId: visitor.id,
            orgPath: visitor.path,
            items: plan.items,
            costCents: plan.cost,
            visitedOn,
            recordedBy: this.staff(visitor),
            createdAt,
          }),
        );
      }
      this.out.careBatches.push(batch);
    });
  }
}
