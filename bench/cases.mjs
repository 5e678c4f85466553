// What the benchmark measures: the ten losses, the shapes, and the inputs. The inputs come from a
// xorshift32 stream that bench/native/bench.c reproduces bit for bit, so every implementation (WASM, JS,
// tfjs, native) works on the same numbers, and each is checked against marginloss before it is timed.

/**
 * Shapes as rows x classes; the elementwise losses take rows*classes elements as one 1-D array.
 * group: which worker process measures the shape (run.mjs isolates the largest); copyPath: the
 * largest size, measured only for marginloss's own tiers and the native programs (its question is what
 * the convenience API's copies cost against the zero-copy tier). embedding: a shape of N rows of D
 * features, the one the embedding losses run at (issue 14's case); they run at no other, and the other
 * losses not at it (shapesOf).
 */
export const SHAPES = [
  { rows: 1, classes: 10, label: 'N=1,C=10', group: 'small' }, // the interactive page's case: one call
  { rows: 1, classes: 16, label: 'n=16', group: 'small' },
  { rows: 4, classes: 16, label: 'n=64', group: 'small' },
  { rows: 16, classes: 16, label: 'n=256', group: 'small' },
  { rows: 64, classes: 16, label: 'n=1024', group: 'small' },
  { rows: 100, classes: 100, label: '10^4', group: 'small' },
  { rows: 10000, classes: 100, label: '10^6', group: 'small' },
  { rows: 10000, classes: 128, label: 'N=10^4,D=128', group: 'small', embedding: true },
  { rows: 100000, classes: 100, label: '10^7', group: '10^7', copyPath: true },
];

export const MODES = ['forward', 'forward+backward'];

export const shapeKey = (rows, classes) => `${rows}x${classes}`;

/**
 * How many input sets one case cycles through: enough that the calls of a batch cover about 2^20
 * elements, so no implementation replays branches it has seen (a JS loop over the same 10^4 inputs
 * learns their pattern), at most 64, a power of two.
 */
export function setCount(elements) {
  let sets = 1;
  while (sets < 64 && sets * 2 * elements <= 1 << 20) sets *= 2;
  return sets;
}

/**
 * key: our short name; c: the C kernel (ml_f32_<c>); api: the convenience function; targets: how the
 * labels are drawn (sign {-1,+1}, bit {0,1}, index per row, list = multilabel index lists ended by -1,
 * rowSign = one of {-1,+1} per row; null: no labels). inputs: how many input arrays (and gradients) the
 * loss takes, 1 unless given. embedding: the input is N rows of D features (shape [N, D]), measured at
 * the embedding shape only. tfjs: TensorFlow.js's own loss for it (null when tfjs has none; 'ops': tfjs
 * has none, and its idiomatic version writes the formula with tf ops, as tfjs.mjs says); sameFormula:
 * whether that computes the same value (hingeLoss does not: time comparison only). The expert tfjs
 * version (tfjs-expert.mjs) writes each formula itself; exp: whether the formula needs e^x or log1p (the
 * polynomial JS loop is a different competitor only for those).
 */
export const LOSSES = [
  { key: 'softMargin', c: 'soft_margin', api: 'softMarginLoss', targets: 'sign', classDim: false,
    tfjs: 'sigmoidCrossEntropy', sameFormula: true, exp: true },
  { key: 'multilabelSoftMargin', c: 'multilabel_soft_margin', api: 'multilabelSoftMarginLoss', targets: 'bit',
    classDim: true, tfjs: 'sigmoidCrossEntropy', sameFormula: true, exp: true },
  { key: 'multiMargin', c: 'multi_margin', api: 'multiMarginLoss', targets: 'index', classDim: true,
    tfjs: null, exp: false },
  { key: 'multilabelMargin', c: 'multilabel_margin', api: 'multilabelMarginLoss', targets: 'list',
    classDim: true, tfjs: null, exp: false },
  { key: 'bceWithLogits', c: 'bce_with_logits', api: 'bceWithLogitsLoss', targets: 'bit', classDim: false,
    tfjs: 'sigmoidCrossEntropy', sameFormula: true, exp: true },
  { key: 'crossEntropy', c: 'cross_entropy_index', api: 'crossEntropyLoss', targets: 'index', classDim: true,
    tfjs: 'softmaxCrossEntropy', sameFormula: true, exp: true },
  { key: 'hingeEmbedding', c: 'hinge_embedding', api: 'hingeEmbeddingLoss', targets: 'sign', classDim: false,
    tfjs: 'hingeLoss', sameFormula: false, exp: false },
  { key: 'marginRanking', c: 'margin_ranking', api: 'marginRankingLoss', targets: 'sign', classDim: false,
    tfjs: null, inputs: 2, exp: false },
  // Defaults: margin 0; margin 1, p = 2, eps 1e-6, no swap (the JS loops, tfjs and native use the same).
  { key: 'cosineEmbedding', c: 'cosine_embedding', api: 'cosineEmbeddingLoss', targets: 'rowSign', classDim: false,
    embedding: true, tfjs: 'ops', sameFormula: true, inputs: 2, exp: false },
  { key: 'tripletMargin', c: 'triplet_margin', api: 'tripletMarginLoss', targets: null, classDim: false,
    embedding: true, tfjs: 'ops', sameFormula: true, inputs: 3, exp: false },
];

