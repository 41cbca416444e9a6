/** Dates as a cadre in 临江 reads them: Asia/Shanghai, whatever the browser's zone. Pure. */
const ZONE = 'Asia/Shanghai';

const parts = (d: Date): Record<string, string> =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );

/** 2026-11-03 14:05 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(new Date(iso));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const p = parts(new Date(iso));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The day (YYYY-MM-DD) in Shanghai `days` days from `d` (default: now). */
export function dayOf(d: Date = new Date(), days = 0): string {
  const p = parts(new Date(d.getTime() + days * 86_400_000));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The month (YYYY-MM) an instant falls in, in Shanghai. */
export function monthOf(d: Date): string {
  const p = parts(d);
  return `${p.year}-${p.month}`;
}

/** The n months ending with `last` (YYYY-MM), oldest first. */
export function monthsEnding(last: string, n: number): string[] {
  const [y, m] = last.split('-').map(Number);
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const total = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

export interface Countdown {
  /** What to print beside the deadline. */
  text: string;
  overdue: boolean;
  /** Under a day left: worth a warning colour. */
  soon: boolean;
}

const FINISHED = new Set(['RESOLVED', 'SIGNED_OFF', 'CLOSED', 'DECLINED']);

function span(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours ? `${days} 天 ${hours} 小时` : `${days} 天`;
  if (hours > 0) return `${hours} 小时${minutes % 60 ? ` ${minutes % 60} 分` : ''}`;
  return `${Math.max(minutes, 1)} 分钟`;
}

/** Time left to a case's deadline: "剩 2 天 3 小时", "已超期 5 小时", or "已办结" once it is done. */
export function deadlineCountdown(dueAt: string, state: string, now: Date = new Date(), overdueFlag?: boolean): Countdown {
  if (FINISHED.has(state)) return { text: '已办结', overdue: false, soon: false };
  const left = new Date(dueAt).getTime() - now.getTime();
  if (left <= 0 || overdueFlag) return { text: `已超期 ${span(Math.max(-left, 60_000))}`, overdue: true, soon: false };
  return { text: `剩 ${span(left)}`, overdue: false, soon: left < 86_400_000 };
}

/** 0.8734 → "87.3%"; null (nothing to divide by) → "—". */
export const percent = (rate: number | null | undefined): string => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
