// marginloss/tfjs: the ten losses as TensorFlow.js ops. Values and gradients against tfjs's own autodiff
// of the same formulas written with tf ops (the nine losses tf ops express directly) and against the
// PyTorch fixtures (all ten, float32 cases), on tfjs's cpu backend and on its wasm backend; gradients
// through tf.grad, tf.grads (to every input of the losses of two and three inputs), tf.variableGrads and
// optimizer.minimize; tf.layers training with layersLoss; errors; and the declarations, compiled with tsc.
//
//   node --test wasm-tests/tfjs.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tf.layers, and the gradients of tfjs's own ops (its bundle registers them; tfjs-core alone does not).
import * as tfl from '@tensorflow/tfjs-layers';

import { init as initCore } from 'marginloss';
import { init } from 'marginloss/tfjs';
import { assertAllClose, fixtureNumber, loadFixture, seededRandom } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Both sides compute in float32 with their own summation orders and softplus/log-softmax formulations.
const FLOAT32 = { rtol: 2e-5, atol: 2e-6 };
// The PyTorch fixtures' float32 tolerance (torch-parity.test.mjs).
const TORCH_FLOAT32 = { rtol: 1e-5, atol: 1e-6 };
const BACKENDS = ['cpu', 'wasm'];

const mlt = await init();

function randomArray(random, length, low = -2, high = 2) {
  return Float32Array.from({ length }, () => low + (high - low) * random());
}

function randomTensor(random, shape, low, high) {
  return tf.tensor(randomArray(random, shape.reduce((a, b) => a * b, 1), low, high), shape, 'float32');
}

function signs(random, shape) {
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (random() < 0.5 ? -1 : 1)), shape);
}

function indices(random, length, classes) {
  return tf.tensor1d(Int32Array.from({ length }, () => Math.floor(random() * classes)), 'int32');
}

function reduce(perSample, reduction) {
  if (reduction === 'none') return perSample;
  return reduction === 'sum' ? tf.sum(perSample) : tf.mean(perSample);
}

// CosineEmbeddingLoss's ε on each squared norm: 1e-12 rounded to float32 (docs/pytorch-compat.md#cosine-embedding).
const COSINE_EPS = Math.fround(1e-12);

// ------------------------------------------------------------------------------------------------
// The formulas, with tf ops (PyTorch 1.13's definitions; softplus(z) = log(1 + e^z)).
// ------------------------------------------------------------------------------------------------
const FORMULAS = {
  softMarginLoss: (x, y, { reduction = 'mean' }) => reduce(tf.softplus(tf.neg(tf.mul(y, x))), reduction),

  // w·(pw·y·softplus(−x) + (1 − y)·softplus(x)), weight per element or per class, posWeight per class.
  bceWithLogitsLoss: (x, y, { reduction = 'mean', weight, posWeight }) => {
    const positive = tf.mul(posWeight ?? 1, tf.mul(y, tf.softplus(tf.neg(x))));
    const element = tf.add(positive, tf.mul(tf.sub(1, y), tf.softplus(x)));
    return reduce(weight ? tf.mul(weight, element) : element, reduction);
  },

  // Per sample, the mean over classes of w·(y·softplus(−x) + (1 − y)·softplus(x)).
  multilabelSoftMarginLoss: (x, y, { reduction = 'mean', weight }) => {
    const element = tf.add(tf.mul(y, tf.softplus(tf.neg(x))), tf.mul(tf.sub(1, y), tf.softplus(x)));
    return reduce(tf.mean(weight ? tf.mul(weight, element) : element, -1), reduction);
  },

  // Class indices: w[y]·(−log softmax(x)[y]); 'mean' divides by Σ w[y]. Probabilities: −Σ_c w_c·y_c·log p_c.
  crossEntropyLoss: (x, target, { reduction = 'mean', weight }) => {
    const logP = tf.logSoftmax(x, -1);
    const classes = x.shape[x.shape.length - 1];
    if (target.dtype === 'int32') {
      const w = weight ? tf.gather(weight, target) : tf.ones(target.shape);
      const nll = tf.mul(w, tf.neg(tf.sum(tf.mul(tf.oneHot(target, classes), logP), -1)));
      return reduction === 'mean' ? tf.div(tf.sum(nll), tf.sum(w)) : reduce(nll, reduction);
    }
    const terms = tf.mul(target, logP);
    return reduce(tf.neg(tf.sum(weight ? tf.mul(weight, terms) : terms, -1)), reduction);
  },

  // y = 1: x; y = −1: max(0, margin − x).
  hingeEmbeddingLoss: (x, y, { reduction = 'mean', margin = 1 }) =>
    reduce(tf.where(tf.equal(y, 1), x, tf.relu(tf.sub(margin, x))), reduction),

  marginRankingLoss: (x1, x2, y, { reduction = 'mean', margin = 0 }) =>
    reduce(tf.relu(tf.add(tf.neg(tf.mul(y, tf.sub(x1, x2))), margin)), reduction),

  // Per sample Σ_{i≠y} w[y]·max(0, margin − x[y] + x[i])^p / C.
  multiMarginLoss: (x, target, { reduction = 'mean', p = 1, margin = 1, weight }) => {
    const classes = x.shape[1];
    const oneHot = tf.cast(tf.oneHot(target, classes), 'float32');
    const xy = tf.sum(tf.mul(x, oneHot), 1, true);
    let hinge = tf.relu(tf.add(tf.sub(margin, xy), x));
    if (p === 2) hinge = tf.square(hinge);
    let perSample = tf.div(tf.sum(tf.mul(hinge, tf.sub(1, oneHot)), 1), classes);
    if (weight) perSample = tf.mul(perSample, tf.gather(weight, target));
    return reduce(perSample, reduction);
  },

  // cos = Σ x1·x2 / √((Σ x1² + ε)(Σ x2² + ε)) per row; y = 1: 1 − cos; y = −1: max(0, cos − margin); else 0.
  cosineEmbeddingLoss: (x1, x2, y, { reduction = 'mean', margin = 0 }) => {
    const squaredNorm = (x) => tf.add(tf.sum(tf.square(x), -1), COSINE_EPS);
    const cos = tf.div(tf.sum(tf.mul(x1, x2), -1), tf.sqrt(tf.mul(squaredNorm(x1), squaredNorm(x2))));
    const dissimilar = tf.where(tf.equal(y, -1), tf.relu(tf.sub(cos, margin)), tf.zerosLike(cos));
    return reduce(tf.where(tf.equal(y, 1), tf.sub(1, cos), dissimilar), reduction);
  },

  // d(x, y) = (Σ |x − y + eps|^p)^(1/p) per row; max(0, margin + d(a, pos) − d⁻), d⁻ = d(a, neg), or with
  // swap min(d(a, neg), d(pos, neg)).
  tripletMarginLoss: (a, pos, neg, { reduction = 'mean', margin = 1, p = 2, eps = 1e-6, swap = false }) => {
    const distance = (x, y) => tf.pow(tf.sum(tf.pow(tf.abs(tf.add(tf.sub(x, y), eps)), p), -1), 1 / p);
    const far = swap ? tf.minimum(distance(a, neg), distance(pos, neg)) : distance(a, neg);
    return reduce(tf.relu(tf.sub(tf.add(margin, distance(a, pos)), far)), reduction);
  },
};

