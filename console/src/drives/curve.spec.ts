import { againstTarget, curveOption, daysOnTarget, rateColor } from './curve';

describe('the join drive figures on screen', () => {
  const days = [
    { day: '2026-11-01', joins: 120, gig: 100, target: 100 },
    { day: '2026-11-02', joins: 40, gig: 30, target: 100 },
    { day: '2026-11-03', joins: 0, gig: 0, target: 0 },
  ];

  it('stacks gig and other joins per day against the day target', () => {
    const o = curveOption(days);
    expect(o.xAxis.data).toEqual(['11-01', '11-02', '11-03']);
    expect(o.series.map((s) => [s.name, s.data])).toEqual([
      ['新就业形态劳动者', [100, 30, 0]],
      ['其他职工', [20, 10, 0]],
      ['日目标', [100, 100, 0]],
    ]);
  });

  it('counts the days on target among those that have one', () => {
    expect(daysOnTarget(days)).toEqual({ met: 1, counted: 2 });
  });

  it('says joins against target with the share met, or the joins alone without a target', () => {
    expect(againstTarget({ joins: 123, target: 100, rate: 1.23 })).toBe('123 / 100（123%）');
    expect(againstTarget({ joins: 7, target: null, rate: null })).toBe('7');
    expect([rateColor(1), rateColor(0.6), rateColor(0.1), rateColor(null)]).toEqual(['green', 'orange', 'red', 'default']);
  });
});
