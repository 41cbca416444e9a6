import { testDatabases } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { childPath, newId } from '@lianxin/auth';
import { Random } from '@lianxin/demo-kit';
import { createLogger } from '@lianxin/subgraph';
import { callerStub, contextFor, FakeOrgDirectory } from '@lianxin/test-kit';
import { openCasesDatabase } from '../../app';
import { CaseRow } from '../../casefile/case.entity';
import { CaseChannel, CaseState, OutreachKind, Rating } from '../../casefile/case.enums';
import { CampaignRow, InterviewMode, InterviewPointRow, InterviewRow, QuestionnaireRow } from '../../campaign/campaign.entity';
import { campaignProgress } from '../../campaign/campaign.service';
import type { SeedMember, SeedOrg } from '../generate';
import { seedCasesDemoData, type CasesSeedResult } from '../seed';

const log = createLogger('test', 'silent');
const DAY = 86_400_000;
/** 2026-06-15 12:00 in Beijing. */
const NOW = new Date('2026-06-15T04:00:00Z');
const TODAY = '2026-06-15';
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** City → 3 districts → 3 streets → 4 enterprises and a union post each; 2,000 members with birth dates, a third of them riders and drivers. */
function tree(): { orgs: SeedOrg[]; members: SeedMember[] } {
  const rng = new Random(11, 'campaign-tree');
  const orgs: SeedOrg[] = [];
  const members: SeedMember[] = [];
  const org = (parent: SeedOrg | null, level: string, code: string, kind?: string): SeedOrg => {
    const id = newId(NOW.getTime() - 2000 * DAY + orgs.length * 1000, rng.bytes(10));
    const o = { id, path: childPath(parent?.path ?? null, id), code, level, ...(kind ? { kind } : {}) };
    orgs.push(o);
    return o;
  };
  const city = org(null, 'CITY', 'SZ');
  for (let d = 1; d <= 3; d++) {
    const district = org(city, 'DISTRICT', `SZ-0${d}`);
    for (let s = 1; s <= 3; s++) {
      const street = org(district, 'STREET', `SZ-0${d}-0${s}`);
      org(street, 'ENTERPRISE', `SZ-0${d}-0${s}-P`, 'UNION_POST');
      for (let e = 1; e <= 4; e++) {
        const enterprise = org(street, 'ENTERPRISE', `SZ-0${d}-0${s}-0${e}`);
        for (let m = 0; m < 55; m++) {
          const born = `${rng.int(1975, 2004)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
          members.push({ id: newId(NOW.getTime() - 1500 * DAY, rng.bytes(10)), orgId: enterprise.id, birthDate: born, employmentType: rng.chance(0.33) ? 'DELIVERY_RIDER' : 'REGULAR' });
        }
      }
    }
  }
  return { orgs, members };
}

describe.each(testDatabases('campaign-seed', (o) => openCasesDatabase({ ...o, log })))('the interview campaign demo on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  const TREE = tree();
  let result: CasesSeedResult;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    // The cases' last four months, so the campaign's period holds many of them.
    result = await seedCasesDemoData(db, { ...TREE, cases: 1500, days: 120, now: NOW });
  });
  afterAll(async () => {
    await close?.();
  });

  it('holds one city-wide campaign in this year\'s window, 76 days into its hundred, with its points and questionnaires', async () => {
    const [campaign] = await db.getRepository(CampaignRow).find();
    const city = TREE.orgs[0];
    expect(campaign).toMatchObject({ orgId: city.id, startsOn: '2026-04-01', endsOn: '2026-07-09', maxAge: 40 });
    const points = await db.getRepository(InterviewPointRow).find();
    expect(result.campaign).toMatchObject({ campaigns: 1, points: points.length });
    expect(points.every((p) => p.orgPath.startsWith(city.path) && p.campaignId === campaign.id)).toBe(true);
    // Every union post and a dormitory area per street.
    expect(points.filter((p) => p.kind === 'UNION_POST').length).toBe(TREE.orgs.filter((o) => o.kind === 'UNION_POST').length);
    expect(points.filter((p) => p.kind === 'DORMITORY').length).toBeGreaterThanOrEqual(9);
    expect((await db.getRepository(QuestionnaireRow).find()).map((q) => [q.audience, q.version]).sort()).toEqual([['GENERAL', 1], ['GENERAL', 2], ['NEW_EMPLOYMENT_FORM', 1]]);
  });

  it('holds interviews the service would have taken: in the period, in the audience, on the right questionnaire, a member once', async () => {
    const [campaign] = await db.getRepository(CampaignRow).find();
    const rows = await db.getRepository(InterviewRow).find();
    const points = new Map((await db.getRepository(InterviewPointRow).find()).map((p) => [p.id, p]));
    const questionnaires = new Map((await db.getRepository(QuestionnaireRow).find()).map((q) => [q.id, q]));
    const members = new Map(TREE.members.map((m) => [m.id, m]));
    expect(result.campaign).toMatchObject({ interviews: rows.length, online: rows.filter((r) => r.mode === InterviewMode.ONLINE).length });
    expect(rows.length).toBeGreaterThan(300);
    for (const r of rows) {
      expect(r.heldOn >= campaign.startsOn && r.heldOn <= TODAY).toBe(true);
      expect(r.age).toBeLessThanOrEqual(40);
      expect(questionnaires.get(r.questionnaireId)!.audience).toBe(r.employmentType === 'REGULAR' ? 'GENERAL' : 'NEW_EMPLOYMENT_FORM');
      if (r.mode === InterviewMode.ONLINE) {
        const m = members.get(r.memberId!)!;
        const age = 2026 - Number(m.birthDate!.slice(0, 4)) - (r.heldOn.slice(5) < m.birthDate!.slice(5) ? 1 : 0);
        expect([r.pointId, r.orgId, r.age, r.employmentType]).toEqual([null, m.orgId, age, m.employmentType]);
      } else {
        expect(points.get(r.pointId!)!.orgId).toBe(r.orgId);
      }
    }
    const named = rows.filter((r) => r.memberId).map((r) => r.memberId);
    expect(new Set(named).size).toBe(named.length);
  });

  it('links the problem list to the interviews it was raised in, and the figures count it as the rows say', async () => {
    const [campaign] = await db.getRepository(CampaignRow).find();
    const rows = new Map((await db.getRepository(InterviewRow).find()).map((r) => [r.id, r]));
    const linked = await db.getRepository(CaseRow).findBy({ sourceKind: OutreachKind.INTERVIEW });
    expect(linked.length).toBe(result.campaign!.problems);
    expect(linked.length).toBeGreaterThan(20);
    for (const c of linked) {
      const i = rows.get(c.sourceId!)!;
      expect([c.channel, c.raisedOrgId, chinaDay(c.raisedAt)]).toEqual([CaseChannel.INTERVIEW_CAMPAIGN, i.orgId, i.heldOn]);
    }
    // Some of them through their whole course: resolved, and rated satisfied.
    const resolved = linked.filter((c) => [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED].includes(c.state));
    const satisfied = linked.filter((c) => c.state === CaseState.CLOSED && [Rating.SATISFIED, Rating.BASICALLY_SATISFIED].includes(c.rating!));
    expect(resolved.length).toBeGreaterThan(0);

    const directory = new FakeOrgDirectory();
    for (const o of TREE.orgs) directory.byId.set(o.id, { id: o.id, parentId: null, path: o.path, code: o.code, level: o.level as 'CITY', name: o.code });
    const city = TREE.orgs[0];
    const fig = (await campaignProgress(contextFor({ db: () => db, orgs: directory })(callerStub.staff({ id: city.id, path: city.path, code: city.code })), { campaignId: campaign.id }, NOW))!;
    const all = [...rows.values()];
    expect([fig.cumulative, fig.online, fig.problemsRaised, fig.resolved, fig.satisfied]).toEqual([
      all.length, all.filter((r) => r.mode === InterviewMode.ONLINE).length, linked.length, resolved.length, satisfied.length,
    ]);
    expect(fig.days.at(-1)).toMatchObject({ day: TODAY, cumulative: all.length, pace: (campaign.target * 76) / 100 });
    expect(fig.byOrg.map((o) => o.orgId)).toEqual(TREE.orgs.filter((o) => o.level === 'DISTRICT').map((o) => o.id));
  });
});
