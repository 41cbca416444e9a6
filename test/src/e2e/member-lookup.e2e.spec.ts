import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { entities, migrations, MemberRow, PiiAccessRow } from '@lianxin/members';
import { createLogger, openDatabase } from '@lianxin/subgraph';
import { dropMariadbDatabase, enginesForSuites, TEST_DATABASE_URL } from '../harness/engines';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { staffTokenFor, tokenFor } from './callers';

// The person at the counter has the worker's ID card in hand: staff find a member by the full
// ID number or phone, inside their subtree, and the answer stays masked unless they may see
// it. The ID numbers and phones themselves are ciphertext at rest; lookups go through keyed
// hashes, never the plaintext.

const FIND = `query($f: MemberFilter!, $reveal: Boolean!) {
  members(filter: $f) { edges { node { id name idNumber(reveal: $reveal) phone } } }
}`;

describe.each(enginesForSuites())('finding a member by ID number or phone, on %s', (engine) => {
  let g: TestGraph;
  let e1: string;
  let e1Pii: string;
  let d2: string;
  beforeAll(async () => {
    g = await startTestGraph(engine);
    e1 = await staffTokenFor('e1', g.fixture);
    e1Pii = (await tokenFor('e1', g.fixture, ['pii:read']))!;
    d2 = await staffTokenFor('d2', g.fixture);
  });
  afterAll(() => g?.stop());

  const find = async (token: string, f: Record<string, unknown>, reveal = false) => g.gql<{ members: { edges: { node: { id: string; name: string; idNumber: string; phone: string } }[] } }>(token, FIND, { f, reveal });

  test('the table holds ciphertext and hashes, never the plaintext', async () => {
    const m1 = g.fixture.members.m1;
    const rows: { id_number: string; phone: string; id_number_hash: string; phone_hash: string }[] = await g.db.query('SELECT id_number, phone, id_number_hash, phone_hash FROM member WHERE id = ?', [m1.id]);
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows[0]);
    expect(raw).not.toContain(m1.idNumber);
    expect(raw).not.toContain(m1.phone);
    expect(rows[0]!.id_number).toMatch(/^v1\.[A-Za-z0-9_-]{40,}$/);
    expect(rows[0]!.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    // Two encryptions of one value differ (random IVs); the entity reads it back in the clear.
    expect((await g.db.getRepository(MemberRow).findOneByOrFail({ id: m1.id })).idNumber).toBe(m1.idNumber);
  });

  test('by full ID number (any letter case) and by phone: exactly that member, masked for staff without pii:read', async () => {
    const m1 = g.fixture.members.m1;
    for (const f of [{ idNumber: m1.idNumber }, { idNumber: m1.idNumber.toLowerCase() }, { phone: m1.phone }]) {
      const res = await find(e1, f);
      expect(res.errors).toBeUndefined();
      expect(res.data!.members.edges.map((e) => e.node)).toEqual([
        { id: m1.id, name: m1.name, idNumber: `${m1.idNumber.slice(0, 6)}********${m1.idNumber.slice(-4)}`, phone: `${m1.phone.slice(0, 3)}****${m1.phone.slice(-4)}` },
      ]);
    }
    const audits = await g.db.getRepository(PiiAccessRow).count();
    const reveal = await find(e1, { idNumber: m1.idNumber }, true);
    expect(reveal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(reveal)).not.toContain(m1.idNumber);
    expect(await g.db.getRepository(PiiAccessRow).count()).toBe(audits);
  });

  test('staff holding pii:read may reveal what they found, and the reveal is recorded', async () => {
    const m1 = g.fixture.members.m1;
    const before = await g.db.getRepository(PiiAccessRow).countBy({ memberId: m1.id });
    const res = await find(e1Pii, { idNumber: m1.idNumber }, true);
    expect(res.errors).toBeUndefined();
    expect(res.data!.members.edges.map((e) => e.node.idNumber)).toEqual([m1.idNumber]);
    expect(await g.db.getRepository(PiiAccessRow).countBy({ memberId: m1.id })).toBe(before + 1);
  });

  test('outside the subtree, or a number nobody has: nothing', async () => {
    expect((await find(d2, { idNumber: g.fixture.members.m1.idNumber })).data!.members.edges).toEqual([]);
    expect((await find(d2, { phone: g.fixture.members.m1.phone })).data!.members.edges).toEqual([]);
    expect((await find(e1, { phone: '13700000000' })).data!.members.edges).toEqual([]);
  });

  test('a malformed number is BAD_USER_INPUT saying what a valid one looks like', async () => {
    const bad = await find(e1, { idNumber: '12345' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/idNumber/);
    const phone = await find(e1, { phone: '1381234' });
    expect(phone.errors?.[0]?.message).toMatch(/11-digit mainland mobile number/);
  });
});

describe.each(enginesForSuites())('encrypting the rows written before encryption, on %s', (engine) => {
  test('the migration encrypts plaintext rows in place, and they read back unchanged', async () => {
    const log = createLogger('test', 'silent');
    const database = `lianxin_pii_migration_${process.pid}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-pii-'));
    if (engine === 'mariadb') await dropMariadbDatabase(database);
    const url = engine === 'mariadb' ? TEST_DATABASE_URL : undefined;
    // The schema as it was before: only the first migration.
    const old = await openDatabase({ url, database, dataDir, service: 'members', entities: [], migrations: [migrations[0]!], log });
    const orgId = '01KAXB3ZJ4N5P6Q7R8S9T0V1A1';
    await old.query("INSERT INTO org (id, parent_id, level, kind, code, name, path, join_code, created_at) VALUES (?, NULL, 'CITY', 'CITY_FEDERATION', 'LJ', '临江市总工会', ?, 'JOINLJXX', '2026-01-01 00:00:00')", [orgId, `/${orgId}/`]);
    const people = [
      ['01KAXB3ZJ4N5P6Q7R8S9T0V1B1', '110101198503070011', '13812345678'],
      ['01KAXB3ZJ4N5P6Q7R8S9T0V1B2', '11010119900721002X', '13998765432'],
    ];
    for (const [id, idNumber, phone] of people) {
      await old.query(
        "INSERT INTO member (id, org_id, org_path, name, gender, birth_date, id_number, phone, employment_type, model_worker, status, join_channel, joined_on, created_at, version) VALUES (?, ?, ?, '王建国', 'MALE', '1985-03-07', ?, ?, 'REGULAR', 0, 'ACTIVE', 'ENROLLED', '2026-01-01', '2026-01-01 00:00:00', 1)",
        [id, orgId, `/${orgId}/`, idNumber, phone],
      );
    }
    await old.destroy();

    const db = await openDatabase({ url, database, dataDir, service: 'members', entities, migrations, log });
    try {
      const raw: { id_number: string; phone: string }[] = await db.query('SELECT id_number, phone FROM member ORDER BY id');
      expect(raw.every((r) => r.id_number.startsWith('v1.') && r.phone.startsWith('v1.'))).toBe(true);
      const rows = await db.getRepository(MemberRow).find({ order: { id: 'ASC' } });
      expect(rows.map((r) => [r.id, r.idNumber, r.phone])).toEqual(people);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.idNumberHash) && /^[0-9a-f]{64}$/.test(r.phoneHash))).toBe(true);
      // One member per person still holds: the unique index moved to the hash.
      await expect(db.query('UPDATE member SET id_number_hash = ? WHERE id = ?', [rows[0]!.idNumberHash, people[1]![0]])).rejects.toThrow();
    } finally {
      await db.destroy();
      if (engine === 'mariadb') await dropMariadbDatabase(database);
    }
  });
});
