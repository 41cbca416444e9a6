import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childPath, INTERNAL_TOKEN_HEADER, newId, secretKey, signInternalToken, systemCaller } from '@lianxin/auth';
import { CaseTallyRow, FIGURES_TOPIC, openCasesDatabase, OutboxRow, RollupClockRow, RollupTallyRow, runSweep, startCases } from '@lianxin/cases';
import { openMembersDatabase, OrgRow, startMembers } from '@lianxin/members';
import { loadGatewayConfig, startGateway } from '@lianxin/gateway';
import { subgraphUrlEnv } from '@lianxin/config';
import { createLogger, DEV_INTERNAL_SECRET } from '@lianxin/subgraph';
import { Not, type DataSource } from 'typeorm';
import { dropMariadbDatabase, enginesForSuites, TEST_DATABASE_URL } from '../harness/engines';
import { clientToken, postGraphql, startTestGraph, type GqlResponse, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor } from './callers';
import { backdate, DAY, handlerOf, must, raise, type CaseView } from './cases-helpers';

/*
 * The roll-up feed (docs/rollup.md): two city deployments on one machine (each its own
 * members, cases, benefits and gateway; each city the root of its own tree) report their
 * figures to a province deployment (members holding the province with both cities under it,
 * cases with CASES_ROLE=province, a gateway). The province's caseFigures must equal the sum of the
 * cities', for several figures and periods, whatever the order and however often events come.
 */

const FIGURES = `orgId from to kind total byState { state count } resolved declined resolutionRate closureRate
  onTimeRate rated satisfactionRate supervised overdue passedUp referredOut topKinds { kind count }`;
const QUERY = `query($orgId: ID, $from: String!, $to: String!, $kind: CaseKind) { caseFigures(orgId: $orgId, from: $from, to: $to, kind: $kind) { ${FIGURES} } }`;

interface Figures {
  orgId: string;
  from: string;
  to: string;
  kind: string | null;
  total: number;
  byState: { state: string; count: number }[];
  resolved: number;
  declined: number;
  resolutionRate: number | null;
  closureRate: number | null;
  onTimeRate: number | null;
  rated: number;
  satisfactionRate: number | null;
  supervised: number;
  overdue: number;
  passedUp: number;
  referredOut: number;
  topKinds: { kind: string; count: number }[];
}

const chinaMonth = (t: number): string => new Date(t + 8 * 3600_000).toISOString().slice(0, 7);
const FROM = chinaMonth(Date.now() - 40 * DAY);
const TO = chinaMonth(Date.now() + 40 * DAY);
/** The periods and kinds compared: everything now, one kind, one month, and a past decade with nothing in it. */
const PERIODS: { from: string; to: string; kind?: string }[] = [
  { from: FROM, to: TO },
  { from: FROM, to: TO, kind: 'MICRO_WISH' },
  { from: FROM, to: TO, kind: 'COLLECTIVE_BARGAINING' },
  { from: chinaMonth(Date.now()), to: chinaMonth(Date.now()) },
  { from: '2016-01', to: '2025-12' },
];

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * The sum of cities' figures, with the rates worked out again from the summed counts (as the
 * definitions say). The shape has no count of cases resolved on time or late, so `onTime`
 * gives them, from the cities' own tallies.
 */
function sum(orgId: string, parts: Figures[], onTime: { onTime: number; late: number }): Figures {
  const [first] = parts;
  const add = (f: (x: Figures) => number) => parts.reduce((s, p) => s + f(p), 0);
  const byState = first.byState.map(({ state }) => ({ state, count: add((p) => p.byState.find((s) => s.state === state)!.count) }));
  const count = (state: string) => byState.find((s) => s.state === state)!.count;
  const total = add((p) => p.total);
  const resolved = add((p) => p.resolved);
  const declined = add((p) => p.declined);
  const rated = add((p) => p.rated);
  const kinds = new Map<string, number>();
  for (const p of parts) for (const k of p.topKinds) kinds.set(k.kind, (kinds.get(k.kind) ?? 0) + k.count);
  // Satisfied is not in the shape as a count: recover it from each city's rate.
  const satisfiedOf = (p: Figures) => Math.round((p.satisfactionRate ?? 0) * p.rated);
  return {
    orgId, from: first.from, to: first.to, kind: first.kind, total, byState, resolved, declined,
    resolutionRate: rate(resolved, total - declined),
    closureRate: rate(count('CLOSED') + declined, total),
    onTimeRate: rate(onTime.onTime, onTime.onTime + onTime.late),
    rated, satisfactionRate: rate(add(satisfiedOf), rated),
    supervised: add((p) => p.supervised), overdue: add((p) => p.overdue), passedUp: add((p) => p.passedUp), referredOut: add((p) => p.referredOut),
    topKinds: [...kinds].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1)).slice(0, 5).map(([kind, n]) => ({ kind, count: n })),
  };
}

