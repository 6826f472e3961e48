// Takes the README's screenshots of the web build in headless chromium.
// Usage: node web/screenshot.mjs OUT_DIR   (the web preset must be built)
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkBuilt, launch, startServer, waitForApp, click, state } from './tests/harness.mjs';

const out = resolve(process.argv[2] || 'docs/screenshots');
mkdirSync(out, { recursive: true });
checkBuilt();
const browser = await launch();
const { server, url } = await startServer();
try {
  for (const [name, dpr, width, height] of [['web-customers', 1, 1280, 800], ['web-customers-dpr2', 2, 1280, 800]]) {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr });
    const page = await context.newPage();
    await page.goto(url);
    await waitForApp(page);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(out, `${name}.png`) });
    if (dpr === 1) {
      await click(page, 'nav.overview');
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, 'web-overview.png') });
      await click(page, 'nav.customers');
    }
    console.log(`${name}: ${JSON.stringify((await state(page)).counts)}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
