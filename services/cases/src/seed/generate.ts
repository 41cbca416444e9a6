/**
 * Deterministic demo cases over a given org tree and member list: who raised what, where,
 * and everything that happened to it since, up to a given moment.
 *
 * Pure: no I/O, no clock, no Math.random(). One seed and input always give the same rows,
 * ids and hashes included. The rows are exactly what the case writer would have stored had
 * each history been played through the API and the deadline sweep: every ledger event is
 * made by newEvent() and chained from GENESIS, every transition is checked against the
 * rule table (authorise()), visibility rows come from scopeRows(), and the tally counts
 * each case's final bucketOf() at every countedAt() org. (A live database also keeps the
 * buckets a case has left, at n = 0; nothing reads them, so the seed does not write them.)
 *
 * Cases are produced in raise order and in batches, so half a million of them never sit in
 * memory; only the tally and the number sequences grow with the data, and they are small
 * beside it.
 */
import { newId, pathIds, type Caller } from '@lianxin/auth';
import { CaseRow, CaseScopeRow, CaseSequenceRow } from '../casefile/case.entity';
import {
  CaseAction,
  CaseChannel,
  CaseKind,
  CaseState,
  CLOCK_RUNNING,
  CloseReason,
  DeclineReason,
  HIGHER_SIGN_OFF,
  OutreachKind,
  Rating,
  ReturnReason,
  Urgency,
} from '../casefile/case.enums';
import { authorise, type RULES } from '../case/case.rules';
import { newCaseRow, newEvent, scopeRows, type Actor, type Change } from '../case/case.writer';
import { SWEEPER, SWEEPER_CALLER } from '../sweep/sweep.service';
import { parentOf, resolution_ } from '../case/case.service';
import { applicableDeadline, type Deadline, type DeadlineRuleSet } from '../deadline/deadline.service';
import { DeadlinePolicyRow } from '../deadline/deadline.entity';
import { ProjectNoteRow, ProjectRow, ProjectState } from '../project/project.entity';
import { QuestionKind, SurveyAnswerRow, SurveyQuestionRow, SurveyResponseRow, SurveyRow } from '../evaluation/evaluation.entity';
import { ChairVisitDayRow, ChairVisitRow, VisitFormat } from '../visit/visit.entity';
import { chinaDate, chinaMonth, chinaYear } from '@lianxin/members-client';
import { bucketOf, countedAt } from '../figures/tally';
import { CaseTallyRow } from '../figures/tally.entity';
import type { CaseEventRow } from '../ledger/ledger.entity';
import { GENESIS } from '../ledger/ledger.hash';
import { Random, type WeightedPicker } from '@lianxin/demo-kit';
import { wholeSeconds } from '@lianxin/subgraph';
import * as T from './texts';

/** An org of the tree the cases are raised in, as the members subgraph holds it. */
export interface SeedOrg {
  id: string;
  path: string;
  code: string;
  /** CITY, DISTRICT, STREET or ENTERPRISE. */
  level: string;
  /** What it is within its level; UNION_POST marks a 工会驿站, where the wish walls and suggestion books hang. */
  kind?: string;
  /** Its staff in the members directory, who accept its cases (接单); free text as before when it has none. */
  handlers?: readonly SeedHandler[];
}

/** A person of an org's directory who can accept a case, with the names a case keeps. */
export interface SeedHandler {
  staffId: string;
  departmentId: string | null;
  /** `权益保障部 张敏`, or the name alone. */
  display: string;
}

/** A member who may raise cases, at the org they belong to. */
export interface SeedMember {
  id: string;
  orgId: string;
  /** YYYY-MM-DD and employment type, where known: who an interview campaign reaches (seed/campaigns.ts). */
  birthDate?: string;
  employmentType?: string;
}

export interface CaseSeedOptions {
  seed: number;
  /** Cases to generate; the generator hits it exactly. */
  cases: number;
  /** "Now" for the data: every event lies before it; open cases are open as of this moment. */
  now: Date;
  /** Cases were raised over this many days before `now`. */
  days: number;
  /** Days a worker has to rate before the sweep closes the case (the service's CASE_RATING_TIMEOUT_DAYS). */
  ratingTimeoutDays: number;
}

export const DEFAULT_CASE_SEED_OPTIONS: Readonly<Omit<CaseSeedOptions, 'now'>> = Object.freeze({
  seed: 20261125,
  cases: 20_000,
  days: 1095,
  ratingTimeoutDays: 7,
});

/**
 * The mix of kinds. The first seven are the seed county's half-year ledger (docs/domain.md:
 * 161 orders); its table had no column for suggestions, urgent needs or hardship aid,
 * which other seeds name but do not count, so they get small shares of the same order as
 * legal aid and care posts. Out of 191: grassroots building 20%, collective bargaining
 * 17%, micro-wishes 16%, education aid 14%, other 7%, suggestions 6%, urgent needs 5%,
 * legal aid 5%, care posts 4%, hardship aid 4%.
 */
export const KIND_WEIGHTS: readonly (readonly [CaseKind, number])[] = [
  [CaseKind.GRASSROOTS_BUILDING, 39],
  [CaseKind.COLLECTIVE_BARGAINING, 33],
  [CaseKind.MICRO_WISH, 31],
  [CaseKind.EDUCATION_AID, 27],
  [CaseKind.OTHER, 14],
  [CaseKind.LEGAL_AID, 9],
  [CaseKind.CARE_POST, 8],
  [CaseKind.SUGGESTION, 12],
  [CaseKind.URGENT_NEED, 10],
  [CaseKind.HARDSHIP_AID, 8],
];

/**
 * How cases end, for those old enough to have ended: 92% closed or declined (the county's
 * closure rate), the rest stuck open somewhere (most of them overdue, hence supervised).
 */
export const FATE_WEIGHTS = { normal: 0.89, declined: 0.03, stuck: 0.08 } as const;

/**
 * Problems raised on a chair visit day end better: the chair hears them at the bench and the
 * enterprise acts (Jiaozuo: 183 resolved, 98.7%).
 */
export const CHAIR_VISIT_FATE_WEIGHTS = { normal: 0.975, declined: 0.01, stuck: 0.015 } as const;

/**
 * The 民意日记 moved into Lianxin this many weeks before `now`: from then each enterprise union
 * keeps its weekly visit day here, and the problems raised on a visit link to it. Earlier
 * visit-day cases keep the channel alone, as they were registered.
 */
export const VISIT_DIARY_WEEKS = 26;
/** One enterprise union in this many (the largest by members) stands for a firm of 100 or more staff, which holds visit days. */
const LARGE_ENTERPRISE_SHARE = 6;
/** Share of scheduled visit days the chair held (a day lost to an audit, a holiday, a sick chair). */
const VISIT_HELD_SHARE = 0.93;

/** Where each kind comes in. Hotline, chair visit days and interviews are recorded by staff. */
const CHANNELS: Readonly<Record<CaseKind, readonly (readonly [CaseChannel, number])[]>> = {
  [CaseKind.MICRO_WISH]: [[CaseChannel.WISH_WALL, 60], [CaseChannel.WECHAT, 25], [CaseChannel.CHAIR_VISIT_DAY, 10], [CaseChannel.WEBSITE, 5]],
  [CaseKind.SUGGESTION]: [[CaseChannel.SUGGESTION_BOOK, 45], [CaseChannel.WECHAT, 20], [CaseChannel.WEBSITE, 15], [CaseChannel.INTERVIEW_CAMPAIGN, 20]],
  [CaseKind.URGENT_NEED]: [[CaseChannel.HOTLINE_12351, 50], [CaseChannel.WECHAT, 25], [CaseChannel.CHAIR_VISIT_DAY, 15], [CaseChannel.OTHER, 10]],
  [CaseKind.LEGAL_AID]: [[CaseChannel.HOTLINE_12351, 55], [CaseChannel.WEBSITE, 20], [CaseChannel.CHAIR_VISIT_DAY, 15], [CaseChannel.WECHAT, 10]],
  [CaseKind.HARDSHIP_AID]: [[CaseChannel.INTERVIEW_CAMPAIGN, 35], [CaseChannel.CHAIR_VISIT_DAY, 30], [CaseChannel.WECHAT, 20], [CaseChannel.HOTLINE_12351, 15]],
  [CaseKind.EDUCATION_AID]: [[CaseChannel.WECHAT, 45], [CaseChannel.WEBSITE, 25], [CaseChannel.INTERVIEW_CAMPAIGN, 20], [CaseChannel.CHAIR_VISIT_DAY, 10]],
  [CaseKind.COLLECTIVE_BARGAINING]: [[CaseChannel.CHAIR_VISIT_DAY, 35], [CaseChannel.INTERVIEW_CAMPAIGN, 30], [CaseChannel.SUGGESTION_BOOK, 20], [CaseChannel.WECHAT, 15]],
  [CaseKind.GRASSROOTS_BUILDING]: [[CaseChannel.INTERVIEW_CAMPAIGN, 40], [CaseChannel.CHAIR_VISIT_DAY, 30], [CaseChannel.SUGGESTION_BOOK, 15], [CaseChannel.WEBSITE, 15]],
  [CaseKind.CARE_POST]: [[CaseChannel.WISH_WALL, 40], [CaseChannel.WECHAT, 40], [CaseChannel.SUGGESTION_BOOK, 20]],
  [CaseKind.OTHER]: [[CaseChannel.WECHAT, 30], [CaseChannel.HOTLINE_12351, 25], [CaseChannel.WEBSITE, 20], [CaseChannel.OTHER, 25]],
};

