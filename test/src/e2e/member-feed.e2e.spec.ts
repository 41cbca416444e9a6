import { INTERNAL_TOKEN_HEADER, systemCaller } from '@lianxin/auth';
import { MemberFactRow } from '@lianxin/benefits';
import { MEMBER_CHANGE_TOPIC } from '@lianxin/members-client';
import { OutboxRow } from '@lianxin/outbox';
import { enginesForSuites } from '../harness/engines';
import { clientToken, startTestGraph, type TestGraph } from '../harness/graph';
import { setLean } from '@lianxin/subgraph';
import { DEV_INTERNAL_SECRET } from '@lianxin/config';
import { MemberFactsClient, membersSystemClient } from '@lianxin/members-client';
import { MemberFactsReplica } from '@lianxin/benefits/dist/memberfacts/memberfacts.replica';
import { allocate, benefitsTokenFor, bindPartner, CHECK_ELIGIBILITY, claim, codeOf, enrol, mustClaim, newProgramme, ok, qrOf, registerPartner, setMemberStatus } from './benefits-helpers';
import { partnerTokenFor, staffTokenFor, tokenFor } from './callers';

/**
 * The partner desk's copy of member facts (`member.changed`, members' outbox → benefits'
 * member_fact): complete after start, followed by status changes within the feed, and
 * unmoved by a crash before publishing, a repeated, a late or a re-delivered event.
 */
const MEMBERSHIP = { type: 'membership', status: ['ACTIVE'] };
const APPLY = 'mutation($e: ID!, $m: [ID!]!, $at: DateTimeISO!) { _applyMemberChange(eventId: $e, memberIds: $m, at: $at) }';
const FEED = '{ _memberFactsFeed { mode rows applied lastLagMs p99LagMs maxLagMs hits fallbacks } }';

