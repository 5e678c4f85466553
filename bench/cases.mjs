// What the benchmark measures: the eight losses, the shapes, and the inputs. The inputs come from a
// xorshift32 stream that bench/native/bench.c reproduces bit for bit, so every implementation (WASM, JS,
// tfjs, native) works on the same numbers; run.mjs checks that the native loss values agree.

/** Shapes as [rows, classes]. Elementwise losses take rows*classes elements as one 1-D array. */
export const SHAPES = [
  { rows: 1, classes: 10, label: 'N=1,C=10' }, // the interactive page's case: one call
  { rows: 1, classes: 100, label: '10^2' },
  { rows: 100, classes: 100, label: '10^4' },
  { rows: 10000, classes: 100, label: '10^6' },
];

export const MODES = ['forward', 'forward+backward'];

/**
 * key: our short name; c: the C kernel (ml_f32_<c>); api: the convenience function; targets: how the
 * labels are drawn (sign {-1,+1}, bit {0,1}, index per row, list = multilabel index lists ended by -1).
 * tfjs: the TensorFlow.js loss compared with it (null when tfjs has none); sameFormula: whether the
 * tfjs loss computes the same value (hingeLoss does not: time comparison only).
 */
export const LOSSES = [
  { key: 'softMargin', c: 'soft_margin', api: 'softMarginLoss', targets: 'sign', classDim: false,
    tfjs: 'sigmoidCrossEntropy', sameFormula: true },
  { key: 'multilabelSoftMargin', c: 'multilabel_soft_margin', api: 'multilabelSoftMarginLoss', targets: 'bit',
    classDim: true, tfjs: 'sigmoidCrossEntropy', sameFormula: true },
  { key: 'multiMargin', c: 'multi_margin', api: 'multiMarginLoss', targets: 'index', classDim: true,
    tfjs: null },
  { key: 'multilabelMargin', c: 'multilabel_margin', api: 'multilabelMarginLoss', targets: 'list',
    classDim: true, tfjs: null },
  { key: 'bceWithLogits', c: 'bce_with_logits', api: 'bceWithLogitsLoss', targets: 'bit', classDim: false,
    tfjs: 'sigmoidCrossEntropy', sameFormula: true },
  { key: 'crossEntropy', c: 'cross_entropy_index', api: 'crossEntropyLoss', targets: 'index', classDim: true,
    tfjs: 'softmaxCrossEntropy', sameFormula: true },
  { key: 'hingeEmbedding', c: 'hinge_embedding', api: 'hingeEmbeddingLoss', targets: 'sign', classDim: false,
    tfjs: 'hingeLoss', sameFormula: false },
  { key: 'marginRanking', c: 'margin_ranking', api: 'marginRankingLoss', targets: 'sign', classDim: false,
    tfjs: null, pair: true },
];

// ---- the input stream (mirrored in bench/native/bench.c) ----

function seedFor(rows, classes) {
  let s = (Math.imul(rows, 0x9e3779b1) ^ Math.imul(classes, 0x85ebca77) ^ 0x2545f491) >>> 0;
  if (s === 0) s = 1;
  const rng = { s };
  for (let i = 0; i < 8; i++) next(rng);
  return rng;
}

function next(rng) {
  let x = rng.s;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  rng.s = x >>> 0;
  return rng.s;
}

const logit = (rng) => 6 * ((next(rng) >>> 8) / 16777216) - 3; // stored into a Float32Array: rounds like (float)
const sign = (rng) => (next(rng) >>> 31 ? 1 : -1);
const bit = (rng) => next(rng) >>> 31;
const index = (rng, below) => next(rng) % below;

/**
 * The inputs of one case: { rows, classes, n, x, x2?, y? (Float32Array), t? (Int32Array) }.
 * Drawn in the order bench.c draws them: x, then x2, then the targets.
 */
export function makeInputs(loss, rows, classes) {
  const n = rows * classes;
  const rng = seedFor(rows, classes);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = logit(rng);
  const inputs = { rows, classes, n, x };
  if (loss.pair) {
    inputs.x2 = new Float32Array(n);
    for (let i = 0; i < n; i++) inputs.x2[i] = logit(rng);
  }
  if (loss.targets === 'sign' || loss.targets === 'bit') {
    const draw = loss.targets === 'sign' ? sign : bit;
    inputs.y = new Float32Array(n);
    for (let i = 0; i < n; i++) inputs.y[i] = draw(rng);
  } else if (loss.targets === 'index') {
    inputs.t = new Int32Array(rows);
    for (let r = 0; r < rows; r++) inputs.t[r] = index(rng, classes);
  } else {
    inputs.t = new Int32Array(n);
    for (let r = 0; r < rows; r++) {
      const k = Math.min(1 + (next(rng) % 4), classes);
      for (let j = 0; j < classes; j++) inputs.t[r * classes + j] = j < k ? index(rng, classes) : -1;
    }
  }
  return inputs;
}

/** The elements one call processes (pairs for margin ranking): the ns/element denominator. */
export const elementsOf = (inputs) => inputs.n;

// ---- marginloss calls ----

/**
 * A closure for one convenience-API call of `loss` on `inputs` (float32, reduction 'mean'). Inputs may be
 * typed arrays (copied by the binding) or ModuleArrays (the zero-copy tier, with `out` for the results).
 */
export function apiCall(ml, loss, inputs, withGrad, out = null, labels = undefined) {
  const { rows, classes } = inputs;
  const options = { grad: withGrad };
  if (labels) options.labels = labels;
  if (loss.classDim) options.shape = [rows, classes];
  if (out && withGrad) options.out = out;
  const fn = ml[loss.api];
  if (loss.pair) return () => fn(inputs.x, inputs.x2, inputs.y, options);
  const target = inputs.y ?? inputs.t;
  return () => fn(inputs.x, target, options);
}

/** The same inputs moved into module memory (ml.alloc), plus `out` ModuleArrays for the gradients. */
export function moduleInputs(ml, inputs) {
  const put = (array) => {
    const m = ml.alloc(array.constructor, array.length);
    m.array.set(array);
    return m;
  };
  const moved = { ...inputs, x: put(inputs.x) };
  if (inputs.x2) moved.x2 = put(inputs.x2);
  if (inputs.y) moved.y = put(inputs.y);
  if (inputs.t) moved.t = put(inputs.t);
  const out = { grad: ml.alloc(Float32Array, inputs.n) };
  if (inputs.x2) out.grad2 = ml.alloc(Float32Array, inputs.n);
  const all = [moved.x, moved.x2, moved.y, moved.t, out.grad, out.grad2].filter(Boolean);
  return { inputs: moved, out, free: () => all.forEach((m) => m.free()) };
}