const STAFF_CHANNELS: ReadonlySet<CaseChannel> = new Set([CaseChannel.HOTLINE_12351, CaseChannel.CHAIR_VISIT_DAY, CaseChannel.INTERVIEW_CAMPAIGN]);

/** Share of member-raised cases left anonymous, by channel: a suggestion book invites it. */
const ANONYMOUS_SHARE: Partial<Record<CaseChannel, number>> = {
  [CaseChannel.SUGGESTION_BOOK]: 0.3,
  [CaseChannel.WEBSITE]: 0.12,
  [CaseChannel.WISH_WALL]: 0.04,
  [CaseChannel.WECHAT]: 0.05,
  [CaseChannel.OTHER]: 0.08,
};

const URGENCY: Readonly<Partial<Record<CaseKind, readonly (readonly [Urgency, number])[]>>> = {
  [CaseKind.URGENT_NEED]: [[Urgency.NORMAL, 40], [Urgency.HIGH, 40], [Urgency.URGENT, 20]],
  [CaseKind.LEGAL_AID]: [[Urgency.NORMAL, 70], [Urgency.HIGH, 25], [Urgency.URGENT, 5]],
  [CaseKind.HARDSHIP_AID]: [[Urgency.NORMAL, 75], [Urgency.HIGH, 20], [Urgency.URGENT, 5]],
};
const DEFAULT_URGENCY: readonly (readonly [Urgency, number])[] = [[Urgency.NORMAL, 90], [Urgency.HIGH, 9], [Urgency.URGENT, 1]];

/** Share resolved after the deadline: bargaining and building a union take longer than a wish. */
const LATE_SHARE: Partial<Record<CaseKind, number>> = {
  [CaseKind.COLLECTIVE_BARGAINING]: 0.2,
  [CaseKind.GRASSROOTS_BUILDING]: 0.12,
  [CaseKind.LEGAL_AID]: 0.1,
};
const DEFAULT_LATE_SHARE = 0.05;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** China Standard Time: people work by the local clock. */
const CST = 8 * HOUR;
/** Staff act between 08:00 and 20:00 local time. */
const WORK_START = 8 * HOUR;
const WORK_HOURS = 12 * HOUR;
/** The newest cases are this many times as frequent as the oldest: the service caught on. */
const GROWTH = 2;

/**
 * The deadline rules the demo city and its first district have set (办理时限), each as
 * setDeadline would store it. The city lengthens micro-wishes past the built-in 15 days
 * (a wish waits for a sponsor) and shortens urgent legal aid to two days; the first
 * district then shortens micro-wishes again for its own subtree. Every case gets the rule
 * that applies where it is raised, transferred or reopened, as a live case would.
 */
const DEMO_RULES: readonly { at: 'CITY' | 'FIRST_DISTRICT'; kind: CaseKind; urgency: Urgency; resolveHours: number; acceptHours: number }[] = [
  { at: 'CITY', kind: CaseKind.MICRO_WISH, urgency: Urgency.NORMAL, resolveHours: 720, acceptHours: 72 },
  { at: 'CITY', kind: CaseKind.LEGAL_AID, urgency: Urgency.URGENT, resolveHours: 48, acceptHours: 8 },
  { at: 'FIRST_DISTRICT', kind: CaseKind.MICRO_WISH, urgency: Urgency.NORMAL, resolveHours: 480, acceptHours: 48 },
];

/**
 * 百日万名青年职工大访谈: the interview campaign runs 100 days a year from 1 April (China
 * time); requests from interviews are recorded only inside a campaign's window.
 */
export const INTERVIEW_START = { month: 4, day: 1 };
export const INTERVIEW_DAYS = 100;
/** One wish-wall card in this many is chosen for the street's yearly wish project (of about 200 wishes, 45 were chosen). */
const WISHES_PER_PROJECT = 4.4;
/** Satisfaction surveys (微评议): one per district a year, answered by this share of its members. */
const SURVEY_RESPONSE_SHARE = 0.02;

const WALK_IN_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'] as const;
const WALK_IN_GIVEN = ['师傅', '建国', '秀兰', '志强', '桂英', '海涛', '丽娟', '国平', '春燕', '德明'] as const;

const ANONYMOUS_ACTOR: Actor = { sub: 'anonymous', role: 'member', orgId: null };
/** Signs off the few cases handled at the root, which has no higher level. */
const ADMIN: { actor: Actor; caller: Caller } = { actor: { sub: 'admin-demo', role: 'admin', orgId: null }, caller: { sub: 'admin-demo', role: 'admin', perms: [] } };

type Transition = keyof typeof RULES;

/** One slice of the data: cases and every row that belongs to them. */
export interface CaseBatch {
  cases: CaseRow[];
  events: CaseEventRow[];
  scopes: CaseScopeRow[];
}

interface OrgNode {
  id: string;
  path: string;
  code: string;
  level: string;
  kind?: string;
  index: number;
  parent: OrgNode | null;
  children: OrgNode[];
  /** Root first, the org itself last. */
  ancestors: OrgNode[];
  staff: { actor: Actor; caller: Caller };
  handlers?: readonly SeedHandler[];
}

/** Milliseconds since the epoch encoded in a ULID's first ten characters. */
function ulidTime(id: string): number {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let t = 0;
  for (let i = 0; i < 10; i++) t = t * 32 + alphabet.indexOf(id[i]);
  return t;
}

function validate(options: CaseSeedOptions): void {
  if (!Number.isInteger(options.cases) || options.cases < 0) throw new Error('cases must be a non-negative integer');
  if (!Number.isInteger(options.days) || options.days < 1) throw new Error('days must be a positive integer');
  if (!Number.isInteger(options.seed)) throw new Error('seed must be an integer');
  if (Number.isNaN(options.now.getTime())) throw new Error('now must be a valid date');
}

/**
 * The demo cases for one tree. Iterate batches() once; afterwards tallyRows() and
 * sequenceRows() give the figures aggregate and the number sequences of everything
 * generated.
 */
export class CaseDemo {
  private readonly rng: Random;
  private readonly idRng: Random;
  /** Names and phones of walk-in workers who are not members: a stream of its own, so the rest of the demo stays as it was. */
  private readonly workerRng: Random;
  private readonly orgs: OrgNode[];
  private readonly byId = new Map<string, OrgNode>();
  private readonly districts: OrgNode[];
  private readonly streets: OrgNode[];
  /** Members by join time (their ids are ULIDs of when they joined): a case is never raised before its member joined. */
  private readonly memberIds: string[];
  private readonly memberOrgs: OrgNode[];
  private readonly memberSince: Float64Array;
  private readonly now: number;
  private readonly kind: WeightedPicker<CaseKind>;
  private readonly channels = new Map<CaseKind, WeightedPicker<CaseChannel>>();
  private readonly urgencies = new Map<CaseKind, WeightedPicker<Urgency>>();
  private readonly sequences = new Map<string, { org: OrgNode; year: number; last: number }>();
  /** Tally counts keyed by bucket * orgs + org index. */
  private readonly tally = new Map<number, number>();
  private readonly bucketIds = new Map<string, number>();
  private readonly buckets: ReturnType<typeof bucketOf>[] = [];
  private generated = false;
  /** The demo's deadline rules (DEMO_RULES), as deadline_policy rows hold them. */
  private readonly rules: DeadlineRuleSet[] = [];
  /** Union posts (工会驿站): where the wish walls and suggestion books hang. */
  private readonly posts: OrgNode[];
  private readonly postsByStreet = new Map<string, OrgNode[]>();
  /** Indexes (into memberIds, so in join order) of the members who belong to a union post. */
  private readonly postMembers: number[] = [];
  /** Enterprise unions by the weekday (0 Monday … 4 Friday) their chair spends on the shop floor (陪伴日). */
  private readonly visitDays: OrgNode[][] = [[], [], [], [], []];
  /** The weekday (0 Monday … 4 Friday) of each enterprise union that holds visit days: the large firms (largeEnterprises()). */
  private readonly visitWeekday = new Map<string, number>();
  /** Members per org in the demo, for the headcount a visit-day schedule states. */
  private readonly memberCount = new Map<string, number>();
  /** Visits recorded in the 民意日记, by `<org id>|<China day>`: made by the first problem raised on the day, or by visitRows(). */
  private readonly visits = new Map<string, ChairVisitRow>();
  /** Ids, chairs and diaries of the visit days: a stream of their own, so the rest of the demo stays as it was. */
  private readonly visitRng: Random;
  /** Service projects of wish-wall cards, by street and year. */
  private readonly projects = new Map<string, { row: ProjectRow; cases: CaseRow[] }>();

