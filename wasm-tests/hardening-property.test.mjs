// Seeded property test: 10,000 random calls per loss and build, about one in three ill-formed.
// A well-formed call must match an independent float64 reference of PyTorch 1.13's formulas (written
// here from the reference doc, not from the package) within the dtype's tolerance; an ill-formed call
// must throw exactly TypeError or RangeError (never a trap or another error), leave every caller array
// untouched, and not disturb later calls (which are checked against the reference again).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeTo, loadBuilds, seededRandom } from './helpers.mjs';

const builds = await loadBuilds();
const CALLS = 10_000;
const TOLERANCE = { float32: { rtol: 2e-5, atol: 2e-6 }, float64: { rtol: 1e-10, atol: 1e-13 } };

// ---------------------------------------------------------------------------------------------------
// The reference: float64, written straight from the formulas (reference doc §1–§8 and its Decisions).
const sp = (z) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
const sigmoid = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

// Applies the reduction to per-output values `l` and their per-output gradient contributions:
// `rows[k]` lists [index, d l_k / d x_index] pairs; returns { loss, grad(s) } scaled like torch.
function reduce(l, contributions, gradLengths, reduction, gradOutput, denominator = l.length) {
  const grads = gradLengths.map((n) => new Float64Array(n));
  const scale = (k) => {
    if (reduction === 'none') return gradOutput === undefined ? 1 : gradOutput[k];
    const g = gradOutput === undefined ? 1 : gradOutput;
    return reduction === 'mean' ? g / denominator : g;
  };
  contributions.forEach((pairs, k) => {
    const s = scale(k);
    for (const [which, index, d] of pairs) grads[which][index] += s * d;
  });
  let loss;
  if (reduction === 'none') loss = Float64Array.from(l);
  else {
    const sum = l.reduce((a, b) => a + b, 0);
    loss = reduction === 'sum' ? sum : sum / denominator;
  }
  return { loss, grads };
}

