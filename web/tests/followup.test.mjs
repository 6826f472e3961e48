// Browser end-to-end for Follow-up: the four events' preview counts show; enable them, save,
// "Run now" asks for confirmation and sends the vouchers as a job; the 30-day statistics count
// them; after a reload the run is not repeated (nothing left to send, the same statistics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, waitForApp, waitForState, click } from './harness.mjs';

const env = useBrowser();

test('follow-up: preview, run with confirmation, statistics, not repeated after a reload', async () => {
  const { context, page, errors } = await openApp(env, { width: 1280, height: 900 });
  await click(page, 'nav.followup');
  const before = await waitForState(page, "s.view === 'followup' && Array.isArray(s.followup.preview)");
  assert.equal(before.followup.preview.length, 4);

  for (const n of [1, 2, 3, 4]) {
    if (!before.followup.enabled[n - 1]) await click(page, `followup.enabled_${n}`);
  }
  await waitForState(page, 's.followup.enabled.every((e) => e) && s.followup.edited === true');
  await click(page, 'followup.save');
  const saved = await waitForState(page, 's.followup.edited === false && s.saved === true');
  const announced = saved.followup.preview.reduce((a, b) => a + b, 0);
  assert.ok(announced > 0, `something to send: ${JSON.stringify(saved.followup.preview)}`);
  const sentBefore = saved.followup.stats.reduce((a, s) => a + s.sent, 0);

  // Run now asks first; nothing is sent until the confirmation.
  await click(page, 'followup.run_now');
  await waitForState(page, 's.followup.last_sent === -1');
  await click(page, 'followup.confirm');
  const done = await waitForState(
    page, `s.job === '' && s.followup.last_sent === ${announced} && s.saved === true`, 60000);
  const sent = done.followup.stats.reduce((a, s) => a + s.sent, 0);
  assert.equal(sent, sentBefore + announced, JSON.stringify(done.followup.stats));
  assert.deepEqual(done.followup.preview, [0, 0, 0, 0]);

  await page.reload();
  await waitForApp(page);
  const again = await waitForState(page, "s.view === 'followup' && Array.isArray(s.followup.preview)");
  assert.deepEqual(again.followup.preview, [0, 0, 0, 0], 'the run is not repeated');
  assert.equal(again.followup.stats.reduce((a, s) => a + s.sent, 0), sent);
  assert.deepEqual(errors, []);
  await context.close();
});
