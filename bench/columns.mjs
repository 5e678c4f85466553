// The implementations measured, in column order, and how a column's ratio is taken. `ref`: what the ×
// ratio divides by: in-process columns by the convenience API's time (ml-simd), the native programs by
// the WASM kernel's (ml-simd-kernel), since neither copies. Above 1: marginloss is faster.

export const IMPLS = [
  { id: 'ml-simd', short: 'API', ref: null,
    label: 'marginloss SIMD build, convenience API: typed arrays in, fresh result arrays out (validation and copies included)' },
  { id: 'ml-simd-out', short: 'API out', ref: 'ml-simd',
    label: 'the same call with options.out: the gradients written into typed arrays made once and reused' },
  { id: 'ml-simd-strict', short: 'API strict', ref: 'ml-simd',
    label: "the API call with labels: 'strict' (the label-convention check; the drawn labels pass it)" },
  { id: 'ml-baseline', short: 'baseline API', ref: 'ml-simd', label: 'the API call on the baseline (non-SIMD) build' },
  { id: 'ml-simd-zerocopy', short: '0-copy', ref: 'ml-simd',
    label: 'the zero-copy tier: inputs in ml.alloc arrays, gradients into ModuleArrays in options.out' },
  { id: 'ml-simd-kernel', short: 'kernel', ref: 'ml-simd',
    label: 'the raw ml_f32_* export called with pointers, data already in module memory (no checks, no copies)' },
  { id: 'js-tight', short: 'JS Math.exp', ref: 'ml-simd',
    label: 'a tight JavaScript loop of the same formula with Math.exp/Math.log1p (the embedding losses: one Math.sqrt per row and distance), gradient into a reused buffer (js-loops.mjs)' },
  { id: 'js-poly', short: 'JS poly', ref: 'ml-simd',
    label: 'the same loops with float32-grade polynomial e^x and log1p (js-poly-loops.mjs); losses with e^x only (the embedding losses have no transcendental but a square root, one hardware instruction: no polynomial loop to write)' },
  { id: 'tfjs-wasm', short: 'tfjs-wasm', ref: 'ml-simd',
    label: "TensorFlow.js wasm backend, idiomatic: tfjs's own loss (the embedding losses: their formula in tf ops), tf.valueAndGrad(s) over the inputs, tensors made and read back every call" },
  { id: 'tfjs-wasm-expert', short: 'tfjs-wasm expert', ref: 'ml-simd',
    label: 'TensorFlow.js wasm backend, expert: resident tensors, analytic gradient with tf ops, results read once per call (tfjs-expert.mjs)' },
  { id: 'tfjs-cpu', short: 'tfjs-cpu', ref: 'ml-simd', label: 'TensorFlow.js cpu backend, idiomatic' },
  { id: 'tfjs-cpu-expert', short: 'tfjs-cpu expert', ref: 'ml-simd', label: 'TensorFlow.js cpu backend, expert' },
  { id: 'native-same', short: 'same C native', ref: 'ml-simd-kernel',
    label: "the package's kernels compiled natively, -O3 -msse4.1 -ffp-contract=off: the same 128-bit vector code (× vs the WASM kernel)" },
  { id: 'native-best', short: 'best native', ref: 'ml-simd-kernel',
    label: 'plain C loops of the same formulas, -O3 -march=native, FMA and auto-vectorisation (native/call_loops.c; × vs the WASM kernel)' },
];

/** The derived column: the convenience API's time ÷ the zero-copy tier's, what the copies cost. */
export const COPY_COST = { id: 'api-over-zerocopy', short: 'API ÷ 0-copy', num: 'ml-simd', den: 'ml-simd-zerocopy' };

export const implById = (id) => IMPLS.find((impl) => impl.id === id);
