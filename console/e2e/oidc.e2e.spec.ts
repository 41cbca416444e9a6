/**
 * Production sign-in in a real browser: the console signs in through an OpenID Connect
 * provider (authorization code + PKCE), the gateway runs as in production (NODE_ENV,
 * no dev tokens) and verifies the provider's RS256 tokens through its JWKS.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestGraph, type TestGraph } from '../../test/src/harness/graph';
import { enginesForSuites } from '../../test/src/harness/engines';
import { launch, newPage, shot } from './browser';
import { s256, startProvider, type ProviderClaims, type TestProvider } from './oidc-provider';

const engine = enginesForSuites()[0];
let graph: TestGraph;
let browser: Browser;
let provider: TestProvider;
let base: string;
let staff: ProviderClaims;

beforeAll(async () => {
  provider = await startProvider();
  [graph, browser] = await Promise.all([
    startTestGraph(engine, {
      production: true,
      gatewayEnv: {
        JWT_JWKS_URL: provider.jwksUrl,
        // No JWT_ISSUER: with OIDC configured, the gateway expects the provider as issuer.
        JWT_AUDIENCE: provider.audience,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
      },
    }),
    launch(),
  ]);
  base = graph.gatewayUrl.replace(/\/graphql$/, '');
  provider.register(`${base}/auth/callback`);
  staff = { sub: 'idp|lihong', role: 'staff', org: graph.fixture.orgs.d1.id, name: '李红' };
});
afterAll(async () => {
  await browser?.close();
  await graph?.stop();
  await provider?.stop();
});
beforeEach(() => {
  provider.next = { claims: staff, ttlSeconds: 600 };
});

const storage = (page: Page) =>
  page.evaluate(() => ({
    session: { ...sessionStorage } as Record<string, string>,
    local: { ...localStorage } as Record<string, string>,
  }));
const tokenIn = async (page: Page): Promise<string | undefined> => {
  const raw = (await storage(page)).session['lianxin.session'];
  return raw ? (JSON.parse(raw) as { token: string }).token : undefined;
};
/** Every /graphql request the page makes, with the Authorization header it carried. */
function graphqlRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/graphql') seen.push(r.headers().authorization ?? '');
  });
  return seen;
}
async function signInThroughProvider(page: Page): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL(`${base}/signin`);
  await page.getByRole('button', { name: '通过统一身份认证登录' }).click();
  // To the provider's /authorize, straight back to /auth/callback with a code, then home.
  await page.waitForURL(`${base}/`);
}

