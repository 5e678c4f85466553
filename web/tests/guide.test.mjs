// The decision guide answers with the package's recommendLoss (called here in Node as the oracle): the
// loss it names, the conversion it asks for, or its reason why nothing fits; its code panel shows the
// chosen loss, not the explorer's; an unknown answer in the URL falls back to the defaults.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { recommendLoss } from '../../js/index.js';
import { GUIDE_CHOICES, GUIDE_DEFAULTS } from '../src/guide-state.js';
import { LOSSES } from '../src/losses.js';
import { openPage, startSite } from './harness.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const nameOf = (fn) => Object.values(LOSSES).find((def) => def.fn === fn).name;

/** What recommendLoss answers for the guide's three answers ('any' leaves a question out). */
function oracle(go, gl, gs) {
  const query = { perSample: go };
  if (gl !== 'any') query.labels = gl;
  if (gs !== 'any') query.style = gs;
  try {
    return { ok: true, ...recommendLoss(query) };
  } catch (error) {
    return { ok: false, message: error.message };
  }
}

test('every combination of answers shows what recommendLoss answers, with the chosen loss as code', async () => {
  const { page, errors, context } = await openPage(site, '');
  let answered = 0;
  for (const go of GUIDE_CHOICES.go) {
    await page.locator('#guide-out').selectOption(go);
    for (const gs of GUIDE_CHOICES.gs) {
      await page.locator('#guide-style').selectOption(gs);
      for (const gl of GUIDE_CHOICES.gl) {
        await page.locator('#guide-label').selectOption(gl);
        await page.waitForFunction(([a, b, c]) => {
          const q = new URL(location.href).searchParams;
          return (q.get('go') ?? 'single-label') === a && (q.get('gl') ?? 'any') === b && (q.get('gs') ?? 'any') === c;
        }, [go, gl, gs]);
        const expected = oracle(go, gl, gs);
        const text = await page.locator('.guide-result').textContent();
        if (!expected.ok) {
          assert.ok(text.includes(expected.message.replace(/^recommendLoss: /, '')), `${go}/${gl}/${gs}: shows why nothing fits: ${text}`);
          continue;
        }
        answered += 1;
        const name = nameOf(expected.loss);
        assert.equal(await page.locator('#guide-choice').textContent(), name, `${go}/${gl}/${gs}`);
        assert.ok(text.includes(expected.why), `${go}/${gl}/${gs}: the package's why`);
        if (expected.convert) assert.ok(text.includes(expected.convert), `${go}/${gl}/${gs}: the conversion`);
        else assert.equal(await page.locator('#guide-convert').count(), 0);
        assert.match(await page.locator('#guide-snippet-py').textContent(), new RegExp(`torch\\.nn\\.${name}\\(`));
        assert.match(await page.locator('#guide-snippet-js').textContent(), new RegExp(`ml\\.${expected.loss}\\(`));
      }
    }
  }
  assert.ok(answered >= 20, `the guide answers most combinations (${answered})`);
  // The button opens the chosen loss in the explorer.
  await page.locator('#guide-out').selectOption('ranking');
  await page.locator('#guide-label').selectOption('zero-one');
  await page.locator('#guide-style').selectOption('any');
  await page.locator('#guide-open').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('loss') === 'marginRanking');
  assert.equal(await page.locator('#ex-loss').inputValue(), 'marginRanking');
  assert.deepEqual(errors, []);
  await context.close();
});

test('pairs and triplets of embeddings: the guide’s answer opens the embedding explorer', async () => {
  for (const [go, loss, fn] of [['embedding-pair', 'cosineEmbedding', 'cosineEmbeddingLoss'], ['triplet', 'tripletMargin', 'tripletMarginLoss']]) {
    const { page, errors, context } = await openPage(site, `?go=${go}`);
    assert.equal(oracle(go, 'any', 'any').loss, fn, `recommendLoss answers ${fn} for ${go}`);
    assert.equal(await page.locator('#guide-choice').textContent(), nameOf(fn));
    await page.locator('#guide-open').click();
    await page.waitForFunction((l) => new URL(location.href).searchParams.get('loss') === l, loss);
    assert.equal(await page.locator('#emb-plane svg').count(), 1, `${loss}: the plane of the embedding explorer`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('unknown answers in the URL fall back to the defaults (no blank select)', async () => {
  const { page, errors, context } = await openPage(site, '?gl=zzz&go=many&gs=x');
  assert.equal(await page.locator('#guide-label').inputValue(), GUIDE_DEFAULTS.gl);
  assert.equal(await page.locator('#guide-out').inputValue(), GUIDE_DEFAULTS.go);
  assert.equal(await page.locator('#guide-style').inputValue(), GUIDE_DEFAULTS.gs);
  assert.equal(await page.locator('#guide-choice').textContent(), nameOf(oracle(GUIDE_DEFAULTS.go, 'any', 'any').loss));
  assert.deepEqual(errors, []);
  await context.close();
});
