/**
 * The figures of a join drive as a cadre reads them (日过百、周过千、月达万): the daily curve
 * against the day target and the ranking's words. Pure functions: unit-tested without a browser.
 */

export interface CurveDay {
  day: string;
  joins: number;
  gig: number;
  target: number;
}

/** Joins per day, new-employment-form workers and others stacked, against the day target line. */
export function curveOption(days: readonly CurveDay[]) {
  const labels = days.map((d) => d.day.slice(5));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['新就业形态劳动者', '其他职工', '日目标'] },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: days.length > 40 ? 6 : days.length > 14 ? 2 : 0 } },
    yAxis: { type: 'value', minInterval: 1, name: '入会（人）' },
    series: [
      { name: '新就业形态劳动者', type: 'bar', stack: 'joins', barMaxWidth: 16, itemStyle: { color: '#c8161d' }, data: days.map((d) => d.gig) },
      { name: '其他职工', type: 'bar', stack: 'joins', barMaxWidth: 16, itemStyle: { color: '#f0a0a0' }, data: days.map((d) => d.joins - d.gig) },
      { name: '日目标', type: 'line', step: 'middle', symbol: 'none', lineStyle: { type: 'dashed', color: '#1677ff', width: 2 }, itemStyle: { color: '#1677ff' }, data: days.map((d) => d.target) },
    ],
  };
}

/** Days on or above the day target, of the days shown (a day with no target counts as neither). */
export function daysOnTarget(days: readonly CurveDay[]): { met: number; counted: number } {
  const counted = days.filter((d) => d.target > 0);
  return { met: counted.filter((d) => d.joins >= d.target).length, counted: counted.length };
}

/** "123 / 100" and the share met, for a ranking cell; a period without a target shows the joins alone. */
export function againstTarget(t: { joins: number; target?: number | null; rate?: number | null }): string {
  if (!t.target) return String(t.joins);
  return `${t.joins} / ${t.target}（${Math.round((t.rate ?? 0) * 100)}%）`;
}

/** The colour of a rate: met green, halfway orange, behind red; no target grey. */
export function rateColor(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return 'default';
  return rate >= 1 ? 'green' : rate >= 0.5 ? 'orange' : 'red';
}
