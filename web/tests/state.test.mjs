// The page state's URL form (Node, no browser): what a shared link can hold is what the page can show.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { LOSSES, LOSS_IDS } from '../src/losses.js';
import { SCORE_DOMAIN, defaultState, fromQuery, lossExample, toQuery } from '../src/state.js';

test('the untouched page has a bare URL, and every loss example round-trips', () => {
  assert.equal(toQuery(defaultState()), '');
  for (const loss of LOSS_IDS) {
    const st = fromQuery(`?loss=${loss}`);
    assert.deepEqual({ ...st, ...lossExample(loss) }, st, `${loss}: its example state`);
    assert.deepEqual(fromQuery(toQuery(st)), st);
  }
});

test('scores are kept within the range the sliders and the number line show', () => {
  const st = fromQuery('?x=6,-7.5,2,1e9');
  assert.deepEqual(st.x, [SCORE_DOMAIN[1], SCORE_DOMAIN[0], 2, SCORE_DOMAIN[1]]);
  assert.deepEqual(fromQuery('?loss=marginRanking&x2=9,0,0,0').x2[0], SCORE_DOMAIN[1]);
});

test('a URL with more scores than labels does not invent {0, 1} labels: the missing ones are 1', () => {
  const st = fromQuery('?loss=softMargin&x=1,2,3,4,5,-1&y=1,-1');
  assert.deepEqual(st.y, [1, -1, 1, 1, 1, 1]);
  assert.ok(!st.y.includes(0), 'no label 0 appears that the URL did not hold');
});

test('garbage in the URL falls back to defaults', () => {
  const st = fromQuery('?loss=nope&red=avg&x=a,b&margin=x&ls=9&simd=2');
  const base = defaultState();
  assert.equal(st.loss, base.loss);
  assert.equal(st.red, 'mean');
  assert.deepEqual(st.x, base.x);
  assert.equal(st.ls, 1);
  assert.equal(st.simd, true);
  assert.equal(fromQuery('?simd=0').simd, false);
  assert.equal(toQuery(fromQuery('?simd=0')), 'simd=0');
});

test("the header's count of label conventions is true of the losses the page describes", async () => {
  const html = await readFile(new URL('../index.html', import.meta.url), 'utf8');
  const sentence = html.match(/<span id="convention-count">([^<]*)<\/span>/)[1];
  const count = (expects) => Object.values(LOSSES).filter((def) => JSON.stringify(def.expects) === JSON.stringify(expects)).length;
  const words = ['zero', 'one', 'two', 'three', 'four', 'five'];
  const expected = `${words[count([0, 1])]} of them want labels in {0, 1}, ${words[count([-1, 1])]} in {−1, +1}, `
    + `${words[count('index')]} a class index and ${words[count('list')]} a list of class indices.`;
  assert.equal(sentence.toLowerCase(), expected);
});
