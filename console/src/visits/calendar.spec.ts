import { calendarDays, daySummary, unionsOption } from './calendar';

describe('the 陪伴日 calendar', () => {
  const a = { id: 'A', name: '天香面业工会' };
  const b = { id: 'B', name: '焦作机械工会' };
  const schedules = [
    { org: a, scheduledDates: ['2026-11-04', '2026-11-11', '2026-11-18'] },
    { org: b, scheduledDates: ['2026-11-05', '2026-11-12'] },
  ];
  const visits = [
    { id: 'v1', visitedOn: '2026-11-04', attendance: 20, org: a, cases: [{}, {}] },
    // Held a day late: it shows on the day it was held; the scheduled day stays missed.
    { id: 'v2', visitedOn: '2026-11-06', attendance: 12, org: b, cases: [] },
  ];

  it('shows each union as held, missed or planned on its days', () => {
    const days = calendarDays(schedules, visits, '2026-11-12');
    expect(Object.fromEntries(days)).toEqual({
      '2026-11-04': [{ orgId: 'A', name: '天香面业工会', status: 'held', visitId: 'v1', attendance: 20, problems: 2 }],
      '2026-11-05': [{ orgId: 'B', name: '焦作机械工会', status: 'missed' }],
      '2026-11-06': [{ orgId: 'B', name: '焦作机械工会', status: 'held', visitId: 'v2', attendance: 12, problems: 0 }],
      '2026-11-11': [{ orgId: 'A', name: '天香面业工会', status: 'missed' }],
      '2026-11-12': [{ orgId: 'B', name: '焦作机械工会', status: 'planned' }],
      '2026-11-18': [{ orgId: 'A', name: '天香面业工会', status: 'planned' }],
    });
  });

  it('sums a busy day in a few words', () => {
    expect(daySummary([
      { orgId: 'A', name: 'a', status: 'held' }, { orgId: 'B', name: 'b', status: 'held' }, { orgId: 'C', name: 'c', status: 'missed' }, { orgId: 'D', name: 'd', status: 'planned' },
    ])).toBe('已开展 2 · 未开展 1 · 计划 1');
    expect(daySummary([{ orgId: 'A', name: 'a', status: 'planned' }])).toBe('计划 1');
  });

  it('charts the unions furthest behind their schedule first', () => {
    const names = new Map([['A', '天香面业工会'], ['B', '焦作机械工会']]);
    const o = unionsOption([{ orgId: 'A', scheduled: 4, held: 4, problemsRaised: 3, resolved: 3 }, { orgId: 'B', scheduled: 4, held: 2, problemsRaised: 1, resolved: 0 }], names);
    expect(o.xAxis.data).toEqual(['焦作机械工会', '天香面业工会']);
    expect(o.series.map((s) => [s.name, s.data])).toEqual([['应开展', [4, 4]], ['已开展', [2, 4]], ['收集问题', [1, 3]], ['已解决', [0, 3]]]);
  });
});
