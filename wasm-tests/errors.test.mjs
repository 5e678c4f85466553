// Bad arguments throw a TypeError or RangeError naming the argument, the expectation and what came:
// wrong types, lengths, shapes, class indices and options; detached and shared buffers, BigInt arrays,
// ModuleArrays that were freed or belong to another instance, aliased or misfit outputs, dimensions and
// sizes the module cannot address. Nothing is written to the caller's arrays, and the module keeps
// giving correct answers afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { init, LabelConventionError } from '../js/index.js';
import { loadBuilds } from './helpers.mjs';

const builds = await loadBuilds();
const f32 = (...values) => Float32Array.from(values);
const f64 = (...values) => Float64Array.from(values);
const i32 = (...values) => Int32Array.from(values);

function detached(array) {
  const copy = array.slice();
  structuredClone(copy.buffer, { transfer: [copy.buffer] });
  assert.equal(copy.length, 0);
  return copy;
}

function shared(Type, values) {
  const array = new Type(new SharedArrayBuffer(values.length * Type.BYTES_PER_ELEMENT));
  array.set(values);
  return array;
}

// docs/pytorch-compat.md#values-soft-margin: SoftMarginLoss of [0.5, −1, 2] with [1, −1, 1], 'sum' = 0.914267.
function assertStillCorrect(ml) {
  const { loss } = ml.softMarginLoss(f64(0.5, -1, 2), f64(1, -1, 1), { reduction: 'sum' });
  assert.ok(Math.abs(loss - 0.914267) < 1e-6, `loss ${loss}`);
}

// docs/pytorch-compat.md#values-cosine-embedding and #values-triplet-margin: 'sum' = 0.75 and 3.
function assertEmbeddingLossesCorrect(ml) {
  const cosine = ml.cosineEmbeddingLoss(f64(3, 4, 3, 4, 1, 0, 3, 4), f64(4, 3, 4, 3, 0, 1, 4, 3), f64(1, -1, -1, 0),
    { shape: [4, 2], margin: 0.25, reduction: 'sum' });
  assert.ok(Math.abs(cosine.loss - 0.75) < 1e-12, `cosine loss ${cosine.loss}`);
  const triplet = ml.tripletMarginLoss(f64(0, 0, 1, 1, 0, 0), f64(3, 4, 1, 2, 0, -1), f64(0, 6, 4, 5, 1, 0),
    { shape: [3, 2], margin: 2, eps: 0, reduction: 'sum' });
  assert.ok(Math.abs(triplet.loss - 3) < 1e-12, `triplet loss ${triplet.loss}`);
}

