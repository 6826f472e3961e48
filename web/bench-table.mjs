// Prints two `clientele bench --json` results (native, wasm) side by side as a Markdown table.
import { readFileSync } from 'node:fs';

const [nativeFile, wasmFile] = process.argv.slice(2);
const native = JSON.parse(readFileSync(nativeFile, 'utf8'));
const wasm = JSON.parse(readFileSync(wasmFile, 'utf8'));
const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en') : v.toFixed(2)) : String(v ?? ''));
const keys = ['customers', 'insert_customers_per_s', 'insert_rows_per_s', 'search_p50_ms', 'search_p95_ms',
  'filter_p95_ms', 'sort_p95_ms', 'page_p95_ms', 'sheet_p95_ms', 'db_bytes'];
console.log('| figure | native | wasm (node) |');
console.log('|---|---:|---:|');
for (const k of keys) console.log(`| ${k} | ${fmt(native[k])} | ${fmt(wasm[k])} |`);
if (Array.isArray(native.rows) && Array.isArray(wasm.rows)) {
  console.log('\n| operation | native p50 ms | native p95 ms | wasm p50 ms | wasm p95 ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of native.rows) {
    const w = wasm.rows.find((x) => x.operation === r.operation) || {};
    console.log(`| ${r.operation} | ${fmt(r.p50_ms)} | ${fmt(r.p95_ms)} | ${fmt(w.p50_ms)} | ${fmt(w.p95_ms)} |`);
  }
}
// The grid's time-boxed count of the slow queries: the one-statement count against the
// longest frame's count work, and the frame that showed the first page.
if (Array.isArray(native.count) && Array.isArray(wasm.count)) {
  console.log(`\n| query | matches | sync count ms native / wasm | worst frame ms native / wasm | first page ms (frame) native | wasm | deep page ms native / wasm |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const f1 = (v) => (typeof v === 'number' ? v.toFixed(1) : '');
  for (const r of native.count) {
    const w = wasm.count.find((x) => x.query === r.query) || {};
    console.log(`| ${r.query} | ${fmt(r.matches)} | ${f1(r.sync_ms)} / ${f1(w.sync_ms)} | ` +
      `${f1(r.worst_step_ms)} / ${f1(w.worst_step_ms)} | ${f1(r.first_page_ms)} (${r.first_page_frame}) | ` +
      `${f1(w.first_page_ms)} (${w.first_page_frame}) | ${f1(r.deep_page_ms)} / ${f1(w.deep_page_ms)} |`);
  }
}
