// Browser end-to-end for the customers workspace: search, open a customer's sheet with a
// double click, edit the private note, reload, and find the edit; a bulk action with undo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openApp, state, waitForApp, waitForState,
         click, clickAt, widget } from './harness.mjs';

const env = useBrowser();

// Opens John Doe's sheet from the grid: search, select the row, Enter.
async function openJohnDoe(page) {
  await click(page, 'customers.search');
  await page.keyboard.type('john doe');
  await waitForState(page, 's.customers.total === 1');
  await click(page, 'customers.row.0');
  await page.keyboard.press('Enter');
  await waitForState(page, "s.windows.includes('sheet.1')");
}

test('search, open the sheet, edit the note, reload, the edit is there', async () => {
  const { context, page, errors } = await openApp(env);
  await openJohnDoe(page);

  const note = `Rappeler lundi — Zoë ${Date.now()}`;
  await click(page, 'sheet.1.note');
  await page.keyboard.type(note);
  // Every key has reached the note (keys wait behind each other when they come faster than
  // the software-rendered frames) before Save is clicked.
  await waitForState(page, `s.window_states['sheet.1'].note_text === ${JSON.stringify(note)}`);
  await click(page, 'sheet.1.save_note');
  await waitForState(page, `s.window_states['sheet.1'].note === ${JSON.stringify(note)} && s.saved === true`);

  await page.reload();
  await waitForApp(page);
  // Double-click timing depends on the frame rate, which headless software WebGL keeps low;
  // the headless UI test covers the double click, this one opens with Enter.
  await openJohnDoe(page);
  const s = await state(page);
  assert.equal(s.window_states['sheet.1'].note, note);
  assert.ok(s.window_states['sheet.1'].orders > 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: Ctrl+F focuses search, arrows move, Enter opens, Esc closes, Ctrl+Z undoes a bulk action', async () => {
  const { context, page } = await openApp(env);
  // Select the first three rows with click and Shift+click, disable them, then undo.
  await click(page, 'customers.row.0');
  await page.keyboard.down('Shift');
  await click(page, 'customers.row.2');
  await page.keyboard.up('Shift');
  let s = await waitForState(page, 's.customers.selected === 3');
  await click(page, 'bulk.open');
  await click(page, 'bulk.bulk.disable');
  await click(page, 'bulk.confirm');
  s = await waitForState(page, "s.job === '' && s.message.length > 0 && s.saved === true");
  const disabledTotal = s.counts.customers;
  await page.keyboard.press('Control+z');
  s = await waitForState(page, "s.message.startsWith('Undone')");
  assert.equal(s.counts.customers, disabledTotal);

  await click(page, 'customers.row.0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  s = await waitForState(page, 's.customers.cursor === 2');
  await page.keyboard.press('Enter');
  s = await waitForState(page, 's.windows.length === 1');
  await page.keyboard.press('Escape');
  await waitForState(page, 's.windows.length === 0');
  await page.keyboard.press('Control+f');
  // The search field takes the keyboard on the next frame; type once it has it.
  await waitForState(page, 's.text_input === true');
  await page.keyboard.type('pub@');
  await waitForState(page, "s.customers.search === 'pub@' && s.customers.total === 1");
  await context.close();
});

test('a header click sorts; Page Down, End, Home and a click in the scrollbar move through that order', async () => {
  const { context, page } = await openApp(env);
  await click(page, 'customers.header.lastname');
  let s = await waitForState(page, "s.customers.sort.length === 1 && s.customers.sort[0].column === 'lastname' " +
    '&& !s.customers.counting');
  const total = s.customers.total;
  assert.ok(total > 1000);
  await click(page, 'customers.row.0');
  await page.keyboard.press('PageDown');
  s = await waitForState(page, 's.customers.cursor > 5');
  const screen = s.customers.cursor;
  await page.keyboard.press('PageDown');
  await waitForState(page, `s.customers.cursor === ${2 * screen}`);
  await page.keyboard.press('End');
  await waitForState(page, `s.customers.cursor === ${total - 1} && s.customers.first_visible > ${total - 3 * screen} ` +
    '&& s.customers.rows_waiting === 0');
  await page.keyboard.press('Home');
  await waitForState(page, 's.customers.cursor === 0 && s.customers.first_visible === 0');
  const grid = await widget(page, 'customers.grid');
  await clickAt(page, grid.x + grid.w - 4, grid.y + grid.h / 2);
  await waitForState(page, `s.customers.first_visible > ${total * 0.3} && s.customers.first_visible < ${total * 0.7} ` +
    '&& s.customers.rows_waiting === 0');
  await context.close();
});
