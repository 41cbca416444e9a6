import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { INTERNAL_TOKEN_HEADER, InternalClient, InternalTokens, systemCaller } from '@lianxin/auth';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ClientTokenVerifier } from './auth';
import { API_KEY_HEADER, ApiKeyVerifier, authenticate, benefitsFeed, benefitsKeyLookup, keysUnavailable } from './api-key';
import type { GatewayConfig } from './config';
import { createFetcher } from './fetcher';
import { InFlightReads } from './dedupe';
import { accessPlugin, type GatewayContext } from './plugins';
import { operationLimitsPlugin } from '@lianxin/graphql-limits';
import { Supergraph } from '@apollo/federation-internals';
import { ANONYMOUS } from '@lianxin/auth';
import { ScopeResolver, scopesUnavailable } from './scope';
import { directoryUnavailable, membersDirectory, StaffDirectory } from './directory';
import { MemoryRateStore, RateLimiter, redisRateStore } from './rate-limit';
import { mountConsole } from './console';
import { gatewayTelemetry } from './telemetry';
import { metricsAllowed, outcomeOf } from '@lianxin/telemetry';
import { checkTrustedDocument, documentHashOf, TrustedDocuments, trustedDocumentsMiddleware } from './trusted-documents';
import { costLimitPlugin } from './plugins';
import { mountGraphiQL } from './graphiql';
import { mountFiles } from './files';

const BUDGET_HEADER = 'x-lianxin-budget-ms';

/** The gateway itself, for its own lookups (scopes, API keys, readiness): never a client. */
const GATEWAY_SYSTEM = systemCaller('gateway');

export const SUPERGRAPH_PATH = path.resolve(__dirname, '..', 'supergraph.graphql');

export interface RunningGateway {
  url: string;
  port: number;
  /** Subgraph fetches sent, and reads that shared one already in flight (dedupe.ts). */
  fetches: { readonly sent: number; readonly shared: number };
  stop(): Promise<void>;
}

/** A subgraph fetch that failed at the HTTP level (refused, reset, timed out). */
class SubgraphUnavailable extends Error {
  constructor(readonly service: string, cause: unknown) {
    super(`subgraph ${service} unavailable`, { cause });
  }
}

/** The request's own deadline (REQUEST_TIMEOUT_MS) passed before this fetch could start. */
class RequestDeadlinePassed extends Error {
  constructor(readonly service: string) {
    super(`request deadline passed before fetching from ${service}`);
  }
}

/**
 * What a client sees of an error: subgraph errors pass through with their codes (the
 * subgraphs already masked anything internal); a subgraph that did not answer names
 * the missing part; anything else from the gateway itself is masked and logged.
 */
