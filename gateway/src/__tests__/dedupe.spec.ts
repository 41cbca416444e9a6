import type { FetcherResponse } from '@apollo/utils.fetcher';
import { INTERNAL_TOKEN_HEADER } from '@lianxin/auth';
import { InFlightReads } from '../dedupe';

/** A response whose body says which send produced it; readable once, like the fetcher's. */
function answer(n: number): FetcherResponse {
  let used = false;
  const res = {
    status: 200,
    text: async () => {
      if (used) throw new TypeError('already read');
      used = true;
      return `{"data":{"n":${n}}}`;
    },
    clone: () => answer(n),
  };
  return res as unknown as FetcherResponse;
}

/** A send the test finishes by hand, so "in flight together" is exact, not a race. */
function controlledSend() {
  const started: ((res: FetcherResponse) => void)[] = [];
  const fails: ((err: Error) => void)[] = [];
  const send = () =>
    new Promise<FetcherResponse>((resolve, reject) => {
      started.push(resolve);
      fails.push(reject);
    });
  return { send, started, fails };
}

const URL = 'http://members/graphql';
const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const as = (token: string) => ({ [INTERNAL_TOKEN_HEADER]: token, 'content-type': 'application/json' });

describe('InFlightReads', () => {
  test('identical reads in flight together share one fetch; each caller reads its own body', async () => {
    const reads = new InFlightReads();
    const { send, started } = controlledSend();
    const key = InFlightReads.keyOf(URL, as('t1'), body('{ members(first: 5) { edges { node { id } } } }'));
    expect(key).not.toBeNull();
    const all = Array.from({ length: 5 }, () => reads.run(key, send));
    expect(started).toHaveLength(1);
    started[0](answer(1));
    const texts = await Promise.all(all.map(async (p) => (await p).text()));
    expect(texts).toEqual(Array(5).fill('{"data":{"n":1}}'));
    expect(reads.counts).toEqual({ sent: 1, shared: 4 });
  });

  test('once the answer is in, the next identical read is sent again: nothing is kept', async () => {
    const reads = new InFlightReads();
    const { send, started } = controlledSend();
    const key = InFlightReads.keyOf(URL, as('t1'), body('query Q { orgs { id } }'));
    const first = reads.run(key, send);
    started[0](answer(1));
    await first;
    const second = reads.run(key, send);
    expect(started).toHaveLength(2);
    started[1](answer(2));
    expect(await (await second).text()).toBe('{"data":{"n":2}}');
    expect(reads.counts).toEqual({ sent: 2, shared: 0 });
  });

  test('another caller (another internal token: another scope), other variables or another subgraph never share', () => {
    const q = '{ members(first: 5) { edges { node { id } } } }';
    const key = InFlightReads.keyOf(URL, as('t1'), body(q));
    expect(InFlightReads.keyOf(URL, as('t2'), body(q))).not.toBe(key);
    expect(InFlightReads.keyOf(URL, as('t1'), body(q, { first: 6 }))).not.toBe(key);
    expect(InFlightReads.keyOf('http://cases/graphql', as('t1'), body(q))).not.toBe(key);
  });

  test('mutations, bodies of an unknown shape and requests without an internal token always go on their own', async () => {
    expect(InFlightReads.keyOf(URL, as('t1'), body('mutation { redeemVoucher(code: "A") { id } }'))).toBeNull();
    expect(InFlightReads.keyOf(URL, as('t1'), body('  mutation M { x }'))).toBeNull();
    expect(InFlightReads.keyOf(URL, as('t1'), body('subscription { x }'))).toBeNull();
    expect(InFlightReads.keyOf(URL, as('t1'), JSON.stringify({ variables: {}, query: '{ x }' }))).toBeNull();
    expect(InFlightReads.keyOf(URL, { 'content-type': 'application/json' }, body('{ x }'))).toBeNull();
    const reads = new InFlightReads();
    const { send, started } = controlledSend();
    const both = [reads.run(null, send), reads.run(null, send)];
    expect(started).toHaveLength(2);
    started.forEach((resolve, i) => resolve(answer(i)));
    await Promise.all(both);
    expect(reads.counts).toEqual({ sent: 2, shared: 0 });
  });

  test('a failed fetch fails every caller that shared it, and is forgotten', async () => {
    const reads = new InFlightReads();
    const { send, started, fails } = controlledSend();
    const key = InFlightReads.keyOf(URL, as('t1'), body('{ x }'));
    const both = [reads.run(key, send), reads.run(key, send)];
    fails[0](new Error('reset'));
    for (const p of both) await expect(p).rejects.toThrow('reset');
    const again = reads.run(key, send);
    expect(started).toHaveLength(2);
    started[1](answer(3));
    expect(await (await again).text()).toBe('{"data":{"n":3}}');
  });
});