function throwsNaming(call, ErrorClass, pattern) {
  assert.throws(call, (error) => {
    assert.equal(error.constructor, ErrorClass, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

// [description, call, error class, pattern the message must match]
const CASES = [
  ['plain-array input', (ml) => ml.softMarginLoss([1, 2], f32(1, 1)), TypeError, /softMarginLoss: input must be a Float32Array or Float64Array \(or a ModuleArray of one\); got Array\(2\)/],
  ['Int8Array input', (ml) => ml.hingeEmbeddingLoss(new Int8Array(2), f32(1, 1)), TypeError, /input must be .*got Int8Array\(2\)/],
  ['string target', (ml) => ml.softMarginLoss(f32(1, 2), 'ab'), TypeError, /target must be a Float32Array .*got string 'ab'/],
  ['target of the other dtype', (ml) => ml.bceWithLogitsLoss(f32(1, 2), f64(1, 0)), TypeError, /target must be a Float32Array \(the input's dtype\).*got Float64Array\(2\)/],
  ['target length', (ml) => ml.softMarginLoss(f32(1, 2), f32(1)), RangeError, /target must have 2 elements .*got Float32Array\(1\)/],
  ['misspelt reduction', (ml) => ml.softMarginLoss(f32(1), f32(1), { reduction: 'summ' }), RangeError, /options.reduction must be 'none', 'mean' or 'sum'; got string 'summ' \(did you mean 'sum'\?\)/],
  ['legacy reduce option', (ml) => ml.softMarginLoss(f32(1), f32(1), { reduce: 'sum' }), TypeError, /unknown option 'reduce' \(did you mean 'reduction'\?\)/],
  ['snake_case option', (ml) => ml.bceWithLogitsLoss(f32(1), f32(1), { pos_weight: f32(1) }), TypeError, /unknown option 'pos_weight' \(did you mean 'posWeight'\?\)/],
  ['missing shape', (ml) => ml.multiMarginLoss(f32(1, 2), i32(0)), TypeError, /multiMarginLoss: options.shape is required/],
  ['shape product', (ml) => ml.multiMarginLoss(f32(1, 2, 3), i32(0), { shape: [2, 2] }), RangeError, /options.shape \[2, 2\] holds 4 elements but the input has 3/],
  ['fractional shape', (ml) => ml.crossEntropyLoss(f32(1, 2), i32(0), { shape: [1, 1.5] }), RangeError, /options.shape\[1\] must be a non-negative integer; got number 1.5/],
  ['zero classes', (ml) => ml.multilabelSoftMarginLoss(f32(), f32(), { shape: [2, 0] }), RangeError, /class dimension .* must be at least 1/],
  ['class index too large', (ml) => ml.multiMarginLoss(f32(1, 2, 3, 4), i32(0, 2), { shape: [2, 2] }), RangeError, /target\[1\] = 2 is out of range; class indices must be in \[0, 2\)/],
  ['negative class index', (ml) => ml.crossEntropyLoss(f32(1, 2), i32(-1), { shape: [1, 2] }), RangeError, /target\[0\] = -1 is out of range; .*ignoreIndex \(-100\)/],
  ['fractional class index', (ml) => ml.multiMarginLoss(f32(1, 2), [0.5], { shape: [1, 2] }), RangeError, /target\[0\] must be an integer class index; got number 0.5/],
  ['index after the -1 terminator', (ml) => ml.multilabelMarginLoss(f32(1, 2, 3), i32(0, -1, -2), { shape: [3] }), RangeError, /target\[2\] = -2 is out of range/],
  ['p = 3', (ml) => ml.multiMarginLoss(f32(1, 2), i32(0), { shape: [2], p: 3 }), RangeError, /options.p must be 1 or 2; got number 3/],
  ['weight length', (ml) => ml.multiMarginLoss(f32(1, 2), i32(0), { shape: [2], weight: f32(1, 1, 1) }), RangeError, /options.weight must have 2 elements \(one per class\); got Float32Array\(3\)/],
  ['margin string', (ml) => ml.hingeEmbeddingLoss(f32(1), f32(1), { margin: '1' }), TypeError, /options.margin must be a finite number; got string '1'/],
  ['label smoothing above 1', (ml) => ml.crossEntropyLoss(f32(1, 2), i32(0), { shape: [2], labelSmoothing: 1.5 }), RangeError, /options.labelSmoothing must be in \[0, 1\]; got 1.5/],
  ['ignoreIndex with probabilities', (ml) => ml.crossEntropyLoss(f32(1, 2), f32(0, 1), { shape: [2], ignoreIndex: 0 }), RangeError, /ignoreIndex must be negative with class-probability targets/],
  ['gradOutput length', (ml) => ml.softMarginLoss(f32(1, 2), f32(1, 1), { reduction: 'none', gradOutput: f32(1) }), RangeError, /options.gradOutput must have 2 elements/],
  ['gradOutput array when reduced', (ml) => ml.softMarginLoss(f32(1, 2), f32(1, 1), { gradOutput: f32(1) }), TypeError, /options.gradOutput must be a number when the loss is reduced/],
  ['second input dtype', (ml) => ml.marginRankingLoss(f32(1), f64(1), f32(1)), TypeError, /input2 must be a Float32Array/],
  ['options not an object', (ml) => ml.softMarginLoss(f32(1), f32(1), 'mean'), TypeError, /options must be an object; got string 'mean'/],
];

// cosineEmbeddingLoss and tripletMarginLoss: rows of (N, D) or (D) inputs, here [2, 2] unless a case says.
const x4 = f32(1, 2, 3, 4);
const EMBEDDING_CASES = [
  ['cosine: missing shape', (ml) => ml.cosineEmbeddingLoss(x4, x4, f32(1, -1)), TypeError, /^cosineEmbeddingLoss: options.shape is required \(the inputs' shape, \[N, D\] or \[D\]\); got undefined$/],
  ['cosine: 3-D shape', (ml) => ml.cosineEmbeddingLoss(x4, x4, f32(1), { shape: [1, 2, 2] }), RangeError, /cosineEmbeddingLoss: options.shape must have 1 to 2 dimensions; got \[1, 2, 2\]/],
  ['cosine: 0-D shape', (ml) => ml.cosineEmbeddingLoss(f32(1), f32(1), 1, { shape: [] }), RangeError, /options.shape must have 1 to 2 dimensions; got \[\]/],
  ['cosine: shape not the length', (ml) => ml.cosineEmbeddingLoss(x4, x4, f32(1, -1), { shape: [2, 3] }), RangeError, /cosineEmbeddingLoss: options.shape \[2, 3\] holds 6 elements but the input has 4/],
  ['cosine: input1 a plain array', (ml) => ml.cosineEmbeddingLoss([1, 2], f32(1, 2), 1, { shape: [2] }), TypeError, /cosineEmbeddingLoss: input1 must be a Float32Array or Float64Array \(or a ModuleArray of one\); got Array\(2\)/],
  ['cosine: input2 of another length', (ml) => ml.cosineEmbeddingLoss(x4, f32(1, 2, 3), f32(1, -1), { shape: [2, 2] }), RangeError, /cosineEmbeddingLoss: input2 must have 4 elements \(the same shape as input1\); got Float32Array\(3\)/],
  ['cosine: input2 of another dtype', (ml) => ml.cosineEmbeddingLoss(x4, f64(1, 2, 3, 4), f32(1, -1), { shape: [2, 2] }), TypeError, /cosineEmbeddingLoss: input2 must be a Float32Array \(the input's dtype\).*got Float64Array\(4\)/],
  ['cosine: a label per element', (ml) => ml.cosineEmbeddingLoss(x4, x4, f32(1, -1, 1, -1), { shape: [2, 2] }), RangeError, /cosineEmbeddingLoss: target must have 2 elements \(one label in \{-1, \+1\} per pair\); got Float32Array\(4\)/],
  ['cosine: two labels for a 1-D input', (ml) => ml.cosineEmbeddingLoss(x4, x4, [1, -1], { shape: [4] }), RangeError, /target must have 1 elements \(one label in \{-1, \+1\} per pair\); got Array\(2\)/],
  ['cosine: one number for a 2-D input', (ml) => ml.cosineEmbeddingLoss(x4, x4, 1, { shape: [2, 2] }), TypeError, /cosineEmbeddingLoss: target must hold one label per pair \(2 for options.shape \[2, 2\]\); a single number is the target of a 1-D input only; got number 1/],
  ['cosine: target of another dtype', (ml) => ml.cosineEmbeddingLoss(x4, x4, f64(1, -1), { shape: [2, 2] }), TypeError, /target must be a Float32Array \(the input's dtype\).*got Float64Array\(2\)/],
  ['cosine: class indices as target', (ml) => ml.cosineEmbeddingLoss(x4, x4, i32(1, 0), { shape: [2, 2] }), TypeError, /target must be a Float32Array .*got Int32Array\(2\)/],
  ['cosine: a string as target', (ml) => ml.cosineEmbeddingLoss(x4, x4, '1', { shape: [4] }), TypeError, /target must be a Float32Array .*got string '1'/],
  ['cosine: margin NaN', (ml) => ml.cosineEmbeddingLoss(x4, x4, f32(1, -1), { shape: [2, 2], margin: NaN }), RangeError, /cosineEmbeddingLoss: options.margin must be a finite number; got number NaN/],
  ['cosine: margin Infinity', (ml) => ml.cosineEmbeddingLoss(x4, x4, f32(1, -1), { shape: [2, 2], margin: -Infinity }), RangeError, /options.margin must be a finite number; got number -Infinity/],
  ['cosine: triplet option', (ml) => ml.cosineEmbeddingLoss(x4, x4, f32(1, -1), { shape: [2, 2], eps: 0 }), TypeError, /cosineEmbeddingLoss: unknown option 'eps'/],
  ['cosine: out.grad3', (ml) => ml.cosineEmbeddingLoss(x4, x4, f32(1, -1), { shape: [2, 2], out: { grad3: f32(0, 0, 0, 0) } }), TypeError, /unknown key options.out.grad3; valid keys are loss, grad, grad2$/],
  ['cosine: gradOutput per element', (ml) => ml.cosineEmbeddingLoss(x4, x4, f32(1, -1), { shape: [2, 2], reduction: 'none', gradOutput: f32(1, 1, 1, 1) }), RangeError, /options.gradOutput must have 2 elements \(one per loss output/],
  ['triplet: missing shape', (ml) => ml.tripletMarginLoss(x4, x4, x4), TypeError, /^tripletMarginLoss: options.shape is required \(the inputs' shape, \[N, D\] or \[D\]\); got undefined$/],
  ['triplet: 3-D shape', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 1, 2] }), RangeError, /tripletMarginLoss: options.shape must have 1 to 2 dimensions; got \[2, 1, 2\]/],
  ['triplet: shape not the length', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [3] }), RangeError, /tripletMarginLoss: options.shape \[3\] holds 3 elements but the input has 4/],
  ['triplet: anchor an Int32Array', (ml) => ml.tripletMarginLoss(i32(1, 2), f32(1, 2), f32(1, 2), { shape: [2] }), TypeError, /tripletMarginLoss: anchor must be a Float32Array or Float64Array .*got Int32Array\(2\)/],
  ['triplet: positive of another length', (ml) => ml.tripletMarginLoss(x4, f32(1, 2), x4, { shape: [2, 2] }), RangeError, /tripletMarginLoss: positive must have 4 elements \(the same shape as anchor\); got Float32Array\(2\)/],
  ['triplet: broadcast negative', (ml) => ml.tripletMarginLoss(x4, x4, f32(1, 2), { shape: [2, 2] }), RangeError, /tripletMarginLoss: negative must have 4 elements \(the same shape as anchor\); got Float32Array\(2\)/],
  ['triplet: negative of another dtype', (ml) => ml.tripletMarginLoss(x4, x4, f64(1, 2, 3, 4), { shape: [2, 2] }), TypeError, /tripletMarginLoss: negative must be a Float32Array \(the input's dtype\).*got Float64Array\(4\)/],
  ['triplet: p below 1', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], p: 0.5 }), RangeError, /tripletMarginLoss: options.p must be a finite number of at least 1 \(the order of the p-norm distance\); got number 0.5/],
  ['triplet: p a string', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], p: '2' }), TypeError, /options.p must be a finite number of at least 1 .*got string '2'/],
  ['triplet: eps negative', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], eps: -1e-6 }), RangeError, /tripletMarginLoss: options.eps must be a finite number of at least 0; got number -0.000001/],
  ['triplet: eps past float32 for a float32 input', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], eps: 1e39 }), RangeError, /tripletMarginLoss: options.eps must be at most 3.4028234663852886e\+38, the largest float32 \(the input's dtype\); got number 1e\+39/],
  ['triplet: eps a string', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], eps: '0' }), TypeError, /options.eps must be a finite number of at least 0; got string '0'/],
  ['triplet: margin NaN', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], margin: NaN }), RangeError, /tripletMarginLoss: options.margin must be a finite number; got number NaN/],
  ['triplet: swap a number', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], swap: 1 }), TypeError, /tripletMarginLoss: options.swap must be true or false; got number 1/],
  ['triplet: labels option', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], labels: 'strict' }), TypeError, /tripletMarginLoss: unknown option 'labels'/],
  ['triplet: out.grad4', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], out: { grad4: f32(0, 0, 0, 0) } }), TypeError, /unknown key options.out.grad4; valid keys are loss, grad, grad2, grad3$/],
  ['triplet: out.grad3 of another length', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], out: { grad3: f32(0, 0) } }), RangeError, /options.out.grad3 must have 4 elements; got Float32Array\(2\)/],
  ['triplet: out.grad3 of another dtype', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], out: { grad3: new Float64Array(4) } }), TypeError, /options.out.grad3 must be a Float32Array \(the input's dtype\)/],
  ['triplet: out.grad3 with grad false', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], grad: false, out: { grad3: f32(0, 0, 0, 0) } }), RangeError, /options.out has a gradient array but options.grad is false/],
  ['triplet: out.grad3 an input', (ml) => ml.tripletMarginLoss(x4, f32(1, 2, 3, 4), x4, { shape: [2, 2], out: { grad3: x4 } }), RangeError, /options.out.grad3 must not be one of the inputs/],
  ['triplet: reduced gradOutput an array', (ml) => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], gradOutput: f32(1, 1) }), TypeError, /options.gradOutput must be a number when the loss is reduced/],
];