function formatGatewayError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof SubgraphUnavailable) {
    log.warn({ service: original.service, err: original.cause }, 'subgraph fetch failed');
    return {
      message: `The ${original.service} service did not answer; the data it provides is missing from this response. Retry shortly.`,
      path: formatted.path,
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: original.service },
    };
  }
  if (original instanceof RequestDeadlinePassed) {
    return {
      message: `This request ran out of time before the ${original.service} service was asked; that part is missing. Ask for less at once, or retry.`,
      path: formatted.path,
      extensions: { code: 'REQUEST_TIMEOUT', serviceName: original.service },
    };
  }
  // Never forward stack traces, whatever a subgraph sent.
  const { stacktrace: _s, exception: _e, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (ext.code === 'INTERNAL_SERVER_ERROR' && !ext.serviceName) {
    log.error({ err: original }, 'gateway error');
    return { message: 'Something went wrong on our side. It has been logged; retry later.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return { ...formatted, extensions: ext };
}

/**
 * The gateway: verifies the client token or partner API key, completes the caller's scope, and sends each
 * subgraph a token minted for it alone. The operation text is never rewritten per
 * caller, so one query plan serves every caller.
 */
const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller's own request id (a proxy's, say) is kept when it is a plain token, so its logs
 * and ours line up; anything else, or none, gets a fresh one. It never reaches a log unchecked.
 */
export function requestIdOf(sent: string | undefined): string {
  return sent && /^[A-Za-z0-9._:-]{8,64}$/.test(sent) ? sent : randomUUID();
}

export async function startGateway(config: GatewayConfig, log: Logger, supergraphSdl = fs.readFileSync(SUPERGRAPH_PATH, 'utf8')): Promise<RunningGateway> {
  const fetcher = createFetcher(config.subgraphTimeoutMs);
  const tokens = new InternalTokens(config.internalSecret);
  const verifier = new ClientTokenVerifier(config.jwt);
  // The gateway's own lookups, with its system token, over the same pooled connections as client traffic.
  const system = (subgraph: string, unavailable: () => Error) =>
    new InternalClient({ url: config.subgraphs[subgraph], token: () => tokens.for(GATEWAY_SYSTEM, subgraph), unavailable, post: fetcher });
  const scopes = new ScopeResolver(system('members', scopesUnavailable));
  // Two change feeds, polled by every replica on its own: members' (staff sign-ins, scopes) and benefits' (API keys).
  const staff = new StaffDirectory(membersDirectory(system('members', directoryUnavailable)), {
    pollMs: config.directoryPollMs,
    log,
    onOrgChange: () => scopes.forgetAll(),
    onMemberChange: (memberId) => scopes.forgetMember(memberId),
  });
  const apiKeys = new ApiKeyVerifier(benefitsKeyLookup(system('benefits', keysUnavailable)));
  const keyFeed = apiKeys.follow(benefitsFeed(system('benefits', keysUnavailable)), { pollMs: config.directoryPollMs, log });
  const limiter = new RateLimiter(config.rateBudgets, config.redisUrl ? await redisRateStore(config.redisUrl) : new MemoryRateStore(), log);
  const trusted = TrustedDocuments.load(config.trustedDocumentFiles, config.partnerDocumentFiles);
  trusted.prepare(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema(), (message) => log.warn(message));
  const reads = new InFlightReads();
  const telemetry = gatewayTelemetry({ otlpEndpoint: config.otlpEndpoint, caches: { scope: scopes, tokens, api_keys: apiKeys, staff_directory: staff }, feeds: [staff.feed, keyFeed] });

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: log,
    queryPlannerConfig: { cache: telemetry.planCache },
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: config.subgraphs[name] ?? url,
        fetcher: (input, init) => {
          const headers = { ...(init?.headers as Record<string, string>) };
          // What is left of the request's deadline rides along in a header of our own, read and removed here.
          const budget = Number(headers[BUDGET_HEADER]);
          delete headers[BUDGET_HEADER];
          // The key before traceparent goes in: identical reads of different requests still share one fetch.
          const key = config.dedupeReads ? InFlightReads.keyOf(input, headers, init?.body as string | undefined) : null;
          return reads
            .run(key, () => telemetry.fetch(name, headers, (sent) => fetcher(input, { ...init, headers: sent } as never, { graphql: true, timeoutMs: budget || undefined })))
            .catch((err: unknown) => {
              throw new SubgraphUnavailable(name, err);
            });
        },
        async willSendRequest({ request, context }) {
          const left = context.deadline - Date.now();
          if (left <= 0) throw new RequestDeadlinePassed(name);
          request.http!.headers.set(BUDGET_HEADER, String(left));
          request.http!.headers.set(REQUEST_ID_HEADER, context.requestId);
          // Only our own header goes out: nothing a client sent is forwarded as identity.
          request.http!.headers.set(INTERNAL_TOKEN_HEADER, await tokens.for(context.caller, name));
        },
      }),
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    // Trusted documents only (trusted-documents.ts): Apollo's automatic persisted queries would let any client register any text.
    persistedQueries: false,
    documentStore: trusted.documentStore(),
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    formatError: (formatted, error) => formatGatewayError(formatted, error, log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // First: the size check must refuse a fragment bomb before any other walk of the document.
      operationLimitsPlugin<GatewayContext>(config.limits),
      costLimitPlugin(config.limits),
      accessPlugin(config.production),
      telemetry.plugin,
      // Apollo's landing page loads Sandbox from the internet; GraphiQL (graphiql.ts) is served from here instead.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  staff.start();
  keyFeed.start();

  const runId = process.env.LIANXIN_RUN_ID || undefined;
  app.get('/health', (_req, res) => {
    // LIANXIN_RUN_ID: set by `npm start` for its own children, so its readiness check knows it reached them and not another instance.
    res.json({ status: 'ok', service: 'gateway', ...(runId ? { run: runId } : {}) });
  });
  app.get('/ready', async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(config.subgraphs).map(async ([name, url]) => {
        try {
          const r = await fetcher(url.replace(/\/graphql$/, '/ready'), { method: 'GET', headers: { [INTERNAL_TOKEN_HEADER]: await tokens.for(GATEWAY_SYSTEM, name) } });
          return [name, r.ok ? 'ready' : 'unavailable'] as const;
        } catch {
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const ready = checks.every(([, s]) => s === 'ready');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'degraded', subgraphs: Object.fromEntries(checks) });
  });
  const scrapeAllowed = metricsAllowed({ allow: config.probeAllow, token: config.metricsToken });
  app.get('/metrics', async (req, res) => {
    // Traffic by operation and role is for the operators' Prometheus, not for anyone who can reach the gateway.
    if (!scrapeAllowed(req.socket.remoteAddress, req.header('authorization'))) {
      res.status(401).json({ status: 'unauthenticated', reason: 'send Authorization: Bearer <METRICS_TOKEN>, or list this address in PROBE_ALLOW' });
      return;
    }
    res.type(telemetry.registry.contentType).send(await telemetry.registry.metrics());
  });
  if (config.graphiql) mountGraphiQL(app);
  app.use(
    '/graphql',
    telemetry.observeRequests,
    express.json({ limit: config.limits.maxBodyBytes }),
    trustedDocumentsMiddleware(trusted),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const deadline = Date.now() + config.requestTimeoutMs;
        const requestId = requestIdOf(req.header(REQUEST_ID_HEADER));
        res.setHeader(REQUEST_ID_HEADER, requestId);
        const obs = res.locals.obs as GatewayContext['obs'];
        const address = req.socket.remoteAddress ?? 'unknown';
        const apiKey = req.header(API_KEY_HEADER);
        try {
          const caller = await authenticate({ authorization: req.header('authorization'), apiKey }, { tokens: verifier, apiKeys }).catch((err: unknown) => {
            // A refused API key counts as an anonymous request: guessing keys stays slow and cannot flood benefits with lookups.
            if (apiKey !== undefined && (err as GraphQLError).extensions?.code === 'UNAUTHENTICATED') return limiter.check(ANONYMOUS, address).then(() => Promise.reject(err));
            throw err;
          });
          // Counted before the directory is asked, so a flood of requests cannot become a flood of lookups.
          await limiter.check(caller, address);
          checkTrustedDocument(caller, documentHashOf(res.locals), trusted, config.partnerDocuments);
          return { caller: await scopes.complete(await staff.resolve(caller)), deadline, requestId, obs };
        } catch (err) {
          // Plugins never see a request refused here (bad token, rate limit): its code goes on the metrics from here.
          if (obs) obs.outcome = outcomeOf((err as GraphQLError).extensions?.code);
          throw err;
        }
      },
    }),
  );
  mountFiles(app, {
    subgraphs: config.subgraphs,
    log,
    tokenFor: (caller, name) => tokens.for(caller, name),
    requestId: (req) => requestIdOf(req.header(REQUEST_ID_HEADER)),
    async callerOf(req) {
      const address = req.socket.remoteAddress ?? 'unknown';
      const caller = await authenticate({ authorization: req.header('authorization'), apiKey: req.header(API_KEY_HEADER) }, { tokens: verifier, apiKeys });
      await limiter.check(caller, address);
      return scopes.complete(await staff.resolve(caller));
    },
  });
  mountConsole(app, config, log);
  const onError: ErrorRequestHandler = (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const tooLarge = err?.type === 'entity.too.large';
    const badJson = err?.type === 'entity.parse.failed';
    if (!tooLarge && !badJson) log.error({ err }, 'unhandled gateway error');
    res.status(tooLarge ? 413 : badJson ? 400 : 500).json({
      errors: [
        tooLarge
          ? { message: `The request body is over ${config.limits.maxBodyBytes} bytes. Send a smaller query.`, extensions: { code: 'REQUEST_TOO_LARGE' } }
          : badJson
            ? { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }
            : { message: 'Something went wrong on our side. It has been logged; retry later.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
    });
  };
  app.use(onError);

  // A taken port rejects (EADDRINUSE) instead of crashing the process with an unhandled 'error' event: main() names the variable.
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await apollo.stop().catch(() => undefined);
    throw err;
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host}:${port}/graphql`;
  log.info({ url }, 'gateway ready');
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    fetches: reads.counts,
    stop: () =>
      (stopping ??= (async () => {
        staff.stop();
        keyFeed.stop();
        await apollo.stop();
        await fetcher.close();
        await telemetry.tracing.shutdown();
        // Node's GC and event-loop observers behind the default metrics outlive a stopped server,
        // and through the registry they would keep every gauge, and so the database, alive.
        telemetry.registry.clear();
        await limiter.close();
      })()),
  };
}
