import { addDays, chinaDate, chinaMonth, chinaYear, dayEnd, dayStart, monthIndex, monthStart } from '../calendar';

describe('the China calendar (UTC+8, no daylight saving)', () => {
  test('an instant late on the 31st in UTC is already the 1st of the next month and year in Beijing', () => {
    const sut = new Date('2026-12-31T16:30:00Z');
    expect(chinaDate(sut)).toBe('2027-01-01');
    expect(chinaMonth(sut)).toBe('2027-01');
    expect(chinaYear(sut)).toBe(2027);
    expect(chinaDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
  });

  test('a China day runs from 16:00 UTC the day before to 15:59:59 UTC', () => {
    expect(dayStart('2026-03-08').toISOString()).toBe('2026-03-07T16:00:00.000Z');
    expect(dayEnd('2026-03-08').toISOString()).toBe('2026-03-08T15:59:59.000Z');
    expect(chinaDate(dayStart('2026-03-08'))).toBe('2026-03-08');
    expect(chinaDate(dayEnd('2026-03-08'))).toBe('2026-03-08');
  });

  test('days add across month and leap-year ends', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  test('month numbers round-trip, and a month starts at Beijing midnight on its first', () => {
    expect(monthIndex('2026-01') + 11).toBe(monthIndex('2026-12'));
    expect(monthStart(monthIndex('2026-12')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(monthStart(monthIndex('2026-12') + 1).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
