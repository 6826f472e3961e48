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
