import { EmploymentType } from '@lianxin/members-client';
import { FileRefused, readSheet, type SheetFormat } from '@lianxin/subgraph';
import { Gender } from '../member/member.entity';
import { birthDateOfIdNumber, isValidIdNumber, PHONE_PATTERN } from '../member/member.validation';

/** The roster's columns: the Chinese header a cadre writes, and a few names the same column goes by. */
export const ROSTER_COLUMNS = {
  name: ['姓名'],
  gender: ['性别'],
  birthDate: ['出生日期', '出生年月日'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码'],
  phone: ['手机号', '手机号码', '联系电话'],
  employmentType: ['用工类型', '就业形态'],
  orgCode: ['企业工会编码', '工会编码', '单位编码'],
} as const;
export type RosterField = keyof typeof ROSTER_COLUMNS;
const FIELDS = Object.keys(ROSTER_COLUMNS) as RosterField[];
export const FIELD_WORD: Record<RosterField, string> = { name: '姓名', gender: '性别', birthDate: '出生日期', idNumber: '身份证号', phone: '手机号', employmentType: '用工类型', orgCode: '企业工会编码' };

/** A roster is at most this long: a district's whole drive (17,275 in the seeds) fits three times over. */
export const MAX_ROSTER_ROWS = 60_000;

const GENDER_WORDS: Record<string, Gender> = { 男: Gender.MALE, 女: Gender.FEMALE, MALE: Gender.MALE, FEMALE: Gender.FEMALE };
const EMPLOYMENT_WORDS: Record<string, EmploymentType> = {
  普通职工: 'REGULAR', 正式职工: 'REGULAR', 职工: 'REGULAR', 外卖骑手: 'DELIVERY_RIDER', 外卖员: 'DELIVERY_RIDER', 网约车司机: 'RIDE_HAILING_DRIVER',
  快递员: 'COURIER', 主播: 'LIVE_STREAMER', 网络主播: 'LIVE_STREAMER',
  ...Object.fromEntries(Object.values(EmploymentType).map((t) => [t, t])),
};

/** A row's problem: a stable code for software, a Chinese sentence for the cadre. */
export interface RowProblem {
  row: number;
  code: string;
  field: RosterField | 'row';
  message: string;
}

export interface RosterLine {
  row: number;
  name: string;
  gender: Gender;
  idNumber: string;
  phone: string;
  employmentType: EmploymentType;
  orgCode: string;
}

/** What the rows say on their own, before the tree and the members are asked. */
export interface ParsedRoster {
  lines: RosterLine[];
  /** Rows as read (every field as text), for the masked report. */
  raw: Map<number, { name: string; idNumber: string }>;
  problems: RowProblem[];
  rows: number;
}

/** Reads the roster and checks each row by itself and against the rows above it. A file it cannot take is refused whole. */
export async function parseRoster(file: string, format: SheetFormat): Promise<ParsedRoster> {
  const out: ParsedRoster = { lines: [], raw: new Map(), problems: [], rows: 0 };
  let columns: Record<RosterField, number> | undefined;
  const firstRowOf = new Map<string, number>();
  for await (const { row, cells } of readSheet(file, format)) {
    if (!columns) {
      columns = headerColumns(cells);
      continue;
    }
    if (cells.every((c) => c === '')) continue;
    if (++out.rows > MAX_ROSTER_ROWS) {
      throw new FileRefused('FILE_TOO_MANY_ROWS', `The roster has more than ${MAX_ROSTER_ROWS.toLocaleString('en')} rows. Split it into several files and upload them one by one.`);
    }
    const v = Object.fromEntries(FIELDS.map((f) => [f, (cells[columns![f]] ?? '').trim()])) as Record<RosterField, string>;
    v.idNumber = v.idNumber.toUpperCase();
    out.raw.set(row, { name: v.name, idNumber: v.idNumber });
    const problems = checkLine(row, v);
    if (!problems.some((p) => p.field === 'idNumber') && v.idNumber) {
      const first = firstRowOf.get(v.idNumber);
      if (first !== undefined) problems.push({ row, code: 'DUPLICATE_IN_FILE', field: 'idNumber', message: `身份证号与第 ${first} 行重复，同一人只导入一次` });
      else firstRowOf.set(v.idNumber, row);
    }
    if (problems.length) out.problems.push(...problems);
    else out.lines.push({ row, name: v.name, gender: GENDER_WORDS[v.gender], idNumber: v.idNumber, phone: v.phone, employmentType: EMPLOYMENT_WORDS[v.employmentType], orgCode: v.orgCode });
  }
  if (!columns) throw new FileRefused('FILE_EMPTY', 'The file is empty. Fill in the roster template (姓名, 性别, 出生日期, 身份证号, 手机号, 用工类型, 企业工会编码) and upload it again.');
  if (!out.rows) throw new FileRefused('FILE_EMPTY', 'The roster has a header row but no members under it. Add one member per row and upload it again.');
  return out;
}

function headerColumns(cells: string[]): Record<RosterField, number> {
  const at = {} as Record<RosterField, number>;
  const missing: string[] = [];
  for (const f of FIELDS) {
    const i = cells.findIndex((c) => (ROSTER_COLUMNS[f] as readonly string[]).includes(c.replace(/\s/g, '')));
    if (i < 0) missing.push(ROSTER_COLUMNS[f][0]);
    else at[f] = i;
  }
  if (missing.length) {
    throw new FileRefused('FILE_COLUMNS', `The first row must name the columns; missing: ${missing.join(', ')}. Use the roster template: 姓名, 性别, 出生日期, 身份证号, 手机号, 用工类型, 企业工会编码.`);
  }
  return at;
}

const DAY = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const day = (text: string): string | null => {
  const m = DAY.exec(text);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : null;
};

/** Each field of a row by itself, the same rules as staff enrolment (PersonInput) plus the birth date against the ID. */
function checkLine(row: number, v: Record<RosterField, string>): RowProblem[] {
  const problems: RowProblem[] = [];
  const add = (field: RosterField, code: string, message: string) => problems.push({ row, field, code, message });
  for (const f of FIELDS) if (!v[f]) add(f, 'MISSING_FIELD', `缺少${FIELD_WORD[f]}`);
  if (v.name && v.name.length > 50) add('name', 'NAME_TOO_LONG', '姓名最多 50 个字');
  if (v.gender && !GENDER_WORDS[v.gender]) add('gender', 'GENDER_INVALID', '性别请填“男”或“女”');
  if (v.idNumber && !isValidIdNumber(v.idNumber)) add('idNumber', 'ID_NUMBER_INVALID', '身份证号不是有效的 18 位号码（校验位不符或出生日期不存在）');
  if (v.idNumber && isValidIdNumber(v.idNumber)) {
    const birth = day(v.birthDate);
    if (v.birthDate && !birth) add('birthDate', 'BIRTH_DATE_INVALID', '出生日期请写成 1990-03-07');
    else if (birth && birth !== birthDateOfIdNumber(v.idNumber)) add('birthDate', 'BIRTH_DATE_MISMATCH', `出生日期与身份证号不一致（身份证号上是 ${birthDateOfIdNumber(v.idNumber)}）`);
    const male = Number(v.idNumber[16]) % 2 === 1;
    if (GENDER_WORDS[v.gender] && (GENDER_WORDS[v.gender] === Gender.MALE) !== male) add('gender', 'GENDER_MISMATCH', `性别与身份证号不一致（身份证号上是${male ? '男' : '女'}）`);
  }
  if (v.phone && !PHONE_PATTERN.test(v.phone)) add('phone', 'PHONE_INVALID', '手机号应为 11 位大陆手机号，如 13812345678');
  if (v.employmentType && !EMPLOYMENT_WORDS[v.employmentType]) add('employmentType', 'EMPLOYMENT_TYPE_INVALID', '用工类型请填：普通职工、外卖骑手、网约车司机、快递员或主播');
  return problems;
}
