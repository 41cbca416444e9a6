import { createHash } from 'node:crypto';
import type { Caller } from '@lianxin/auth';
import { ApiKeyVerifier, authenticate, hashApiKey, KEY_TTL_MS, NEGATIVE_TTL_MS, type PartnerKeyOwner } from '../api-key';

const KEY = 'lx_7K3QZ9AB_0123456789ABCDEFGHJKMNPQRSTVWXYZ012345';
const OTHER = 'lx_7K3QZ9AC_0123456789ABCDEFGHJKMNPQRSTVWXYZ012345';

/** The benefits subgraph's `_partnerByKeyHash`, faked: a table of hashes, and a log of what was asked. */
function fakeLookup(table: Record<string, PartnerKeyOwner>) {
  const asked: string[] = [];
  const lookup = async (hash: string) => {
    asked.push(hash);
    return table[hash] ?? null;
  };
  return { lookup, asked };
}

async function refusal(p: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { extensions?: { code?: unknown }; message: string };
    return { code: e.extensions?.code, message: e.message };
  }
  throw new Error('expected a refusal');
}

describe('partner API keys at the gateway', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  test('a key is looked up by its sha256 (hex) and becomes a partner caller with no permissions', async () => {
    const { lookup, asked } = fakeLookup({ [hashApiKey(KEY)]: { partnerId: 'P1', keyId: 'K1', active: true } });
    const sut = new ApiKeyVerifier(lookup, now);
    const caller = await sut.verify(KEY);
    expect(caller).toEqual<Caller>({ sub: 'partner-key:K1', role: 'partner', partnerId: 'P1', perms: [] });
    expect(asked).toEqual([createHash('sha256').update(KEY).digest('hex')]);
    expect(asked[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(asked[0]).not.toContain(KEY.slice(12));
  });

  test('answers are kept for a minute: one lookup for many requests, even simultaneous ones', async () => {
    const { lookup, asked } = fakeLookup({ [hashApiKey(KEY)]: { partnerId: 'P1', keyId: 'K1', active: true } });
    const sut = new ApiKeyVerifier(lookup, now);
    await Promise.all(Array.from({ length: 20 }, () => sut.verify(KEY)));
    clock += KEY_TTL_MS - 1;
    await sut.verify(KEY);
    expect(asked).toHaveLength(1);
    clock += 2;
    await sut.verify(KEY);
    expect(asked).toHaveLength(2);
  });

  test('a malformed key is refused without asking benefits', async () => {
    const { lookup, asked } = fakeLookup({});
    const sut = new ApiKeyVerifier(lookup, now);
    for (const bad of ['', 'secret', 'lx_short_x', `Bearer ${KEY}`, KEY.toLowerCase(), `${KEY} `]) {
      expect(await refusal(sut.verify(bad))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/lx_<prefix>_<secret>/) });
    }
    expect(asked).toEqual([]);
  });

  test('an unknown key and a revoked key are refused alike, and the refusal is remembered only briefly', async () => {
    const { lookup, asked } = fakeLookup({ [hashApiKey(KEY)]: { partnerId: 'P1', keyId: 'K1', active: false } });
    const sut = new ApiKeyVerifier(lookup, now);
    const revoked = await refusal(sut.verify(KEY));
    const unknown = await refusal(sut.verify(OTHER));
    expect(revoked).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/not valid or has been revoked/) });
    expect(unknown).toEqual(revoked);
    expect(asked).toHaveLength(2);
    await refusal(sut.verify(OTHER));
    expect(asked).toHaveLength(2);
    clock += NEGATIVE_TTL_MS + 1;
    await refusal(sut.verify(OTHER));
    expect(asked).toHaveLength(3);
  });

  test('revocation takes effect once the cached answer runs out', async () => {
    const table: Record<string, PartnerKeyOwner> = { [hashApiKey(KEY)]: { partnerId: 'P1', keyId: 'K1', active: true } };
    const { lookup } = fakeLookup(table);
    const sut = new ApiKeyVerifier(lookup, now);
    await sut.verify(KEY);
    table[hashApiKey(KEY)] = { partnerId: 'P1', keyId: 'K1', active: false };
    expect((await sut.verify(KEY)).partnerId).toBe('P1'); // still cached
    clock += KEY_TTL_MS + 1;
    expect((await refusal(sut.verify(KEY))).code).toBe('UNAUTHENTICATED');
  });

  test('a failed lookup is not cached: the next request asks again', async () => {
    let calls = 0;
    const sut = new ApiKeyVerifier(async () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('benefits down'), { extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
      return { partnerId: 'P1', keyId: 'K1', active: true };
    }, now);
    expect((await refusal(sut.verify(KEY))).code).toBe('SUBGRAPH_UNAVAILABLE');
    expect((await sut.verify(KEY)).partnerId).toBe('P1');
    expect(calls).toBe(2);
  });

  describe('which credential a request carries', () => {
    const partnerByKey: Caller = { sub: 'partner-key:K1', role: 'partner', partnerId: 'P1', perms: [] };
    const partnerByToken: Caller = { sub: 'partner-token', role: 'partner', partnerId: 'P2', perms: [] };
    const verifiers = () => {
      const seen: string[] = [];
      return {
        seen,
        tokens: { verify: async (h?: string) => (seen.push(`token:${h ?? ''}`), h ? partnerByToken : ({ sub: 'anonymous', role: 'anonymous', perms: [] } as Caller)) },
        apiKeys: { verify: async (k: string) => (seen.push(`key:${k}`), partnerByKey) },
      };
    };

    test('X-Api-Key alone: the key decides', async () => {
      const v = verifiers();
      expect(await authenticate({ apiKey: KEY }, v)).toEqual(partnerByKey);
      expect(v.seen).toEqual([`key:${KEY}`]);
    });

    test('a client token with role partner and pid keeps working', async () => {
      const v = verifiers();
      expect(await authenticate({ authorization: 'Bearer t' }, v)).toEqual(partnerByToken);
      expect(v.seen).toEqual(['token:Bearer t']);
    });

    test('both at once is refused, neither is checked', async () => {
      const v = verifiers();
      expect(await refusal(authenticate({ apiKey: KEY, authorization: 'Bearer t' }, v))).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/not both/) });
      expect(v.seen).toEqual([]);
    });

    test('neither: anonymous, as before', async () => {
      const v = verifiers();
      expect((await authenticate({}, v)).role).toBe('anonymous');
    });
  });
});