/** The indices in SHAPES of the shapes `loss` is measured at. */
export const shapesOf = (loss) => SHAPES.flatMap((s, i) => (Boolean(s.embedding) === Boolean(loss.embedding) ? [i] : []));

/** Whether the binding takes `loss`'s input with its shape [rows, classes] (else as one 1-D array). */
export const shaped = (loss) => loss.classDim || Boolean(loss.embedding);

/** The names of the input arrays of an input set, and of the gradients, for `loss`. */
const INPUT_NAMES = ['x', 'x2', 'x3'];
export const inputNames = (loss) => INPUT_NAMES.slice(0, loss.inputs ?? 1);
export const gradNames = (loss) => ['grad', 'grad2', 'grad3'].slice(0, loss.inputs ?? 1);

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

// One input set, drawn from `rng` in the order bench.c draws it: x, then x2 and x3, then the targets.
function drawSet(loss, rows, classes, rng) {
  const n = rows * classes;
  const inputs = { rows, classes, n };
  for (const name of inputNames(loss)) {
    inputs[name] = new Float32Array(n);
    for (let i = 0; i < n; i++) inputs[name][i] = logit(rng);
  }
  if (loss.targets === null) return inputs;
  if (loss.targets === 'rowSign') {
    inputs.y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) inputs.y[r] = sign(rng);
  } else if (loss.targets === 'sign' || loss.targets === 'bit') {
    const draw = loss.targets === 'sign' ? sign : bit;
    inputs.y = new Float32Array(n);
    for (let i = 0; i < n; i++) inputs.y[i] = draw(rng);
  } else if (loss.targets === 'index') {
    inputs.t = new Int32Array(rows);
    for (let r = 0; r < rows; r++) inputs.t[r] = index(rng, classes);
  } else {
    // 1 to 4 distinct classes per row (a class listed twice would count twice, which labels: 'strict' rejects).
    inputs.t = new Int32Array(n).fill(-1);
    for (let r = 0; r < rows; r++) {
      const row = inputs.t.subarray(r * classes, (r + 1) * classes);
      const k = Math.min(1 + (next(rng) % 4), classes);
      for (let j = 0; j < k; j++) {
        let c;
        do {
          c = index(rng, classes);
        } while (row.subarray(0, j).includes(c));
        row[j] = c;
      }
    }
  }
  return inputs;
}

/** `count` input sets of one case, { rows, classes, n, x, x2?, x3?, y? (Float32Array), t? (Int32Array) } each. */
export function makeInputSets(loss, rows, classes, count) {
  const rng = seedFor(rows, classes);
  return Array.from({ length: count }, () => drawSet(loss, rows, classes, rng));
}

// ---- marginloss calls ----

/**
 * A closure for one convenience-API call of `loss` on `inputs` (float32, reduction 'mean'). Inputs may be
 * typed arrays (copied by the binding) or ModuleArrays (the zero-copy tier); `out` receives the gradients
 * (ModuleArrays, or typed arrays the caller reuses).
 */
export function apiCall(ml, loss, inputs, withGrad, out = null, labels = undefined) {
  const { rows, classes } = inputs;
  const options = { grad: withGrad };
  if (labels) options.labels = labels;
  if (shaped(loss)) options.shape = [rows, classes];
  if (out && withGrad) options.out = out;
  const fn = ml[loss.api];
  const args = inputNames(loss).map((name) => inputs[name]);
  if (loss.targets !== null) args.push(inputs.y ?? inputs.t);
  return () => fn(...args, options);
}

/** Gradient buffers for `options.out`: typed arrays made once and reused by every call. */
export function reusedOut(loss, n) {
  return Object.fromEntries(gradNames(loss).map((name) => [name, new Float32Array(n)]));
}

/** The same inputs moved into module memory (ml.alloc): the zero-copy tier. */
export function moduleInputs(ml, inputs) {
  const put = (array) => {
    const m = ml.alloc(array.constructor, array.length);
    m.array.set(array);
    return m;
  };
  const names = ['x', 'x2', 'x3', 'y', 't'].filter((name) => inputs[name]);
  const moved = { ...inputs };
  for (const name of names) moved[name] = put(inputs[name]);
  const all = names.map((name) => moved[name]);
  return { inputs: moved, free: () => all.forEach((m) => m.free()) };
}

/** Gradient ModuleArrays for the zero-copy tier's `options.out`, shared by the calls of a case. */
export function moduleOut(ml, loss, n) {
  const out = Object.fromEntries(gradNames(loss).map((name) => [name, ml.alloc(Float32Array, n)]));
  return { out, free: () => Object.values(out).forEach((m) => m.free()) };
}

/** The module memory in bytes of an API object's instance: ml.memoryBytes(), or the size of its buffer. */
export function moduleBytes(ml) {
  if (typeof ml.memoryBytes === 'function') return ml.memoryBytes();
  const probe = ml.alloc(Int32Array, 1);
  const bytes = probe.array.buffer.byteLength;
  probe.free();
  return bytes;
}
