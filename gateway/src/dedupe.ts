import type { FetcherResponse } from '@apollo/utils.fetcher';
import { INTERNAL_TOKEN_HEADER } from '@lianxin/auth';

/**
 * Identical subgraph reads in flight at the same moment share one fetch: one district's
 * dashboard open on many desks, or a burst of the same partner check, costs the subgraph
 * one request, not one per client.
 *
 * Shared only when nothing about the answer can differ between the callers:
 * - the same subgraph URL;
 * - the same internal token, which carries the caller's subject, role, org path and
 *   permissions: two callers with different scopes (or two partners) never share;
 * - the same operation text and variables (the whole request body);
 * - a query. Mutations, subscriptions and anything not recognisably a query are sent as
 *   they come, every time.
 *
 * Only requests in flight together share; an answer is never kept once it has arrived, so
 * this is not a cache and nothing goes stale.
 */
export class InFlightReads {
  private readonly inFlight = new Map<string, Promise<FetcherResponse>>();
  /** Fetches sent to a subgraph, and reads that rode along on one already in flight. */
  readonly counts = { sent: 0, shared: 0 };

  /** The key two fetches must share to be sent once; null when the fetch must go on its own. */
  static keyOf(url: string, headers: Record<string, string>, body: string | undefined): string | null {
    const token = headers[INTERNAL_TOKEN_HEADER];
    if (!token || !body || !isQuery(body)) return null;
    return `${url}\n${token}\n${body}`;
  }

  run(key: string | null, send: () => Promise<FetcherResponse>): Promise<FetcherResponse> {
    if (key === null) {
      this.counts.sent++;
      return send();
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.counts.shared++;
      // Each caller reads its own copy of the body (a response body can be read once).
      return pending.then((res) => res.clone());
    }
    this.counts.sent++;
    const started = send().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started.then((res) => res.clone());
  }
}

/**
 * Whether the body's operation is a query, read from the text the query planner printed:
 * `query …` or the `{ … }` shorthand. Apollo's data source writes the body as
 * `{"query":"…", …}`; a body in any other shape is not recognised and goes on its own.
 */
const PREFIX = '{"query":"';
function isQuery(body: string): boolean {
  if (!body.startsWith(PREFIX)) return false;
  const text = body.slice(PREFIX.length, PREFIX.length + 16).trimStart();
  return text.startsWith('{') || /^query\b/.test(text);
}
