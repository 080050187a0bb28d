// Takes docs/dashboard-resources.png and docs/dashboard-trace.png from a running `./wellwon up`.
//   cd "$(mktemp -d)" && npm install playwright-core && apt-get install -y chromium
//   node <checkout>/docs/dashboard-screenshots.mjs http://localhost:18888 <browser token from .wellwon/secrets.env>
// Open the Web home page once first, so there is a Web -> Api trace to show.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// playwright-core is installed where the command runs, not in the repository.
const { chromium } = createRequire(`${process.cwd()}/`)('playwright-core');
const [, , base = 'http://localhost:18888', token = ''] = process.argv;
const docs = dirname(fileURLToPath(import.meta.url));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

// The login link sets the auth cookie and redirects to the resources page.
await page.goto(`${base}/login?t=${token}`);
await page.waitForURL(url => !url.pathname.startsWith('/login'));
await page.waitForFunction(() => {
  const rows = [...document.querySelectorAll('[role=row]')].slice(1).map(r => r.innerText);
  return rows.length >= 8 && rows.every(r => r.includes('Running'));
}, null, { timeout: 120_000 });
await page.waitForTimeout(1000);
await page.screenshot({ path: `${docs}/dashboard-resources.png` });

// The newest Web page load: Web -> Api /health -> PostgreSQL and Redis, in one trace.
await page.goto(`${base}/traces`);
const trace = page.locator('[role=row]', { hasText: 'web: GET /' }).filter({ hasText: 'api (' }).last();
await trace.waitFor({ timeout: 60_000 });
await trace.locator('[role=gridcell]').nth(1).click();
await page.waitForURL(url => url.pathname.startsWith('/traces/detail/'));
await page.waitForTimeout(2000);
await page.screenshot({ path: `${docs}/dashboard-trace.png` });

await browser.close();
