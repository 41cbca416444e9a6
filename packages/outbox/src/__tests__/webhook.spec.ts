import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook, signWebhook, verifyWebhook, WEBHOOK_KEY_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../webhook';

const SECRET = 'webhook-test-secret';

describe('the signed webhook', () => {
  let server: http.Server;
  let url: string;
  let status = 200;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => {
    received.length = 0;
    status = 200;
  });

  test('posts the JSON body with the key and a signature the receiver can verify', async () => {
    const at = new Date('2026-12-07T10:00:00Z');
    await postWebhook({ url, secret: SECRET }, 'k-1', { template: 'case.accepted', params: { number: 'C1' } }, at);
    expect(received).toHaveLength(1);
    const [{ headers, body }] = received;
    expect(JSON.parse(body)).toEqual({ template: 'case.accepted', params: { number: 'C1' } });
    expect(headers[WEBHOOK_KEY_HEADER]).toBe('k-1');
    expect(headers[WEBHOOK_TIMESTAMP_HEADER]).toBe(String(at.getTime() / 1000));
    expect(headers[WEBHOOK_SIGNATURE_HEADER]).toBe(signWebhook(SECRET, String(at.getTime() / 1000), body));
    expect(verifyWebhook(SECRET, headers, body, at.getTime())).toBe(true);
  });

  test('a changed body, another secret, or an old timestamp does not verify', async () => {
    const at = new Date('2026-12-07T10:00:00Z');
    await postWebhook({ url, secret: SECRET }, 'k-2', { a: 1 }, at);
    const [{ headers, body }] = received;
    expect(verifyWebhook(SECRET, headers, body.replace('1', '2'), at.getTime())).toBe(false);
    expect(verifyWebhook('another-secret', headers, body, at.getTime())).toBe(false);
    expect(verifyWebhook(SECRET, headers, body, at.getTime() + 301_000)).toBe(false);
    expect(verifyWebhook(SECRET, { ...headers, [WEBHOOK_SIGNATURE_HEADER]: undefined }, body, at.getTime())).toBe(false);
  });

  test('an answer other than 2xx throws, so the dispatcher retries', async () => {
    status = 503;
    await expect(postWebhook({ url, secret: SECRET }, 'k-3', {})).rejects.toThrow('webhook answered 503');
  });
});