// Labels for cosineEmbeddingLoss: mostly ±1, some 0 (loss 0, no gradient).
function pairLabels(random, length) {
  return tf.tensor1d(Float32Array.from({ length }, () => (random() < 0.2 ? 0 : random() < 0.5 ? -1 : 1)));
}

// Cases: [loss, description, (random) => { inputs, target, options }]. Random inputs keep away from kinks
// (and from swap's ties). tripletMarginLoss has no target.
const CASES = [
  ['softMarginLoss', '(4, 5)', (r) => ({ inputs: [randomTensor(r, [4, 5])], target: signs(r, [4, 5]) })],
  ['bceWithLogitsLoss', '(3, 4) soft labels, weight per class, posWeight', (r) => ({
    inputs: [randomTensor(r, [3, 4])], target: randomTensor(r, [3, 4], 0, 1),
    options: { weight: randomTensor(r, [4], 0.5, 2), posWeight: randomTensor(r, [4], 0.5, 3) },
  })],
  ['bceWithLogitsLoss', '(6) weight per element', (r) => ({
    inputs: [randomTensor(r, [6])], target: randomTensor(r, [6], 0, 1), options: { weight: randomTensor(r, [6], 0.5, 2) },
  })],
  ['multilabelSoftMarginLoss', '(5, 3) weight', (r) => ({
    inputs: [randomTensor(r, [5, 3])], target: tf.cast(tf.greater(randomTensor(r, [5, 3], 0, 1), 0.5), 'float32'),
    options: { weight: Float32Array.of(1, 2, 0.5) },
  })],
  ['crossEntropyLoss', '(6, 4) class indices, weight', (r) => ({
    inputs: [randomTensor(r, [6, 4])], target: indices(r, 6, 4), options: { weight: randomTensor(r, [4], 0.5, 2) },
  })],
  ['crossEntropyLoss', '(5, 3) class probabilities', (r) => ({
    inputs: [randomTensor(r, [5, 3])], target: tf.softmax(randomTensor(r, [5, 3])),
  })],
  ['hingeEmbeddingLoss', '(7) margin 1.5', (r) => ({
    inputs: [randomTensor(r, [7])], target: signs(r, [7]), options: { margin: 1.5 },
  })],
  ['marginRankingLoss', '(6) margin 0.5', (r) => ({
    inputs: [randomTensor(r, [6]), randomTensor(r, [6])], target: signs(r, [6]), options: { margin: 0.5 },
  })],
  ['multiMarginLoss', '(5, 4) p 1', (r) => ({ inputs: [randomTensor(r, [5, 4])], target: indices(r, 5, 4) })],
  ['multiMarginLoss', '(5, 4) p 2, margin 0.7, weight', (r) => ({
    inputs: [randomTensor(r, [5, 4])], target: indices(r, 5, 4),
    options: { p: 2, margin: 0.7, weight: randomTensor(r, [4], 0.5, 2) },
  })],
  ['cosineEmbeddingLoss', '(6, 5) margin 0.1', (r) => ({
    inputs: [randomTensor(r, [6, 5]), randomTensor(r, [6, 5])], target: pairLabels(r, 6), options: { margin: 0.1 },
  })],
  ['cosineEmbeddingLoss', '(4, 17) default margin', (r) => ({
    inputs: [randomTensor(r, [4, 17]), randomTensor(r, [4, 17])], target: pairLabels(r, 4),
  })],
  ['tripletMarginLoss', '(5, 4) default options', (r) => ({
    inputs: [randomTensor(r, [5, 4]), randomTensor(r, [5, 4]), randomTensor(r, [5, 4])], target: null,
  })],
  ['tripletMarginLoss', '(5, 6) p 1, swap, margin 2', (r) => ({
    inputs: [randomTensor(r, [5, 6]), randomTensor(r, [5, 6]), randomTensor(r, [5, 6])], target: null,
    options: { p: 1, swap: true, margin: 2 },
  })],
  ['tripletMarginLoss', '(4, 9) p 1.5, eps 0.01, swap', (r) => ({
    inputs: [randomTensor(r, [4, 9]), randomTensor(r, [4, 9]), randomTensor(r, [4, 9])], target: null,
    options: { p: 1.5, eps: 0.01, swap: true, margin: 1.5 },
  })],
  ['tripletMarginLoss', '(3, 5) p 3, margin 0.5', (r) => ({
    inputs: [randomTensor(r, [3, 5]), randomTensor(r, [3, 5]), randomTensor(r, [3, 5])], target: null,
    options: { p: 3, margin: 0.5 },
  })],
];

// The call of `loss` on `inputs`, with its target unless it has none.
const callWith = (loss, target, options) => (target === null
  ? (...xs) => loss(...xs, options)
  : (...xs) => loss(...xs, target, options));