const REFERENCE = {
  softMarginLoss({ x, y }) {
    return {
      l: x.map((v, i) => sp(-y[i] * v)),
      c: x.map((v, i) => [[0, i, -y[i] * sigmoid(-y[i] * v)]]),
    };
  },
  multilabelSoftMarginLoss({ x, y, rows, classes, weight }) {
    const l = [];
    const c = [];
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      const pairs = [];
      for (let k = 0; k < classes; k++) {
        const i = r * classes + k;
        const w = weight ? weight[k] : 1;
        sum += (w * (sp(-x[i]) + (1 - y[i]) * x[i]));
        pairs.push([0, i, (w * (sigmoid(x[i]) - y[i])) / classes]);
      }
      l.push(sum / classes);
      c.push(pairs);
    }
    return { l, c };
  },
  multiMarginLoss({ x, t, rows, classes, p, margin, weight }) {
    const l = [];
    const c = [];
    for (let r = 0; r < rows; r++) {
      const target = t[r];
      const w = weight ? weight[target] : 1;
      let sum = 0;
      const pairs = [];
      for (let i = 0; i < classes; i++) {
        if (i === target) continue;
        const z = margin - x[r * classes + target] + x[r * classes + i];
        if (z > 0) {
          sum += w * (p === 1 ? z : z * z);
          const d = (w * (p === 1 ? 1 : 2 * z)) / classes;
          pairs.push([0, r * classes + i, d], [0, r * classes + target, -d]);
        }
      }
      l.push(sum / classes);
      c.push(pairs);
    }
    return { l, c };
  },
  multilabelMarginLoss({ x, t, rows, classes }) {
    const l = [];
    const c = [];
    for (let r = 0; r < rows; r++) {
      const list = [];
      for (let k = 0; k < classes && t[r * classes + k] >= 0; k++) list.push(t[r * classes + k]);
      const isTarget = new Set(list);
      let sum = 0;
      const pairs = [];
      for (const j of list) {
        for (let i = 0; i < classes; i++) {
          if (isTarget.has(i)) continue;
          const z = 1 - x[r * classes + j] + x[r * classes + i];
          if (z > 0) {
            sum += z;
            pairs.push([0, r * classes + i, 1 / classes], [0, r * classes + j, -1 / classes]);
          }
        }
      }
      l.push(sum / classes);
      c.push(pairs);
    }
    return { l, c };
  },
  bceWithLogitsLoss({ x, y, classes, weight, posWeight }) {
    return {
      l: x.map((v, i) => {
        const w = weight ? weight[weight.length === x.length ? i : i % classes] : 1;
        const lw = posWeight ? 1 + (posWeight[i % classes] - 1) * y[i] : 1;
        return w * ((1 - y[i]) * v + lw * sp(-v));
      }),
      c: x.map((v, i) => {
        const w = weight ? weight[weight.length === x.length ? i : i % classes] : 1;
        const pw = posWeight ? posWeight[i % classes] : 1;
        const lw = 1 + (pw - 1) * y[i];
        return [[0, i, w * (lw * sigmoid(v) - pw * y[i])]];
      }),
    };
  },
  // Cross-entropy over (batch, classes, inner): index targets (t) or probabilities (y).
  crossEntropyLoss({ x, t, y, batch, classes, inner, weight, ignoreIndex, smoothing }) {
    const l = [];
    const c = [];
    let denominator = 0;
    const at = (b, k, i) => b * classes * inner + k * inner + i;
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < inner; i++) {
        let max = -Infinity;
        for (let k = 0; k < classes; k++) max = Math.max(max, x[at(b, k, i)]);
        let z = 0;
        for (let k = 0; k < classes; k++) z += Math.exp(x[at(b, k, i)] - max);
        const q = (k) => x[at(b, k, i)] - max - Math.log(z);
        const w = (k) => (weight ? weight[k] : 1);
        // a[k]: the coefficient of −q[k] in the loss.
        const a = new Float64Array(classes);
        if (t) {
          const target = t[b * inner + i];
          if (target === ignoreIndex) {
            l.push(0);
            c.push([]);
            continue;
          }
          denominator += w(target);
          a[target] += (1 - smoothing) * w(target);
          for (let k = 0; k < classes; k++) a[k] += (smoothing / classes) * w(k);
        } else {
          for (let k = 0; k < classes; k++) {
            a[k] = w(k) * ((1 - smoothing) * y[at(b, k, i)] + smoothing / classes);
          }
        }
        let loss = 0;
        let total = 0;
        for (let k = 0; k < classes; k++) {
          loss -= a[k] * q(k);
          total += a[k];
        }
        l.push(loss);
        const pairs = [];
        for (let k = 0; k < classes; k++) pairs.push([0, at(b, k, i), Math.exp(q(k)) * total - a[k]]);
        c.push(pairs);
      }
    }
    return { l, c, denominator: t ? denominator : batch * inner };
  },
  hingeEmbeddingLoss({ x, y, margin }) {
    return {
      l: x.map((v, i) => (y[i] !== 1 ? Math.max(0, margin - v) : 0) + (y[i] !== -1 ? v : 0)),
      c: x.map((v, i) => [[0, i, (y[i] !== -1 ? 1 : 0) - (y[i] !== 1 && margin - v >= 0 ? 1 : 0)]]),
    };
  },
  marginRankingLoss({ x, x2, y, margin }) {
    return {
      l: x.map((v, i) => Math.max(0, -y[i] * (v - x2[i]) + margin)),
      c: x.map((v, i) => (-y[i] * (v - x2[i]) + margin >= 0 ? [[0, i, -y[i]], [1, i, y[i]]] : [])),
    };
  },
};

// ---------------------------------------------------------------------------------------------------
// Random well-formed calls. Values lie on a dyadic grid so that every hinge decision is exact in
// float32 too (z = margin − x[t] + x[i] is then computed without rounding in either dtype).
function generator(random) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  const logit = () => (random() < 0.8 ? int(-64, 64) / 16 : int(-160, 160) / 4);
  const fill = (n, f) => Array.from({ length: n }, f);
  return { int, pick, logit, fill, random };
}

