// Module memory and the zero-copy tier. ModuleArrays in module memory go to the kernels by pointer and
// results land in place (options.out); ml.memoryBytes() is the size of the module's memory and follows its
// growth; a copying call on 50,000,000 float64 elements streams through the scratch window and leaves the
// module's memory at most 16 MiB, and so do the embedding losses' calls on 24 MB inputs (a row larger than
// the window grows it by about that row's arrays); 10^5 calls of mixed sizes do not grow it; after growth
// a ModuleArray's `.array` is re-derived, while a view taken earlier is detached, never stale, and refused
// when passed to a call whose scratch block detached it; init({ instance: 'private' }) has a memory of its
// own, refuses other instances' ModuleArrays, and is released with its memory once unreachable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { init } from '../js/index.js';
import { assertAllClose, loadBuilds, seededRandom } from './helpers.mjs';

const builds = await loadBuilds();
const BIG = 50_000_000;
const MiB = 1 << 20;
const sigmoid = (v) => 1 / (1 + Math.exp(-v));

// The size of the module's linear memory, read without memoryBytes(): a ModuleArray's view is a view of
// that memory's buffer.
function linearMemoryBytes(ml) {
  const probe = ml.alloc(Float32Array, 0);
  const bytes = probe.array.buffer.byteLength;
  probe.free();
  return bytes;
}

// PyTorch 1.13 (docs/pytorch-compat.md#values-bce-with-logits): BCEWithLogits on this batch, 'mean' = 0.674601; the gradient's closed
// form is (σ(x) − y) / numel.
const X = [0.5, -1, 2, 0, 1, -2];
const Y = [1, 0, 1, 0, 1, 1];

// The mixed-size calls: every loss, both dtypes, three reductions and three class counts, each a prefix of
// `rows` rows of inputs made once at the largest size (MAX_ELEMENTS), so the calls allocate no input data.
const MAX_ELEMENTS = 4096;
const CLASS_COUNTS = [2, 10, 100];

function callData(Type) {
  const random = seededRandom(Type === Float32Array ? 32 : 64);
  const values = (f) => Type.from({ length: MAX_ELEMENTS }, f);
  const indicesFor = (classes) => {
    // Per class count: one index per row, and per row an index list ended by -1 (multilabelMarginLoss).
    const indices = Int32Array.from({ length: MAX_ELEMENTS }, () => Math.floor(random() * classes));
    const lists = Int32Array.from({ length: MAX_ELEMENTS }, (_, i) => (i % classes < classes / 2 ? indices[i] : -1));
    const bad = indices.slice();
    bad[0] = classes;
    return { indices, lists, bad };
  };
  return {
    x: values(() => 6 * random() - 3),
    x2: values(() => 6 * random() - 3),
    plusMinus: values(() => (random() < 0.5 ? -1 : 1)),
    zeroOne: values(() => (random() < 0.3 ? 1 : 0)),
    soft: values(() => random()),
    weight: values(() => 0.5 + random()),
    byClasses: new Map(CLASS_COUNTS.map((classes) => [classes, indicesFor(classes)])),
    x3: values(() => 6 * random() - 3),
  };
}

