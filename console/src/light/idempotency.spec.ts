import { ActionKeys, newIdempotencyKey } from './idempotency';

describe('ActionKeys: one idempotency key per user action', () => {
  let n = 0;
  const sut = () => new ActionKeys(() => `k${++n}`);

  test('a retry of the same request sends the same key', () => {
    const keys = sut();
    const first = keys.for({ programmeId: 'p1' });
    expect(keys.for({ programmeId: 'p1' })).toBe(first);
  });

  test('a changed request is a new action with a new key (the old key with it would be IDEMPOTENCY_KEY_REUSED)', () => {
    const keys = sut();
    const first = keys.for({ description: '工资被拖欠' });
    expect(keys.for({ description: '工资被拖欠两个月' })).not.toBe(first);
  });

  test('after a success the same request again is a new action', () => {
    const keys = sut();
    const first = keys.for('p1');
    keys.settle();
    expect(keys.for('p1')).not.toBe(first);
  });

  test('keys are what the API takes: printable ASCII, no spaces, at most 64 characters, and fresh each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[\x21-\x7e]{1,64}$/);
    expect(newIdempotencyKey('desk')).toMatch(/^desk-[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
