// Every loss's gradient against a central finite difference of its own loss, in float64, for each
// reduction ('none' through a random upstream gradient). Inputs keep away from hinge kinks, where the
// loss is not differentiable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAllClose, loadBuilds, seededRandom } from './helpers.mjs';

const builds = await loadBuilds();
const STEP = 1e-6;
const TOLERANCE = { rtol: 1e-6, atol: 1e-8 };
const N = 4;
const C = 5;

function randomArray(random, length, scale = 2) {
  return Float64Array.from({ length }, () => (random() * 2 - 1) * scale);
}

// The embedding losses' inputs: 6 rows of D = 5, of three kinds (row % 3) drawn so that every branch of
// the loss is taken, each kept away from its kinks (asserted before the test, which compares gradients).
const ROWS = 6;
const D = 5;
const KINK_DISTANCE = 1e-3; // how far every hinge (and swap's choice, and p = 1's |v_i|) stays from its kink

// A row near `base` (scale `spread`), or a random one when base is null.
function drawRow(random, base, spread) {
  return Float64Array.from({ length: D }, (_, i) => (base === null ? 0 : base[i]) + (random() * 2 - 1) * spread);
}

// CosineEmbeddingLoss's cosine of row r, for the preconditions (the test checks gradients, not these).
function cosine(x1, x2, r) {
  let s = 0, m1 = 0, m2 = 0;
  for (let i = r * D; i < (r + 1) * D; i++) [s, m1, m2] = [s + x1[i] * x2[i], m1 + x1[i] ** 2, m2 + x2[i] ** 2];
  return s / Math.sqrt(m1 * m2);
}

// ‖x − y + eps‖_p of row r, and whether a coordinate of x − y + eps is near 0 (p = 1's kinks).
function distance(x, y, r, p, eps) {
  let sum = 0;
  let nearZero = false;
  for (let i = r * D; i < (r + 1) * D; i++) {
    const v = x[i] - y[i] + eps;
    sum += Math.abs(v) ** p;
    nearZero ||= Math.abs(v) < KINK_DISTANCE;
  }
  return { d: sum ** (1 / p), nearZero };
}

// Triplets with p and swap. Kind 0: three random rows; kind 1: the negative near the positive (active; with
// swap, d(positive, negative) takes over); kind 2: the positive near the anchor, the negative far (inactive).
function tripletCase(p, swap) {
  const margin = 1;
  const eps = 0.05; // large enough that a gradient leaving it out would fail
  return (random) => {
    const [a, pos, neg] = [0, 1, 2].map(() => new Float64Array(ROWS * D));
    for (let r = 0; r < ROWS; r++) {
      const anchor = drawRow(random, null, 2);
      const positive = drawRow(random, r % 3 === 2 ? anchor : null, r % 3 === 2 ? 0.3 : 2);
      const negative = r % 3 === 0 ? drawRow(random, null, 2)
        : r % 3 === 1 ? drawRow(random, positive, 0.4)
          : Float64Array.from(anchor, (v, i) => v + (i % 2 ? 4 : -4) + random());
      a.set(anchor, r * D);
      pos.set(positive, r * D);
      neg.set(negative, r * D);
    }
    const zs = [];
    let swapped = 0;
    for (let r = 0; r < ROWS; r++) {
      const dp = distance(a, pos, r, p, eps);
      const dan = distance(a, neg, r, p, eps);
      const dpn = distance(pos, neg, r, p, eps);
      const z = margin + dp.d - (swap ? Math.min(dan.d, dpn.d) : dan.d);
      zs.push(z);
      if (swap && dpn.d < dan.d) swapped++;
      assert.ok(Math.abs(z) > KINK_DISTANCE, `triplet row ${r}: z = ${z} is near the hinge's kink`);
      if (swap) assert.ok(Math.abs(dan.d - dpn.d) > KINK_DISTANCE, `triplet row ${r}: swap's distances tie`);
      if (p === 1) assert.ok(!dp.nearZero && !dan.nearZero && !(swap && dpn.nearZero), `triplet row ${r}: a |v_i| near 0`);
    }
    assert.ok(zs.some((z) => z > 0) && zs.some((z) => z < 0), 'active and inactive triplets');
    if (swap) assert.ok(swapped > 0 && swapped < ROWS, `swap takes d(positive, negative) in some rows only (${swapped})`);
    return { inputs: [a, pos, neg], outputLength: ROWS,
      call: (ml, [x, y, z], options) => ml.tripletMarginLoss(x, y, z, { ...options, shape: [ROWS, D], margin, p, eps, swap }) };
  };
}