/** Rates compared to 12 places: a sum and a division in another order may differ in the last bit. */
const rounded = (f: Figures) => ({
  ...f,
  ...Object.fromEntries((['resolutionRate', 'closureRate', 'onTimeRate', 'satisfactionRate'] as const).map((k) => [k, f[k] === null ? null : Number(f[k]!.toFixed(12))])),
});

describe.each(enginesForSuites())('the roll-up feed: two cities and their province on %s', (engine) => {
  const log = createLogger('test', process.env.LOG_LEVEL ?? 'silent');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-rollup-'));
  const name = `lianxin_e2e_rollup_${process.pid}`;
  const databases = { members: `${name}_pm`, cases: `${name}_pc` };
  const base = { databaseUrl: engine === 'mariadb' ? TEST_DATABASE_URL : undefined, dataDir, log };
  const now = new Date('2026-11-01T08:00:00Z');
  // The province above both cities. Levels are stand-ins until members has a PROVINCE level: figures never read them.
  const provinceId = newId(now.getTime());
  const province = Object.assign(new OrgRow(), {
    id: provinceId, parentId: null, level: 'CITY', kind: 'CITY_FEDERATION', code: 'ZJ', name: '浙江省总工会', path: childPath(null, provinceId), joinCode: 'JOINZJXX', createdAt: now,
  });
  /** An org of a city as the province's tree holds it: the same id, under the province. */
  const inProvince = (o: OrgRow, code: string): OrgRow =>
    Object.assign(new OrgRow(), { ...o, parentId: o.parentId ?? provinceId, code, joinCode: `J${code.replace(/-/g, '')}`.padEnd(8, 'X'), path: `${province.path}${o.path.slice(1)}` });

  let provinceMembers: Awaited<ReturnType<typeof startMembers>>;
  let provinceCases: Awaited<ReturnType<typeof startCases>>;
  let provinceGateway: Awaited<ReturnType<typeof startGateway>>;
  let provinceDb: DataSource;
  let a: TestGraph;
  let b: TestGraph;

  const system = () => signInternalToken(systemCaller('test'), 'cases', secretKey(DEV_INTERNAL_SECRET));
  const provinceGql = async <T,>(token: string, query: string, variables: Record<string, unknown>): Promise<GqlResponse<T>> => {
    const { status, body } = await postGraphql(provinceGateway.url, { query, variables }, { authorization: `Bearer ${token}` });
    return { ...body, status } as GqlResponse<T>;
  };
  const figuresAtProvince = async (token: string, orgId: string | null, p: (typeof PERIODS)[number]): Promise<Figures | null> => {
    const res = await provinceGql<{ caseFigures: Figures | null }>(token, QUERY, { orgId, from: p.from, to: p.to, kind: p.kind ?? null });
    if (res.errors) throw new Error(`province caseFigures: ${res.errors[0].extensions?.code} ${res.errors[0].message}`);
    return res.data!.caseFigures;
  };
  const figuresAtCity = async (g: TestGraph, p: (typeof PERIODS)[number]): Promise<Figures> => {
    const res = await g.gql<{ caseFigures: Figures }>(await staffTokenFor('city', g.fixture), QUERY, { from: p.from, to: p.to, kind: p.kind ?? null });
    if (res.errors) throw new Error(`city caseFigures: ${res.errors[0].extensions?.code} ${res.errors[0].message}`);
    return res.data!.caseFigures;
  };
  /** Cases resolved on time and late, as a city's own tally rows count them for a period. */
  const onTimeAt = async (gs: TestGraph[], p: (typeof PERIODS)[number]) => {
    let onTime = 0;
    let late = 0;
    for (const g of gs) {
      for (const r of await g.casesDb.getRepository(CaseTallyRow).findBy({ orgId: g.fixture.orgs.city.id })) {
        if (r.month < p.from || r.month > p.to || (p.kind && r.kind !== p.kind)) continue;
        if (Number(r.onTime) === 1) onTime += r.n;
        if (Number(r.onTime) === 2) late += r.n;
      }
    }
    return { onTime, late };
  };
  const provinceStaff = () => clientToken({ sub: 'staff-province', role: 'staff', org: provinceId });
  const rolledUp = async () => ({
    tally: await provinceDb.getRepository(RollupTallyRow).find({ order: { cityId: 'ASC', month: 'ASC', kind: 'ASC', state: 'ASC', onTime: 'ASC', rating: 'ASC', passedUp: 'ASC', referredOut: 'ASC' } }),
    clocks: await provinceDb.getRepository(RollupClockRow).find({ order: { caseId: 'ASC' } }),
  });

  /** A city's day: cases raised, accepted, resolved, rated, declined, passed up, referred out, overdue. `more` varies the mix between cities. */
  async function work(g: TestGraph, more: number): Promise<void> {
    const f = g.fixture;
    const t = { city: await staffTokenFor('city', f), s1: await staffTokenFor('s1', f), e1: await staffTokenFor('e1', f), e3: await staffTokenFor('e3', f), m1: await memberTokenFor('m1', f), m4: await memberTokenFor('m4', f) };
    const step = (token: string, op: Parameters<typeof must>[2], c: CaseView, vars: Record<string, unknown> = {}) => must(g, token, op, { id: c.id, ...vars });
    const accept = (token: string, c: CaseView) => step(token, 'accept', c, handlerOf(g, c.handlingOrg.id));
    const resolve = (token: string, c: CaseView) => step(token, 'resolve', c, { resolution: '已协调解决' });
    const signOff = (token: string, c: CaseView) => step(token, 'signOff', c);
    const rateIt = (token: string, c: CaseView, rating: string) => step(token, 'rate', c, { rating });

    for (let i = 0; i < more; i++) await raise(g, t.m1, { kind: 'MICRO_WISH' });
    await rateIt(t.m1, await signOff(t.e1, await resolve(t.e1, await accept(t.e1, await raise(g, t.m1, { kind: 'MICRO_WISH' })))), more > 1 ? 'SATISFIED' : 'UNSATISFIED');
    await step(t.e1, 'decline', await raise(g, t.m1, { kind: 'MICRO_WISH' }), { reason: 'DUPLICATE', note: '与已登记诉求重复' });
    await step(t.e1, 'passUp', await raise(g, t.m1, { kind: 'LEGAL_AID' }), { toOrgId: f.orgs.s1.id, reason: '需要街道协调' });
    await step(t.e3, 'referOut', await accept(t.e3, await raise(g, t.m4, { kind: 'LEGAL_AID' })), { agency: '青山县法律援助中心', dueOn: new Date(Date.now() + 8 * 3600_000 + 20 * DAY).toISOString().slice(0, 10) });
    for (let i = 0; i <= more; i++) {
      const c = await accept(t.s1, await raise(g, t.s1, { kind: 'COLLECTIVE_BARGAINING' }));
      // Past due: the sweep escalates it, a step of its own whose event carries the deadline.
      await backdate(g.casesDb, c.id, { dueAt: new Date(Date.now() - (i + 1) * DAY) });
    }
    await resolve(t.city, await accept(t.city, await raise(g, t.city, { kind: 'OTHER' })));
    await runSweep(g.casesDb);
  }

  beforeAll(async () => {
    if (engine === 'mariadb') await Promise.all(Object.values(databases).map(dropMariadbDatabase));
    // The province: members with the province org (the cities' rows are added once the cities exist), cases as the roll-up.
    const membersDb = await openMembersDatabase({ ...base, database: databases.members });
    await membersDb.getRepository(OrgRow).insert(province);
    provinceMembers = await startMembers({ ...base, database: databases.members, port: 0, internalSecret: DEV_INTERNAL_SECRET }, membersDb);
    provinceDb = await openCasesDatabase({ ...base, database: databases.cases });
    provinceCases = await startCases(
      { ...base, database: databases.cases, port: 0, internalSecret: DEV_INTERNAL_SECRET, membersUrl: provinceMembers.url, sweep: { intervalMs: 0 }, feedPollMs: 0, rollup: { role: 'province' } },
      provinceDb,
    );
    // Two cities on one machine, each a whole deployment of its own, both reporting to the province.
    const city = { rollup: { url: provinceCases.url } };
    a = await startTestGraph(engine, city);
    b = await startTestGraph(engine, city);
    await membersDb.getRepository(OrgRow).insert([inProvince(a.fixture.orgs.city, 'ZJ-01'), inProvince(b.fixture.orgs.city, 'ZJ-02')]);
    provinceGateway = await startGateway(
      loadGatewayConfig({
        NODE_ENV: 'test', GATEWAY_PORT: '0', LOG_LEVEL: 'silent', DIRECTORY_POLL_MS: '0', RATE_LIMIT_STAFF_PER_MINUTE: '1000000', RATE_LIMIT_ADMIN_PER_MINUTE: '1000000',
        // A province runs no benefits of its own here; the gateway needs a URL for every subgraph.
        ...subgraphUrlEnv({ members: provinceMembers.url, cases: provinceCases.url, benefits: a.benefitsUrl }),
      }),
      log,
    );
    await work(a, 1);
    await work(b, 3);
  });

  afterAll(async () => {
    await provinceGateway?.stop();
    await a?.stop();
    await b?.stop();
    await provinceCases?.stop();
    await provinceMembers?.stop();
    if (engine === 'mariadb') await Promise.all(Object.values(databases).map(dropMariadbDatabase));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes nothing of the province in a case\'s transaction: the province hears of it from the cities\' outboxes only', async () => {
    for (const g of [a, b]) {
      const tally = await g.casesDb.getRepository(CaseTallyRow).find({ where: { n: Not(0) } });
      expect(tally.length).toBeGreaterThan(0);
      expect(tally.filter((r) => r.orgId === provinceId)).toEqual([]);
      // One event per step of a case, each waiting in the city's own outbox.
      const events = await g.casesDb.getRepository(OutboxRow).findBy({ topic: FIGURES_TOPIC });
      expect(events.length).toBeGreaterThan(10);
      expect(events.every((e) => e.state === 'PENDING')).toBe(true);
    }
    // Nothing delivered yet: the province counts nothing, though both cities have cases.
    expect((await figuresAtProvince(await provinceStaff(), provinceId, PERIODS[0]))!.total).toBe(0);
    expect((await figuresAtCity(a, PERIODS[0])).total).toBeGreaterThan(0);
  });

  it('answers caseFigures for the province as the sum of its cities, for several figures and periods, and for each city as the city does', async () => {
    // City B's events arrive newest first (and so out of order), then both dispatchers send everything (B's again: repeats).
    const pendingB = await b.casesDb.getRepository(OutboxRow).find({ where: { topic: FIGURES_TOPIC }, order: { id: 'DESC' } });
    const token = await system();
    for (const row of pendingB) {
      const res = await postGraphql(provinceCases.url, { query: 'mutation($key: String!, $payload: String!) { _applyFigureEvent(key: $key, payload: $payload) }', variables: { key: row.key, payload: row.payload } }, { [INTERNAL_TOKEN_HEADER]: token });
      expect(res.body).toEqual({ data: { _applyFigureEvent: true } });
    }
    const sentA = await a.drainFigures();
    const sentB = await b.drainFigures();
    expect(sentA).toEqual({ delivered: expect.any(Number), failed: 0, dead: 0 });
    expect(sentB).toEqual({ delivered: pendingB.length, failed: 0, dead: 0 });

    const staff = await provinceStaff();
    let compared = 0;
    for (const p of PERIODS) {
      const [fa, fb] = [await figuresAtCity(a, p), await figuresAtCity(b, p)];
      const atProvince = (await figuresAtProvince(staff, provinceId, p))!;
      expect(rounded(atProvince)).toEqual(rounded(sum(provinceId, [fa, fb], await onTimeAt([a, b], p))));
      // Each city, asked at the province, is what the city says of itself.
      expect(await figuresAtProvince(staff, a.fixture.orgs.city.id, p)).toEqual({ ...fa, orgId: a.fixture.orgs.city.id });
      expect(await figuresAtProvince(staff, b.fixture.orgs.city.id, p)).toEqual({ ...fb, orgId: b.fixture.orgs.city.id });
      if (atProvince.total > 0) compared++;
    }
    expect(compared).toBe(4);
    // The sums are not trivial: both cities count, in every figure the scenario touches.
    const all = (await figuresAtProvince(staff, provinceId, PERIODS[0]))!;
    const [fa, fb] = [await figuresAtCity(a, PERIODS[0]), await figuresAtCity(b, PERIODS[0])];
    for (const k of ['total', 'resolved', 'declined', 'rated', 'supervised', 'overdue', 'passedUp', 'referredOut'] as const) {
      expect([k, fa[k] > 0, fb[k] > 0, all[k]]).toEqual([k, true, true, fa[k] + fb[k]]);
    }
  });

  it('changes nothing on a replay of every event, in any order', async () => {
    const before = await rolledUp();
    const figures = await figuresAtProvince(await provinceStaff(), provinceId, PERIODS[0]);
    // Every event of both cities delivered again, as a dispatcher that died before marking them done would.
    for (const g of [a, b]) await g.casesDb.getRepository(OutboxRow).update({ topic: FIGURES_TOPIC }, { state: 'PENDING' as never, attempts: 0, doneAt: null });
    const again = [await b.drainFigures(), await a.drainFigures()];
    expect(again.every((r) => r.delivered > 0 && r.failed === 0)).toBe(true);
    expect(await rolledUp()).toEqual(before);
    expect(await figuresAtProvince(await provinceStaff(), provinceId, PERIODS[0])).toEqual(figures);
  });

  it('keeps counting as cities go on: a later step reaches the province with the next delivery', async () => {
    const staff = await provinceStaff();
    const before = (await figuresAtProvince(staff, provinceId, PERIODS[0]))!;
    await raise(a, await memberTokenFor('m1', a.fixture), { kind: 'MICRO_WISH' });
    expect((await figuresAtProvince(staff, provinceId, PERIODS[0]))!.total).toBe(before.total);
    await a.drainFigures();
    const after = (await figuresAtProvince(staff, provinceId, PERIODS[0]))!;
    expect(after.total).toBe(before.total + 1);
    expect(rounded(after)).toEqual(rounded(sum(provinceId, [await figuresAtCity(a, PERIODS[0]), await figuresAtCity(b, PERIODS[0])], await onTimeAt([a, b], PERIODS[0]))));
  });

  it('shows a city\'s staff their own city only, counts no org inside a city, and refuses a bad event whole', async () => {
    const cityA = await clientToken({ sub: 'staff-city-a', role: 'staff', org: a.fixture.orgs.city.id });
    expect(await figuresAtProvince(cityA, b.fixture.orgs.city.id, PERIODS[0])).toBeNull();
    expect(await figuresAtProvince(cityA, provinceId, PERIODS[0])).toBeNull();
    expect((await figuresAtProvince(cityA, a.fixture.orgs.city.id, PERIODS[0]))!.total).toBeGreaterThan(0);

    // An org inside a city is counted by the city's deployment; the province says so instead of answering zeros.
    await provinceMembers.db.getRepository(OrgRow).insert(inProvince(a.fixture.orgs.d1, 'ZJ-01-01'));
    const inside = await provinceGql(await provinceStaff(), QUERY, { orgId: a.fixture.orgs.d1.id, from: FROM, to: TO });
    expect(inside.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(inside.errors?.[0].message).toMatch(/^orgId: .*city's own deployment/);

    const before = await rolledUp();
    const send = (url: string, key: string, payload: string) =>
      system().then((token) => postGraphql(url, { query: 'mutation($key: String!, $payload: String!) { _applyFigureEvent(key: $key, payload: $payload) }', variables: { key, payload } }, { [INTERNAL_TOKEN_HEADER]: token }));
    const event = { v: 1, city: { id: a.fixture.orgs.city.id, path: a.fixture.orgs.city.path }, deltas: [{ month: FROM, kind: 'OTHER', state: 'REGISTERED', supervised: false, onTime: 0, rating: '', passedUp: 0, referredOut: 0, n: 1 }], clocks: [] };
    const bad = [
      await send(provinceCases.url, newId(), 'not json'),
      await send(provinceCases.url, newId(), JSON.stringify({ ...event, v: 2 })),
      await send(provinceCases.url, newId(), JSON.stringify({ ...event, deltas: [{ ...event.deltas[0], n: 0.5 }] })),
      await send(provinceCases.url, newId(), JSON.stringify({ ...event, city: { id: b.fixture.orgs.city.id, path: a.fixture.orgs.city.path } })),
      await send(provinceCases.url, 'not-an-id', JSON.stringify(event)),
    ];
    for (const res of bad) {
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.body)).not.toMatch(/INSERT|SELECT|at .*\.js/);
    }
    // A city the province's tree does not hold is refused (the city's dispatcher keeps the event and retries).
    const unknown = await send(provinceCases.url, newId(), JSON.stringify({ ...event, city: { id: provinceId.replace(/.$/, (c) => (c === '0' ? '1' : '0')), path: '/' } }));
    expect(unknown.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const stranger = newId();
    const notHeld = await send(provinceCases.url, newId(), JSON.stringify({ ...event, city: { id: stranger, path: `/${stranger}/` } }));
    expect(notHeld.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(notHeld.body.errors?.[0].message).toMatch(/add the city to the province's tree/);
    // A city is not a roll-up: it refuses, and its own figures stay as they were.
    const notProvince = await send(a.casesUrl, newId(), JSON.stringify(event));
    expect(notProvince.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await a.casesDb.getRepository(RollupTallyRow).count()).toBe(0);
    // Clients cannot reach the internal field at all.
    const client = await provinceGql(await provinceStaff(), 'mutation($key: String!, $payload: String!) { _applyFigureEvent(key: $key, payload: $payload) }', { key: newId(), payload: JSON.stringify(event) });
    expect(client.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await rolledUp()).toEqual(before);
  });
});
