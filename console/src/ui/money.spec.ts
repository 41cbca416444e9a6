import { formatYuan, share, toCents, toYuan } from './money';

describe('money', () => {
  test('fen print as yuan with two decimals and thousands separators', () => {
    expect(formatYuan(123456)).toBe('1,234.56 元');
    expect(formatYuan(5)).toBe('0.05 元');
    expect(formatYuan(0)).toBe('0.00 元');
    expect(formatYuan(100_000_000_00)).toBe('100,000,000.00 元');
    expect(formatYuan(-2550)).toBe('-25.50 元');
    expect(formatYuan(null)).toBe('—');
    expect(formatYuan(undefined)).toBe('—');
  });
  test('yuan typed in a form become whole fen, and back', () => {
    expect(toCents(12.34)).toBe(1234);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(12.345)).toBe(1235);
    expect(toCents(500)).toBe(50_000);
    expect(toCents(null)).toBeNull();
    expect(toCents(undefined)).toBeNull();
    expect(toYuan(1235)).toBe(12.35);
    expect(toYuan(null)).toBeNull();
  });
  test('a bar\'s fill: used of allocated, capped at 100, zero when nothing was allocated', () => {
    expect(share(12, 40)).toBe(30);
    expect(share(1, 3)).toBe(33.3);
    expect(share(50, 40)).toBe(100);
    expect(share(0, 0)).toBe(0);
  });
});
