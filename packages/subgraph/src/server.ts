import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import {
  INTERNAL_TOKEN_HEADER,
  InternalTokenError,
  scopeOf,
  secretKey,
  verifyInternalToken,
  type Caller,
} from '@lianxin/auth';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { BuiltSubgraph } from './build';
import type { SubgraphContext } from './context';
import { ErrorCode, formatError } from './errors';
import { sqlStats } from './db';
import type { OrgDirectory } from './org-directory';

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
}

export interface RunningService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Verified internal tokens, kept until shortly before they expire: verifying HS256 on every request is measurable. */
class TokenCache {
  private readonly entries = new Map<string, { caller: Caller; until: number }>();
  get(token: string): Caller | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (hit.until < Date.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return hit.caller;
  }
  set(token: string, caller: Caller, ttlMs: number): void {
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(token, { caller, until: Date.now() + ttlMs });
  }
}

const requestCounter = { graphql: 0 };

/**
 * Serves a built subgraph over HTTP: /graphql behind the internal-token gate, /health
 * (liveness), /ready (database reachable) and /metrics. Anything but /health without a
 * valid internal token is refused: subgraphs trust only the gateway.
 */
export async function serveSubgraph(opts: ServeOptions): Promise<RunningService> {
  const { subgraph, db, log } = opts;
  const key = secretKey(opts.internalSecret);
  const tokens = new TokenCache();
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Longer than the gateway's idle keep-alive so the gateway, not us, closes idle sockets.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const apollo = new ApolloServer<SubgraphContext>({
    schema: subgraph.schema,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      formatError(formatted, error, (err) => log.error({ err }, 'unexpected error in resolver')),
    // Inline traces are for Apollo Studio, which we do not use; they cost time on every request.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: subgraph.name });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ready', service: subgraph.name });
    } catch (err) {
      log.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', service: subgraph.name, reason: 'database unreachable' });
    }
  });
  app.get('/metrics', (_req, res) => {
    res.type('text/plain').send(
      [
        `# TYPE lianxin_sql_statements_total counter`,
        `lianxin_sql_statements_total{service="${subgraph.name}"} ${sqlStats.statements}`,
        `# TYPE lianxin_graphql_requests_total counter`,
        `lianxin_graphql_requests_total{service="${subgraph.name}"} ${requestCounter.graphql}`,
      ].join('\n') + '\n',
    );
  });

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
        tokens.set(token, caller, 20_000);
      }
      res.locals.caller = caller;
      requestCounter.graphql++;
      next();
    };
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    gate,
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<SubgraphContext> => {
        const caller = res.locals.caller as Caller;
        return {
          caller,
          scope: scopeOf(caller),
          db,
          log: log.child({ rid: req.header('x-request-id') ?? undefined, role: caller.role }),
          loaders: new Map(),
          orgs: opts.orgDirectory,
          services: opts.services,
        };
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(opts.port, opts.host ?? '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}/graphql`;
  log.info({ url }, `${subgraph.name} subgraph ready`);
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () =>
      (stopping ??= (async () => {
        await apollo.stop();
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
