// "Every PyTorch snippet runs", for the embedding explorers: the snippets of the states in
// fixtures/embedding-states.txt were run in PyTorch 1.13 (fixtures/generate-embedding-snippets.mjs) and
// the fixture holds what PyTorch printed. Here, without torch: each snippet is still the one PyTorch ran,
// the package (through the explorers' own calls) gives PyTorch's numbers, the JavaScript snippet runs
// unchanged in Node and prints them too, and the explorer shows the code and the numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { init } from '../../js/index.js';
import { cosineNumbers, tripletNumbers } from '../src/embedding-calls.js';
import { snippets } from '../src/snippets.js';
import { fromQuery } from '../src/state.js';
import { parseEmbeddingPrinted, readQueries } from './fixtures/embedding-printed.mjs';
import { openPage, startSite } from './harness.mjs';
import { printedBySnippets } from './run-snippets.mjs';

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/embedding-snippets.json', import.meta.url), 'utf8'));
const STATES = readQueries(readFileSync(new URL('./fixtures/embedding-states.txt', import.meta.url), 'utf8'));
const ml = await init();

// Within 1e-9 relative (plus 1e-12 absolute, for gradients that are 0 in one and ~1e-17 in the other).
function assertClose(actual, expected, what) {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : expected;
  assert.equal(a.length, e.length, what);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= 1e-9 * Math.max(Math.abs(v), Math.abs(e[i])) + 1e-12, `${what}[${i}]: ${v}, PyTorch printed ${e[i]}`));
}
function assertTorch(got, torch, query) {
  for (const key of Object.keys(torch)) assertClose(got[key], torch[key], `?${query} ${key}`);
}
const numbersOf = (query) => {
  const st = fromQuery(query);
  return st.loss === 'cosineEmbedding' ? cosineNumbers(ml, st) : tripletNumbers(ml, st);
};

test('the fixture is up to date with its states, which cover both losses, every label and option', () => {
  assert.deepEqual(FIXTURE.map((e) => e.query), STATES, 'rerun: node web/tests/fixtures/generate-embedding-snippets.mjs');
  const states = STATES.map((q) => fromQuery(q));
  const cosine = states.filter((st) => st.loss === 'cosineEmbedding');
  const triplets = states.filter((st) => st.loss === 'tripletMargin');
  for (const y of [1, -1, 0]) assert.ok(cosine.some((st) => st.cy === y), `a pair labelled ${y}`);
  assert.ok(cosine.some((st) => st.margin < 0) && cosine.some((st) => st.margin === 0), 'margins 0 and negative');
  for (const p of [1, 2]) assert.ok(triplets.some((st) => st.p === p), `p = ${p}`);
  assert.ok(triplets.some((st) => !Number.isInteger(st.p)), 'a p that is not an integer');
  for (const branch of ['an', 'pn', 'tie']) assert.ok(triplets.some((st) => st.sw && tripletNumbers(ml, st).branch === branch), `swap's ${branch} branch`);
  assert.ok(triplets.some((st) => st.eps === 0) && triplets.some((st) => tripletNumbers(ml, st).loss === 0), 'eps = 0; an easy triplet');
});

test('each snippet is the one PyTorch ran, and the package gives PyTorch’s numbers', () => {
  for (const entry of FIXTURE) {
    const { js, py } = snippets(fromQuery(entry.query));
    assert.equal(py, entry.py, `?${entry.query}: Python snippet changed; rerun the generator`);
    assert.equal(js, entry.js, `?${entry.query}: JavaScript snippet changed; rerun the generator`);
    assertTorch(numbersOf(entry.query), entry.torch, entry.query);
  }
});

test('the {0, 1} mistake’s snippets carry the package’s warning', () => {
  const { js, py } = snippets(fromQuery('loss=cosineEmbedding&cy=0'));
  assert.match(js, /^\/\/ WARNING: target\[0\] = 0: \{0, 1\} labels/);
  assert.match(py, /^# WARNING: target\[0\] = 0: \{0, 1\} labels[^\n]*\n# Fix: map y to 2y - 1\./);
});

test('each JavaScript snippet runs unchanged in Node and prints PyTorch’s numbers', async () => {
  const printed = await printedBySnippets(FIXTURE, 'embedding-snippets');
  FIXTURE.forEach((entry, i) => assertTorch(parseEmbeddingPrinted(printed[i]), entry.torch, entry.query));
});

test('the explorer shows each state’s code and PyTorch’s numbers', async () => {
  const site = await startSite();
  const { page, errors, context } = await openPage(site, '');
  try {
    for (const entry of FIXTURE) {
      await page.evaluate((query) => {
        document.body.dataset.ready = 'false';
        history.pushState(null, '', `?${query}`);
        dispatchEvent(new PopStateEvent('popstate'));
      }, entry.query);
      await page.waitForSelector('body[data-ready="true"]');
      const shown = await page.evaluate(() => ({
        loss: JSON.parse(document.querySelector('#ex-loss-value').dataset.value),
        grad: JSON.parse(document.querySelector('#ex-grad-value').dataset.value),
        grad2: JSON.parse(document.querySelector('#ex-grad2-value').dataset.value),
        grad3: document.querySelector('#ex-grad3-value') && JSON.parse(document.querySelector('#ex-grad3-value').dataset.value),
        py: document.querySelector('#snippet-py')?.textContent,
        js: document.querySelector('#snippet-js')?.textContent,
      }));
      assert.equal(shown.py, entry.py, `?${entry.query}: the explorer's PyTorch code is the code PyTorch ran`);
      assert.equal(shown.js, entry.js, `?${entry.query}: the explorer's JavaScript code is the code checked above`);
      assertTorch(shown, entry.torch, entry.query);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await site.close();
  }
});