// Each case draws its fixed arguments from `random` and returns the differentiable input(s), the length of
// the 'none' output, and `call(ml, inputs, options)`.
const CASES = {
  softMarginLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, () => (random() < 0.5 ? -1 : 1));
    return { inputs: [randomArray(random, N * C)], outputLength: N * C,
      call: (ml, [x], options) => ml.softMarginLoss(x, target, options) };
  },
  multilabelSoftMarginLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, () => (random() < 0.5 ? 0 : 1));
    const weight = Float64Array.from({ length: C }, () => random() + 0.5);
    return { inputs: [randomArray(random, N * C)], outputLength: N,
      call: (ml, [x], options) => ml.multilabelSoftMarginLoss(x, target, { ...options, shape: [N, C], weight }) };
  },
  multiMarginLoss: (random) => {
    const target = Int32Array.from({ length: N }, () => Math.floor(random() * C));
    const weight = Float64Array.from({ length: C }, () => random() + 0.5);
    return { inputs: [randomArray(random, N * C)], outputLength: N,
      call: (ml, [x], options) => ml.multiMarginLoss(x, target, { ...options, shape: [N, C], p: 2, margin: 0.7, weight }) };
  },
  multiMarginLossP1: (random) => {
    const target = Int32Array.from({ length: N }, () => Math.floor(random() * C));
    return { inputs: [randomArray(random, N * C)], outputLength: N,
      call: (ml, [x], options) => ml.multiMarginLoss(x, target, { ...options, shape: [N, C] }) };
  },
  multilabelMarginLoss: () => {
    const target = Int32Array.from([3, 0, -1, 0, 0, 1, 1, 4, -1, 2, -1, 0, 0, 0, 0, 2, 4, 1, 0, 3]);
    return { inputs: [randomArray(seededRandom(7), N * C)], outputLength: N,
      call: (ml, [x], options) => ml.multilabelMarginLoss(x, target, { ...options, shape: [N, C] }) };
  },
  bceWithLogitsLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, () => random());
    const weight = Float64Array.from({ length: N * C }, () => random() + 0.5);
    const posWeight = Float64Array.from({ length: C }, () => random() * 3);
    return { inputs: [randomArray(random, N * C, 4)], outputLength: N * C,
      call: (ml, [x], options) => ml.bceWithLogitsLoss(x, target, { ...options, shape: [N, C], weight, posWeight }) };
  },
  crossEntropyIndex: (random) => {
    const target = Int32Array.from({ length: N * 3 }, () => Math.floor(random() * C));
    target[2] = -100;
    const weight = Float64Array.from({ length: C }, () => random() + 0.5);
    return { inputs: [randomArray(random, N * C * 3, 4)], outputLength: N * 3,
      call: (ml, [x], options) =>
        ml.crossEntropyLoss(x, target, { ...options, shape: [N, C, 3], weight, labelSmoothing: 0.2 }) };
  },
  crossEntropyProbability: (random) => {
    const target = Float64Array.from({ length: N * C }, () => random());
    const weight = Float64Array.from({ length: C }, () => random() + 0.5);
    return { inputs: [randomArray(random, N * C, 4)], outputLength: N,
      call: (ml, [x], options) =>
        ml.crossEntropyLoss(x, target, { ...options, shape: [N, C], weight, labelSmoothing: 0.1 }) };
  },
  hingeEmbeddingLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, (_, i) => [-1, 1, 0][i % 3]);
    return { inputs: [randomArray(random, N * C)], outputLength: N * C,
      call: (ml, [x], options) => ml.hingeEmbeddingLoss(x, target, { ...options, margin: 0.5 }) };
  },
  marginRankingLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, () => (random() < 0.5 ? -1 : 1));
    return { inputs: [randomArray(random, N * C), randomArray(random, N * C)], outputLength: N * C,
      call: (ml, [x1, x2], options) => ml.marginRankingLoss(x1, x2, target, { ...options, margin: 0.3 }) };
  },
  cosineEmbeddingLoss: (random) => {
    // Labels ±1 only (any other label is a constant 0); y = -1 pairs both similar (active) and opposed.
    const target = Float64Array.from({ length: ROWS }, (_, r) => (r % 3 === 0 ? 1 : -1));
    const margin = 0.1;
    const [x1, x2] = [new Float64Array(ROWS * D), new Float64Array(ROWS * D)];
    for (let r = 0; r < ROWS; r++) {
      const first = drawRow(random, null, 2);
      const near = r % 3 === 1 ? first : r % 3 === 2 ? first.map((v) => -v) : null;
      x1.set(first, r * D);
      x2.set(drawRow(random, near, near === null ? 2 : 0.5), r * D);
    }
    const hinge = Array.from({ length: ROWS }, (_, r) => cosine(x1, x2, r) - margin).filter((_, r) => target[r] === -1);
    assert.ok(hinge.every((h) => Math.abs(h) > KINK_DISTANCE), `cos − margin near the kink: ${hinge}`);
    assert.ok(hinge.some((h) => h > 0) && hinge.some((h) => h < 0), 'active and inactive y = -1 pairs');
    return { inputs: [x1, x2], outputLength: ROWS,
      call: (ml, [a, b], options) => ml.cosineEmbeddingLoss(a, b, target, { ...options, shape: [ROWS, D], margin }) };
  },
  'tripletMarginLoss p=1': tripletCase(1, false),
  'tripletMarginLoss p=1 swap': tripletCase(1, true),
  'tripletMarginLoss p=2': tripletCase(2, false),
  'tripletMarginLoss p=2 swap': tripletCase(2, true),
  'tripletMarginLoss p=1.5': tripletCase(1.5, false),
  'tripletMarginLoss p=1.5 swap': tripletCase(1.5, true),
  'tripletMarginLoss p=3': tripletCase(3, false),
  'tripletMarginLoss p=3 swap': tripletCase(3, true),
};

