/**
 * Demo data for interview campaigns (大访谈): the city-wide 百日万名青年职工大访谈 of this
 * year's window (the 100 days from 1 April in which the case generator raises its
 * INTERVIEW_CAMPAIGN requests; last year's while this year's has not begun), with interview points at the union posts, the streets' dormitory areas
 * and enough enterprises to make about 300, questionnaire versions per audience, and its
 * interviews day by day, about a third online. The problem list is the demo cases that came
 * in through INTERVIEW_CAMPAIGN during the campaign: each gets the interview it was raised
 * in, so their states and ratings (resolved, rated, closed) are the generator's, ledger and
 * figures included. Written in bulk after the cases.
 */
import { addDays, chinaDate, dayCount, dayStart } from '@lianxin/members-client';
import { newId, pathIds } from '@lianxin/auth';
import { Random } from '@lianxin/demo-kit';
import { insertRows } from '@lianxin/subgraph';
import type { DataSource } from 'typeorm';
import { CaseRow } from '../casefile/case.entity';
import { CaseChannel, OutreachKind } from '../casefile/case.enums';
import { CampaignAudience, CampaignRow, InterviewMode, InterviewPointKind, InterviewPointRow, InterviewRow, QuestionnaireRow } from '../campaign/campaign.entity';
import { ageOn, audienceOf } from '../campaign/campaign.service';
import { INTERVIEW_DAYS, INTERVIEW_START, type SeedMember, type SeedOrg } from './generate';

export interface CampaignSeedResult {
  campaigns: number;
  points: number;
  interviews: number;
  online: number;
  /** Demo cases linked to the interview they were raised in: the problem list. */
  problems: number;
}

/** At the demo's 50,000 members the campaign aims at 10,000 interviews; smaller trees get a campaign to their size. */
const FULL_SCALE_MEMBERS = 50_000;
const POINTS_WANTED = 300;
/** Interviews over the whole period at full scale: the target a little exceeded, as Suzhou's was. */
const INTERVIEWS_FULL = 10_400;
const MAX_AGE = 40;
const NEW_FORMS = ['DELIVERY_RIDER', 'RIDE_HAILING_DRIVER', 'COURIER', 'LIVE_STREAMER'] as const;
const GENERAL_QUESTIONS = ['您目前的工作岗位和工作时间？', '您对工资收入和劳动保障是否满意？', '您在住房、通勤、子女教育方面有什么困难？', '您最希望工会提供哪些服务？', '您有什么意见和建议？'];
const NEF_QUESTIONS = ['您主要在哪个平台接单？', '您每天在线工作多长时间？', '您是否参加了社会保险和职业伤害保障？', '您在休息、就餐、充电等方面有什么困难？', '您最希望工会提供哪些服务？'];
const ANSWERS = ['基本满意', '工作时间偏长', '希望多开展技能培训', '希望解决子女入学', '希望增加休息点', '住房压力较大', '希望组织联谊活动', '暂无', '希望提高收入', '希望完善社保'];

