/**
 * A hand-made OpenID Connect provider for the console's browser tests: discovery, an
 * /authorize that signs the caller in at once and sends the browser back with a code, a
 * /token that checks the PKCE verifier against the challenge (S256) and answers RS256
 * tokens with the claims the gateway expects, and /jwks. Public client, so /token answers
 * CORS for the console's origin, as a real provider configured with a web origin does.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';

export interface ProviderClaims {
  sub: string;
  role: string;
  org?: string;
  mid?: string;
  perms?: string[];
  name?: string;
}

export interface TokenRequest {
  status: number;
  error?: string;
  /** The verifier the browser sent, and whether its S256 matched the challenge from /authorize. */
  verifier?: string;
  pkceMatched?: boolean;
}

export interface TestProvider {
  issuer: string;
  jwksUrl: string;
  clientId: string;
  audience: string;
  /** Which console may use it: its callback URL and origin. Set once the gateway is up. */
  register(redirectUri: string): void;
  /** Who the next sign-in is, and for how long its token lives. */
  next: { claims?: ProviderClaims; ttlSeconds: number };
  authorizeRequests: URLSearchParams[];
  tokenRequests: TokenRequest[];
  /** Signs a token as /token would, for tests that need one without a browser. */
  sign(claims: ProviderClaims, ttlSeconds: number): Promise<string>;
  /** The same token signed by a key the provider never published, under the published key id. */
  forge(claims: ProviderClaims, ttlSeconds: number): Promise<string>;
  stop(): Promise<void>;
}

const b64url = (b: Buffer) => b.toString('base64url');
export const s256 = (verifier: string) => b64url(createHash('sha256').update(verifier).digest());

export async function startProvider(opts: { clientId?: string; audience?: string } = {}): Promise<TestProvider> {
  const clientId = opts.clientId ?? 'lianxin-console';
  const audience = opts.audience ?? 'lianxin-graph';
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const stranger = (await generateKeyPair('RS256')).privateKey;
  const kid = b64url(randomBytes(8));
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string; claims: ProviderClaims; ttlSeconds: number }>();
  let redirect: string | undefined;
  let origin: string | undefined;
  let issuer = '';

  const sign = (claims: ProviderClaims, ttlSeconds: number, aud = audience, key: KeyLike = privateKey) =>
    new SignJWT({ role: claims.role, org: claims.org, mid: claims.mid, perms: claims.perms, name: claims.name })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(issuer)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(key);

  const provider: TestProvider = {
    issuer: '',
    jwksUrl: '',
    clientId,
    audience,
    register(uri) {
      redirect = uri;
      origin = new URL(uri).origin;
    },
    next: { ttlSeconds: 600 },
    authorizeRequests: [],
    tokenRequests: [],
    sign: (claims, ttl) => sign(claims, ttl),
    forge: (claims, ttl) => sign(claims, ttl, audience, stranger),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const json = (res: http.ServerResponse, status: number, body: unknown, cors = false) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    if (cors && origin) res.setHeader('access-control-allow-origin', origin);
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        code_challenge_methods_supported: ['S256'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['none'],
      }, true);
    }
    if (req.method === 'GET' && url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const p = url.searchParams;
      provider.authorizeRequests.push(p);
      const problem =
        p.get('response_type') !== 'code' ? 'unsupported_response_type'
        : p.get('client_id') !== clientId ? 'unauthorized_client'
        : !redirect || p.get('redirect_uri') !== redirect ? 'invalid_redirect_uri'
        : p.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(p.get('code_challenge') ?? '') ? 'invalid_request'
        : !provider.next.claims ? 'access_denied'
        : undefined;
      // An unknown client or redirect must not be redirected to (RFC 6749 §4.1.2.1): answer here.
      if (problem === 'unauthorized_client' || problem === 'invalid_redirect_uri') return json(res, 400, { error: problem });
      const back = new URL(redirect!);
      if (p.get('state')) back.searchParams.set('state', p.get('state')!);
      if (problem) back.searchParams.set('error', problem);
      else {
        const code = b64url(randomBytes(24));
        codes.set(code, { challenge: p.get('code_challenge')!, redirectUri: redirect!, claims: provider.next.claims!, ttlSeconds: provider.next.ttlSeconds });
        back.searchParams.set('code', code);
      }
      res.statusCode = 302;
      res.setHeader('location', back.toString());
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        void (async () => {
          const f = new URLSearchParams(raw);
          const verifier = f.get('code_verifier') ?? undefined;
          const entry = codes.get(f.get('code') ?? '');
          codes.delete(f.get('code') ?? ''); // one use, right or wrong
          const pkceMatched = !!entry && !!verifier && s256(verifier) === entry.challenge;
          const error =
            f.get('grant_type') !== 'authorization_code' ? 'unsupported_grant_type'
            : f.get('client_id') !== clientId ? 'invalid_client'
            : !entry || f.get('redirect_uri') !== entry.redirectUri ? 'invalid_grant'
            : !verifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || !pkceMatched ? 'invalid_grant'
            : undefined;
          provider.tokenRequests.push({ status: error ? 400 : 200, error, verifier, pkceMatched });
          if (error || !entry) return json(res, 400, { error }, true);
          const accessToken = await sign(entry.claims, entry.ttlSeconds);
          const idToken = await sign(entry.claims, entry.ttlSeconds, clientId);
          json(res, 200, { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: entry.ttlSeconds, scope: 'openid' }, true);
        })();
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.issuer = issuer;
  provider.jwksUrl = `${issuer}/jwks`;
  return provider;
}