// The gradients of `f` (of the inputs) for upstream gradient dy, and its value.
function valueAndGrads(f, inputs, dy) {
  const value = f(...inputs);
  const grads = tf.grads(f)(inputs, dy);
  return { value: value.dataSync(), shape: value.shape, grads: grads.map((g) => ({ values: g.dataSync(), shape: g.shape })) };
}

for (const backend of BACKENDS) {
  test(`[${backend}] values and gradients equal tfjs autodiff of the same formulas`, async (t) => {
    assert.ok(await tf.setBackend(backend), `tfjs ${backend} backend`);
    let seed = 1;
    for (const [loss, what, make] of CASES) {
      for (const reduction of ['mean', 'sum', 'none']) {
        await t.test(`${loss} ${what} ${reduction}`, () => tf.tidy(() => {
          const random = seededRandom(seed++);
          const { inputs, target, options = {} } = make(random);
          const ours = callWith(mlt[loss], target, { ...options, reduction });
          const reference = callWith(FORMULAS[loss], target, { ...options, reduction });
          const shape = ours(...inputs).shape;
          // A non-unit upstream gradient: the loss's gradient must scale by it (per loss value for 'none').
          const dy = reduction === 'none' ? randomTensor(random, shape, 0.5, 2) : tf.scalar(0.75);
          const got = valueAndGrads(ours, inputs, dy);
          const want = valueAndGrads(reference, inputs, dy);
          assert.deepEqual(got.shape, want.shape, 'loss shape');
          assertAllClose(got.value, want.value, FLOAT32, `${loss} loss`);
          assert.equal(got.grads.length, inputs.length);
          got.grads.forEach((g, i) => {
            assert.deepEqual(g.shape, inputs[i].shape, `grad ${i} shape`);
            assertAllClose(g.values, want.grads[i].values, FLOAT32, `${loss} grad of input ${i}`);
          });
        }));
      }
    }
  });
}

// ------------------------------------------------------------------------------------------------
// The PyTorch fixtures (wasm-tests/fixtures/<loss>.json, format in tools/fixtures/README.md): every
// float32 case, through the tensor ops, with gradOutput as tfjs's dy.
// ------------------------------------------------------------------------------------------------
const FIXTURE_LOSSES = ['softMarginLoss', 'multilabelSoftMarginLoss', 'multiMarginLoss', 'multilabelMarginLoss',
  'bceWithLogitsLoss', 'crossEntropyLoss', 'hingeEmbeddingLoss', 'marginRankingLoss', 'cosineEmbeddingLoss',
  'tripletMarginLoss'];

const floats = (values) => Float32Array.from(values, fixtureNumber);
const expected = (values) => (Array.isArray(values) ? values : [values]).map((v) => Math.fround(fixtureNumber(v)));

function runFixtureCase(loss, c) {
  const { shape = [c.inputs[0].length], gradOutput, ...rest } = c.options;
  const inputs = c.inputs.map((values) => tf.tensor(floats(values), shape, 'float32'));
  const target = c.target === undefined ? null : c.targetType === 'int32'
    ? tf.tensor(Int32Array.from(c.target), [c.target.length], 'int32')
    : tf.tensor(floats(c.target), [c.target.length], 'float32');
  const options = { ...rest };
  if (rest.weight) options.weight = tf.tensor1d(floats(rest.weight));
  if (rest.posWeight) options.posWeight = tf.tensor1d(floats(rest.posWeight));
  const f = callWith(mlt[loss], target, options);
  const value = f(...inputs);
  const dy = gradOutput === undefined ? undefined
    : Array.isArray(gradOutput) ? tf.tensor(floats(gradOutput), value.shape) : tf.scalar(fixtureNumber(gradOutput));
  const grads = tf.grads(f)(inputs, dy);
  assertAllClose(value.dataSync(), expected(c.expected.loss), TORCH_FLOAT32, `${c.name}: loss`);
  assertAllClose(grads[0].dataSync(), expected(c.expected.grad), TORCH_FLOAT32, `${c.name}: grad`);
  if (c.expected.grad2) assertAllClose(grads[1].dataSync(), expected(c.expected.grad2), TORCH_FLOAT32, `${c.name}: grad2`);
  if (c.expected.grad3) assertAllClose(grads[2].dataSync(), expected(c.expected.grad3), TORCH_FLOAT32, `${c.name}: grad3`);
}

for (const backend of BACKENDS) {
  test(`[${backend}] the PyTorch fixtures' float32 cases, all ten losses`, async (t) => {
    assert.ok(await tf.setBackend(backend));
    for (const loss of FIXTURE_LOSSES) {
      const cases = loadFixture(`${loss}.json`).cases.filter((c) => c.dtype === 'float32');
      assert.ok(cases.length > 20, `${loss}: float32 cases`);
      await t.test(`${loss} (${cases.length} cases)`, () => {
        for (const c of cases) tf.tidy(() => runFixtureCase(loss, c));
      });
    }
  });
}

// ------------------------------------------------------------------------------------------------
// Training: a linear classifier's gradient, by the chain rule from the core's d loss / d logits.
// ------------------------------------------------------------------------------------------------

// Seeded 2-D points in 3 classes, a bias column appended: X (n, 3), labels (n).
function points(n, seed) {
  const random = seededRandom(seed);
  const centres = [[1.5, 0], [-1, 1.3], [-1, -1.3]];
  const x = new Float32Array(n * 3);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels[i] = c;
    x.set([centres[c][0] + random() - 0.5, centres[c][1] + random() - 0.5, 1], i * 3);
  }
  return { x, labels };
}

// d loss / d W for logits = X W: Xᵀ · (d loss / d logits), with the core's gradient, in plain loops.
function linearGradient(core, x, labels, w, n) {
  const logits = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) logits[i * 3 + k] += x[i * 3 + j] * w[j * 3 + k];
  const { loss, grad } = core.crossEntropyLoss(logits, labels, { shape: [n, 3] });
  const dW = new Float32Array(9);
  for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) dW[j * 3 + k] += x[i * 3 + j] * grad[i * 3 + k];
  return { loss, dW };
}

