import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { SignJWT } from 'jose';
import type { Logger } from 'pino';
import { isId, isRole, PERMISSIONS } from '@lianxin/auth';
import { DEV_JWT_SECRET, type GatewayConfig } from './config';

/**
 * The console (console/, a React app) is served by the gateway at `/`: same origin as
 * /graphql, so no CORS. It is three pages: the staff console (index.html), the partner
 * desk at /desk (desk.html) and the worker's phone view at /m (m.html). Hashed assets are
 * cached for a year, the pages never, so a new build reaches every browser on its next
 * navigation.
 *
 * Two ways to sign in, and the console learns which from /console/config.json:
 *  - OpenID Connect (authorization code + PKCE) against the city's identity provider, when
 *    OIDC_ISSUER and OIDC_CLIENT_ID are set. The gateway keeps verifying the resulting
 *    token through JWT_JWKS_URL; it never sees the code or the verifier.
 *  - Demo identities, from POST /dev/token. That endpoint exists only while the gateway
 *    runs with the built-in dev JWT secret and not in production: a token it signs is
 *    worthless anywhere else.
 */

export interface ConsoleConfig {
  /** Where the built console lives (console/dist). */
  dir: string;
  oidc?: { issuer: string; clientId: string; redirectUri?: string; scope: string };
}

export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '..', '..', 'console', 'dist');

/** Read with the rest of the gateway settings; a half-configured provider is a start-up error. */
export function loadConsoleConfig(env: Record<string, string | undefined>, problems: string[]): ConsoleConfig {
  const issuer = env.OIDC_ISSUER || undefined;
  const clientId = env.OIDC_CLIENT_ID || undefined;
  const config: ConsoleConfig = { dir: env.CONSOLE_DIR || DEFAULT_CONSOLE_DIR };
  if (issuer || clientId) {
    if (!issuer || !clientId) problems.push('OIDC_ISSUER and OIDC_CLIENT_ID must be set together (the console signs in through that provider).');
    else {
      try {
        new URL(issuer);
      } catch {
        problems.push(`OIDC_ISSUER must be a URL, got "${issuer}".`);
      }
      config.oidc = { issuer: issuer.replace(/\/$/, ''), clientId, redirectUri: env.OIDC_REDIRECT_URI || undefined, scope: env.OIDC_SCOPE || 'openid' };
    }
  }
  return config;
}

/** True only in development with the built-in secret: the one case in which /dev/token exists. */
export function devTokensEnabled(config: GatewayConfig): boolean {
  return !config.production && !config.jwt.jwksUrl && config.jwt.secret === DEV_JWT_SECRET;
}

const HASHED_ASSET = /^\/assets\//;

/** Which page a browser route opens: /desk and /desk/… the desk, /m and /m/… the phone view, anything else the staff console. */
export function pageFor(route: string): 'desk.html' | 'm.html' | 'index.html' {
  if (/^\/desk(\/|$)/.test(route)) return 'desk.html';
  if (/^\/m(\/|$)/.test(route)) return 'm.html';
  return 'index.html';
}
const API_PATHS = /^\/(graphql|health|ready|metrics|dev)(\/|$)/;

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>连心桥</title>
<body style="font-family:sans-serif;padding:40px"><h1>控制台尚未构建</h1><p>在项目目录运行 <code>npm run build</code>（或 <code>npm start</code>）后刷新本页。</p></body></html>`;

export function mountConsole(app: Express, config: GatewayConfig, log: Logger): void {
  const consoleConfig = config.console ?? { dir: DEFAULT_CONSOLE_DIR };
  const dev = devTokensEnabled(config);

  app.get('/console/config.json', (_req, res) => {
    res.set('cache-control', 'no-cache');
    res.json({ devSignIn: dev, oidc: consoleConfig.oidc ?? null, production: config.production });
  });

  if (dev) {
    const key = new TextEncoder().encode(DEV_JWT_SECRET);
    app.post('/dev/token', express.json({ limit: 2000 }), async (req, res) => {
      const { role, org, mid, pid, perms = [], sub } = (req.body ?? {}) as Record<string, unknown>;
      const problem =
        !isRole(role) ? 'role must be member, staff, partner or admin'
        : [org, mid, pid].some((v) => v !== undefined && (typeof v !== 'string' || !isId(v))) ? 'org, mid and pid must be ids'
        : !Array.isArray(perms) || perms.some((p) => !(PERMISSIONS as readonly unknown[]).includes(p)) ? `perms must be among ${PERMISSIONS.join(', ')}`
        : undefined;
      if (problem) {
        res.status(400).json({ error: problem });
        return;
      }
      const claims = { role, org, mid, pid, perms: (perms as string[]).length ? perms : undefined };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(typeof sub === 'string' && sub ? sub.slice(0, 100) : `demo-${role}-${(org ?? mid ?? pid ?? 'all') as string}`)
        .setIssuer(config.jwt.issuer)
        .setAudience(config.jwt.audience)
        .setIssuedAt()
        .setExpirationTime('12h')
        .sign(key);
      res.set('cache-control', 'no-store');
      res.json({ token, expiresIn: 12 * 3600 });
    });
    log.info('dev token endpoint /dev/token is on (built-in dev JWT secret)');
  }

  app.use(
    express.static(consoleConfig.dir, {
      index: false,
      fallthrough: true,
      setHeaders(res, file) {
        const rel = '/' + path.relative(consoleConfig.dir, file).split(path.sep).join('/');
        res.setHeader('cache-control', HASHED_ASSET.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  // Every other GET a browser makes is a page route (/cases/…, /desk, /m/…): its page, never cached.
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path) || HASHED_ASSET.test(req.path)) return next();
    if (!req.accepts('html')) return next();
    const index = path.join(consoleConfig.dir, pageFor(req.path));
    res.set('cache-control', 'no-cache');
    res.set('x-content-type-options', 'nosniff');
    if (!fs.existsSync(index)) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    res.type('html').sendFile(index);
  });
}
