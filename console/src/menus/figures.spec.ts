import { ordersOption, remaining } from './figures';

describe('service menu helpers', () => {
  it('say what is left of an item', () => {
    expect(remaining(null, 7)).toBe('不限量');
    expect(remaining(40, 31)).toBe('剩 9 / 40');
    expect(remaining(12, 12)).toBe('已满');
  });

  it('chart items most ordered first, with ordered only where the rows have it', () => {
    const items = ordersOption([{ name: '自行车', ordered: 3, accepted: 2, signedOff: 1 }, { name: '技能培训', ordered: 9, accepted: 4, signedOff: 4 }]);
    expect(items.xAxis.data).toEqual(['技能培训', '自行车']);
    expect(items.series.map((s) => [s.name, s.data])).toEqual([['点单', [9, 3]], ['部室接单', [4, 2]], ['县总签单', [4, 1]]]);
    const depts = ordersOption([{ name: '组宣部', accepted: 5, signedOff: 2 }]);
    expect(depts.series.map((s) => s.name)).toEqual(['部室接单', '县总签单']);
  });
});
