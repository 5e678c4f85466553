// The SIMD build against the baseline build, through the public API: both run the vectorised kernels
// (c/src/losses/vec128/), the SIMD module on WebAssembly SIMD and the baseline on generic scalar lanes, so
// this checks the two lowerings against each other inside WebAssembly (the scalar references are compared
// with both natively, in c/tests/test_variants.c). Every loss, both dtypes, every reduction, with and
// without gradients, at every vector-width boundary (n = 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, ...) and
// rows/classes boundary, with NaN, ±Infinity, ±0, huge logits and exact hinge kinks among the inputs.
// Agreement: a few ulp relative (plus a few ulp of the data's magnitude), identical NaN patterns,
// identical infinities.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { init } from '../js/index.js';
import { seededRandom } from './helpers.mjs';

const simd = await init({ simd: true });
const baseline = await init({ simd: false });

const DTYPES = [
  { name: 'float32', Array: Float32Array, eps: 2 ** -23 },
  { name: 'float64', Array: Float64Array, eps: 2 ** -52 },
];
const REDUCTIONS = ['none', 'mean', 'sum'];
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257];
const CLASSES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 100];
const ROWS = [1, 2, 3, 5];
const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 100, -100, 1e-30, 88.5, -88.5, -104, 709, -745, 1, -1];

function agree(a, b, eps, magnitude) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 16 * eps * (Math.abs(a) + Math.abs(b)) + 4 * eps * magnitude;
}

function assertAgree(got, want, eps, magnitude, label) {
  if (got === null || want === null) {
    assert.equal(got, want, `${label}: null mismatch`);
    return;
  }
  const g = typeof got === 'number' ? [got] : got;
  const w = typeof want === 'number' ? [want] : want;
  assert.equal(g.length, w.length, `${label}: length`);
  for (let i = 0; i < w.length; i++) {
    if (!agree(g[i], w[i], eps, magnitude)) {
      assert.fail(`${label}[${i}]: simd ${g[i]}, baseline ${w[i]}`);
    }
  }
}

// Random logits (integers in [-3, 3] when `ints`, so hinge kinks are hit exactly), specials sometimes.
function logits(random, length, Array, { ints = false, specials = false } = {}) {
  const x = new Array(length);
  let magnitude = 1;
  for (let i = 0; i < length; i++) {
    x[i] = ints ? Math.floor(random() * 7) - 3 : random() * 24 - 12;
    if (specials && random() < 0.06) x[i] = SPECIALS[Math.floor(random() * SPECIALS.length)];
    if (Number.isFinite(x[i])) magnitude = Math.max(magnitude, Math.abs(x[i]) + 1);
  }
  return { x, magnitude };
}
const fill = (random, length, Array, f) => Array.from({ length }, () => f(random));
const sign = (random) => (random() < 0.5 ? -1 : 1);
const prob = (random) => (random() < 0.1 ? Math.floor(random() * 2) : random());
const positive = (random) => 2 * random();

// Calls `run(ml, options)` on both builds for every reduction and gradient mode, and compares.
function compareBuilds(label, dtype, magnitude, outputs, run) {
  for (const reduction of REDUCTIONS) {
    for (const mode of ['no grad', 'grad', 'gradOutput']) {
      const options = { reduction, grad: mode !== 'no grad' };
      if (mode === 'gradOutput') {
        options.gradOutput = reduction === 'none'
          ? dtype.Array.from({ length: outputs }, (_, i) => ((i * 7919) % 13) / 4 - 1.5)
          : 0.75;
      }
      const a = run(simd, options);
      const b = run(baseline, options);
      const where = `${label} ${dtype.name} ${reduction} ${mode}`;
      assertAgree(a.loss, b.loss, dtype.eps, magnitude, `${where} loss`);
      assertAgree(a.grad, b.grad, dtype.eps, magnitude, `${where} grad`);
      if ('grad2' in b) assertAgree(a.grad2, b.grad2, dtype.eps, magnitude, `${where} grad2`);
    }
  }
}

test('the SIMD build runs the vector kernels and the baseline the scalar ones', () => {
  assert.equal(simd.simd, true);
  assert.equal(baseline.simd, false);
});

