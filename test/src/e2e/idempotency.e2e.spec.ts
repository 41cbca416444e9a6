import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { IdempotencyRow } from '@lianxin/subgraph';
import { CaseRow } from '@lianxin/cases';
import { AidApplicationRow, CareVisitRow, ProgrammeRow, VoucherRow } from '@lianxin/benefits';
import { JoinApplicationRow, MemberRow } from '@lianxin/members';
import { enginesForSuites } from '../harness/engines';
import { idNumber } from '../harness/fixtures';
import { clientToken, startTestGraph, type GqlResponse, type TestGraph } from '../harness/graph';
import { memberTokenFor, staffTokenFor, tokenFor } from './callers';
import { day, enrol, newBatch, newProgramme, childrenOf, ok } from './benefits-helpers';

/**
 * Issue 16 item 4: the creates a client may retry after an unclear failure take an
 * idempotencyKey. Through the gateway, on every engine, each of them: a retry returns the
 * first result and writes nothing; concurrent calls with one key write once and all get that
 * one result; the key sent with another request is IDEMPOTENCY_KEY_REUSED and writes nothing;
 * another caller's same key is theirs alone.
 */

interface Spec {
  op: string;
  /** The mutation, taking `$i` (the request) and `$k` (the key), selecting at least `id`. */
  doc: string;
  who: () => string | undefined;
  other: () => string | undefined;
  /** Request number n: different n, different request. */
  vars: (n: number, other?: boolean) => Record<string, unknown>;
  table: EntityTarget<ObjectLiteral>;
  db: () => DataSource;
  idOf: (data: Record<string, unknown>) => string;
}

