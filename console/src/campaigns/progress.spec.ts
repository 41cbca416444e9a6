import { audienceOf, behindFirst, paceRate, progressOption, type OrgPart } from './progress';

const part = (name: string, cumulative: number, expected: number): OrgPart => ({ orgId: name, name, points: 1, target: 100, expected, cumulative, online: 0, problemsRaised: 0, resolved: 0, satisfied: 0 });

describe('the campaign progress helpers', () => {
  it('draws the running total against the pace line, and each day split face to face and online', () => {
    const option = progressOption([
      { day: '2026-04-01', interviews: 5, online: 2, cumulative: 5, pace: 100 },
      { day: '2026-04-02', interviews: 7, online: 0, cumulative: 12, pace: 200.4 },
    ]);
    expect(option.xAxis.data).toEqual(['04-01', '04-02']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['累计访谈', [5, 12]], ['进度要求（倒排）', [100, 200]], ['当日面对面', [3, 7]], ['当日线上', [2, 0]],
    ]);
  });

  it('puts the parts furthest behind their pace first, those owing nothing last', () => {
    expect(behindFirst([part('甲', 90, 100), part('乙', 20, 100), part('丙', 5, 0), part('丁', 120, 100)]).map((r) => r.name)).toEqual(['乙', '甲', '丁', '丙']);
    expect([paceRate(50, 100), paceRate(3, 0)]).toEqual([0.5, null]);
  });

  it('gives riders, drivers, couriers and streamers the new-employment-form version', () => {
    expect(['REGULAR', 'DELIVERY_RIDER', 'LIVE_STREAMER'].map(audienceOf)).toEqual(['GENERAL', 'NEW_EMPLOYMENT_FORM', 'NEW_EMPLOYMENT_FORM']);
  });
});
