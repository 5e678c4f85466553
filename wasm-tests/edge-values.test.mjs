// Numbers at the edges — NaN, ±Inf, subnormals, ±0 and huge logits — for every loss in both dtypes and
// both builds. Expected values come from docs/pytorch-compat.md: the per-loss NaN/±Inf rows, the edge-case
// table ("edge case N" in a test name is its row #edge-N) and closed forms, with the deliberate differences
// ("decision N" is #decision-N: stable softplus, NaN for an empty 'mean', NaN propagating through the
// margin losses).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuilds } from './helpers.mjs';

const builds = await loadBuilds();
const DTYPES = [
  { dtype: 'float32', T: Float32Array, tiny: 2 ** -149, max: 3e38, rtol: 1e-6 },
  { dtype: 'float64', T: Float64Array, tiny: 2 ** -1074, max: 1e300, rtol: 1e-12 },
];
const LN2 = Math.LN2;
const NAN = NaN;
const INF = Infinity;
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

// An expected value: a number (NaN and ±Inf exact; finite ones within rtol, zero exactly zero of either
// sign), or a predicate for values the doc only bounds.
function check(got, want, rtol, label) {
  if (typeof want === 'function') return assert.ok(want(got), `${label} = ${got}`);
  if (Number.isNaN(want)) return assert.ok(Number.isNaN(got), `${label} = ${got}, expected NaN`);
  if (!Number.isFinite(want) || want === 0) return assert.ok(got === want, `${label} = ${got}, expected ${want}`);
  assert.ok(Math.abs(got - want) <= rtol * Math.abs(want), `${label} = ${got}, expected ${want}`);
}

function checkAll(got, want, rtol, label) {
  const g = typeof got === 'number' ? [got] : Array.from(got);
  const w = typeof want === 'number' || typeof want === 'function' ? [want] : want;
  assert.equal(g.length, w.length, `${label}: length`);
  w.forEach((v, i) => check(g[i], v, rtol, `${label}[${i}]`));
}