// Each maker returns { args (the JS call's positional arguments), options, ref (reference inputs),
// gradLengths }. Float data is held as plain numbers and turned into the call's dtype afterwards.
const MAKERS = {
  softMarginLoss(g) {
    const n = g.int(0, 12);
    const x = g.fill(n, g.logit);
    const y = g.fill(n, () => (g.random() < 0.9 ? g.pick([-1, 1]) : g.pick([0, 2, 0.5])));
    const shape = g.random() < 0.5 ? undefined : n % 2 === 0 && n ? [2, n / 2] : [n];
    return { floats: [x, y], options: { shape }, ref: { x, y }, outputLength: n, gradLengths: [n] };
  },
  multilabelSoftMarginLoss(g) {
    const rows = g.int(0, 4);
    const classes = g.int(1, 5);
    const n = rows * classes;
    const x = g.fill(n, g.logit);
    const y = g.fill(n, () => (g.random() < 0.8 ? g.int(0, 1) : g.pick([-1, 0.25, 0.5])));
    const weight = g.random() < 0.4 ? g.fill(classes, () => g.int(1, 16) / 8) : undefined;
    return {
      floats: [x, y], weights: { weight }, options: { shape: [rows, classes] },
      ref: { x, y, rows, classes, weight }, outputLength: rows, gradLengths: [n],
    };
  },
  multiMarginLoss(g) {
    const oneD = g.random() < 0.2;
    const rows = oneD ? 1 : g.int(0, 4);
    const classes = g.int(1, 5);
    const n = rows * classes;
    const x = g.fill(n, g.logit);
    const t = g.fill(rows, () => g.int(0, classes - 1));
    const p = g.pick([1, 2, undefined]);
    const margin = g.random() < 0.5 ? undefined : g.int(-4, 8) / 4;
    const weight = g.random() < 0.4 ? g.fill(classes, () => g.int(1, 16) / 8) : undefined;
    return {
      floats: [x], indices: t, weights: { weight },
      options: { shape: oneD ? [classes] : [rows, classes], p, margin },
      ref: { x, t, rows, classes, p: p ?? 1, margin: margin ?? 1, weight }, outputLength: rows, gradLengths: [n],
    };
  },
  multilabelMarginLoss(g) {
    const oneD = g.random() < 0.2;
    const rows = oneD ? 1 : g.int(0, 4);
    const classes = g.int(1, 5);
    const n = rows * classes;
    const x = g.fill(n, g.logit);
    const t = [];
    for (let r = 0; r < rows; r++) {
      const length = g.int(0, classes);
      for (let k = 0; k < classes; k++) t.push(k < length ? g.int(0, classes - 1) : k === length ? -1 : g.int(-1, classes - 1));
    }
    return {
      floats: [x], indices: t, options: { shape: oneD ? [classes] : [rows, classes] },
      ref: { x, t, rows, classes }, outputLength: rows, gradLengths: [n],
    };
  },
  bceWithLogitsLoss(g) {
    const rows = g.int(0, 4);
    const classes = g.int(1, 5);
    const n = rows * classes;
    const x = g.fill(n, g.logit);
    const y = g.fill(n, () => (g.random() < 0.8 ? g.int(0, 1) : g.pick([-1, 0.25, 0.5, 2])));
    const weight = g.random() < 0.3 ? g.fill(g.random() < 0.5 ? classes : n, () => g.int(1, 16) / 8) : undefined;
    const posWeight = g.random() < 0.3 ? g.fill(classes, () => g.int(1, 24) / 8) : undefined;
    return {
      floats: [x, y], weights: { weight, posWeight }, options: { shape: [rows, classes] },
      ref: { x, y, classes, weight, posWeight }, outputLength: n, gradLengths: [n],
    };
  },
  crossEntropyLoss(g) {
    const dims = g.int(1, 3);
    const classes = g.int(1, 5);
    const batch = dims === 1 ? 1 : g.int(0, 3);
    const inner = dims === 3 ? g.int(0, 3) : 1;
    const shape = dims === 1 ? [classes] : dims === 2 ? [batch, classes] : [batch, classes, inner];
    const n = batch * classes * inner;
    const x = g.fill(n, g.logit);
    const smoothing = g.random() < 0.6 ? undefined : g.pick([0, 0.1, 0.25, 1]);
    const weight = g.random() < 0.4 ? g.fill(classes, () => g.int(1, 16) / 8) : undefined;
    if (g.random() < 0.3) {
      const y = g.fill(n, () => g.int(0, 8) / 8);
      return {
        floats: [x, y], weights: { weight }, options: { shape, labelSmoothing: smoothing },
        ref: { x, y, batch, classes, inner, weight, smoothing: smoothing ?? 0 }, outputLength: batch * inner, gradLengths: [n],
      };
    }
    const ignoreIndex = g.random() < 0.5 ? undefined : g.pick([-1, 0, classes - 1, 255]);
    const t = g.fill(batch * inner, () => (g.random() < 0.15 ? (ignoreIndex ?? -100) : g.int(0, classes - 1)));
    return {
      floats: [x], indices: t, weights: { weight }, options: { shape, labelSmoothing: smoothing, ignoreIndex },
      ref: { x, t, batch, classes, inner, weight, smoothing: smoothing ?? 0, ignoreIndex: ignoreIndex ?? -100 },
      outputLength: batch * inner, gradLengths: [n],
    };
  },
  hingeEmbeddingLoss(g) {
    const n = g.int(0, 12);
    const x = g.fill(n, g.logit);
    const y = g.fill(n, () => (g.random() < 0.9 ? g.pick([-1, 1]) : g.pick([0, 2, 0.5])));
    const margin = g.random() < 0.5 ? undefined : g.int(-4, 8) / 4;
    return { floats: [x, y], options: { margin }, ref: { x, y, margin: margin ?? 1 }, outputLength: n, gradLengths: [n] };
  },
  marginRankingLoss(g) {
    const n = g.int(0, 12);
    const x = g.fill(n, g.logit);
    const x2 = g.fill(n, g.logit);
    const y = g.fill(n, () => (g.random() < 0.9 ? g.pick([-1, 1]) : g.pick([0, 2])));
    const margin = g.random() < 0.5 ? undefined : g.int(-4, 8) / 4;
    return {
      floats: [x, x2, y], options: { margin }, ref: { x, x2, y, margin: margin ?? 0 },
      outputLength: n, gradLengths: [n, n],
    };
  },
};