  constructor(
    tree: { orgs: readonly SeedOrg[]; members: readonly SeedMember[] },
    readonly options: CaseSeedOptions,
  ) {
    validate(options);
    this.rng = new Random(options.seed, 'cases');
    this.idRng = new Random(options.seed, 'case-ids');
    this.workerRng = new Random(options.seed, 'case-workers');
    this.visitRng = new Random(options.seed, 'chair-visits');
    // Whole seconds, like every stored time: the rows then read back exactly as generated.
    this.now = wholeSeconds(options.now).getTime();

    // Sorted, so the output does not depend on the order the caller read the rows in.
    const sorted = [...tree.orgs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.orgs = sorted.map((o, index) => {
      const sub = `staff-${o.code}`;
      const node: OrgNode = {
        ...o,
        index,
        parent: null,
        children: [],
        ancestors: [],
        staff: { actor: { sub, role: 'staff', orgId: o.id }, caller: { sub, role: 'staff', orgId: o.id, orgPath: o.path, perms: [] } },
      };
      this.byId.set(o.id, node);
      return node;
    });
    for (const node of this.orgs) {
      const ids = pathIds(node.path);
      node.ancestors = ids.map((id) => {
        const a = this.byId.get(id);
        if (!a) throw new Error(`org ${node.code} (${node.path}) has an ancestor ${id} that is not in the org list`);
        return a;
      });
      node.parent = node.ancestors.length > 1 ? node.ancestors[node.ancestors.length - 2] : null;
      node.parent?.children.push(node);
    }
    if (this.orgs.length === 0 && options.cases > 0) throw new Error('cases need at least one org to be raised at');
    this.districts = this.orgs.filter((o) => o.level === 'DISTRICT');
    this.streets = this.orgs.filter((o) => o.level === 'STREET');
    this.posts = this.orgs.filter((o) => o.kind === 'UNION_POST');
    for (const post of this.posts) {
      const street = post.parent?.id ?? '';
      this.postsByStreet.set(street, [...(this.postsByStreet.get(street) ?? []), post]);
    }
    // Round the week in tree order, so each weekday has its unions.
    this.largeEnterprises(tree.members).forEach((o, i) => {
      this.visitDays[i % 5].push(o);
      this.visitWeekday.set(o.id, i % 5);
    });
    this.rules = this.demoRules();

    const members = tree.members
      .map((m) => {
        const org = this.byId.get(m.orgId);
        if (!org) throw new Error(`member ${m.id} belongs to org ${m.orgId}, which is not in the org list`);
        return { id: m.id, org, since: ulidTime(m.id) };
      })
      .sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1));
    this.memberIds = members.map((m) => m.id);
    this.memberOrgs = members.map((m) => m.org);
    this.memberSince = Float64Array.from(members, (m) => m.since);
    members.forEach((m, i) => m.org.kind === 'UNION_POST' && this.postMembers.push(i));

