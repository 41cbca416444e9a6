import { MemberChildRow, MemberRow, MemberStatusEventRow, piiHash } from '@lianxin/members';
import { enginesForSuites } from '../harness/engines';
import { idNumber } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { tokenFor } from './callers';

const ENROL = 'mutation($input: EnrolMemberInput!) { enrolMember(input: $input) { id } }';

describe.each(enginesForSuites())('bad input on %s', (engine) => {
  let g: TestGraph;
  let staff: string;
  beforeAll(async () => {
    g = await startTestGraph(engine);
    staff = (await tokenFor('city', g.fixture))!;
  });
  afterAll(() => g?.stop());

  const counts = async () => ({
    members: await g.db.getRepository(MemberRow).count(),
    children: await g.db.getRepository(MemberChildRow).count(),
    events: await g.db.getRepository(MemberStatusEventRow).count(),
  });
  const person = (over: Record<string, unknown> = {}) => ({
    orgId: g.fixture.orgs.e1.id, name: '赵新', gender: 'MALE', idNumber: idNumber('1991-05-05', 501), phone: '13600001234', employmentType: 'REGULAR', ...over,
  });

  /** Every case: a stable code, a message that says what to do, nothing internal, nothing written. */
  async function expectRefused(query: string, variables: Record<string, unknown>, code: string, message: RegExp) {
    const before = await counts();
    const res = await g.gql(staff, query, variables);
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|SELECT|INSERT|QueryFailedError|\.ts:\d+/);
    expect(await counts()).toEqual(before);
  }

  test('unknown ids', async () => {
    const res = await g.gql<{ member: null; org: null }>(staff, '{ member(id: "01ZZZZZZZZZZZZZZZZZZZZZZZZ") { id } org(id: "01KAXB3ZJ4N5P6Q7R8S9T0V1C1") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ member: null, org: null });
    // Something that is not an id at all is the caller's mistake, said as such, field by field.
    const malformed = await g.gql<{ member: null; org: { id: string } }>(staff, `{ member(id: "nope") { id } org(id: "${g.fixture.orgs.e1.id}") { id } }`);
    expect(malformed.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['BAD_USER_INPUT', ['member']]]);
    expect(malformed.errors?.[0]?.message).toMatch(/^id: "nope" is not an id/);
    expect(malformed.data).toEqual({ member: null, org: { id: g.fixture.orgs.e1.id } });
    await expectRefused(ENROL, { input: person({ orgId: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' }) }, 'NOT_FOUND', /No org with id .* exists that you can see/);
    await expectRefused('mutation { updateMember(id: "01ZZZZZZZZZZZZZZZZZZZZZZZZ", input: { modelWorker: true, expectedVersion: 1 }) { id } }', {}, 'NOT_FOUND', /No member/);
    await expectRefused('mutation { updateMember(id: "nope", input: { modelWorker: true, expectedVersion: 1 }) { id } }', {}, 'BAD_USER_INPUT', /is not an id/);
  });

  test('malformed org codes', async () => {
    for (const code of ['lj 01', 'LJ--01', '../etc', 'X'.repeat(60), "LJ-01'; DROP TABLE org; --"]) {
      await expectRefused('query($c: String!) { orgByCode(code: $c) { id } }', { c: code }, 'BAD_USER_INPUT', /codes look like LJ-03-07-0042/);
    }
  });

  test('over-long strings', async () => {
    await expectRefused(ENROL, { input: person({ name: '长'.repeat(51) }) }, 'BAD_USER_INPUT', /name/);
    await expectRefused('query($t: String) { orgs(search: { text: $t }) { id } }', { t: 'x'.repeat(51) }, 'BAD_USER_INPUT', /text/);
  });

  test('invalid ID numbers and phones', async () => {
    const valid = idNumber('1991-05-05', 502);
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    for (const bad of [wrongCheck, '33990119910230123X', '12345', 'abcdefghijklmnopqr']) {
      await expectRefused(ENROL, { input: person({ idNumber: bad }) }, 'BAD_USER_INPUT', /idNumber: must be an 18-character national ID number with a valid check digit/);
    }
    await expectRefused(ENROL, { input: person({ phone: '12345' }) }, 'BAD_USER_INPUT', /phone: must be an 11-digit mainland mobile number/);
  });

  test('a member who already exists is refused, with nothing half-written', async () => {
    await expectRefused(ENROL, { input: person({ idNumber: g.fixture.members.m2.idNumber, children: [{ name: '小童', gender: 'FEMALE', birthDate: '2016-01-01', schoolStage: 'PRIMARY' }] }) }, 'DUPLICATE', /already exists.*transfer or reactivate/);
  });

  test('two concurrent enrolments of one person: exactly one wins', async () => {
    const input = person({ idNumber: idNumber('1993-03-03', 503) });
    const results = await Promise.all([g.gql(staff, ENROL, { input }), g.gql(staff, ENROL, { input }), g.gql(staff, ENROL, { input })]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'DUPLICATE')).toHaveLength(2);
    expect(await g.db.getRepository(MemberRow).countBy({ idNumberHash: piiHash('idNumber', input.idNumber) })).toBe(1);
  });

  test('a stale version is refused and changes nothing', async () => {
    const m = await g.db.getRepository(MemberRow).findOneByOrFail({ id: g.fixture.members.m3.id });
    await expectRefused('mutation($id: ID!, $v: Int!) { updateMember(id: $id, input: { phone: "13900000000", expectedVersion: $v }) { id } }', { id: m.id, v: m.version + 5 }, 'CONFLICT', /changed since you read it/);
    expect(await g.db.getRepository(MemberRow).findOneByOrFail({ id: m.id })).toEqual(m);
  });

  test('a malformed cursor', async () => {
    await expectRefused('{ members(after: "%%%") { edges { node { id } } } }', {}, 'BAD_USER_INPUT', /pass pageInfo.endCursor unchanged/);
  });
});
