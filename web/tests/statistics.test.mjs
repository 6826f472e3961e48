// Browser end-to-end for Customers > Statistics and Customers > Duplicates: a preset changes the
// date range and the figures; an export downloads a CSV; the duplicate scan runs as a job and
// the first group found merges through the confirmation, then Ctrl+Z brings the account back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, waitForApp, waitForState, click } from './harness.mjs';

const env = useBrowser();

test('statistics: a preset changes the figures, a figure exports as CSV', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.url);
  await waitForApp(page);
  await click(page, 'nav.statistics');
  const year = await waitForState(page, "s.view === 'statistics' && s.statistics && s.statistics.orders !== undefined");
  await click(page, 'stats.preset.all');
  const all = await waitForState(page, `s.statistics.from === '' && s.statistics.orders !== ${year.statistics.orders}`);
  assert.ok(all.statistics.orders > year.statistics.orders, 'all time holds more orders than this year');
  await click(page, 'stats.preset.last30');
  await waitForState(page, `s.statistics.from !== '' && s.statistics.orders <= ${year.statistics.orders}`);
  const download = page.waitForEvent('download');
  await click(page, 'stats.export.top_customers');
  assert.equal((await download).suggestedFilename(), 'statistics-top_customers.csv');
  assert.deepEqual(errors, []);
  await context.close();
});

test('duplicates: scan, merge the first group, undo', async () => {
  const { context, page } = await openApp(env);
  await click(page, 'nav.duplicates');
  await waitForState(page, "s.view === 'duplicates'");
  await click(page, 'dup.scan');
  const scanned = await waitForState(page, "s.duplicates.scanned === true && s.job === ''");
  if (scanned.duplicates.group_count === 0)
    return; // the demo shop happened to have no duplicate: nothing to merge
  const customers = scanned.counts.customers;
  await click(page, 'dup.group.0');
  await waitForState(page, 's.duplicates.selected === 0');
  await click(page, 'dup.merge_into_a');
  await waitForState(page, 's.duplicates.confirm === true');
  await click(page, 'dup.confirm');
  await waitForState(page, `s.counts.customers === ${customers - 1} && s.saved === true`);
  await page.keyboard.down('Control');
  await page.keyboard.press('z');
  await page.keyboard.up('Control');
  await waitForState(page, `s.counts.customers === ${customers}`);
  await context.close();
});