for (const backend of BACKENDS) {
  test(`[${backend}] tf.variableGrads and optimizer.minimize: the chain rule from marginloss's gradient; the loss falls`, async () => {
    assert.ok(await tf.setBackend(backend));
    const n = 30;
    const { x, labels } = points(n, 7);
    const w0 = randomArray(seededRandom(8), 9, -0.5, 0.5);
    const X = tf.tensor2d(x, [n, 3]);
    const y = tf.tensor1d(labels, 'int32');
    const W = tf.variable(tf.tensor2d(w0, [3, 3]));
    const lossOf = () => mlt.crossEntropyLoss(tf.matMul(X, W), y);

    const want = linearGradient(mlt.core, x, labels, w0, n);
    const { value, grads } = tf.variableGrads(lossOf);
    assertAllClose(value.dataSync(), [want.loss], FLOAT32, 'variableGrads value');
    assertAllClose(grads[W.name].dataSync(), want.dW, FLOAT32, 'variableGrads dW');
    tf.dispose([value, ...Object.values(grads)]);

    const optimizer = tf.train.sgd(0.5);
    const first = optimizer.minimize(lossOf, true, [W]);
    assertAllClose(first.dataSync(), [want.loss], FLOAT32, 'minimize returns the loss');
    // One SGD step: W1 = W0 − lr · dW.
    assertAllClose(W.dataSync(), w0.map((v, i) => v - 0.5 * want.dW[i]), FLOAT32, 'W after one step');
    let last;
    for (let step = 0; step < 40; step++) last = optimizer.minimize(lossOf, true, [W]);
    assert.ok(last.dataSync()[0] < first.dataSync()[0] / 4, `loss ${first.dataSync()[0]} → ${last.dataSync()[0]}`);
    tf.dispose([X, y, W, first, last]);
    optimizer.dispose();
  });
}

test('marginRankingLoss: the gradient reaches both inputs (tf.grads), and never a target', async () => {
  await tf.setBackend('cpu');
  tf.tidy(() => {
    const a = tf.tensor1d([1, 2, 0, 3]);
    const b = tf.tensor1d([2, 1, 0.25, 0]);
    const y = tf.tensor1d([1, 1, -1, -1]);
    const { grad, grad2 } = mlt.core.marginRankingLoss(a.dataSync(), b.dataSync(), y.dataSync(), { margin: 0.5 });
    const [ga, gb] = tf.grads((p, q) => mlt.marginRankingLoss(p, q, y, { margin: 0.5 }))([a, b]);
    // max(0, −y·(a − b) + 0.5) per pair, mean over 4: d/da = −y/4 where the hinge is active (pairs 1, 3, 4).
    assertAllClose(ga.dataSync(), [-0.25, 0, 0.25, 0.25], { rtol: 0, atol: 0 }, 'grad of input1');
    assertAllClose(ga.dataSync(), grad, { rtol: 0, atol: 0 }, 'grad of input1, core');
    assertAllClose(gb.dataSync(), grad2, { rtol: 0, atol: 0 }, 'grad of input2, core');
    // The target is a constant of the op: tfjs has no gradient for it, and says so.
    assert.throws(() => tf.grads((p, t) => mlt.marginRankingLoss(p, b, t))([a, y]), /Cannot compute gradient/);
    const x = tf.tensor2d([0.5, -1, 2, 0.1, 0.2, 0.3], [2, 3]);
    const t = tf.tensor1d([2, 0], 'int32');
    assert.throws(() => tf.grads((p, q) => mlt.multiMarginLoss(p, q))([x, t]), /Cannot compute gradient/);
  });
});

test('cosineEmbeddingLoss and tripletMarginLoss: the gradient reaches every input (tf.grads), never a target', async () => {
  await tf.setBackend('cpu');
  tf.tidy(() => {
    // docs/pytorch-compat.md#values-cosine-embedding (margin 0.25): 'sum' 0.75, grad x1 [[−0.0448, 0.0336],
    // [0.0448, −0.0336], [0, 0], [0, 0]], grad x2 [[0.0336, −0.0448], [−0.0336, 0.0448], [0, 0], [0, 0]].
    const x1 = tf.tensor2d([3, 4, 3, 4, 1, 0, 3, 4], [4, 2]);
    const x2 = tf.tensor2d([4, 3, 4, 3, 0, 1, 4, 3], [4, 2]);
    const y = tf.tensor1d([1, -1, -1, 0]);
    const cosine = (a, b) => mlt.cosineEmbeddingLoss(a, b, y, { margin: 0.25, reduction: 'sum' });
    assertAllClose(cosine(x1, x2).dataSync(), [0.75], TORCH_FLOAT32, 'cosineEmbeddingLoss sum');
    const [g1, g2] = tf.grads(cosine)([x1, x2]);
    assertAllClose(g1.dataSync(), [-0.0448, 0.0336, 0.0448, -0.0336, 0, 0, 0, 0], TORCH_FLOAT32, 'grad of input1');
    assertAllClose(g2.dataSync(), [0.0336, -0.0448, -0.0336, 0.0448, 0, 0, 0, 0], TORCH_FLOAT32, 'grad of input2');
    assert.throws(() => tf.grads((a, t) => mlt.cosineEmbeddingLoss(a, x2, t))([x1, y]), /Cannot compute gradient/);
    // A 1-D pair gives a scalar per-pair loss with 'none'.
    assert.deepEqual(mlt.cosineEmbeddingLoss(tf.tensor1d([3, 4]), tf.tensor1d([4, 3]), tf.tensor1d([1]), { reduction: 'none' }).shape, []);

    // docs/pytorch-compat.md#values-triplet-margin (margin 2, eps 0): 'none' [1, 0, 2], grad [[−0.6, 0.2], [0, 0],
    // [1, 1]], grad2 [[0.6, 0.8], [0, 0], [0, −1]], grad3 [[0, −1], [0, 0], [−1, 0]]; here times dy per triplet.
    const anchor = tf.tensor2d([0, 0, 1, 1, 0, 0], [3, 2]);
    const positive = tf.tensor2d([3, 4, 1, 2, 0, -1], [3, 2]);
    const negative = tf.tensor2d([0, 6, 4, 5, 1, 0], [3, 2]);
    const triplet = (a, p, n) => mlt.tripletMarginLoss(a, p, n, { margin: 2, eps: 0, reduction: 'none' });
    assertAllClose(triplet(anchor, positive, negative).dataSync(), [1, 0, 2], TORCH_FLOAT32, 'tripletMarginLoss none');
    const [ga, gp, gn] = tf.grads(triplet)([anchor, positive, negative], tf.tensor1d([1, 3, 0.5]));
    assertAllClose(ga.dataSync(), [-0.6, 0.2, 0, 0, 0.5, 0.5], TORCH_FLOAT32, 'grad of the anchor');
    assertAllClose(gp.dataSync(), [0.6, 0.8, 0, 0, 0, -0.5], TORCH_FLOAT32, 'grad of the positive');
    assertAllClose(gn.dataSync(), [0, -1, 0, 0, -0.5, 0], TORCH_FLOAT32, 'grad of the negative');
    const { grad, grad2, grad3 } = mlt.core.tripletMarginLoss(anchor.dataSync(), positive.dataSync(), negative.dataSync(),
      { shape: [3, 2], margin: 2, eps: 0, reduction: 'sum' });
    const sums = tf.grads((a, p, n) => mlt.tripletMarginLoss(a, p, n, { margin: 2, eps: 0, reduction: 'sum' }))([anchor, positive, negative]);
    [grad, grad2, grad3].forEach((want, i) => assertAllClose(sums[i].dataSync(), want, { rtol: 0, atol: 0 }, `grad ${i + 1}, core`));
  });
});

