import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRoster as sut } from '../roster.check';

const check = (body17: string): string => body17 + '10X98765432'[[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2].reduce((a, w, i) => a + w * Number(body17[i]), 0) % 11];
/** A valid ID number; an odd sequence is a man. */
const id = (birth: string, seq: number) => check(`110101${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`);

describe('a roster read row by row (the checks that need no database)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-roster-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const csv = (lines: string[]) => {
    const file = path.join(dir, `r${Math.random()}.csv`);
    fs.writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
    return file;
  };

  test('columns are found by their Chinese names in any order; every field is checked like staff enrolment', async () => {
    const file = csv([
      '企业工会编码, 手机号码 ,姓名,性别,身份证号码,出生日期,用工类型',
      `LJ-01,13800000001,张三,男,${id('1990-03-07', 11)},1990-03-07,外卖骑手`,
      `LJ-01,13800000002,李四,女,${id('1991-04-08', 12).toLowerCase()},1991/4/8,快递员`,
      ',,,,,,',
      `LJ-01,13800000003,王五,女,${id('1992-05-09', 13)},1992-05-09,普通职工`,
      `LJ-01,12345,赵六,男,${id('1993-06-10', 15)},1993-06-11,厨师`,
      `LJ-01,13800000005,,男,${id('1990-03-07', 11)},,普通职工`,
      `LJ-01,13800000006,钱七,男,110101199001011230,1990-01-01,普通职工`,
    ]);
    const roster = await sut(file, 'CSV');
    expect(roster.rows).toBe(6);
    expect(roster.lines.map((l) => [l.row, l.name, l.gender, l.employmentType, l.idNumber.endsWith('X') || /\d$/.test(l.idNumber)])).toEqual([
      [2, '张三', 'MALE', 'DELIVERY_RIDER', true],
      [3, '李四', 'FEMALE', 'COURIER', true],
    ]);
    expect(roster.problems.map((p) => [p.row, p.code, p.field])).toEqual([
      [5, 'GENDER_MISMATCH', 'gender'],
      [6, 'BIRTH_DATE_MISMATCH', 'birthDate'],
      [6, 'PHONE_INVALID', 'phone'],
      [6, 'EMPLOYMENT_TYPE_INVALID', 'employmentType'],
      [7, 'MISSING_FIELD', 'name'],
      [7, 'MISSING_FIELD', 'birthDate'],
      [7, 'DUPLICATE_IN_FILE', 'idNumber'],
      [8, 'ID_NUMBER_INVALID', 'idNumber'],
    ]);
    expect(roster.problems.find((p) => p.code === 'DUPLICATE_IN_FILE')?.message).toContain('第 2 行');
  });

  test('a file without the columns, or without rows, is refused whole', async () => {
    await expect(sut(csv(['姓名,性别,身份证号']), 'CSV')).rejects.toMatchObject({ code: 'FILE_COLUMNS', message: expect.stringContaining('出生日期, 手机号, 用工类型, 企业工会编码') });
    await expect(sut(csv(['姓名,性别,出生日期,身份证号,手机号,用工类型,企业工会编码', ',,,,,,']), 'CSV')).rejects.toMatchObject({ code: 'FILE_EMPTY' });
  });
});
