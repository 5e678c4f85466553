// The zero-copy tier: ModuleArrays in module memory go to the kernels by pointer, results land in
// place, and `.array` stays a live view across memory growth.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAllClose, loadBuilds } from './helpers.mjs';

const builds = await loadBuilds();
const sigmoid = (v) => 1 / (1 + Math.exp(-v));

// PyTorch 1.13 (reference doc §5): BCEWithLogits on this batch, 'mean' = 0.674601; the gradient's closed
// form is (σ(x) − y) / numel.
const X = [0.5, -1, 2, 0, 1, -2];
const Y = [1, 0, 1, 0, 1, 1];

for (const { name: build, ml } of builds) {
  test(`${build}: losses read ModuleArrays and write options.out in place`, () => {
    const x = ml.alloc(Float64Array, 6);
    const y = ml.alloc(Float64Array, 6);
    const grad = ml.alloc(Float64Array, 6);
    x.array.set(X);
    y.array.set(Y);
    const result = ml.bceWithLogitsLoss(x, y, { shape: [2, 3], out: { grad } });
    assert.ok(Math.abs(result.loss - 0.674601) < 1e-6, `loss ${result.loss}`);
    assert.equal(result.grad, grad);
    assertAllClose(grad.array, X.map((v, i) => (sigmoid(v) - Y[i]) / 6), { rtol: 1e-12, atol: 1e-15 }, 'grad');
    for (const a of [x, y, grad]) a.free();
  });

  test(`${build}: 'none' losses can land in a ModuleArray too`, () => {
    const x = ml.alloc(Float32Array, 3);
    const loss = ml.alloc(Float32Array, 3);
    x.array.set([0.5, -1, 2]);
    // Reference doc §1: SoftMarginLoss 'none' = [0.474077, 0.313262, 0.126928].
    ml.softMarginLoss(x, Float32Array.of(1, -1, 1), { reduction: 'none', grad: false, out: { loss } });
    assertAllClose(loss.array, [0.474077, 0.313262, 0.126928], { rtol: 1e-5, atol: 1e-6 }, 'loss');
    x.free();
    loss.free();
  });

  test(`${build}: .array is re-derived after memory growth, never detached`, () => {
    const x = ml.alloc(Float32Array, 4);
    x.array.set([1, 2, 3, 4]);
    const before = x.array;
    const big = ml.alloc(Float32Array, 8_000_000);
    assert.equal(before.length, 0, 'the old view was detached by memory.grow');
    assert.deepEqual(Array.from(x.array), [1, 2, 3, 4]);
    big.free();
    x.free();
    assert.throws(() => x.array, /was freed/);
  });

  test(`${build}: options.out is checked`, () => {
    const x = ml.alloc(Float32Array, 2);
    assert.throws(() => ml.softMarginLoss(x, Float32Array.of(1, 1), { out: { grad: x } }), /must not be one of the inputs/);
    assert.throws(() => ml.softMarginLoss(x, Float32Array.of(1, 1), { out: { grad: ml.alloc(Float32Array, 3) } }),
      /options.out.grad must have 2 elements/);
    assert.throws(() => ml.softMarginLoss(x, Float32Array.of(1, 1), { out: { gradient: x } }), /unknown key options.out.gradient/);
    assert.throws(() => ml.alloc(Int8Array, 2), /type must be Float32Array, Float64Array or Int32Array/);
    x.free();
  });
}

for (const { name: build, ml } of builds) {
  test(`${build}: a float ModuleArray target selects crossEntropyLoss's probability mode`, () => {
    // Reference doc §6: probabilities equal to the one-hot of [1, 2, 0] give the index-mode mean, 0.542955.
    const x = ml.alloc(Float64Array, 9);
    const p = ml.alloc(Float64Array, 9);
    x.array.set([1, 2, 0.5, 0, -1, 3, 2, 2, 2]);
    p.array.set([0, 1, 0, 0, 0, 1, 1, 0, 0]);
    const { loss } = ml.crossEntropyLoss(x, p, { shape: [3, 3] });
    assert.ok(Math.abs(loss - 0.542955) < 1e-6, `loss ${loss}`);
    x.free();
    p.free();
  });
}