for (const dtype of DTYPES) {
  test(`elementwise losses agree at every vector-width boundary (${dtype.name})`, () => {
    const random = seededRandom(11);
    for (const n of SIZES) {
      for (const variant of [{}, { ints: true }, { specials: true }]) {
        const label = `n=${n} ${JSON.stringify(variant)}`;
        const { x, magnitude } = logits(random, n, dtype.Array, variant);
        const { x: x2 } = logits(random, n, dtype.Array, variant);
        const signs = fill(random, n, dtype.Array, sign);
        const probs = fill(random, n, dtype.Array, prob);
        const weight = fill(random, n, dtype.Array, positive);
        const margin = variant.ints ? 1 : random() * 2 - 0.5;
        compareBuilds(`softMarginLoss ${label}`, dtype, magnitude, n,
          (ml, o) => ml.softMarginLoss(x, signs, o));
        compareBuilds(`hingeEmbeddingLoss ${label}`, dtype, magnitude, n,
          (ml, o) => ml.hingeEmbeddingLoss(x, signs, { ...o, margin }));
        compareBuilds(`marginRankingLoss ${label}`, dtype, 2 * magnitude, n,
          (ml, o) => ml.marginRankingLoss(x, x2, signs, { ...o, margin }));
        compareBuilds(`bceWithLogitsLoss ${label}`, dtype, 2 * magnitude, n,
          (ml, o) => ml.bceWithLogitsLoss(x, probs, o));
        compareBuilds(`bceWithLogitsLoss weighted ${label}`, dtype, 4 * magnitude, n,
          (ml, o) => ml.bceWithLogitsLoss(x, probs, { ...o, weight }));
      }
    }
  });

  test(`row losses agree at every rows/classes boundary (${dtype.name})`, () => {
    const random = seededRandom(23);
    for (const C of CLASSES) {
      for (const N of ROWS) {
        for (const variant of [{}, { ints: true }, { specials: true }]) {
          const label = `N=${N} C=${C} ${JSON.stringify(variant)}`;
          const shape = [N, C];
          const { x, magnitude } = logits(random, N * C, dtype.Array, variant);
          const probs = fill(random, N * C, dtype.Array, prob);
          const classWeight = fill(random, C, dtype.Array, positive);
          const posWeight = fill(random, C, dtype.Array, positive);
          const index = Int32Array.from({ length: N }, () => Math.floor(random() * C));
          const rowMagnitude = 4 * magnitude * C;
          compareBuilds(`bceWithLogitsLoss ${label}`, dtype, 4 * magnitude, N * C,
            (ml, o) => ml.bceWithLogitsLoss(x, probs, { ...o, shape, weight: classWeight, posWeight }));
          compareBuilds(`multilabelSoftMarginLoss ${label}`, dtype, 4 * magnitude, N,
            (ml, o) => ml.multilabelSoftMarginLoss(x, probs, { ...o, shape, weight: classWeight }));
          for (const p of [1, 2]) {
            const margin = variant.ints ? 1 : random() * 2 - 0.5;
            compareBuilds(`multiMarginLoss p=${p} ${label}`, dtype, rowMagnitude * (p === 2 ? 4 * magnitude : 1), N,
              (ml, o) => ml.multiMarginLoss(x, index, { ...o, shape, p, margin, weight: classWeight }));
          }
          const lists = new Int32Array(N * C);
          for (let r = 0; r < N; r++) {
            const length = Math.floor(random() * (C + 1));
            for (let c = 0; c < C; c++) {
              lists[r * C + c] = c < length || c > length ? Math.floor(random() * C) : -1;
            }
          }
          compareBuilds(`multilabelMarginLoss ${label}`, dtype, rowMagnitude, N,
            (ml, o) => ml.multilabelMarginLoss(x, lists, { ...o, shape }));
          const ceIndex = Int32Array.from(index, (t, i) => (i % 4 === 3 ? -100 : t));
          for (const labelSmoothing of [0, 0.1]) {
            compareBuilds(`crossEntropyLoss index ls=${labelSmoothing} ${label}`, dtype, rowMagnitude, N,
              (ml, o) => ml.crossEntropyLoss(x, ceIndex, { ...o, shape, weight: classWeight, labelSmoothing }));
            compareBuilds(`crossEntropyLoss prob ls=${labelSmoothing} ${label}`, dtype, rowMagnitude, N,
              (ml, o) => ml.crossEntropyLoss(x, probs, { ...o, shape, labelSmoothing }));
          }
        }
      }
    }
  });
}
