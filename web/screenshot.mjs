// Takes the README's screenshots of the web build in headless chromium: the customers grid
// (DPR 1 and 2), a customer sheet, the customer form, the import screen and the shop overview.
// Usage: node web/screenshot.mjs OUT_DIR   (the web preset must be built)
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkBuilt, launch, startServer, waitForApp, click, doubleClick, state } from './tests/harness.mjs';

const out = resolve(process.argv[2] || 'docs/screenshots');
mkdirSync(out, { recursive: true });
checkBuilt();
const browser = await launch();
const { server, url } = await startServer();

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await waitForApp(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'web-customers.png') });

  await doubleClick(page, 'customers.row.0');
  await page.screenshot({ path: join(out, 'web-sheet.png') });
  await click(page, 'sheet.1.sheet.orders');
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(out, 'web-sheet-orders.png') });
  await page.keyboard.press('Escape');
  await click(page, 'customers.new');
  await page.waitForTimeout(200);
  await click(page, 'form.0.email');
  await page.keyboard.type('pub@prestashop.com');
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(out, 'web-form.png') });

  // Import & export: PrestaShop's sample customers file, mapped and previewed.
  await page.goto(url);
  await waitForApp(page);
  await click(page, 'nav.data');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'),
                                       click(page, 'data.choose_file')]);
  await chooser.setFiles(resolve('tests/data/conformance/prestashop/customers_import.csv'));
  await page.waitForFunction(() =>
    JSON.parse(Module.ccall('clientele_test_state', 'string', [], [])).data.ready === true);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'web-import.png') });
  await context.close();

  const hidpi = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const page2 = await hidpi.newPage();
  await page2.goto(url);
  await waitForApp(page2);
  await click(page2, 'nav.overview');
  await page2.waitForTimeout(200);
  await page2.screenshot({ path: join(out, 'web-overview-dpr2.png') });
  await click(page2, 'nav.customers');
  await page2.waitForTimeout(200);
  await page2.screenshot({ path: join(out, 'web-customers-dpr2.png') });
  console.log(JSON.stringify((await state(page2)).counts));
  await hidpi.close();
} finally {
  await browser.close();
  server.close();
}
