import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from './gql/graphql';

/**
 * The light pages' GraphQL client (/desk and /m): one POST to same-origin /graphql with
 * the caller's headers. No cache and no normalisation: these pages show a few lists and
 * read them again after each change, so Apollo's 50 kB would buy them nothing.
 */

export interface ApiError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; reasons?: string[]; [k: string]: unknown };
}

/** What a failed request throws: the API's errors (or NETWORK), as errorCode() reads them. */
export class GraphError extends Error {
  constructor(
    readonly errors: ApiError[],
    readonly status = 0,
  ) {
    super(errors[0]?.message ?? 'request failed');
  }
  get code(): string {
    return this.errors.find((e) => typeof e.extensions?.code === 'string')?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  }
}

export interface Transport {
  /** Headers that say who is calling (Authorization or X-Api-Key). */
  headers(): Record<string, string>;
  /** Called once on a 401 or UNAUTHENTICATED: the page signs out. */
  unauthenticated(): void;
}

/** What the gateway answers for a hash it does not hold: the page then sends the text once more. */
const NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';

/**
 * Sends the operation by its hash (codegen's persisted documents): the gateway runs the
 * trusted text it holds under that hash, already parsed and validated, and a partner desk
 * may run nothing else. A gateway that does not know the hash gets the text instead.
 */
export async function request<R, V>(transport: Transport, doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const hash = (doc as { __meta__?: { hash?: string } }).__meta__?.hash;
  let res: Response;
  let body: { data?: R | null; errors?: ApiError[] } | null;
  for (const byHash of hash ? [true, false] : [false]) {
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...transport.headers() },
        body: JSON.stringify(byHash ? { documentId: `sha256:${hash}`, variables: variables ?? {} } : { query: doc.toString(), variables: variables ?? {} }),
      });
    } catch {
      throw new GraphError([{ message: 'network', extensions: { code: 'NETWORK' } }]);
    }
    body = (await res.json().catch(() => null)) as typeof body;
    if (!byHash || !body?.errors?.some((e) => e.extensions?.code === NOT_FOUND)) break;
  }
  return answer(transport, res!, body!);
}

function answer<R>(transport: Transport, res: Response, body: { data?: R | null; errors?: ApiError[] } | null): R {
  const errors = body?.errors ?? (res.ok ? [] : [{ message: `HTTP ${res.status}`, extensions: { code: res.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'NETWORK' } }]);
  if (res.status === 401 || errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    transport.unauthenticated();
    throw new GraphError(errors.length ? errors : [{ message: 'unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }], res.status);
  }
  if (errors.length || !body?.data) throw new GraphError(errors.length ? errors : [{ message: 'no data' }], res.status);
  return body.data;
}

export interface QueryState<R> {
  data: R | null;
  error: GraphError | null;
  loading: boolean;
  refetch: () => Promise<void>;
}

/** Reads `doc` now and whenever the variables change; `skip` waits. The last answer stays on screen while the next loads. */
export function useQuery<R, V>(transport: Transport, doc: TypedDocumentString<R, V>, variables?: V, skip = false): QueryState<R> {
  const [state, setState] = useState<{ data: R | null; error: GraphError | null; loading: boolean }>({ data: null, error: null, loading: !skip });
  const key = JSON.stringify(variables ?? {});
  const latest = useRef(0);
  const run = useCallback(async () => {
    const n = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await request(transport, doc, JSON.parse(key) as V);
      if (n === latest.current) setState({ data, error: null, loading: false });
    } catch (e) {
      if (n === latest.current) setState((s) => ({ data: s.data, error: e as GraphError, loading: false }));
    }
  }, [transport, doc, key]);
  useEffect(() => {
    if (!skip) void run();
  }, [run, skip]);
  return { ...state, refetch: run };
}
