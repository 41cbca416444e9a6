/**
 * Demo union posts (工会驿站) of one district, as Dachuan reports them: 28 posts with wish walls,
 * about 200 wishes of which 45 were chosen into service projects (summer childcare, free films,
 * summer deliveries, classes), and more than 100 suggestions from the suggestion books.
 *
 * Unlike the bulk generator (generate.ts) this plays every history through the writers the API
 * uses: registerCase() for each wish and suggestion, applyChange() for each step, joinChange()
 * for choosing a wish into a project. A few hundred cases is cheap that way, and the rows, the
 * ledger, the visibility rows and the tally are exactly the live ones.
 */
import type { DataSource } from 'typeorm';
import { newId } from '@lianxin/auth';
import { Random } from '@lianxin/demo-kit';
import { insertRows, wholeSeconds, type OrgInfo } from '@lianxin/subgraph';
import { CaseAction, CaseChannel, CaseKind, CaseState, DeclineReason, OutreachKind, Urgency } from '../casefile/case.enums';
import type { CaseRow } from '../casefile/case.entity';
import { registerCase, resolution_ } from '../case/case.service';
import { applyChange, type Actor, type Change } from '../case/case.writer';
import { ProjectNoteRow, ProjectRow, ProjectState } from '../project/project.entity';
import { joinChange } from '../project/project.service';
import { UnionPostRow } from '../post/post.entity';
import type { SeedMember, SeedOrg } from './generate';

export interface PostsSeedInput {
  orgs: readonly SeedOrg[];
  members: readonly SeedMember[];
  /** The end of the window: everything happened before it. */
  now: Date;
  seed?: number;
}

