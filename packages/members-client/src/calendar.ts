/**
 * The China calendar: days, months and years as a union office counts them, in China
 * Standard Time (UTC+8 all year; China keeps no daylight saving). Every date a user sees
 * or a rule compares (a programme's last day, a survey's closing day, a figure's month)
 * is one of these, whatever the server's own time zone.
 */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The China day of an instant: '2026-12-07'. */
export const chinaDate = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The China month of an instant: '2026-12'. */
export const chinaMonth = (at: Date): string => chinaDate(at).slice(0, 7);

export const chinaYear = (at: Date): number => Number(chinaDate(at).slice(0, 4));

/** The instant a China day begins (00:00:00 in Beijing). */
export const dayStart = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);

/** The last second of a China day (23:59:59 in Beijing): what "valid until that day" means. */
export const dayEnd = (day: string): Date => new Date(dayStart(day).getTime() + DAY_MS - 1000);

/** The day `n` days after `day` (before, for negative n). */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** How many China days from `from` to `to`, both counted (YYYY-MM-DD each). */
export const dayCount = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** Months counted from year 0 (year * 12 + month - 1): a month range is a range of integers. */
export const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/** The instant China month number `n` (see monthIndex) begins. */
export const monthStart = (n: number): Date => new Date(Date.UTC(Math.floor(n / 12), n % 12, 1) - OFFSET_MS);
