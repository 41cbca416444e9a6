import { INTERNAL_TOKEN_HEADER } from './internal-token';

/** The one HTTP call an internal client needs: the gateway passes its pooled fetcher, subgraphs the global fetch. */
export type PostJson = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<{ json(): Promise<unknown> }>;

export interface InternalClientOptions {
  /** The subgraph's GraphQL URL. */
  url: string;
  /** The internal token to send, minted for that subgraph (InternalTokens.for(caller, subgraph)). */
  token: () => Promise<string>;
  /** What the caller's own clients should see when the subgraph does not answer. */
  unavailable: () => Error;
  post?: PostJson;
  /** With the global fetch only; the gateway's fetcher carries its own deadline. */
  timeoutMs?: number;
}

/**
 * Service to service GraphQL: the gateway asking members for a scope anchor or benefits for
 * a key's owner, a subgraph asking members for its org directory or member facts. The
 * fields it calls are @System and @inaccessible: only an internal token of role system
 * reaches them, and no client can through the gateway. Any failure (down, timed out, an
 * answer without data or with errors) is the caller's `unavailable()` error: never a half answer.
 */
export class InternalClient {
  private readonly post: PostJson;

  constructor(private readonly opts: InternalClientOptions) {
    const timeoutMs = opts.timeoutMs ?? 5_000;
    this.post = opts.post ?? ((url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }));
  }

  async call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let body: { data?: T | null; errors?: unknown[] };
    try {
      const res = await this.post(this.opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: await this.opts.token() },
        body: JSON.stringify({ query, variables }),
      });
      body = (await res.json()) as typeof body;
    } catch {
      throw this.opts.unavailable();
    }
    // An answer with errors is no answer either: a system field that failed (a replica shutting
    // down, its pool closed) comes back null beside the error, and that null taken at its word
    // would say "no such member" or "no account" to a caller who has one.
    if (!body?.data || body.errors?.length) throw this.opts.unavailable();
    return body.data;
  }
}