export async function seedCampaignDemo(db: DataSource, input: { orgs: readonly SeedOrg[]; members: readonly SeedMember[]; now: Date; seed?: number }): Promise<CampaignSeedResult> {
  const none: CampaignSeedResult = { campaigns: 0, points: 0, interviews: 0, online: 0, problems: 0 };
  const city = input.orgs.find((o) => o.level === 'CITY');
  if (!city || (await db.getRepository(CampaignRow).count()) > 0) return none;
  const rng = new Random(input.seed ?? 1, 'interview-campaign');
  const scale = Math.min(1, input.members.length / FULL_SCALE_MEMBERS);
  const today = chinaDate(input.now);
  const windowOf = (year: number) => `${year}-${String(INTERVIEW_START.month).padStart(2, '0')}-${String(INTERVIEW_START.day).padStart(2, '0')}`;
  const thisYear = windowOf(Number(today.slice(0, 4)));
  const startsOn = thisYear <= today ? thisYear : windowOf(Number(today.slice(0, 4)) - 1);
  const endsOn = addDays(startsOn, INTERVIEW_DAYS - 1);
  const lastDay = today < endsOn ? today : endsOn;
  const at = (day: string, hour: number) => new Date(dayStart(day).getTime() + hour * 3_600_000 + rng.int(0, 3599) * 1000);
  const stamp = (day: string) => {
    const t = at(day, rng.int(9, 19));
    return t > input.now ? input.now : t;
  };
  const id = (t: Date) => newId(t.getTime(), rng.bytes(10));

  const campaign = Object.assign(new CampaignRow(), {
    id: id(at(startsOn, 9)), orgId: city.id, orgPath: city.path, title: '百日万名青年职工大访谈', startsOn, endsOn, target: Math.round(10_000 * scale) || 100,
    maxAge: MAX_AGE, focusNewEmployment: true, createdBy: 'seed', createdAt: at(addDays(startsOn, -7), 10),
    outline: '一、工作情况：岗位、工时、收入与劳动保障；二、生活情况：住房、通勤、就餐与子女教育；三、新就业形态劳动者：平台规则、休息与职业伤害保障；四、对工会的期盼：最需要的服务与活动；五、现场收集的急难愁盼问题，逐条登记、建立题目清单。',
  });
  const questionnaire = (audience: CampaignAudience, version: number, title: string, questions: string[], on: string) =>
    Object.assign(new QuestionnaireRow(), { id: id(at(on, 8)), campaignId: campaign.id, orgId: city.id, orgPath: city.path, audience, version, title, questions: JSON.stringify(questions), createdAt: at(on, 8) });
  const revisedOn = addDays(startsOn, 20);
  const general1 = questionnaire(CampaignAudience.GENERAL, 1, '青年职工访谈问卷（通用版）', GENERAL_QUESTIONS.slice(0, 4), addDays(startsOn, -3));
  const general2 = questionnaire(CampaignAudience.GENERAL, 2, '青年职工访谈问卷（通用版·修订）', GENERAL_QUESTIONS, revisedOn);
  const nef = questionnaire(CampaignAudience.NEW_EMPLOYMENT_FORM, 1, '新就业形态劳动者访谈问卷', NEF_QUESTIONS, addDays(startsOn, -3));
  const questionnaireFor = (audience: CampaignAudience, day: string) => (audience === CampaignAudience.NEW_EMPLOYMENT_FORM ? nef : day < revisedOn ? general1 : general2);

  // Points: every union post, a dormitory area per street, then enterprises until about 300.
  const under = input.orgs.filter((o) => o.path.startsWith(city.path) && o.id !== city.id);
  const posts = under.filter((o) => o.kind === 'UNION_POST');
  const streets = under.filter((o) => o.level === 'STREET');
  const enterprises = rng.shuffled(under.filter((o) => o.level === 'ENTERPRISE' && o.kind !== 'UNION_POST'));
  const points: InterviewPointRow[] = [];
  const point = (o: SeedOrg, kind: InterviewPointKind, name: string) => {
    const p = Object.assign(new InterviewPointRow(), { id: id(at(addDays(startsOn, -2), 9)), campaignId: campaign.id, orgId: o.id, orgPath: o.path, name, kind });
    points.push(p);
    return p;
  };
  for (const o of posts) point(o, InterviewPointKind.UNION_POST, `工会驿站访谈点（${o.code}）`);
  for (const o of streets) point(o, InterviewPointKind.DORMITORY, `职工宿舍区访谈点（${o.code}）`);
  for (const o of enterprises.slice(0, Math.max(0, Math.round(POINTS_WANTED * Math.max(scale, 0.05)) - points.length))) point(o, InterviewPointKind.ENTERPRISE, `企业访谈点（${o.code}）`);
  const pointAt = new Map<string, InterviewPointRow>();
  for (const p of points) if (!pointAt.has(p.orgId)) pointAt.set(p.orgId, p);

  const interviews: InterviewRow[] = [];
  const interviewed = new Set<string>();
  const memberById = new Map(input.members.map((m) => [m.id, m]));
  const orgById = new Map(input.orgs.map((o) => [o.id, o]));
  const employment = () => (rng.chance(0.45) ? rng.pick(NEW_FORMS) : 'REGULAR');
  const interview = (o: { id: string; path: string }, day: string, mode: InterviewMode, p: InterviewPointRow | null, who: { memberId: string | null; age: number; employmentType: string }) => {
    const audience = audienceOf(who.employmentType);
    const q = questionnaireFor(audience, day);
    const asked = (JSON.parse(q.questions) as string[]).length;
    const recordedAt = stamp(day);
    const row = Object.assign(new InterviewRow(), {
      id: id(recordedAt), campaignId: campaign.id, pointId: p?.id ?? null, orgId: o.id, orgPath: o.path, mode, questionnaireId: q.id, audience, heldOn: day,
      memberId: who.memberId, age: who.age, employmentType: who.employmentType, answers: JSON.stringify(Array.from({ length: asked }, () => rng.pick(ANSWERS))),
      recordedBy: mode === InterviewMode.ONLINE ? `member-${who.memberId}` : 'seed', recordedAt,
    });
    interviews.push(row);
    if (who.memberId) interviewed.add(who.memberId);
    return row;
  };
  const memberAge = (m: SeedMember | undefined, day: string) => (m?.birthDate ? ageOn(m.birthDate, day) : rng.int(19, MAX_AGE));

  // The problem list: the demo cases raised through the campaign's channel in its period, each with its interview.
  // Filtered by day here, not in SQL: the same on both engines whatever they bind a Date as.
  const raised = (await db.getRepository(CaseRow).createQueryBuilder('c')
    .where('c.channel = :channel AND c.raisedPath >= :city', { channel: CaseChannel.INTERVIEW_CAMPAIGN, city: city.path })
    .orderBy('c.id').getMany()).filter((c) => c.raisedAt <= input.now && chinaDate(c.raisedAt) >= startsOn && chinaDate(c.raisedAt) <= lastDay);
  const links: [caseId: string, interviewId: string][] = [];
  for (const c of raised) {
    const o = orgById.get(c.raisedOrgId);
    if (!o || !o.path.startsWith(city.path)) continue;
    const day = chinaDate(c.raisedAt);
    const m = c.memberId ? memberById.get(c.memberId) : undefined;
    let row: InterviewRow;
    // Online only where the member raised it at their own union, as answerInterviewCampaign records it.
    if (m && m.orgId === o.id && !interviewed.has(m.id) && memberAge(m, day) <= MAX_AGE && rng.chance(0.5)) {
      row = interview(o, day, InterviewMode.ONLINE, null, { memberId: m.id, age: memberAge(m, day), employmentType: m.employmentType ?? employment() });
    } else {
      const p = pointAt.get(o.id) ?? point(o, o.level === 'STREET' ? InterviewPointKind.DORMITORY : InterviewPointKind.ENTERPRISE, `访谈点（${o.code}）`);
      pointAt.set(o.id, p);
      const named = m && !interviewed.has(m.id) && memberAge(m, day) <= MAX_AGE ? m : undefined;
      row = interview(o, day, InterviewMode.FACE_TO_FACE, p, { memberId: named?.id ?? null, age: memberAge(named, day), employmentType: named?.employmentType ?? employment() });
    }
    links.push([c.id, row.id]);
  }

  // The rest, day by day up to today: a slow first week, busier weekdays, each district at its own pace.
  const days = dayCount(startsOn, lastDay);
  const planned = Math.round((INTERVIEWS_FULL * scale * days) / INTERVIEW_DAYS);
  const districtPace = new Map(under.filter((o) => o.level === 'DISTRICT').map((d) => [d.id, rng.float(0.6, 1.35)]));
  const paceOf = (p: InterviewPointRow) => districtPace.get(pathIds(p.orgPath)[pathIds(city.path).length]) ?? 1;
  const pointPicker = points.length ? rng.picker(points.map((p) => [p, paceOf(p) * (p.kind === InterviewPointKind.UNION_POST ? 2 : 1)] as const)) : null;
  const online = rng.shuffled(input.members.filter((m) => orgById.get(m.orgId)?.path.startsWith(city.path)));
  let nextOnline = 0;
  const weight = (i: number) => Math.min(1, 0.3 + i * 0.1) * ([0, 6].includes(new Date(`${addDays(startsOn, i)}T00:00:00Z`).getUTCDay()) ? 0.7 : 1);
  const total = Array.from({ length: days }, (_, i) => weight(i)).reduce((a, b) => a + b, 0);
  const remaining = Math.max(0, planned - interviews.length);
  for (let i = 0; i < days; i++) {
    const day = addDays(startsOn, i);
    const count = Math.round((remaining * weight(i)) / total * rng.float(0.85, 1.15));
    for (let k = 0; k < count; k++) {
      let m: SeedMember | undefined;
      while (rng.chance(0.32) && nextOnline < online.length && !m) {
        const candidate = online[nextOnline++];
        if (!interviewed.has(candidate.id) && memberAge(candidate, day) <= MAX_AGE) m = candidate;
      }
      if (m || !pointPicker) {
        if (!m) continue;
        interview(orgById.get(m.orgId)!, day, InterviewMode.ONLINE, null, { memberId: m.id, age: memberAge(m, day), employmentType: m.employmentType ?? employment() });
      } else {
        const p = pointPicker();
        interview({ id: p.orgId, path: p.orgPath }, day, InterviewMode.FACE_TO_FACE, p, { memberId: null, age: rng.int(18, MAX_AGE), employmentType: employment() });
      }
    }
  }

  await db.transaction(async (em) => {
    await insertRows(em, CampaignRow, [campaign]);
    await insertRows(em, QuestionnaireRow, [general1, general2, nef]);
    await insertRows(em, InterviewPointRow, points);
    await insertRows(em, InterviewRow, interviews);
    for (const [caseId, interviewId] of links) {
      await em.createQueryBuilder().update(CaseRow).set({ sourceKind: OutreachKind.INTERVIEW, sourceId: interviewId }).where('id = :caseId', { caseId }).execute();
    }
  });
  return { campaigns: 1, points: points.length, interviews: interviews.length, online: interviews.filter((r) => r.mode === InterviewMode.ONLINE).length, problems: links.length };
}
