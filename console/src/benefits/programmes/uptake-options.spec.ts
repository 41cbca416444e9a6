import { byOrgOption, monthlyOption, pairedOption, VOUCHER_FATES } from './uptake-options';

const month = (m: string, redeemed: number, expired: number, cancelled: number, outstanding: number) => ({ month: m, redeemed, expired, cancelled, outstanding });

describe('uptake charts', () => {
  test('by month: one category a month, four stacked series in the order used, expired, cancelled, still usable', () => {
    const o = monthlyOption([month('2026-10', 3, 1, 0, 0), month('2026-11', 1, 0, 1, 4)]);
    expect(o.xAxis.data).toEqual(['2026-10', '2026-11']);
    expect(o.series.map((s) => s.name)).toEqual(['已核销', '已过期', '已作废', '未使用']);
    expect(o.series.map((s) => s.data)).toEqual([[3, 1], [1, 0], [0, 1], [0, 4]]);
    expect(new Set(o.series.map((s) => s.stack))).toEqual(new Set(['vouchers']));
    expect(VOUCHER_FATES.map((f) => f.key)).toEqual(['redeemed', 'expired', 'cancelled', 'outstanding']);
  });

  test('by union: names down the side, in the order given', () => {
    const o = byOrgOption([{ name: '江北区总工会', redeemed: 2, expired: 0, cancelled: 0, outstanding: 1 }, { name: '青山县总工会', redeemed: 0, expired: 0, cancelled: 0, outstanding: 2 }]);
    expect(o.yAxis.data).toEqual(['江北区总工会', '青山县总工会']);
    expect(o.series[3].data).toEqual([1, 2]);
  });

  test('paired bars: money shows in yuan, people in whole numbers', () => {
    const money = pairedOption([{ name: '甲', first: 150_000, second: 12_345 }], ['预算', '慰问支出'], '元');
    expect(money.series.map((s) => [s.name, s.data])).toEqual([['预算', [1500]], ['慰问支出', [123.45]]]);
    expect(money.tooltip.valueFormatter(1500)).toBe('1500 元');
    const people = pairedOption([{ name: '甲', first: 3, second: 1 }], ['已批准', '已发放'], '人');
    expect(people.series.map((s) => s.data)).toEqual([[3], [1]]);
    expect(people.xAxis.minInterval).toBe(1);
  });
});