export interface PostsSeedResult {
  posts: number;
  wishes: number;
  chosen: number;
  projects: number;
  suggestions: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The numbers Dachuan reports. */
export const POST_DEMO = { posts: 28, wishes: 203, chosen: 45, suggestions: 108, withBook: 22, days: 300 } as const;

const POST_NAMES = [
  '劳动者大本营', '快递小哥暖心驿站', '环卫工人爱心驿站', '外卖骑手之家', '货车司机之家', '户外劳动者港湾', '职工书屋驿站', '新业态劳动者服务站',
  '网约车司机驿站', '园区职工之家', '建筑工人驿站', '商圈职工驿站', '客运站司机驿站', '菜市场职工驿站', '物流园工会驿站', '社区职工驿站',
  '医护职工驿站', '滨河路户外驿站', '通川路工会驿站', '西环路暖心驿站', '朝阳路职工驿站', '华蜀路爱心驿站', '红旗路户外驿站', '南坝街工会驿站',
  '金山路职工驿站', '高铁站职工驿站', '工业园职工驿站', '老城区工会驿站',
] as const;
const STREETS = ['金山路', '滨河路', '通川路', '西环路', '南坝街', '朝阳路', '华蜀路', '红旗路'] as const;
const HOURS = ['每天 8:00-20:00', '每天 7:00-22:00', '全天开放', '周一至周六 9:00-18:00'] as const;

/** The projects the district chose wishes into, each with the wishes that fit it; the first ones are done. */
const PROJECTS = [
  { title: '职工子女暑期托管和夏令营', purpose: '为双职工家庭的孩子办暑期托管班和夏令营', wishes: ['希望暑假有人帮忙照看孩子，双职工实在顾不过来', '孩子放暑假一个人在家，希望工会能办个托管班', '想让孩子参加夏令营，希望工会组织一次'] },
  { title: '达工影院公益放映', purpose: '在达工影院为职工和家属放映公益电影', wishes: ['好多年没进过电影院了，希望能组织看场电影', '希望周末能带家人免费看一场电影', '希望驿站附近能放露天电影'] },
  { title: '夏送清凉点单式慰问', purpose: '按职工点的单送清凉慰问品', wishes: ['夏天跑单太热，希望能多送些防暑药品', '希望夏天驿站能备些绿豆汤和藿香正气水', '希望送清凉能按我们的需要点单'] },
  { title: '公益服务培训班（4期52个班次）', purpose: '开办声乐、书法、烹饪、电工等公益培训班', wishes: ['想学声乐，希望工会开公益课', '想考电工证，希望有免费的培训班', '希望能学做几道家常菜，开个烹饪班'] },
  { title: '驿站设施添置', purpose: '为驿站添置充电柜、微波炉和饮水机', wishes: ['希望驿站装一个电动车充电柜', '希望驿站添一台微波炉热饭', '希望驿站能有饮水机，夏天能喝上凉水'] },
  { title: '户外劳动者爱心早餐', purpose: '冬季为环卫工人和快递员提供爱心早餐', wishes: ['冬天早上五点出工，希望有口热早饭', '希望驿站冬天早上能供应热豆浆', '环卫工人早上没地方吃饭，希望有爱心早餐'] },
] as const;
const RESOLVED_PROJECTS = 4;
const OTHER_WISHES = [
  '希望单位食堂增加川菜窗口', '希望工会组织一次职工体检', '希望能办一场职工相亲联谊会', '希望给孩子申请一个学习用的书桌', '希望厂区能多装几盏路灯',
  '希望工会组织职工篮球赛', '希望能给老母亲办个就医绿色通道', '希望驿站增设雨具借用', '希望有法律专家来驿站讲讲劳动合同', '希望开通职工子女助学渠道',
] as const;
const SUGGESTIONS = [
  ['建议驿站晚上延长开放到十点，夜班骑手也能歇脚', CaseKind.SUGGESTION], ['建议驿站的饮水机定期清洗消毒', CaseKind.CARE_POST], ['建议工会公开慰问品的发放名单', CaseKind.SUGGESTION],
  ['建议每月请律师来驿站坐班答疑一次', CaseKind.LEGAL_AID], ['平台扣款规则不透明，建议工会出面协商', CaseKind.COLLECTIVE_BARGAINING], ['建议驿站增加手机充电插座', CaseKind.CARE_POST],
  ['建议会员服务卡能在更多商户使用', CaseKind.SUGGESTION], ['建议工会活动提前一周在群里通知', CaseKind.SUGGESTION], ['建议驿站配备急救箱和AED', CaseKind.CARE_POST],
  ['公司拖欠加班费两个月，建议工会帮忙维权', CaseKind.LEGAL_AID],
] as const;
const HANDLER_NOTES = { accept: '驿站管理员已接单', answer: '已答复职工：意见已采纳，驿站管理制度已相应调整。', decline: '已向职工说明：该事项不属工会职责，已告知向相关部门反映的渠道。' } as const;

const staffOf = (org: SeedOrg): Actor => ({ sub: `staff-${org.code}`, role: 'staff', orgId: org.id });
const infoOf = (org: SeedOrg): OrgInfo => ({ id: org.id, parentId: null, path: org.path, code: org.code, level: org.level as OrgInfo['level'], name: org.code });

/** Milliseconds since the epoch in a ULID's first ten characters: when a member joined. */
function ulidTime(id: string): number {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let t = 0;
  for (let i = 0; i < 10; i++) t = t * 32 + alphabet.indexOf(id[i]);
  return t;
}

/**
 * Seeds the posts of the first district (by code), once: does nothing when union posts exist
 * already, so it is safe on every start and gives a database seeded before posts existed its
 * posts. One transaction: all of it lands or none.
 */
export async function seedUnionPosts(db: DataSource, input: PostsSeedInput): Promise<PostsSeedResult> {
  const none: PostsSeedResult = { posts: 0, wishes: 0, chosen: 0, projects: 0, suggestions: 0 };
  if ((await db.getRepository(UnionPostRow).count()) > 0) return none;
  const district = [...input.orgs].filter((o) => o.level === 'DISTRICT').sort((a, b) => (a.code < b.code ? -1 : 1))[0];
  if (!district) return none;
  const rng = new Random(input.seed ?? 20261125, 'union-posts');
  const now = wholeSeconds(input.now).getTime();
  const start = now - POST_DEMO.days * DAY;
  const under = input.orgs.filter((o) => o.path.startsWith(district.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
  // The district's own posts (UNION_POST orgs run themselves), then posts its streets run, round the streets.
  const runners = [...under.filter((o) => o.kind === 'UNION_POST'), ...under.filter((o) => o.level === 'STREET')];
  if (!runners.length) runners.push(district);
  const orgById = new Map(input.orgs.map((o) => [o.id, o]));
  const membersUnder = (org: SeedOrg) => input.members.filter((m) => orgById.get(m.orgId)?.path.startsWith(org.path));

  return db.transaction(async (em) => {
    const posts: { row: UnionPostRow; org: SeedOrg; members: readonly SeedMember[] }[] = [];
    for (let i = 0; i < POST_DEMO.posts; i++) {
      const org = runners[i % runners.length];
      const at = wholeSeconds(start - rng.int(20, 60) * DAY);
      const row = Object.assign(new UnionPostRow(), {
        id: newId(at.getTime(), rng.bytes(10)), orgId: org.id, orgPath: org.path, name: POST_NAMES[i], address: `${STREETS[i % STREETS.length]}${10 + i * 3}号`,
        openingHours: HOURS[i % HOURS.length], wishWall: true, suggestionBook: i < POST_DEMO.withBook, createdBy: staffOf(org).sub, createdAt: at, updatedAt: at, version: 1,
      });
      posts.push({ row, org, members: membersUnder(org) });
    }
    // insertRows: em.insert() of many rows reads their defaults back by position, which mixed up the rows' ids here.
    await insertRows(em, UnionPostRow, posts.map((p) => p.row));

    /** A moment in office hours (China) between two instants. */
    const moment = (from: number, to: number) => {
      let t = rng.between(from, Math.max(from, to));
      const local = (t + 8 * HOUR) % DAY;
      // Before 08:00 it waits for the morning; after 20:00 for the next one. Never later than now.
      if (local < 8 * HOUR) t += 8 * HOUR - local + rng.int(0, 120) * 60_000;
      else if (local > 20 * HOUR) t += DAY - local + 8 * HOUR + rng.int(0, 120) * 60_000;
      return wholeSeconds(Math.min(t, now - 60_000));
    };
    /** Collects one entry at a post: a member in their own name, staff for a member, or staff for a worker not named. */
    const collect = async (post: (typeof posts)[number], channel: CaseChannel, kind: CaseKind, text: string, at: Date): Promise<CaseRow> => {
      const joined = post.members.filter((m) => ulidTime(m.id) < at.getTime());
      const member = joined.length && rng.chance(0.85) ? rng.pick(joined) : null;
      const self = member && rng.chance(0.55);
      const actor: Actor = self ? { sub: `member-${member.id}`, role: 'member', orgId: member.orgId } : staffOf(post.org);
      return registerCase(em, {
        org: infoOf(post.org), kind, channel, urgency: Urgency.NORMAL, description: text, memberId: member?.id ?? null, actor, onBehalf: !self,
        source: { kind: OutreachKind.UNION_POST, id: post.row.id }, id: newId(at.getTime(), rng.bytes(10)),
      }, at);
    };
    const step = (c: CaseRow, change: Change, by: Actor, at: Date) => applyChange(em, c, change, by, at);
    const accept = (c: CaseRow, org: SeedOrg, at: Date) =>
      step(c, { action: CaseAction.ACCEPT, to: CaseState.ACCEPTED, patch: { responsible: '驿站管理员', acceptDueAt: null, transferredFromOrgId: null }, note: HANDLER_NOTES.accept, detail: { responsible: '驿站管理员' } }, staffOf(org), at);
    const decline = (c: CaseRow, org: SeedOrg, at: Date, note: string) =>
      step(c, { action: CaseAction.DECLINE, to: CaseState.DECLINED, patch: { declineReason: DeclineReason.OTHER, closedAt: at }, note, detail: { reason: DeclineReason.OTHER } }, staffOf(org), at);

    // Wishes: the chosen ones first drawn from each project's themes, then the rest.
    const wishPlan: { post: (typeof posts)[number]; text: string; project: number | null; at: Date }[] = [];
    for (let i = 0; i < POST_DEMO.wishes; i++) {
      const project = i < POST_DEMO.chosen ? i % PROJECTS.length : null;
      const text = project === null ? rng.pick(OTHER_WISHES) : rng.pick(PROJECTS[project].wishes);
      // The projects granted by now took wishes from early in the year; the running ones take this month's, still inside their deadline.
      const [from, to] = project === null ? [start, now - HOUR] : project < RESOLVED_PROJECTS ? [start, now - 60 * DAY] : [now - 18 * DAY, now - 12 * DAY];
      wishPlan.push({ post: posts[i % posts.length], text, project, at: moment(from, to) });
    }
    wishPlan.sort((a, b) => a.at.getTime() - b.at.getTime());
    const chosenInto: CaseRow[][] = PROJECTS.map(() => []);
    let wishes = 0;
    for (const w of wishPlan) {
      let c = await collect(w.post, CaseChannel.WISH_WALL, CaseKind.MICRO_WISH, w.text, w.at);
      wishes++;
      if (w.project !== null) {
        chosenInto[w.project].push(c);
        continue;
      }
      const age = now - w.at.getTime();
      if (age < 12 * DAY) continue; // still on the wall, within its deadline
      if (rng.chance(0.3)) {
        c = await accept(c, w.post.org, moment(w.at.getTime() + HOUR, w.at.getTime() + DAY));
        const granted = moment(w.at.getTime() + 3 * DAY, w.at.getTime() + 10 * DAY);
        await step(c, resolution_(c, granted, '驿站已协调解决，职工表示满意。'), staffOf(w.post.org), granted);
      } else {
        await decline(c, w.post.org, moment(w.at.getTime() + DAY, w.at.getTime() + 8 * DAY), '本批微心愿项目已选定，已向职工说明，纳入下一批候选。');
      }
    }

    // The district chooses the wishes into its projects (统一帮办), and grants the first ones.
    const districtStaff = staffOf(district);
    for (const [i, spec] of PROJECTS.entries()) {
      const cases = chosenInto[i];
      if (!cases.length) continue;
      const last = Math.max(...cases.map((c) => c.raisedAt.getTime()));
      const createdAt = moment(last + DAY, last + 3 * DAY);
      const project = Object.assign(new ProjectRow(), {
        id: newId(createdAt.getTime(), rng.bytes(10)), orgId: district.id, orgPath: district.path, title: spec.title, purpose: spec.purpose, state: ProjectState.OPEN,
        progress: 0, createdBy: districtStaff.sub, createdAt, resolvedAt: null, version: 1,
      });
      await em.insert(ProjectRow, project);
      const joined: CaseRow[] = [];
      for (const c of cases) joined.push(await step(c, joinChange(c, project), districtStaff, createdAt));
      const done = i < RESOLVED_PROJECTS;
      const reportAt = done ? moment(createdAt.getTime() + 10 * DAY, createdAt.getTime() + 40 * DAY) : moment(createdAt.getTime() + DAY, now - HOUR);
      const note = done ? `${spec.title}已全部办结，${cases.length}个微心愿已实现。` : `${spec.title}正在推进，已对接爱心单位。`;
      if (done) {
        for (const c of joined) await step(c, { ...resolution_(c, reportAt, note), detail: { projectId: project.id } }, districtStaff, reportAt);
      }
      const progress = done ? 100 : rng.int(30, 70);
      await em.createQueryBuilder().update(ProjectRow)
        .set(done ? { state: ProjectState.RESOLVED, progress, resolvedAt: reportAt, version: 2 } : { progress, version: 2 }).where('id = :id', { id: project.id }).execute();
      await em.insert(ProjectNoteRow, Object.assign(new ProjectNoteRow(), { id: newId(reportAt.getTime(), rng.bytes(10)), projectId: project.id, progress, note, actorSub: districtStaff.sub, at: reportAt }));
    }

    // Suggestions from the books: most answered, a few declined with the way to go, the newest still open.
    const books = posts.filter((p) => p.row.suggestionBook);
    const plan = Array.from({ length: POST_DEMO.suggestions }, (_, i) => ({ post: books[i % books.length], pick: rng.pick(SUGGESTIONS), at: moment(start, now - HOUR) }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const s of plan) {
      let c = await collect(s.post, CaseChannel.SUGGESTION_BOOK, s.pick[1], s.pick[0], s.at);
      if (now - s.at.getTime() < 10 * DAY) continue;
      if (rng.chance(0.08)) {
        await decline(c, s.post.org, moment(s.at.getTime() + HOUR, s.at.getTime() + 3 * DAY), HANDLER_NOTES.decline);
        continue;
      }
      c = await accept(c, s.post.org, moment(s.at.getTime() + HOUR, s.at.getTime() + DAY));
      const answered = moment(c.raisedAt.getTime() + 2 * DAY, c.raisedAt.getTime() + 8 * DAY);
      await step(c, resolution_(c, answered, HANDLER_NOTES.answer), staffOf(s.post.org), answered);
    }
    return { posts: posts.length, wishes, chosen: POST_DEMO.chosen, projects: PROJECTS.length, suggestions: plan.length };
  });
}
