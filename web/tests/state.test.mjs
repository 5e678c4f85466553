// The page state's URL form (Node, no browser): what a shared link can hold is what the page can show.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { LOSSES, LOSS_IDS, isEmbeddingKind } from '../src/losses.js';
import { COSINE_MARGIN, PLANE, TRIPLET_MARGIN } from '../src/embedding-state.js';
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

test("the header's counts of losses and label conventions are true of the losses the page describes", async () => {
  const html = await readFile(new URL('../index.html', import.meta.url), 'utf8');
  const span = (id) => html.match(new RegExp(`<span id="${id}">([^<]*)</span>`))[1];
  const defs = Object.values(LOSSES);
  const count = (expects) => defs.filter((def) => JSON.stringify(def.expects) === JSON.stringify(expects)).length;
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
  const expected = `${words[count([0, 1])]} of them want labels in {0, 1}, ${words[count([-1, 1])]} in {−1, +1}, `
    + `${words[count('index')]} a class index, ${words[count('list')]} a list of class indices, and ${words[count('none')]} no label at all.`;
  assert.equal(span('convention-count').toLowerCase(), expected);
  assert.equal(count([0, 1]) + count([-1, 1]) + count('index') + count('list') + count('none'), defs.length, 'every loss is counted once');
  const embeddings = defs.filter(isEmbeddingKind).length;
  assert.equal(span('loss-count').toLowerCase(),
    `${words[defs.length]} losses, ${words[defs.length - embeddings]} for classification and ${words[embeddings]} for embeddings`);
  assert.match(html, new RegExp(`<meta name="description" content="An interactive page for ${words[defs.length]} of PyTorch's losses, `
    + `${words[defs.length - embeddings]} for classification and ${words[embeddings]} for embeddings`));
});

test('the embedding explorers’ state: points on the plane’s grid, valid labels and options, one reduction', () => {
  const st = fromQuery('?loss=cosineEmbedding&u=9,-0.333&v=a,1&cy=0.5&margin=3&red=sum');
  assert.deepEqual(st.u, [PLANE[1], -0.35], 'clamped to the plane, snapped to its 0.05 grid');
  assert.deepEqual(st.v, lossExample('cosineEmbedding').v, 'a list with a non-number is ignored whole');
  assert.equal(st.cy, lossExample('cosineEmbedding').cy, 'only +1, −1 and the mistaken 0 are labels the explorer offers');
  assert.equal(st.margin, COSINE_MARGIN.max);
  assert.equal(st.red, 'mean', 'one pair: the reduction does not change the number, so it stays the default');
  assert.equal(fromQuery('?loss=cosineEmbedding&cy=0').cy, 0, 'the {0, 1} mistake survives the URL');
  const t = fromQuery('?loss=tripletMargin&p=2.7&sw=1&eps=0&margin=-7&ta=1,1');
  assert.equal(t.p, 2.5);
  assert.equal(t.sw, true);
  assert.equal(t.eps, 0);
  assert.equal(t.margin, TRIPLET_MARGIN.min);
  assert.deepEqual(t.ta, [1, 1]);
  assert.equal(fromQuery('?loss=tripletMargin&eps=0.5').eps, 1e-6, 'eps is PyTorch’s default or 0');
  assert.equal(fromQuery('?loss=multiMargin&p=2.7').p, 1, 'MultiMarginLoss keeps p in {1, 2}');
  assert.equal(fromQuery('?loss=multiMargin&p=2').p, 2);
  for (const query of ['loss=cosineEmbedding&margin=-0.3&u=1,0&v=-0.5,2.25&cy=0', 'loss=tripletMargin&margin=1.5&p=1&ta=0,0&tp=1,0&tn=2,0&sw=1&eps=0']) {
    const state = fromQuery(query);
    assert.equal(toQuery(state), query, 'a changed embedding state is written back as it was read');
    assert.deepEqual(fromQuery(toQuery(state)), state);
  }
  assert.equal(toQuery(fromQuery('?loss=tripletMargin')), 'loss=tripletMargin', 'an untouched embedding example writes only its loss');
});