// One loss's call on the first `rows` rows of `classes` classes (n = rows × classes elements; the
// elementwise losses get one class; the embedding losses take `classes` as the row length D); `bad`
// gives multiMarginLoss a class index out of range.
const LOSS_CALLS = {
  softMarginLoss: (ml, d, n, rows, classes, reduction) =>
    ml.softMarginLoss(d.x.subarray(0, n), d.plusMinus.subarray(0, n), { reduction }),
  multilabelSoftMarginLoss: (ml, d, n, rows, classes, reduction) => ml.multilabelSoftMarginLoss(
    d.x.subarray(0, n), d.zeroOne.subarray(0, n), { shape: [rows, classes], reduction, weight: d.weight.subarray(0, classes) }),
  multiMarginLoss: (ml, d, n, rows, classes, reduction, bad) => {
    const { indices, bad: badIndices } = d.byClasses.get(classes);
    return ml.multiMarginLoss(d.x.subarray(0, n), (bad ? badIndices : indices).subarray(0, rows),
      { shape: [rows, classes], reduction, p: 2, weight: d.weight.subarray(0, classes) });
  },
  multilabelMarginLoss: (ml, d, n, rows, classes, reduction) =>
    ml.multilabelMarginLoss(d.x.subarray(0, n), d.byClasses.get(classes).lists.subarray(0, n), { shape: [rows, classes], reduction }),
  bceWithLogitsLoss: (ml, d, n, rows, classes, reduction) => ml.bceWithLogitsLoss(d.x.subarray(0, n), d.soft.subarray(0, n),
    { shape: [rows, classes], reduction, weight: d.weight.subarray(0, n), posWeight: d.weight.subarray(0, classes) }),
  crossEntropyLoss: (ml, d, n, rows, classes, reduction) => ml.crossEntropyLoss(d.x.subarray(0, n),
    d.byClasses.get(classes).indices.subarray(0, rows), { shape: [rows, classes], reduction, labelSmoothing: 0.1 }),
  crossEntropyProbabilities: (ml, d, n, rows, classes, reduction) =>
    ml.crossEntropyLoss(d.x.subarray(0, n), d.soft.subarray(0, n), { shape: [rows, classes], reduction }),
  hingeEmbeddingLoss: (ml, d, n, rows, classes, reduction) =>
    ml.hingeEmbeddingLoss(d.x.subarray(0, n), d.plusMinus.subarray(0, n), { reduction }),
  marginRankingLoss: (ml, d, n, rows, classes, reduction) =>
    ml.marginRankingLoss(d.x.subarray(0, n), d.x2.subarray(0, n), d.plusMinus.subarray(0, n), { reduction, margin: 0.1 }),
  cosineEmbeddingLoss: (ml, d, n, rows, classes, reduction) => ml.cosineEmbeddingLoss(d.x.subarray(0, n), d.x2.subarray(0, n),
    d.plusMinus.subarray(0, rows), { shape: [rows, classes], reduction, margin: 0.1 }),
  tripletMarginLoss: (ml, d, n, rows, classes, reduction) => ml.tripletMarginLoss(d.x.subarray(0, n), d.x2.subarray(0, n),
    d.x3.subarray(0, n), { shape: [rows, classes], reduction, p: 1.5, swap: true }),
};

const ELEMENTWISE = ['softMarginLoss', 'hingeEmbeddingLoss', 'marginRankingLoss'];

// Fills `array` with copies of its first `period` elements (doubling copies: each starts at a multiple).
function repeatPeriod(array, period) {
  for (let filled = period; filled < array.length; filled *= 2) {
    array.copyWithin(filled, 0, Math.min(filled, array.length - filled));
  }
}

const VARIANTS = [Float32Array, Float64Array].flatMap((Type) => {
  const data = callData(Type);
  return Object.entries(LOSS_CALLS).flatMap(([loss, lossCall]) => ['none', 'mean', 'sum'].flatMap((reduction) =>
    (ELEMENTWISE.includes(loss) ? [1] : CLASS_COUNTS).map((classes) => ({
      name: `${loss} ${Type.name} ${reduction} C=${classes}`,
      classes,
      maxRows: Math.floor(MAX_ELEMENTS / classes),
      failing: loss === 'multiMarginLoss',
      call: (ml, rows, bad = false) => lossCall(ml, data, rows * classes, rows, classes, reduction, bad),
    }))));
});

