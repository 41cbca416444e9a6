/** OpenID Connect, authorization code with PKCE (RFC 7636), for the city's identity provider. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  redirectUri?: string | null;
  scope: string;
}

const PENDING = 'lianxin.oidc';

const b64url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function randomString(bytes = 32): string {
  return b64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function challengeFor(verifier: string): Promise<string> {
  return b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

/** The provider's metadata; an answer for another issuer (OpenID Connect Discovery 1.0, §4.3) or without endpoints is refused. */
async function discover(issuer: string): Promise<Discovery> {
  let r: Response;
  try {
    r = await fetch(`${issuer}/.well-known/openid-configuration`);
  } catch {
    throw new Error('连不上统一身份认证服务，请检查网络后重试。');
  }
  if (!r.ok) throw new Error(`统一身份认证服务暂时无法访问（${r.status}），请稍后重试。`);
  const meta = (await r.json()) as Partial<Discovery>;
  if (meta.issuer?.replace(/\/$/, '') !== issuer.replace(/\/$/, '') || !meta.authorization_endpoint || !meta.token_endpoint) {
    throw new Error('统一身份认证服务的配置与本系统不符，请联系管理员。');
  }
  return meta as Discovery;
}

const redirectOf = (s: OidcSettings): string => s.redirectUri || `${location.origin}/auth/callback`;

export async function beginSignIn(s: OidcSettings): Promise<void> {
  const meta = await discover(s.issuer);
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, tokenEndpoint: meta.token_endpoint }));
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: s.clientId,
    redirect_uri: redirectOf(s),
    scope: s.scope,
    state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * On /auth/callback: the code for a token. Throws a Chinese sentence when anything is off.
 * A code is good once, so a second call for the same callback (React's StrictMode runs
 * effects twice in development) gets the first call's answer instead of a second exchange.
 */
const exchanges = new Map<string, Promise<string>>();
export function completeSignIn(s: OidcSettings, search: string): Promise<string> {
  let pending = exchanges.get(search);
  if (!pending) {
    pending = exchange(s, search);
    exchanges.set(search, pending);
  }
  return pending;
}

async function exchange(s: OidcSettings, search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (params.get('error')) throw new Error(`身份认证未通过：${params.get('error_description') ?? params.get('error')}`);
  if (!raw) throw new Error('登录流程已失效，请重新登录。');
  const pending = JSON.parse(raw) as { verifier: string; state: string; tokenEndpoint: string };
  if (params.get('state') !== pending.state) throw new Error('登录回调与发起的请求不符，请重新登录。');
  if (!params.get('code')) throw new Error('身份认证服务没有返回授权码，请重新登录。');
  let r: Response;
  try {
    r = await fetch(pending.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code')!, redirect_uri: redirectOf(s), client_id: s.clientId, code_verifier: pending.verifier }),
    });
  } catch {
    throw new Error('连不上统一身份认证服务，请检查网络后重新登录。');
  }
  if (!r.ok) throw new Error('身份认证服务拒绝了这次登录，请重新登录。');
  const body = (await r.json()) as { access_token?: string };
  if (!body.access_token) throw new Error('身份认证服务没有返回令牌，请联系管理员。');
  return body.access_token;
}
