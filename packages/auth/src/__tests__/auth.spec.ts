import { childPath, depthOf, isWithin, pathIds, subtreeRange } from '../org-path';
import { scopeOf } from '../scope';
import { secretKey, signInternalToken, verifyInternalToken, InternalTokenError } from '../internal-token';
import { isId, newId } from '../ids';
import type { Caller } from '../caller';

const A = newId();
const B = newId();
const C = newId();

describe('org paths', () => {
  const root = childPath(null, A);
  const child = childPath(root, B);

  test('build with a trailing delimiter and read back', () => {
    expect(child).toBe(`/${A}/${B}/`);
    expect(pathIds(child)).toEqual([A, B]);
    expect(depthOf(child)).toBe(2);
  });

  test('the subtree range holds exactly the subtree', () => {
    const { from, to } = subtreeRange(root);
    const inside = (p: string) => p >= from && p < to;
    expect(inside(root)).toBe(true);
    expect(inside(childPath(child, C))).toBe(true);
    // A sibling whose id starts with the same characters is not inside.
    expect(inside(`/${A}0/`)).toBe(false);
    expect(inside(`/${A.slice(0, -1)}/`)).toBe(false);
    expect(isWithin(child, root)).toBe(true);
    expect(isWithin(root, child)).toBe(false);
  });

  test('malformed paths are refused', () => {
    expect(() => subtreeRange('abc')).toThrow(/Malformed/);
  });
});

describe('scope', () => {
  const base: Caller = { sub: 's', role: 'staff', perms: [] };
  test('fails closed for incomplete callers', () => {
    expect(scopeOf({ ...base })).toEqual({ kind: 'none' });
    expect(scopeOf({ ...base, role: 'member' })).toEqual({ kind: 'none' });
    expect(scopeOf({ ...base, role: 'partner', partnerId: 'p' })).toEqual({ kind: 'none' });
    expect(scopeOf({ ...base, role: 'anonymous' })).toEqual({ kind: 'none' });
  });
  test('staff, members and admin', () => {
    expect(scopeOf({ ...base, orgId: A, orgPath: `/${A}/` })).toEqual({ kind: 'subtree', orgId: A, path: `/${A}/` });
    expect(scopeOf({ ...base, role: 'member', memberId: B, orgPath: `/${A}/` })).toEqual({ kind: 'self', memberId: B, orgPath: `/${A}/` });
    expect(scopeOf({ ...base, role: 'admin' })).toEqual({ kind: 'all' });
  });
});

describe('internal tokens', () => {
  const key = secretKey('x'.repeat(32));
  const caller: Caller = { sub: 'staff-1', role: 'staff', orgId: A, orgPath: `/${A}/`, perms: ['pii:read'] };

  test('round-trip for the subgraph they were minted for', async () => {
    const token = await signInternalToken(caller, 'members', key);
    expect(await verifyInternalToken(token, 'members', key)).toEqual({ ...caller, memberId: undefined, partnerId: undefined });
  });

  test('refused for another subgraph, another key, or after expiry', async () => {
    const token = await signInternalToken(caller, 'members', key);
    await expect(verifyInternalToken(token, 'cases', key)).rejects.toBeInstanceOf(InternalTokenError);
    await expect(verifyInternalToken(token, 'members', secretKey('y'.repeat(32)))).rejects.toBeInstanceOf(InternalTokenError);
    const expired = await signInternalToken(caller, 'members', key, -10);
    await expect(verifyInternalToken(expired, 'members', key)).rejects.toThrow(/rejected/);
  });

  test('short secrets are refused', () => {
    expect(() => secretKey('short')).toThrow(/at least 32/);
  });
});

describe('ids', () => {
  test('ULIDs: 26 characters, time-ordered, no path delimiter', () => {
    const early = newId(1_000);
    const late = newId(2_000);
    expect(isId(early)).toBe(true);
    expect(early < late).toBe(true);
    expect(early).not.toContain('/');
    expect(new Set(Array.from({ length: 1000 }, () => newId(5)))).toHaveProperty('size', 1000);
  });

  test('ids made in the same millisecond still sort in creation order', () => {
    const batch = Array.from({ length: 200 }, () => newId(1_700_000_000_000));
    expect([...batch].sort()).toEqual(batch);
  });

  test('explicit random bytes give exactly that id (deterministic demo data)', () => {
    // ULID: 10 characters of time (42 ms is 1A in Crockford base 32), then 16 of the 80 random bits (0x07 repeated: 00000 11100 00011 10000 01110 00001 11000 00111, twice).
    expect(newId(42, new Uint8Array(10).fill(7))).toBe('000000001A0W3GE1R70W3GE1R7');
    expect(newId(42, new Uint8Array(10).fill(0))).toBe('000000001A0000000000000000');
    expect(newId(43, new Uint8Array(10).fill(0))).toBe('000000001B0000000000000000');
  });
});