for (const { name: build, ml } of builds) {
  const other = builds.find((b) => b.ml !== ml).ml;

  for (const [description, call, ErrorClass, pattern] of [...CASES, ...EMBEDDING_CASES]) {
    test(`${build}: ${description} throws ${ErrorClass.name}`, () => throwsNaming(() => call(ml), ErrorClass, pattern));
  }

  test(`${build}: a failed call leaves the caller's arrays untouched and the module usable`, () => {
    const input = f32(0.5, -1, 2, 0.25);
    const target = i32(1, 7);
    assert.throws(() => ml.multiMarginLoss(input, target, { shape: [2, 2] }), RangeError);
    assert.deepEqual(Array.from(input), [0.5, -1, 2, 0.25]);
    assert.deepEqual(Array.from(target), [1, 7]);
    assertStillCorrect(ml);
  });

  test(`${build}: tripletMarginLoss: every p below 1 or not finite, every eps below 0 or not finite, is a RangeError`, () => {
    for (const p of [1 - 2 ** -52, 0, -1, -Infinity, Infinity, NaN]) {
      throwsNaming(() => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], p }), RangeError, /options.p must be a finite number of at least 1/);
    }
    for (const eps of [-Number.MIN_VALUE, -Infinity, Infinity, NaN]) {
      throwsNaming(() => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], eps }), RangeError, /options.eps must be a finite number of at least 0/);
    }
    for (const margin of [Infinity, -Infinity, NaN]) {
      throwsNaming(() => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], margin }), RangeError, /options.margin must be a finite number/);
    }
    for (const swap of [0, 'true', null, [true]]) {
      throwsNaming(() => ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], swap }), TypeError, /options.swap must be true or false/);
    }
    // The largest eps float32 holds is accepted (it rounds to FLT_MAX), and float64 takes any finite eps.
    assert.equal(ml.tripletMarginLoss(x4, x4, x4, { shape: [2, 2], eps: 3.4028235e38, grad: false }).grad, null);
    assert.equal(ml.tripletMarginLoss(f64(1, 2), f64(1, 2), f64(1, 2), { shape: [2], eps: 1e39, grad: false }).grad, null);
    assertEmbeddingLossesCorrect(ml);
  });

  test(`${build}: cosineEmbeddingLoss labels: 'strict' refuses {0, 1} labels, a 1-D input's one number included`, () => {
    const x = f64(3, 4, 1, 0);
    const y = f64(4, 3, 0, 1);
    throwsNaming(() => ml.cosineEmbeddingLoss(x, y, [1, 0], { shape: [2, 2], labels: 'strict' }), LabelConventionError, /cosineEmbeddingLoss: target\[1\] = 0: \{0, 1\} labels.*map y to 2y - 1/);
    throwsNaming(() => ml.cosineEmbeddingLoss(x.subarray(0, 2), y.subarray(0, 2), 0, { shape: [2], labels: 'strict' }), LabelConventionError, /target\[0\] = 0/);
    // ±1 labels pass, as a number too; 'off' (the default) computes with the {0, 1} labels as PyTorch does.
    assert.equal(typeof ml.cosineEmbeddingLoss(x.subarray(0, 2), y.subarray(0, 2), -1, { shape: [2], labels: 'strict' }).loss, 'number');
    assert.equal(ml.cosineEmbeddingLoss(x, y, [1, 0], { shape: [2, 2], reduction: 'none' }).loss[1], 0);
  });

  test(`${build}: a failed embedding-loss call leaves the caller's arrays and options.out untouched`, () => {
    const a = f32(0.5, -1, 2, 0.25);
    const b = f32(1, 2, -3, 4);
    const c = f32(-2, 0, 1, 1);
    const sentinel = () => f32(7, 7, 7, 7);
    const outs = { loss: f32(7, 7), grad: sentinel(), grad2: sentinel(), grad3: sentinel() };
    const moduleGrad = ml.alloc(Float32Array, 4);
    moduleGrad.array.fill(7);
    // Each fails at a different check: an option, the last out array, a target, the out arrays' kinds.
    throwsNaming(() => ml.tripletMarginLoss(a, b, c, { shape: [2, 2], p: 0.5, reduction: 'none', out: outs }), RangeError, /options.p/);
    throwsNaming(() => ml.tripletMarginLoss(a, b, c, { shape: [2, 2], reduction: 'none', out: { ...outs, grad3: f32(0) } }), RangeError, /options.out.grad3 must have 4 elements/);
    throwsNaming(() => ml.tripletMarginLoss(a, b, c, { shape: [2, 2], out: { grad: moduleGrad, grad2: moduleGrad } }), RangeError, /options.out must hold a different ModuleArray for each result/);
    throwsNaming(() => ml.cosineEmbeddingLoss(a, b, f32(1, -1, 1), { shape: [2, 2], out: { grad: moduleGrad, grad2: outs.grad2 } }), RangeError, /target must have 2 elements/);
    throwsNaming(() => ml.cosineEmbeddingLoss(a, b, f32(1, -1), { shape: [2, 2], reduction: 'none', out: { loss: outs.loss, grad: moduleGrad, grad2: f64(0, 0, 0, 0) } }), TypeError, /options.out.grad2 must be a Float32Array/);
    assert.deepEqual(Array.from(a), [0.5, -1, 2, 0.25]);
    assert.deepEqual(Array.from(b), [1, 2, -3, 4]);
    assert.deepEqual(Array.from(c), [-2, 0, 1, 1]);
    for (const [key, array] of Object.entries(outs)) assert.ok(array.every((v) => v === 7), `options.out.${key} untouched`);
    assert.ok(moduleGrad.array.every((v) => v === 7), 'the ModuleArray options.out.grad untouched');
    moduleGrad.free();
    assertEmbeddingLossesCorrect(ml);
    assertStillCorrect(ml);
  });

  test(`${build}: a view of module memory detached by the call's growth is named as the caller passed it`, async () => {
    // As in memory.test.mjs: a private instance whose memory ends just past a large ModuleArray, so the
    // call's scratch block grows the memory and detaches the view before anything is copied.
    const n = 100_000;
    const rows = new Float32Array(n).fill(0.5);
    for (const role of ['positive', 'negative']) {
      const own = await init({ simd: ml.simd, instance: 'private' });
      own.tripletMarginLoss(rows.subarray(0, 4), rows.subarray(0, 4), rows.subarray(0, 4), { shape: [4] });
      own.alloc(Float32Array, 4_000_000);
      const view = own.alloc(Float32Array, n).array.fill(0.25);
      const inputs = role === 'positive' ? [rows, view, rows] : [rows, rows, view];
      throwsNaming(() => own.tripletMarginLoss(...inputs, { shape: [n / 4, 4] }), TypeError,
        new RegExp(`^tripletMarginLoss: ${role} is a view of module memory, which this call grew`));
    }
  });

  test(`${build}: a detached input, target, weight or gradOutput is a TypeError naming it`, () => {
    const x = f32(0.5, -1);
    throwsNaming(() => ml.softMarginLoss(detached(x), f32()), TypeError, /softMarginLoss: input's buffer is detached/);
    throwsNaming(() => ml.softMarginLoss(x, detached(f32(1, 1))), TypeError, /softMarginLoss: target's buffer is detached/);
    throwsNaming(() => ml.multiMarginLoss(f32(1, 2), detached(Int32Array.of(0)), { shape: [1, 2] }), TypeError, /target's buffer is detached/);
    throwsNaming(() => ml.multiMarginLoss(f32(1, 2), [0], { shape: [1, 2], weight: detached(f32(1, 1)) }), TypeError, /options.weight's buffer is detached/);
    throwsNaming(() => ml.hingeEmbeddingLoss(x, f32(1, 1), { reduction: 'none', gradOutput: detached(f32(1, 1)) }), TypeError, /options.gradOutput's buffer is detached/);
    throwsNaming(() => ml.marginRankingLoss(detached(f64(1)), f64(), f64()), TypeError, /marginRankingLoss: input1's buffer is detached/);
    // An empty array that was never transferred is a legitimate empty batch.
    assert.equal(ml.softMarginLoss(f32(), f32(), { reduction: 'sum' }).loss, 0);
    assert.deepEqual(Array.from(x), [0.5, -1]);
    assertStillCorrect(ml);
  });

  test(`${build}: SharedArrayBuffer-backed arrays are read like ordinary ones`, () => {
    const plain = ml.bceWithLogitsLoss(f64(0.5, -1, 2, 0, 1, -2), f64(1, 0, 1, 0, 1, 1), { shape: [2, 3], weight: f64(1, 2, 3) });
    const fromShared = ml.bceWithLogitsLoss(shared(Float64Array, [0.5, -1, 2, 0, 1, -2]), shared(Float64Array, [1, 0, 1, 0, 1, 1]),
      { shape: [2, 3], weight: shared(Float64Array, [1, 2, 3]) });
    assert.equal(fromShared.loss, plain.loss);
    assert.deepEqual(fromShared.grad, plain.grad);
    assert.ok(!(fromShared.grad.buffer instanceof SharedArrayBuffer), 'results are ordinary arrays');
    const indices = ml.crossEntropyLoss(f32(1, 2, 0.5), shared(Int32Array, [1]), { shape: [3] });
    assert.equal(indices.loss, ml.crossEntropyLoss(f32(1, 2, 0.5), [1], { shape: [3] }).loss);
  });

  test(`${build}: BigInt64Array, Int8Array, Uint8ClampedArray and array-likes are TypeErrors`, () => {
    throwsNaming(() => ml.softMarginLoss(new BigInt64Array(2), f32(1, 1)), TypeError, /input must be a Float32Array or Float64Array .*got BigInt64Array\(2\)/);
    throwsNaming(() => ml.multiMarginLoss(f32(1, 2), new BigInt64Array(1), { shape: [2] }), TypeError, /target must be an Int32Array or an array of integers; got BigInt64Array\(1\)/);
    throwsNaming(() => ml.multiMarginLoss(f32(1, 2), [0n], { shape: [2] }), TypeError, /target\[0\] must be an integer class index; got bigint 0/);
    throwsNaming(() => ml.softMarginLoss(new Uint8ClampedArray(1), f32(1)), TypeError, /got Uint8ClampedArray\(1\)/);
    throwsNaming(() => ml.softMarginLoss({ 0: 1, length: 1 }, f32(1)), TypeError, /input must be .*got Object/);
    throwsNaming(() => ml.softMarginLoss(f32(1), { 0: 1, length: 1 }), TypeError, /target must be a Float32Array .*got Object/);
    throwsNaming(() => ml.softMarginLoss(f32(1), ['1']), TypeError, /target\[0\] must be a number; got string '1'/);
    throwsNaming(() => ml.softMarginLoss(f32(1, 2), new Array(2)), TypeError, /target\[0\] must be a number; got undefined/);
    throwsNaming(() => ml.softMarginLoss(f32(1, 2), [1, undefined]), TypeError, /target\[1\] must be a number; got undefined/);
    throwsNaming(() => ml.softMarginLoss(new DataView(new ArrayBuffer(8)), f32(1)), TypeError, /got DataView/);
    assertStillCorrect(ml);
  });

  test(`${build}: byte labels (Uint8Array, Int8Array) are read as the numbers they hold`, () => {
    const x = f32(0.5, -1, 2);
    assert.deepEqual(ml.softMarginLoss(x, Int8Array.of(1, -1, 1), { reduction: 'none' }), ml.softMarginLoss(x, f32(1, -1, 1), { reduction: 'none' }));
    assert.deepEqual(ml.bceWithLogitsLoss(f64(0.5, -1), Uint8Array.of(1, 0)), ml.bceWithLogitsLoss(f64(0.5, -1), f64(1, 0)));
    throwsNaming(() => ml.softMarginLoss(x, Uint8Array.of(1, 0)), RangeError, /target must have 3 elements .*got Uint8Array\(2\)/);
    throwsNaming(() => ml.softMarginLoss(x, detached(Int8Array.of(1, 1, 1))), TypeError, /target's buffer is detached/);
  });

  test(`${build}: class indices in a float array get the hint to pass an Int32Array`, () => {
    // What tfjs hands over: indices as float32, one per sample, where a float target means probabilities.
    throwsNaming(() => ml.crossEntropyLoss(f32(1, 2, 3, 4, 5, 6), f32(2, 0), { shape: [2, 3] }), RangeError,
      /target is a Float32Array\(2\), read as class probabilities .*pass them as an Int32Array/);
    assert.equal(ml.crossEntropyLoss(f32(1, 2, 3, 4, 5, 6), Int32Array.from(f32(2, 0)), { shape: [2, 3] }).loss,
      ml.crossEntropyLoss(f32(1, 2, 3, 4, 5, 6), [2, 0], { shape: [2, 3] }).loss);
  });

  test(`${build}: shapes: zero, negative, fractional, non-number and beyond-32-bit dimensions`, () => {
    throwsNaming(() => ml.multiMarginLoss(f32(), [], { shape: [0, 0] }), RangeError, /class dimension .* must be at least 1/);
    throwsNaming(() => ml.crossEntropyLoss(f32(), [], { shape: [2, 0] }), RangeError, /class dimension \(options.shape\[1\]\) must be at least 1/);
    throwsNaming(() => ml.softMarginLoss(f32(1, 2), f32(1, 1), { shape: [-1, -2] }), RangeError, /options.shape\[0\] must be a non-negative integer; got number -1/);
    throwsNaming(() => ml.softMarginLoss(f32(1, 2), f32(1, 1), { shape: [NaN] }), RangeError, /options.shape\[0\] must be a non-negative integer; got number NaN/);
    throwsNaming(() => ml.softMarginLoss(f32(1, 2), f32(1, 1), { shape: [Infinity] }), RangeError, /got number Infinity/);
    throwsNaming(() => ml.softMarginLoss(f32(1, 2), f32(1, 1), { shape: ['2'] }), TypeError, /options.shape\[0\] must be a non-negative integer; got string '2'/);
    throwsNaming(() => ml.softMarginLoss(f32(1, 2), f32(1, 1), { shape: [2n] }), TypeError, /got bigint 2/);
    throwsNaming(() => ml.softMarginLoss(f32(1, 2), f32(1, 1), { shape: f32(2) }), TypeError, /options.shape must be an array/);
    // Dimensions whose product is 0 but that do not fit the kernels' 32-bit sizes.
    throwsNaming(() => ml.multilabelSoftMarginLoss(f32(), f32(), { shape: [0, 2 ** 32 + 3] }), RangeError, /options.shape\[1\] = 4294967299 is larger than the module can address/);
    throwsNaming(() => ml.crossEntropyLoss(f32(), [], { shape: [0, 2, 2 ** 40] }), RangeError, /larger than the module can address/);
    assertStillCorrect(ml);
  });

  test(`${build}: class indices, ignoreIndex and weights`, () => {
    const x = f32(1, 2, 0.5, 0, -1, 3);
    const before = Array.from(x);
    throwsNaming(() => ml.crossEntropyLoss(x, [1, NaN], { shape: [2, 3] }), RangeError, /target\[1\] must be an integer class index; got number NaN/);
    throwsNaming(() => ml.crossEntropyLoss(x, [1, 2 ** 31], { shape: [2, 3] }), RangeError, /target\[1\] must be an integer class index/);
    throwsNaming(() => ml.crossEntropyLoss(x, [1, 3], { shape: [2, 3] }), RangeError, /target\[1\] = 3 is out of range/);
    throwsNaming(() => ml.crossEntropyLoss(x, [1, 3], { shape: [2, 3], ignoreIndex: 2 }), RangeError, /target\[1\] = 3 is out of range; .*ignoreIndex \(2\)/);
    throwsNaming(() => ml.crossEntropyLoss(x, [1, 2], { shape: [2, 3], ignoreIndex: NaN }), RangeError, /options.ignoreIndex must be a 32-bit integer; got number NaN/);
    throwsNaming(() => ml.crossEntropyLoss(x, [1, 2], { shape: [2, 3], ignoreIndex: 2 ** 31 }), RangeError, /options.ignoreIndex must be a 32-bit integer/);
    throwsNaming(() => ml.crossEntropyLoss(x, [1, 2], { shape: [2, 3], weight: f64(1, 1, 1) }), TypeError, /options.weight must be a Float32Array/);
    throwsNaming(() => ml.crossEntropyLoss(x, [1, 2], { shape: [2, 3], weight: new Int32Array(3) }), TypeError, /options.weight must be a Float32Array/);
    throwsNaming(() => ml.multilabelSoftMarginLoss(x, x, { shape: [2, 3], weight: [1, 2] }), RangeError, /options.weight must have 3 elements/);
    throwsNaming(() => ml.bceWithLogitsLoss(x, x, { shape: [2, 3], posWeight: [1, 2] }), RangeError, /options.posWeight must have 3 elements/);
    throwsNaming(() => ml.bceWithLogitsLoss(x, x, { shape: [2, 3], weight: [1, 2] }), RangeError, /options.weight must have 6 elements \(one per element, or 3/);
    // ignoreIndex may be a valid class (ignored) or any other value: those targets are skipped.
    const ignored = ml.crossEntropyLoss(x, [1, 255], { shape: [2, 3], ignoreIndex: 255, reduction: 'none' });
    assert.equal(ignored.loss[1], 0);
    assert.deepEqual(Array.from(ignored.grad.subarray(3)), [0, 0, 0]);
    const classIgnored = ml.crossEntropyLoss(x, [1, 1], { shape: [2, 3], ignoreIndex: 1, reduction: 'sum' });
    assert.equal(classIgnored.loss, 0);
    assert.deepEqual(Array.from(x), before);
    assertStillCorrect(ml);
  });

  test(`${build}: p, reduction, unknown options and gradOutput`, () => {
    const x = f32(0.1, 0.2, 0.4, 0.8);
    for (const p of [0, 1.5, NaN, '1', null]) {
      throwsNaming(() => ml.multiMarginLoss(x, [3], { shape: [4], p }), RangeError, /options.p must be 1 or 2/);
    }
    for (const reduction of ['Mean', 'elementwise_mean', 'avg', '', null, 0, true]) {
      throwsNaming(() => ml.softMarginLoss(x, x, { reduction }), RangeError, /options.reduction must be 'none', 'mean' or 'sum'/);
    }
    for (const reduction of ['elementwise_mean', 'avg', 'AVERAGE', 'batchmean', 'Mean']) {
      throwsNaming(() => ml.softMarginLoss(x, x, { reduction }), RangeError, /\(did you mean 'mean'\?\)$/);
    }
    throwsNaming(() => ml.softMarginLoss(x, x, { size_average: false }), TypeError, /unknown option 'size_average'/);
    throwsNaming(() => ml.crossEntropyLoss(x, [3], { shape: [4], ignore_index: 3 }), TypeError, /unknown option 'ignore_index' \(did you mean 'ignoreIndex'\?\)/);
    throwsNaming(() => ml.crossEntropyLoss(x, [3], { shape: [4], label_smoothing: 0.1 }), TypeError, /unknown option 'label_smoothing' \(did you mean 'labelSmoothing'\?\)/);
    throwsNaming(() => ml.multiMarginLoss(x, [3], { shape: [4], weights: [1, 1, 1, 1] }), TypeError, /unknown option 'weights' \(did you mean 'weight'\?\)/);
    throwsNaming(() => ml.softMarginLoss(x, x, { grad: 1 }), TypeError, /options.grad must be true or false/);
    throwsNaming(() => ml.multilabelSoftMarginLoss(x, x, { shape: [2, 2], reduction: 'none', gradOutput: f32(1, 1, 1, 1) }), RangeError, /options.gradOutput must have 2 elements \(one per loss output/);
    throwsNaming(() => ml.multilabelSoftMarginLoss(x, x, { shape: [2, 2], reduction: 'none', gradOutput: f64(1, 1) }), TypeError, /options.gradOutput must be a Float32Array/);
    throwsNaming(() => ml.softMarginLoss(x, x, { reduction: 'sum', gradOutput: '2' }), TypeError, /options.gradOutput must be a number/);
    assert.deepEqual(Array.from(x), [0.1, 0.2, 0.4, 0.8].map(Math.fround));
    assertStillCorrect(ml);
  });

  test(`${build}: ModuleArrays that were freed or belong to another instance, and aliased outputs`, () => {
    const x = ml.alloc(Float32Array, 2);
    x.array.set([0.5, -1]);
    const freed = ml.alloc(Float32Array, 2);
    freed.free();
    throwsNaming(() => ml.softMarginLoss(freed, f32(1, 1)), TypeError, /softMarginLoss: input is a ModuleArray that was freed/);
    throwsNaming(() => ml.softMarginLoss(x, freed), TypeError, /softMarginLoss: target is a ModuleArray that was freed/);
    const grad = ml.alloc(Float32Array, 2);
    grad.free();
    throwsNaming(() => ml.softMarginLoss(x, f32(1, 1), { out: { grad } }), TypeError, /options.out.grad is a ModuleArray that was freed/);

    const foreign = other.alloc(Float32Array, 2);
    foreign.array.set([9, 9]);
    throwsNaming(() => ml.softMarginLoss(foreign, f32(1, 1)), TypeError, /allocated by another init\(\) instance/);
    throwsNaming(() => ml.softMarginLoss(x, foreign), TypeError, /allocated by another init\(\) instance/);
    throwsNaming(() => ml.softMarginLoss(x, f32(1, 1), { reduction: 'none', out: { loss: foreign } }), TypeError, /another init\(\) instance/);
    assert.deepEqual(Array.from(foreign.array), [9, 9]);
    foreign.free();

    const both = ml.alloc(Float32Array, 2);
    both.array.set([7, 7]);
    throwsNaming(() => ml.softMarginLoss(x, f32(1, 1), { reduction: 'none', out: { loss: both, grad: both } }), RangeError, /options.out must hold a different ModuleArray for each result/);
    assert.deepEqual(Array.from(both.array), [7, 7]);
    assert.deepEqual(Array.from(x.array), [0.5, -1]);
    both.free();
    x.free();
    assertStillCorrect(ml);
  });

  test(`${build}: options.out must be ModuleArrays of the right length, apart from the inputs`, () => {
    const x = ml.alloc(Float32Array, 2);
    const tooLong = ml.alloc(Float32Array, 3);
    throwsNaming(() => ml.softMarginLoss(x, f32(1, 1), { out: { grad: x } }), RangeError, /options.out.grad must not be one of the inputs/);
    throwsNaming(() => ml.softMarginLoss(x, f32(1, 1), { out: { grad: tooLong } }), RangeError, /options.out.grad must have 2 elements/);
    throwsNaming(() => ml.softMarginLoss(x, f32(1, 1), { out: { gradient: x } }), TypeError, /unknown key options.out.gradient/);
    throwsNaming(() => ml.alloc(Int8Array, 2), TypeError, /type must be Float32Array, Float64Array or Int32Array; got Int8Array$/);
    throwsNaming(() => ml.alloc(Uint8Array, 2), TypeError, /got Uint8Array$/);
    throwsNaming(() => ml.alloc(new Float32Array(2), 2), TypeError, /got Float32Array\(2\) \(an array: pass its type, e.g. alloc\(Float32Array, n\)\)$/);
    throwsNaming(() => ml.alloc('Float32Array', 2), TypeError, /got string 'Float32Array'$/);
    tooLong.free();
    x.free();
    assertStillCorrect(ml);
  });

  test(`${build}: a ModuleArray larger than wasm32 can address is a RangeError`, () => {
    // (Copying calls of any size stream through a fixed window: streaming.test.mjs.)
    throwsNaming(() => ml.alloc(Float64Array, 2 ** 29), RangeError, /alloc: .* can address at most/);
    assertStillCorrect(ml);
  });
}
