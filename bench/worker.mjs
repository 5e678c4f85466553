// One loss at the given shapes, in a fresh Node process (bench/run.mjs starts one per loss and shape
// group, so no case inherits another's heap, allocator or JIT state). Checks that every implementation
// computes what marginloss computes, times them interleaved, and prints the cases as JSON on stdout.
//
//   node --expose-gc --no-liftoff bench/worker.mjs '{"loss":"softMargin","shapes":[6],"modes":[...],
//     "quick":false,"tfjs":true,"wasm":{"simd":"path.wasm","baseline":"path.wasm"},"timing":{...},
//     "native":{"6":{"native-same":{"loss":{"forward+backward":0.69},"gradFile":"path.f32"}}}}'
import { existsSync, readFileSync } from 'node:fs';

import { init } from '../js/index.js';
import { apiCall, gradNames, LOSSES, makeInputSets, moduleInputs, moduleOut, reusedOut, setCount, SHAPES } from './cases.mjs';
import { jsCall } from './js-loops.mjs';
import { jsPolyCall } from './js-poly-loops.mjs';
import { measureInterleaved } from './timing.mjs';
import { loadRawModule, rawKernel, rawOutputs } from './wasm-kernel.mjs';

const LOSS_TOLERANCE = 1e-5; // relative, against marginloss SIMD's loss: JS loops, other builds and tiers, native
const TFJS_TOLERANCE = 1e-4; // tfjs sums in float32
const log = (...a) => console.error(...a);

// ---- checks: equal work before timing ----

const agrees = (a, b, tolerance) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

// Gradient agreement: the elements farther than 1e-5 of the largest |gradient| from marginloss's (hinge
// kinks may flip a handful where float32 and double disagree on the sign of a tiny margin).
function gradientAgreement(grad, reference) {
  if (!grad || !reference || grad.length !== reference.length) return null;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) scale = Math.max(scale, Math.abs(reference[i]));
  let off = 0;
  for (let i = 0; i < reference.length; i++) if (!(Math.abs(grad[i] - reference[i]) <= 1e-5 * scale + 1e-30)) off++;
  return { mismatched: off, of: reference.length };
}

const lossValue = (result) => (typeof result.loss === 'number' ? result.loss : result.loss[0]);
const plain = (array) => (array && array.array ? array.array : array);

