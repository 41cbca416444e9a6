import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { ClientTokenVerifier } from '../auth';

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
