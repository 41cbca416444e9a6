import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { INTERNAL_TOKEN_HEADER } from '@lianxin/auth';
import { perSubgraph, SUBGRAPH_NAMES, subgraphUrlEnv, type SubgraphName } from '@lianxin/config';
import { createLogger, DEV_INTERNAL_SECRET, sqlStats } from '@lianxin/subgraph';
import { openBenefitsDatabase, startBenefits, type PartnerDeskCache } from '@lianxin/benefits';
import { openCasesDatabase, startCases, type RollupSettings } from '@lianxin/cases';
import { openMembersDatabase, startMembers, type WebhookSettings } from '@lianxin/members';
import { API_KEY_HEADER, DEV_JWT_SECRET, loadGatewayConfig, startGateway } from '@lianxin/gateway';
import type { DataSource } from 'typeorm';
import { dropMariadbDatabase, TEST_DATABASE_URL, type EngineName } from './engines';
import type { GeneratedShape } from '@lianxin/test-kit';
import { loadFixture, type Fixture } from './fixtures';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestGraph {
  engine: EngineName;
  db: DataSource;
  fixture: Fixture;
  gatewayUrl: string;
  membersUrl: string;
  /** The cases subgraph's own database (empty: cases hold no fixture). */
  casesDb: DataSource;
  casesUrl: string;
  /** The benefits subgraph's own database (empty: benefits hold no fixture). */
  benefitsDb: DataSource;
  benefitsUrl: string;
  /** POST a GraphQL request to the gateway as `token` (undefined: anonymous). */
  gql<T = Record<string, unknown>>(token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /** POST a GraphQL request to the gateway as a partner holding this API key (X-Api-Key). */
  gqlWithApiKey<T = Record<string, unknown>>(apiKey: string, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /**
   * POST straight to a subgraph (or the gateway), with whatever headers the test wants. Like
   * gql() and gqlWithApiKey(), a partner's response (API key, or a client or internal token
   * with role partner) goes through the privacy scan and fails the test on a leak.
   */
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: GqlResponse }>;
  /** Subgraph fetches the gateway sent so far, and reads that shared a fetch already in flight. */
  gatewayFetches: { readonly sent: number; readonly shared: number };
  /**
   * Delivers every due `org.changed` event to cases and benefits now (members' dispatcher
   * runs only when asked in tests) and returns what it did: wait on this, never on a sleep.
   */
  drainOrgChanges(): Promise<{ delivered: number; failed: number; dead: number }>;
  /** Sends every due figure event of this graph's cases to its roll-up now (graphs started with `rollup.url`). */
  drainFigures(): Promise<{ delivered: number; failed: number; dead: number }>;
  /**
   * Sends every due notification on now: cases' and benefits' to members, then members'
   * to the webhook (graphs started with `notify.webhook`). Returns the totals of the three.
   */
  drainNotifications(): Promise<{ delivered: number; failed: number; dead: number }>;
  /**
   * Starts one more gateway replica on the same subgraphs (with the graph's settings plus
   * `env`), stopped with the graph; returns its /graphql URL.
   */
  addGateway(env?: Record<string, string>): Promise<string>;
  /** Benefits' partner desk cache (followed only when the graph was started with `feedPollMs`). */
  partnerDesk: PartnerDeskCache;
  stopMembers(): Promise<void>;
  stopCases(): Promise<void>;
  stopBenefits(): Promise<void>;
  stop(): Promise<void>;
}

export interface TokenClaims {
  /** Absent: a token as the city's identity provider issues it, naming only the subject (the staff directory says who it is). */
  role?: string;
  org?: string;
  mid?: string;
  pid?: string;
  perms?: string[];
  sub?: string;
}

/**
 * The secrets a production-mode test graph runs with (production refuses the built-in ones).
 * Sign its client tokens with `{ secret: PRODUCTION_TEST_SECRETS.jwt }`.
 */
export const PRODUCTION_TEST_SECRETS = Object.freeze({
  jwt: 'test-production-jwt-secret-not-the-built-in-one',
  internal: 'test-production-internal-secret-not-the-built-in-one',
});

/** A client token as an identity provider would issue it (dev HS256 secret unless told otherwise). */
export function clientToken(claims: TokenClaims, opts: { expiresIn?: string; secret?: string } = {}): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? `${claims.role}-${claims.org ?? claims.mid ?? claims.pid ?? 'x'}`)
    .setIssuer('lianxin')
    .setAudience('lianxin-graph')
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(opts.secret ?? DEV_JWT_SECRET));
}

let counter = 0;

/**
 * Boots the real graph for one engine: a fresh members database with the fixture, fresh
 * cases and benefits databases, the three subgraphs and the gateway on ephemeral ports,
 * talking HTTP like production. The cases deadline sweep and the voucher expiry sweep are
 * off; tests run them by hand.
 */
