import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import pino from 'pino';
import { DEV_JWT_SECRET, loadGatewayConfig } from '../config';
import { DEV_INTERNAL_SECRET } from '@lianxin/config';
import { startGateway, type RunningGateway } from '../server';

/**
 * POST /dev/token signs any identity with the built-in dev secret. It must exist only in
 * development with that secret: here a real gateway is booted in each other setting and
 * asked for it over HTTP. No subgraph is needed for that, so none runs.
 */
const log = pino({ level: 'silent' });
const secret = () => randomBytes(32).toString('base64url');
const SUBGRAPHS = { MEMBERS_URL: 'http://127.0.0.1:9/graphql', CASES_URL: 'http://127.0.0.1:9/graphql', BENEFITS_URL: 'http://127.0.0.1:9/graphql' };

async function withGateway(env: Record<string, string>, fn: (base: string) => Promise<void>): Promise<void> {
  let gw: RunningGateway | undefined;
  try {
    gw = await startGateway(loadGatewayConfig({ GATEWAY_PORT: '0', LOG_LEVEL: 'silent', ...SUBGRAPHS, ...env }), log);
    await fn(gw.url.replace(/\/graphql$/, ''));
  } finally {
    await gw?.stop();
  }
}

const askForToken = (base: string) =>
  fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ role: 'admin' }) });

async function expectNoDevEndpoint(base: string): Promise<void> {
  const post = await askForToken(base);
  expect(post.status).toBe(404);
  expect(await post.text()).not.toMatch(/eyJ/);
  // A browser's GET is not answered with the console's index.html either: /dev is not a console route.
  const get = await fetch(`${base}/dev/token`, { headers: { accept: 'text/html' } });
  expect(get.status).toBe(404);
  expect(await get.text()).not.toContain('<div id="root">');
  const settings = (await (await fetch(`${base}/console/config.json`)).json()) as { devSignIn: boolean };
  expect(settings.devSignIn).toBe(false);
}

const SETTINGS: [string, () => Record<string, string>][] = [
  ['in production with real secrets', () => ({ NODE_ENV: 'production', JWT_SECRET: secret(), INTERNAL_TOKEN_SECRET: secret() })],
  ['in production verifying through a JWKS', () => ({ NODE_ENV: 'production', JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json', JWT_ISSUER: 'https://idp.example', INTERNAL_TOKEN_SECRET: secret() })],
  ['outside production with a non-dev JWT secret', () => ({ NODE_ENV: 'test', JWT_SECRET: secret() })],
  ['with no NODE_ENV and a JWKS', () => ({ JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json' })],
];

describe('the dev token endpoint', () => {
  test.each(SETTINGS)('is absent %s: 404, and the console is told there is no demo sign-in', async (_name, env) => {
    await withGateway(env(), expectNoDevEndpoint);
  });

  test('a production gateway does not start with the built-in secrets, and says which ones', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET, INTERNAL_TOKEN_SECRET: DEV_INTERNAL_SECRET })).toThrow(
      /JWT_SECRET is the built-in development secret[\s\S]*INTERNAL_TOKEN_SECRET is the built-in development secret/,
    );
  });

  test('and a token signed with the dev secret is refused by a production gateway', async () => {
    const dev = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('demo-admin').setIssuer('lianxin').setAudience('lianxin-graph').setExpirationTime('1h').sign(new TextEncoder().encode(DEV_JWT_SECRET));
    await withGateway({ NODE_ENV: 'production', JWT_SECRET: secret(), INTERNAL_TOKEN_SECRET: secret() }, async (base) => {
      const r = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${dev}` }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(r.status).toBe(401);
      expect(((await r.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  test('is present in development with the built-in secret (so the checks above would see it)', async () => {
    await withGateway({ NODE_ENV: 'development' }, async (base) => {
      const r = await askForToken(base);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { token: string }).token).toMatch(/^eyJ/);
      expect(((await (await fetch(`${base}/console/config.json`)).json()) as { devSignIn: boolean }).devSignIn).toBe(true);
    });
  });
});
