import { secretKey, verifyInternalToken } from '../internal-token';
import type { Caller } from '../caller';
import { InternalTokens } from '../internal-tokens';

const SECRET = 'a-test-internal-secret-of-32-characters!';

describe('InternalTokens: one token per caller and subgraph, never shared across claims', () => {
  const sut = new InternalTokens(SECRET);
  const staff: Caller = { sub: 'staff-1', role: 'staff', orgId: '01HZZZZZZZZZZZZZZZZZZZZZZA', orgPath: '/A/', perms: [] };

  test('the same caller reuses its token for the same subgraph, and gets another for another subgraph', async () => {
    const first = await sut.for(staff, 'members');
    expect(await sut.for({ ...staff }, 'members')).toBe(first);
    const cases = await sut.for(staff, 'cases');
    expect(cases).not.toBe(first);
    expect(await verifyInternalToken(cases, 'cases', secretKey(SECRET))).toMatchObject({ sub: 'staff-1', role: 'staff' });
  });

  test.each<[string, Partial<Caller>]>([
    ['a permission', { perms: ['pii:read'] }],
    ['another org', { orgId: '01HZZZZZZZZZZZZZZZZZZZZZZB' }],
    ['another path', { orgPath: '/B/' }],
    ['a member id', { memberId: '01HZZZZZZZZZZZZZZZZZZZZZZC' }],
    ['a partner id', { partnerId: '01HZZZZZZZZZZZZZZZZZZZZZZD' }],
    ['another role', { role: 'admin' }],
  ])('a caller differing only in %s gets its own token, carrying its own claims', async (_what, change) => {
    const base = await sut.for(staff, 'benefits');
    const other = { ...staff, ...change } as Caller;
    const token = await sut.for(other, 'benefits');
    expect(token).not.toBe(base);
    const seen = await verifyInternalToken(token, 'benefits', secretKey(SECRET));
    for (const [k, v] of Object.entries(change)) expect(seen[k as keyof Caller]).toEqual(v);
  });
});
