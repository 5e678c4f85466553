// The convention lab, the symptom cards and the explorer's diagnosis. In Node: every sentence a lab card
// can show, swept over the lab slider's whole range (−6…6 in its steps of 0.1), is checked against the
// numbers (claims backed by the words they use, numbers checked against closed forms where they exist);
// the diagnosis comes from the package's checkLabels for every loss × label value; each symptom state
// shows its symptom. In Chromium: each card's Explore button opens the state the card describes, a
// symptom then a loss change leaves no lab key in the URL, and screenshots of the lab.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkLabels, init } from '../../js/index.js';
import { cosineNumbers } from '../src/embedding-calls.js';
import { CASES, explorerShows, numbersAt, verdictsAt } from '../src/lab-cases.js';
import { LOSSES, SCORE_LOSS_IDS, diagnose, labelChoices, packageOptions, packageTarget, run, typeset } from '../src/losses.js';
import { SYMPTOMS } from '../src/symptoms.js';
import { fromQuery, lossExample, sanitize, defaultState } from '../src/state.js';

const softplus = (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const close = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const SLIDER = Array.from({ length: 121 }, (_, k) => Math.round(-60 + k) / 10);
const get = (n, path) => path.split('.').reduce((o, k) => o[k], n);
const cosineOf = (s) => 1 / Math.sqrt(1 + s * s);

let ml;
before(async () => { ml = await init(); });

// Words a sentence may use, and the claims that must back each (a sentence using the word without
// such a claim fails, whatever the numbers).
const WORDS = [
  [/\bnegative\b/, ['negative', 'root']],
  [/\bpositive\b/, ['positive']],
  [/exactly 0|0 \(exactly\)/, ['zero']],
  [/flat ln 2/, ['ln2']],
  [/wrong way/, ['wrongWay']],
  [/never drops below/, ['floor']],
  [/never rises above|≤ 1\/4/, ['ceiling']],
  [/unbounded below/, ['unbounded']],
  [/at every score/, ['constant']],
  [/same loss/, ['same']],
  [/smaller than/, ['smaller']],
  [/RangeError/, ['throws']],
  [/max\(x, margin\)/, ['maxMargin', 'constant']],
];

/** Checks one claim against the numbers n of case c (measured again at other scores where it is global). */
function check(c, n, [kind, ...args], where) {
  const v = (path) => get(n, path);
  const ok = {
    negative: () => v(args[0]) < 0,
    positive: () => v(args[0]) > 0,
    zero: () => v(args[0]) === 0,
    ln2: () => Math.abs(v(args[0]) - Math.LN2) < 1e-12,
    floor: () => v(args[0]) >= args[1],
    ceiling: () => v(args[0]) <= args[1],
    wrongWay: () => Math.sign(n.wrong.grad) === -Math.sign(n.right.grad) && n.wrong.grad !== 0,
    same: () => close(v(args[0]).loss, v(args[1]).loss) && close(v(args[0]).grad, v(args[1]).grad),
    smaller: () => Math.abs(v(args[0])) < Math.abs(v(args[1])),
    root: () => Math.sign(numbersAt(ml, c, args[0] - 0.005).wrong.loss) !== Math.sign(numbersAt(ml, c, args[0] + 0.005).wrong.loss),
    unbounded: () => numbersAt(ml, c, args[0] * 1e3).wrong.loss < -100 && numbersAt(ml, c, args[0] * 1e4).wrong.loss < -1000,
    constant: () => [-6, -1.3, 0, 2.7, 6].every((s) => numbersAt(ml, c, s)[args[0].split('.')[0]][args[0].split('.')[1]] === v(args[0])),
    throws: () => typeof n.error === 'string' && n.error.length > 0,
    maxMargin: () => close(n.wrong.loss, Math.max(n.s, 1)),
    // The cosine card: its cosine against the closed form (x1 = [1, 0], x2 = [1, x]: cos = 1/√(1 + x²), up
    // to ε's 10⁻¹²),
    // and a small descent step on x.
    aboveMargin: () => cosineOf(n.s) > 0.25 && close(n.cos, cosineOf(n.s), 1e-11),
    belowMargin: () => cosineOf(n.s) < 0.25 && close(n.cos, cosineOf(n.s), 1e-11),
    apart: () => cosineOf(n.s - 1e-6 * Math.sign(n.right.grad)) < cosineOf(n.s),
    vanishes: () => Math.abs(v(args[0])) <= 1e-9,
  }[kind];
  assert.ok(ok, `${where}: unknown claim ${kind}`);
  assert.ok(ok(), `${where}: claim ${JSON.stringify([kind, ...args])} is false (${JSON.stringify({ right: n.right, wrong: n.wrong })})`);
}

describe('every lab sentence is true at every score of the slider', () => {
  for (const c of CASES) {
    test(c.id, () => {
      for (const s of SLIDER) {
        const n = numbersAt(ml, c, s);
        const shown = verdictsAt(c, n);
        assert.ok(shown.length > 0, `${c.id} at ${s}: at least one sentence`);
        for (const { text, claims } of shown) {
          const where = `${c.id} at x = ${s}: “${text}”`;
          for (const claim of claims) check(c, n, claim, where);
          for (const [word, kinds] of WORDS) {
            if (word.test(text)) assert.ok(claims.some(([k]) => kinds.includes(k)), `${where}: says ${word} without a ${kinds.join('/')} claim`);
          }
          // The numbers a sentence prints are the live ones, not a remembered example.
          for (const m of text.matchAll(/[−-]?\d+\.\d{4}\b/g)) {
            const value = Number(m[0].replace('−', '-'));
            const live = [n.right.loss, n.right.grad, n.wrong.loss, n.wrong.grad, n.extra?.loss, n.slope, n.cos, Math.LN2, 2 * Math.LN2]
              .filter(Number.isFinite);
            assert.ok(live.some((x) => Math.abs(x - value) <= 5e-5), `${where}: ${m[0]} is none of the live numbers`);
          }
        }
      }
    });
  }
});

test('closed forms: the formulas the cards name are the package’s numbers', () => {
  const byId = Object.fromEntries(CASES.map((c) => [c.id, c]));
  for (const s of SLIDER) {
    const at = (id) => numbersAt(ml, byId[id], s);
    assert.ok(Math.abs(at('soft').wrong.loss - Math.LN2) < 1e-12, 'SoftMargin y = 0 is ln 2');
    assert.ok(close(at('bce').wrong.loss, 2 * s + softplus(-s), 1e-12), 'BCE y = −1 is 2x + softplus(−x)');
    assert.ok(close(at('bce').wrong.grad, sigmoid(s) + 1, 1e-12), 'its gradient is σ(x) + 1');
    // MultiLabelSoftMargin reads y = 3 as 3·softplus(−x) − 2·softplus(x) (one class, so no mean).
    const y3 = ml.multilabelSoftMarginLoss(Float64Array.of(s), Float64Array.of(3), { shape: [1, 1] }).loss;
    assert.ok(close(y3, 3 * softplus(-s) - 2 * softplus(s), 1e-12), `y = 3 term at ${s}`);
    // The index list's y = −1 pushes true class 3 down.
    assert.ok(ml.multilabelSoftMarginLoss(Float64Array.of(0.1, s, 0.4, 0.8), Float64Array.of(1, 3, -1, -1), { shape: [1, 4] }).grad[3] > 0);
    assert.ok(close(at('squash').wrong.loss, softplus(sigmoid(s)), 1e-12), 'σ(x) fed as the logit of a y = 0 label');
    assert.equal(at('ranking').wrong.loss, 0.5);
    assert.ok(close(at('hinge').wrong.loss, Math.max(s, 1)));
    // CosineEmbeddingLoss: y = −1 is max(0, cos − margin), y = 0 nothing at all (ε moves cos by 1e−12).
    assert.ok(Math.abs(at('cosine').right.loss - Math.max(0, cosineOf(s) - 0.25)) < 1e-11, `cosine y = −1 at ${s}`);
    assert.ok(at('cosine').wrong.loss === 0 && at('cosine').wrong.grad === 0, `cosine y = 0 at ${s}`);
  }
  // Where BCE's y = −1 loss turns negative: 2x + softplus(−x) = 0 at x = ln((√5 − 1) / 2).
  assert.ok(Math.abs(numbersAt(ml, byId.bce, 0).root - Math.log((Math.sqrt(5) - 1) / 2)) < 1e-9);
  // The 1-based label with C outputs is out of range in the package, as in PyTorch.
  assert.match(numbersAt(ml, byId.onebased, 0).error, /target\[0\] = 3 is out of range/);
});

test('each card opens an explorer state whose numbers are the card’s (where the explorer holds the mistake)', () => {
  for (const c of CASES) {
    for (const s of [-6, -2, 0, 1.3, 5]) {
      const st = sanitize({ ...defaultState(), ...c.explore(s) });
      assert.deepEqual(st.x, c.explore(s).x, `${c.id}: the state survives sanitize`);
      if (c.id === 'cosine') {
        // The pair's label in the explorer is the mistake's: its numbers are the card's y = 0 ones, and
        // its y = −1 loss the card's correct one, wherever the plane holds x2 (its coordinates stop at ±3).
        const n = numbersAt(ml, c, Math.max(-3, Math.min(3, s)));
        const shown = cosineNumbers(ml, st);
        assert.equal(shown.loss, n.wrong.loss);
        assert.equal(shown.grad2[1], n.wrong.grad);
        assert.ok(close(shown.byLabel[-1].loss, n.right.loss), `cosine at ${s}: explorer ${shown.byLabel[-1].loss}, card ${n.right.loss}`);
        assert.ok(explorerShows(c, st), 'the card says the explorer shows its mistake');
        continue;
      }
      if (!['mlsm', 'mlm', 'onebased'].includes(c.id)) continue;
      // Row losses: the explorer's (mean over the one row) is the card's mistaken loss, at the score the
      // explorer can hold (its sliders stop at ±5).
      const n = numbersAt(ml, c, Math.max(-5, Math.min(5, s)));
      const out = run(ml, st);
      assert.ok(close(out.loss, n.wrong.loss), `${c.id} at ${s}: explorer ${out.loss}, card ${n.wrong.loss}`);
      assert.ok(close(out.grad[st.sel], n.wrong.grad), `${c.id} at ${s}: gradient`);
    }
  }
});

describe('diagnose: the package’s checkLabels for every loss × label value, and the page’s own notes', () => {
  const combos = (values, k) => (k === 0 ? [[]] : combos(values, k - 1).flatMap((c) => values.map((v) => [...c, v])));
  for (const loss of SCORE_LOSS_IDS) {
    test(loss, () => {
      const def = LOSSES[loss];
      const states = [];
      if (def.kind === 'multiclass') {
        for (const t of [0, 1, 2, 3]) for (const ii of [-100, 1]) for (const red of ['mean', 'sum']) states.push({ ...lossExample(loss), t, ii, red });
      } else {
        for (const y of combos(labelChoices(def), 4)) {
          for (const tf of def.fn === 'multilabelMarginLoss' ? ['list', 'multihot'] : ['list']) states.push({ ...lossExample(loss), y, tf });
        }
        if (def.fn === 'hingeEmbeddingLoss') states.push({ ...lossExample(loss), x: [-0.5, 2, 0.6, 1.4], y: [1, 1, -1, -1] });
      }
      for (const st of states) {
        const target = def.kind === 'ranking' ? st.y : packageTarget(def, st);
        const d = checkLabels(def.fn, target, packageOptions(def, st));
        const shown = diagnose(st);
        const fromPackage = shown.filter((p) => p.text.includes(typeset(d.problem ?? '\u0000')));
        assert.equal(fromPackage.length, d.fits ? 0 : 1, `${loss} ${JSON.stringify(target)}: one warning iff checkLabels says it does not fit`);
        if (!d.fits) {
          assert.ok(fromPackage[0].text.endsWith(`Fix: ${typeset(d.fix)}.`));
          const count = fromPackage[0].title.match(/^(\d+) /);
          if (count) assert.equal(Number(count[1]), Array.from(target).filter((v) => v === target[d.index]).length, 'the count in the title');
        }
        // The page's notes, each checked against the package.
        const notes = shown.filter((p) => !fromPackage.includes(p));
        const perElement = run(ml, { ...st, red: 'none' });
        const negativeDistance = def.fn === 'hingeEmbeddingLoss' && st.x.some((x, i) => st.y[i] === 1 && x < 0);
        assert.equal(notes.some((p) => /negative distance/.test(p.title)), negativeDistance);
        if (negativeDistance) {
          const i = st.x.findIndex((x, k) => st.y[k] === 1 && x < 0);
          assert.ok(perElement.loss[i] < 0 && perElement.loss[i] === st.x[i], 'its loss term is x itself, negative');
        }
        const ignored = def.fn === 'crossEntropyLoss' && st.t === st.ii;
        assert.equal(notes.some((p) => /ignoreIndex/.test(p.title)), ignored);
        if (ignored) {
          const out = run(ml, st);
          assert.ok(out.grad.every((g) => g === 0), 'gradient 0');
          if (st.red === 'mean') assert.ok(Number.isNaN(out.loss) && /NaN/.test(notes[0].text));
          else assert.ok(out.loss === 0 && /loss is 0/.test(notes[0].text));
        }
        assert.equal(notes.length, Number(negativeDistance) + Number(ignored), 'no other notes');
      }
    });
  }
});

test('each symptom state shows its symptom (numbers from the package)', () => {
  const by = Object.fromEntries(SYMPTOMS.map((s) => [s.id, s]));
  const state = (id) => sanitize({ ...defaultState(), ...by[id].state });
  assert.ok(by.apart, 'the embedding symptom is on the page');
  for (const s of SYMPTOMS) {
    assert.ok(s.fix && s.text && s.title, `${s.id}: title, cause and fix`);
    assert.ok(Boolean(s.state) !== Boolean(s.card), `${s.id}: an explorer state or a lab card`);
    if (s.card) assert.ok(CASES.some((c) => `lab-${c.id}` === s.card), `${s.id}: its lab card exists`);
    for (const l of s.see ?? []) assert.match(l.href, /^https:\/\/github\.com\/pytorch\/pytorch\/issues\/\d+$/);
  }
  const stuck = run(ml, state('stuck'));
  assert.ok(Math.abs(stuck.loss - Math.LN2) < 1e-12 && stuck.grad.every((g) => g === 0), 'stuck at ln 2, gradient 0');
  assert.ok(run(ml, state('negative')).loss < 0, 'negative');
  assert.ok(run(ml, state('padded')).loss < 0, 'multi-label negative');
  // Never pushed apart: the pair labelled 0 costs 0 with zero gradients, where −1 would push it apart;
  // in a batch it still counts in the mean's N; one direction for everything costs (up to rounding) 0.
  const apart = cosineNumbers(ml, state('apart'));
  assert.equal(state('apart').cy, 0);
  assert.ok(apart.loss === 0 && [...apart.grad, ...apart.grad2].every((g) => g === 0), 'label 0: loss 0, gradients 0');
  assert.ok(apart.byLabel[-1].loss > 0, 'labelled −1 the same pair would pay');
  const pairs = (x1, x2, y, reduction) => ml.cosineEmbeddingLoss(Float64Array.from(x1), Float64Array.from(x2), y, { shape: [2, 2], reduction });
  const similar = [1.5, 2];
  const dissimilar = [2, 1.5];
  const none = pairs([...similar, ...similar], [2, 1.6, ...dissimilar], [1, 0], 'none').loss;
  assert.equal(none[1], 0, 'the 0 pair adds nothing');
  assert.ok(close(pairs([...similar, ...similar], [2, 1.6, ...dissimilar], [1, 0], 'mean').loss, none[0] / 2), '…but the mean divides by both pairs');
  const collapsed = pairs([1, 1, 1, 1], [1, 1, 1, 1], [1, 0], 'mean');
  assert.ok(collapsed.loss < 1e-12 && [...collapsed.grad, ...collapsed.grad2].every((g) => Math.abs(g) < 1e-9), 'one direction for every input: a minimum');
  const flat = run(ml, state('flat'));
  assert.ok(flat.loss === state('flat').margin && flat.grad.every((g) => g === 0), 'flat: max(0, margin), gradient 0');
  const squashed = state('squashed');
  const terms = run(ml, { ...squashed, red: 'none' }).loss;
  squashed.y.forEach((y, i) => { if (y === 0) assert.ok(terms[i] > Math.LN2, 'every y = 0 term above ln 2'); });
  const ignored = state('ignored');
  assert.equal(checkLabels('multilabelMarginLoss', packageTarget(LOSSES.multilabelMargin, ignored), { shape: [1, 4] }).convention, 'multi-hot');
  // 1-based: the top label is out of range in the package, as in PyTorch.
  assert.throws(() => ml.crossEntropyLoss(Float64Array.of(0.5, 1, 2), [3], { shape: [1, 3] }), RangeError);
  // One-hot float rows give the index's loss; a multi-hot row is not probabilities.
  const x = Float64Array.of(1, 2.2, 0.5, 1.8);
  assert.ok(close(ml.crossEntropyLoss(x, Float64Array.of(0, 0, 0, 1), { shape: [1, 4] }).loss, ml.crossEntropyLoss(x, [3], { shape: [1, 4] }).loss));
  assert.equal(checkLabels('crossEntropyLoss', Float64Array.of(0, 1, 0, 1), { shape: [1, 4] }).fits, false);
});

test('the lab keeps no highlight in the URL state', () => {
  const st = fromQuery('lab=bce&lx=3');
  assert.equal(st.lx, 3);
  assert.ok(!('lab' in defaultState()));
});

// ----------------------------------------------------------------------------------------------------
// In the browser.
describe('in the browser', () => {
  let site;
  let harness;
  before(async () => {
    harness = await import('./harness.mjs');
    site = await harness.startSite();
  });
  after(async () => { await site?.close(); });

  /** The explorer's state as its controls show it. */
  const explorerState = (page) => page.evaluate(() => {
    const nums = (key) => [...document.querySelectorAll(`input[type=number][id^="ex-${key}-"][id$="-n"]`)]
      .filter((el) => new RegExp(`^ex-${key}-\\d+-n$`).test(el.id)).map((el) => Number(el.value));
    const value = (id) => document.getElementById(id)?.value;
    return {
      loss: value('ex-loss'), x: nums('x'), x2: nums('x2'),
      y: [...document.querySelectorAll('select[id^="ex-y-"]')].map((el) => Number(el.value)),
      t: value('ex-t'), tf: value('ex-tf'), margin: value('ex-margin'),
    };
  });

  test('each card’s Explore button opens the explorer in the state the card describes', async () => {
    const { page, errors, context } = await harness.openPage(site, '?lx=1.3', { width: 1280, height: 800 });
    for (const c of CASES) {
      const card = page.locator(`#lab-${c.id}`);
      const described = JSON.parse(await card.locator('.lab-example').getAttribute('data-explore'));
      const expected = c.explore(1.3);
      assert.deepEqual(described.x, expected.x, `${c.id}: the card describes its own example`);
      await card.locator(`#lab-${c.id}-explore`).click();
      await page.waitForFunction((loss) => document.querySelector('#ex-loss').value === loss, expected.loss);
      if (LOSSES[expected.loss].kind === 'cosine') {
        // The embedding view: its vectors, label and margin, as its controls show them.
        const pair = await page.evaluate(() => {
          const num = (id) => Number(document.getElementById(id).value);
          return { u: [num('emb-u-0-n'), num('emb-u-1-n')], v: [num('emb-v-0-n'), num('emb-v-1-n')], cy: num('emb-cy'), margin: num('emb-margin') };
        });
        assert.deepEqual(pair, { u: described.u, v: described.v, cy: described.cy, margin: described.margin }, `${c.id}: the pair`);
        assert.deepEqual(described.v, expected.v, `${c.id}: the card describes its own example`);
        assert.equal(await card.evaluate((el) => el.classList.contains('highlight')), c.exploreShowsMistake, `${c.id}: highlight`);
        continue;
      }
      await page.waitForFunction((x) => JSON.stringify([...document.querySelectorAll('input[type=number][id^="ex-x-"]')]
        .filter((el) => /^ex-x-\d+-n$/.test(el.id)).map((el) => Number(el.value))) === JSON.stringify(x), expected.x);
      const shown = await explorerState(page);
      assert.equal(shown.loss, described.loss, c.id);
      assert.deepEqual(shown.x, described.x, `${c.id}: scores`);
      const def = LOSSES[expected.loss];
      if (def.kind === 'multiclass') assert.equal(Number(shown.t), described.t, `${c.id}: class`);
      else assert.deepEqual(shown.y, described.y, `${c.id}: labels`);
      if (def.fn === 'multilabelMarginLoss') assert.equal(shown.tf, described.tf, `${c.id}: target form`);
      if (def.kind === 'ranking') {
        assert.deepEqual(shown.x2, described.x2);
        assert.equal(Number(shown.margin), described.margin);
      }
      // The card is highlighted exactly when the explorer shows its mistake.
      assert.equal(await card.evaluate((el) => el.classList.contains('highlight')), c.exploreShowsMistake, `${c.id}: highlight`);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('lab'), null, 'no lab key in the URL');
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a symptom then a loss change leaves no stale lab key or highlight; lab screenshots', async () => {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
      const { page, errors, context } = await harness.openPage(site, '?lx=3', viewport);
      await page.locator('#symptom-negative').click();
      await page.waitForFunction(() => new URL(location.href).searchParams.get('loss') === 'bceWithLogits');
      assert.equal(await page.locator('#lab-bce').evaluate((el) => el.classList.contains('highlight')), true);
      await page.locator('#ex-loss').selectOption('hingeEmbedding');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('loss') === 'hingeEmbedding');
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('lab'), null, 'no lab key in a shared link');
      // The explorer's own HingeEmbedding example uses ±1 labels: no card's mistake, so no highlight.
      assert.deepEqual(await page.locator('.lab-card.highlight').evaluateAll((els) => els.map((el) => el.id)), []);
      // A symptom whose mistake the explorer cannot hold focuses its lab card, and writes no hash.
      await page.locator('#symptom-rows').click();
      await page.waitForFunction(() => document.activeElement?.id === 'lab-cerows');
      assert.equal(new URL(page.url()).hash, '');
      // The verdicts shown are the module's for this score (x = 3 here): no fixed text.
      const bce = CASES.find((c) => c.id === 'bce');
      const expected = verdictsAt(bce, numbersAt(ml, bce, 3)).map((v) => v.text);
      assert.deepEqual(await page.locator('#lab-bce-verdict p').allTextContents(), expected);
      assert.match(expected.join(' '), /still positive \(6\.0486\)/);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(scroll <= 1, `no horizontal overflow at ${name} (${scroll}px)`);
      await page.locator('#lab').screenshot({ path: `${harness.SHOTS}lab-${name}.png` });
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});