test('no tensor is left behind: forward, backward and failing calls inside tf.tidy', async () => {
  await tf.setBackend('cpu');
  const x = tf.tensor2d([1, 2, 0.5, 0, -1, 3], [2, 3]);
  const t = tf.tensor1d([1, 2], 'int32');
  const before = tf.memory().numTensors;
  // (A tidy's return value outlives it: these return nothing.)
  tf.tidy(() => { tf.grad((v) => mlt.crossEntropyLoss(v, t, { reduction: 'none' }))(x, tf.tensor1d([1, 2])); });
  tf.tidy(() => { tf.grads((a, b) => mlt.marginRankingLoss(a, b, tf.ones([2, 3])))([x, tf.zeros([2, 3])]); });
  tf.tidy(() => { mlt.multiMarginLoss(x, t); });
  tf.tidy(() => {
    tf.grads((a, b) => mlt.cosineEmbeddingLoss(a, b, tf.tensor1d([1, -1]), { reduction: 'none' }))([x, tf.ones([2, 3])], tf.tensor1d([1, 2]));
  });
  tf.tidy(() => { tf.grads((a, p, n) => mlt.tripletMarginLoss(a, p, n, { swap: true }))([x, tf.zeros([2, 3]), tf.ones([2, 3])]); });
  assert.throws(() => tf.tidy(() => { tf.grad((v) => mlt.multiMarginLoss(v, tf.tensor1d([1, 3], 'int32')))(x); }), RangeError);
  assert.throws(() => tf.tidy(() => { tf.grads((a, p, n) => mlt.tripletMarginLoss(a, p, n, { p: 0.5 }))([x, x, x]); }), RangeError);
  assert.throws(() => tf.tidy(() => { mlt.cosineEmbeddingLoss(x, x, tf.tensor1d([1, -1, 1])); }), RangeError);
  assert.equal(tf.memory().numTensors, before);
  // tfjs still works after the failure.
  assert.ok(Math.abs(tf.tidy(() => mlt.multiMarginLoss(x, t).dataSync()[0]) - mlt.core.multiMarginLoss(x.dataSync(), t.dataSync(), { shape: [2, 3] }).loss) < 1e-7);
  tf.dispose([x, t]);
});

// ------------------------------------------------------------------------------------------------
// tf.layers: model.compile({ loss: mlt.layersLoss(name, options) }).
// ------------------------------------------------------------------------------------------------

function classifier(seed) {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [2], units: 16, activation: 'relu',
    kernelInitializer: tfl.initializers.glorotUniform({ seed }) }));
  model.add(tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }));
  return model;
}

for (const backend of BACKENDS) {
  for (const [name, options] of [['multiMarginLoss', { margin: 1 }], ['crossEntropyLoss', { labelSmoothing: 0.05 }]]) {
    test(`[${backend}] a tf.layers model compiled with layersLoss('${name}') trains: its loss falls, its accuracy rises`, async () => {
      assert.ok(await tf.setBackend(backend));
      const n = 60;
      const { x, labels } = points(n, 11);
      const xs = tf.tensor2d(x.filter((_, i) => i % 3 !== 2), [n, 2]);
      // model.fit wants targets of the output's shape: one-hot rows.
      const ys = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32');
      const model = classifier(3);
      model.compile({ optimizer: tf.train.sgd(0.2), loss: mlt.layersLoss(name, options), metrics: ['accuracy'] });
      const history = await model.fit(xs, ys, { epochs: 40, batchSize: 20, shuffle: false, verbose: 0 });
      const { loss, acc } = history.history;
      assert.ok(loss.at(-1) < loss[0] / 3, `loss ${loss[0]} → ${loss.at(-1)}`);
      assert.ok(acc[0] < 0.9 && acc.at(-1) >= 0.95, `accuracy ${acc[0]} → ${acc.at(-1)}`);
      // The loss tf.layers reports is the loss of the model's outputs (up to the last epoch's updates).
      const logits = model.predict(xs);
      const evaluated = model.evaluate(xs, ys, { verbose: 0 });
      const direct = mlt.core[name](logits.dataSync(), name === 'multiMarginLoss' ? labels : Float32Array.from(ys.dataSync()), { shape: [n, 3], ...options });
      assertAllClose((Array.isArray(evaluated) ? evaluated[0] : evaluated).dataSync(), [direct.loss], FLOAT32, 'evaluate');
      tf.dispose([xs, ys, logits, evaluated]);
      model.dispose();
    });
  }
}

