// Browser end-to-end for Customer service: open the screen, filter the threads by status,
// open a thread, type a reply and send it; the reply is in the thread window's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, waitForApp, waitForState, click } from './harness.mjs';

const env = useBrowser();

test('customer service: filter by status, open a thread, reply', async () => {
  const { context, page, errors } = await openApp(env);
  await click(page, 'nav.service');
  const before = await waitForState(page, "s.view === 'service' && s.service.total > 0");

  await click(page, 'service.filter.status');
  await click(page, 'service.filter.status.open');
  const open = await waitForState(page, `s.service.filters.status === 'open' && s.service.total > 0`);
  assert.ok(open.service.total <= before.service.total);
  assert.ok(open.service.first_rows.every((r) => r.status === 'open'),
            JSON.stringify(open.service.first_rows));

  const id = open.service.first_rows[0].id;
  await click(page, 'service.row.0');
  const win = `thread.${id}`;
  const opened = await waitForState(page, `s.windows.includes('${win}')`);
  const messages = opened.window_states[win].messages.length;

  await click(page, `${win}.draft`);
  const reply = 'Merci, nous vérifions votre commande.';
  await page.keyboard.type(reply);
  await waitForState(page, `s.window_states['${win}'].draft === ${JSON.stringify(reply)}`);
  await click(page, `${win}.send`);
  const sent = await waitForState(page,
    `s.window_states['${win}'].messages.length === ${messages + 1} && s.saved === true`);
  const last = sent.window_states[win].messages.at(-1);
  assert.equal(last.message, reply);
  assert.equal(last.from_employee, true);
  assert.equal(sent.window_states[win].sent, true);
  assert.equal(sent.window_states[win].status, 'closed', 'a reply answers the thread');

  // After a reload the reply is in the thread (kept in IndexedDB).
  await page.reload();
  await waitForApp(page);
  await waitForState(page, "s.view === 'service' && s.service.total > 0");
  const idx = (await waitForState(page, 's.service.first_rows.length > 0'))
    .service.first_rows.findIndex((r) => r.id === id);
  assert.ok(idx >= 0, 'the answered thread is among the newest');
  await click(page, `service.row.${idx}`);
  const reopened = await waitForState(page, `s.windows.includes('${win}')`);
  assert.equal(reopened.window_states[win].messages.at(-1).message, reply);
  assert.deepEqual(errors, []);
  await context.close();
});
