// One loss at the given shapes, both modes, in a fresh Node process (bench/run.mjs starts one per loss
// and shape, so no case inherits another's heap, allocator or JIT state; one per loss with --quick).
// Checks that every implementation computes the same loss, times them interleaved, and prints the cases
// as JSON on stdout.
//
//   node --expose-gc bench/worker.mjs '{"loss":"softMargin","shapes":[3],"quick":false,"tfjs":true,
//                                       "wasm":{"simd":"path.wasm","baseline":"path.wasm"},"timing":{...}}'
import { readFileSync } from 'node:fs';

import { init } from '../js/index.js';
import { apiCall, LOSSES, makeInputs, MODES, moduleInputs, SHAPES } from './cases.mjs';
import { jsCall } from './js-loops.mjs';
import { IMPLS } from './report.mjs';
import { measureInterleaved, pairedRatio } from './timing.mjs';
import { loadRawModule, rawKernel } from './wasm-kernel.mjs';

const LOSS_TOLERANCE = 1e-5; // relative, marginloss SIMD vs the JS loop, the other builds and tiers
const TFJS_TOLERANCE = 1e-4; // tfjs sums in float32
const log = (...a) => console.error(...a);

// ---- checks: equal work before timing ----

const agrees = (a, b, tolerance) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

// Gradient agreement: the share of elements within 1e-5 of the largest |gradient| (hinge kinks may flip a
// handful where float32 and double disagree on the sign of a tiny margin).
function gradientAgreement(grad, reference) {
  if (!grad || !reference) return null;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) scale = Math.max(scale, Math.abs(reference[i]));
  let off = 0;
  for (let i = 0; i < reference.length; i++) if (!(Math.abs(grad[i] - reference[i]) <= 1e-5 * scale + 1e-30)) off++;
  return { mismatched: off, of: reference.length };
}

// ---- one case ----

function lossValue(result) {
  return typeof result.loss === 'number' ? result.loss : result.loss[0];
}

function gradArray(result) {
  const g = result.grad;
  return g && g.array ? g.array : g;
}