// [loss, case, (ml, d) => result, (d) => { loss, grad, grad2 }]. `d` is the dtype entry; options
// default to reduction 'none' unless the case says otherwise.
const none = { reduction: 'none' };
const CASES = [
  // SoftMarginLoss (docs/pytorch-compat.md#soft-margin; decision 1: stable softplus, finite gradient for every finite input).
  ['soft', 'x = NaN', (ml, d) => ml.softMarginLoss(d.T.of(NAN), d.T.of(1), none), () => ({ loss: [NAN], grad: [NAN] })],
  ['soft', 'x = +inf, y = 1 → 0, grad 0', (ml, d) => ml.softMarginLoss(d.T.of(INF), d.T.of(1), none), () => ({ loss: [0], grad: [0] })],
  // torch gives a NaN gradient here (inf/inf); the stable softplus gives the limit ∓1 (decision 1 extended).
  ['soft', 'x = −inf, y = 1 → inf, grad −1', (ml, d) => ml.softMarginLoss(d.T.of(-INF), d.T.of(1), none), () => ({ loss: [INF], grad: [-1] })],
  ['soft', 'y = −1, x = +inf → inf, grad 1', (ml, d) => ml.softMarginLoss(d.T.of(INF), d.T.of(-1), none), () => ({ loss: [INF], grad: [1] })],
  ['soft', 'x = −100 (deliberate: 100 and grad −1, not inf/NaN)', (ml, d) => ml.softMarginLoss(d.T.of(-100), d.T.of(1), none), () => ({ loss: [100], grad: [-1] })],
  ['soft', "'mean' over [−100, 1] stays finite", (ml, d) => ml.softMarginLoss(d.T.of(-100, 1), d.T.of(1, 1)), () => ({ loss: (100 + Math.log1p(Math.exp(-1))) / 2, grad: [-0.5, -sigmoid(-1) / 2] })],
  ['soft', 'x = +100 → e^−100 (subnormal in float32)', (ml, d) => ml.softMarginLoss(d.T.of(100), d.T.of(1), none), (d) => ({ loss: [(v) => v >= 0 && Math.abs(v - d.T.of(Math.exp(-100))[0]) <= 2 ** -149], grad: [(g) => g <= 0 && Math.abs(g + d.T.of(Math.exp(-100))[0]) <= 2 ** -149] })],
  ['soft', '±0 → ln 2, grad −½', (ml, d) => ml.softMarginLoss(d.T.of(0, -0), d.T.of(1, 1), none), () => ({ loss: [LN2, LN2], grad: [-0.5, -0.5] })],
  ['soft', 'subnormal x → ln 2, grad −½', (ml, d) => ml.softMarginLoss(d.T.of(d.tiny, -d.tiny), d.T.of(1, 1), none), () => ({ loss: [LN2, LN2], grad: [-0.5, -0.5] })],
  ['soft', 'y = 0 → ln 2 for every x, grad exactly 0 (edge case 1)', (ml, d) => ml.softMarginLoss(d.T.of(-3, 0, 3, 1e30), d.T.of(0, 0, 0, 0), none), () => ({ loss: [LN2, LN2, LN2, LN2], grad: [0, 0, 0, 0] })],
  ['soft', 'huge logit on the wrong side → |x|, grad ±1', (ml, d) => ml.softMarginLoss(d.T.of(d.max, -d.max), d.T.of(-1, 1), none), (d) => ({ loss: [d.max, d.max], grad: [1, -1] })],
  ['soft', "empty 'mean' → NaN (decision 2); 'sum' → 0", (ml, d) => ({ loss: [ml.softMarginLoss(d.T.of(), d.T.of()).loss, ml.softMarginLoss(d.T.of(), d.T.of(), { reduction: 'sum' }).loss], grad: [] }), () => ({ loss: [NAN, 0], grad: [] })],

  // MultiLabelSoftMarginLoss (docs/pytorch-compat.md#multilabel-soft-margin).
  ['mlsm', 'logits ±1000 → 1000 per sample, grads ∓½ (stable)', (ml, d) => ml.multilabelSoftMarginLoss(d.T.of(-1000, 1000), d.T.of(1, 0), { shape: [1, 2], reduction: 'none' }), () => ({ loss: [1000], grad: [-0.5, 0.5] })],
  ['mlsm', 'y = −1, x = −20 → −20, grad ≈ 1 (edge case 7)', (ml, d) => ml.multilabelSoftMarginLoss(d.T.of(-20), d.T.of(-1), { shape: [1, 1], reduction: 'none' }), () => ({ loss: [-20 + Math.log1p(Math.exp(-20))], grad: [1 + sigmoid(-20)] })],
  ['mlsm', 'NaN makes its row NaN only', (ml, d) => ml.multilabelSoftMarginLoss(d.T.of(NAN, 0, 0, 0), d.T.of(1, 0, 1, 0), { shape: [2, 2], reduction: 'none' }), () => ({ loss: [NAN, LN2], grad: [NAN, 0.25, -0.25, 0.25] })],
  ['mlsm', 'x = +inf, y = 1 → NaN (0·inf, as BCE), grad 0', (ml, d) => ml.multilabelSoftMarginLoss(d.T.of(INF), d.T.of(1), { shape: [1, 1], reduction: 'none' }), () => ({ loss: [NAN], grad: [0] })],
  ['mlsm', 'x = +inf, y = 0 → inf, grad 1/C', (ml, d) => ml.multilabelSoftMarginLoss(d.T.of(INF, 0), d.T.of(0, 0), { shape: [1, 2], reduction: 'none' }), () => ({ loss: [INF], grad: [0.5, 0.25] })],
  ['mlsm', '±0 and subnormals → ln 2', (ml, d) => ml.multilabelSoftMarginLoss(d.T.of(0, -0, d.tiny, -d.tiny), d.T.of(1, 0, 1, 0), { shape: [1, 4], reduction: 'none' }), () => ({ loss: [LN2], grad: [-0.125, 0.125, -0.125, 0.125] })],
  ['mlsm', "empty 'mean' → NaN", (ml, d) => ml.multilabelSoftMarginLoss(d.T.of(), d.T.of(), { shape: [0, 3] }), () => ({ loss: NAN, grad: [] })],

  // MultiMarginLoss (docs/pytorch-compat.md#multi-margin; decision 3: NaN propagates).
  ['multiMargin', 'kink z = 0: loss 0, grad 0 (p = 1, strict)', (ml, d) => ml.multiMarginLoss(d.T.of(0, 1), [1], { shape: [2], reduction: 'none' }), () => ({ loss: [0], grad: [0, 0] })],
  ['multiMargin', 'kink z = 0: loss 0, grad 0 (p = 2, strict)', (ml, d) => ml.multiMarginLoss(d.T.of(0, 1), [1], { shape: [2], p: 2, reduction: 'none' }), () => ({ loss: [0], grad: [0, 0] })],
  ['multiMargin', 'just past the kink (2⁻¹⁰): grad [½, −½]', (ml, d) => ml.multiMarginLoss(d.T.of(2 ** -10, 1), [1], { shape: [2], reduction: 'none' }), () => ({ loss: [2 ** -11], grad: [0.5, -0.5] })],
  ['multiMargin', 'a subnormal past the kink still counts: grad [½, −½]', (ml, d) => ml.multiMarginLoss(d.T.of(d.tiny, 1), [1], { shape: [2], reduction: 'none' }), () => ({ loss: [(v) => v >= 0 && v <= 2 ** -126], grad: [0.5, -0.5] })],
  ['multiMargin', 'margin 0 with ±0 logits is the kink', (ml, d) => ml.multiMarginLoss(d.T.of(-0, 0), [1], { shape: [2], margin: 0, reduction: 'none' }), () => ({ loss: [0], grad: [0, 0] })],
  ['multiMargin', 'NaN row → NaN loss and NaN row gradient; other rows untouched (deliberate)', (ml, d) => ml.multiMarginLoss(d.T.of(NAN, 0, 0, 2, 0, 0), [2, 0], { shape: [2, 3], reduction: 'none' }), () => ({ loss: [NAN, 0], grad: [NAN, NAN, NAN, 0, 0, 0] })],
  ['multiMargin', 'NaN at the target position → NaN row', (ml, d) => ml.multiMarginLoss(d.T.of(0, NAN), [1], { shape: [1, 2], reduction: 'none' }), () => ({ loss: [NAN], grad: [NAN, NAN] })],
  ['multiMargin', '+inf logit → inf loss, finite gradient', (ml, d) => ml.multiMarginLoss(d.T.of(INF, -5, 0), [2], { shape: [3], reduction: 'none' }), () => ({ loss: [INF], grad: [1 / 3, 0, -1 / 3] })],
  ['multiMargin', 'huge logit, p = 1: finite', (ml, d) => ml.multiMarginLoss(d.T.of(1e30, 0), [1], { shape: [2], reduction: 'none' }), () => ({ loss: [(1e30 + 1) / 2], grad: [0.5, -0.5] })],
  ['multiMargin', 'huge logit, p = 2: z² overflows float32 only', (ml, d) => ml.multiMarginLoss(d.T.of(1e20, 0), [1], { shape: [2], p: 2, reduction: 'none' }), (d) => ({ loss: [d.dtype === 'float32' ? INF : 1e40 / 2], grad: [1e20, -1e20] })],
  ['multiMargin', "empty 'mean' → NaN (decision 2)", (ml, d) => ml.multiMarginLoss(d.T.of(), [], { shape: [0, 3] }), () => ({ loss: NAN, grad: [] })],

  // MultiLabelMarginLoss (docs/pytorch-compat.md#multilabel-margin).
  ['multilabelMargin', 'kink x = [1, 0], y = [0, −1]: loss 0, grad 0', (ml, d) => ml.multilabelMarginLoss(d.T.of(1, 0), [0, -1], { shape: [2], reduction: 'none' }), () => ({ loss: [0], grad: [0, 0] })],
  ['multilabelMargin', 'x = [1, 2⁻¹⁰]: grad [−½, ½]', (ml, d) => ml.multilabelMarginLoss(d.T.of(1, 2 ** -10), [0, -1], { shape: [2], reduction: 'none' }), () => ({ loss: [2 ** -11], grad: [-0.5, 0.5] })],
  ['multilabelMargin', 'x = [1, subnormal]: grad [−½, ½]', (ml, d) => ml.multilabelMarginLoss(d.T.of(1, d.tiny), [0, -1], { shape: [2], reduction: 'none' }), () => ({ loss: [(v) => v >= 0 && v <= 2 ** -126], grad: [-0.5, 0.5] })],
  ['multilabelMargin', 'NaN row → NaN loss and NaN row gradient (deliberate)', (ml, d) => ml.multilabelMarginLoss(d.T.of(NAN, 0, 0.1, 0.2), [0, -1, 0, -1], { shape: [2, 2], reduction: 'none' }), () => ({ loss: [NAN, 0.55], grad: [NAN, NAN, -0.5, 0.5] })],
  ['multilabelMargin', '+inf non-target → inf loss, finite grads', (ml, d) => ml.multilabelMarginLoss(d.T.of(INF, 0), [1, -1], { shape: [2], reduction: 'none' }), () => ({ loss: [INF], grad: [0.5, -0.5] })],
  ['multilabelMargin', '±0 logits, margin 1 → 1/C per pair', (ml, d) => ml.multilabelMarginLoss(d.T.of(0, -0), [0, -1], { shape: [2], reduction: 'none' }), () => ({ loss: [0.5], grad: [-0.5, 0.5] })],
  ['multilabelMargin', "empty 'mean' → NaN (decision 2)", (ml, d) => ml.multilabelMarginLoss(d.T.of(), [], { shape: [0, 3] }), () => ({ loss: NAN, grad: [] })],

  // BCEWithLogitsLoss (docs/pytorch-compat.md#bce-with-logits).
  ['bce', 'x = ±1000 on the wrong side → 1000, grad ±1 (edge case 32)', (ml, d) => ml.bceWithLogitsLoss(d.T.of(1000, -1000), d.T.of(0, 1), none), () => ({ loss: [1000, 1000], grad: [1, -1] })],
  ['bce', 'x = +inf, y = 1 → NaN; x = −inf, y = 0 → NaN (edge case 33)', (ml, d) => ml.bceWithLogitsLoss(d.T.of(INF, -INF), d.T.of(1, 0), { reduction: 'none', grad: false }), () => ({ loss: [NAN, NAN], grad: null })],
  ['bce', 'x = +inf, y = 0 → inf, grad 1', (ml, d) => ml.bceWithLogitsLoss(d.T.of(INF), d.T.of(0), none), () => ({ loss: [INF], grad: [1] })],
  ['bce', 'x = NaN → NaN', (ml, d) => ml.bceWithLogitsLoss(d.T.of(NAN, NAN), d.T.of(0, 1), none), () => ({ loss: [NAN, NAN], grad: [NAN, NAN] })],
  ['bce', 'y = −1 table (unbounded below)', (ml, d) => ml.bceWithLogitsLoss(d.T.of(-20, -3, 0, 3), d.T.of(-1, -1, -1, -1), none), () => ({ loss: [-20, -3, 0, 3].map((x) => 2 * x + Math.log1p(Math.exp(-x))), grad: [1 + sigmoid(-20), 1 + sigmoid(-3), 1.5, 1 + sigmoid(3)] })],
  ['bce', '±0 and subnormals → ln 2, grad σ − y', (ml, d) => ml.bceWithLogitsLoss(d.T.of(0, -0, d.tiny, -d.tiny), d.T.of(1, 0, 1, 0), none), () => ({ loss: [LN2, LN2, LN2, LN2], grad: [-0.5, 0.5, -0.5, 0.5] })],
  ['bce', 'huge finite logits → finite loss', (ml, d) => ml.bceWithLogitsLoss(d.T.of(d.max, -d.max, d.max), d.T.of(0, 1, 1), none), (d) => ({ loss: [d.max, d.max, 0], grad: [1, -1, 0] })],
  ['bce', 'posWeight with y = 0 everywhere changes nothing (edge case 34)', (ml, d) => ml.bceWithLogitsLoss(d.T.of(-1000, 0, 1000), d.T.of(0, 0, 0), { reduction: 'none', posWeight: [10, 10, 10], shape: [1, 3] }), () => ({ loss: [0, LN2, 1000], grad: [0, 0.5, 1] })],

  // CrossEntropyLoss (docs/pytorch-compat.md#cross-entropy).
  ['ce', 'logits ±1000 → 2000, grad [1, −1] (max-shifted)', (ml, d) => ml.crossEntropyLoss(d.T.of(1000, -1000), [1], { shape: [2], reduction: 'none' }), () => ({ loss: [2000], grad: [1, -1] })],
  ['ce', "every target ignored: 'mean' NaN with zero grads (edge case 39)", (ml, d) => ml.crossEntropyLoss(d.T.of(1, 2, 3, 4), [-100, -100], { shape: [2, 2] }), () => ({ loss: NAN, grad: [0, 0, 0, 0] })],
  ['ce', "every target ignored: 'sum' 0", (ml, d) => ml.crossEntropyLoss(d.T.of(1, 2, 3, 4), [-100, -100], { shape: [2, 2], reduction: 'sum' }), () => ({ loss: 0, grad: [0, 0, 0, 0] })],
  ['ce', 'probability 0 on a −inf logit → NaN loss, finite grads (edge case 45)', (ml, d) => ml.crossEntropyLoss(d.T.of(-INF, 0), d.T.of(0, 1), { shape: [2], reduction: 'none' }), () => ({ loss: [NAN], grad: [0, 0] })],
  ['ce', 'index target on a −inf logit → inf loss, grad [−1, 1]', (ml, d) => ml.crossEntropyLoss(d.T.of(-INF, 0), [0], { shape: [2], reduction: 'none' }), () => ({ loss: [INF], grad: [-1, 1] })],
  ['ce', 'NaN logit → NaN loss', (ml, d) => ml.crossEntropyLoss(d.T.of(NAN, 0, 1, 0), [1, 0], { shape: [2, 2], reduction: 'none' }), () => ({ loss: [NAN, Math.log1p(Math.exp(-1))], grad: [NAN, NAN, -sigmoid(-1), sigmoid(-1)] })],
  ['ce', '±0 and subnormal logits → ln 2', (ml, d) => ml.crossEntropyLoss(d.T.of(0, -0, d.tiny, 0), [0, 1], { shape: [2, 2], reduction: 'none' }), () => ({ loss: [LN2, LN2], grad: [-0.5, 0.5, 0.5, -0.5] })],
  ['ce', 'logits ±max: float32 loss overflows to inf, float64 is finite', (ml, d) => ml.crossEntropyLoss(d.T.of(d.max, -d.max), [1], { shape: [2], reduction: 'none' }), (d) => ({ loss: [d.dtype === 'float32' ? INF : 2 * d.max], grad: [1, -1] })],
  ['ce', "empty batch: 'mean' NaN, 'sum' 0", (ml, d) => ({ loss: [ml.crossEntropyLoss(d.T.of(), [], { shape: [0, 3] }).loss, ml.crossEntropyLoss(d.T.of(), [], { shape: [0, 3], reduction: 'sum' }).loss], grad: [] }), () => ({ loss: [NAN, 0], grad: [] })],

  // HingeEmbeddingLoss (docs/pytorch-compat.md#hinge-embedding).
  ['hinge', 'y = −1, x = NaN → NaN, grad 0', (ml, d) => ml.hingeEmbeddingLoss(d.T.of(NAN), d.T.of(-1), none), () => ({ loss: [NAN], grad: [0] })],
  ['hinge', 'y = −1, x = −inf → inf, grad −1', (ml, d) => ml.hingeEmbeddingLoss(d.T.of(-INF), d.T.of(-1), none), () => ({ loss: [INF], grad: [-1] })],
  ['hinge', 'y = −1, x = +inf → 0, grad 0', (ml, d) => ml.hingeEmbeddingLoss(d.T.of(INF), d.T.of(-1), none), () => ({ loss: [0], grad: [0] })],
  ['hinge', 'y = −1 at the kink x = margin → 0, grad −1 (active)', (ml, d) => ml.hingeEmbeddingLoss(d.T.of(1, 0.5), d.T.of(-1, -1), none), () => ({ loss: [0, 0.5], grad: [-1, -1] })],
  ['hinge', 'y = 1 passes x through: −5, −inf, ±0', (ml, d) => ml.hingeEmbeddingLoss(d.T.of(-5, -INF, 0, -0), d.T.of(1, 1, 1, 1), none), () => ({ loss: [-5, -INF, 0, 0], grad: [1, 1, 1, 1] })],
  ['hinge', 'margin 0, x = ±0, y = −1 is the kink', (ml, d) => ml.hingeEmbeddingLoss(d.T.of(0, -0, d.tiny), d.T.of(-1, -1, -1), { reduction: 'none', margin: 0 }), () => ({ loss: [0, 0, 0], grad: [-1, -1, 0] })],
  ['hinge', 'huge negative x, y = −1 → finite', (ml, d) => ml.hingeEmbeddingLoss(d.T.of(-d.max), d.T.of(-1), none), (d) => ({ loss: [d.max + 1], grad: [-1] })],

  // MarginRankingLoss (docs/pytorch-compat.md#margin-ranking).
  ['ranking', 'NaN input → NaN loss, grads 0', (ml, d) => ml.marginRankingLoss(d.T.of(NAN, 0), d.T.of(0, NAN), d.T.of(1, -1), none), () => ({ loss: [NAN, NAN], grad: [0, 0], grad2: [0, 0] })],
  ['ranking', 'x1 = x2, y = 1, margin 0 → 0, grads (−1, +1) (active kink)', (ml, d) => ml.marginRankingLoss(d.T.of(2, 0), d.T.of(2, -0), d.T.of(1, 1), none), () => ({ loss: [0, 0], grad: [-1, -1], grad2: [1, 1] })],
  ['ranking', 'y = 0 → max(0, margin), grads 0; with x1 = inf, −0·inf = NaN as in torch', (ml, d) => ml.marginRankingLoss(d.T.of(1, INF), d.T.of(3, 0), d.T.of(0, 0), { reduction: 'none', margin: 0.5 }), () => ({ loss: [0.5, NAN], grad: [0, 0], grad2: [0, 0] })],
  ['ranking', 'inf on the wrong side → inf; on the right side → 0', (ml, d) => ml.marginRankingLoss(d.T.of(INF, INF), d.T.of(0, 0), d.T.of(-1, 1), none), () => ({ loss: [INF, 0], grad: [1, 0], grad2: [-1, 0] })],
  ['ranking', 'a subnormal difference on the right side → 0, grads 0', (ml, d) => ml.marginRankingLoss(d.T.of(d.tiny), d.T.of(0), d.T.of(1), none), () => ({ loss: [0], grad: [0], grad2: [0] })],
  ['ranking', 'huge inputs → finite', (ml, d) => ml.marginRankingLoss(d.T.of(-d.max / 2), d.T.of(d.max / 2), d.T.of(1), none), (d) => ({ loss: [d.max], grad: [-1], grad2: [1] })],
];

for (const { name: build, ml } of builds) {
  for (const d of DTYPES) {
    for (const [loss, description, call, expect] of CASES) {
      test(`${build} ${d.dtype}: ${loss}: ${description}`, () => {
        const got = call(ml, d);
        const want = expect(d);
        checkAll(got.loss, want.loss, d.rtol, 'loss');
        if (want.grad === null) assert.equal(got.grad, null);
        else checkAll(got.grad, want.grad, d.rtol, 'grad');
        if (want.grad2) checkAll(got.grad2, want.grad2, d.rtol, 'grad2');
      });
    }
  }
}
