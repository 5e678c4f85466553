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
  { dtype: 'float32', T: Float32Array, tiny: 2 ** -149, max: 3e38, rtol: 1e-6, noise: 1e-6, powRtol: 4e-6 },
  { dtype: 'float64', T: Float64Array, tiny: 2 ** -1074, max: 1e300, rtol: 1e-12, noise: 1e-12, powRtol: 1e-12 },
];
// noise: the bound of a value the doc calls "0 up to rounding" (cosine of identical rows, D = 1).
// powRtol: the tolerance of results that go through a fractional power (triplet p = 1.5, 3).
const small = (d) => (v) => Math.abs(v) <= d.noise;
const within = (want, rtol) => (v) => Math.abs(v - want) <= rtol * Math.abs(want);
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

// CosineEmbeddingLoss's ε, added to each squared norm: 1e-12 rounded to float32, in both dtypes.
const COSINE_EPS = Math.fround(1e-12);
const dot = (a, b) => a.reduce((sum, v, i) => sum + v * b[i], 0);
// docs/pytorch-compat.md#cosine-embedding, in double: the cosine of two rows, ∂cos/∂x1 and ∂cos/∂x2.
function cosine(x1, x2) {
  const m1 = dot(x1, x1) + COSINE_EPS;
  const m2 = dot(x2, x2) + COSINE_EPS;
  const root = Math.sqrt(m1 * m2);
  const cos = dot(x1, x2) / root;
  return { cos, d1: x1.map((v, i) => x2[i] / root - (cos * v) / m1), d2: x2.map((v, i) => x1[i] / root - (cos * v) / m2) };
}
// A zero x1 against x2 = [3, 4]: ∂cos/∂x1 = x2/√(ε·(25 + ε)), about 10⁶·x2/|x2|.
const ZERO_PULL = 1 / Math.sqrt(COSINE_EPS * (25 + COSINE_EPS));
const negated = (values) => values.map((v) => -v);

// docs/pytorch-compat.md#triplet-margin, in double: ‖v‖_p of a difference vector and its partials (0 at d = 0).
function pnorm(v, p) {
  const d = v.reduce((sum, x) => sum + Math.abs(x) ** p, 0) ** (1 / p);
  const partial = v.map((x) => (d === 0 ? 0 : p === 1 ? Math.sign(x) : Math.sign(x) * (Math.abs(x) / d) ** (p - 1)));
  return { d, partial };
}
// x − y + eps as the kernel forms it: the difference (exact here), then eps added, rounded to the dtype.
const shifted = (d, differences, eps) => differences.map((v) => d.T.of(v + eps)[0]);
const defaultEps = (d) => d.T.of(1e-6)[0];

