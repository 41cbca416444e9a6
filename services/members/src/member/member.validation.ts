import { registerDecorator, type ValidationOptions } from 'class-validator';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643 citizen ID: 6-digit region, YYYYMMDD birth date, 3-digit sequence, MOD 11-2 check digit. */
export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(value[i]), 0);
  if (CHECK[sum % 11] !== value[17]) return false;
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const birthDateOfIdNumber = (id: string): string => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;

export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

export function IsIdNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIdNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be an 18-character national ID number with a valid check digit', ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidIdNumber(v.toUpperCase()) },
    });
}

/** '110101199003071234' -> '110101********1234' */
export const maskIdNumber = (v: string): string => (v.length > 10 ? `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}` : '*'.repeat(v.length));

/** '13812345678' -> '138****5678' */
export const maskPhone = (v: string): string => (v.length >= 7 ? `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}` : '*'.repeat(v.length));

/** '张三丰' -> '张**': what a partner or a receiving org sees before the member is theirs. */
export const maskName = (v: string): string => (v.length <= 1 ? v : v[0] + '*'.repeat(v.length - 1));
