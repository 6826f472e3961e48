// Browser end-to-end: the page served on 127.0.0.1 and the single file opened from disk both
// start on the demo shop, take real clicks and typing on the canvas, save to IndexedDB, and
// find their data again after a reload. No request may go to another host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { useBrowser, recordRequests, state, waitForApp, waitForState,
         click, singleFile } from './harness.mjs';

const env = useBrowser();

function onlyLocal(urls, allowedPrefix) {
  const foreign = urls.filter((u) => !u.startsWith(allowedPrefix) && !u.startsWith('data:') &&
                                     !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'requests to other hosts');
}

test('served page: search, switch language, reload, data persisted', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const urls = recordRequests(page);
  await page.goto(env.url);
  await waitForApp(page);
  const first = await state(page);
  assert.equal(first.platform, 'web');
  assert.ok(first.counts.customers > 1000, 'demo shop seeded');
  assert.equal(first.view, 'customers');

  await click(page, 'customers.search');
  await page.keyboard.type('pub@prestashop');
  const searched = await waitForState(page, 's.customers.total === 1');
  assert.equal(searched.customers.search, 'pub@prestashop');

  await click(page, 'language');
  await click(page, 'language.fr');
  await waitForState(page, "s.language === 'fr' && s.saved === true");

  await page.reload();
  await waitForApp(page);
  const again = await state(page);
  assert.equal(again.language, 'fr', 'language kept in IndexedDB');
  assert.equal(again.counts.customers, first.counts.customers, 'same shop, not seeded twice');
  onlyLocal(urls, env.url);
  assert.deepEqual(errors, []);
  await context.close();
});

test('single file from disk: works offline, theme persisted across reloads', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, offline: true });
  const page = await context.newPage();
  const urls = recordRequests(page);
  const fileUrl = pathToFileURL(singleFile).href;
  await page.goto(fileUrl);
  await waitForApp(page);
  const first = await state(page);
  assert.ok(first.counts.customers > 1000);
  assert.equal(first.theme, 'light');
  await click(page, 'theme.toggle');
  await waitForState(page, "s.theme === 'dark' && s.saved === true");
  await page.reload();
  await waitForApp(page);
  const again = await state(page);
  assert.equal(again.theme, 'dark');
  assert.equal(again.counts.customers, first.counts.customers);
  onlyLocal(urls, 'file://');
  await context.close();
});

test('HiDPI: canvas backing store and fonts follow devicePixelRatio 2 and the window size', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(env.url);
  await waitForApp(page);
  const s = await state(page);
  assert.equal(s.pixel_ratio, 2);
  let size = await page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height]; });
  assert.deepEqual(size, [2000, 1400]);
  await page.setViewportSize({ width: 900, height: 600 });
  await page.waitForTimeout(300);
  size = await page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height]; });
  assert.deepEqual(size, [1800, 1200]);
  await context.close();
});