describe.each(enginesForSuites())('the copy of member facts on %s', (engine) => {
  let g: TestGraph;
  let staffE1: string;
  let pool: string;
  let programmeId: string;
  let d1ProgrammeId: string;
  let seq = 700;

  /** What members' dispatcher does, by hand: a system call straight to benefits. */
  async function system<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const token = await benefitsTokenFor(systemCaller('test'));
    const { body } = await g.post(g.benefitsUrl, { query, variables }, { [INTERNAL_TOKEN_HEADER]: token });
    return ok(body as never) as T;
  }
  const copyOf = (id: string) => g.benefitsDb.getRepository(MemberFactRow).findOne({ where: { id } });
  const pending = () => g.db.getRepository(OutboxRow).find({ where: { topic: MEMBER_CHANGE_TOPIC, state: 'PENDING' as never }, order: { id: 'ASC' } });
  const check = async (qr: string) => {
    const { eligible, reasons } = ok(await g.gql<{ checkEligibility: { eligible: boolean; reasons: string[] } }>(pool, CHECK_ELIGIBILITY, { p: programmeId, q: qr })).checkEligibility;
    return { eligible, reasons };
  };

  const factsFeed = async () => (await system<{ _memberFactsFeed: { hits: number; fallbacks: number } }>(FEED))._memberFactsFeed;
  /** The answers as the desk gave them before issue 11's cuts (SUBGRAPH_LEAN off), for the lean ones to be compared with. */
  async function withLeanOff<T>(fn: () => Promise<T>): Promise<T> {
    setLean(false);
    try {
      return await fn();
    } finally {
      setLean(true);
    }
  }

  async function newMember(): Promise<{ id: string; qr: string }> {
    const id = await enrol(g, staffE1, g.fixture.orgs.e1.id, ++seq, { name: '孙立新' });
    await g.drainOrgChanges();
    return { id, qr: await qrOf(g, await clientToken({ role: 'member', mid: id })) };
  }

  beforeAll(async () => {
    g = await startTestGraph(engine);
    staffE1 = await staffTokenFor('e1', g.fixture);
    const admin = (await tokenFor('admin', g.fixture))!;
    const p = await registerPartner(g, admin, g.fixture.orgs.city.id, '滨江游泳馆', 'POOL');
    pool = await partnerTokenFor(p.id);
    programmeId = (await newProgramme(g, admin, { orgId: g.fixture.orgs.city.id, name: '会员游泳', kind: 'SWIMMING_VOUCHER', requires: [MEMBERSHIP] })).id;
    await bindPartner(g, admin, p.id, programmeId);
    d1ProgrammeId = (await newProgramme(g, admin, { orgId: g.fixture.orgs.d1.id, name: '滨江区会员游泳', kind: 'SWIMMING_VOUCHER', requires: [MEMBERSHIP] })).id;
    await bindPartner(g, admin, p.id, d1ProgrammeId);
  });
  afterAll(() => g?.stop());

  test('after start the copy holds every member, with masked names only', async () => {
    const inMembers = await g.db.getRepository('member').count();
    const rows = await g.benefitsDb.getRepository(MemberFactRow).find();
    expect(rows.length).toBe(inMembers);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.maskedName).toContain('*');
  });

  test('a status change reaches the desk through the feed: the copy answers until delivery, then follows, within the bound', async () => {
    const m = await newMember();
    expect(await check(m.qr)).toEqual({ eligible: true, reasons: [] });
    const before = await system<{ _memberFactsFeed: { hits: number; fallbacks: number } }>(FEED);
    await setMemberStatus(g, staffE1, m.id, 'LEFT', '离职');
    // Not yet delivered: the desk still answers from its copy, without asking members.
    expect(await check(m.qr)).toEqual({ eligible: true, reasons: [] });
    expect((await pending()).length).toBe(1);
    const t0 = Date.now();
    expect((await g.drainOrgChanges()).delivered).toBeGreaterThanOrEqual(1);
    expect(await check(m.qr)).toEqual({ eligible: false, reasons: ['NOT_ACTIVE_MEMBER'] });
    const after = (await system<{ _memberFactsFeed: { mode: string; applied: number; lastLagMs: number; maxLagMs: number; hits: number; fallbacks: number } }>(FEED))._memberFactsFeed;
    expect(after.mode).toBe('replica');
    expect(after.hits).toBeGreaterThan(before._memberFactsFeed.hits);
    expect(after.fallbacks).toBe(before._memberFactsFeed.fallbacks);
    // From the commit in members to the copy: less than the drain took plus the test's own steps, far under the 60 s bound.
    expect(after.lastLagMs).toBeLessThan(Date.now() - t0 + 5_000);
    expect(after.lastLagMs).toBeLessThan(60_000);
  });

  test('a transfer reaches the desk through the feed: waiting, then outside the district programme once accepted', async () => {
    const m = await newMember();
    const inD1 = async () => {
      const { eligible, reasons } = ok(await g.gql<{ checkEligibility: { eligible: boolean; reasons: string[] } }>(pool, CHECK_ELIGIBILITY, { p: d1ProgrammeId, q: m.qr })).checkEligibility;
      return { eligible, reasons };
    };
    expect(await inD1()).toEqual({ eligible: true, reasons: [] });
    const requested = ok(
      await g.gql<{ requestTransfer: { id: string } }>(staffE1, 'mutation($m: ID!, $to: ID!) { requestTransfer(memberId: $m, toOrgId: $to, reason: "换了工作") { id } }', { m: m.id, to: g.fixture.orgs.e3.id }),
      'requestTransfer',
    ).requestTransfer;
    await g.drainOrgChanges();
    expect((await inD1()).eligible).toBe(false);
    expect((await copyOf(m.id))!.status).toBe('TRANSFERRING');
    ok(await g.gql(await staffTokenFor('e3', g.fixture), 'mutation($id: ID!) { acceptTransfer(id: $id) { status } }', { id: requested.id }), 'acceptTransfer');
    await g.drainOrgChanges();
    expect(await inD1()).toEqual({ eligible: false, reasons: ['OUTSIDE_PROGRAMME_AREA'] });
    const row = (await copyOf(m.id))!;
    expect([row.orgId, row.orgPath, row.status]).toEqual([g.fixture.orgs.e3.id, g.fixture.orgs.e3.path, 'ACTIVE']);
    // Still eligible where the whole city is served: the move changed the area, not the membership.
    expect(await check(m.qr)).toEqual({ eligible: true, reasons: [] });
  });

  test('crash between write and publish: the committed change waits in the outbox and arrives later; a refused write leaves no event', async () => {
    const m = await newMember();
    const version = (await copyOf(m.id))!.version;
    // The dispatcher is not running (the test graph drains by hand): as if members died after committing.
    await setMemberStatus(g, staffE1, m.id, 'RETAINED', '退休');
    const waiting = await pending();
    expect(waiting.map((r) => JSON.parse(r.payload).memberIds)).toEqual([[m.id]]);
    expect((await copyOf(m.id))!.status).toBe('ACTIVE');
    // A refused write (a stale version) commits nothing, so it announces nothing.
    const refused = await g.gql(staffE1, 'mutation($m: ID!, $v: Int!) { changeMemberStatus(memberId: $m, status: LEFT, reason: "x", expectedVersion: $v) { id } }', { m: m.id, v: 1 });
    expect(codeOf(refused)).toBe('CONFLICT');
    expect((await pending()).map((r) => r.id)).toEqual(waiting.map((r) => r.id));
    await g.drainOrgChanges();
    expect(await pending()).toEqual([]);
    const row = (await copyOf(m.id))!;
    expect(row.status).toBe('RETAINED');
    expect(row.version).toBe(version + 1);
  });

  test('a repeated, a late and a re-delivered event change nothing', async () => {
    const m = await newMember();
    await setMemberStatus(g, staffE1, m.id, 'LEFT', '离职');
    await setMemberStatus(g, staffE1, m.id, 'ACTIVE', null);
    const [first, second] = await pending();
    const payload = (r: OutboxRow) => JSON.parse(r.payload) as { eventId: string; memberIds: string[]; at: string };
    // Out of order: the later event arrives first and brings the current facts.
    expect((await system<{ _applyMemberChange: boolean }>(APPLY, { e: payload(second).eventId, m: payload(second).memberIds, at: payload(second).at }))._applyMemberChange).toBe(true);
    const current = (await copyOf(m.id))!;
    expect(current.status).toBe('ACTIVE');
    // The same event again: recorded in the inbox, so nothing happens.
    expect((await system<{ _applyMemberChange: boolean }>(APPLY, { e: payload(second).eventId, m: payload(second).memberIds, at: payload(second).at }))._applyMemberChange).toBe(false);
    // The dispatcher now delivers both in order (the second a second time, as after a dispatcher died before marking it done).
    await g.drainOrgChanges();
    expect(await pending()).toEqual([]);
    // The same facts, confirmed again (only synced_at may move on).
    const { syncedAt: _then, ...facts } = current;
    const { syncedAt: _now, ...after } = (await copyOf(m.id))!;
    expect(after).toEqual(facts);
    expect(await check(m.qr)).toEqual({ eligible: true, reasons: [] });
    expect(first.id < second.id).toBe(true);
  });

  test('a refresh older than the copy does not overwrite it (the version decides)', async () => {
    const m = await newMember();
    // The copy already holds a newer version than members will report (as if a later refresh won a race).
    await g.benefitsDb.getRepository(MemberFactRow).update({ id: m.id }, { version: 99, status: 'LEFT' as never });
    const held = (await copyOf(m.id))!;
    expect((await system<{ _applyMemberChange: boolean }>(APPLY, { e: '01KAXB3ZJ4N5P6Q7R8S9T0V1W2', m: [m.id], at: new Date().toISOString() }))._applyMemberChange).toBe(true);
    expect(await copyOf(m.id)).toEqual(held);
  });

  test('a member not yet in the copy is read from members once and kept', async () => {
    const m = await newMember();
    await g.benefitsDb.getRepository(MemberFactRow).delete({ id: m.id });
    expect(await check(m.qr)).toEqual({ eligible: true, reasons: [] });
    expect((await copyOf(m.id))?.status).toBe('ACTIVE');
  });

  test('the one-statement check (issue 11) answers exactly as the four reads did, from the copy', async () => {
    const admin = (await tokenFor('admin', g.fixture))!;
    // A quota with shares, a monthly limit and a member who already claimed: every part of the statement matters.
    const quota = (await newProgramme(g, admin, { orgId: g.fixture.orgs.city.id, name: '限额游泳', kind: 'SWIMMING_VOUCHER', quota: 5, requires: [MEMBERSHIP, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }] })).id;
    await allocate(g, admin, quota, g.fixture.orgs.d1.id, 3);
    const partner = await registerPartner(g, admin, g.fixture.orgs.city.id, '滨江体育馆', 'GYM');
    const gym = await partnerTokenFor(partner.id);
    for (const p of [quota, programmeId, d1ProgrammeId]) await bindPartner(g, admin, partner.id, p);
    const people = [await newMember(), await newMember()];
    const claimed = await claim(g, await clientToken({ role: 'member', mid: people[0].id }), quota);
    expect(claimed.code).toBeUndefined();
    const left = await newMember();
    await setMemberStatus(g, staffE1, left.id, 'LEFT', '离职');
    await g.drainOrgChanges();
    people.push(left);
    const answers = async () => {
      const out: unknown[] = [];
      for (const p of [quota, programmeId, d1ProgrammeId]) for (const m of people) out.push(ok(await g.gql(gym, CHECK_ELIGIBILITY, { p, q: m.qr })));
      return out;
    };
    const asBefore = await withLeanOff(answers);
    const before = await factsFeed();
    const oneStatement = await answers();
    const after = await factsFeed();
    expect(oneStatement).toEqual(asBefore);
    // Not a trivial sameness: the answers differ between members and programmes, and units are shown.
    expect(new Set(oneStatement.map((a) => JSON.stringify(a))).size).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(oneStatement)).toContain('LIMIT_REACHED');
    expect(JSON.stringify(oneStatement)).toContain('NOT_ACTIVE_MEMBER');
    expect(JSON.stringify(oneStatement)).toContain('"remainingQuota":4');
    // Every answer came from the copy, none from members.
    expect(after.hits - before.hits).toBe(9);
    expect(after.fallbacks).toBe(before.fallbacks);
  });

  test('the one-statement voucher check (issue 11) answers exactly as the two reads did, the name from the copy', async () => {
    const admin = (await tokenFor('admin', g.fixture))!;
    const CHECK_VOUCHER = 'query ($c: String!) { checkVoucher(code: $c) { valid reasons programmeName memberName expiresAt remainingQuota } }';
    const quota = (await newProgramme(g, admin, { orgId: g.fixture.orgs.city.id, name: '限额观影', kind: 'SWIMMING_VOUCHER', quota: 7, requires: [MEMBERSHIP] })).id;
    const unbound = (await newProgramme(g, admin, { orgId: g.fixture.orgs.city.id, name: '未签约项目', kind: 'SWIMMING_VOUCHER', requires: [MEMBERSHIP] })).id;
    await bindPartner(g, admin, (await registerPartner(g, admin, g.fixture.orgs.city.id, '另一家', 'POOL')).id, unbound);
    const partner = await registerPartner(g, admin, g.fixture.orgs.city.id, '滨江影城', 'CINEMA');
    const cinema = await partnerTokenFor(partner.id);
    for (const p of [quota, programmeId]) await bindPartner(g, admin, partner.id, p);
    const codes: string[] = [];
    const people = [await newMember(), await newMember(), await newMember()];
    for (const [i, m] of people.entries()) {
      const token = await clientToken({ role: 'member', mid: m.id });
      codes.push((await mustClaim(g, token, i === 1 ? programmeId : quota)).code);
      if (i === 2) codes.push((await mustClaim(g, token, unbound)).code);
    }
    // One member not in the copy: the name comes from members, as before.
    await g.benefitsDb.getRepository(MemberFactRow).delete({ id: people[1].id });
    codes.push('NOSUCHCODE');
    const answers = async () => {
      const out: unknown[] = [];
      for (const c of codes) out.push(ok(await g.gql(cinema, CHECK_VOUCHER, { c })));
      return out;
    };
    const asBefore = await withLeanOff(answers);
    // The name read before put the deleted member back in the copy; take them out again.
    await g.benefitsDb.getRepository(MemberFactRow).delete({ id: people[1].id });
    const before = await factsFeed();
    const oneStatement = await answers();
    const after = await factsFeed();
    expect(oneStatement).toEqual(asBefore);
    // Not a trivial sameness: valid tickets with masked names and units left, and the unknown and unbound codes alike.
    const text = JSON.stringify(oneStatement);
    expect(text).toContain('"remainingQuota":5');
    expect(text).toContain('"memberName":"孙*新"');
    expect(oneStatement.filter((a) => JSON.stringify(a).includes('UNKNOWN_CODE'))).toHaveLength(2);
    // Two names from the copy; the member not in it was asked of members.
    expect(after.hits - before.hits).toBe(2);
    expect(after.fallbacks - before.fallbacks).toBe(1);
  });

  test('a feed that stopped is noticed from members\' side: a change waiting longer than the bound sends the desk to members', async () => {
    // A second copy on the same database and members, its clock two minutes ahead: a change
    // waiting in members now has waited past the 60 s bound as this copy sees it.
    const later = new MemberFactsReplica(g.benefitsDb, new MemberFactsClient(membersSystemClient(g.membersUrl, DEV_INTERNAL_SECRET)), { maxLagMs: 60_000, now: () => new Date(Date.now() + 120_000) });
    const m = await newMember();
    const row = (await copyOf(m.id))!;
    expect(await later.checkFeed()).toBe(false);
    expect(later.usable(row)).not.toBeNull();
    await setMemberStatus(g, staffE1, m.id, 'LEFT', '离职');
    // Not delivered (nobody drains): members holds it, so the copy is not trusted.
    expect(await later.checkFeed()).toBe(true);
    expect(later.stats().backlogMs).toBeGreaterThan(60_000);
    expect(later.usable(row)).toBeNull();
    expect((await later.one(m.id))?.status).toBe('LEFT');
    // Delivered: nothing waits, the copy answers again.
    await g.drainOrgChanges();
    expect(await later.checkFeed()).toBe(false);
    expect(later.stats().backlogMs).toBeNull();
    expect(later.usable((await copyOf(m.id))!)?.status).toBe('LEFT');
  });

  test('clients cannot reach the feed: _applyMemberChange is not in the public graph', async () => {
    const admin = (await tokenFor('admin', g.fixture))!;
    const res = await g.gql(admin, FEED);
    expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