for (const { name: build, simd, ml } of builds) {
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
    // docs/pytorch-compat.md#values-soft-margin: SoftMarginLoss 'none' = [0.474077, 0.313262, 0.126928].
    ml.softMarginLoss(x, Float32Array.of(1, -1, 1), { reduction: 'none', grad: false, out: { loss } });
    assertAllClose(loss.array, [0.474077, 0.313262, 0.126928], { rtol: 1e-5, atol: 1e-6 }, 'loss');
    x.free();
    loss.free();
  });

  test(`${build}: a float ModuleArray target selects crossEntropyLoss's probability mode`, () => {
    // docs/pytorch-compat.md#values-cross-entropy: probabilities equal to the one-hot of [1, 2, 0] give the index-mode mean, 0.542955.
    const x = ml.alloc(Float64Array, 9);
    const p = ml.alloc(Float64Array, 9);
    x.array.set([1, 2, 0.5, 0, -1, 3, 2, 2, 2]);
    p.array.set([0, 1, 0, 0, 0, 1, 1, 0, 0]);
    const { loss } = ml.crossEntropyLoss(x, p, { shape: [3, 3] });
    assert.ok(Math.abs(loss - 0.542955) < 1e-6, `loss ${loss}`);
    x.free();
    p.free();
  });

  test(`${build}: memoryBytes() is the size of the module's memory and follows its growth`, async () => {
    const own = await init({ simd, instance: 'private' });
    // emscripten.cmake: -sINITIAL_MEMORY=1MB.
    assert.equal(own.memoryBytes(), MiB);
    assert.equal(ml.memoryBytes(), linearMemoryBytes(ml));
    // 8 MiB in module memory.
    const n = MiB;
    const x = own.alloc(Float64Array, n);
    assert.ok(own.memoryBytes() >= 8 * n, `memory ${own.memoryBytes()}`);
    assert.equal(own.memoryBytes(), linearMemoryBytes(own));
    x.free();
    // `alloc` beyond the memory's size grows it again.
    const before = own.memoryBytes();
    const array = own.alloc(Float64Array, before / 8);
    assert.ok(own.memoryBytes() >= 2 * before, `memory ${own.memoryBytes()}`);
    assert.equal(own.memoryBytes(), linearMemoryBytes(own));
    array.free();
    assert.equal((await init({ simd, labels: 'strict' })).memoryBytes(), ml.memoryBytes(), 'one memory per instance');
  });

  test(`${build}: a copying call on 50,000,000 float64 elements streams, leaving module memory at most 16 MiB`, async () => {
    // On an instance of its own, so that nothing else has grown its memory.
    const ml = await init({ simd, instance: 'private' });
    // x cycles through −3..3, y alternates +1/−1: the mean has a closed form from the counts.
    const x = new Float64Array(BIG);
    const y = new Float64Array(BIG);
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

    // Input, target and gradient are 400 MB each; the module never holds more than a window of them.
    const { loss, grad } = ml.softMarginLoss(x, y);
    assert.ok(ml.memoryBytes() <= 16 * MiB, `memory grew to ${ml.memoryBytes()} bytes`);
    assert.ok(Math.abs(loss - expected) <= 1e-12 * expected, `mean ${loss}, expected ${expected}`);
    assert.equal(grad.length, BIG);
    for (const i of [0, 1, 6, 13, BIG - 1]) {
      const yi = y[i];
      const want = -yi / (1 + Math.exp(yi * x[i])) / BIG;
      assert.ok(Math.abs(grad[i] - want) <= 1e-12 * Math.abs(want), `grad[${i}] = ${grad[i]}, expected ${want}`);
    }

    // Again into the caller's gradient array, and 'none': no further growth.
    const memory = ml.memoryBytes();
    const again = ml.softMarginLoss(x, y, { out: { grad } });
    assert.equal(again.loss, loss);
    assert.equal(again.grad, grad);
    const none = ml.softMarginLoss(x, y, { reduction: 'none', grad: false });
    const last = sp(-y[BIG - 1] * x[BIG - 1]);
    assert.ok(Math.abs(none.loss[BIG - 1] - last) <= 1e-14 * last, `loss[${BIG - 1}] = ${none.loss[BIG - 1]}, expected ${last}`);
    assert.equal(ml.memoryBytes(), memory, 'memory grew on a repeated call');
  });

  test(`${build}: the embedding losses' copying calls on 24 MB inputs stream too, leaving module memory at most 16 MiB`, async () => {
    const ml = await init({ simd, instance: 'private' });
    const dim = 6;
    // docs/pytorch-compat.md#values-cosine-embedding, padded with zeros to D = 6 and repeated: margin 0.25,
    // 'none' [0.04, 0.71, 0, 0] up to ε, so 'mean' 0.1875, and the gradients of the doc ÷ N.
    const pairs = 1_000_000;
    const x1 = new Float32Array(pairs * dim);
    const x2 = new Float32Array(pairs * dim);
    const y = new Float32Array(pairs);
    [[[3, 4], [4, 3], 1], [[3, 4], [4, 3], -1], [[1, 0], [0, 1], -1], [[3, 4], [4, 3], 0]].forEach(([a, b, label], r) => {
      x1.set(a, r * dim);
      x2.set(b, r * dim);
      y[r] = label;
    });
    for (const [array, period] of [[x1, 4 * dim], [x2, 4 * dim], [y, 4]]) repeatPeriod(array, period);
    const cosine = ml.cosineEmbeddingLoss(x1, x2, y, { shape: [pairs, dim], margin: 0.25 });
    assert.ok(ml.memoryBytes() <= 16 * MiB, `memory grew to ${ml.memoryBytes()} bytes`);
    assertAllClose([cosine.loss], [0.1875], { rtol: 1e-6, atol: 0 }, 'cosineEmbeddingLoss mean');
    const firstRows = [-0.0448, 0.0336, 0.0448, -0.0336, 0, 0, 0, 0];
    for (const start of [0, pairs - 4]) {
      const rowsOf = (grad) => Array.from({ length: 4 }, (_, r) => Array.from(grad.subarray((start + r) * dim, (start + r) * dim + 2))).flat();
      assertAllClose(rowsOf(cosine.grad), firstRows.map((v) => v / pairs), { rtol: 1e-5, atol: 1e-16 }, `grad from row ${start}`);
      assertAllClose(rowsOf(cosine.grad2), [0.0336, -0.0448, -0.0336, 0.0448, 0, 0, 0, 0].map((v) => v / pairs),
        { rtol: 1e-5, atol: 1e-16 }, `grad2 from row ${start}`);
    }

    // docs/pytorch-compat.md#values-triplet-margin (eps 0, margin 2), padded and repeated: 'none' [1, 0, 2], 'mean' 1.
    const triplets = 999_999;
    const [anchor, positive, negative] = [0, 1, 2].map(() => new Float32Array(triplets * dim));
    const basic = [[[0, 0], [3, 4], [0, 6]], [[1, 1], [1, 2], [4, 5]], [[0, 0], [0, -1], [1, 0]]];
    basic.forEach((rows, r) => [anchor, positive, negative].forEach((array, k) => array.set(rows[k], r * dim)));
    for (const array of [anchor, positive, negative]) repeatPeriod(array, 3 * dim);
    const triplet = ml.tripletMarginLoss(anchor, positive, negative, { shape: [triplets, dim], margin: 2, eps: 0 });
    assert.ok(ml.memoryBytes() <= 16 * MiB, `memory grew to ${ml.memoryBytes()} bytes`);
    assertAllClose([triplet.loss], [1], { rtol: 1e-6, atol: 0 }, 'tripletMarginLoss mean');
    const last = (triplets - 3) * dim;
    for (const [key, want] of [['grad', [-0.6, 0.2, 0, 0, 1, 1]], ['grad2', [0.6, 0.8, 0, 0, 0, -1]], ['grad3', [0, -1, 0, 0, -1, 0]]]) {
      const got = [0, 1, 2].flatMap((r) => Array.from(triplet[key].subarray(last + r * dim, last + r * dim + 2)));
      assertAllClose(got, want.map((v) => v / triplets), { rtol: 1e-5, atol: 1e-16 }, `${key} of the last three rows`);
    }
  });

  test(`${build}: a row larger than the window: the scratch grows to about one row's arrays, not the call's`, async () => {
    const ml = await init({ simd, instance: 'private' });
    // Four pairs of 10^6 float32 each: x1 = (1, 0, 1, 0, …) against x2 = (0, 1, 0, 1, …) (cos 0, y = 1: loss 1,
    // gradient −x2/(|x1|·|x2|) = −x2/(D/2)), then x1 against itself (loss 0 up to rounding).
    const dim = 1_000_000;
    const rows = 4;
    const alternating = Float32Array.from({ length: dim }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const shifted = Float32Array.from({ length: dim }, (_, i) => (i % 2 === 0 ? 0 : 1));
    const x1 = new Float32Array(rows * dim);
    const x2 = new Float32Array(rows * dim);
    for (let r = 0; r < rows; r++) {
      x1.set(alternating, r * dim);
      x2.set(r % 2 === 0 ? shifted : alternating, r * dim);
    }
    const { loss, grad, grad2 } = ml.cosineEmbeddingLoss(x1, x2, Float32Array.of(1, 1, 1, 1), { shape: [rows, dim] });
    // x1, x2 and the two gradients, one row of each (the whole call's arrays are four times that).
    const rowBytes = 4 * dim * Float32Array.BYTES_PER_ELEMENT;
    assert.ok(ml.memoryBytes() <= rowBytes + 4 * MiB, `memory grew to ${ml.memoryBytes()} bytes; one row's arrays are ${rowBytes}`);
    assertAllClose([loss], [0.5], { rtol: 1e-6, atol: 0 }, 'mean');
    // 'mean' over 4 pairs: −x2/(D/2)/4 in the orthogonal rows.
    for (const i of [0, 1, 2 * dim, 2 * dim + 1, 3 * dim - 1]) {
      assertAllClose([grad[i]], [-shifted[i % dim] / (2 * dim)], { rtol: 1e-5, atol: 1e-12 }, `grad[${i}]`);
      assertAllClose([grad2[i]], [-alternating[i % dim] / (2 * dim)], { rtol: 1e-5, atol: 1e-12 }, `grad2[${i}]`);
    }
  });

  test(`${build}: 10^5 calls of mixed sizes, every loss and dtype, do not grow the module's memory`, () => {
    // One warm-up pass at the largest size of every variant sizes the scratch block; every later call
    // needs no more. The answers of that pass, asked again at the end, show no state drifted.
    const largest = VARIANTS.map((variant) => variant.call(ml, variant.maxRows));
    const before = ml.memoryBytes();
    assert.equal(before, linearMemoryBytes(ml));
    const random = seededRandom(12);
    for (let i = 0; i < 100_000; i++) {
      const variant = VARIANTS[Math.floor(random() * VARIANTS.length)];
      // Log-uniform in [1, MAX_ELEMENTS] elements, as whole rows.
      const elements = Math.round(MAX_ELEMENTS ** random());
      const rows = Math.min(variant.maxRows, Math.max(1, Math.floor(elements / variant.classes)));
      if (variant.failing && random() < 0.05) {
        // A call the kernel rejects (a class index out of range) must not leak its scratch either.
        assert.throws(() => variant.call(ml, rows, true), /out of range/);
      } else {
        variant.call(ml, rows);
      }
    }
    assert.equal(ml.memoryBytes(), before, 'memory grew during 10^5 calls of mixed sizes');
    VARIANTS.forEach((variant, k) => assert.deepEqual(variant.call(ml, variant.maxRows), largest[k], variant.name));
  });

  test(`${build}: alloc/free cycles reuse memory, and ModuleArrays stay live across growth`, () => {
    const x = ml.alloc(Float64Array, 3);
    const grad = ml.alloc(Float64Array, 3);
    x.array.set([0.5, -1, 2]);
    const before = ml.memoryBytes();
    for (let i = 0; i < 10_000; i++) ml.alloc(Float64Array, 1 + (i % 100)).free();
    assert.equal(ml.memoryBytes(), before, 'alloc/free cycles grew memory');
    // Force growth beyond everything allocated so far: the view taken before is detached by memory.grow,
    // `.array` is re-derived with the same data, and the old ModuleArrays still work by pointer.
    const viewBefore = x.array;
    const big = ml.alloc(Float32Array, ml.memoryBytes() / 4 + 1_000_000);
    assert.ok(ml.memoryBytes() > before);
    assert.equal(viewBefore.length, 0, 'the old view was detached by memory.grow');
    assert.deepEqual(Array.from(x.array), [0.5, -1, 2]);
    const { loss } = ml.softMarginLoss(x, Float64Array.of(1, -1, 1), { reduction: 'sum', out: { grad } });
    assert.ok(Math.abs(loss - 0.914267) < 1e-6, `loss ${loss}`); // docs/pytorch-compat.md#values-soft-margin
    assert.deepEqual(Array.from(grad.array, (v) => Number(v.toFixed(6))), [-0.377541, 0.268941, -0.119203]);
    big.free();
    x.free();
    grad.free();
    assert.throws(() => x.array, /was freed/);
  });

  test(`${build}: a view of module memory that the scratch window's growth detaches is refused, as input or options.out`, async () => {
    // A private instance whose memory ends just past a large ModuleArray, so that the first call needing
    // more than its small scratch block grows the memory, detaching every view of it.
    const n = 100_000;
    const x = new Float32Array(n).fill(0.5);
    const y = new Float32Array(n).fill(1);
    for (const role of ['input', 'options.out.grad']) {
      const own = await init({ simd, instance: 'private' });
      own.softMarginLoss(x.subarray(0, 4), y.subarray(0, 4));
      own.alloc(Float32Array, 4_000_000);
      const view = own.alloc(Float32Array, n).array.fill(0.5);
      const before = own.memoryBytes();
      const call = role === 'input' ? () => own.softMarginLoss(view, y) : () => own.softMarginLoss(x, y, { out: { grad: view } });
      assert.throws(call, new RegExp(`softMarginLoss: ${role} is a view of module memory, which this call grew`));
      assert.ok(own.memoryBytes() > before, 'the call grew the memory');
    }
  });

  test(`${build}: init({ instance: 'private' }) is an instance of its own, refusing other instances' ModuleArrays`, async () => {
    const own = await init({ simd, instance: 'private' });
    const other = await init({ simd, instance: 'private', labels: 'strict' });
    assert.notEqual(own, ml);
    assert.notEqual(own, other);
    assert.equal(own.simd, simd);
    assert.equal(other.labels, 'strict');
    assert.equal(await init({ simd }), ml, 'other init() calls still share theirs');
    assert.equal(await init({ simd, instance: 'shared' }), ml);
    // Growing one instance's memory leaves the others' as they were.
    const sharedBytes = ml.memoryBytes();
    const otherBytes = other.memoryBytes();
    own.alloc(Float32Array, 4 * MiB);
    assert.ok(own.memoryBytes() > 16 * MiB);
    assert.equal(ml.memoryBytes(), sharedBytes);
    assert.equal(other.memoryBytes(), otherBytes);
    // A ModuleArray is refused as input, target or output by every instance but its own (its pointer
    // would address unrelated data there), and works in its own.
    const x = own.alloc(Float64Array, 3);
    const y = own.alloc(Float64Array, 3);
    const grad = own.alloc(Float64Array, 3);
    x.array.set([0.5, -1, 2]);
    y.array.set([1, -1, 1]);
    const sharedX = ml.alloc(Float64Array, 3);
    const plainX = Float64Array.of(0.5, -1, 2);
    const plainY = Float64Array.of(1, -1, 1);
    for (const instance of [ml, other]) {
      assert.throws(() => instance.softMarginLoss(x, plainY), /allocated by another init\(\) instance/);
      assert.throws(() => instance.softMarginLoss(plainX, y), /allocated by another init\(\) instance/);
      assert.throws(() => instance.softMarginLoss(plainX, plainY, { out: { grad } }), /allocated by another init\(\) instance/);
    }
    assert.throws(() => own.softMarginLoss(sharedX, plainY), /allocated by another init\(\) instance/);
    // docs/pytorch-compat.md#values-soft-margin: SoftMarginLoss 'sum' = 0.914267, gradient −y·σ(−y·x).
    const { loss } = own.softMarginLoss(x, y, { reduction: 'sum', out: { grad } });
    assert.ok(Math.abs(loss - 0.914267) < 1e-6, `loss ${loss}`);
    assertAllClose(grad.array, [-0.377541, 0.268941, -0.119203], { rtol: 0, atol: 1e-6 }, 'grad');
    for (const a of [x, y, grad, sharedX]) a.free();
  });
}