describe.each(enginesForSuites())('idempotent creates on %s', (engine) => {
  let g: TestGraph;
  const t: Record<string, string | undefined> = {};
  let org: (k: 'city' | 'e1') => string;
  let programmes: string[];
  let aidProgramme: string;
  let children: string[];
  let aidMember: string;
  let batch: string;

  beforeAll(async () => {
    g = await startTestGraph(engine);
    const f = g.fixture;
    org = (k) => f.orgs[k].id;
    t.admin = await tokenFor('admin', f);
    t.city = await staffTokenFor('city', f);
    t.e1 = await staffTokenFor('e1', f);
    t.m1 = await memberTokenFor('m1', f);
    t.m2 = await memberTokenFor('m2', f);
    const membership = [{ type: 'membership', status: ['ACTIVE'] }];
    programmes = [
      (await newProgramme(g, t.city!, { orgId: org('city'), name: '职工观影甲', requires: membership })).id,
      (await newProgramme(g, t.city!, { orgId: org('city'), name: '职工观影乙', requires: membership })).id,
    ];
    aidProgramme = (await newProgramme(g, t.city!, { orgId: org('city'), name: '金秋助学', kind: 'EDUCATION_AID', requires: [{ type: 'child' }], quota: 100, budgetCents: 10_000_000, amountCents: 50_000, voucherValidDays: null })).id;
    const kids = Array.from({ length: 5 }, (_, i) => ({ name: `孙小${'一二三四五'[i]}`, gender: 'MALE' as const, birthDate: '2015-09-01', schoolStage: 'PRIMARY' }));
    aidMember = await enrol(g, t.e1!, org('e1'), 901, { name: '孙大成', children: kids });
    t.aidMember = await clientToken({ role: 'member', mid: aidMember });
    children = (await childrenOf(g, t.e1!, aidMember)).map((c) => c.id);
    batch = (await newBatch(g, t.e1!, org('e1'), 10_000_000)).id;
  });
  afterAll(() => g?.stop());

  const specs: Spec[] = [
    {
      op: 'raiseCase',
      doc: 'mutation($i: RaiseCaseInput!, $k: String) { raiseCase(input: $i, idempotencyKey: $k) { id number } }',
      who: () => t.m1,
      other: () => t.m2,
      vars: (n) => ({ kind: 'MICRO_WISH', channel: 'WECHAT', urgency: 'NORMAL', description: `工资被拖欠第${n}个月了，请工会帮忙`, anonymous: false }),
      table: CaseRow,
      db: () => g.casesDb,
      idOf: (d) => d.id as string,
    },
    {
      op: 'enrolMember',
      doc: 'mutation($i: EnrolMemberInput!, $k: String) { enrolMember(input: $i, idempotencyKey: $k) { id } }',
      who: () => t.e1,
      other: () => t.admin,
      vars: (n) => ({ orgId: org('e1'), name: `幂等会员${n}`, gender: 'MALE', idNumber: idNumber('1991-02-03', 700 + n), phone: `136${String(700 + n).padStart(8, '0')}`, employmentType: 'COURIER' }),
      table: MemberRow,
      db: () => g.db,
      idOf: (d) => d.id as string,
    },
    {
      op: 'applyToJoin',
      doc: 'mutation($i: JoinApplicationInput!, $k: String) { applyToJoin(input: $i, idempotencyKey: $k) { applicationId status orgName } }',
      who: () => undefined,
      // Anonymous applicants share one caller; a member is another.
      other: () => t.m2,
      vars: (n) => ({ joinCode: g.fixture.orgs.e1.joinCode, name: `扫码职工${n}`, gender: 'FEMALE', idNumber: idNumber('1993-05-06', 800 + n), phone: `135${String(800 + n).padStart(8, '0')}`, employmentType: 'DELIVERY_RIDER' }),
      table: JoinApplicationRow,
      db: () => g.db,
      idOf: (d) => d.applicationId as string,
    },
    {
      op: 'claimVoucher',
      doc: 'mutation($i: ID!, $k: String) { claimVoucher(programmeId: $i, idempotencyKey: $k) { id code } }',
      who: () => t.m1,
      other: () => t.m2,
      vars: (n) => programmes[n % 2] as never,
      table: VoucherRow,
      db: () => g.benefitsDb,
      idOf: (d) => d.id as string,
    },
    {
      op: 'createProgramme',
      doc: 'mutation($i: CreateProgrammeInput!, $k: String) { createProgramme(input: $i, idempotencyKey: $k) { id name } }',
      who: () => t.city,
      other: () => t.admin,
      vars: (n) => ({ orgId: org('city'), name: `幂等项目${n}`, kind: 'CINEMA_VOUCHER', startsOn: day(-1), endsOn: day(60), quota: 10, voucherValidDays: 30, rules: { requires: [] } }),
      table: ProgrammeRow,
      db: () => g.benefitsDb,
      idOf: (d) => d.id as string,
    },
    {
      op: 'recordCareVisit',
      doc: 'mutation($i: RecordCareVisitInput!, $k: String) { recordCareVisit(input: $i, idempotencyKey: $k) { id costCents } }',
      who: () => t.e1,
      other: () => t.admin,
      vars: (n) => ({ batchId: batch, memberId: g.fixture.members.m1.id, orgId: org('e1'), items: '米、油', costCents: 100 + n, visitedOn: day(0) }),
      table: CareVisitRow,
      db: () => g.benefitsDb,
      idOf: (d) => d.id as string,
    },
    {
      op: 'applyForEducationAid',
      doc: 'mutation($i: ApplyForEducationAidInput!, $k: String) { applyForEducationAid(input: $i, idempotencyKey: $k) { id childId } }',
      who: () => t.aidMember,
      other: () => t.admin,
      // One application per child and year: each request is for a child of its own.
      vars: (n, other) => ({ programmeId: aidProgramme, childId: children[n - 1], ...(other ? { memberId: aidMember } : {}) }),
      table: AidApplicationRow,
      db: () => g.benefitsDb,
      idOf: (d) => d.id as string,
    },
  ];

  const send = (s: Spec, token: string | undefined, i: unknown, k?: string | null) => g.gql(token, s.doc, { i, k }) as Promise<GqlResponse>;
  const value = (s: Spec, res: GqlResponse): Record<string, unknown> => ok(res, s.op)[s.op] as Record<string, unknown>;
  const count = (s: Spec) => s.db().getRepository(s.table).count();
  let keys = 0;
  const freshKey = () => `${engine}-${Date.now().toString(36)}-${++keys}`;

  describe.each(specs.map((s) => [s.op, s] as const))('%s', (_op, s) => {
    test('a retry with the same key returns the first result and creates nothing', async () => {
      const k = freshKey();
      const before = await count(s);
      const first = value(s, await send(s, s.who(), s.vars(1), k));
      const again = await send(s, s.who(), s.vars(1), k);
      expect(again.errors).toBeUndefined();
      expect(value(s, again)).toEqual(first);
      expect(await count(s)).toBe(before + 1);
    });

    test('six concurrent calls with one key create one row, and every caller gets it', async () => {
      const k = freshKey();
      const before = await count(s);
      const answers = await Promise.all(Array.from({ length: 6 }, () => send(s, s.who(), s.vars(2), k)));
      expect(answers.map((a) => a.errors?.[0]?.extensions?.code)).toEqual(Array(6).fill(undefined));
      expect(new Set(answers.map((a) => s.idOf(value(s, a)))).size).toBe(1);
      expect(await count(s)).toBe(before + 1);
      expect(await g.db.getRepository(IdempotencyRow).countBy({ key: k }) + (await g.casesDb.getRepository(IdempotencyRow).countBy({ key: k })) + (await g.benefitsDb.getRepository(IdempotencyRow).countBy({ key: k }))).toBe(1);
    });

    test('the same key with another request is IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
      const k = freshKey();
      value(s, await send(s, s.who(), s.vars(3), k));
      const before = await count(s);
      const reused = await send(s, s.who(), s.vars(4), k);
      expect(reused.data?.[s.op] ?? null).toBeNull();
      expect(reused.errors).toEqual([
        expect.objectContaining({
          message: `This idempotencyKey was already used for a different ${s.op} request. Make a fresh key for each new action; send a key again only to retry the very same request.`,
          extensions: expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' }),
        }),
      ]);
      expect(await count(s)).toBe(before);
    });

    test('a key of one caller does not answer another caller', async () => {
      const k = freshKey();
      const mine = value(s, await send(s, s.who(), s.vars(5), k));
      const before = await count(s);
      // The other caller's own request under the same key is theirs: written, not refused as reuse, not answered with mine.
      // (Aid: child 4's request was only ever refused as reuse, so that child is still free.)
      const theirs = value(s, await send(s, s.other(), s.vars(s.op === 'applyForEducationAid' ? 4 : 6, true), k));
      expect(s.idOf(theirs)).not.toBe(s.idOf(mine));
      expect(await count(s)).toBe(before + 1);
    });
  });

  test('a care visit retried is charged to the batch once', async () => {
    const s = specs.find((x) => x.op === 'recordCareVisit')!;
    const spent = async () => ok(await g.gql<{ careBatch: { spentCents: number } }>(t.e1, 'query($id: ID!) { careBatch(id: $id) { spentCents } }', { id: batch })).careBatch.spentCents;
    const k = freshKey();
    const before = await spent();
    for (let i = 0; i < 3; i++) value(s, await send(s, t.e1, s.vars(50), k));
    expect(await spent()).toBe(before + 150);
  });

  test('a malformed key is BAD_USER_INPUT saying what a key is, and nothing is written', async () => {
    const s = specs.find((x) => x.op === 'claimVoucher')!;
    const before = await count(s);
    const res = await send(s, t.m1, programmes[0], 'has spaces in it');
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'idempotencyKey: must be 1-64 printable ASCII characters without spaces, e.g. a UUID. Make a fresh key for each new action and send the same key again only to retry that action.',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' }),
      }),
    ]);
    expect(await count(s)).toBe(before);
  });

  test('without a key (absent or null) every call writes, as before', async () => {
    const s = specs.find((x) => x.op === 'claimVoucher')!;
    const before = await count(s);
    value(s, await send(s, t.m1, programmes[0]));
    value(s, await send(s, t.m1, programmes[0], null));
    expect(await count(s)).toBe(before + 2);
  });
});
