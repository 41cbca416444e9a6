import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { callerFromClaims, ClientTokenVerifier } from '../auth';

const claims = { role: 'staff', org: '01HZZZZZZZZZZZZZZZZZZZZZZZ' };
const sign = (key: Parameters<SignJWT['sign']>[0], alg: string, kid?: string) =>
  new SignJWT(claims).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).setSubject('staff-1').setIssuer('idp').setAudience('lianxin-graph').setExpirationTime('5m').sign(key);

describe('production tokens from a JWKS endpoint (RS256)', () => {
  let server: http.Server;
  let sut: ClientTokenVerifier;
  let privateKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sut = new ClientTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: 'idp', audience: 'lianxin-graph' });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('a token signed by the identity provider\'s key is accepted', async () => {
    const caller = await sut.verify(`Bearer ${await sign(privateKey, 'RS256', 'k1')}`);
    expect(caller).toEqual({ sub: 'staff-1', role: 'staff', orgId: claims.org, perms: [] });
  });

  test('an HS256 token is refused even with a key that would match', async () => {
    const hs = await sign(new TextEncoder().encode('a'.repeat(40)), 'HS256');
    await expect(sut.verify(`Bearer ${hs}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('a token signed by another RSA key is refused', async () => {
    const other = await generateKeyPair('RS256');
    await expect(sut.verify(`Bearer ${await sign(other.privateKey, 'RS256', 'k1')}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('claims are checked for their shape', () => {
  const ORG = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
  const now = 1_800_000_000;
  const refusal = (claims: Record<string, unknown>): string => {
    try {
      callerFromClaims({ sub: 'staff-1', ...claims }, now);
    } catch (err) {
      expect((err as { extensions: { code: string } }).extensions.code).toBe('UNAUTHENTICATED');
      return (err as Error).message;
    }
    throw new Error('accepted');
  };

  test.each([
    [{ role: 'staff', org: [ORG] }, /"org" claim must be a 26-character id/],
    [{ role: 'staff', org: '🙂' }, /"org" claim must be a 26-character id/],
    [{ role: 'staff' }, /must name the staff member's org/],
    [{ role: 'member', mid: { id: ORG } }, /"mid" claim must be a 26-character id/],
    [{ role: 'partner', pid: 42 }, /"pid" claim must be a 26-character id/],
    [{ role: 'staff', org: ORG, perms: ['pii:write'] }, /"perms" claim must be a list of known permissions \(pii:read, case:signoff, programme:manage, staff:manage\)/],
    [{ role: 'staff', org: ORG, perms: 'pii:read' }, /"perms" claim must be a list/],
    [{ role: 'staff', org: ORG, sub: ['a'] }, /"sub" claim must be a non-empty string/],
    [{ role: 'staff', org: ORG, sub: 'x'.repeat(201) }, /"sub" claim must be a non-empty string of at most 200/],
    [{ role: 'staff', org: ORG, iat: now + 61 }, /"iat" claim lies in the future/],
    [{ role: 'bogus', org: ORG }, /no valid role/],
  ])('%j is refused: %s', (claims, message) => {
    expect(refusal(claims)).toMatch(message);
  });

  test('well-formed claims become the caller, with a minute of clock skew allowed', () => {
    expect(callerFromClaims({ sub: 'staff-1', role: 'staff', org: ORG, perms: ['pii:read', 'pii:read'], iat: now + 59 }, now)).toEqual({ sub: 'staff-1', role: 'staff', orgId: ORG, perms: ['pii:read'] });
    expect(callerFromClaims({ sub: 'admin-1', role: 'admin', iat: now - 3600 }, now)).toEqual({ sub: 'admin-1', role: 'admin', perms: [] });
  });

  test('a token with no role names only a subject: a staff caller with no org or rights, for the directory to complete', () => {
    // Whatever else it claims is not taken: the directory's account decides the org and the rights.
    expect(callerFromClaims({ sub: 'idp|zhang', org: ORG, perms: ['pii:read'] }, now)).toEqual({ sub: 'idp|zhang', role: 'staff', perms: [] });
  });
});
