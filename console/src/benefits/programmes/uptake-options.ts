/** ECharts options for a programme's uptake, from the API's figures. Pure: unit-tested, no echarts import. */
import { VOUCHER_STATE } from '../../ui/labels';

/** Where vouchers went, in the order the bars stack: used first, still usable last. */
export const VOUCHER_FATES = [
  { key: 'redeemed', name: VOUCHER_STATE.REDEEMED, color: '#389e0d' },
  { key: 'expired', name: VOUCHER_STATE.EXPIRED, color: '#d48806' },
  { key: 'cancelled', name: VOUCHER_STATE.CANCELLED, color: '#8c8c8c' },
  { key: 'outstanding', name: VOUCHER_STATE.ISSUED, color: '#1677ff' },
] as const;

export interface VoucherFates {
  redeemed: number;
  expired: number;
  cancelled: number;
  outstanding: number;
}

const stacked = (rows: VoucherFates[]) =>
  VOUCHER_FATES.map((f) => ({ name: f.name, type: 'bar', stack: 'vouchers', barMaxWidth: 28, itemStyle: { color: f.color }, data: rows.map((r) => r[f.key]) }));

/** Vouchers by the month they were issued: one stacked bar a month, the stack showing where they are now. */
export function monthlyOption(months: (VoucherFates & { month: string })[]) {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1, name: '张' },
    series: stacked(months),
  };
}

/** The same per union under the counted one, one horizontal bar each (names are long). */
export function byOrgOption(rows: (VoucherFates & { name: string })[]) {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, axisLabel: { width: 180, overflow: 'truncate' } },
    xAxis: { type: 'value', minInterval: 1 },
    series: stacked(rows),
  };
}

const yuan = (cents: number): number => Math.round(cents) / 100;

/** Two bars per union: what was allotted or awarded against what was used or delivered, in the unit given. */
export function pairedOption(rows: { name: string; first: number; second: number }[], names: [string, string], unit: '元' | '人') {
  const value = (n: number) => (unit === '元' ? yuan(n) : n);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${String(v)} ${unit}` },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, axisLabel: { width: 180, overflow: 'truncate' } },
    xAxis: { type: 'value', name: unit, minInterval: unit === '人' ? 1 : 0 },
    series: [
      { name: names[0], type: 'bar', barMaxWidth: 14, itemStyle: { color: '#91caff' }, data: rows.map((r) => value(r.first)) },
      { name: names[1], type: 'bar', barMaxWidth: 14, itemStyle: { color: '#c8161d' }, data: rows.map((r) => value(r.second)) },
    ],
  };
}
