import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFetcher } from '../fetcher';

/**
 * The subgraph fetcher's deadline, against real local servers: a subgraph that never
 * answers, or stops halfway through its body, must fail the fetch (the gateway turns that
 * into SUBGRAPH_UNAVAILABLE) rather than hang the request.
 */
describe('createFetcher', () => {
  let server: http.Server;
  let base: string;
  const open = new Set<http.ServerResponse>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      open.add(res);
      res.on('close', () => open.delete(res));
      if (req.url === '/silent') return; // never answers
      if (req.url === '/stalls') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"data":');
        return; // and never finishes the body
      }
      if (req.url === '/fails') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"errors":[{"message":"boom"}]}');
        return;
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-echo': req.headers['x-echo'] ?? '' });
        res.end(JSON.stringify({ data: { echo: body } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const res of open) res.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body and headers, and answers like a fetch Response read once', async () => {
    const fetcher = createFetcher(1_000);
    const res = await fetcher(`${base}/ok`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-echo': 'hi' }, body: '{"q":1}' });
    expect([res.status, res.ok, res.headers.get('x-echo')]).toEqual([200, true, 'hi']);
    expect(await res.json()).toEqual({ data: { echo: '{"q":1}' } });
    await expect(res.text()).rejects.toThrow(/already read/);
    await fetcher.close();
  });

  it('passes a subgraph error status through as a response', async () => {
    const fetcher = createFetcher(1_000);
    const res = await fetcher(`${base}/fails`, { method: 'POST', body: '{}' });
    expect([res.status, res.ok, res.statusText]).toEqual([500, false, 'Internal Server Error']);
    await fetcher.close();
  });

  it('fails a subgraph that never answers', async () => {
    const fetcher = createFetcher(300);
    await expect(fetcher(`${base}/silent`, { method: 'POST', body: '{}' })).rejects.toThrow(/timeout/i);
    await fetcher.close();
  });

  it('fails a subgraph that stops halfway through its body', async () => {
    const fetcher = createFetcher(300);
    await expect(fetcher(`${base}/stalls`, { method: 'POST', body: '{}' })).rejects.toThrow(/timeout/i);
    await fetcher.close();
  });
});