    this.kind = this.rng.picker(KIND_WEIGHTS);
    for (const kind of Object.values(CaseKind)) {
      this.channels.set(kind, this.rng.picker(CHANNELS[kind]));
      this.urgencies.set(kind, this.rng.picker(URGENCY[kind] ?? DEFAULT_URGENCY));
    }
  }

  /** Generates the cases in raise order, `size` at a time. */
  *batches(size = 1000): Generator<CaseBatch> {
    if (this.generated) throw new Error('CaseDemo.batches() runs once');
    this.generated = true;
    let batch: CaseBatch = { cases: [], events: [], scopes: [] };
    let eligible = 0;
    for (let i = 0; i < this.options.cases; i++) {
      const raisedAt = this.raiseTime(i);
      while (eligible < this.memberSince.length && this.memberSince[eligible] <= raisedAt) eligible++;
      const life = this.live(raisedAt, eligible);
      batch.cases.push(life.c);
      for (const e of life.events) batch.events.push(e);
      for (const s of scopeRows(life.c)) batch.scopes.push(s);
      this.count(life);
      if (batch.cases.length >= size) {
        yield batch;
        batch = { cases: [], events: [], scopes: [] };
      }
    }
    if (batch.cases.length) yield batch;
  }

  /** Tally rows of everything generated: one per (org, bucket) holding a case. */
  *tallyRows(): Generator<CaseTallyRow> {
    if (!this.generated) throw new Error('generate the cases (batches()) before the tally');
    const orgs = this.orgs.length;
    for (const [key, n] of this.tally) {
      const org = this.orgs[key % orgs];
      const b = this.buckets[Math.floor(key / orgs)];
      yield Object.assign(new CaseTallyRow(), {
        orgId: org.id, month: b.month, kind: b.kind as CaseKind, state: b.state as CaseState, supervised: b.supervised, onTime: b.onTime, rating: b.rating, passedUp: b.passedUp, referredOut: b.referredOut, orgPath: org.path, n,
      });
    }
  }

  /** The last number handed out per (org, China year). */
  sequenceRows(): CaseSequenceRow[] {
    if (!this.generated) throw new Error('generate the cases (batches()) before the sequences');
    return [...this.sequences.values()].map((s) => Object.assign(new CaseSequenceRow(), { orgId: s.org.id, year: s.year, lastValue: s.last, orgPath: s.org.path }));
  }

  /** The demo's deadline rules as setDeadline stores them: set the day before the first case. */
  policyRows(): DeadlinePolicyRow[] {
    const setAt = wholeSeconds(this.now - (this.options.days + 1) * DAY);
    return this.rules.map((r, i) =>
      Object.assign(new DeadlinePolicyRow(), { ...r, id: newId(setAt.getTime() + i * SECOND, this.idRng.bytes(10)), setBy: this.byId.get(r.orgId)!.staff.actor.sub, setAt: new Date(setAt.getTime() + i * SECOND) }),
    );
  }

  /**
   * The wish projects and their notes, as they stand at `now`: a project whose year is over
   * and whose every case is done is resolved (with one closing note); the others report how
   * far they are.
   */
  projectRows(): { projects: ProjectRow[]; notes: ProjectNoteRow[] } {
    if (!this.generated) throw new Error('generate the cases (batches()) before the projects');
    const done = new Set<CaseState>([CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED, CaseState.DECLINED]);
    const projects: ProjectRow[] = [];
    const notes: ProjectNoteRow[] = [];
    const yearOver = (created: Date) => chinaYear(new Date(this.now)) > chinaYear(created);
    for (const { row, cases } of this.projects.values()) {
      const finished = cases.filter((c) => done.has(c.state));
      const lastDone = Math.max(...finished.map((c) => (c.resolvedAt ?? c.closedAt ?? c.raisedAt).getTime()));
      const note = (progress: number, text: string, at: number) =>
        Object.assign(new ProjectNoteRow(), { id: newId(at, this.idRng.bytes(10)), projectId: row.id, progress, note: text, actorSub: row.createdBy, at: wholeSeconds(at) });
      if (finished.length === cases.length && yearOver(row.createdAt)) {
        const at = Math.min(this.now, lastDone + HOUR);
        Object.assign(row, { state: ProjectState.RESOLVED, progress: 100, resolvedAt: wholeSeconds(at), version: 2 });
        notes.push(note(100, `今年心愿墙上认领的 ${cases.length} 个微心愿已全部办结，感谢各爱心单位。`, at));
      } else if (finished.length) {
        const progress = Math.floor((100 * finished.length) / cases.length);
        Object.assign(row, { progress, version: 2 });
        notes.push(note(progress, `已办结 ${finished.length} 个，其余正在对接爱心单位。`, Math.min(this.now, lastDone + HOUR)));
      }
      projects.push(row);
    }
    return { projects, notes };
  }

  /**
   * 微评议: each district's yearly satisfaction survey of union service (20 November to 20
   * December), answered by a sample of its members at their own union, with ratings and
   * the odd comment. This year's is still open when `now` falls inside its window.
   */
  surveyRows(): { surveys: SurveyRow[]; questions: SurveyQuestionRow[]; responses: SurveyResponseRow[]; answers: SurveyAnswerRow[] } {
    const rng = new Random(this.options.seed, 'surveys');
    const out = { surveys: [] as SurveyRow[], questions: [] as SurveyQuestionRow[], responses: [] as SurveyResponseRow[], answers: [] as SurveyAnswerRow[] };
    const today = chinaDate(new Date(this.now));
    const firstYear = Number(chinaDate(new Date(this.now - this.options.days * DAY)).slice(0, 4));
    for (let year = firstYear; year <= Number(today.slice(0, 4)); year++) {
      const opensOn = `${year}-11-20`;
      const closesOn = `${year}-12-20`;
      const opens = Date.parse(`${opensOn}T00:00:00+08:00`);
      if (opensOn > today || opens < this.now - this.options.days * DAY) continue;
      const until = Math.min(Date.parse(`${closesOn}T23:59:59+08:00`), this.now - MINUTE);
      for (const district of this.districts) {
        const createdAt = wholeSeconds(opens - 5 * DAY + 10 * HOUR);
        const survey = Object.assign(new SurveyRow(), {
          id: newId(createdAt.getTime(), rng.bytes(10)), orgId: district.id, orgPath: district.path, title: `${year}年度职工服务满意度微评议`, opensOn, closesOn, createdBy: district.staff.actor.sub, createdAt,
        });
        out.surveys.push(survey);
        const questions = T.SURVEY_QUESTIONS.map(([text, kind], i) =>
          Object.assign(new SurveyQuestionRow(), { id: newId(createdAt.getTime(), rng.bytes(10)), surveyId: survey.id, ordinal: i + 1, text, kind: kind as QuestionKind }),
        );
        out.questions.push(...questions);
        for (let m = 0; m < this.memberIds.length && this.memberSince[m] < opens; m++) {
          const org = this.memberOrgs[m];
          if (!org.path.startsWith(district.path) || !rng.chance(SURVEY_RESPONSE_SHARE)) continue;
          const at = wholeSeconds(rng.between(opens + 9 * HOUR, until)).getTime();
          const response = Object.assign(new SurveyResponseRow(), {
            id: newId(at, rng.bytes(10)), surveyId: survey.id, orgId: org.id, orgPath: org.path, memberId: this.memberIds[m], onceKey: `${survey.id}:${this.memberIds[m]}`, submittedAt: new Date(at),
          });
          out.responses.push(response);
          const base = { responseId: response.id, surveyId: survey.id, orgPath: org.path };
          for (const q of questions) {
            if (q.kind === QuestionKind.RATING) {
              const rating = rng.weighted([[Rating.SATISFIED, 76], [Rating.BASICALLY_SATISFIED, 19], [Rating.UNSATISFIED, 5]] as const);
              out.answers.push(Object.assign(new SurveyAnswerRow(), { ...base, id: newId(at, rng.bytes(10)), questionId: q.id, rating, text: null }));
            } else if (rng.chance(0.3)) {
              out.answers.push(Object.assign(new SurveyAnswerRow(), { ...base, id: newId(at, rng.bytes(10)), questionId: q.id, rating: null, text: rng.pick(T.SURVEY_COMMENTS) }));
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The raise time of case i: stratified over the window so times come out in order,
   * denser towards `now`, and within office hours (08:00–20:00 China time).
   */
  private raiseTime(i: number): number {
    const today = Math.floor((this.now + CST) / DAY);
    const todayWork = Math.min(WORK_HOURS, Math.max(0, this.now + CST - today * DAY - WORK_START));
    const firstDay = today - this.options.days + 1;
    const total = (this.options.days - 1) * WORK_HOURS + todayWork;
    const u = (i + this.rng.next()) / this.options.cases;
    const x = (Math.sqrt(1 + GROWTH * (2 + GROWTH) * u) - 1) / GROWTH;
    const work = Math.min(total - SECOND, x * total);
    const day = firstDay + Math.floor(work / WORK_HOURS);
    return wholeSeconds(day * DAY - CST + WORK_START + (work % WORK_HOURS)).getTime();
  }

  /** Raises one case and plays its history up to now. */
  private live(raisedAt: number, eligibleMembers: number): Life {
    const rng = this.rng;
    const kind = this.kind();
    let channel = this.channelAt(kind, raisedAt);
    const urgency = this.urgencies.get(kind)!();

    let memberIndex = eligibleMembers > 0 ? rng.int(0, eligibleMembers - 1) : -1;
    let org: OrgNode;
    let raiser: { actor: Actor; caller: Caller };
    let memberId: string | null = null;
    if (memberIndex < 0 && !STAFF_CHANNELS.has(channel)) {
      // Nobody has joined yet to raise it themselves: the hotline takes it down.
      channel = CaseChannel.HOTLINE_12351;
    }
    if (channel === CaseChannel.CHAIR_VISIT_DAY) {
      // The chair's weekday at their own enterprise: a worker whose enterprise holds it that
      // day, or one who gave no name, recorded in that enterprise's 民意日记.
      const day = this.visitDays[weekdayOf(raisedAt)];
      memberIndex = this.memberVisitedOn(raisedAt, eligibleMembers);
      org = memberIndex >= 0 ? this.memberOrgs[memberIndex] : rng.pick(day);
      memberId = memberIndex >= 0 ? this.memberIds[memberIndex] : null;
      raiser = org.staff;
    } else if (STAFF_CHANNELS.has(channel)) {
      // Some callers do not give a name; staff record the request without a member.
      if (memberIndex >= 0 && rng.chance(0.06)) memberIndex = -1;
      org = memberIndex >= 0 ? this.staffDesk(channel, this.memberOrgs[memberIndex]) : this.anyDesk(channel);
      memberId = memberIndex >= 0 ? this.memberIds[memberIndex] : null;
      raiser = org.staff;
    } else if (channel === CaseChannel.WISH_WALL || channel === CaseChannel.SUGGESTION_BOOK) {
      // The wall and the book hang at a union post. A post's own member writes a card in their
      // name; any passing worker may write one, which the post's staff copy in without a member.
      const own = rng.chance(0.6) ? this.postMemberBefore(eligibleMembers) : -1;
      if (own >= 0) {
        memberIndex = own;
        org = this.memberOrgs[own];
        memberId = this.memberIds[own];
        raiser = rng.chance(ANONYMOUS_SHARE[channel] ?? 0.05)
          ? { actor: ANONYMOUS_ACTOR, caller: { sub: 'anonymous', role: 'member', orgId: org.id, orgPath: org.path, perms: [] } }
          : memberParty(memberId, org);
        if (raiser.actor === ANONYMOUS_ACTOR) memberId = null;
      } else {
        const street = memberIndex >= 0 ? this.memberOrgs[memberIndex].parent : null;
        org = rng.pick(this.postsByStreet.get(street?.id ?? '') ?? this.posts);
        memberIndex = -1;
        raiser = org.staff;
      }
    } else {
      const home = this.memberOrgs[memberIndex];
      org = home;
      if (rng.chance(ANONYMOUS_SHARE[channel] ?? 0.05)) {
        raiser = { actor: ANONYMOUS_ACTOR, caller: { sub: 'anonymous', role: 'member', orgId: home.id, orgPath: home.path, perms: [] } };
      } else {
        memberId = this.memberIds[memberIndex];
        raiser = memberParty(memberId, home);
      }
    }

    // Half the nameless calls staff take down are from workers who are not members and leave a name and phone for the callback (回访).
    const worker = memberId === null && raiser.actor.role === 'staff' && this.workerRng.chance(0.5) ? this.walkIn() : null;
    const deadline = this.deadlineAt(org.path, kind, urgency);
    const c = newCaseRow({
      id: newId(raisedAt, this.idRng.bytes(10)),
      number: this.nextNumber(org, chinaYear(new Date(raisedAt))),
      kind,
      channel,
      urgency,
      description: rng.pick(T.DESCRIPTIONS[kind]) + rng.pick(T.DESCRIPTION_TAILS),
      memberId,
      worker,
      raisedBy: raiser.actor,
      org,
      raisedAt,
      deadline,
      source: channel === CaseChannel.CHAIR_VISIT_DAY ? this.visitOn(org, raisedAt) : null,
    });
    const onBehalf = raiser.actor.role === 'member' ? undefined : true;
    const nonMember = worker ? true : undefined;
    const home = memberId ? this.memberOrgs[memberIndex] : null;
    const life = new Life(this, c, home, raiser.actor, raisedAt, { channel, kind, urgency, onBehalf, nonMember, sourceKind: c.sourceKind ?? undefined, sourceId: c.sourceId ?? undefined });
    life.play();
    return life;
  }

  /**
   * 陪伴日 is for firms of 100 or more staff. The demo knows members, not headcounts: the
   * largest sixth of the enterprise unions by members (at least one for each weekday) stand
   * for the large firms, in the tree's order among equals.
   */
  private largeEnterprises(members: readonly SeedMember[]): OrgNode[] {
    for (const m of members) this.memberCount.set(m.orgId, (this.memberCount.get(m.orgId) ?? 0) + 1);
    const enterprises = this.orgs.filter((o) => o.level === 'ENTERPRISE' && o.kind !== 'UNION_POST');
    const n = Math.min(enterprises.length, Math.max(5, Math.ceil(enterprises.length / LARGE_ENTERPRISE_SHARE)));
    const large = [...enterprises].sort((a, b) => (this.memberCount.get(b.id) ?? 0) - (this.memberCount.get(a.id) ?? 0) || a.index - b.index).slice(0, n);
    return large.sort((a, b) => a.index - b.index);
  }

  /** The first China day of the 民意日记 in Lianxin. */
  private get diaryStart(): string {
    return chinaDate(new Date(this.now - VISIT_DIARY_WEEKS * 7 * DAY));
  }

  /**
   * The diary entry of the visit a problem was raised on (recordChairVisit: the entry first,
   * then its cases, in one transaction), made by the day's first problem; none before the
   * diary moved into Lianxin.
   */
  private visitOn(org: OrgNode, raisedAt: number): { kind: OutreachKind; id: string } | null {
    const day = chinaDate(new Date(raisedAt));
    if (day < this.diaryStart) return null;
    const key = `${org.id}|${day}`;
    let v = this.visits.get(key);
    if (!v) {
      v = this.diaryEntry(org, day, raisedAt);
      this.visits.set(key, v);
    }
    return { kind: OutreachKind.CHAIR_VISIT, id: v.id };
  }

  private diaryEntry(org: OrgNode, day: string, recordedAt: number): ChairVisitRow {
    const r = this.visitRng;
    const format = r.weighted([[VisitFormat.WALKABOUT, 45], [VisitFormat.SMALL_MEETING, 35], [VisitFormat.MICRO_SURVEY, 20]] as const);
    return Object.assign(new ChairVisitRow(), {
      id: newId(recordedAt, r.bytes(10)), orgId: org.id, orgPath: org.path, visitedOn: day, chair: this.chairOf(org),
      attendance: format === VisitFormat.WALKABOUT ? r.int(8, 40) : r.int(10, 25), format, notes: r.pick(T.VISIT_NOTES),
      recordedBy: org.staff.actor.sub, recordedAt: wholeSeconds(recordedAt),
    });
  }

  /** An enterprise's chair: the same person on every visit day. */
  private chairOf(org: OrgNode): string {
    return T.CHAIRS[org.index % T.CHAIRS.length];
  }

  /**
   * 工会主席陪伴日 as the diary stands at `now`: each enterprise union's weekly visit day (the
   * weekday its problems come in on) since the diary moved into Lianxin, and its visits: every
   * day a problem was raised, and most other scheduled days (VISIT_HELD_SHARE), recorded in
   * the late afternoon. Today's visit counts once it is over.
   */
  visitRows(): { days: ChairVisitDayRow[]; visits: ChairVisitRow[] } {
    if (!this.generated) throw new Error('generate the cases (batches()) before the visits');
    const r = this.visitRng;
    const start = this.diaryStart;
    const startMs = Date.parse(`${start}T00:00:00Z`);
    const days: ChairVisitDayRow[] = [];
    for (const [weekday, orgs] of this.visitDays.entries()) {
      // The first of the org's weekdays on or after the start.
      const first = startMs + (((weekday - weekdayOf(startMs - CST) + 7) % 7) * DAY);
      for (const org of orgs) {
        const setAt = wholeSeconds(startMs - CST - 3 * DAY + 10 * HOUR);
        days.push(Object.assign(new ChairVisitDayRow(), {
          id: newId(setAt.getTime(), r.bytes(10)), orgId: org.id, orgPath: org.path, weekday: weekday + 1, dates: null, startsOn: start, endsOn: null,
          chair: this.chairOf(org), staffCount: Math.max(100, Math.round(((this.memberCount.get(org.id) ?? 0) * 6 + r.int(0, 60)) / 10) * 10), updatedBy: org.staff.actor.sub, updatedAt: setAt, version: 1,
        }));
        for (let d = first; ; d += 7 * DAY) {
          const recordedAt = d - CST + 17 * HOUR;
          if (recordedAt > this.now) break;
          const day = new Date(d).toISOString().slice(0, 10);
          const key = `${org.id}|${day}`;
          if (!this.visits.has(key) && r.chance(VISIT_HELD_SHARE)) this.visits.set(key, this.diaryEntry(org, day, recordedAt));
        }
      }
    }
    return { days, visits: [...this.visits.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) };
  }

  /** A worker who is not a member, as staff write them down from a call or a visit. */
  private walkIn(): { name: string; phone: string } {
    const r = this.workerRng;
    const name = r.pick(WALK_IN_SURNAMES) + r.pick(WALK_IN_GIVEN);
    const phone = `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;
    return { name, phone };
  }

  /** Where staff record a named member's request: the district for the hotline, the street or enterprise on visit days. */
  private staffDesk(channel: CaseChannel, home: OrgNode): OrgNode {
    const rng = this.rng;
    let level: string;
    if (channel === CaseChannel.HOTLINE_12351) level = rng.chance(0.85) ? 'DISTRICT' : 'STREET';
    else if (channel === CaseChannel.CHAIR_VISIT_DAY) level = rng.chance(0.6) ? 'ENTERPRISE' : 'STREET';
    else level = rng.weighted([['STREET', 55], ['DISTRICT', 25], ['ENTERPRISE', 20]] as const);
    return home.ancestors.find((a) => a.level === level) ?? home;
  }

  /** Where staff record a request without a name. */
  private anyDesk(channel: CaseChannel): OrgNode {
    const desks = channel === CaseChannel.HOTLINE_12351 ? this.districts : this.streets;
    if (desks.length) return this.rng.pick(desks);
    return this.orgs.length > 1 ? this.orgs[1 + this.rng.int(0, this.orgs.length - 2)] : this.orgs[0];
  }

  /**
   * The channel a request of this kind came in through at this moment: interviews only in a
   * campaign's 100 days, chair visit days only on a weekday, walls and books only where there
   * are union posts. Redrawn from the kind's own mix when the draw does not fit.
   */
  private channelAt(kind: CaseKind, at: number): CaseChannel {
    const pick = this.channels.get(kind)!;
    for (let i = 0; i < 8; i++) {
      const channel = pick();
      if (channel === CaseChannel.INTERVIEW_CAMPAIGN && !inInterviewCampaign(at)) continue;
      if (channel === CaseChannel.CHAIR_VISIT_DAY && (weekdayOf(at) > 4 || !this.visitDays[weekdayOf(at)].length)) continue;
      if ((channel === CaseChannel.WISH_WALL || channel === CaseChannel.SUGGESTION_BOOK) && !this.posts.length) continue;
      return channel;
    }
    return CaseChannel.WECHAT;
  }

  /** A member (of the first `eligible`) whose enterprise holds its chair visit day on this weekday, or -1. */
  private memberVisitedOn(at: number, eligible: number): number {
    const day = weekdayOf(at);
    for (let i = 0; i < 12 && eligible > 0; i++) {
      const m = this.rng.int(0, eligible - 1);
      const org = this.memberOrgs[m];
      if (this.visitWeekday.get(org.id) === day) return m;
    }
    return -1;
  }

  /** A union post's member who had joined by then (one of the first `eligible`), or -1. */
  private postMemberBefore(eligible: number): number {
    let lo = 0;
    let hi = this.postMembers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.postMembers[mid] < eligible) lo = mid + 1;
      else hi = mid;
    }
    return lo ? this.postMembers[this.rng.int(0, lo - 1)] : -1;
  }

  /** The city's and the first district's rules (DEMO_RULES), set the day before the first case. */
  private demoRules(): DeadlineRuleSet[] {
    const city = this.orgs.find((o) => o.level === 'CITY');
    const firstDistrict = [...this.districts].sort((a, b) => (a.code < b.code ? -1 : 1))[0];
    return DEMO_RULES.flatMap((r) => {
      const at = r.at === 'CITY' ? city : firstDistrict;
      return at ? [{ orgId: at.id, orgPath: at.path, kind: r.kind, urgency: r.urgency, resolveHours: r.resolveHours, acceptHours: r.acceptHours }] : [];
    });
  }

  /** The rule that applies at an org, as effectiveDeadline() finds it along the org's path. */
  deadlineAt(path: string, kind: CaseKind, urgency: Urgency): Deadline {
    return applicableDeadline(this.rules.filter((r) => path.startsWith(r.orgPath)), kind, urgency);
  }

  /** The wish project of a street for the year `at` falls in, created by the street's staff on first use. */
  projectFor(street: OrgNode, c: CaseRow, at: number): ProjectRow {
    const year = chinaDate(new Date(at)).slice(0, 4);
    const key = `${street.id}|${year}`;
    let p = this.projects.get(key);
    if (!p) {
      const createdAt = wholeSeconds(at - this.rng.int(5, 60) * MINUTE);
      const row = Object.assign(new ProjectRow(), {
        id: newId(createdAt.getTime(), this.idRng.bytes(10)),
        orgId: street.id,
        orgPath: street.path,
        title: `${year}年驿站微心愿集中认领`,
        purpose: '把辖区工会驿站心愿墙上的微心愿集中起来，统一对接爱心单位认领、统一跟进办结，事事有回音。',
        state: ProjectState.OPEN,
        progress: 0,
        createdBy: street.staff.actor.sub,
        createdAt,
        resolvedAt: null,
        version: 1,
      });
      this.projects.set(key, (p = { row, cases: [] }));
    }
    p.cases.push(c);
    return p.row;
  }

  private nextNumber(org: OrgNode, year: number): string {
    const key = `${org.index}:${year}`;
    let s = this.sequences.get(key);
    if (!s) this.sequences.set(key, (s = { org, year, last: 0 }));
    s.last++;
    return `${org.code}-${year}-${String(s.last).padStart(6, '0')}`;
  }

  /** Adds the case to the tally, in the bucket of its final state, at every org it counts at. */
  private count(life: Life): void {
    const bucket = this.bucketId(life.c, life.month);
    const orgs = this.orgs.length;
    for (const { orgId } of countedAt(life.c.raisedPath)) {
      const key = bucket * orgs + this.byId.get(orgId)!.index;
      this.tally.set(key, (this.tally.get(key) ?? 0) + 1);
    }
  }

  /** A small number for the bucket a case is in (see bucketOf). */
  bucketId(c: CaseRow, month: string): number {
    // The key spells out bucketOf() without recomputing the month for every event.
    const key = `${month}|${c.kind}|${c.state}|${c.supervised ? 1 : 0}|${c.onTime === null ? 0 : c.onTime ? 1 : 2}|${c.rating ?? ''}`;
    let id = this.bucketIds.get(key);
    if (id === undefined) {
      id = this.buckets.length;
      this.bucketIds.set(key, id);
      this.buckets.push(bucketOf(c));
    }
    return id;
  }

  /* ---------- what Life needs of the generator ---------- */

  get random(): Random {
    return this.rng;
  }

  get ids(): Random {
    return this.idRng;
  }

  get nowMs(): number {
    return this.now;
  }

  org(id: string): OrgNode {
    return this.byId.get(id)!;
  }
}

function memberParty(memberId: string, home: OrgNode): { actor: Actor; caller: Caller } {
  const sub = `member-${memberId}`;
  return { actor: { sub, role: 'member', orgId: home.id }, caller: { sub, role: 'member', memberId, orgId: home.id, orgPath: home.path, perms: [] } };
}

type Fate = 'normal' | 'declined' | 'stuck';

interface Step {
  at: number;
  run(): void;
}

/**
 * One case's history. The handlers' next move is drawn from the current state; between
 * moves the deadline sweep steps in exactly when the service's would (a missed acceptance,
 * a missed deadline, a rating window run out), so a handler's plan can be overtaken by it.
 */
class Life {
  readonly events: CaseEventRow[] = [];
  /** The tally month: raisedAt never changes. */
  readonly month: string;
  private at: number;
  private readonly rng: Random;
  private readonly fate: Fate;
  /** A stuck case stops moving once it reaches this state. */
  private readonly stall: CaseState;
  private readonly declineFrom: CaseState;
  private readonly awaitsWorker: boolean;
  /** A higher level looks in on an open case at this time (0: it does not). */
  private superviseAt = 0;
  private readonly supervisesStuck: boolean;
  private lastEscalatedAt = 0;
  private resolveAt = 0;
  private stepsLeft = 0;
  private awaitPending = false;
  private routedBefore = false;
  private transferOutcome: 'accept' | 'return' | 'miss' = 'accept';
  private readonly returnedBy = new Set<string>();
  private rateAt = 0;
  private rating: Rating | null = null;
  private memberParty: { actor: Actor; caller: Caller } | null | undefined;
  /** A micro-wish from a post's wall that the street gathers into its wish project. */
  private readonly intoProject: boolean;

  constructor(
    private readonly g: CaseDemo,
    readonly c: CaseRow,
    /** The named member's org; null for anonymous cases and cases without a member. */
    private readonly home: OrgNode | null,
    raiser: Actor,
    raisedAt: number,
    detail: Record<string, unknown>,
  ) {
    this.rng = g.random;
    this.at = raisedAt;
    this.month = chinaMonth(c.raisedAt);
    const rng = this.rng;
    const f = rng.next();
    const fates = c.channel === CaseChannel.CHAIR_VISIT_DAY ? CHAIR_VISIT_FATE_WEIGHTS : FATE_WEIGHTS;
    this.fate = f < fates.declined ? 'declined' : f < fates.declined + fates.stuck ? 'stuck' : 'normal';
    this.stall = rng.weighted([[CaseState.REGISTERED, 20], [CaseState.ACCEPTED, 25], [CaseState.IN_PROGRESS, 35], [CaseState.WAITING_ON_WORKER, 20]] as const);
    this.declineFrom = rng.chance(0.7) ? CaseState.REGISTERED : CaseState.ACCEPTED;
    this.awaitsWorker = (this.fate === 'stuck' && this.stall === CaseState.WAITING_ON_WORKER) || rng.chance(0.1);
    if (this.fate === 'normal' && rng.chance(c.kind === CaseKind.URGENT_NEED ? 0.1 : 0.02)) this.superviseAt = raisedAt + rng.int(1, 5) * DAY;
    this.supervisesStuck = rng.chance(0.6);
    this.intoProject = c.kind === CaseKind.MICRO_WISH && c.channel === CaseChannel.WISH_WALL && this.fate !== 'declined' && rng.chance(1 / WISHES_PER_PROJECT);

    // insertCase(): the row, the first event from GENESIS, its visibility and tally.
    const event = newEvent(c, 1, GENESIS, CaseAction.RAISE, null, raiser, new Date(raisedAt), null, detail);
    event.id = newId(raisedAt, g.ids.bytes(10));
    c.eventSeq = 1;
    c.ledgerHead = event.hash;
    c.version = 1;
    this.events.push(event);
  }

  /** Plays the history up to now. */
  play(): void {
    const now = this.g.nowMs;
    for (let guard = 0; guard < 200; guard++) {
      const step = this.next();
      const until = step ? Math.min(step.at, now + 1) : now + 1;
      if (this.sweep(until)) continue;
      if (!step || step.at > now) return;
      step.run();
    }
    throw new Error(`case ${this.c.number}: the history did not settle in 200 steps`);
  }

  /* ---------- the handlers ---------- */

  private next(): Step | null {
    const c = this.c;
    const rng = this.rng;
    const handler = this.g.org(c.handlingOrgId);
    if (this.fate === 'stuck' && c.state === this.stall) return this.superviseStuck();
    switch (c.state) {
      case CaseState.REGISTERED: {
        if (this.fate === 'declined' && this.declineFrom === CaseState.REGISTERED) return this.step(this.after(2 * HOUR, 3 * DAY), (at) => this.decline(at));
        const transferShare = this.routedBefore ? 0.35 : handler.level === 'DISTRICT' || handler.level === 'CITY' ? 0.85 : handler.level === 'STREET' ? 0.6 : 0;
        const target = rng.chance(transferShare) ? this.transferTarget(handler) : null;
        if (target) return this.step(this.after(30 * MINUTE, 36 * HOUR), (at) => this.transfer(target, at));
        // About one wish card in four is chosen for the street's yearly wish project (200 wishes → 45 chosen).
        if (this.intoProject && handler.kind === 'UNION_POST' && handler.parent) {
          const street = handler.parent;
          return this.step(this.after(2 * HOUR, 5 * DAY), (at) => this.joinProject(street, at));
        }
        return this.step(this.after(30 * MINUTE, 48 * HOUR), (at) => this.accept(at));
      }
      case CaseState.TRANSFERRED: {
        const acceptHours = this.g.deadlineAt(c.handlingPath, c.kind, c.urgency).acceptHours * HOUR;
        if (this.transferOutcome === 'accept') return this.step(this.after(HOUR, 0.8 * acceptHours), (at) => this.accept(at));
        if (this.transferOutcome === 'return') return this.step(this.after(2 * HOUR, 0.7 * acceptHours), (at) => this.giveBack(at));
        // The receiver lets it lie: the sweep sends it up when the acceptance deadline passes.
        return null;
      }
      case CaseState.ACCEPTED:
      case CaseState.IN_PROGRESS: {
        if (this.fate === 'declined' && this.declineFrom === CaseState.ACCEPTED && c.state === CaseState.ACCEPTED) {
          return this.step(this.after(DAY, 5 * DAY), (at) => this.decline(at));
        }
        const pending = this.stepsLeft + (this.awaitPending ? 1 : 0);
        let step: Step;
        if (pending > 0) {
          const gap = Math.max(10 * MINUTE, ((this.resolveAt - this.at) / (pending + 1)) * rng.float(0.6, 1.4));
          const at = this.working(this.at + gap);
          // The worker is asked for something after the first note, or at once when there is none.
          const ask = this.awaitPending && (this.stepsLeft === 0 || c.state === CaseState.IN_PROGRESS);
          step = this.step(at, ask ? (at) => this.awaitWorker(at) : (at) => this.progress(at));
        } else {
          step = this.step(Math.max(this.resolveAt, this.at + 10 * MINUTE), (at) => this.resolve(at));
        }
        if (this.superviseAt) {
          if (this.superviseAt <= this.at) this.superviseAt = 0;
          else if (this.superviseAt < step.at && this.higher(handler)) return this.step(this.superviseAt, (at) => this.supervise(at));
        }
        return step;
      }
      case CaseState.WAITING_ON_WORKER:
        return this.step(this.after(4 * HOUR, 6 * DAY), (at) => this.workerResponded(at));
      case CaseState.RESOLVED: {
        const needsHigher = HIGHER_SIGN_OFF.includes(c.kind);
        return this.step(needsHigher ? this.after(4 * HOUR, 4 * DAY) : this.after(HOUR, 2 * DAY), (at) => this.signOff(at, needsHigher || rng.chance(0.2)));
      }
      case CaseState.SIGNED_OFF:
        // No rating (or nobody to give one): the sweep closes it when the window runs out.
        return this.rating ? this.step(this.rateAt, (at) => this.rate(at)) : null;
      default:
        return null;
    }
  }

  /** A stuck case that missed its deadline: its new supervisor may chase it, once. */
  private superviseStuck(): Step | null {
    if (!this.supervisesStuck || !this.c.deadlineEscalated || this.lastEscalatedAt === 0 || !this.higher(this.g.org(this.c.handlingOrgId))) return null;
    const at = this.working(Math.max(this.lastEscalatedAt, this.at) + this.rng.float(DAY, 10 * DAY));
    return this.step(at, (t) => {
      this.supervise(t);
      this.lastEscalatedAt = 0;
    });
  }

  private step(at: number, run: (at: number) => void): Step {
    const t = wholeSeconds(Math.max(at, this.at + SECOND)).getTime();
    return { at: t, run: () => run(t) };
  }

  /** A moment between `min` and `max` after the last event, within office hours. */
  private after(min: number, max: number): number {
    return this.working(this.at + this.rng.float(min, Math.max(min, max)));
  }

  /** The same moment, or the start of the next working day (plus a little) when it falls outside 08:00–20:00. */
  private working(ms: number): number {
    const local = ms + CST;
    const day = Math.floor(local / DAY);
    const inDay = local - day * DAY;
    if (inDay >= WORK_START && inDay < WORK_START + WORK_HOURS) return ms;
    const nextDay = inDay < WORK_START ? day : day + 1;
    return nextDay * DAY - CST + WORK_START + this.rng.float(0, 2 * HOUR);
  }

  /** Staff of a strict ancestor of the handling org (the party for sign-off and supervision), if there is one. */
  private higher(handler: OrgNode): { actor: Actor; caller: Caller } | null {
    return handler.parent?.staff ?? null;
  }

  private transferTarget(handler: OrgNode): OrgNode | null {
    const candidates: OrgNode[] = [];
    const home = this.home;
    if (home && home.path.startsWith(handler.path)) {
      for (const a of home.ancestors) {
        if (a.ancestors.length > handler.ancestors.length && (a.level === 'STREET' || a.level === 'ENTERPRISE')) candidates.push(a);
      }
    }
    if (!candidates.length) candidates.push(...handler.children.filter((o) => o.level === 'STREET' || o.level === 'ENTERPRISE'));
    const open = candidates.filter((o) => !this.returnedBy.has(o.id));
    return open.length ? this.rng.pick(open) : null;
  }

  /* ---------- transitions, as case.service.ts builds them ---------- */

  private apply(action: Transition, by: { actor: Actor; caller: Caller }, at: number, change: Omit<Change, 'action'>): void {
    const c = this.c;
    // The rule table decides, as it does for the API: a history it would refuse is a bug here.
    authorise(by.caller, action, c.state, c);
    const from = c.state;
    const previousHead = c.ledgerHead;
    // In place: only the final row is stored, and copying 40 columns per event was most of the generator's time.
    Object.assign(c, change.patch ?? {});
    c.state = change.to ?? from;
    c.version++;
    c.eventSeq++;
    const event = newEvent(c, c.eventSeq, previousHead, action, from, by.actor, new Date(at), change.note, change.detail);
    event.id = newId(at, this.g.ids.bytes(10));
    c.ledgerHead = event.hash;
    this.events.push(event);
    this.at = at;
  }

  private handlerParty(): { actor: Actor; caller: Caller } {
    return this.g.org(this.c.handlingOrgId).staff;
  }

  private member(): { actor: Actor; caller: Caller } | null {
    if (this.memberParty === undefined) this.memberParty = this.home && this.c.memberId ? memberParty(this.c.memberId, this.home) : null;
    return this.memberParty;
  }

  private accept(at: number): void {
    const rng = this.rng;
    const kind = this.c.kind;
    const handlers = this.g.org(this.c.handlingOrgId).handlers;
    let picked: { responsible: string; responsibleStaffId: string | null; responsibleDepartmentId: string | null };
    if (handlers?.length) {
      const h = handlers[rng.int(0, handlers.length - 1)];
      picked = { responsible: h.display, responsibleStaffId: h.staffId, responsibleDepartmentId: h.departmentId };
    } else {
      const dept = rng.pick(T.RESPONSIBLE[kind]);
      picked = { responsible: rng.chance(0.4) ? `${dept} ${rng.pick(T.STAFF_SURNAMES)}${rng.pick(T.STAFF_TITLES)}` : dept, responsibleStaffId: null, responsibleDepartmentId: null };
    }
    const note = rng.chance(0.5) ? rng.pick(T.ACCEPT_NOTES) : null;
    const detail = picked.responsibleStaffId ? { responsible: picked.responsible, staffId: picked.responsibleStaffId, departmentId: picked.responsibleDepartmentId ?? undefined } : { responsible: picked.responsible };
    this.apply(CaseAction.ACCEPT, this.handlerParty(), at, {
      to: CaseState.ACCEPTED, patch: { ...picked, acceptDueAt: null, transferredFromOrgId: null }, note, detail,
    });
    this.planResolution(rng.chance(LATE_SHARE[kind] ?? DEFAULT_LATE_SHARE));
    this.stepsLeft = rng.weighted([[0, 25], [1, 40], [2, 25], [3, 10]] as const);
    if (this.fate === 'stuck' && this.stall === CaseState.IN_PROGRESS) this.stepsLeft = Math.max(1, this.stepsLeft);
    this.awaitPending = this.awaitsWorker;
  }

  /** The post puts the wish into its street's project, which takes the case over (project.service joinChange()). */
  private joinProject(street: OrgNode, at: number): void {
    const rng = this.rng;
    const project = this.g.projectFor(street, this.c, at);
    const responsible = `项目：${project.title}`.slice(0, 100);
    this.apply(CaseAction.JOIN_PROJECT, this.handlerParty(), at, {
      to: CaseState.ACCEPTED,
      patch: { projectId: project.id, responsible, acceptDueAt: null, transferredFromOrgId: null },
      note: `Joined the service project "${project.title}".`,
      detail: { projectId: project.id, accepted: true, responsible },
    });
    this.planResolution(rng.chance(DEFAULT_LATE_SHARE));
    this.stepsLeft = rng.weighted([[0, 40], [1, 45], [2, 15]] as const);
    this.awaitPending = false;
  }

  /** When the handler will resolve it: mostly well inside the deadline, sometimes after it. */
  private planResolution(late: boolean): void {
    const rng = this.rng;
    const due = this.c.dueAt.getTime();
    const budget = due - this.at;
    const resolveHours = this.g.deadlineAt(this.c.handlingPath, this.c.kind, this.c.urgency).resolveHours * HOUR;
    if (late) this.resolveAt = due + rng.float(0.05, 0.8) * resolveHours;
    else if (budget > 4 * HOUR) this.resolveAt = this.at + budget * rng.float(0.3, 0.92);
    else this.resolveAt = this.at + rng.float(2 * HOUR, 3 * DAY);
  }

  private transfer(target: OrgNode, at: number): void {
    const c = this.c;
    const acceptHours = this.g.deadlineAt(target.path, c.kind, c.urgency).acceptHours;
    this.apply(CaseAction.TRANSFER, this.handlerParty(), at, {
      to: CaseState.TRANSFERRED,
      patch: { handlingOrgId: target.id, handlingPath: target.path, transferredFromOrgId: c.handlingOrgId, acceptDueAt: new Date(at + acceptHours * HOUR) },
      note: this.rng.chance(0.7) ? this.rng.pick(T.TRANSFER_NOTES) : null,
      detail: { fromOrgId: c.handlingOrgId, toOrgId: target.id },
    });
    this.routedBefore = true;
    this.transferOutcome = this.rng.weighted([['accept', 85], ['return', 10], ['miss', 5]] as const);
  }

  /** 退回 to the sender. */
  private giveBack(at: number): void {
    const c = this.c;
    const reason = this.rng.weighted([
      [ReturnReason.NOT_IN_JURISDICTION, 35], [ReturnReason.INSUFFICIENT_INFORMATION, 30], [ReturnReason.OUTSIDE_UNION_REMIT, 15], [ReturnReason.DUPLICATE, 10], [ReturnReason.OTHER, 10],
    ] as const);
    const sender = this.g.org(c.transferredFromOrgId ?? parentOf(c.handlingPath)!.orgId);
    this.returnedBy.add(c.handlingOrgId);
    this.apply(CaseAction.RETURN, this.handlerParty(), at, {
      to: CaseState.REGISTERED,
      patch: { handlingOrgId: sender.id, handlingPath: sender.path, transferredFromOrgId: null, acceptDueAt: null },
      note: T.RETURN_NOTES[reason],
      detail: { reason, toOrgId: sender.id },
    });
  }

  private progress(at: number): void {
    this.stepsLeft--;
    this.apply(CaseAction.PROGRESS, this.handlerParty(), at, { to: CaseState.IN_PROGRESS, note: this.rng.pick(T.PROGRESS_NOTES[this.c.kind]) });
  }

  private awaitWorker(at: number): void {
    this.awaitPending = false;
    this.apply(CaseAction.AWAIT_WORKER, this.handlerParty(), at, { to: CaseState.WAITING_ON_WORKER, patch: { pausedAt: new Date(at) }, note: this.rng.pick(T.AWAIT_NOTES) });
  }

  private workerResponded(at: number): void {
    const c = this.c;
    const paused = c.pausedAt ? Math.max(0, at - wholeSeconds(c.pausedAt).getTime()) : 0;
    const by = (this.rng.chance(0.6) && this.member()) || this.handlerParty();
    this.apply(CaseAction.WORKER_RESPONDED, by, at, {
      to: CaseState.IN_PROGRESS, patch: { pausedAt: null, dueAt: new Date(c.dueAt.getTime() + paused) }, note: this.rng.pick(T.RESPONSE_NOTES), detail: { pausedSeconds: paused / 1000 },
    });
    this.resolveAt += paused;
  }

  private resolve(at: number): void {
    const { action: _, ...change } = resolution_(this.c, new Date(at), this.rng.pick(T.RESOLUTIONS[this.c.kind]));
    this.apply(CaseAction.RESOLVE, this.handlerParty(), at, change);
  }

  private signOff(at: number, byHigher: boolean): void {
    const rng = this.rng;
    const handler = this.g.org(this.c.handlingOrgId);
    const by = byHigher ? (this.higher(handler) ?? ADMIN) : handler.staff;
    this.apply(CaseAction.SIGN_OFF, by, at, { to: CaseState.SIGNED_OFF, patch: { signedOffAt: new Date(at) }, note: rng.chance(0.5) ? rng.pick(T.SIGN_OFF_NOTES) : null });
    // Whether and how the worker will rate, decided now so a re-plan does not change it.
    const reopened = this.c.reopenCount > 0;
    this.rating = null;
    if (this.member() && !rng.chance(reopened ? 0.08 : 0.12)) {
      const choices: (readonly [Rating, number])[] = reopened
        ? [[Rating.SATISFIED, 60], [Rating.BASICALLY_SATISFIED, 33], [Rating.UNSATISFIED, this.c.reopenCount < 2 ? 7 : 0]]
        : [[Rating.SATISFIED, 78], [Rating.BASICALLY_SATISFIED, 15], [Rating.UNSATISFIED, 7]];
      this.rating = rng.weighted(choices);
      this.rateAt = at + rng.float(HOUR, (this.g.options.ratingTimeoutDays - 0.5) * DAY);
    }
  }

  private rate(at: number): void {
    const rng = this.rng;
    const c = this.c;
    const rating = this.rating!;
    this.rating = null;
    const ratingComment = rng.pick(T.RATING_COMMENTS[rating]);
    if (rating !== Rating.UNSATISFIED) {
      this.apply(CaseAction.RATE, this.member()!, at, {
        to: CaseState.CLOSED, patch: { rating, ratingComment, closedAt: new Date(at), closeReason: CloseReason.RATED }, note: ratingComment, detail: { rating },
      });
      return;
    }
    const resolveHours = this.g.deadlineAt(c.handlingPath, c.kind, c.urgency).resolveHours;
    this.apply(CaseAction.RATE, this.member()!, at, {
      to: CaseState.IN_PROGRESS,
      patch: {
        rating, ratingComment, supervised: true, reopenCount: c.reopenCount + 1, resolvedAt: null, onTime: null, signedOffAt: null,
        dueAt: new Date(at + resolveHours * HOUR), deadlineEscalated: false,
      },
      note: ratingComment,
      detail: { rating, reopened: true },
    });
    this.planResolution(rng.chance(0.1));
    this.stepsLeft = rng.int(1, 2);
    this.awaitPending = false;
  }

  private decline(at: number): void {
    const reason = this.rng.weighted([
      [DeclineReason.OUTSIDE_UNION_REMIT, 40], [DeclineReason.DUPLICATE, 20], [DeclineReason.WITHDRAWN_BY_WORKER, 20], [DeclineReason.UNLAWFUL_OR_UNREASONABLE, 10], [DeclineReason.OTHER, 10],
    ] as const);
    this.apply(CaseAction.DECLINE, this.handlerParty(), at, { to: CaseState.DECLINED, patch: { declineReason: reason, closedAt: new Date(at) }, note: T.DECLINE_NOTES[reason], detail: { reason } });
  }

  private supervise(at: number): void {
    this.superviseAt = 0;
    const by = this.higher(this.g.org(this.c.handlingOrgId))!;
    this.apply(CaseAction.SUPERVISE, by, at, { patch: { supervised: true }, note: this.rng.pick(T.SUPERVISE_NOTES) });
  }

  /* ---------- the deadline sweep (sweep.service.ts) ---------- */

  /**
   * Runs the sweep once at the first moment it would find this case, if that is before
   * `until`: a few seconds to a minute after the deadline passed (the sweep runs every
   * minute). Returns whether it did.
   */
  private sweep(until: number): boolean {
    const c = this.c;
    const timeout = this.g.options.ratingTimeoutDays * DAY;
    let due = Infinity;
    if (c.state === CaseState.TRANSFERRED && c.acceptDueAt) due = Math.min(due, c.acceptDueAt.getTime());
    if (CLOCK_RUNNING.includes(c.state) && !c.deadlineEscalated) due = Math.min(due, c.dueAt.getTime());
    if (c.state === CaseState.SIGNED_OFF && c.signedOffAt) due = Math.min(due, c.signedOffAt.getTime() + timeout);
    if (due === Infinity) return false;
    let now = wholeSeconds(Math.max(due, this.at)).getTime() + this.rng.int(1, 60) * SECOND;
    // A sweep run at the data's own `now` finds nothing left to do.
    if (now > this.g.nowMs && due < this.g.nowMs) now = this.g.nowMs;
    if (now >= until) return false;
    const events = this.events.length;

    if (c.state === CaseState.TRANSFERRED && c.acceptDueAt && c.acceptDueAt.getTime() < now) {
      const parent = parentOf(c.handlingPath);
      if (parent) {
        this.apply(CaseAction.ESCALATE, { actor: SWEEPER, caller: SWEEPER_CALLER }, now, {
          to: CaseState.REGISTERED,
          patch: {
            supervised: true, escalatedToOrgId: parent.orgId, handlingOrgId: parent.orgId, handlingPath: parent.path,
            transferredFromOrgId: null, acceptDueAt: null, deadlineEscalated: c.deadlineEscalated || c.dueAt.getTime() < now,
          },
          note: 'The receiving org did not accept or return the case in time.',
          detail: { reason: 'ACCEPTANCE_MISSED', fromOrgId: c.handlingOrgId, toOrgId: parent.orgId },
        });
      }
    }
    const d = this.c;
    if (CLOCK_RUNNING.includes(d.state) && !d.deadlineEscalated && d.dueAt.getTime() < now) {
      const parent = parentOf(d.handlingPath);
      this.apply(CaseAction.ESCALATE, { actor: SWEEPER, caller: SWEEPER_CALLER }, now, {
        patch: { supervised: true, deadlineEscalated: true, escalatedToOrgId: parent?.orgId ?? d.escalatedToOrgId },
        note: 'The resolution deadline passed.',
        detail: { reason: 'DEADLINE_MISSED', dueAt: d.dueAt.toISOString(), toOrgId: parent?.orgId },
      });
      this.lastEscalatedAt = now;
    }
    const s = this.c;
    if (s.state === CaseState.SIGNED_OFF && s.signedOffAt && s.signedOffAt.getTime() < now - timeout) {
      this.rating = null;
      this.apply(CaseAction.CLOSE_TIMEOUT, { actor: SWEEPER, caller: SWEEPER_CALLER }, now, {
        to: CaseState.CLOSED, patch: { closedAt: new Date(now), closeReason: CloseReason.TIMEOUT }, note: 'No rating before the rating window closed.',
      });
    }
    return this.events.length > events;
  }
}

/** 0 Monday … 6 Sunday, by the China calendar. */
function weekdayOf(at: number): number {
  return (new Date(at + CST).getUTCDay() + 6) % 7;
}

/** Whether `at` falls in a 100-day interview campaign (from INTERVIEW_START, China time). */
function inInterviewCampaign(at: number): boolean {
  const year = chinaYear(new Date(at));
  const start = Date.UTC(year, INTERVIEW_START.month - 1, INTERVIEW_START.day) - CST;
  return at >= start && at < start + INTERVIEW_DAYS * DAY;
}
