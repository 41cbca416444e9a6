import { dayOf, deadlineCountdown, formatDate, formatDateTime, monthOf, monthsEnding, percent } from './time';

/**
 * The console prints times as a cadre in 临江 reads them, Asia/Shanghai, whatever zone the
 * browser (or the CI machine) is in: every assertion below runs under several process zones.
 */
const ZONES = ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'];
const original = process.env.TZ;
afterAll(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});
const eachZone = (fn: () => void) => {
  for (const zone of ZONES) {
    process.env.TZ = zone;
    fn();
  }
};

const NOW = new Date('2026-03-31T16:30:00Z'); // 2026-04-01 00:30 in Shanghai; still March 31 in UTC and Los Angeles
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('dayOf', () => {
  test('is the Shanghai day, which starts eight hours before the UTC one', () => {
    expect(dayOf(new Date('2026-12-07T15:59:00Z'))).toBe('2026-12-07');
    expect(dayOf(new Date('2026-12-07T16:00:00Z'))).toBe('2026-12-08');
    expect(dayOf(new Date('2026-12-31T20:00:00Z'), 30)).toBe('2027-01-31');
  });
});

describe('deadlineCountdown', () => {
  test('90 minutes ahead reads "剩 1 小时 30 分", soon but not overdue', () => {
    expect(deadlineCountdown(at(90 * MIN), 'ACCEPTED', NOW)).toEqual({ text: '剩 1 小时 30 分', overdue: false, soon: true });
  });
  test('whole hours, days and hours, whole days, and minutes', () => {
    expect(deadlineCountdown(at(3 * HOUR), 'IN_PROGRESS', NOW).text).toBe('剩 3 小时');
    expect(deadlineCountdown(at(2 * DAY + 3 * HOUR + 59 * MIN), 'REGISTERED', NOW)).toEqual({ text: '剩 2 天 3 小时', overdue: false, soon: false });
    expect(deadlineCountdown(at(7 * DAY), 'REGISTERED', NOW).text).toBe('剩 7 天');
    expect(deadlineCountdown(at(25 * MIN), 'ACCEPTED', NOW).text).toBe('剩 25 分钟');
    // Under a minute left still shows a minute rather than "0 分钟".
    expect(deadlineCountdown(at(20_000), 'ACCEPTED', NOW).text).toBe('剩 1 分钟');
  });
  test('"soon" starts under a day', () => {
    expect(deadlineCountdown(at(DAY), 'ACCEPTED', NOW).soon).toBe(false);
    expect(deadlineCountdown(at(DAY - MIN), 'ACCEPTED', NOW)).toEqual({ text: '剩 23 小时 59 分', overdue: false, soon: true });
  });
  test('past the deadline reads overdue (the component shows it red and bold)', () => {
    expect(deadlineCountdown(at(-5 * HOUR), 'IN_PROGRESS', NOW)).toEqual({ text: '已超期 5 小时', overdue: true, soon: false });
    expect(deadlineCountdown(at(-(3 * DAY + 2 * HOUR)), 'ACCEPTED', NOW)).toEqual({ text: '已超期 3 天 2 小时', overdue: true, soon: false });
    // Exactly at the deadline is overdue, by at least a minute.
    expect(deadlineCountdown(at(0), 'ACCEPTED', NOW)).toEqual({ text: '已超期 1 分钟', overdue: true, soon: false });
  });
  test('the API\'s overdue flag wins over a clock that says there is time left', () => {
    expect(deadlineCountdown(at(2 * HOUR), 'ACCEPTED', NOW, true)).toEqual({ text: '已超期 1 分钟', overdue: true, soon: false });
  });
  test('a finished case reads "已办结" whatever its deadline', () => {
    for (const state of ['RESOLVED', 'SIGNED_OFF', 'CLOSED', 'DECLINED']) {
      expect(deadlineCountdown(at(-10 * DAY), state, NOW, true)).toEqual({ text: '已办结', overdue: false, soon: false });
    }
    // Waiting on the worker is not finished: the clock is shown.
    expect(deadlineCountdown(at(90 * MIN), 'WAITING_ON_WORKER', NOW).text).toBe('剩 1 小时 30 分');
  });
  test('the same answer in every process time zone', () => {
    eachZone(() => expect(deadlineCountdown(at(90 * MIN), 'ACCEPTED', NOW).text).toBe('剩 1 小时 30 分'));
  });
});

describe('dates in Asia/Shanghai', () => {
  test('an instant after 16:00 UTC is already the next day in 临江', () => {
    eachZone(() => {
      expect(formatDateTime(NOW.toISOString())).toBe('2026-04-01 00:30');
      expect(formatDate(NOW.toISOString())).toBe('2026-04-01');
      expect(monthOf(NOW)).toBe('2026-04');
    });
  });
  test('midnight hours print as 00, not 24', () => {
    eachZone(() => expect(formatDateTime('2026-06-30T16:05:00.000Z')).toBe('2026-07-01 00:05'));
  });
  test('a plain date is printed as given; nothing prints a dash', () => {
    eachZone(() => expect(formatDate('2026-01-31')).toBe('2026-01-31'));
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('')).toBe('—');
  });
});

describe('monthsEnding', () => {
  test('twelve months back across a year boundary, oldest first', () => {
    expect(monthsEnding('2026-03', 12)).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
  });
  test('one month is itself; January goes back to December', () => {
    expect(monthsEnding('2026-01', 1)).toEqual(['2026-01']);
    expect(monthsEnding('2026-01', 2)).toEqual(['2025-12', '2026-01']);
  });
});

describe('percent', () => {
  test('one decimal, and a dash when there is nothing to divide by', () => {
    expect(percent(0.8734)).toBe('87.3%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(null)).toBe('—');
    expect(percent(undefined)).toBe('—');
  });
});
