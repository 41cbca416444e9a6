import { childRatesOption, kindMixOption, RATE_SERIES, trendOption, type RateRow } from './chart-options';
import { OPEN_STATES, openCount } from './figures';

const rows: RateRow[] = [
  { orgId: 'A', name: '江北区滨江街道工会', resolutionRate: 0.8734, closureRate: 0.5, onTimeRate: 1, satisfactionRate: null },
  { orgId: 'B', name: '江北区望江街道工会', resolutionRate: 0, closureRate: 0.25, onTimeRate: 0.6666, satisfactionRate: 0.95 },
  { orgId: 'C', name: '江北区临港街道工会', resolutionRate: null, closureRate: null, onTimeRate: null, satisfactionRate: null },
];

describe('childRatesOption', () => {
  const o = childRatesOption(rows);
  test('one category per child org, in the order given', () => {
    expect(o.xAxis.data).toEqual(['江北区滨江街道工会', '江北区望江街道工会', '江北区临港街道工会']);
  });
  test('four bar series, each the orgs\' rates in percent with one decimal, in the same order', () => {
    expect(o.series.map((s) => s.name)).toEqual(['办结率', '关闭率', '按时办结率', '满意率']);
    expect(o.series.map((s) => s.type)).toEqual(['bar', 'bar', 'bar', 'bar']);
    expect(o.series[0].data).toEqual([87.3, 0, '-']);
    expect(o.series[1].data).toEqual([50, 25, '-']);
    expect(o.series[2].data).toEqual([100, 66.7, '-']);
    expect(o.series[3].data).toEqual(['-', 95, '-']);
    expect(RATE_SERIES.map((s) => s.key)).toEqual(['resolutionRate', 'closureRate', 'onTimeRate', 'satisfactionRate']);
  });
  test('a rate with nothing to divide by is a gap ("-"), not a zero, and the tooltip says 无数据', () => {
    const fmt = o.tooltip.valueFormatter;
    expect(fmt('-')).toBe('无数据');
    expect(fmt(null)).toBe('无数据');
    expect(fmt(87.3)).toBe('87.3%');
    expect(fmt(0)).toBe('0%');
  });
  test('the axis runs 0 to 100 percent; labels turn once there are more than six orgs', () => {
    expect(o.yAxis).toMatchObject({ min: 0, max: 100, axisLabel: { formatter: '{value}%' } });
    expect(o.xAxis.axisLabel.rotate).toBe(0);
    const many = childRatesOption(Array.from({ length: 7 }, (_, i) => ({ ...rows[0], orgId: String(i), name: `第${i + 1}街道工会` })));
    expect(many.xAxis.axisLabel.rotate).toBe(30);
    expect(many.grid.bottom).toBe(80);
    expect(many.xAxis.data[6]).toBe('第7街道工会');
  });
  test('no children: empty axis and series', () => {
    const empty = childRatesOption([]);
    expect(empty.xAxis.data).toEqual([]);
    expect(empty.series.every((s) => s.data.length === 0)).toBe(true);
  });
});

describe('trendOption', () => {
  test('months on the axis oldest first, three lines of counts', () => {
    const o = trendOption([
      { month: '2025-12', total: 12, resolved: 9, overdue: 1 },
      { month: '2026-01', total: 20, resolved: 15, overdue: 0 },
      { month: '2026-02', total: 7, resolved: 7, overdue: 2 },
    ]);
    expect(o.xAxis.data).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(o.series.map((s) => [s.name, s.type, s.data])).toEqual([
      ['新登记', 'line', [12, 20, 7]],
      ['已办结', 'line', [9, 15, 7]],
      ['超期', 'line', [1, 0, 2]],
    ]);
    // Counts: whole numbers on the axis; lines drawn straight (no smoothing that could dip below zero).
    expect(o.yAxis.minInterval).toBe(1);
    expect(o.series.some((s) => 'smooth' in s)).toBe(false);
  });
});

describe('kindMixOption', () => {
  test('kinds by their Chinese names with counts, the rest of the total as 其余类别', () => {
    const o = kindMixOption([{ kind: 'MICRO_WISH', count: 30 }, { kind: 'LEGAL_AID', count: 12 }], 50);
    expect(o.series[0].type).toBe('pie');
    expect(o.series[0].data).toEqual([{ name: '微心愿', value: 30 }, { name: '法律援助', value: 12 }, { name: '其余类别', value: 8 }]);
    expect(o.tooltip.formatter).toBe('{b}：{c} 件（{d}%）');
  });
  test('no remainder slice when the kinds add up; an unknown kind keeps its code', () => {
    expect(kindMixOption([{ kind: 'SUGGESTION', count: 5 }, { kind: 'NEW_KIND', count: 1 }], 6).series[0].data).toEqual([{ name: '微建言', value: 5 }, { name: 'NEW_KIND', value: 1 }]);
  });
});

describe('openCount', () => {
  test('counts registered, transferred, accepted, in progress and waiting on the worker; not resolved, signed off, closed or declined', () => {
    const byState = [
      { state: 'REGISTERED', count: 3 }, { state: 'TRANSFERRED', count: 1 }, { state: 'ACCEPTED', count: 4 }, { state: 'IN_PROGRESS', count: 2 },
      { state: 'WAITING_ON_WORKER', count: 5 }, { state: 'RESOLVED', count: 7 }, { state: 'SIGNED_OFF', count: 11 }, { state: 'CLOSED', count: 13 }, { state: 'DECLINED', count: 17 },
    ];
    expect(openCount(byState)).toBe(15);
    expect(openCount([])).toBe(0);
    expect(OPEN_STATES).toHaveLength(5);
  });
});
