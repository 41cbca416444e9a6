/**
 * Money as a cadre reads and types it: the API counts fen (分, 100 to the yuan) in whole
 * numbers; screens show and take yuan (元) with two decimals. Pure: unit-tested.
 */

/** 123456 → "1,234.56 元"; null → "—". */
export function formatYuan(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  const yuan = (Math.abs(cents) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}${yuan} 元`;
}

/** What a yuan amount typed in a form is in fen, rounded to the fen (12.345 → 1235); null stays null. */
export function toCents(yuan: number | null | undefined): number | null {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return null;
  return Math.round(yuan * 100);
}

/** Fen back to yuan for a form field (1235 → 12.35); null stays null. */
export const toYuan = (cents: number | null | undefined): number | null => (cents === null || cents === undefined ? null : cents / 100);

/** Used against allocated, for a bar: 0..100, and 0 when nothing was allocated. */
export const share = (used: number, of: number): number => (of > 0 ? Math.min(100, Math.round((used / of) * 1000) / 10) : 0);
