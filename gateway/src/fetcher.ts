import { Agent, Headers, request } from 'undici';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';

/**
 * Subgraph HTTP: pooled keep-alive connections (no TCP handshake per fetch) and a hard
 * deadline per fetch, so a hung subgraph yields an error in the answer, never a hung
 * gateway.
 *
 * undici's request() on the pool rather than fetch(): every partner check goes through
 * here, and fetch() costs a WHATWG Request/Response with streams plus an AbortSignal timer
 * per call. The deadline is the agent's headers and body timeouts (each capped at the
 * timeout, so a subgraph that dribbles can take at most twice it; undici checks them on a
 * half-second tick, so each may also fire up to a second late) and the whole body is
 * read before the promise settles, so a subgraph that stalls mid-body fails the fetch
 * itself (SUBGRAPH_UNAVAILABLE), as a refused or reset connection does.
 */
export interface FetchOptions {
  /** A tighter deadline than the agent's, e.g. what is left of the request's own. */
  timeoutMs?: number;
  /**
   * The peer speaks GraphQL over HTTP, which answers request errors (a variable of the
   * wrong shape, a custom scalar refusing a literal) with a 4xx and a GraphQL body. The
   * query planner treats any non-2xx as a failed fetch and masks it, so such an answer is
   * handed on as the 200 result it is: its codes and messages reach the client and the
   * rest of the response survives. 401 and 403 stay failures: they mean our own internal
   * token was refused, which is a gateway fault, not the client's.
   */
  graphql?: boolean;
}

export type GatewayFetcher = Fetcher & {
  (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }, opts?: FetchOptions): Promise<FetcherResponse>;
  close(): Promise<void>;
};

export function createFetcher(timeoutMs: number): GatewayFetcher {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: 128,
    pipelining: 1,
    connect: { timeout: Math.min(timeoutMs, 2_000) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const fetcher = async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }, opts: FetchOptions = {}): Promise<FetcherResponse> => {
    const limit = Math.max(1, Math.min(timeoutMs, opts.timeoutMs ?? timeoutMs));
    const res = await request(url, {
      dispatcher: agent,
      method: (init?.method ?? 'GET') as 'GET',
      headers: init?.headers,
      body: init?.body,
      headersTimeout: limit,
      bodyTimeout: limit,
    });
    const text = await res.body.text();
    const status = opts.graphql && isGraphQLRequestError(res.statusCode, text) ? 200 : res.statusCode;
    return response(url, status, res.headers, text);
  };
  return Object.assign(fetcher as unknown as GatewayFetcher, { close: () => agent.close() });
}

function isGraphQLRequestError(status: number, text: string): boolean {
  if (status < 400 || status >= 500 || status === 401 || status === 403) return false;
  try {
    const body = JSON.parse(text) as { errors?: unknown; data?: unknown };
    return Array.isArray(body.errors) && body.errors.length > 0 && (body.data === undefined || body.data === null);
  } catch {
    return false;
  }
}

/** The part of a fetch Response that Apollo's data sources and our own callers read, over a body already in hand. */
function response(url: string, status: number, raw: Record<string, string | string[] | undefined>, text: string): FetcherResponse {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.append(name, value);
  }
  let used = false;
  const consume = (): string => {
    if (used) throw new TypeError('Body is unusable: the response body was already read');
    used = true;
    return text;
  };
  const res: FetcherResponse = {
    get bodyUsed() {
      return used;
    },
    ok: status >= 200 && status < 300,
    redirected: false,
    status,
    statusText: STATUS_TEXT[status] ?? '',
    url,
    headers,
    text: async () => consume(),
    json: async () => JSON.parse(consume()) as unknown,
    arrayBuffer: async () => {
      const bytes = Buffer.from(consume());
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
    clone: () => response(url, status, raw, text),
  };
  return res;
}

/** HTTP/1.1 gives a reason phrase, but undici's request() does not surface it; the common ones, for error messages. */
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