test("layersLoss reads yTrue as tf.layers hands it: one-hot rows, one float index per sample, or class probabilities", async () => {
  await tf.setBackend('cpu');
  tf.tidy(() => {
    const yPred = tf.tensor2d([0.1, 0.2, 0.4, 0.8, 1, -1, 0.5, 0.3, -0.2], [3, 3]);
    const labels = Int32Array.of(2, 0, 1);
    const byIndex = mlt.multiMarginLoss(yPred, tf.tensor1d(labels, 'int32'), { p: 2 }).dataSync()[0];
    const loss = mlt.layersLoss('multiMarginLoss', { p: 2 });
    assert.equal(loss(tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32'), yPred).dataSync()[0], byIndex);
    assert.equal(loss(tf.tensor1d(Float32Array.from(labels)), yPred).dataSync()[0], byIndex);
    assert.equal(loss(tf.tensor2d(Float32Array.from(labels), [3, 1]), yPred).dataSync()[0], byIndex);
    // The gradient flows through the layers form too.
    const fromLayers = tf.grad((p) => loss(tf.tensor1d(Float32Array.from(labels)), p))(yPred).dataSync();
    assertAllClose(fromLayers, mlt.core.multiMarginLoss(yPred.dataSync(), labels, { shape: [3, 3], p: 2 }).grad, { rtol: 0, atol: 0 }, 'grad');

    assert.throws(() => loss(tf.tensor1d([2, 0.5, 1]), yPred), { name: 'RangeError', message: /yTrue\[1\] = 0.5 is not a class index/ });
    assert.throws(() => loss(tf.tensor1d([2, 0, 2 ** 32]), yPred), { name: 'RangeError', message: /yTrue\[2\] = 4294967296 is not a class index/ });
    assert.throws(() => loss(tf.tensor2d([0, 0, 1, 1, 0, 1, 0, 1, 0], [3, 3]), yPred), { name: 'RangeError', message: /yTrue row 1 is not one-hot/ });
    assert.throws(() => loss(tf.tensor1d([0, 1]), yPred), { name: 'RangeError', message: /one class index per sample \(3 values\) or one-hot rows/ });
    // The core's own range check still applies.
    assert.throws(() => loss(tf.tensor1d([2, 3, 1]), yPred), { name: 'RangeError', message: /target\[1\] = 3 is out of range/ });

    // crossEntropyLoss: yPred's shape is class probabilities (one-hot rows are); one value per sample, indices.
    const ce = mlt.layersLoss('crossEntropyLoss');
    const probabilities = tf.softmax(tf.tensor2d([1, 0, 0, 0, 2, 0, 0, 0, 1], [3, 3]));
    assert.equal(ce(probabilities, yPred).dataSync()[0], mlt.crossEntropyLoss(yPred, probabilities).dataSync()[0]);
    assert.equal(ce(tf.tensor1d(Float32Array.from(labels)), yPred).dataSync()[0],
      mlt.crossEntropyLoss(yPred, tf.tensor1d(labels, 'int32')).dataSync()[0]);

    // multilabelMarginLoss: -1-ended index lists, laid out like yPred.
    const lists = tf.tensor2d([2, -1, 0, 0, 1, -1, 1, -1, -1], [3, 3]);
    assert.equal(mlt.layersLoss('multilabelMarginLoss')(lists, yPred).dataSync()[0],
      mlt.multilabelMarginLoss(yPred, tf.cast(lists, 'int32')).dataSync()[0]);
  });
});

test('layersLoss: unknown names, marginRankingLoss (two inputs) and options tfjs supplies are refused at once', () => {
  assert.throws(() => mlt.layersLoss('multiMarginloss'), { name: 'RangeError', message: /name must be one of 'softMarginLoss'.*got string 'multiMarginloss'/ });
  assert.throws(() => mlt.layersLoss(), { name: 'TypeError', message: /name must be one of .*got undefined/ });
  assert.throws(() => mlt.layersLoss('marginRankingLoss'), { name: 'RangeError', message: /marginRankingLoss compares two inputs.*optimizer.minimize/ });
  assert.throws(() => mlt.layersLoss('cosineEmbeddingLoss'),
    { name: 'RangeError', message: /cosineEmbeddingLoss compares two inputs.*mlt.cosineEmbeddingLoss\(input1, input2, target\) inside/ });
  assert.throws(() => mlt.layersLoss('tripletMarginLoss'),
    { name: 'RangeError', message: /tripletMarginLoss compares three inputs.*mlt.tripletMarginLoss\(anchor, positive, negative\) inside/ });
  assert.throws(() => mlt.layersLoss('crossEntropyLoss', { shape: [4, 3] }), { name: 'TypeError', message: /crossEntropyLoss: options.shape is read from the input tensor's shape/ });
});

test("a float32 tensor cast from int32 (tfjs's cpu backend keeps its Int32Array data) is read as float32", async () => {
  await tf.setBackend('cpu');
  tf.tidy(() => {
    const x = tf.cast(tf.tensor1d([2, -1, 0], 'int32'), 'float32');
    const y = tf.cast(tf.tensor1d([1, -1, 1], 'int32'), 'float32');
    const want = mlt.core.softMarginLoss(Float32Array.of(2, -1, 0), Float32Array.of(1, -1, 1));
    assert.equal(mlt.softMarginLoss(x, y).dataSync()[0], want.loss);
    assertAllClose(tf.grad((v) => mlt.softMarginLoss(v, y))(x).dataSync(), want.grad, { rtol: 0, atol: 0 }, 'grad');
    const w = tf.cast(tf.tensor1d([1, 2, 3], 'int32'), 'float32');
    const weighted = mlt.core.bceWithLogitsLoss(Float32Array.of(2, -1, 0), Float32Array.of(1, 0, 1), { weight: [1, 2, 3] });
    assert.equal(mlt.bceWithLogitsLoss(x, tf.tensor1d([1, 0, 1]), { weight: w }).dataSync()[0], weighted.loss);
  });
});

// ------------------------------------------------------------------------------------------------
// Errors: non-tensors and wrong dtypes here; everything else is the core's own error.
// ------------------------------------------------------------------------------------------------

test("bad input: TypeError or RangeError naming the argument, the core's own where the core checks", async () => {
  await tf.setBackend('cpu');
  tf.tidy(() => {
    const x = tf.tensor2d([0.1, 0.2, 0.4, 0.8, 1, -1], [2, 3]);
    const t = tf.tensor1d([2, 0], 'int32');
    const labels = tf.tensor2d([1, -1, 1, 1, 1, -1], [2, 3]);
    const err = (name, message) => ({ name, message });

    assert.throws(() => mlt.softMarginLoss(Float32Array.of(1, 2), labels), err('TypeError', /^softMarginLoss: input must be a tf.Tensor; got Float32Array\(2\)$/));
    assert.throws(() => mlt.softMarginLoss(x, [1, -1, 1, 1, 1, -1]), err('TypeError', /^softMarginLoss: target must be a tf.Tensor; got Array\(6\)$/));
    assert.throws(() => mlt.marginRankingLoss(x, 'b', labels), err('TypeError', /^marginRankingLoss: input2 must be a tf.Tensor; got string 'b'$/));
    assert.throws(() => mlt.multiMarginLoss(tf.cast(x, 'int32'), t), err('TypeError', /input must be a float32 tensor; got an int32 tensor of shape \[2, 3\]; cast it with tf.cast\(input, 'float32'\)/));
    assert.throws(() => mlt.multiMarginLoss(x, tf.tensor1d([2, 0])), err('TypeError', /target must be an int32 tensor of class indices; got a float32 tensor of shape \[2\]; cast it with tf.cast\(target, 'int32'\)/));
    assert.throws(() => mlt.bceWithLogitsLoss(x, tf.cast(labels, 'int32')), err('TypeError', /target must be a float32 tensor of labels/));
    assert.throws(() => mlt.crossEntropyLoss(x, tf.tensor1d([2, 0])), err('RangeError', /read as class probabilities .* one value per sample: if it holds class indices, cast it with tf.cast\(target, 'int32'\)/));
    assert.throws(() => mlt.crossEntropyLoss(x, tf.tensor1d([true, false], 'bool')), err('TypeError', /int32 tensor of class indices or a float32 tensor of class probabilities/));
    assert.throws(() => mlt.multiMarginLoss(tf.zeros([2, 3, 4]), t), err('RangeError', /^multiMarginLoss: input must have shape \(C\) or \(N, C\); got a float32 tensor of shape \[2, 3, 4\]$/));
    assert.throws(() => mlt.crossEntropyLoss(tf.scalar(1), t), err('RangeError', /input must have shape \(C\), \(N, C\) or \(N, C, d1, \.\.\.\)/));

    // The losses of several inputs: one shape for all (the core sees only lengths); the embedding losses'
    // shapes are (D) or (N, D); tripletMarginLoss has no target.
    const e = tf.zeros([2, 3]);
    const pairLabels = tf.tensor1d([1, -1]);
    assert.throws(() => mlt.marginRankingLoss(x, tf.zeros([3, 2]), labels), err('RangeError', /^marginRankingLoss: input2 must have input1's shape \[2, 3\]; got a float32 tensor of shape \[3, 2\]$/));
    assert.throws(() => mlt.cosineEmbeddingLoss(e, tf.zeros([6]), pairLabels), err('RangeError', /^cosineEmbeddingLoss: input2 must have input1's shape \[2, 3\]; got a float32 tensor of shape \[6\]$/));
    assert.throws(() => mlt.tripletMarginLoss(e, e, tf.zeros([3, 2])), err('RangeError', /^tripletMarginLoss: negative must have anchor's shape \[2, 3\]; got a float32 tensor of shape \[3, 2\]$/));
    assert.throws(() => mlt.tripletMarginLoss(tf.zeros([2, 3, 4]), e, e), err('RangeError', /^tripletMarginLoss: anchor must have shape \(D\) or \(N, D\); got a float32 tensor of shape \[2, 3, 4\]$/));
    assert.throws(() => mlt.cosineEmbeddingLoss(tf.scalar(1), tf.scalar(1), pairLabels), err('RangeError', /^cosineEmbeddingLoss: input1 must have shape \(D\) or \(N, D\)/));
    assert.throws(() => mlt.tripletMarginLoss(e, e, 'n'), err('TypeError', /^tripletMarginLoss: negative must be a tf.Tensor; got string 'n'$/));
    assert.throws(() => mlt.tripletMarginLoss(e, e, e, pairLabels), err('TypeError', /^tripletMarginLoss: options must be an object; got a float32 tensor of shape \[2\]$/));
    assert.throws(() => mlt.cosineEmbeddingLoss(e, e, tf.tensor1d([1, -1], 'int32')), err('TypeError', /cosineEmbeddingLoss: target must be a float32 tensor of labels/));
    assert.throws(() => mlt.tripletMarginLoss(e, e, e, { shape: [2, 3] }), err('TypeError', /tripletMarginLoss: options.shape is read from the input tensor's shape/));

    // Options tfjs supplies, and options that are not an object.
    assert.throws(() => mlt.multiMarginLoss(x, t, { shape: [2, 3] }), err('TypeError', /options.shape is read from the input tensor's shape/));
    assert.throws(() => mlt.softMarginLoss(x, labels, { gradOutput: 2 }), err('TypeError', /options.gradOutput is tfjs's upstream gradient \(dy\)/));
    assert.throws(() => mlt.softMarginLoss(x, labels, { grad: false }), err('TypeError', /options.grad is computed with the loss/));
    assert.throws(() => mlt.softMarginLoss(x, labels, { out: {} }), err('TypeError', /options.out does not apply/));
    assert.throws(() => mlt.softMarginLoss(x, labels, labels), err('TypeError', /options must be an object; got a float32 tensor of shape \[2, 3\]/));

    // The core's errors, unchanged.
    assert.throws(() => mlt.multiMarginLoss(x, tf.tensor1d([2, 3], 'int32')), err('RangeError', /^multiMarginLoss: target\[1\] = 3 is out of range; class indices must be in \[0, 3\)$/));
    assert.throws(() => mlt.multiMarginLoss(x, tf.tensor1d([2], 'int32')), err('RangeError', /multiMarginLoss: target must have 2 elements/));
    assert.throws(() => mlt.softMarginLoss(x, labels, { reduce: 'sum' }), err('TypeError', /unknown option 'reduce' \(did you mean 'reduction'\?\)/));
    assert.throws(() => mlt.softMarginLoss(x, labels, { reduction: 'avg' }), err('RangeError', /options.reduction must be 'none', 'mean' or 'sum'; got string 'avg' \(did you mean 'mean'\?\)/));
    assert.throws(() => mlt.multiMarginLoss(x, t, { weight: tf.tensor1d([1, 2]) }), err('RangeError', /options.weight must have 3 elements/));
    assert.throws(() => mlt.softMarginLoss(x, tf.tensor2d([1, 0, 1, 1, 1, 0], [2, 3]), { labels: 'strict' }), err('LabelConventionError', /map y to 2y - 1/));
    assert.throws(() => mlt.cosineEmbeddingLoss(e, e, tf.tensor1d([1, -1, 1])), err('RangeError', /^cosineEmbeddingLoss: target /));
    assert.throws(() => mlt.tripletMarginLoss(e, e, e, { p: 0.5 }), err('RangeError', /^tripletMarginLoss: options\.p /));
  });
});

test('the core never imports tfjs, and both entry points share one core instance', async () => {
  const coreFiles = readdirSync(join(ROOT, 'js'), { recursive: true })
    .filter((file) => file.endsWith('.js') && !file.startsWith('tfjs'));
  assert.ok(coreFiles.length > 10);
  for (const file of coreFiles) {
    assert.doesNotMatch(readFileSync(join(ROOT, 'js', file), 'utf8'), /@tensorflow/, `js/${file} mentions @tensorflow`);
  }
  assert.equal(mlt.core, await initCore());
  assert.equal(await init(), mlt);
  const strict = await init({ labels: 'strict' });
  assert.notEqual(strict, mlt);
  assert.equal(strict.core.labels, 'strict');
  await assert.rejects(init({ simd: 'yes' }), { name: 'TypeError', message: /init: options.simd must be true or false/ });
});

// ------------------------------------------------------------------------------------------------
// The declarations (js/tfjs/index.d.ts): a typed use compiles under tsc --strict, misuses do not.
// ------------------------------------------------------------------------------------------------

const TYPED_USE = `
import * as tf from '@tensorflow/tfjs-core';
import { init } from '${join(ROOT, 'js/tfjs/index.js')}';

const mlt = await init({ simd: true });
const x: tf.Tensor2D = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
const t = tf.tensor1d([2, 0], 'int32');
const mean: tf.Scalar = mlt.crossEntropyLoss(x, t, { labelSmoothing: 0.1, weight: tf.ones([3]) });
const sum: tf.Scalar = mlt.multiMarginLoss(x, t, { reduction: 'sum', p: 2 });
const perSample: tf.Tensor = mlt.multiMarginLoss(x, t, { reduction: 'none' });
const pair: tf.Scalar = mlt.marginRankingLoss(x, x, tf.onesLike(x), { margin: 0.5 });
const [g1, g2] = tf.grads((a: tf.Tensor, b: tf.Tensor) => mlt.marginRankingLoss(a, b, tf.onesLike(x)))([x, x]);
const loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor = mlt.layersLoss('multiMarginLoss', { margin: 2 });
const core: number = mlt.core.softMarginLoss(Float32Array.of(1), Float32Array.of(1)).loss as number;
const cos: tf.Scalar = mlt.cosineEmbeddingLoss(x, x, tf.tensor1d([1, -1]), { margin: 0.5, labels: 'strict' });
const perPair: tf.Tensor = mlt.cosineEmbeddingLoss(x, x, tf.tensor1d([1, -1]), { reduction: 'none' });
const triplet: tf.Scalar = mlt.tripletMarginLoss(x, x, x, { p: 1.5, eps: 0, swap: true, margin: 2, reduction: 'sum' });
const [ga, gp, gn] = tf.grads((a: tf.Tensor, p: tf.Tensor, n: tf.Tensor) => mlt.tripletMarginLoss(a, p, n))([x, x, x]);
console.log(mean, sum, perSample, pair, g1, g2, loss, core, cos, perPair, triplet, ga, gp, gn);

// @ts-expect-error: the shape is read from the tensor
mlt.crossEntropyLoss(x, t, { shape: [2, 3] });
// @ts-expect-error: reduction 'none' gives one value per sample, not a scalar
const notScalar: tf.Scalar = mlt.crossEntropyLoss(x, t, { reduction: 'none' });
// @ts-expect-error: p is 1 or 2
mlt.multiMarginLoss(x, t, { p: 3 });
// @ts-expect-error: two inputs: not a tf.layers loss
mlt.layersLoss('marginRankingLoss');
// @ts-expect-error: bceWithLogitsLoss has no margin
mlt.layersLoss('bceWithLogitsLoss', { margin: 1 });
// @ts-expect-error: three inputs: not a tf.layers loss
mlt.layersLoss('tripletMarginLoss');
// @ts-expect-error: tripletMarginLoss has no target, so no label convention
mlt.tripletMarginLoss(x, x, x, { labels: 'strict' });
// @ts-expect-error: swap is true or false
mlt.tripletMarginLoss(x, x, x, { swap: 1 });
// @ts-expect-error: typed arrays are the core's, not the tensor ops'
mlt.softMarginLoss(Float32Array.of(1), Float32Array.of(1));
`;

test('the declarations: a typed use passes tsc --strict; the misuses marked @ts-expect-error are errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marginloss-tfjs-types-'));
  try {
    writeFileSync(join(dir, 'use.ts'), TYPED_USE);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler',
        lib: ['es2022', 'dom'], types: [], skipLibCheck: true,
        // The temporary directory has no node_modules: tfjs's types come from this repository's.
        paths: { '@tensorflow/tfjs-core': [join(ROOT, 'node_modules/@tensorflow/tfjs-core/dist/index.d.ts')] },
      },
      files: ['use.ts'],
    }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, `tsc:\n${tsc.stdout}${tsc.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
