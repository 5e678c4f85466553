// The examples in examples/ run as a user runs them and learn: the typed-array classifier and the tfjs
// layers one in Node (spawned), the Web Worker page in headless Chromium (built by its build.mjs, served
// by web/serve.mjs). Each must take its loss from about ln 3 (a guess among three classes) to a small
// fraction of it and its held-out accuracy from about chance to at least 90%.
//
//   node --test wasm-tests/examples.test.mjs
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { chromium } from 'playwright-core';

import { serve } from '../web/serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

// Reports as { step, loss, accuracy }, from the examples' lines "step N: loss L, accuracy A".
function parseReports(text) {
  return [...text.matchAll(/^step (\d+): loss ([\d.]+), accuracy ([\d.]+)$/gm)]
    .map(([, step, loss, accuracy]) => ({ step: Number(step), loss: Number(loss), accuracy: Number(accuracy) }));
}

function assertLearned(reports, what) {
  assert.ok(reports.length >= 2, `${what}: no progress reports`);
  const first = reports[0];
  const last = reports.at(-1);
  assert.equal(first.step, 1, `${what}: the first report is step 1`);
  assert.ok(last.step >= 300, `${what}: a few hundred steps (${last.step})`);
  // A freshly initialised net guesses: its loss is near ln 3 and its accuracy near 1/3.
  assert.ok(first.loss > 0.8, `${what}: first loss ${first.loss}`);
  assert.ok(first.accuracy < 0.6, `${what}: first accuracy ${first.accuracy}`);
  assert.ok(last.loss < first.loss / 5, `${what}: loss ${first.loss} → ${last.loss}`);
  assert.ok(last.accuracy >= 0.9, `${what}: accuracy ${first.accuracy} → ${last.accuracy}`);
  for (let i = 1; i < reports.length; i++) {
    assert.ok(reports[i].loss < reports[i - 1].loss, `${what}: the loss falls at every report (${reports[i].step})`);
  }
}

for (const example of ['node-typed-arrays', 'tfjs-layers']) {
  test(`examples/${example}/train.mjs trains: its loss falls and its accuracy rises`, async () => {
    const { stdout } = await run(process.execPath, [join(ROOT, 'examples', example, 'train.mjs')], { cwd: ROOT, timeout: 60_000 });
    assertLearned(parseReports(stdout), example);
  });
}

test('examples/browser-worker trains in a Web Worker in headless Chromium and reports its progress', async () => {
  const dist = mkdtempSync(join(tmpdir(), 'marginloss-browser-worker-'));
  let server;
  let browser;
  try {
    await run(process.execPath, [join(ROOT, 'examples/browser-worker/build.mjs'), dist], { cwd: ROOT, timeout: 60_000 });
    let url;
    ({ server, url } = await serve(dist, 0));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    page.on('response', (response) => { if (!response.ok()) errors.push(`HTTP ${response.status()} ${response.url()}`); });
    await page.goto(url);
    await page.waitForSelector('body:not([data-state="training"])', { timeout: 30_000 });
    const state = await page.getAttribute('body', 'data-state');
    const status = await page.textContent('#status');
    assert.equal(state, 'done', status);
    assert.deepEqual(errors, []);
    const rows = await page.$$eval('#rows tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    const reports = rows.map(([step, loss, accuracy]) => ({ step: Number(step), loss: Number(loss), accuracy: Number(accuracy) }));
    assertLearned(reports, 'browser-worker');
    assert.match(status, /^Done: loss [\d.]+, held-out accuracy [\d.]+ \(WebAssembly SIMD build\)\.$/);
    assert.equal(await page.getAttribute('#progress', 'value'), String(reports.at(-1).step));
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dist, { recursive: true, force: true });
  }
});
