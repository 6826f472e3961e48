// Shared helpers for the browser tests and the screenshot script: Debian's chromium driven by
// playwright-core, the built pages served on 127.0.0.1, and the app's JS test interface.
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const webDir = resolve(process.env.CLIENTELE_WEB_DIR || join(here, '..', '..', 'build', 'web'));
export const siteDir = join(webDir, 'site');
export const singleFile = join(webDir, 'clientele.html');

export function checkBuilt() {
  for (const f of [join(siteDir, 'index.html'), singleFile]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: build the web preset first`);
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--allow-file-access-from-files'],
  });
}

export async function startServer() {
  const server = await serve(siteDir, 0);
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

// Records every request the page makes, to prove none leaves for another host.
export function recordRequests(page) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

export async function state(page) {
  return page.evaluate(() => JSON.parse(Module.ccall('clientele_test_state', 'string', [], [])));
}

export async function widget(page, id) {
  return page.evaluate((wid) => JSON.parse(Module.ccall('clientele_test_widget', 'string', ['string'], [wid])), id);
}

export async function waitForApp(page, timeout = 60000) {
  await page.waitForFunction(() => {
    try {
      return typeof Module !== 'undefined' && Module.ccall &&
        JSON.parse(Module.ccall('clientele_test_state', 'string', [], [])).view !== undefined;
    } catch { return false; }
  }, null, { timeout, polling: 100 });
  // Two more frames so widget rectangles are registered.
  await page.waitForTimeout(200);
}

export async function waitForState(page, predicateSource, timeout = 20000) {
  await page.waitForFunction((src) => {
    const s = JSON.parse(Module.ccall('clientele_test_state', 'string', [], []));
    return new Function('s', `return (${src});`)(s);
  }, predicateSource, { timeout, polling: 100 });
  return state(page);
}

// Resolves after the app has drawn `n` more frames, so each input event lands in its own frame
// (ImGui reads the mouse once per frame; headless software WebGL can run at ~10 fps).
export async function frames(page, n = 2) {
  await page.evaluate((count) => new Promise((resolve) => {
    let left = count;
    const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

async function widgetOnScreen(page, id) {
  let r = await widget(page, id);
  for (let i = 0; r.w <= 0 && i < 50; i++) {
    await frames(page, 1);
    r = await widget(page, id);
  }
  if (r.w <= 0) throw new Error(`widget ${id} is not on screen`);
  return r;
}

// Clicks the centre of a registered widget (rectangles are in CSS pixels of the canvas).
export async function click(page, id) {
  const r = await widgetOnScreen(page, id);
  await clickAt(page, r.x + Math.min(r.w / 2, 40), r.y + r.h / 2);
}

// A click at a point of the page, press and release in frames of their own (Dear ImGui 1.86
// sees only the state of the button at each frame).
export async function clickAt(page, x, y) {
  await page.mouse.move(x, y);
  await frames(page);
  await page.mouse.down();
  await frames(page);
  await page.mouse.up();
  await frames(page);
}

// A double click as a person makes it: each press and release in its own frame, within the
// double-click time.
export async function doubleClick(page, id) {
  const r = await widgetOnScreen(page, id);
  await page.mouse.move(r.x + Math.min(20, r.w / 2), r.y + r.h / 2);
  await frames(page);
  for (let i = 0; i < 2; i++) {
    await page.mouse.down();
    await frames(page, 1);
    await page.mouse.up();
    await frames(page, 1);
  }
  await frames(page);
}

// A fresh browser context on the served page with the app started. `errors` collects the
// page's uncaught errors (tests end with assert.deepEqual(errors, [])).
export async function openApp(env, { width = 1280, height = 800, ...options } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.url);
  await waitForApp(page);
  return { context, page, errors };
}

// One browser and one local server for a test file: `const env = useBrowser();` then
// `env.browser` and `env.url` inside the tests.
export function useBrowser() {
  const env = {};
  before(async () => {
    checkBuilt();
    env.browser = await launch();
    ({ server: env.server, url: env.url } = await startServer());
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}
