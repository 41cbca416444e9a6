import http from 'node:http';
import type { Express, Request } from 'express';
import type { Logger } from 'pino';
import { INTERNAL_TOKEN_HEADER, type Caller } from '@lianxin/auth';
import type { GraphQLError } from 'graphql';

/** An upload is checked row by row before the answer (a 50,000-row roster takes seconds), so it gets longer than a query. */
const FILE_TIMEOUT_MS = 180_000;

export interface FileProxyOptions {
  subgraphs: Record<string, string>;
  /** The same sign-in, rate budget and scope completion as /graphql. */
  callerOf(req: Request): Promise<Caller>;
  tokenFor(caller: Caller, subgraph: string): Promise<string>;
  requestId(req: Request): string;
  log: Logger;
}

/**
 * /files/<service>/… : uploads and signed downloads (@lianxin/subgraph files.ts), passed through
 * to that subgraph's /files/… as a stream, with the caller's internal token and nothing else a
 * client sent as identity. The console talks only to the gateway, for files as for queries.
 */
export function mountFiles(app: Express, opts: FileProxyOptions): void {
  app.use('/files/:service', async (req, res) => {
    const service = String(req.params.service);
    const base = Object.hasOwn(opts.subgraphs, service) ? opts.subgraphs[service] : undefined;
    const refuse = (status: number, code: string, message: string) => {
      req.resume();
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    };
    if (!base) return refuse(404, 'NOT_FOUND', `No service ${JSON.stringify(service.slice(0, 40))} serves files here.`);
    let caller: Caller;
    try {
      caller = await opts.callerOf(req);
    } catch (err) {
      const e = err as GraphQLError;
      const code = String(e.extensions?.code ?? 'UNAUTHENTICATED');
      return refuse(code === 'RATE_LIMITED' ? 429 : 401, code, e.message);
    }
    if (caller.role === 'anonymous') return refuse(401, 'UNAUTHENTICATED', 'Sign in first: files are uploaded and downloaded with the token of the person who asked for them.');
    const target = new URL(`/files${req.url}`, base);
    const headers: http.OutgoingHttpHeaders = {
      [INTERNAL_TOKEN_HEADER]: await opts.tokenFor(caller, service),
      'x-request-id': opts.requestId(req),
    };
    for (const h of ['content-type', 'content-length']) if (req.headers[h]) headers[h] = req.headers[h];
    const upstream = http.request(target, { method: req.method, headers, timeout: FILE_TIMEOUT_MS }, (answer) => {
      const pass: Record<string, string | string[]> = {};
      for (const h of ['content-type', 'content-length', 'content-disposition', 'cache-control']) if (answer.headers[h]) pass[h] = answer.headers[h]!;
      res.writeHead(answer.statusCode ?? 502, pass);
      answer.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('file transfer timed out')));
    upstream.on('error', (err) => {
      opts.log.warn({ err, service }, 'file transfer failed');
      if (!res.headersSent) res.status(502).json({ errors: [{ message: `The ${service} service did not answer the file transfer. Retry shortly.`, extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }] });
      else res.destroy();
    });
    req.pipe(upstream);
  });
}
