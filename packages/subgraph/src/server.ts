import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { operationLimitsPlugin } from '@lianxin/graphql-limits';
import {
  INTERNAL_TOKEN_HEADER,
  InternalTokenError,
  scopeOf,
  secretKey,
  verifyInternalToken,
  type Caller,
} from '@lianxin/auth';
import { LRUCache } from 'lru-cache';
import { feedMetrics, metricsAllowed, type FollowedFeed } from '@lianxin/telemetry';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { BuiltSubgraph } from './build';
import type { SubgraphContext } from './context';
import { subgraphContext } from './data';
import { ErrorCode, formatError } from './errors';
import { engineOfDataSource, observeQueries, poolUsage } from './db';
import { lean, setLean } from './lean';
import type { OrgDirectory } from './org-directory';
import { keepsIdempotencyKeys, sweepIdempotencyKeys } from './idempotency';
import { every, jobMetrics } from './schedule';
import { subgraphTelemetry } from './telemetry';
import { configureFileLinks, fileRouter, sweepFileStore, type FileRoutes } from './files';

export interface ServeOptions {
  subgraph: BuiltSubgraph;
  db: DataSource;
  log: Logger;
  port: number;
  host?: string;
  internalSecret: string;
  /** For subgraphs that need the org tree: the members subgraph, asked with a system token. */
  orgDirectory?: OrgDirectory;
  /** Put on every request context as `ctx.services`. */
  services?: Readonly<Record<string, unknown>>;
  /** Addresses (e.g. a Prometheus host) that may read /ready and /metrics without an internal token. */
  probeAllow?: readonly string[];
  /** METRICS_TOKEN: a bearer token a scraper may send for /metrics instead. */
  metricsToken?: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: where spans go; unset, tracing is off. */
  otlpEndpoint?: string;
  /** Change feeds this process follows, for /metrics (poll age, cursor, failures, drops). */
  feeds?: readonly FollowedFeed[];
  /** How often keys past IDEMPOTENCY_KEY_DAYS are deleted, where the database keeps them (1 h; 0: never, tests sweep by hand). */
  idempotencySweepMs?: number;
  /** Uploads and signed downloads beside /graphql (files.ts), reached through the gateway's /files/<service>/. */
  files?: FileRoutes;
}

/**
 * What the gateway's plans can ask of a subgraph: the gateway caps a client operation at
 * 1,000 fields, and an entity fetch repeats no fields per representation. These bounds only
 * keep the same linear measurement in front of this server's parser and executor, in case
 * something other than our gateway ever holds a valid internal token.
 */
const SUBGRAPH_LIMITS = { maxDepth: 64, maxFields: 10_000, maxAliases: 2_000 } as const;

export interface RunningService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves a built subgraph over HTTP: /graphql behind the internal-token gate, /health
 * (liveness, open: it says only that the process is up), /ready (database reachable) and
 * /metrics. /ready and /metrics need a valid internal token, METRICS_TOKEN or a peer address
 * listed in PROBE_ALLOW: /ready runs a query, so an open one would let anyone load the database,
 * and /metrics tells about traffic.
 * Subgraphs trust only the gateway.
 */
