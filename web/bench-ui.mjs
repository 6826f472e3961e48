// Browser benchmark of the customers workspace: the web build in Debian's headless Chromium on a
// throwaway in-memory shop of N demo customers (`index.html?bench=N`, nothing persisted).
// Prints a Markdown table: the app's own CPU time per frame (UI and queries, what the app
// controls; reported by the app as frame_ms) while scrolling and typing, and wall-clock
// latencies from a key press to the frame that shows its result. Headless Chromium renders
// WebGL in software (SwiftShader), so wall-clock figures include a slow software rasteriser;
// on a laptop with a GPU they are close to the CPU figures.
// Usage: node web/bench-ui.mjs [--customers N] [--activity PERCENT]   (build the web preset
// first). --activity: the share of the customers who shop (orders, carts, messages); the
// others have an account, addresses and visits. 100 by default; a million customers need a
// lower share to fit in WebAssembly's 4 GB (the whole shop is in memory).
import { launch, startServer, state, widget, waitForApp, waitForState, click, frames }
  from './tests/harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const customers = Number(arg('--customers', '1000000'));
const activity = Number(arg('--activity', '100'));

const pct = (values, p) => {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');

// Collects, for each animation frame during `action`, the app's frame_ms and the interval
// between frames.
async function sampleFrames(page, action, settleFrames = 20) {
  await page.evaluate(() => {
    window.__samples = [];
    let last = performance.now();
    window.__sampling = true;
    const tick = () => {
      const now = performance.now();
      const s = JSON.parse(Module.ccall('clientele_test_state', 'string', [], []));
      window.__samples.push({ interval: now - last, frame_ms: s.frame_ms });
      last = now;
      if (window.__sampling) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await action();
  await frames(page, settleFrames);
  return page.evaluate(() => {
    window.__sampling = false;
    return window.__samples.slice(1);
  });
}

// Wall-clock time from a key press until the app's state satisfies `predicate`, and the number
// of frames the app drew meanwhile (the frame that shows the result included).
// `predicate` sees the state as `s` and the state before the key as `b`.
async function keyLatency(page, key, predicate) {
  return actionLatency(page, () => page.keyboard.press(key), predicate);
}

// The same from any input `act` (a click).
async function actionLatency(page, act, predicate) {
  const before = await state(page);
  const t0 = performance.now();
  await act();
  const handle = await page.waitForFunction(([src, b]) => {
    const s = JSON.parse(Module.ccall('clientele_test_state', 'string', [], []));
    return new Function('s', 'b', `return (${src});`)(s, b) ? s.frame : false;
  }, [predicate, before], { polling: 'raf', timeout: 120000 });
  const ms = performance.now() - t0;
  return { ms, frames: (await handle.jsonValue()) - before.frame };
}

// Types `text` one key at a time. `predicateFor(typed)` gives the state that shows the key's
// result (null: the state does not show it, so the latency is up to the next two frames).
async function typeMeasured(page, text, predicateFor) {
  const latencies = [];
  const frameCounts = [];
  let typed = '';
  const samples = await sampleFrames(page, async () => {
    for (const ch of text) {
      typed += ch;
      const predicate = predicateFor(typed);
      if (predicate) {
        const r = await keyLatency(page, ch, predicate);
        latencies.push(r.ms);
        frameCounts.push(r.frames);
      } else {
        const t0 = performance.now();
        await page.keyboard.press(ch);
        await frames(page, 2);
        latencies.push(performance.now() - t0);
      }
    }
  });
  return { latencies, frameCounts, samples };
}

const rows = [];
const addRow = (operation, samples, latencies = [], frameCounts = []) => {
  const cpu = samples.map((s) => s.frame_ms);
  const interval = samples.map((s) => s.interval);
  rows.push({ operation, cpu_p50: pct(cpu, 50), cpu_p95: pct(cpu, 95), cpu_max: Math.max(...cpu),
              interval_p50: pct(interval, 50), latency_p50: pct(latencies, 50),
              latency_max: latencies.length ? Math.max(...latencies) : NaN,
              frames_p50: pct(frameCounts, 50),
              frames_max: frameCounts.length ? Math.max(...frameCounts) : NaN });
};

const browser = await launch();
const { server, url } = await startServer();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(`${url}?bench=${customers}&activity=${activity}`);
  await waitForApp(page, 60 * 60 * 1000);
  const seeded = (performance.now() - t0) / 1000;
  let s = await state(page);
  console.error(`seeded ${s.counts.customers} customers in ${seeded.toFixed(0)} s`);

  // Idle frames.
  addRow('idle', await sampleFrames(page, async () => frames(page, 30), 0));

  // Scrolling the whole result with the wheel: new pages are read as rows come into view.
  const row0 = await widget(page, 'customers.row.0');
  await page.mouse.move(row0.x + 100, row0.y + 200);
  addRow('scroll (wheel, 60 frames)', await sampleFrames(page, async () => {
    for (let i = 0; i < 60; i++) {
      await page.mouse.wheel(0, 600);
      await frames(page, 1);
    }
  }));

  // Global search, typed one key at a time.
  await click(page, 'customers.search');
  // The grid shows a key's result: the query ran again and found rows (or ended empty).
  const gridShows = 's.customers.query_runs > b.customers.query_runs && ' +
    '(s.customers.total > 0 || !s.customers.counting)';
  const searchShows = (typed) => `s.customers.search === ${JSON.stringify(typed)} && ${gridShows}`;
  let m = await typeMeasured(page, 'martin', searchShows);
  addRow('search "martin" (per key)', m.samples, m.latencies, m.frameCounts);
  s = await state(page);
  console.error(`search "martin": ${s.customers.total} results`);
  for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace');
  await waitForState(page, "s.customers.search === ''", 120000);

  // A broad search: one letter.
  m = await typeMeasured(page, 'a', searchShows);
  addRow('search "a" (broad)', m.samples, m.latencies, m.frameCounts);
  await page.keyboard.press('Backspace');
  await waitForState(page, "s.customers.search === ''", 120000);

  // A "contains" filter on the e-mail column.
  await click(page, 'filter.email');
  const filterShows = () => gridShows;
  m = await typeMeasured(page, 'beisp', filterShows);
  addRow('filter e-mail contains "beisp"', m.samples, m.latencies, m.frameCounts);
  s = await state(page);
  console.error(`e-mail contains "beisp": ${s.customers.total} results`);
  for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
  await click(page, 'customers.reset');
  await waitForState(page, 's.customers.filters === 0', 120000);

  // A "contains" filter nothing matches: "no results" is known only once the count has read
  // every row (in steps, one per frame).
  await click(page, 'filter.email');
  m = await typeMeasured(page, 'qqq', filterShows);
  addRow('filter e-mail contains "qqq" (no match)', m.samples, m.latencies, m.frameCounts);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
  await click(page, 'customers.reset');
  await waitForState(page, 's.customers.filters === 0', 120000);

  // Sorting by last name (a click on its header), then clicks in the scrollbar's track: each
  // jumps to that place of a million rows in that order. The first comes right after the sort,
  // while the grid reads the order into memory; the next ones read pages from it.
  await click(page, 'customers.header.lastname');
  await waitForState(page, "s.customers.sort.length === 1 && s.customers.sort[0].column === 'lastname' && " +
    '!s.customers.counting && s.customers.rows_waiting === 0', 120000);
  const grid = await widget(page, 'customers.grid');
  const jumpLatency = [];
  const jumpFrames = [];
  const jumpSamples = await sampleFrames(page, async () => {
    for (const fraction of [0.5, 0.25, 0.75, 0.4]) {
      // From the press (Dear ImGui scrolls on it) to the frame showing every row in view.
      await page.mouse.move(grid.x + grid.w - 4, grid.y + grid.h * fraction);
      await frames(page);
      const r = await actionLatency(page, () => page.mouse.down(),
        'Math.abs(s.customers.first_visible - b.customers.first_visible) > 1000 && ' +
        's.customers.rows_waiting === 0');
      await page.mouse.up();
      await frames(page);
      jumpLatency.push(r.ms);
      jumpFrames.push(r.frames);
    }
  });
  addRow('sort by last name, jump in the scrollbar', jumpSamples, jumpLatency, jumpFrames);
  console.error(`jumps: ${jumpFrames.join(', ')} frames`);
  await click(page, 'customers.reset'); // by id again, at the top
  await waitForState(page, 's.customers.sort.length === 0 && s.customers.first_visible === 0 && ' +
    's.customers.rows_waiting === 0', 120000);
  await click(page, 'customers.row.0');

  // Opening a customer's sheet with Enter.
  const sheetLatency = [];
  const sheetFrames = [];
  const sheetSamples = await sampleFrames(page, async () => {
    const r = await keyLatency(page, 'Enter', 's.windows.length === 1');
    sheetLatency.push(r.ms);
    sheetFrames.push(r.frames);
  });
  addRow('open the sheet (Enter)', sheetSamples, sheetLatency, sheetFrames);

  s = await state(page);
  console.log(`Browser (headless Chromium, SwiftShader WebGL), ${s.counts.customers.toLocaleString('en')} customers, seeded in ${seeded.toFixed(0)} s\n`);
  // Frames key→result: frames the app drew from the key press to the one showing the result;
  // at 60 frames per second (each frame's CPU time under 16 ms) that is frames × 16.7 ms.
  console.log('| operation | app CPU/frame p50 ms | p95 ms | max ms | frame interval p50 ms | key→result p50 ms | max ms | frames key→result p50 | max |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const whole = (v) => (Number.isFinite(v) ? String(v) : '–');
  for (const r of rows) {
    console.log(`| ${r.operation} | ${fmt(r.cpu_p50)} | ${fmt(r.cpu_p95)} | ${fmt(r.cpu_max)} | ${fmt(r.interval_p50)} | ${fmt(r.latency_p50)} | ${fmt(r.latency_max)} | ${whole(r.frames_p50)} | ${whole(r.frames_max)} |`);
  }
  await context.close();
} finally {
  await browser.close();
  server.close();
}
