// Browser end-to-end for the rest of the Customers menu: create a group by typing its name on
// the canvas, save, reload and find it again; filter the addresses grid by city.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, waitForApp, waitForState, click } from './harness.mjs';

const env = useBrowser();

test('groups: create one with an accented name, saved across a reload', async () => {
  const { context, page, errors } = await openApp(env);
  await click(page, 'nav.groups');
  const before = await waitForState(page, "s.view === 'groups' && s.groups !== undefined");
  const groups = before.groups.total;

  await click(page, 'groups.new');
  await waitForState(page, 's.groups.selected === 0');
  await click(page, 'groups.editor.name[1]');
  const name = 'Clients fidèles';
  await page.keyboard.type(name);
  await waitForState(page, 's.groups.errors.length === 0');
  await click(page, 'groups.editor.save');
  const saved = await waitForState(page, `s.groups.selected > 0 && s.groups.total === ${groups + 1} && s.saved === true`);
  const id = saved.groups.selected;

  // Customers join it by id and by e-mail, typed into the members box.
  for (const who of ['2', 'pub@prestashop.com']) {
    await click(page, 'groups.editor.members.input');
    await page.keyboard.type(who);
    await waitForState(page, `s.groups.member_input === ${JSON.stringify(who)}`);
    await click(page, 'groups.editor.members.add');
  }
  await waitForState(page, 's.groups.members === 2 && s.saved === true');

  await page.reload();
  await waitForApp(page);
  const again = await waitForState(page, "s.view === 'groups'");
  assert.equal(again.groups.total, groups + 1, 'the new group is in IndexedDB');
  assert.ok(again.groups.shown.includes(id));
  await click(page, `groups.row.${id}`);
  await waitForState(page, `s.groups.selected === ${id} && s.groups.members === 2`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('addresses: the grid filters by city as you type', async () => {
  const { context, page } = await openApp(env);
  await click(page, 'nav.addresses');
  const before = await waitForState(page, "s.view === 'addresses' && s.addresses.total > 0");
  await click(page, 'addresses.filter.city');
  await page.keyboard.type('Paris');
  const filtered = await waitForState(page, `s.addresses.total > 0 && s.addresses.total < ${before.addresses.total}`);
  assert.ok(filtered.addresses.first_rows.every((r) => r.city.toLowerCase().startsWith('paris')),
            JSON.stringify(filtered.addresses.first_rows));
  await context.close();
});
