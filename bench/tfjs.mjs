// TensorFlow.js 4.x in Node, offline: tfjs-core, the cpu backend and the wasm backend (its .wasm files
// read from node_modules; in Node it picks the single-threaded SIMD binary), and its idiomatic use:
// tfjs's own loss, gradients by tf.valueAndGrad over the logits, each call creating the tensors from the
// typed arrays and reading the results back with dataSync, the same copies-included work as marginloss's
// convenience API. tfjs has no cosine-embedding or triplet loss (tf.losses.cosineDistance assumes unit
// vectors and has no hinge): theirs are the formulas written with tf ops, differentiated by
// tf.valueAndGrads over every input. tfjs-expert.mjs has the expert's version.
import { createRequire, register } from 'node:module';
import path from 'node:path';

import { gradNames, inputNames } from './cases.mjs';

export async function loadTfjs() {
  // tfjs-core's Node bundle has no gradients; they come from its ES module build (see the hook).
  register('./tfjs-resolve-hook.mjs', import.meta.url);
  const tf = await import('@tensorflow/tfjs-core');
  tf.env().set('PROD', true); // production mode: no debug checks, no "install tfjs-node" banner
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  await import('@tensorflow/tfjs-backend-cpu');
  const wasmBackend = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  wasmBackend.setWasmPaths(`${dist}${path.sep}`);
  for (const backend of ['wasm', 'cpu']) {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return { tf, version: tf.version_core, wasmBinary: simd ? (threads ? 'threaded-simd' : 'simd') : 'plain' };
}

/**
 * The tfjs counterpart of `loss` on `inputs` (null when tfjs has none): labels converted once to what
 * tfjs expects ({0,1} for sigmoidCrossEntropy and hingeLoss, one-hot rows for softmaxCrossEntropy).
 * Returns () => { loss, grad }, run on whichever backend is active.
 */
export function tfjsCall(tf, loss, inputs, withGrad) {
  if (!loss.tfjs) return null;
  if (loss.tfjs === 'ops') return opsCall(tf, loss, inputs, withGrad);
  const { x, y, t, rows, classes, n } = inputs;
  const shape = loss.classDim ? [rows, classes] : [n];
  let labels;
  if (loss.key === 'crossEntropy') {
    labels = new Float32Array(n);
    for (let r = 0; r < rows; r++) labels[r * classes + t[r]] = 1;
  } else if (loss.targets === 'sign') {
    labels = y.map((v) => (v + 1) / 2); // {-1, +1} -> {0, 1}
  } else {
    labels = y;
  }
  const mean = tf.Reduction.MEAN;
  const lossFn = {
    sigmoidCrossEntropy: (l, z) => tf.losses.sigmoidCrossEntropy(l, z, undefined, 0, mean),
    softmaxCrossEntropy: (l, z) => tf.losses.softmaxCrossEntropy(l, z, undefined, 0, mean),
    hingeLoss: (l, z) => tf.losses.hingeLoss(l, z, undefined, mean),
  }[loss.tfjs];

  let labelTensor = null;
  const valueAndGrad = tf.valueAndGrad((logits) => lossFn(labelTensor, logits));
  return () => {
    const logits = tf.tensor(x, shape, 'float32');
    labelTensor = tf.tensor(labels, shape, 'float32');
    let result;
    if (withGrad) {
      const { value, grad } = valueAndGrad(logits);
      result = { loss: value.dataSync()[0], grad: grad.dataSync() };
      tf.dispose([value, grad]);
    } else {
      const value = tf.tidy(() => lossFn(labelTensor, logits));
      result = { loss: value.dataSync()[0], grad: null };
      value.dispose();
    }
    tf.dispose([logits, labelTensor]);
    return result;
  };
}

// PyTorch's cosine epsilon (1e-12 as a float32, added to each squared norm) and pairwise_distance's eps.
const COSINE_EPS = Math.fround(1e-12);
const TRIPLET_EPS = Math.fround(1e-6);

// The embedding losses with their default options, as a tfjs user would write them: (inputs, labels) =>
// the mean loss, inputs [N, D] tensors, labels [N] or null.
const OPS_LOSSES = {
  // margin 0: 1 - cos for y = 1, max(0, cos - margin) for y = -1, 0 otherwise.
  cosineEmbedding: (tf, [x1, x2], y) => {
    const squaredNorm = (v) => tf.add(tf.sum(tf.square(v), 1), COSINE_EPS);
    const cos = tf.div(tf.sum(tf.mul(x1, x2), 1), tf.sqrt(tf.mul(squaredNorm(x1), squaredNorm(x2))));
    const dissimilar = tf.where(tf.equal(y, -1), tf.relu(cos), tf.zerosLike(cos));
    return tf.mean(tf.where(tf.equal(y, 1), tf.sub(1, cos), dissimilar));
  },
  // margin 1, p = 2, no swap: max(0, 1 + d(a, pos) - d(a, neg)), d(u, v) = |u - v + eps|.
  tripletMargin: (tf, [anchor, positive, negative]) => {
    const distance = (u, v) => tf.norm(tf.add(tf.sub(u, v), TRIPLET_EPS), 'euclidean', 1);
    return tf.mean(tf.relu(tf.add(tf.sub(distance(anchor, positive), distance(anchor, negative)), 1)));
  },
};

// The idiomatic call of an embedding loss: its input tensors (and labels) made from the typed arrays, the
// loss and every input's gradient by tf.valueAndGrads, read back, everything disposed.
function opsCall(tf, loss, inputs, withGrad) {
  const { rows, classes } = inputs;
  const names = inputNames(loss);
  const lossFn = OPS_LOSSES[loss.key];
  let labels = null;
  const valueAndGrads = tf.valueAndGrads((...tensors) => lossFn(tf, tensors, labels));
  return () => {
    const tensors = names.map((name) => tf.tensor(inputs[name], [rows, classes], 'float32'));
    labels = inputs.y ? tf.tensor(inputs.y, [rows], 'float32') : null;
    const result = {};
    if (withGrad) {
      const { value, grads } = valueAndGrads(tensors);
      result.loss = value.dataSync()[0];
      gradNames(loss).forEach((name, i) => {
        result[name] = grads[i].dataSync();
      });
      tf.dispose([value, ...grads]);
    } else {
      const value = tf.tidy(() => lossFn(tf, tensors, labels));
      result.loss = value.dataSync()[0];
      result.grad = null;
      value.dispose();
    }
    tf.dispose(labels ? [...tensors, labels] : tensors);
    return result;
  };
}
