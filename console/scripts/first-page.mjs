#!/usr/bin/env node
// How long a district cadre waits for the case board, measured in a real Chromium against a
// running graph (`npm start`, i.e. the demo data): `npm run console:first-page`.
// Cold: a fresh browser context (no cache) for each run, as on a cadre's first visit of the
// day; warm: the same context again. Timed from navigation to the first case row drawn.
// A benchmark, not a test: it prints numbers and asserts nothing about them.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const base = (process.env.CONSOLE_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 4000}`).replace(/\/$/, '');
const runs = Number(process.env.RUNS ?? 7);
const identity = process.env.IDENTITY ?? 'd1';
const executablePath = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => p && fs.existsSync(p));
if (!executablePath) {
  console.error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH.');
  process.exit(1);
}
if (!Number.isInteger(runs) || runs < 1 || runs > 100) {
  console.error(`RUNS must be a whole number from 1 to 100 (got "${process.env.RUNS}").`);
  process.exit(2);
}

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} (${xs.length} runs)`;

async function signedIn() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(`${base}/signin`);
  await page.getByTestId(`identity-${identity}`).getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}/`);
  return { context, page };
}

/** Milliseconds from navigation to the first case row on screen. */
async function firstCasePage(page) {
  const t0 = performance.now();
  await page.goto(`${base}/cases`);
  await page.locator('.ant-table-row').first().waitFor({ state: 'visible', timeout: 30_000 });
  return performance.now() - t0;
}

try {
  const cold = [];
  const warm = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const { context, page } = await signedIn();
    // Signing in loaded the app once; clear the HTTP cache so this run fetches it all again.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    cold.push(await firstCasePage(page));
    warm.push(await firstCasePage(page));
    rows = await page.locator('.ant-table-row').count();
    await context.close();
  }
  console.log(`Case board for ${identity} at ${base} (${rows} rows on the first page):`);
  console.log(`  cold (empty HTTP cache): ${fmt(cold)}`);
  console.log(`  warm (same tab again):   ${fmt(warm)}`);
} finally {
  await browser.close();
}
