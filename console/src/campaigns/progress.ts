/** Pure helpers for the campaign page: the progress chart (作战图) and the sub-org table, tested without a browser. */

export interface DayPoint {
  day: string;
  interviews: number;
  online: number;
  cumulative: number;
  pace: number;
}

export interface OrgPart {
  orgId: string;
  name: string;
  points: number;
  target: number;
  expected: number;
  cumulative: number;
  online: number;
  problemsRaised: number;
  resolved: number;
  satisfied: number;
}

export const AUDIENCE: Record<string, string> = { GENERAL: '通用版', NEW_EMPLOYMENT_FORM: '新就业形态版' };
export const POINT_KIND: Record<string, string> = { UNION_POST: '工会驿站', DORMITORY: '宿舍区', ENTERPRISE: '企业' };
export const MODE: Record<string, string> = { FACE_TO_FACE: '面对面', ONLINE: '线上' };

/** Which questionnaire version an employment type answers, as the service decides it. */
export const audienceOf = (employmentType: string): string => (employmentType === 'REGULAR' ? 'GENERAL' : 'NEW_EMPLOYMENT_FORM');

/** 倒排时间表: interviews to date (bars for each day, a line for the running total) against the pace line the target needs. */
export function progressOption(days: DayPoint[]) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['累计访谈', '进度要求（倒排）', '当日面对面', '当日线上'] },
    grid: { left: 56, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
    yAxis: [
      { type: 'value', name: '累计', minInterval: 1 },
      { type: 'value', name: '当日', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: '累计访谈', type: 'line', showSymbol: false, areaStyle: { opacity: 0.12 }, data: days.map((d) => d.cumulative) },
      { name: '进度要求（倒排）', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: days.map((d) => Math.round(d.pace)) },
      { name: '当日面对面', type: 'bar', stack: 'day', yAxisIndex: 1, barMaxWidth: 8, data: days.map((d) => d.interviews - d.online) },
      { name: '当日线上', type: 'bar', stack: 'day', yAxisIndex: 1, barMaxWidth: 8, data: days.map((d) => d.online) },
    ],
  };
}

/** How far a part is against what its share of the target needs by now: 1 = on pace; null with nothing owed yet. */
export const paceRate = (done: number, expected: number): number | null => (expected > 0 ? done / expected : null);

/** The sub-orgs furthest behind their pace first, so a cadre sees whom to push. */
export function behindFirst(rows: OrgPart[]): OrgPart[] {
  const rate = (r: OrgPart) => paceRate(r.cumulative, r.expected) ?? Infinity;
  return [...rows].sort((a, b) => rate(a) - rate(b) || a.name.localeCompare(b.name, 'zh-CN'));
}
