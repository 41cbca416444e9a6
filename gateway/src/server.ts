import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { INTERNAL_TOKEN_HEADER } from '@lianxin/auth';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ClientTokenVerifier } from './auth';
import type { GatewayConfig } from './config';
import { createFetcher } from './fetcher';
import { InternalTokens } from './internal';
import { aliasLimit, depthLimit } from './limits';
import { accessPlugin, type GatewayContext } from './plugins';
import { ScopeResolver } from './scope';

export const SUPERGRAPH_PATH = path.resolve(__dirname, '..', 'supergraph.graphql');

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** What a client sees when a subgraph fetch fails: which part is missing and that the rest is intact. */
function formatGatewayError(formatted: GraphQLFormattedError, log: Logger): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  const service = typeof ext.serviceName === 'string' ? ext.serviceName : undefined;
  if (ext.code === 'DOWNSTREAM_SERVICE_ERROR' || (service && !ext.code)) {
    log.warn({ service, message: formatted.message }, 'subgraph fetch failed');
    return {
      message: `The ${service ?? 'upstream'} service did not answer; the data it provides is missing from this response. Retry shortly.`,
      path: formatted.path,
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: service },
    };
  }
  // Never forward stack traces, whatever a subgraph sent.
  const { stacktrace: _drop, exception: _drop2, ...safe } = ext as Record<string, unknown>;
  return { ...formatted, extensions: safe };
}

/**
 * The gateway: verifies the client token, completes the caller's scope, and sends each
 * subgraph a token minted for it alone. The operation text is never rewritten per
 * caller, so one query plan serves every caller.
 */
export async function startGateway(config: GatewayConfig, log: Logger, supergraphSdl = fs.readFileSync(SUPERGRAPH_PATH, 'utf8')): Promise<RunningGateway> {
  const fetcher = createFetcher(config.subgraphTimeoutMs);
  const tokens = new InternalTokens(config.internalSecret);
  const verifier = new ClientTokenVerifier(config.jwt);
  const scopes = new ScopeResolver(config.subgraphs.members, tokens, fetcher);

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: log,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url: config.subgraphs[name] ?? url,
        fetcher,
        async willSendRequest({ request, context }) {
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
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: [depthLimit(config.limits.maxDepth), aliasLimit(config.limits.maxAliases)],
    formatError: (formatted) => formatGatewayError(formatted, log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      accessPlugin(config.production),
      ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/ready', async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(config.subgraphs).map(async ([name, url]) => {
        try {
          const r = await fetcher(url.replace(/\/graphql$/, '/ready'), { method: 'GET' });
          return [name, r.ok ? 'ready' : 'unavailable'] as const;
        } catch {
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const ready = checks.every(([, s]) => s === 'ready');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'degraded', subgraphs: Object.fromEntries(checks) });
  });
  app.use(
    '/graphql',
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ caller: await scopes.complete(await verifier.verify(req.header('authorization'))) }),
    }),
  );
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

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host}:${port}/graphql`;
  log.info({ url }, 'gateway ready');
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () =>
      (stopping ??= (async () => {
        await apollo.stop();
        await fetcher.close();
      })()),
  };
}
