/** ECharts options for the dashboard, from plain figures. Pure: unit-tested, no echarts import. */
import { CASE_KIND } from '../ui/labels';

export interface RateRow {
  orgId: string;
  name: string;
  resolutionRate: number | null;
  closureRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

export const RATE_SERIES: { key: keyof Omit<RateRow, 'orgId' | 'name'>; name: string }[] = [
  { key: 'resolutionRate', name: '办结率' },
  { key: 'closureRate', name: '关闭率' },
  { key: 'onTimeRate', name: '按时办结率' },
  { key: 'satisfactionRate', name: '满意率' },
];

const pct = (r: number | null): number | null => (r === null ? null : Math.round(r * 1000) / 10);

/** Child orgs side by side on each rate, in percent; a rate with nothing to divide by is a gap, not a zero. */
export function childRatesOption(rows: RateRow[]) {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined || v === '-' ? '无数据' : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: rows.length > 6 ? 80 : 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: RATE_SERIES.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 18, data: rows.map((r) => pct(r[s.key]) ?? '-') })),
  };
}

export interface MonthPoint {
  month: string;
  total: number;
  resolved: number;
  overdue: number;
}

export function trendOption(points: MonthPoint[]) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 32, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => p.month), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '新登记', type: 'line', data: points.map((p) => p.total) },
      { name: '已办结', type: 'line', data: points.map((p) => p.resolved) },
      { name: '超期', type: 'line', data: points.map((p) => p.overdue) },
    ],
  };
}

export function kindMixOption(kinds: { kind: string; count: number }[], total: number) {
  const shown = kinds.reduce((s, k) => s + k.count, 0);
  const data = kinds.map((k) => ({ name: CASE_KIND[k.kind] ?? k.kind, value: k.count }));
  if (total > shown) data.push({ name: '其余类别', value: total - shown });
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { orient: 'vertical', right: 0, top: 'middle' },
    series: [{ type: 'pie', radius: ['40%', '70%'], center: ['38%', '50%'], label: { formatter: '{b}\n{c}' }, data }],
  };
}