// Turns a generated case into the actual call: typed arrays of the dtype (sometimes plain arrays for
// targets and weights, sometimes ModuleArrays for the input), a reduction and an upstream gradient.
function materialise(fnName, spec, g, ml, dtype) {
  const Type = dtype === 'float32' ? Float32Array : Float64Array;
  const round = (values) => Array.from(Type.from(values));
  const moduleArrays = [];
  const asInput = (values) => {
    if (g.random() < 0.15) {
      const array = ml.alloc(Type, values.length);
      array.array.set(values);
      moduleArrays.push(array);
      return array;
    }
    return Type.from(values);
  };
  const asSecondary = (values) => (g.random() < 0.2 ? [...values] : Type.from(values));
  const [x, ...rest] = spec.floats;
  // A plain array target means class indices to crossEntropyLoss: its probabilities stay typed.
  const args = [asInput(x), ...rest.map(fnName === 'crossEntropyLoss' ? (v) => Type.from(v) : asSecondary)];
  if (spec.indices) args.push(g.random() < 0.2 ? [...spec.indices] : Int32Array.from(spec.indices));
  const reduction = g.pick(['none', 'mean', 'sum', undefined]);
  const options = { ...spec.options, reduction };
  for (const [key, value] of Object.entries(spec.weights ?? {})) {
    if (value !== undefined) options[key] = asSecondary(value);
  }
  let gradOutput;
  if (g.random() < 0.4) {
    gradOutput = (reduction ?? 'mean') === 'none'
      ? round(g.fill(spec.outputLength, () => g.int(-16, 16) / 8))
      : g.int(-16, 16) / 8;
    options.gradOutput = typeof gradOutput === 'number' ? gradOutput : Type.from(gradOutput);
  }
  if (g.random() < 0.1) options.grad = false;
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  // The reference sees the values the call really carries (rounded to the dtype).
  const ref = { ...spec.ref };
  for (const key of ['x', 'x2', 'y', 'weight', 'posWeight']) if (ref[key]) ref[key] = round(ref[key]);
  if (ref.margin !== undefined) ref.margin = Number(ref.margin);
  return { args, options, ref, reduction: reduction ?? 'mean', gradOutput, moduleArrays };
}

