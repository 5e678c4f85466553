// Module memory and the zero-copy tier. ModuleArrays in module memory go to the kernels by pointer and
// results land in place (options.out); a 50,000,000-element float32 call works (memory grows) and the
// grown memory is reused afterwards; 10^5 consecutive calls do not grow it; after growth a ModuleArray's
// `.array` is re-derived, while a view taken earlier is detached, never stale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertAllClose, loadBuilds } from './helpers.mjs';

const builds = await loadBuilds();
const BIG = 50_000_000;
const sigmoid = (v) => 1 / (1 + Math.exp(-v));

// The size of the module's linear memory: a ModuleArray's view is a view of that memory's buffer.
function memoryBytes(ml) {
  const probe = ml.alloc(Float32Array, 0);
  const bytes = probe.array.buffer.byteLength;
  probe.free();
  return bytes;
}

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

  test(`${build}: a 50,000,000-element float32 call works, and the grown memory is reused`, () => {
    // x cycles through −3..3, y alternates +1/−1: the mean has a closed form from the counts.
    const x = new Float32Array(BIG);
    const y = new Float32Array(BIG);
    for (let i = 0; i < 14; i++) {
      x[i] = (i % 7) - 3;
      y[i] = i % 2 ? -1 : 1;
    }
    // Doubling copies keep the period of 14 (each copied block starts at a multiple of 14).
    for (let filled = 14; filled < BIG; filled *= 2) {
      x.copyWithin(filled, 0, Math.min(filled, BIG - filled));
      y.copyWithin(filled, 0, Math.min(filled, BIG - filled));
    }
    const sp = (z) => Math.log1p(Math.exp(z));
    let expected = 0;
    // i mod 14 decides both x and y; BIG = 14·3,571,428 + 8.
    const full = Math.floor(BIG / 14);
    for (let r = 0; r < 14; r++) {
      const count = full + (r < BIG - 14 * full ? 1 : 0);
      expected += count * sp(-(r % 2 ? -1 : 1) * ((r % 7) - 3));
    }
    expected /= BIG;

    const viewBefore = ml.alloc(Float32Array, 4);
    viewBefore.array.set([1, 2, 3, 4]);
    const staleCandidate = viewBefore.array;
    const before = memoryBytes(ml);
    const { loss, grad } = ml.softMarginLoss(x, y);
    const grown = memoryBytes(ml);
    assert.ok(grown >= 3 * 4 * BIG && grown > before, `memory grew from ${before} to ${grown}`);
    assert.ok(Math.abs(loss - expected) <= 1e-6 * expected, `mean ${loss}, expected ${expected}`);
    assert.equal(grad.length, BIG);
    for (const i of [0, 1, 6, 13, BIG - 1]) {
      const yi = y[i];
      const want = -yi / (1 + Math.exp(yi * x[i])) / BIG;
      assert.ok(Math.abs(grad[i] - want) <= 1e-6 * Math.abs(want), `grad[${i}] = ${grad[i]}, expected ${want}`);
    }

    // After growth, a view taken earlier is detached (reads nothing), never stale; the ModuleArray
    // re-derives a live view with the same data.
    assert.equal(staleCandidate.length, 0);
    assert.deepEqual(Array.from(viewBefore.array), [1, 2, 3, 4]);
    viewBefore.free();

    // The same call again, and a smaller one, reuse the grown scratch block.
    const again = ml.softMarginLoss(x, y, { grad: false });
    assert.equal(again.loss, loss);
    ml.hingeEmbeddingLoss(x.subarray(0, 1000), y.subarray(0, 1000));
    assert.equal(memoryBytes(ml), grown, 'memory did not grow on the repeated call');
  });

  test(`${build}: 10^5 consecutive calls of every loss do not grow the module's memory`, () => {
    const x = Float64Array.from({ length: 64 }, (_, i) => Math.sin(i));
    const x32 = Float32Array.from(x);
    const ones = new Float64Array(64).fill(1);
    const indices = Int32Array.from({ length: 8 }, (_, i) => i % 8);
    const list = Int32Array.from({ length: 64 }, (_, i) => (i % 8 === 0 ? i % 7 : -1));
    const calls = [
      () => ml.softMarginLoss(x, ones),
      () => ml.multilabelSoftMarginLoss(x32, Float32Array.from(ones), { shape: [8, 8], weight: new Float32Array(8).fill(2) }),
      () => ml.multiMarginLoss(x, indices, { shape: [8, 8], p: 2 }),
      () => ml.multilabelMarginLoss(x, list, { shape: [8, 8], reduction: 'none' }),
      () => ml.bceWithLogitsLoss(x, ones, { shape: [8, 8], posWeight: ones.subarray(0, 8) }),
      () => ml.crossEntropyLoss(x32, indices, { shape: [8, 8], labelSmoothing: 0.1 }),
      () => ml.crossEntropyLoss(x, ones, { shape: [8, 8] }),
      () => ml.hingeEmbeddingLoss(x, ones, { reduction: 'sum' }),
      () => ml.marginRankingLoss(x, ones, ones, { reduction: 'none' }),
      () => assert.throws(() => ml.multiMarginLoss(x, Int32Array.of(0, 0, 0, 0, 0, 0, 0, 99), { shape: [8, 8] }), RangeError),
    ];
    const first = calls.map((call) => call());
    const before = memoryBytes(ml);
    for (let i = 0; i < 100_000; i++) calls[i % calls.length]();
    assert.equal(memoryBytes(ml), before, 'memory grew during 10^5 calls');
    // And the answers did not drift.
    calls.forEach((call, k) => assert.deepEqual(call(), first[k]));
  });

  test(`${build}: alloc/free cycles reuse memory, and ModuleArrays stay live across growth`, () => {
    const x = ml.alloc(Float64Array, 3);
    const grad = ml.alloc(Float64Array, 3);
    x.array.set([0.5, -1, 2]);
    const before = memoryBytes(ml);
    for (let i = 0; i < 10_000; i++) ml.alloc(Float64Array, 1 + (i % 100)).free();
    assert.equal(memoryBytes(ml), before, 'alloc/free cycles grew memory');
    // Force growth beyond everything allocated so far: the view taken before is detached by memory.grow,
    // `.array` is re-derived with the same data, and the old ModuleArrays still work by pointer.
    const viewBefore = x.array;
    const big = ml.alloc(Float32Array, memoryBytes(ml) / 4 + 1_000_000);
    assert.ok(memoryBytes(ml) > before);
    assert.equal(viewBefore.length, 0, 'the old view was detached by memory.grow');
    assert.deepEqual(Array.from(x.array), [0.5, -1, 2]);
    const { loss } = ml.softMarginLoss(x, Float64Array.of(1, -1, 1), { reduction: 'sum', out: { grad } });
    assert.ok(Math.abs(loss - 0.914267) < 1e-6, `loss ${loss}`); // reference doc §1
    assert.deepEqual(Array.from(grad.array, (v) => Number(v.toFixed(6))), [-0.377541, 0.268941, -0.119203]);
    big.free();
    x.free();
    grad.free();
    assert.throws(() => x.array, /was freed/);
  });
}
