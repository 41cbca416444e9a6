import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadGatewayConfig } from '../config';
import { pageFor } from '../console';
import { startGateway, type RunningGateway } from '../server';

/**
 * The console is three pages: the staff console, the partner desk (/desk) and the worker's
 * phone view (/m). A real gateway serves a stand-in build; no subgraph is needed for pages.
 */
const log = pino({ level: 'silent' });
const SUBGRAPHS = { MEMBERS_URL: 'http://127.0.0.1:9/graphql', CASES_URL: 'http://127.0.0.1:9/graphql', BENEFITS_URL: 'http://127.0.0.1:9/graphql' };

describe('the console pages', () => {
  let dir: string;
  let gw: RunningGateway;
  let base: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-console-'));
    for (const page of ['index', 'desk', 'm']) fs.writeFileSync(path.join(dir, `${page}.html`), `<!doctype html><div id="root" data-page="${page}"></div>`);
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'desk-abc123.js'), 'console.log(1)');
    gw = await startGateway(loadGatewayConfig({ GATEWAY_PORT: '0', LOG_LEVEL: 'silent', CONSOLE_DIR: dir, ...SUBGRAPHS }), log);
    base = gw.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await gw?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = (route: string) => fetch(`${base}${route}`, { headers: { accept: 'text/html' } });

  test.each([
    ['/desk', 'desk'],
    ['/desk/', 'desk'],
    ['/desk/today', 'desk'],
    ['/m', 'm'],
    ['/m/', 'm'],
    ['/m/cases/01KAXB3ZJ4N5P6Q7R8S9T0V1P1', 'm'],
    ['/m/vouchers', 'm'],
    ['/', 'index'],
    ['/cases/01KAXB3ZJ4N5P6Q7R8S9T0V1P1', 'index'],
    ['/members', 'index'],
    ['/mobile', 'index'],
    ['/desks', 'index'],
  ])('%s opens the %s page, never cached', async (route, page) => {
    const res = await open(route);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain(`data-page="${page}"`);
  });

  test('the pages themselves by name are not cached either; hashed assets are, for a year', async () => {
    for (const page of ['desk.html', 'm.html', 'index.html']) expect([page, (await open(`/${page}`)).headers.get('cache-control')]).toEqual([page, 'no-cache']);
    const asset = await fetch(`${base}/assets/desk-abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  test('pageFor: only /desk and /m themselves and what lies under them', () => {
    expect(['/desk', '/desk/x', '/m', '/m/x/y', '/mx', '/deskx', '/members', '/'].map(pageFor)).toEqual(['desk.html', 'desk.html', 'm.html', 'm.html', 'index.html', 'index.html', 'index.html', 'index.html']);
  });

  test('the API paths stay the API: /graphql is not a page', async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toContain('data-page=');
  });
});