function expected(fnName, call, gradLengths) {
  const { l, c, denominator } = REFERENCE[fnName](call.ref);
  return reduce(l, c, gradLengths, call.reduction, call.gradOutput, denominator);
}

function checkClose(got, want, tolerance, label) {
  const g = typeof got === 'number' ? [got] : Array.from(got?.array ?? got);
  const w = typeof want === 'number' ? [want] : Array.from(want);
  assert.equal(g.length, w.length, `${label}: length`);
  for (let i = 0; i < w.length; i++) {
    // The tolerance scales with the largest magnitude involved (sums of many terms).
    const scale = Math.max(1, ...w.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
    const ok = closeTo(g[i], w[i], { rtol: tolerance.rtol, atol: tolerance.atol * scale });
    if (!ok) assert.fail(`${label}[${i}] = ${g[i]}, reference ${w[i]}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Ill-formed calls: one defect applied to a well-formed call. Each returns the new [args, options].
const DETACH = (array) => {
  const copy = array.slice();
  structuredClone(copy.buffer, { transfer: [copy.buffer] });
  return copy;
};
const isF32 = (input) => (input.type ?? input.constructor) === Float32Array;
const DEFECTS = [
  ['input is a plain object', (a, o) => [[{ length: a[0].length }, ...a.slice(1)], o]],
  ['input is a string', (a, o) => [['1,2', ...a.slice(1)], o]],
  ['input is an Int8Array', (a, o) => [[new Int8Array(a[0].length), ...a.slice(1)], o]],
  ['input is a BigInt64Array', (a, o) => [[new BigInt64Array(a[0].length), ...a.slice(1)], o]],
  ['input is null', (a, o) => [[null, ...a.slice(1)], o]],
  ['input is detached', (a, o) => [[DETACH(a[0].array ?? a[0]), ...a.slice(1)], o]],
  ['target is missing', (a, o) => [a.slice(0, -1), o], (a) => a.length === 2],
  ['last argument too short', (a, o) => [[...a.slice(0, -1), a.at(-1).slice?.(0, -1) ?? []], o], (a) => a.at(-1).length > 0],
  ['last argument too long', (a, o) => [[...a.slice(0, -1), [...Array.from(a.at(-1)), 0]], o]],
  ['last argument is a BigInt64Array', (a, o) => [[...a.slice(0, -1), new BigInt64Array(a.at(-1).length)], o]],
  ['last argument is detached', (a, o) => [[...a.slice(0, -1), DETACH(ArrayBuffer.isView(a.at(-1)) ? a.at(-1) : Float64Array.from(a.at(-1)))], o], (a) => ArrayBuffer.isView(a.at(-1)) && a.at(-1).length > 0],
  ['shape product wrong', (a, o) => [a, { ...o, shape: [(a[0].length ?? 0) + 1] }]],
  ['shape has a negative dimension', (a, o) => [a, { ...o, shape: [-1, -(a[0].length ?? 0)] }]],
  ['shape has a fractional dimension', (a, o) => [a, { ...o, shape: [0.5, 2 * (a[0].length ?? 0)] }]],
  ['shape has a string dimension', (a, o) => [a, { ...o, shape: [String(a[0].length)] }]],
  ['shape has NaN', (a, o) => [a, { ...o, shape: [NaN] }]],
  ['shape is a number', (a, o) => [a, { ...o, shape: a[0].length }]],
  ['shape has a dimension beyond 32 bits', (a, o) => [a, { ...o, shape: [2 ** 32, 0] }]],
  ['unknown option reduce', (a, o) => [a, { ...o, reduce: 'sum' }]],
  ['unknown option sizeAverage', (a, o) => [a, { ...o, sizeAverage: false }]],
  ['reduction misspelt', (a, o) => [a, { ...o, reduction: 'Sum' }]],
  ['reduction elementwise_mean', (a, o) => [a, { ...o, reduction: 'elementwise_mean' }]],
  ['reduction is a number', (a, o) => [a, { ...o, reduction: 1 }]],
  ['grad is a string', (a, o) => [a, { ...o, grad: 'false' }]],
  ['gradOutput wrong kind', (a, o) => [a, { ...o, gradOutput: (o.reduction ?? 'mean') === 'none' ? 1 : [1] }]],
  ['gradOutput wrong length', (a, o) => [a, { ...o, reduction: 'none', gradOutput: new Float64Array(10_000) }]],
  ['options is an array', (a) => [a, []]],
  ['out is not ModuleArrays', (a, o) => [a, { ...o, out: { grad: new Float32Array(a[0].length) } }]],
];
const SPECIFIC = {
  multiMarginLoss: [
    ['p = 3', (a, o) => [a, { ...o, p: 3 }]],
    ['p = 1.5', (a, o) => [a, { ...o, p: 1.5 }]],
    ['p = "2"', (a, o) => [a, { ...o, p: '2' }]],
    ['margin NaN', (a, o) => [a, { ...o, margin: NaN }]],
    ['weight of the wrong length', (a, o) => [a, { ...o, weight: new Float64Array(o.shape.at(-1) + 1) }]],
    ['weight of the other dtype', (a, o) => [a, { ...o, weight: isF32(a[0]) ? new Float64Array(o.shape.at(-1)) : new Float32Array(o.shape.at(-1)) }]],
    ['class index = C', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === 0 ? o.shape.at(-1) : v))], o], (a) => a[1].length > 0],
    ['class index NaN', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === 0 ? NaN : v))], o], (a) => a[1].length > 0],
    ['class index fractional', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === 0 ? 0.5 : v))], o], (a) => a[1].length > 0],
    ['class indices as Float32Array', (a, o) => [[a[0], Float32Array.from(a[1])], o]],
    ['class dimension 0', (a, o) => [a, { ...o, shape: [a[0].length, 0] }], (a) => a[0].length === 0],
    ['three dimensions', (a, o) => [a, { ...o, shape: [1, 1, a[0].length] }]],
  ],
  multilabelMarginLoss: [
    ['entry -2', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === a[1].length - 1 ? -2 : v))], o], (a) => a[1].length > 0],
    ['entry C after the terminator', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === a[1].length - 1 ? o.shape.at(-1) : v))], o], (a) => a[1].length > 0],
    ['margin option', (a, o) => [a, { ...o, margin: 1 }]],
    ['target of the row count', (a, o) => [[a[0], Int32Array.from({ length: o.shape.length === 2 ? o.shape[0] : 1 }, () => -1)], o], (a, o) => a[0].length !== (o.shape.length === 2 ? o.shape[0] : 1)],
  ],
  crossEntropyLoss: [
    ['label smoothing 1.5', (a, o) => [a, { ...o, labelSmoothing: 1.5 }]],
    ['label smoothing -0.5', (a, o) => [a, { ...o, labelSmoothing: -0.5 }]],
    ['label smoothing NaN', (a, o) => [a, { ...o, labelSmoothing: NaN }]],
    ['ignoreIndex fractional', (a, o) => [a, { ...o, ignoreIndex: 1.5 }]],
    ['ignoreIndex string', (a, o) => [a, { ...o, ignoreIndex: '-100' }]],
    ['ignoreIndex ≥ 0 with probabilities', (a, o) => [a, { ...o, ignoreIndex: 0 }], (a) => ArrayBuffer.isView(a[1]) && !(a[1] instanceof Int32Array)],
    ['target out of range, not ignored', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === 0 ? 1000 : v))], { ...o, ignoreIndex: -100 }], (a) => a[1] instanceof Int32Array && a[1].length > 0],
    ['weight of the wrong length', (a, o) => [a, { ...o, weight: new Float64Array(99) }]],
    ['missing shape', (a, o) => [a, { ...o, shape: undefined }]],
  ],
  bceWithLogitsLoss: [
    ['posWeight of the wrong length', (a, o) => [a, { ...o, posWeight: new Float64Array(o.shape[1] + 1) }]],
    ['weight of the wrong length', (a, o) => [a, { ...o, weight: new Float64Array(a[0].length + 1) }], (a, o) => a[0].length + 1 !== o.shape[1]],
    ['pos_weight spelt the torch way', (a, o) => [a, { ...o, pos_weight: [1] }]],
  ],
  multilabelSoftMarginLoss: [
    ['weight of the wrong length', (a, o) => [a, { ...o, weight: [1, 2, 3, 4, 5, 6] }]],
    ['weight of the wrong dtype', (a, o) => [a, { ...o, weight: new Int32Array(o.shape[1]) }]],
    ['shape with one dimension too many', (a, o) => [a, { ...o, shape: [1, ...o.shape] }]],
  ],
  hingeEmbeddingLoss: [
    ['margin Infinity', (a, o) => [a, { ...o, margin: Infinity }]],
    ['margin string', (a, o) => [a, { ...o, margin: '1' }]],
  ],
  marginRankingLoss: [
    ['input2 of the other dtype', (a, o) => [[a[0], isF32(a[0]) ? new Float64Array(a[0].length) : new Float32Array(a[0].length), a[2]], o]],
    ['ignoreIndex option', (a, o) => [a, { ...o, ignoreIndex: 1 }]],
  ],
  softMarginLoss: [['weight option', (a, o) => [a, { ...o, weight: [1] }]]],
};

function snapshot(values) {
  return values.map((v) => {
    if (v?.freed) return 'freed';
    const array = v?.array ?? v;
    if (ArrayBuffer.isView(array) && array.byteLength === 0) return [];
    return ArrayBuffer.isView(array) || Array.isArray(array) ? Array.from(array, (e) => (typeof e === 'bigint' ? e : Object.is(e, -0) ? '-0' : e)) : v;
  });
}

for (const { name: build, ml } of builds) {
  for (const fnName of Object.keys(MAKERS)) {
    test(`${build}: ${fnName}: ${CALLS} random calls match the reference or throw TypeError/RangeError`, () => {
      const g = generator(seededRandom(0x5eed ^ fnName.length * 7919 ^ (build === 'simd' ? 1 : 2)));
      const defects = [...DEFECTS, ...(SPECIFIC[fnName] ?? [])];
      const counts = { good: 0, bad: 0 };
      for (let call = 0; call < CALLS; call++) {
        const dtype = g.random() < 0.5 ? 'float32' : 'float64';
        const spec = MAKERS[fnName](g);
        const c = materialise(fnName, spec, g, ml, dtype);
        const label = `${fnName} call ${call} (${dtype}, reduction ${c.reduction})`;
        try {
          if (g.random() < 0.35) {
            const applicable = defects.filter(([, , when]) => !when || when(c.args, c.options));
            const [name, apply] = g.pick(applicable);
            const [args, options] = apply(c.args, c.options);
            const before = snapshot([...args, ...Object.values(options ?? {})]);
            assert.throws(() => ml[fnName](...args, options), (error) => {
              assert.ok(error.constructor === TypeError || error.constructor === RangeError,
                `${label}, defect '${name}': ${error.constructor.name}: ${error.message}`);
              assert.match(error.message, new RegExp(`^(${fnName}|marginloss):`), `${label}, defect '${name}': ${error.message}`);
              return true;
            }, `${label}: defect '${name}' was accepted`);
            assert.deepEqual(snapshot([...args, ...Object.values(options ?? {})]), before, `${label}: '${name}' wrote to the caller's arrays`);
            counts.bad++;
          } else {
            const want = expected(fnName, c, spec.gradLengths);
            const got = ml[fnName](...c.args, c.options);
            const tolerance = TOLERANCE[dtype];
            checkClose(got.loss, want.loss, tolerance, `${label} loss`);
            if (c.options.grad === false) assert.equal(got.grad, null);
            else {
              checkClose(got.grad, want.grads[0], tolerance, `${label} grad`);
              if (want.grads[1]) checkClose(got.grad2, want.grads[1], tolerance, `${label} grad2`);
            }
            counts.good++;
          }
        } finally {
          for (const array of c.moduleArrays) array.free();
        }
      }
      assert.ok(counts.good > CALLS / 2 && counts.bad > CALLS / 4, JSON.stringify(counts));
    });
  }
}
