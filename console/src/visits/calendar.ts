/** The 陪伴日 calendar and chart, from plain query results. Pure: unit-tested, no antd or echarts. */

export interface ScheduleLike {
  org: { id: string; name?: string | null };
  scheduledDates: string[];
}

export interface VisitLike {
  id: string;
  visitedOn: string;
  attendance: number;
  org: { id: string; name?: string | null };
  cases: unknown[];
}

/** What one union did, or owed, on one day. */
export interface DayEntry {
  orgId: string;
  name: string;
  /** held: recorded; missed: scheduled, over, nothing recorded; planned: scheduled, still ahead (or today). */
  status: 'held' | 'missed' | 'planned';
  visitId?: string;
  attendance?: number;
  problems?: number;
}

/**
 * Every day of the month that has something: the scheduled days of each union and the visits
 * recorded (a visit on another day than scheduled shows on the day it was held). `today` is
 * the Shanghai day: a scheduled day before it with no visit is missed; today's is still planned.
 */
export function calendarDays(schedules: ScheduleLike[], visits: VisitLike[], today: string): Map<string, DayEntry[]> {
  const days = new Map<string, DayEntry[]>();
  const add = (day: string, e: DayEntry) => days.set(day, [...(days.get(day) ?? []), e]);
  const held = new Set(visits.map((v) => `${v.org.id}|${v.visitedOn}`));
  for (const v of visits) add(v.visitedOn, { orgId: v.org.id, name: v.org.name ?? '—', status: 'held', visitId: v.id, attendance: v.attendance, problems: v.cases.length });
  for (const s of schedules) {
    for (const day of s.scheduledDates) {
      if (held.has(`${s.org.id}|${day}`)) continue;
      add(day, { orgId: s.org.id, name: s.org.name ?? '—', status: day < today ? 'missed' : 'planned' });
    }
  }
  for (const list of days.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return days;
}

/** What a day's cell says when many unions share it: held against scheduled, in a few words. */
export function daySummary(entries: DayEntry[]): string {
  const held = entries.filter((e) => e.status === 'held').length;
  const missed = entries.filter((e) => e.status === 'missed').length;
  const planned = entries.filter((e) => e.status === 'planned').length;
  return [held && `已开展 ${held}`, missed && `未开展 ${missed}`, planned && `计划 ${planned}`].filter(Boolean).join(' · ');
}

export interface UnionFigures {
  orgId: string;
  scheduled: number;
  held: number;
  problemsRaised: number;
  resolved: number;
}

/** Held against scheduled per union, the unions furthest behind first, at most `limit` of them. */
export function unionsOption(rows: UnionFigures[], names: Map<string, string>, limit = 15) {
  const shown = [...rows].sort((a, b) => a.held - a.scheduled - (b.held - b.scheduled) || (names.get(a.orgId) ?? '').localeCompare(names.get(b.orgId) ?? '', 'zh-CN')).slice(0, limit);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: shown.length > 6 ? 90 : 40 },
    xAxis: { type: 'category', data: shown.map((r) => names.get(r.orgId) ?? r.orgId), axisLabel: { interval: 0, rotate: shown.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '应开展', type: 'bar', barMaxWidth: 18, data: shown.map((r) => r.scheduled) },
      { name: '已开展', type: 'bar', barMaxWidth: 18, data: shown.map((r) => r.held) },
      { name: '收集问题', type: 'bar', barMaxWidth: 18, data: shown.map((r) => r.problemsRaised) },
      { name: '已解决', type: 'bar', barMaxWidth: 18, data: shown.map((r) => r.resolved) },
    ],
  };
}

export const WEEKDAY = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;
export const VISIT_FORMAT: Record<string, string> = { WALKABOUT: '走访', MICRO_SURVEY: '微调研', SMALL_MEETING: '微座谈' };
