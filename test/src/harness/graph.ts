import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { createLogger, DEV_INTERNAL_SECRET, sqlStats } from '@lianxin/subgraph';
import { openBenefitsDatabase, startBenefits } from '@lianxin/benefits';
import { openCasesDatabase, startCases } from '@lianxin/cases';
import { openMembersDatabase, startMembers } from '@lianxin/members';
import { API_KEY_HEADER, DEV_JWT_SECRET, loadGatewayConfig, startGateway } from '@lianxin/gateway';
import type { DataSource } from 'typeorm';
import { dropMariadbDatabase, TEST_DATABASE_URL, type EngineName } from './engines';
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
  /** POST straight to a subgraph, with whatever headers the test wants. */
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: GqlResponse }>;
  stopMembers(): Promise<void>;
  stopCases(): Promise<void>;
  stopBenefits(): Promise<void>;
  stop(): Promise<void>;
}

export interface TokenClaims {
  role: string;
  org?: string;
  mid?: string;
  pid?: string;
  perms?: string[];
  sub?: string;
}

/** A client token as an identity provider would issue it (dev HS256 secret). */
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
export async function startTestGraph(engine: EngineName, opts: { production?: boolean; subgraphTimeoutMs?: number } = {}): Promise<TestGraph> {
  const log = createLogger('test', process.env.LOG_LEVEL ?? 'silent');
  const name = `lianxin_e2e_${process.pid}_${++counter}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-e2e-'));
  const casesName = `${name}_cases`;
  const benefitsName = `${name}_benefits`;
  const databases = [name, casesName, benefitsName];
  if (engine === 'mariadb') await Promise.all(databases.map(dropMariadbDatabase));
  const dbOpts = { databaseUrl: engine === 'mariadb' ? TEST_DATABASE_URL : undefined, database: name, dataDir, log };
  const db = await openMembersDatabase(dbOpts);
  const fixture = await loadFixture(db);
  const members = await startMembers({ ...dbOpts, port: 0, internalSecret: DEV_INTERNAL_SECRET }, db);
  const casesOpts = { ...dbOpts, database: casesName };
  const casesDb = await openCasesDatabase(casesOpts);
  const cases = await startCases({ ...casesOpts, port: 0, internalSecret: DEV_INTERNAL_SECRET, membersUrl: members.url, sweep: { intervalMs: 0 } }, casesDb);
  const benefitsOpts = { ...dbOpts, database: benefitsName };
  const benefitsDb = await openBenefitsDatabase(benefitsOpts);
  const benefits = await startBenefits({ ...benefitsOpts, port: 0, internalSecret: DEV_INTERNAL_SECRET, membersUrl: members.url, expiryIntervalMs: 0 }, benefitsDb);
  const config = loadGatewayConfig({
    NODE_ENV: opts.production ? 'production' : 'test',
    GATEWAY_PORT: '0',
    MEMBERS_URL: members.url,
    CASES_URL: cases.url,
    BENEFITS_URL: benefits.url,
    LOG_LEVEL: 'silent',
    SUBGRAPH_TIMEOUT_MS: String(opts.subgraphTimeoutMs ?? 5000),
    ...(opts.production ? { JWT_SECRET: DEV_JWT_SECRET, INTERNAL_TOKEN_SECRET: DEV_INTERNAL_SECRET } : {}),
  });
  const gateway = await startGateway(config, log);

  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as GqlResponse };
  };
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
    stopMembers: () => members.stop(),
    stopCases: () => cases.stop(),
    stopBenefits: () => benefits.stop(),
    async stop() {
      await gateway.stop();
      await benefits.stop();
      await cases.stop();
      await members.stop();
      if (engine === 'mariadb') await Promise.all(databases.map(dropMariadbDatabase));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** SQL statements the subgraphs (members, cases and benefits, all in this process) send while `fn` runs. */
export async function countStatements(fn: () => Promise<unknown>): Promise<number> {
  const before = sqlStats.statements;
  await fn();
  return sqlStats.statements - before;
}