test('staff sign in through the identity provider with PKCE; the dashboard loads through the gateway with its token, kept in sessionStorage only; sign-out clears it', async () => {
  // Production: the console offers no demo identities, only the provider.
  const settings = (await (await fetch(`${base}/console/config.json`)).json()) as { devSignIn: boolean; oidc: { issuer: string; clientId: string } };
  expect(settings).toMatchObject({ devSignIn: false, oidc: { issuer: provider.issuer, clientId: 'lianxin-console' } });
  expect((await fetch(`${base}/dev/token`, { method: 'POST' })).status).toBe(404);
  // A case so the figures are not all zero, raised with a token from the same provider.
  const apiToken = await provider.sign(staff, 300);
  const raised = await graph.gql(apiToken, 'mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id } }', {
    input: { kind: 'MICRO_WISH', channel: 'HOTLINE_12351', urgency: 'NORMAL', description: '职工来电：希望给一线职工配发防暑用品。', orgId: graph.fixture.orgs.d1.id },
  });
  expect(raised.errors).toBeUndefined();

  const { page, context } = await newPage(browser);
  const requests = graphqlRequests(page);
  await page.goto(`${base}/`);
  await page.waitForURL(`${base}/signin`);
  await page.getByRole('button', { name: '通过统一身份认证登录' }).waitFor();
  expect(await page.locator('[data-testid^="identity-"]').count()).toBe(0);
  await shot(page, 'oidc-signin');
  await page.getByRole('button', { name: '通过统一身份认证登录' }).click();
  await page.waitForURL(`${base}/`);
  await page.getByTestId('fig-total').waitFor();

  // The provider saw a code request with an S256 challenge, and a token request whose verifier matched it.
  const authorize = provider.authorizeRequests.at(-1)!;
  expect(Object.fromEntries(authorize)).toMatchObject({ response_type: 'code', client_id: 'lianxin-console', redirect_uri: `${base}/auth/callback`, scope: 'openid', code_challenge_method: 'S256' });
  expect(authorize.get('state')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  const exchange = provider.tokenRequests.at(-1)!;
  expect(exchange).toMatchObject({ status: 200, pkceMatched: true });
  expect(s256(exchange.verifier!)).toBe(authorize.get('code_challenge'));

  // The token: in sessionStorage, nowhere in localStorage or cookies; the PKCE verifier is gone.
  const token = (await tokenIn(page))!;
  expect(token).toMatch(/^eyJ/);
  const { session, local } = await storage(page);
  expect(Object.keys(local)).toEqual([]);
  expect(JSON.stringify(local)).not.toContain(token);
  expect(session['lianxin.oidc']).toBeUndefined();
  expect(await context.cookies()).toEqual([]);

  // Every request the dashboard made went to the gateway with that token, and what it shows is what the API says.
  expect(requests.length).toBeGreaterThan(0);
  expect(new Set(requests)).toEqual(new Set([`Bearer ${token}`]));
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  const [y, m] = month.split('-').map(Number);
  const f = y * 12 + m - 1 - 11;
  const from = `${Math.floor(f / 12)}-${String((f % 12) + 1).padStart(2, '0')}`;
  const fig = await graph.gql<{ caseFigures: { total: number; overdue: number } }>(token, 'query($o: ID, $f: String!, $t: String!) { caseFigures(orgId: $o, from: $f, to: $t) { total overdue } }', { o: graph.fixture.orgs.d1.id, f: from, t: month });
  expect(fig.data!.caseFigures.total).toBeGreaterThanOrEqual(1);
  expect(await page.getByTestId('fig-total').textContent()).toBe(String(fig.data!.caseFigures.total));
  expect(await page.getByTestId('fig-overdue').textContent()).toBe(String(fig.data!.caseFigures.overdue));
  await expect(page.getByTestId('org-path').textContent()).resolves.toContain('江北区总工会');
  await expect(page.getByTestId('who').textContent()).resolves.toBe('李红（统一身份认证）');
  await page.getByTestId('child-chart').locator('canvas').waitFor();
  await shot(page, 'oidc-dashboard');

  // Sign out: the token is gone, the console asks for sign-in again and sends nothing with the old token.
  await page.getByRole('button', { name: /退出登录/ }).click();
  await page.waitForURL(`${base}/signin`);
  const before = requests.length;
  expect(await tokenIn(page)).toBeUndefined();
  expect(Object.keys((await storage(page)).local)).toEqual([]);
  await page.goto(`${base}/cases`);
  await page.waitForURL(`${base}/signin`);
  await page.getByRole('button', { name: '通过统一身份认证登录' }).waitFor();
  expect(requests.slice(before).filter((h) => h.includes(token))).toEqual([]);
  await shot(page, 'oidc-signed-out');
  await context.close();
});

test('a verifier that does not match the challenge is refused by the provider, and the console says so in Chinese', async () => {
  const { page, context } = await newPage(browser);
  // Something between the browser and the provider swaps the verifier.
  await page.route(`${provider.issuer}/token`, (route) => {
    const body = new URLSearchParams(route.request().postData() ?? '');
    body.set('code_verifier', 'x'.repeat(64));
    return route.continue({ postData: body.toString() });
  });
  await page.goto(`${base}/signin`);
  await page.getByRole('button', { name: '通过统一身份认证登录' }).click();
  await page.getByTestId('callback-error').waitFor();
  expect(provider.tokenRequests.at(-1)).toMatchObject({ status: 400, error: 'invalid_grant', pkceMatched: false });
  await expect(page.getByTestId('callback-error').textContent()).resolves.toContain('身份认证服务拒绝了这次登录，请重新登录。');
  expect(await tokenIn(page)).toBeUndefined();
  await context.close();
});

test('an expired token sends the user back to sign-in with a Chinese message; so does a token the gateway refuses', async () => {
  provider.next = { claims: staff, ttlSeconds: 6 };
  const { page, context } = await newPage(browser);
  await signInThroughProvider(page);
  await page.getByTestId('fig-total').waitFor();
  const token = (await tokenIn(page))!;
  const exp = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }).exp;
  expect(exp - Date.now() / 1000).toBeLessThanOrEqual(6);
  await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 500));
  // The gateway agrees the token is spent.
  expect((await graph.gql(token, '{ caseFigures(from: "2026-01", to: "2026-01") { total } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  // The next step in the console goes to sign-in and says why.
  await page.getByRole('menuitem', { name: /诉求/ }).first().click();
  await page.waitForURL(`${base}/signin`);
  await expect(page.getByTestId('notice').textContent()).resolves.toContain('登录已过期，请重新登录。');
  expect(await tokenIn(page)).toBeUndefined();
  await shot(page, 'oidc-expired');

  // A token whose expiry looks fine to the browser but which the gateway refuses (signed by a key the provider never published):
  // the gateway's 401 brings the console back to sign-in, with the token cleared.
  await page.evaluate(async (forged) => sessionStorage.setItem('lianxin.session', JSON.stringify({ token: forged, label: '伪造' })), await provider.forge(staff, 600));
  await page.goto(`${base}/`);
  await page.waitForURL(`${base}/signin`);
  await expect(page.getByTestId('notice').textContent()).resolves.toContain('登录已过期或已失效，请重新登录。');
  expect(await tokenIn(page)).toBeUndefined();
  await shot(page, 'oidc-refused');
  await context.close();
});
