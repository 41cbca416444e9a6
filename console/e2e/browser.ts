import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install -y chromium), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium not found: apt-get update && apt-get install -y chromium, or set CHROMIUM_PATH');
  return found;
}

export const RESULTS = path.resolve(__dirname, '..', 'test-results');

export async function launch(): Promise<Browser> {
  fs.mkdirSync(RESULTS, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/**
 * Reduced motion: the console then switches off antd's animations, so a click never lands on
 * a dialog still zooming in (under a loaded CI machine that raced and lost the click).
 */
export async function newPage(browser: Browser, width = 1280, height = 800): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
  const page = await context.newPage();
  return { context, page };
}

/** Saves a screenshot under console/test-results/, named for the test and the step. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
}

/** Signs in through the demo identities on the sign-in page, as a cadre would; `lands` is where that identity's home is. */
export async function signIn(page: Page, base: string, identity: string, lands = '/'): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.getByTestId(`identity-${identity}`).getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}${lands}`);
}
