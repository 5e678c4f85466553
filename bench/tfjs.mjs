// TensorFlow.js 4.x in Node, offline: tfjs-core, the cpu backend and the wasm backend (its .wasm files
// read from node_modules; in Node it picks the single-threaded SIMD binary), and its idiomatic use:
// tfjs's own loss, gradients by tf.valueAndGrad over the logits, each call creating the tensors from the
// typed arrays and reading the results back with dataSync, the same copies-included work as marginloss's
// convenience API. tfjs-expert.mjs has the expert's version.
import { createRequire, register } from 'node:module';
import path from 'node:path';

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