export async function startTestGraph(
  engine: EngineName,
  opts: { production?: boolean; subgraphTimeoutMs?: number; /** Extra gateway settings, e.g. a subgraph URL pointing elsewhere. */ gatewayEnv?: Record<string, string>; /** Addresses the subgraphs let read /ready and /metrics without a token. */ probeAllow?: string[]; /** A generated tree to load instead of the named fixture tree. */ shape?: GeneratedShape; /** The named tree under a province, beside a second city (loadFixture); the caller sets ORG_LEVELS_ABOVE_CITY=1. */ province?: boolean; /** The subgraphs' METRICS_TOKEN and OTLP endpoint (the gateway's come through gatewayEnv). */ telemetry?: { metricsToken?: string; otlpEndpoint?: string }; /** Follow the change feeds (gateway, cases, benefits) every this many ms; off by default, like the sweeps. */ feedPollMs?: number; /** The cases subgraph's roll-up settings (a city reporting to a province); its dispatcher runs only when drained. */ rollup?: Partial<RollupSettings>; /** Members' webhook channel for notifications (none: the in-app feed only) and its tries before a dead letter; sent only when drained. */ notify?: { webhook?: WebhookSettings; maxAttempts?: number } } = {},
): Promise<TestGraph> {
  const log = createLogger('test', process.env.LOG_LEVEL ?? 'silent');
  const name = `lianxin_e2e_${process.pid}_${++counter}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-'));
  const databases = perSubgraph((s) => `${name}_${s.name}`);
  if (engine === 'mariadb') await Promise.all(Object.values(databases).map(dropMariadbDatabase));
  const base = { databaseUrl: engine === 'mariadb' ? TEST_DATABASE_URL : undefined, dataDir, log, probeAllow: opts.probeAllow, ...opts.telemetry };
  const dbOpts = perSubgraph((s) => ({ ...base, database: databases[s.name] }));
  const db = await openMembersDatabase(dbOpts.members);
  const fixture = await loadFixture(db, opts.shape, { province: opts.province });
  // Production refuses the built-in secrets, so a production graph gets secrets of its own.
  const internalSecret = opts.production ? PRODUCTION_TEST_SECRETS.internal : DEV_INTERNAL_SECRET;
  // Each subgraph starts with options of its own; the background sweeps are off (tests run them by hand).
  const members = await startMembers({ ...dbOpts.members, port: 0, internalSecret, notify: { webhook: opts.notify?.webhook, settings: opts.notify?.maxAttempts ? { maxAttempts: opts.notify.maxAttempts } : {} } }, db);
  const casesDb = await openCasesDatabase(dbOpts.cases);
  // The change feeds are background polls too: off unless a suite turns them on (feedPollMs).
  const feedPollMs = opts.feedPollMs ?? 0;
  const cases = await startCases({ ...dbOpts.cases, port: 0, internalSecret, membersUrl: members.url, sweep: { intervalMs: 0 }, feedPollMs, rollup: opts.rollup && { intervalMs: 0, ...opts.rollup } }, casesDb);
  const benefitsDb = await openBenefitsDatabase(dbOpts.benefits);
  const benefits = await startBenefits({ ...dbOpts.benefits, port: 0, internalSecret, membersUrl: members.url, casesUrl: cases.url, expiryIntervalMs: 0, memberFactsCopy: { fillOnStart: false, feedCheckMs: 0 }, feedPollMs }, benefitsDb);
  members.orgChanges.peers.connect({ cases: cases.url, benefits: benefits.url });
  // The fixture was written straight into members' database: the desk's copy of member facts starts complete.
  await benefits.memberFacts.backfill();
  const subgraphs = { members, cases, benefits } satisfies Record<SubgraphName, unknown>;
  const gatewayEnv = (extra: Record<string, string> = {}) => ({
    NODE_ENV: opts.production ? 'production' : 'test',
    GATEWAY_PORT: '0',
    ...subgraphUrlEnv(perSubgraph((s) => subgraphs[s.name].url)),
    LOG_LEVEL: 'silent',
    SUBGRAPH_TIMEOUT_MS: String(opts.subgraphTimeoutMs ?? 5000),
    // The directory feed is a background poll, like the sweeps: off unless a suite turns it on, so statement and fetch
    // counts see only the request. Production refuses it off, so a production graph polls once a minute.
    DIRECTORY_POLL_MS: opts.feedPollMs ? String(opts.feedPollMs) : opts.production ? '60000' : '0',
    ...(opts.production ? { JWT_SECRET: PRODUCTION_TEST_SECRETS.jwt, INTERNAL_TOKEN_SECRET: PRODUCTION_TEST_SECRETS.internal } : {}),
    // The suites probe the subgraphs' own scoping with free-form partner operations and send
    // hundreds of requests a minute as one caller; trusted documents and rate limits have
    // specs of their own (trusted-documents.e2e, rate-limits.e2e) that turn these back on.
    ...(opts.production ? {} : { PARTNER_DOCUMENTS: 'any' }),
    ...Object.fromEntries(['MEMBER', 'STAFF', 'PARTNER', 'ADMIN'].map((r) => [`RATE_LIMIT_${r}_PER_MINUTE`, '1000000'])),
    ...opts.gatewayEnv,
    ...extra,
  });
  const gateway = await startGateway(loadGatewayConfig(gatewayEnv()), log);
  const extraGateways: { stop(): Promise<void> }[] = [];

  const known = knownSecrets(fixture);
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) => postGraphql(url, body, headers, known);
  return {
    engine,
    db,
    fixture,
    gatewayUrl: gateway.url,
    membersUrl: members.url,
    casesDb,
    casesUrl: cases.url,
    benefitsDb,
    benefitsUrl: benefits.url,
    post,
    async gql(token, query, variables) {
      const { status, body } = await post(gateway.url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
      return { ...body, status } as never;
    },
    async gqlWithApiKey(apiKey, query, variables) {
      const { status, body } = await post(gateway.url, { query, variables }, { [API_KEY_HEADER]: apiKey });
      return { ...body, status } as never;
    },
    gatewayFetches: gateway.fetches,
    drainOrgChanges: () => members.orgChanges.dispatcher.drain(),
    async drainFigures() {
      if (!cases.figures) throw new Error('this graph was started without rollup.url: its cases reports no figures');
      return cases.figures.dispatcher.drain();
    },
    async drainNotifications() {
      const total = { delivered: 0, failed: 0, dead: 0 };
      for (const d of [cases.notifications, benefits.notifications, members.notifications]) {
        const r = await d.dispatcher.drain();
        total.delivered += r.delivered;
        total.failed += r.failed;
        total.dead += r.dead;
      }
      return total;
    },
    async addGateway(env) {
      const replica = await startGateway(loadGatewayConfig(gatewayEnv(env)), log);
      extraGateways.push(replica);
      return replica.url;
    },
    partnerDesk: benefits.partnerDesk,
    stopMembers: () => members.stop(),
    stopCases: () => cases.stop(),
    stopBenefits: () => benefits.stop(),
    async stop() {
      for (const replica of extraGateways) await replica.stop();
      await gateway.stop();
      // The reverse of the start: members, whose org tree the others read, last.
      for (const s of [...SUBGRAPH_NAMES].reverse()) await subgraphs[s].stop();
      if (engine === 'mariadb') await Promise.all(Object.values(databases).map(dropMariadbDatabase));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/* ---------- the partner privacy scan ---------- */

/**
 * Issue 4: "scan every partner response in the test suite for ID-number and phone patterns
 * and for hardship and aid fields, and fail on any hit". Every request a suite makes goes
 * through postGraphql() (gql, gqlWithApiKey and raw post alike), so every partner response
 * of every suite is scanned here, once, and a leak fails the test that made the request.
 */
export interface PrivacyHit {
  rule: string;
  match: string;
}

/** Every leak found in this process, with the query that got it (the throw names it too). */
export const privacyHits: { query: string; hits: PrivacyHit[] }[] = [];
/** How many partner responses were scanned: lets a suite prove the scan was not skipped. */
export const privacyStats = { scanned: 0 };

/** 18-character ID numbers, mainland mobiles (also with +86, and masked). Longer digit runs (epoch millis) are not phones. */
const PATTERNS: [string, RegExp][] = [
  ['ID number', /\d{17}[\dXx]/g],
  ['mobile number', /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g],
  // Masked is still personal: a partner has no business with anyone's phone, masked or not (a case's non-member worker).
  ['masked mobile number', /(?<![\d*])1[3-9]\d\*{4}\d{4}(?!\d)/g],
];

/**
 * Name parts that reveal a member fact, hardship or aid, matched after splitting words on
 * `_` and camelCase, so `hardshipTier`, `NOT_HARDSHIP_TIER` and `hardship` all hit, and
 * `educationAid`, `EDUCATION_AID`, `AidApplication` and `aid` hit while `paid` or `said` do not.
 */
const PARTS = new Set(['hardship', 'aid', 'aided', 'education', 'child', 'children', 'phone', 'mobile', 'birth', 'school', 'idnumber']);
const PAIRS = new Set(['id number', 'model worker', 'employment type', 'status reason']);
/** Chinese words for the same: hardship, education aid, relief, assistance, model worker, ID card, mobile, children; and the register's own: opening a file, leaving hardship. */
const WORDS = ['困难', '助学', '救助', '帮扶', '劳模', '身份证', '手机', '子女', '建档', '解困'];

const partsOf = (word: string): string[] =>
  word
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/**
 * What in a partner's response must not be there. Echoes of the partner's own request are
 * not leaks: an error's `path` names the field the partner asked for (`aidApplications`), a
 * validation message quotes it, and a value the partner sent may come back. So words of the
 * query and the partner's own variable values are set aside before the scan.
 * `secrets`: literal strings that must never reach a partner (the fixture's full names,
 * ID numbers, phones).
 */
export function scanPartnerResponse(response: unknown, request: { query?: string; variables?: unknown } = {}, secrets: readonly string[] = []): PrivacyHit[] {
  const r = (response ?? {}) as { errors?: Record<string, unknown>[] };
  const shown = { ...r, errors: r.errors?.map(({ path: _path, locations: _locations, ...rest }) => rest) };
  let text = JSON.stringify(shown);
  for (const sent of stringsIn(request.variables)) if (sent.length >= 4) text = text.split(sent).join(' ');
  const asked = new Set((request.query ?? '').match(/[_A-Za-z][_0-9A-Za-z]*/g) ?? []);
  const hits: PrivacyHit[] = [];
  for (const [rule, pattern] of PATTERNS) for (const m of text.matchAll(pattern)) hits.push({ rule, match: m[0] });
  for (const s of secrets) if (s && text.includes(s)) hits.push({ rule: 'member detail', match: s });
  for (const w of WORDS) if (text.includes(w)) hits.push({ rule: 'hardship or aid word', match: w });
  for (const word of new Set(text.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? [])) {
    if (asked.has(word)) continue;
    const parts = partsOf(word);
    const pair = parts.slice(1).map((p, i) => `${parts[i]} ${p}`).find((p) => PAIRS.has(p));
    const part = parts.find((p) => PARTS.has(p));
    if (part || pair) hits.push({ rule: 'member fact, hardship or aid field', match: word });
  }
  return hits;
}

/** Whether these request headers make the caller a partner: an X-Api-Key, or a token (client or internal) with role partner. */
export function isPartnerRequest(headers: Record<string, string>): boolean {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (h[API_KEY_HEADER] !== undefined) return true;
  const tokens = [h.authorization?.replace(/^Bearer\s+/i, ''), h[INTERNAL_TOKEN_HEADER]];
  return tokens.some((t) => {
    try {
      // Decoded, not verified: the scan is about who the test says it is.
      return !!t && (JSON.parse(Buffer.from(t.split('.')[1] ?? '', 'base64url').toString()) as { role?: unknown }).role === 'partner';
    } catch {
      return false;
    }
  });
}

/** Throws (failing the calling test) when a partner's response holds anything scanPartnerResponse() finds. */
export function assertNoPartnerLeak(response: unknown, request: { query?: string; variables?: unknown }, secrets: readonly string[] = []): void {
  privacyStats.scanned++;
  const hits = scanPartnerResponse(response, request, secrets);
  if (hits.length === 0) return;
  const query = (request.query ?? '').replace(/\s+/g, ' ').trim();
  privacyHits.push({ query, hits });
  throw new Error(
    `PRIVACY: a partner response holds what partners must never see.\n  hits: ${hits.map((x) => `${x.rule}: ${JSON.stringify(x.match)}`).join('; ')}\n  query: ${query}\n  variables: ${JSON.stringify(request.variables ?? null)}\n  response: ${JSON.stringify(response)}`,
  );
}

/** The fixture's full names, ID numbers and phones: a partner sees a masked name and nothing else. */
const knownSecrets = (f: Fixture): string[] => Object.values(f.members).flatMap((m) => [m.name, m.idNumber, m.phone]);

/** POST a GraphQL request; a partner's response (by its headers) is scanned for leaks before the test sees it. */
export async function postGraphql(url: string, body: unknown, headers: Record<string, string> = {}, secrets: readonly string[] = []): Promise<{ status: number; body: GqlResponse }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const json = (await res.json()) as GqlResponse;
  if (isPartnerRequest(headers)) {
    let request: { query?: string; variables?: unknown } = {};
    try {
      request = (typeof body === 'string' ? JSON.parse(body) : body) as typeof request;
    } catch {
      // A raw body that is not JSON: nothing of it to set aside.
    }
    assertNoPartnerLeak(json, request ?? {}, secrets);
  }
  return { status: res.status, body: json };
}

/** SQL statements the subgraphs (members, cases and benefits, all in this process) send while `fn` runs. */
export async function countStatements(fn: () => Promise<unknown>): Promise<number> {
  const before = sqlStats.statements;
  await fn();
  return sqlStats.statements - before;
}