// Whether a dropped private instance gives its memory back, in a process of its own where nothing else
// holds memory: the instance grows to ~200 MB by alloc() (a copying call streams through a small window
// instead), makes a copying call, then every reference to it is dropped.
// The memory's buffer being finalized, and the process's external memory (where V8 counts WebAssembly
// memories) falling by the grown size, both show the release.
test("a private instance is released with its memory once unreachable", () => {
  const code = `
    import { init } from ${JSON.stringify(new URL('../js/index.js', import.meta.url).href)};
    const shared = await init();
    let finalized = false;
    const registry = new FinalizationRegistry(() => { finalized = true; });
    // Input, target and gradient of the call stay alive throughout, so only the instance can be released.
    const n = 16_000_000;
    const x = new Float32Array(n).fill(0.5);
    const y = new Float32Array(n).fill(1);
    let result;
    async function growPrivateInstance() {
      const own = await init({ instance: 'private' });
      // Written, so its pages are resident (RSS is what the test watches fall).
      const big = own.alloc(Float32Array, 3 * n);
      big.array.fill(1);
      big.free();
      result = own.softMarginLoss(x, y);
      const probe = own.alloc(Float32Array, 1);
      registry.register(probe.array.buffer, 'memory');
      probe.free();
      return { grown: own.memoryBytes(), held: process.memoryUsage().rss };
    }
    const { grown, held } = await growPrivateInstance();
    // V8 frees a collected memory's pages a collection or two after finalizing its buffer.
    // Resident memory, not 'external': Node 26 no longer counts WebAssembly memories there.
    const released = () => held - process.memoryUsage().rss;
    for (let i = 0; i < 20 && !(finalized && released() >= grown - ${MiB}); i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    shared.softMarginLoss(x.subarray(0, 4), y.subarray(0, 4));
    console.log(JSON.stringify({ grown, released: released(), finalized, grad: result.grad.length }));`;
  const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const { grown, released, finalized, grad } = JSON.parse(child.stdout);
  assert.ok(grown >= 3 * 4 * 16_000_000, `the private instance grew to ${grown} bytes`);
  assert.equal(grad, 16_000_000);
  assert.ok(finalized, "the private instance's memory was not finalized");
  // Within a MiB: the process's other allocations move a little meanwhile.
  assert.ok(released >= grown - MiB, `resident memory fell by ${released} bytes; the instance had ${grown}`);
});