// The scalar whose gradient the kernel returns: the reduced loss, or upstream · loss for 'none'.
function objective(result, upstream) {
  if (typeof result.loss === 'number') return result.loss * upstream;
  return result.loss.reduce((sum, value, i) => sum + value * upstream[i], 0);
}

for (const { name: build, ml } of builds) {
  for (const [name, makeCase] of Object.entries(CASES)) {
    for (const reduction of ['none', 'mean', 'sum']) {
      test(`${build}: ${name} gradient matches finite differences (${reduction})`, () => {
        const random = seededRandom(name.length * 31 + reduction.length);
        const c = makeCase(random);
        const upstream = reduction === 'none'
          ? Float64Array.from({ length: c.outputLength }, () => random() * 2 - 1)
          : 1.5;
        const result = c.call(ml, c.inputs, { reduction, gradOutput: upstream });
        const grads = [result.grad, result.grad2, result.grad3];
        c.inputs.forEach((input, k) => {
          const numeric = Float64Array.from(input, (_, i) => {
            const plus = c.inputs.map((a) => a.slice());
            const minus = c.inputs.map((a) => a.slice());
            plus[k][i] += STEP;
            minus[k][i] -= STEP;
            const f = (inputs) => objective(c.call(ml, inputs, { reduction, grad: false }), upstream);
            return (f(plus) - f(minus)) / (2 * STEP);
          });
          assertAllClose(grads[k], numeric, TOLERANCE, `${name} grad${k ? k + 1 : ''}`);
        });
      });
    }
  }
}