export async function serveSubgraph(opts: ServeOptions): Promise<RunningService> {
  const { subgraph, db, log } = opts;
  const key = secretKey(opts.internalSecret);
  configureFileLinks(opts.internalSecret);
  const services = opts.files ? { ...opts.services, files: { dir: opts.files.dir } } : opts.services;
  // Verified internal tokens, kept 20 s (a third of their life): verifying HS256 on every request is measurable.
  const tokens = new LRUCache<string, Caller>({ max: 10_000, ttl: 20_000 });
  const telemetry = subgraphTelemetry(subgraph.name, { otlpEndpoint: opts.otlpEndpoint, engine: engineOfDataSource(db) === 'mysql' ? 'mariadb' : 'sqlite', pool: () => poolUsage(db) });
  telemetry.registry.registerMetric(jobMetrics.runs);
  telemetry.registry.registerMetric(jobMetrics.changed);
  feedMetrics(telemetry.registry, 'lianxin', opts.feeds ?? []);
  observeQueries(db, telemetry.observeQuery);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Longer than the gateway's idle keep-alive so the gateway, not us, closes idle sockets.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const newApollo = (leanServer: boolean, drain: boolean) =>
    new ApolloServer<SubgraphContext>({
      schema: subgraph.schema,
      includeStacktraceInErrorResponses: false,
      formatError: (formatted, error) =>
        formatError(formatted, error, (err) => log.error({ err }, 'unexpected error in resolver')),
      // Inline traces are for Apollo Studio, which we do not use; they cost time on every request.
      plugins: [
        // One server drains the shared HTTP server; closing it twice fails.
        ...(drain ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
        // The same linear size check as the gateway's, before this server walks the document.
        operationLimitsPlugin<SubgraphContext>(SUBGRAPH_LIMITS),
        telemetry.plugin,
        ApolloServerPluginInlineTraceDisabled(),
        // Lean: no cache hints. Its per-field hook makes Apollo wrap every resolver in the schema
        // and call it for each field of each row, and the gateway caches nothing by them.
        ...(leanServer ? [ApolloServerPluginCacheControlDisabled()] : []),
      ],
    });
  // With the bench's switch both are served, chosen per request; otherwise only the one `lean` says.
  const both = process.env.SUBGRAPH_LEAN_SWITCH === '1';
  const servers = {
    lean: both || lean.on ? newApollo(true, true) : undefined,
    stock: both || !lean.on ? newApollo(false, !both) : undefined,
  };
  const started = Object.values(servers).filter((a): a is ApolloServer<SubgraphContext> => !!a);
  for (const a of started) await a.start();

  const runId = process.env.LIANXIN_RUN_ID || undefined;
  app.get('/health', (_req, res) => {
    // LIANXIN_RUN_ID: set by `npm start` for its own children, so its readiness check knows it reached them and not another instance.
    res.json({ status: 'ok', service: subgraph.name, ...(runId ? { run: runId } : {}) });
  });
  const allowed = metricsAllowed({ allow: opts.probeAllow ?? [], token: opts.metricsToken });
  // /ready and /metrics: for the gateway (which sends a system token), allowed probe hosts and holders of METRICS_TOKEN.
  const probeGate: RequestHandler = async (req, res, next) => {
    if (allowed(req.socket.remoteAddress, req.header('authorization'))) return next();
    const token = req.header(INTERNAL_TOKEN_HEADER);
    if (token && (tokens.get(token) || (await verifyInternalToken(token, subgraph.name, key).then(() => true, () => false)))) return next();
    res.status(401).json({ status: 'unauthenticated', reason: `send the internal token or METRICS_TOKEN, or list this address in PROBE_ALLOW; /health answers without one` });
  };
  app.get('/ready', probeGate, async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ready', service: subgraph.name });
    } catch (err) {
      log.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', service: subgraph.name, reason: 'database unreachable' });
    }
  });
  app.get('/metrics', probeGate, async (_req, res) => {
    res.type(telemetry.registry.contentType).send(await telemetry.registry.metrics());
  });

  // The bench measures with and without the lean cuts in interleaved slices on the same processes.
  if (process.env.SUBGRAPH_LEAN_SWITCH === '1') {
    app.post('/bench/lean/:state', probeGate, (req, res) => {
      setLean(req.params.state === 'on');
      res.json({ service: subgraph.name, lean: lean.on });
    });
  }

  const gate: RequestHandler = async (req, res, next) => {
      const token = req.header(INTERNAL_TOKEN_HEADER);
      const refuse = (reason: string) =>
        res.status(401).json({
          errors: [{ message: `Subgraphs answer only the Lianxin gateway (${reason}). Send requests to the gateway.`, extensions: { code: ErrorCode.UNAUTHENTICATED } }],
        });
      if (!token) return refuse('no internal token');
      let caller = tokens.get(token);
      if (!caller) {
        try {
          caller = await verifyInternalToken(token, subgraph.name, key);
        } catch (err) {
          if (err instanceof InternalTokenError) return refuse(err.message);
          return next(err);
        }
        tokens.set(token, caller);
      }
      res.locals.caller = caller;
      telemetry.requests.inc();
      next();
    };
  const contextOf = (req: express.Request, res: express.Response): SubgraphContext => {
    const caller = res.locals.caller as Caller;
    return subgraphContext({
      caller,
      scope: scopeOf(caller),
      source: db,
      log: log.child({ rid: req.header('x-request-id') ?? undefined, role: caller.role }),
      orgs: opts.orgDirectory,
      services,
    });
  };
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    gate,
    ...(telemetry.traceRequests ? [telemetry.traceRequests] : []),
    ((): RequestHandler => {
      const context = async ({ req, res }: { req: express.Request; res: express.Response }): Promise<SubgraphContext> => contextOf(req, res);
      const leanHandler = servers.lean && expressMiddleware(servers.lean, { context });
      const stockHandler = servers.stock && expressMiddleware(servers.stock, { context });
      return (req, res, next) => ((lean.on ? leanHandler : stockHandler) ?? leanHandler ?? stockHandler)!(req, res, next);
    })(),
  );

  if (opts.files) app.use('/files', gate, fileRouter(opts.files, subgraph.name, contextOf, log));

  // A taken port rejects (EADDRINUSE) instead of crashing the process with an unhandled 'error' event: main() names the variable.
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await Promise.all(started.map((a) => a.stop().catch(() => undefined)));
    throw err;
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info({ url }, `${subgraph.name} subgraph ready`);
  // Every replica sweeps; a DELETE by age is harmless twice.
  const keySweep = every('idempotency key sweep', keepsIdempotencyKeys(db) ? (opts.idempotencySweepMs ?? 3_600_000) : 0, () => sweepIdempotencyKeys(db), log);
  const fileSweep = every('file store sweep', opts.files ? 3_600_000 : 0, () => sweepFileStore(opts.files!.dir), log);
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () =>
      (stopping ??= (async () => {
        await keySweep.stop();
        await fileSweep.stop();
        await Promise.all(started.map((a) => a.stop()));
        await telemetry.tracing.shutdown();
        // Node's GC and event-loop observers behind the default metrics outlive a stopped server,
        // and through the registry they would keep every gauge, and so the database, alive.
        telemetry.registry.clear();
        if (db.isInitialized) await db.destroy();
      })()),
  };
}

/** SIGTERM/SIGINT: stop taking requests, finish in-flight ones, close the pool, exit. */
export function stopOnSignals(service: RunningService, log: Logger): void {
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    service.stop().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
