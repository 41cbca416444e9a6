import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { newId } from '@lianxin/auth';
import { createLogger, lean, setLean } from '@lianxin/subgraph';
import { openMembersDatabase } from '../../app';
import { OrgKind, OrgLevel, OrgRow } from '../../org/org.entity';
import { EmploymentType, Gender, JoinChannel, MemberRow } from '../member.entity';
import { newMemberRow } from '../member.service';
import { isEncrypted } from '../member.pii';

/**
 * The lean read of ID numbers and phones (member.pii.ts, decryptOnRead): a row loads without
 * decrypting, and reads, spreads and JSON still give the plaintext; writes still store ciphertext.
 */
const log = createLogger('test', 'silent');
const ID_NUMBER = '110101199003071234';
const PHONE = '13800138000';

let db: DataSource;
let dataDir: string;
let memberId: string;
const leanAtStart = lean.on;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-pii-'));
  db = await openMembersDatabase({ dataDir, database: 'members', log });
  const org = Object.assign(new OrgRow(), {
    id: newId(),
    parentId: null,
    path: '',
    name: '测试企业工会',
    level: OrgLevel.ENTERPRISE,
    kind: OrgKind.ENTERPRISE,
    code: 'T-0001',
    joinCode: 'JOINT0001',
    createdAt: new Date(),
  });
  org.path = `/${org.id}/`;
  await db.getRepository(OrgRow).insert(org);
  const member = newMemberRow({ name: '张三', gender: Gender.MALE, idNumber: ID_NUMBER, phone: PHONE, employmentType: EmploymentType.REGULAR }, org, JoinChannel.ENROLLED, new Date());
  memberId = member.id;
  await db.getRepository(MemberRow).insert(member);
});

afterAll(async () => {
  setLean(leanAtStart);
  await db.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const stored = async (): Promise<{ id_number: string; phone: string }> => (await db.query('SELECT id_number, phone FROM member WHERE id = ?', [memberId]))[0];

describe.each([true, false])('lean %s', (on) => {
  beforeEach(() => setLean(on));

  it('stores ciphertext and reads, spreads and serialises plaintext', async () => {
    const raw = await stored();
    expect(isEncrypted(raw.id_number) && isEncrypted(raw.phone)).toBe(true);
    const sut = (await db.getRepository(MemberRow).findOneByOrFail({ id: memberId }))!;
    expect(sut.idNumber).toBe(ID_NUMBER);
    expect(sut.phone).toBe(PHONE);
    expect({ ...sut }).toMatchObject({ idNumber: ID_NUMBER, phone: PHONE });
    expect(JSON.parse(JSON.stringify(sut))).toMatchObject({ idNumber: ID_NUMBER, phone: PHONE });
  });

  it('writes a changed value as new ciphertext', async () => {
    const sut = await db.getRepository(MemberRow).findOneByOrFail({ id: memberId });
    sut.phone = '13900139000';
    expect(sut.phone).toBe('13900139000');
    await db.getRepository(MemberRow).save(sut);
    const raw = await stored();
    expect(isEncrypted(raw.phone)).toBe(true);
    expect((await db.getRepository(MemberRow).findOneByOrFail({ id: memberId })).phone).toBe('13900139000');
    await db.query('UPDATE member SET phone = ? WHERE id = ?', [(await stored()).phone, memberId]);
    sut.phone = PHONE;
    await db.getRepository(MemberRow).save(sut);
  });
});

it('decrypts only what is read: a row with a damaged phone loads, and fails only where the phone is read', async () => {
  const before = await stored();
  await db.query('UPDATE member SET phone = ? WHERE id = ?', ['v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', memberId]);
  try {
    setLean(false);
    await expect(db.getRepository(MemberRow).findOneBy({ id: memberId })).rejects.toThrow();
    setLean(true);
    const sut = await db.getRepository(MemberRow).findOneByOrFail({ id: memberId });
    expect(sut.name).toBe('张三');
    expect(sut.idNumber).toBe(ID_NUMBER);
    expect(() => sut.phone).toThrow();
  } finally {
    await db.query('UPDATE member SET phone = ? WHERE id = ?', [before.phone, memberId]);
  }
});