// [loss, case, (ml, d) => result, (d) => { loss, grad, grad2, grad3 }]. `d` is the dtype entry; options
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

  // CosineEmbeddingLoss (docs/pytorch-compat.md#cosine-embedding).
  ['cosine', 'zero vectors: 1 (y = 1), 0 on the kink (y = −1, margin 0); gradient ∓x2/(√ε·|x2|), two zeros 0 (edge case 59)',
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(0, 0, 0, 0, 0, 0, 3, 4), d.T.of(3, 4, 3, 4, 0, 0, 0, 0), d.T.of(1, -1, 1, -1), { shape: [4, 2], reduction: 'none' }),
    () => ({ loss: [1, 0, 1, 0], grad: [-3, -4, 3, 4, 0, 0, 0, 0].map((v) => v * ZERO_PULL), grad2: [0, 0, 0, 0, 0, 0, 3, 4].map((v) => v * ZERO_PULL) })],
  ['cosine', "zero vectors, 'mean': ÷N",
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(0, 0, 0, 0), d.T.of(3, 4, 3, 4), d.T.of(1, -1), { shape: [2, 2] }),
    () => ({ loss: 0.5, grad: [-3, -4, 3, 4].map((v) => (v * ZERO_PULL) / 2), grad2: [0, 0, 0, 0] })],
  ['cosine', 'identical inputs: y = 1 gives 0 and y = −1 cos − margin, gradients 0, up to rounding',
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(1, 2, 2, -2, 4, 4), d.T.of(1, 2, 2, -2, 4, 4), d.T.of(1, -1), { shape: [2, 3], margin: 0.5, reduction: 'none' }),
    (d) => ({ loss: [small(d), 36 / (36 + COSINE_EPS) - 0.5], grad: Array(6).fill(small(d)), grad2: Array(6).fill(small(d)) })],
  ['cosine', 'D = 1: cos = ±1 up to ε, the gradient rounding noise',
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(2, -3, 0.5), d.T.of(5, 4, -0.25), d.T.of(1, 1, -1), { shape: [3, 1], margin: 0.5, reduction: 'none' }),
    (d) => ({ loss: [small(d), 2, 0], grad: [small(d), small(d), 0], grad2: [small(d), small(d), 0] })],
  ['cosine', "empty batch (0, D): 'mean' NaN, 'sum' 0",
    (ml, d) => {
      const [x, y] = [d.T.of(), d.T.of()];
      const sum = ml.cosineEmbeddingLoss(x, x, y, { shape: [0, 4], reduction: 'sum' });
      return { loss: [ml.cosineEmbeddingLoss(x, x, y, { shape: [0, 4] }).loss, sum.loss], grad: sum.grad, grad2: sum.grad2 };
    },
    () => ({ loss: [NAN, 0], grad: [], grad2: [] })],
  ['cosine', 'D = 0: every cosine 0, so 1 for y = 1 and max(0, −margin) for y = −1 (edge case 72)',
    (ml, d) => {
      const call = (margin) => ml.cosineEmbeddingLoss(d.T.of(), d.T.of(), d.T.of(1, -1, 0), { shape: [3, 0], margin, reduction: 'none' });
      const [a, b] = [call(-0.5), call(0.25)];
      return { loss: [...a.loss, ...b.loss], grad: a.grad, grad2: b.grad2 };
    },
    () => ({ loss: [1, 0.5, 0, 1, 0, 0], grad: [], grad2: [] })],
  ['cosine', 'NaN or ±inf in a row: loss NaN for y = ±1, 0 for other labels (NaN too), both gradient rows NaN for every y (edge case 62)',
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(NAN, 1, NAN, 1, NAN, 1, INF, 1, 1, 2, -INF, 0, 1, 2), d.T.of(1, 1, 1, 1, 1, 1, 1, 1, INF, 1, 0, 0, NAN, 0),
      d.T.of(1, -1, 0, 1, -1, 0, NAN), { shape: [7, 2], reduction: 'none' }),
    () => ({ loss: [NAN, NAN, 0, NAN, NAN, 0, 0], grad: Array(14).fill(NAN), grad2: Array(14).fill(NAN) })],
  ['cosine', "a NaN row makes 'mean' NaN",
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(NAN, 1, 3, 4), d.T.of(1, 1, 4, 3), d.T.of(1, 1), { shape: [2, 2] }),
    () => ({ loss: NAN, grad: [NAN, NAN, ...negated(cosine([3, 4], [4, 3]).d1).map((v) => v / 2)] })],
  ['cosine', '{0, 1} labels: the 0 pairs give loss exactly 0 and gradient exactly 0 (edge case 57)',
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(3, 4, 3, 4, 1, 0, 1, 2), d.T.of(4, 3, -4, -3, 0, 1, 2, 1), d.T.of(1, 0, 1, 0), { shape: [4, 2], reduction: 'none' }),
    () => {
      const [c0, c2] = [cosine([3, 4], [4, 3]), cosine([1, 0], [0, 1])];
      return { loss: [1 - c0.cos, 0, 1 - c2.cos, 0], grad: [...negated(c0.d1), 0, 0, ...negated(c2.d1), 0, 0],
        grad2: [...negated(c0.d2), 0, 0, ...negated(c2.d2), 0, 0] };
    }],
  ['cosine', "{0, 1} labels: 'mean' still divides by every pair, the 0 pairs included (edge case 57)",
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(3, 4, 3, 4, 1, 0, 1, 2), d.T.of(4, 3, -4, -3, 0, 1, 2, 1), d.T.of(1, 0, 1, 0), { shape: [4, 2] }),
    () => {
      const [c0, c2] = [cosine([3, 4], [4, 3]), cosine([1, 0], [0, 1])];
      return { loss: (2 - c0.cos - c2.cos) / 4, grad: [...negated(c0.d1), 0, 0, ...negated(c2.d1), 0, 0].map((v) => v / 4) };
    }],
  ['cosine', 'labels 2, 0.5, −2, −0.5, NaN: loss 0 and gradient exactly 0, only exactly ±1 count (edge case 58)',
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(3, 4, 3, 4, 3, 4, 3, 4, 3, 4), d.T.of(4, 3, 4, 3, 4, 3, 4, 3, 4, 3), d.T.of(2, 0.5, -2, -0.5, NAN),
      { shape: [5, 2], margin: -0.5, reduction: 'none' }),
    () => ({ loss: [0, 0, 0, 0, 0], grad: Array(10).fill(0), grad2: Array(10).fill(0) })],
  ['cosine', 'kink cos = margin = 0, y = −1: loss 0, the gradient of cos (active, edge case 61)',
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(1, 0, 2, 0), d.T.of(0, 1, 0, 3), d.T.of(-1, -1), { shape: [2, 2], reduction: 'sum' }),
    () => {
      const [a, b] = [cosine([1, 0], [0, 1]), cosine([2, 0], [0, 3])];
      return { loss: 0, grad: [...a.d1, ...b.d1], grad2: [...a.d2, ...b.d2] };
    }],
  ['cosine', 'tiny vectors: ε shows, x1 = x2 = [10⁻⁶] gives 0.5 (edge case 60)',
    (ml, d) => ml.cosineEmbeddingLoss(d.T.of(1e-6, 3e-6), d.T.of(1e-6, 1e-6), d.T.of(1, 1), { shape: [2, 1], reduction: 'none', grad: false }),
    (d) => {
      const [a, b, c] = d.T.of(1e-6, 3e-6, 1e-6);
      return { loss: [1 - cosine([a], [c]).cos, 1 - cosine([b], [c]).cos], grad: null };
    }],

  // TripletMarginLoss (docs/pytorch-compat.md#triplet-margin).
  ['triplet', 'swap tie d(a, neg) = d(pos, neg) (a = pos): each branch gets half the gradient (edge case 64)',
    (ml, d) => ml.tripletMarginLoss(d.T.of(0, 0), d.T.of(0, 0), d.T.of(3, 4), { shape: [1, 2], margin: 6, eps: 0, swap: true, reduction: 'sum' }),
    () => ({ loss: 1, grad: [0.3, 0.4], grad2: [0.3, 0.4], grad3: [-0.6, -0.8] })],
  ['triplet', 'the same triplet without swap: the whole gradient reaches the anchor',
    (ml, d) => ml.tripletMarginLoss(d.T.of(0, 0), d.T.of(0, 0), d.T.of(3, 4), { shape: [1, 2], margin: 6, eps: 0, reduction: 'sum' }),
    () => ({ loss: 1, grad: [0.6, 0.8], grad2: [0, 0], grad3: [-0.6, -0.8] })],
  ['triplet', 'swap tie with p = 1: halves of the signs',
    (ml, d) => ml.tripletMarginLoss(d.T.of(0, 0), d.T.of(0, 0), d.T.of(3, 4), { shape: [1, 2], p: 1, margin: 8, eps: 0, swap: true, reduction: 'sum' }),
    () => ({ loss: 1, grad: [0.5, 0.5], grad2: [0.5, 0.5], grad3: [-1, -1] })],
  ['triplet', 'swap takes d(pos, neg) when smaller: 1.5 instead of 0.5, the gradient through pos and neg (edge case 63)',
    (ml, d) => {
      const args = [d.T.of(0, 0), d.T.of(1, 0), d.T.of(1.5, 0)];
      const [swapped, plain] = [true, false].map((swap) => ml.tripletMarginLoss(...args, { shape: [1, 2], eps: 0, swap, reduction: 'sum' }));
      return { loss: [swapped.loss, plain.loss], grad: [...swapped.grad, ...plain.grad], grad2: [...swapped.grad2, ...plain.grad2], grad3: [...swapped.grad3, ...plain.grad3] };
    },
    () => ({ loss: [1.5, 0.5], grad: [-1, 0, 0, 0], grad2: [2, 0, 1, 0], grad3: [-1, 0, -1, 0] })],
  ...[1, 2, 1.5, 3].map((p) => ['triplet', `anchor = positive, p = ${p}: d = eps·D^(1/p), gradient D^(1/p − 1) per coordinate, not 0 (edge case 65)`,
    (ml, d) => ml.tripletMarginLoss(d.T.of(1, 2, 3, 4), d.T.of(1, 2, 3, 4), d.T.of(11, 2, 3, 4), { shape: [4], p, margin: 20, reduction: 'sum' }),
    (d) => {
      const eps = defaultEps(d);
      const near = 4 ** (1 / p - 1); // ∂d(a, pos) in every coordinate
      const far = pnorm(shifted(d, [-10, 0, 0, 0], eps), p);
      return {
        loss: 20 + eps * 4 ** (1 / p) - far.d,
        grad: far.partial.map((v) => within(near - v, d.powRtol)),
        grad2: Array(4).fill(within(-near, d.powRtol)),
        grad3: far.partial.map((v) => within(v, d.powRtol)),
      };
    }]),
  ['triplet', 'p = 1: eps sets the sign where a and neg agree, anchor gradient [−1, 0] with eps 0, [−2, 0] with the default',
    (ml, d) => {
      const args = [d.T.of(0, 0), d.T.of(1, 1), d.T.of(0, 3)];
      const [zero, standard] = [0, undefined].map((eps) => ml.tripletMarginLoss(...args, { shape: [2], p: 1, margin: 5, eps, reduction: 'sum' }));
      return { loss: [zero.loss, standard.loss], grad: [...zero.grad, ...standard.grad] };
    },
    (d) => {
      const eps = defaultEps(d);
      const loss = 5 + pnorm(shifted(d, [-1, -1], eps), 1).d - pnorm(shifted(d, [0, -3], eps), 1).d;
      return { loss: [4, loss], grad: [-1, 0, -2, 0] };
    }],
  ...[1, 2, 1.5].map((p) => ['triplet', `p = ${p}: x − y = −eps exactly gives distance 0 and gradient 0 (edge case 66)`,
    (ml, d) => ml.tripletMarginLoss(d.T.of(0, 0.5), d.T.of(2 ** -20, 0.5 + 2 ** -20), d.T.of(0.5, 0.5), { shape: [1, 2], p, eps: 2 ** -20, margin: 2, reduction: 'sum' }),
    (d) => {
      const far = pnorm([-0.5 + 2 ** -20, 2 ** -20], p);
      const rtol = p === 1.5 ? d.powRtol : d.rtol;
      return { loss: 2 - far.d, grad: far.partial.map((v) => within(-v, rtol)), grad2: [0, 0], grad3: far.partial.map((v) => within(v, rtol)) };
    }]),
  ...[1, 2, 1.5].map((p) => ['triplet', `p = ${p}, eps 0, anchor = positive: distance 0 with gradient 0 (not 0/0)`,
    (ml, d) => ml.tripletMarginLoss(d.T.of(1, 2), d.T.of(1, 2), d.T.of(4, 6), { shape: [1, 2], p, eps: 0, margin: 10, reduction: 'sum' }),
    (d) => {
      const far = pnorm([-3, -4], p);
      const rtol = p === 1.5 ? d.powRtol : d.rtol;
      return { loss: within(10 - far.d, rtol), grad: far.partial.map((v) => within(-v, rtol)), grad2: [0, 0], grad3: far.partial.map((v) => within(v, rtol)) };
    }]),
  ...[1, 2].map((p) => ['triplet', `p = ${p}: kink margin + d(a, pos) − d(a, neg) = 0 is active (edge case 67)`,
    (ml, d) => ml.tripletMarginLoss(d.T.of(0, 0), d.T.of(1, 3), d.T.of(2, 4), { shape: [2, 1], p, eps: 0, margin: 1, reduction: 'none' }),
    () => ({ loss: [0, 0], grad: [0, 0], grad2: [1, 1], grad3: [-1, -1] })]),
  ['triplet', 'p = 2, NaN and ±inf rows: the NaN/inf table of docs/pytorch-compat.md#triplet-margin (edge case 68)',
    (ml, d) => ml.tripletMarginLoss(d.T.of(NAN, 0, 0, 0, 0, 0, 0, 0), d.T.of(1, 0, 1, 0, INF, 0, 1, 0), d.T.of(2, 0, NAN, 0, 2, 0, INF, 0),
      { shape: [4, 2], reduction: 'none' }),
    (d) => {
      const eps = defaultEps(d);
      const near = shifted(d, [-2, 0], eps);
      const { d: distance, partial } = pnorm(near, 2);
      return {
        loss: [NAN, NAN, INF, 0],
        grad: [NAN, NAN, NAN, NAN, NAN, -eps / distance, NAN, 0],
        grad2: [NAN, NAN, 0, 0, NAN, 0, 0, 0],
        grad3: [NAN, NAN, NAN, NAN, ...partial, NAN, 0],
      };
    }],
  ['triplet', 'p = 2, swap: a NaN negative reaches every gradient (edge case 68)',
    (ml, d) => ml.tripletMarginLoss(d.T.of(0, 0), d.T.of(1, 0), d.T.of(NAN, 0), { shape: [1, 2], swap: true, reduction: 'none' }),
    () => ({ loss: [NAN], grad: [NAN, NAN], grad2: [NAN, NAN], grad3: [NAN, NAN] })],
  ['triplet', 'anchor = +inf: ∞ − ∞ is NaN; with swap d⁻ = d(pos, neg) and the loss is ∞',
    (ml, d) => {
      const args = [d.T.of(INF, 0), d.T.of(1, 0), d.T.of(2, 0)];
      const [plain, swapped] = [false, true].map((swap) => ml.tripletMarginLoss(...args, { shape: [1, 2], swap, reduction: 'none', grad: false }));
      return { loss: [...plain.loss, ...swapped.loss], grad: plain.grad };
    },
    () => ({ loss: [NAN, INF], grad: null })],
  ['triplet', 'p = 1, the same NaN and ±inf rows: sgn keeps every gradient finite (edge case 68)',
    (ml, d) => ml.tripletMarginLoss(d.T.of(NAN, 0, 0, 0, 0, 0, 0, 0), d.T.of(1, 0, 1, 0, INF, 0, 1, 0), d.T.of(2, 0, NAN, 0, 2, 0, INF, 0),
      { shape: [4, 2], p: 1, reduction: 'none' }),
    () => ({ loss: [NAN, NAN, INF, 0], grad: Array(8).fill(0), grad2: [0, 0, 0, 0, 1, -1, 0, 0], grad3: [0, 0, 0, 0, -1, 1, 0, 0] })],
  ['triplet', "empty batch (0, D): 'mean' NaN, 'sum' 0",
    (ml, d) => {
      const x = d.T.of();
      const sum = ml.tripletMarginLoss(x, x, x, { shape: [0, 3], reduction: 'sum' });
      return { loss: [ml.tripletMarginLoss(x, x, x, { shape: [0, 3] }).loss, sum.loss], grad: sum.grad, grad2: sum.grad2, grad3: sum.grad3 };
    },
    () => ({ loss: [NAN, 0], grad: [], grad2: [], grad3: [] })],
  ['triplet', 'D = 0: every distance 0, ℓ = max(0, margin) (edge case 72)',
    (ml, d) => {
      const x = d.T.of();
      const call = (margin) => ml.tripletMarginLoss(x, x, x, { shape: [2, 0], margin, swap: true, reduction: 'none' });
      const [a, b, c] = [call(0.75), call(-0.75), call(undefined)];
      return { loss: [...a.loss, ...b.loss, ...c.loss], grad: a.grad, grad2: b.grad2, grad3: c.grad3 };
    },
    () => ({ loss: [0.75, 0.75, 0, 0, 1, 1], grad: [], grad2: [], grad3: [] })],
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
        if (want.grad3) checkAll(got.grad3, want.grad3, d.rtol, 'grad3');
      });
    }
  }
}
