// Browser end-to-end for import & export: PrestaShop's sample customers file goes in through
// the page's file picker, the sample addresses file is dropped on the page, both import; an
// export downloads a CSV that holds the imported customers; the import survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser, openApp, state, waitForApp, waitForState, click } from './harness.mjs';

const env = useBrowser();
const conformance = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'data',
                         'conformance', 'prestashop');

test('import the sample files through the page (picker and drop), download an export', async () => {
  const { context, page, errors } = await openApp(env, { acceptDownloads: true });
  const before = (await state(page)).counts.customers;

  // Customers: the file picker.
  await click(page, 'nav.data');
  await waitForState(page, "s.view === 'data'");
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'),
                                       click(page, 'data.choose_file')]);
  await chooser.setFiles(join(conformance, 'customers_import.csv'));
  let s = await waitForState(page, "s.data.file === 'customers_import.csv' && s.data.ready");
  assert.equal(s.data.rows_estimate, 9);
  assert.equal(s.data.preview_errors, 0);
  await click(page, 'data.import');
  s = await waitForState(page, 's.data.report !== undefined && s.job === "" && s.saved === true');
  assert.equal(s.data.report.imported, 9);
  assert.equal(s.counts.customers, before + 9);

  // Addresses: dropped on the page.
  await click(page, 'data.entity.addresses');
  const text = readFileSync(join(conformance, 'addresses_import.csv'), 'utf8');
  await page.evaluate((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'addresses_import.csv', { type: 'text/csv' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true,
                                                 cancelable: true }));
  }, text);
  s = await waitForState(page, "s.data.file === 'addresses_import.csv' && s.data.ready");
  assert.equal(s.data.entity, 'addresses');
  await click(page, 'data.mode.valid');
  await click(page, 'data.import');
  s = await waitForState(page,
                         "s.data.report !== undefined && s.data.report.skipped === 5 && s.job === ''");
  assert.equal(s.data.report.imported, 11);

  // Export: a download holding the imported customers, no password hash.
  await click(page, 'data.tab.export');
  const [download] = await Promise.all([page.waitForEvent('download'),
                                        click(page, 'data.export.customers.csv')]);
  assert.equal(download.suggestedFilename(), 'customers.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.includes('Peter.Pan@prestashop.com') || csv.includes('peter.pan@prestashop.com'),
            'the imported customer is exported');
  assert.ok(!csv.includes('$2y$'), 'no password hash in exports');

  await waitForState(page, 's.saved === true');
  await page.reload();
  await waitForApp(page);
  s = await state(page);
  assert.equal(s.counts.customers, before + 9);
  assert.deepEqual(errors, []);
  await context.close();
});

// A big file is bulk-loaded: after its rows, the indexes are built one per frame and the
// derived figures a range of customers per frame, the job's title naming the stage; the page
// keeps drawing all along, and Cancel during that closing work leaves the shop as it was.
test('a bulk import closes a part per frame and can be cancelled meanwhile', async () => {
  const { context, page, errors } = await openApp(env);
  const before = (await state(page)).counts.customers;
  const rows = 30000;
  // Names hold no digits (PrestaShop refuses them): a number written in letters.
  const letters = (n) => { let t = ''; do { t += 'abcdefghij'[n % 10]; n = Math.floor(n / 10); } while (n); return t; };
  let csv = 'Email;Last Name;First Name\n';
  for (let i = 0; i < rows; ++i)
    csv += `bulk.${i}@example.com;Écrivain ${letters(i % 97)};Zoé ${letters(i)}\n`;
  const importFile = async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'),
                                         click(page, 'data.choose_file')]);
    await chooser.setFiles({ name: 'bulk.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const s = await waitForState(page, "s.data.file === 'bulk.csv' && s.data.ready");
    assert.equal(s.data.preview_errors, 0);
    await click(page, 'data.import');
  };
  await click(page, 'nav.data');
  await waitForState(page, "s.view === 'data'");

  await importFile();
  let s = await waitForState(page, "s.job.includes('building the indexes')", 60000);
  const frame = s.frame;
  s = await waitForState(page, "s.job.includes('search index and figures') && s.job_done > 0", 60000);
  assert.ok(s.frame >= frame + 10, `frames drawn while the indexes were built: ${s.frame - frame}`);
  assert.ok(s.job_total >= before + rows, `customers to go through: ${s.job_total}`); // deleted ones too
  assert.ok(s.job_done < s.job_total);
  await click(page, 'job.cancel');
  s = await waitForState(page, "s.job === '' && s.message.length > 0");
  assert.equal(s.counts.customers, before);

  await importFile();
  await waitForState(page, "s.job !== ''");
  s = await waitForState(page, "s.job === '' && s.data.report !== undefined && s.saved === true",
                         120000);
  assert.equal(s.data.report.imported, rows);
  assert.equal(s.counts.customers, before + rows);
  assert.deepEqual(errors, []);
  await context.close();
});