// Every gradient of a result (grad, then grad2 and grad3 for the losses of two or three inputs)
// concatenated into one array, as the native programs write them.
function gradients(result) {
  const parts = ['grad', 'grad2', 'grad3'].map((name) => plain(result[name])).filter(Boolean);
  if (!parts.length) return null;
  const all = new Float32Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

// A call that cycles through one closure per input set.
function cycle(fns) {
  if (fns.length === 1) return fns[0];
  const last = fns.length - 1;
  let k = 0;
  return () => {
    k = k === last ? 0 : k + 1;
    return fns[k]();
  };
}

// ---- the implementations of one case ----

/**
 * Every implementation of `loss` at `shape`: { id, make(set) -> a call, or { fn, checked? (a call that
 * returns what the check needs, when fn alone does not), free }, or null when it has no version of this
 * loss; skip? (why it is not measured), tolerance, sameFormula, before? (run before each batch: the tfjs
 * backend), freeShared? }. Output buffers a caller would reuse are made once and shared by the sets.
 */
function implementations(env, loss, shape, n, withGrad, config) {
  const copyPathOnly = shape.copyPath ? 'not measured at this size, which measures the copy path' : null;
  const list = [];
  const add = (id, make, extra = {}) => list.push({ id, make, tolerance: LOSS_TOLERANCE, sameFormula: true, ...extra });

  add('ml-simd', (set) => apiCall(env.simd, loss, set, withGrad));
  {
    const out = withGrad ? reusedOut(loss, n) : null;
    add('ml-simd-out', (set) => apiCall(env.simd, loss, set, withGrad, out),
      { skip: withGrad ? null : 'forward only: nothing to write into options.out' });
  }
  add('ml-simd-strict', (set) => apiCall(env.simd, loss, set, withGrad, null, 'strict'),
    { skip: copyPathOnly ?? (loss.targets === null ? 'no labels: nothing for labels: \'strict\' to check' : null) });
  add('ml-baseline', (set) => apiCall(env.baseline, loss, set, withGrad), { skip: copyPathOnly });
  {
    let out = null;
    add('ml-simd-zerocopy', (set) => {
      out ??= moduleOut(env.zeroCopy, loss, n);
      const moved = moduleInputs(env.zeroCopy, set);
      return { fn: apiCall(env.zeroCopy, loss, moved.inputs, withGrad, out.out), free: moved.free };
    }, { freeShared: () => out?.free() });
  }
  {
    let outputs = null;
    add('ml-simd-kernel', (set) => {
      outputs ??= rawOutputs(env.raw, loss, n, shape.classes);
      const kernel = rawKernel(env.raw, loss, set, outputs);
      // The status is checked once, before timing: a timed call only runs the kernel.
      const fn = () => kernel.call(withGrad);
      const checked = () => {
        const status = fn();
        if (status !== 0) throw new Error(`raw kernel ml_f32_${loss.c} returned status ${status}`);
        const grads = gradNames(loss).map((name) => [name, withGrad ? kernel[name]() : null]);
        return { loss: kernel.loss(), ...Object.fromEntries(grads) };
      };
      return { fn, checked, free: kernel.free };
    }, { freeShared: () => outputs?.free() });
  }
  {
    const out = withGrad ? reusedOut(loss, n) : null;
    add('js-tight', (set) => jsCall(loss, set, out), { skip: copyPathOnly });
    add('js-poly', (set) => jsPolyCall(loss, set, out),
      { skip: copyPathOnly ?? (loss.exp ? null : 'no e^x or log1p in this loss (at most a square root, one hardware instruction): a polynomial loop would be the JS Math.exp loop itself') });
  }
  for (const backend of ['wasm', 'cpu']) {
    const tooSlow = backend !== 'cpu' ? null
      : config.quick ? 'skipped by --quick' : n >= 1e6 ? 'not measured from 10^6 (about a second per call)' : null;
    const before = () => env.useBackend(backend);
    const unavailable = env.tf ? null : 'TensorFlow.js not loaded';
    add(`tfjs-${backend}`, (set) => env.tfjsCall(loss, set, withGrad), {
      skip: copyPathOnly ?? unavailable ?? (loss.tfjs ? tooSlow : 'tfjs has no such loss'),
      tolerance: loss.sameFormula ? TFJS_TOLERANCE : Infinity, sameFormula: loss.sameFormula, before,
    });
    add(`tfjs-${backend}-expert`, (set) => env.tfjsExpertCall(loss, set, withGrad), {
      skip: copyPathOnly ?? unavailable ?? tooSlow, tolerance: TFJS_TOLERANCE, before,
    });
  }
  return list;
}

// ---- one case ----

function runCase(env, loss, shape, sets, mode, config) {
  const withGrad = mode === 'forward+backward';
  const n = sets[0].n;
  const c = {
    loss: loss.key, shape: { rows: shape.rows, classes: shape.classes, label: shape.label }, elements: n, mode,
    sets: sets.length, timings: {}, checks: {}, skipped: {},
  };
  const reference = apiCall(env.simd, loss, sets[0], withGrad)();
  const refLoss = lossValue(reference);
  const refGrad = withGrad ? gradients(reference) : null;
  c.checks['ml-simd'] = { loss: refLoss };
  const check = (id, value, grad, tolerance, sameFormula) => {
    const ok = agrees(value, refLoss, tolerance);
    const gradCheck = withGrad && sameFormula ? gradientAgreement(grad, refGrad) : null; // null: no gradient to compare
    c.checks[id] = { loss: value, agrees: ok, grad: gradCheck };
    if (!sameFormula) c.checks[id].note = 'a different formula: time only';
    if (!ok) log(`bench: WARNING: ${id} ${loss.api} ${shape.label} ${mode}: loss ${value} vs marginloss ${refLoss}`);
    if (gradCheck && gradCheck.mismatched > gradCheck.of * 1e-4) {
      log(`bench: WARNING: ${id} ${loss.api} ${shape.label} ${mode}: ${gradCheck.mismatched} of ${gradCheck.of} gradient values differ`);
    }
    return ok;
  };

  const impls = [];
  const frees = [];
  for (const impl of implementations(env, loss, shape, n, withGrad, config)) {
    if (impl.skip) {
      c.skipped[impl.id] = impl.skip;
      continue;
    }
    try {
      impl.before?.();
      const made = sets.map((set, k) => impl.make(set, k));
      if (made[0] === null) {
        c.skipped[impl.id] = 'no version of this loss';
        continue;
      }
      const fns = made.map((m) => (typeof m === 'function' ? m : m.fn));
      made.forEach((m) => m.free && frees.push(m.free));
      if (impl.freeShared) frees.push(impl.freeShared);
      const tensorsBefore = env.tf?.tf.memory().numTensors;
      const result = (made[0].checked ?? fns[0])();
      if (env.tf && impl.id.startsWith('tfjs') && env.tf.tf.memory().numTensors !== tensorsBefore) {
        log(`bench: WARNING: ${impl.id} ${loss.api} leaks tensors`);
      }
      const ok = check(impl.id, lossValue(result), gradients(result), impl.tolerance, impl.sameFormula);
      // A competitor that computes something else is not timed; tfjs (float32 sums) is timed and flagged.
      if (!ok && !impl.id.startsWith('tfjs')) {
        c.skipped[impl.id] = 'loss disagrees with marginloss';
        continue;
      }
      for (let k = 1; k < fns.length; k++) fns[k](); // every set runs once before timing: none throws mid-measurement
      impls.push({ id: impl.id, fn: cycle(fns), before: impl.before });
    } catch (error) {
      c.skipped[impl.id] = `failed: ${error.message.split('\n')[0]}`;
      log(`bench: WARNING: ${impl.id} ${loss.api} ${shape.label} ${mode}: ${error.message.split('\n')[0]}`);
    }
  }

  // The native programs ran before this process, on the same inputs; their values are checked here.
  for (const [id, native] of Object.entries(config.native?.[SHAPES.indexOf(shape)] ?? {})) {
    const value = native.loss[mode];
    if (value === undefined) continue;
    let grad = null;
    if (withGrad && native.gradFile && existsSync(native.gradFile)) {
      const bytes = readFileSync(native.gradFile);
      grad = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    }
    check(id, value, grad, LOSS_TOLERANCE, true);
  }

  const t0 = performance.now();
  const timings = measureInterleaved(impls, config.timing);
  log(`bench: ${loss.api} ${shape.label} ${mode}: ${impls.length} implementations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const [id, t] of timings) {
    c.timings[id] = {
      nsPerCall: t.nsPerCall, reps: t.reps, rounds: t.rounds,
      samples: t.samples.map((s) => (s === undefined ? null : Math.round(s * 10) / 10)),
    };
  }
  frees.forEach((free) => free());
  return c;
}

// ---- main ----

const config = JSON.parse(process.argv[2]);
const loss = LOSSES.find((l) => l.key === config.loss);
const simdBytes = readFileSync(config.wasm.simd);
const env = {
  // The zero-copy tier gets an instance of its own (other bytes: init() shares one per source), so the
  // API's copying calls run in a memory that holds nothing else, as in a process that only uses them.
  simd: await init({ simd: true, bytes: simdBytes }),
  baseline: await init({ simd: false, bytes: readFileSync(config.wasm.baseline) }),
  zeroCopy: await init({ simd: true, bytes: new Uint8Array(simdBytes) }),
  raw: await loadRawModule(simdBytes),
  tf: null,
};
// tfjs takes about two seconds to load; a worker of copy-path sizes only does not measure it.
if (config.tfjs && config.shapes.some((i) => !SHAPES[i].copyPath)) {
  try {
    const { loadTfjs, tfjsCall } = await import('./tfjs.mjs');
    const { tfjsExpertCall } = await import('./tfjs-expert.mjs');
    env.tf = await loadTfjs();
    env.tfjsCall = (l, i, withGrad) => tfjsCall(env.tf.tf, l, i, withGrad);
    env.tfjsExpertCall = (l, i, withGrad) => tfjsExpertCall(env.tf.tf, l, i, withGrad);
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
  const sets = makeInputSets(loss, shape.rows, shape.classes, setCount(shape.rows * shape.classes));
  for (const mode of config.modes) cases.push(runCase(env, loss, shape, sets, mode, config));
}
process.stdout.write(JSON.stringify({
  cases,
  tfjs: env.tf ? { version: env.tf.version, wasmBinary: env.tf.wasmBinary } : null,
}));