function runCase(env, loss, inputs, shape, mode, { timing, quick }) {
  const withGrad = mode === 'forward+backward';
  const c = { loss: loss.key, shape, elements: inputs.n, mode, results: {}, checks: {}, skipped: {} };
  const reference = apiCall(env.simd, loss, inputs, withGrad)();
  const refLoss = lossValue(reference);
  const refGrad = withGrad ? gradArray(reference).slice() : null;
  c.checks['ml-simd'] = { loss: refLoss };
  const impls = [{ id: 'ml-simd', fn: apiCall(env.simd, loss, inputs, withGrad) }];
  const check = (id, result, tolerance, { time = true, sameFormula = true } = {}) => {
    const value = lossValue(result);
    const ok = agrees(value, refLoss, tolerance);
    const grad = withGrad && sameFormula ? gradientAgreement(gradArray(result), refGrad) : null;
    c.checks[id] = { loss: value, agrees: ok, grad };
    if (!ok) log(`bench: WARNING: ${id} ${loss.api} ${shape.label} ${mode}: loss ${value} vs marginloss ${refLoss}`);
    if (grad && grad.mismatched > grad.of * 1e-4) {
      log(`bench: WARNING: ${id} ${loss.api} ${shape.label} ${mode}: ${grad.mismatched} of ${grad.of} gradient values differ`);
    }
    return ok || !time;
  };

  const baseline = apiCall(env.baseline, loss, inputs, withGrad);
  if (check('ml-baseline', baseline(), LOSS_TOLERANCE)) impls.push({ id: 'ml-baseline', fn: baseline });

  // The label-convention guard's cost: the same call with labels: 'strict' (the drawn labels fit).
  const strict = apiCall(env.simd, loss, inputs, withGrad, null, 'strict');
  try {
    if (check('ml-simd-strict', strict(), LOSS_TOLERANCE)) impls.push({ id: 'ml-simd-strict', fn: strict });
  } catch (error) {
    log(`bench: WARNING: ml-simd-strict ${loss.api} ${shape.label}: ${error.message}`);
  }

  if (env.zeroCopy) {
    const zero = env.zeroCopy();
    const fn = apiCall(env.simd, loss, zero.inputs, withGrad, zero.out);
    if (check('ml-simd-zerocopy', fn(), LOSS_TOLERANCE)) impls.push({ id: 'ml-simd-zerocopy', fn });
  }

  const kernel = env.kernel(loss);
  const kernelFn = withGrad ? () => kernel.call(true) : () => kernel.call(false);
  const status = kernelFn();
  if (status === 0 && check('ml-simd-kernel', { loss: kernel.loss(), grad: null }, LOSS_TOLERANCE)) {
    impls.push({ id: 'ml-simd-kernel', fn: kernelFn });
  } else if (status !== 0) {
    log(`bench: WARNING: raw kernel ml_f32_${loss.c} returned status ${status}`);
  }

  const js = jsCall(loss, inputs, withGrad);
  if (check('js-loop', js(), LOSS_TOLERANCE)) impls.push({ id: 'js-loop', fn: js });
  else c.skipped['js-loop'] = 'loss disagrees with marginloss';

  if (env.tf && loss.tfjs) {
    const { tf } = env.tf;
    for (const backend of ['wasm', 'cpu']) {
      const id = `tfjs-${backend}`;
      if (quick && backend === 'cpu' && inputs.n >= 1e6) {
        c.skipped[id] = 'skipped by --quick (about 1 s per call)';
        continue;
      }
      const use = () => env.useBackend(backend);
      use();
      const fn = env.tfjsCall(loss, inputs, withGrad);
      const tensors = tf.memory().numTensors;
      const result = fn();
      if (tf.memory().numTensors !== tensors) log(`bench: WARNING: ${id} ${loss.api} leaks tensors`);
      check(id, result, loss.sameFormula ? TFJS_TOLERANCE : Infinity, { time: false, sameFormula: loss.sameFormula });
      if (!loss.sameFormula) c.checks[id].note = 'different formula (hingeLoss): time only';
      impls.push({ id, fn, before: use });
    }
  } else if (!loss.tfjs) {
    c.skipped['tfjs-wasm'] = c.skipped['tfjs-cpu'] = 'no tfjs counterpart';
  }

  const t0 = performance.now();
  const timings = measureInterleaved(impls, timing);
  log(`bench: ${loss.api} ${shape.label} ${mode}: ${impls.length} implementations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const impl of IMPLS) {
    const t = timings.get(impl.id);
    if (!t) continue;
    const refTiming = impl.ref ? timings.get(impl.ref) : null;
    c.results[impl.id] = {
      nsPerCall: t.nsPerCall,
      nsPerElement: t.nsPerCall / inputs.n,
      ratio: refTiming ? pairedRatio(t, refTiming) : null,
      reps: t.reps,
      rounds: t.rounds,
      samples: t.samples.map((s) => (s === undefined ? null : Math.round(s * 10) / 10)),
    };
  }

  return c;
}

// ---- main ----

const config = JSON.parse(process.argv[2]);
const loss = LOSSES.find((l) => l.key === config.loss);
const simdBytes = readFileSync(config.wasm.simd);
const env = {
  simd: await init({ simd: true, bytes: simdBytes }),
  baseline: await init({ simd: false, bytes: readFileSync(config.wasm.baseline) }),
  tf: null,
};
const rawExports = await loadRawModule(simdBytes);
if (config.tfjs && loss.tfjs) {
  try {
    const { loadTfjs, tfjsCall } = await import('./tfjs.mjs');
    env.tf = await loadTfjs();
    env.tfjsCall = (l, i, withGrad) => tfjsCall(env.tf.tf, l, i, withGrad);
    env.useBackend = (name) => {
      // Both backends are initialised, so setBackend switches synchronously (its promise settles later).
      env.tf.tf.setBackend(name).catch((error) => log(`bench: setBackend(${name}): ${error}`));
      if (env.tf.tf.getBackend() !== name) throw new Error(`tfjs: could not switch to ${name} synchronously`);
    };
  } catch (error) {
    log(`bench: WARNING: TensorFlow.js unavailable, its columns are skipped: ${error.stack ?? error}`);
    env.tf = null;
  }
}

const cases = [];
for (const shapeIndex of config.shapes) {
  const shape = SHAPES[shapeIndex];
  const inputs = makeInputs(loss, shape.rows, shape.classes);
  const held = [];
  env.kernel = () => held[held.push(rawKernel(rawExports, loss, inputs)) - 1];
  if (typeof env.simd.alloc === 'function') env.zeroCopy = () => held[held.push(moduleInputs(env.simd, inputs)) - 1];
  for (const mode of MODES) cases.push(runCase(env, loss, inputs, shape, mode, config));
  held.forEach((h) => h.free());
}
process.stdout.write(JSON.stringify({
  cases,
  tfjs: env.tf ? { version: env.tf.version, wasmBinary: env.tf.wasmBinary } : null,
}));
