// "Every PyTorch snippet runs" (issue 10, defect 1; the embedding losses' snippets have their own test,
// embedding-snippets.test.mjs): the page's code snippets for the committed states of
// tools/page-snippets/states.txt were run in PyTorch 1.13 (tools/page-snippets/generate.mjs), and the
// fixture holds what PyTorch printed. Here, without torch: each snippet is still byte-identical to the
// one PyTorch ran, the package (through the page's own run()) gives PyTorch's numbers, the JavaScript
// snippet runs unchanged in Node and prints them too, and the explorer shows them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { init } from '../../js/index.js';
import { fromJSONSafe, parsePrinted, readStates } from '../../tools/page-snippets/printed.mjs';
import { LOSSES, REDUCTIONS, SCORE_LOSS_IDS, labelChoices, packageOptions, run } from '../src/losses.js';
import { snippets } from '../src/snippets.js';
import { fromQuery, sanitize } from '../src/state.js';
import { openPage, startSite } from './harness.mjs';
import { printedBySnippets } from './run-snippets.mjs';

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/page-snippets.json', import.meta.url), 'utf8'))
  .map((e) => ({ ...e, torch: fromJSONSafe(e.torch) }));
const STATES = readStates(readFileSync(new URL('../../tools/page-snippets/states.txt', import.meta.url), 'utf8'));
const stateOf = (query) => sanitize(fromQuery(query));
const name = (query) => `?${query}`;

// Within 1e-6 relative (plus 1e-12 absolute, for gradients that are 0 in one and ~1e-17 in the other);
// NaN equals NaN.
function assertClose(actual, expected, what) {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : expected;
  assert.equal(a.length, e.length, `${what}: ${a.length} values, PyTorch printed ${e.length}`);
  a.forEach((v, i) => {
    const ok = Number.isNaN(e[i]) ? Number.isNaN(v) : Math.abs(v - e[i]) <= 1e-6 * Math.max(Math.abs(v), Math.abs(e[i])) + 1e-12;
    assert.ok(ok, `${what}[${i}]: ${v}, PyTorch printed ${e[i]}`);
  });
}
function assertTorch(got, torch, query) {
  assertClose(got.loss, torch.loss, `${name(query)} loss`);
  assertClose(got.grad, torch.grad, `${name(query)} grad`);
  if (torch.grad2) assertClose(got.grad2, torch.grad2, `${name(query)} grad2`);
}

test('the fixture is up to date with states.txt, and the states cover every loss, reduction, option and label', () => {
  assert.deepEqual(FIXTURE.map((e) => e.query), STATES, 'rerun: node tools/page-snippets/generate.mjs');
  assert.ok(STATES.length >= 40);
  assert.ok(STATES.includes(''), 'the untouched page (no query) is a state');
  const states = STATES.map(stateOf);
  for (const loss of SCORE_LOSS_IDS) {
    const def = LOSSES[loss];
    const mine = states.filter((st) => st.loss === loss);
    for (const red of REDUCTIONS) assert.ok(mine.some((st) => st.red === red), `${loss} with reduction '${red}'`);
    const opts = mine.map((st) => packageOptions(def, st));
    for (const key of ['weight', 'posWeight', 'labelSmoothing', 'ignoreIndex']) {
      if (def.options.includes(key)) assert.ok(opts.some((o) => key in o), `${loss} with ${key}`);
    }
    if (def.options.includes('p')) assert.ok(opts.some((o) => o.p === 2), `${loss} with p = 2`);
    if (def.options.includes('margin')) {
      for (const [what, ok] of [['0', (m) => m === 0], ['negative', (m) => m < 0], ['other than the default', (m) => m !== def.defaults.margin && m > 0]]) {
        assert.ok(opts.some((o) => ok(o.margin)), `${loss} with margin ${what}`);
      }
    }
    if (def.kind !== 'multiclass') {
      for (const v of new Set([...labelChoices(def), -1, 0, 1])) assert.ok(mine.some((st) => st.y.includes(v)), `${loss} with a label ${v}`);
    }
  }
  assert.ok(states.some((st) => st.loss === 'crossEntropy' && st.t === st.ii), 'every target ignored (NaN mean)');
  assert.ok(states.some((st) => st.loss === 'multilabelMargin' && st.tf === 'multihot'), 'the multi-hot mistake');
});

test('each snippet is byte-identical to the one PyTorch ran', () => {
  for (const entry of FIXTURE) {
    const { js, py } = snippets(stateOf(entry.query));
    assert.equal(py, entry.py, `${name(entry.query)}: Python snippet changed; rerun node tools/page-snippets/generate.mjs`);
    assert.equal(js, entry.js, `${name(entry.query)}: JavaScript snippet changed; rerun node tools/page-snippets/generate.mjs`);
  }
});

test('the package, called as the page calls it (run), gives PyTorch\'s loss and gradients', async () => {
  const ml = await init();
  for (const entry of FIXTURE) assertTorch(run(ml, stateOf(entry.query)), entry.torch, entry.query);
});

test('each JavaScript snippet runs unchanged in Node and prints PyTorch\'s numbers', async () => {
  const printed = await printedBySnippets(FIXTURE, 'page-snippets');
  FIXTURE.forEach((entry, i) => assertTorch(parsePrinted(printed[i]), entry.torch, entry.query));
});

test('the explorer shows, for every state, the code PyTorch ran and PyTorch\'s loss and gradient', async () => {
  const site = await startSite();
  const { page, errors, context } = await openPage(site, '');
  try {
    // A page load costs about a second, so the page is opened afresh at the first state of each loss
    // (and the untouched page); it reaches the other states as Back and Forward reach them: the URL
    // changes and a popstate event fires (main.js then reads the state from the URL, as on load).
    const opened = new Set();
    for (const entry of FIXTURE) {
      const loss = stateOf(entry.query).loss;
      if (entry.query === '' || !opened.has(loss)) {
        opened.add(loss);
        await page.goto(new URL(`?${entry.query}`, site.url).href);
      } else {
        await page.evaluate((query) => {
          document.body.dataset.ready = 'false';
          history.pushState(null, '', `?${query}`);
          dispatchEvent(new PopStateEvent('popstate'));
        }, entry.query);
      }
      await page.waitForSelector('body[data-ready="true"]');
      const shown = await page.evaluate(() => ({
        loss: JSON.parse(document.querySelector('#ex-loss-value').dataset.value),
        grad: JSON.parse(document.querySelector('#ex-grad-value').dataset.value),
        py: document.querySelector('#snippet-py')?.textContent,
        js: document.querySelector('#snippet-js')?.textContent,
      }));
      assert.equal(shown.py, entry.py, `${name(entry.query)}: the explorer's PyTorch code is the code PyTorch ran`);
      assert.equal(shown.js, entry.js, `${name(entry.query)}: the explorer's JavaScript code is the code checked above`);
      // data-value is JSON, which writes NaN as null.
      const nan = (v) => (v === null ? NaN : Array.isArray(v) ? v.map(nan) : v);
      assertClose(nan(shown.loss), entry.torch.loss, `${name(entry.query)}: #ex-loss-value`);
      assertClose(nan(shown.grad), entry.torch.grad, `${name(entry.query)}: #ex-grad-value`);
    }
    assert.equal(opened.size, SCORE_LOSS_IDS.length);
    assert.deepEqual(errors, [], 'no console errors');
  } finally {
    await context.close();
    await site.close();
  }
});