describe('partner API keys at the gateway, following benefits\' change feed', () => {
  /** Benefits' feed, faked: rows the test appends, and whether it answers. */
  function fakeFeed() {
    const changes: { seq: number; kind: string; subject: string }[] = [];
    let down = false;
    return {
      read: async (after: number | null) => {
        if (down) throw new Error('benefits down');
        return { head: changes.length, overflow: false, changes: after === null ? [] : changes.slice(after) };
      },
      push: (kind: string, subject: string) => changes.push({ seq: changes.length + 1, kind, subject }),
      setDown: (d: boolean) => (down = d),
    };
  }

  test('KEY drops that key at once; BINDING and PROGRAMME leave keys cached; PARTNER and unknown kinds drop every key', async () => {
    let clock = 1_000_000;
    const table: Record<string, PartnerKeyOwner> = { [hashApiKey(KEY)]: { partnerId: 'P1', keyId: 'K1', active: true }, [hashApiKey(OTHER)]: { partnerId: 'P2', keyId: 'K2', active: true } };
    const { lookup, asked } = fakeLookup(table);
    const feed = fakeFeed();
    const sut = new ApiKeyVerifier(lookup, () => clock);
    const follower = sut.follow(feed.read, { pollMs: 1000, now: () => clock });
    await follower.poll();
    await sut.verify(KEY);
    await sut.verify(OTHER);
    // Revoked: benefits says so in the transaction; the next poll drops the cached answer, well inside the TTL.
    table[hashApiKey(KEY)] = { partnerId: 'P1', keyId: 'K1', active: false };
    feed.push('KEY', hashApiKey(KEY));
    clock += 1000;
    await follower.poll();
    expect((await refusal(sut.verify(KEY))).code).toBe('UNAUTHENTICATED');
    expect(asked).toHaveLength(3);
    feed.push('BINDING', 'P2');
    feed.push('PROGRAMME', 'G1');
    await follower.poll();
    await sut.verify(OTHER);
    expect(asked).toHaveLength(3);
    feed.push('PARTNER', 'P2');
    await follower.poll();
    await sut.verify(OTHER);
    expect(asked).toHaveLength(4);
    feed.push('SOMETHING_NEW', 'x');
    await follower.poll();
    await sut.verify(OTHER);
    expect(asked).toHaveLength(5);
    expect(clock - 1_000_000).toBeLessThan(KEY_TTL_MS);
  });

  test('while the feed cannot be read for long, no cached key is trusted', async () => {
    let clock = 1_000_000;
    const { lookup, asked } = fakeLookup({ [hashApiKey(KEY)]: { partnerId: 'P1', keyId: 'K1', active: true } });
    const feed = fakeFeed();
    const sut = new ApiKeyVerifier(lookup, () => clock);
    const follower = sut.follow(feed.read, { pollMs: 1000, staleMs: 5000, now: () => clock });
    await follower.poll();
    await sut.verify(KEY);
    feed.setDown(true);
    clock += 4000;
    await follower.poll();
    await sut.verify(KEY);
    expect(asked).toHaveLength(1);
    clock += 2000;
    await sut.verify(KEY);
    expect(asked).toHaveLength(2);
  });
});
