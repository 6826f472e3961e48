// Browser end-to-end for Customers > Orders: filter the grid by reference as you type, open the
// order, change its state through the order window, and read the result in the state JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, waitForState, click } from './harness.mjs';

const env = useBrowser();

test('orders: filter, open an order and change its state', async () => {
  const { context, page, errors } = await openApp(env);
  await click(page, 'nav.orders');
  const before = await waitForState(page, "s.view === 'orders' && s.orders.total > 0");
  const first = before.orders.first_rows[0];

  await click(page, 'orders.filter.reference');
  await page.keyboard.type(first.reference);
  const filtered = await waitForState(
    page, `s.orders.total < ${before.orders.total} && s.orders.first_rows.length > 0`);
  assert.ok(filtered.orders.first_rows.every((r) => r.reference === first.reference),
            JSON.stringify(filtered.orders.first_rows));

  await click(page, 'orders.row.0');
  const id = filtered.orders.first_rows[0].id;
  const win = `order.${id}`;
  const opened = await waitForState(page, `s.window_states['${win}'] !== undefined`);
  const target = opened.window_states[win].id_state === 6 ? 2 : 6; // Canceled, or Payment accepted
  await click(page, `${win}.order.timeline`);
  await click(page, `${win}.state`);
  await click(page, `${win}.state.${target}`);
  await click(page, `${win}.change_state`);
  const changed = await waitForState(
    page, `s.window_states['${win}'].id_state === ${target} && s.saved === true`);
  const history = changed.window_states[win].history;
  assert.equal(history[history.length - 1].id_state, target);
  assert.equal(changed.window_states[win].valid, target === 2);
  assert.deepEqual(errors, []);
  await context.close();
});
