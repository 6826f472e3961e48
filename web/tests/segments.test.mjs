// Browser end-to-end for the Segments screen: type a segment, see its count, show it in the
// customers grid, turn the newsletter off for all its customers with the grid's bulk menu,
// reload and find none of them subscribed any more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, waitForApp, waitForState, click } from './harness.mjs';

const env = useBrowser();

test('segments: count, grid, bulk newsletter off, saved across a reload', async () => {
  const { context, page, errors } = await openApp(env);
  await click(page, 'nav.segments');
  await waitForState(page, "s.view === 'segments' && s.segments !== undefined");

  // A typo first: the error names its position; then the real segment and its count.
  await click(page, 'segments.text');
  await page.keyboard.type('orders >= 2 AND newsletter AND');
  await waitForState(page, 's.segments.error_position === 30');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  const counted = await waitForState(page, "s.segments.text === 'orders >= 2 AND newsletter' && " +
                                           's.segments.error === "" && !s.segments.counting && s.segments.count > 0');
  const n = counted.segments.count;

  // Shown in the grid: the same count, with the segment's chip.
  await click(page, 'segments.show');
  const grid = await waitForState(page, "s.view === 'customers' && s.customers.segment === 'orders >= 2 AND newsletter' && !s.customers.counting");
  assert.equal(grid.customers.total, n);

  // Bulk action: every result selected, newsletter off.
  await click(page, 'nav.segments');
  await waitForState(page, "s.view === 'segments'");
  await click(page, 'segments.bulk');
  await waitForState(page, `s.view === 'customers' && s.customers.selected === ${n}`);
  await click(page, 'bulk.open');
  await click(page, 'bulk.bulk.newsletter_off');
  await click(page, 'bulk.confirm');
  await waitForState(page, "s.job === '' && s.message.length > 0 && s.saved === true");

  await page.reload();
  await waitForApp(page);
  await click(page, 'nav.segments');
  await waitForState(page, "s.view === 'segments'");
  await click(page, 'segments.text');
  await page.keyboard.type('orders >= 2 AND newsletter');
  const after = await waitForState(page, "s.segments.text === 'orders >= 2 AND newsletter' && !s.segments.counting && s.segments.error === ''");
  assert.equal(after.segments.count, 0, 'nobody of the segment is subscribed any more');
  assert.deepEqual(errors, []);
  await context.close();
});
