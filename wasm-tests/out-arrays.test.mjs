// options.out with plain typed arrays: a training loop reuses its own result arrays and allocates nothing
// per call. Results equal a fresh call's (whose values the parity suites check against PyTorch), the
// caller's arrays are returned, and a failed call writes nothing into them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { init } from '../js/index.js';
import { loadBuilds } from './helpers.mjs';

for (const { name, ml } of await loadBuilds()) {
  test(`${name}: options.out takes typed arrays, returns them and leaves them untouched on every error`, async () => {
    const x = Float32Array.of(0.5, -1, 2), y = Float32Array.of(1, -1, 1);
    const fresh = ml.softMarginLoss(x, y);
    const grad = new Float32Array(3);
    const r = ml.softMarginLoss(x, y, { out: { grad } });
    assert.equal(r.grad, grad); assert.deepEqual(grad, fresh.grad); assert.equal(r.loss, fresh.loss);
    // reduced loss into a 1-element array
    const l1 = new Float32Array(1);
    const r2 = ml.softMarginLoss(x, y, { out: { loss: l1, grad } });
    assert.equal(r2.loss, fresh.loss); assert.equal(l1[0], fresh.loss);
    // none
    const ln = new Float32Array(3);
    const none = ml.softMarginLoss(x, y, { reduction: 'none' });
    const r3 = ml.softMarginLoss(x, y, { reduction: 'none', out: { loss: ln } });
    assert.equal(r3.loss, ln); assert.deepEqual(ln, none.loss);
    // large
    const n = 100000; const X = new Float64Array(n).map((_, i) => Math.sin(i)); const Y = new Float64Array(n).map((_, i) => (i % 3 ? 1 : -1));
    const G = new Float64Array(n); const f = ml.hingeEmbeddingLoss(X, Y);
    const r4 = ml.hingeEmbeddingLoss(X, Y, { out: { grad: G } }); assert.equal(r4.grad, G); assert.deepEqual(G, f.grad);
    // ranking with grad2
    const g1 = new Float64Array(2), g2 = new Float64Array(2);
    const rk = ml.marginRankingLoss(Float64Array.of(1, 2), Float64Array.of(2, 1), Float64Array.of(1, 1), { margin: 0.5, out: { grad: g1, grad2: g2 } });
    assert.equal(rk.grad, g1); assert.equal(rk.grad2, g2); assert.deepEqual([...g1, ...g2], [-0.5, -0, 0.5, 0]);
    // mixed: ModuleArray grad + typed loss
    const mg = ml.alloc(Float32Array, 3); const r5 = ml.softMarginLoss(x, y, { reduction: 'none', out: { grad: mg, loss: ln } });
    assert.equal(r5.grad, mg); assert.deepEqual(mg.array, fresh.grad.map((v) => v * 3)); mg.free();
    // errors: nothing written
    const sentinel = new Float32Array(3).fill(7);
    const cases = [
      [{ out: { grad: new Float64Array(3) } }, TypeError, /softMarginLoss: options.out.grad must be a Float32Array \(the input's dtype\) or a ModuleArray of one; got Float64Array\(3\)/],
      [{ out: { grad: new Float32Array(4) } }, RangeError, /options.out.grad must have 3 elements; got Float32Array\(4\)/],
      [{ out: { grad: x } }, RangeError, /options.out.grad must not be one of the inputs/],
      [{ out: { loss: sentinel, grad: sentinel }, reduction: 'none' }, RangeError, /options.out must hold a different array for each result/],
      [{ out: { grad: sentinel }, grad: false }, RangeError, /gradient array but options.grad is false/],
      [{ out: { grad: [0, 0, 0] } }, TypeError, /options.out.grad must be a Float32Array/],
      [{ out: { grad2: sentinel } }, TypeError, /unknown key options.out.grad2; valid keys are loss, grad$/],
      [{ out: sentinel }, TypeError, /options.out must be an object of typed arrays or ModuleArrays, e.g. { grad }; got Float32Array\(3\)/],
    ];
    for (const [opts, E, re] of cases) assert.throws(() => ml.softMarginLoss(x, y, opts), (e) => e.constructor === E && re.test(e.message) || assert.fail(e.message));
    assert.deepEqual([...sentinel], [7, 7, 7]);
    // kernel failure (target out of range) writes nothing to a typed out
    const g = new Float32Array(4).fill(7);
    assert.throws(() => ml.multiMarginLoss(Float32Array.of(1, 2, 3, 4), Int32Array.of(0, 5), { shape: [2, 2], out: { grad: g } }), /target\[1\] = 5 is out of range/);
    assert.deepEqual([...g], [7, 7, 7, 7]);
    // detached typed out
    const d = new Float32Array(3); structuredClone(d.buffer, { transfer: [d.buffer] });
    assert.throws(() => ml.softMarginLoss(x, y, { out: { grad: d } }), /options.out.grad's buffer is detached/);
    // a view of module memory that the call's growth detaches: a fresh instance whose memory alloc() filled,
    // so the call's scratch window grows it
    const own = await init({ simd: ml.simd, instance: 'private' });
    const held = own.alloc(Float32Array, 4e6); const v = held.array.subarray(0, 100_000);
    const bx = new Float32Array(100_000), by = new Float32Array(100_000).fill(1);
    assert.throws(() => own.softMarginLoss(bx, by, { out: { grad: v } }), /options.out.grad is a view of module memory/);
    // ModuleArray target out of range names the entry (was an internal-looking Error)
    const t = ml.alloc(Int32Array, 2); t.array.set([0, 5]);
    assert.throws(() => ml.multiMarginLoss(Float32Array.of(1, 2, 3, 4), t, { shape: [2, 2] }), { name: 'RangeError', message: /target\[1\] = 5 is out of range/ });
    t.free();
    // gradOutput aliasing an out array
    const go = Float32Array.of(1, 1, 1);
    assert.throws(() => ml.softMarginLoss(x, y, { reduction: 'none', gradOutput: go, out: { loss: go } }), /must not be one of the inputs/);
  });

  test(`${name}: the embedding losses write options.out (typed arrays and ModuleArrays), grad3 included`, () => {
    // cosineEmbeddingLoss: grad2 in a ModuleArray, the reduced loss in a one-element array.
    const x1 = Float64Array.of(3, 4, 1, 0, 1, 2), x2 = Float64Array.of(4, 3, 0, 1, -2, 1), y = Float64Array.of(1, -1, 1);
    const pairOptions = { shape: [3, 2], margin: -0.5 };
    const pairs = ml.cosineEmbeddingLoss(x1, x2, y, pairOptions);
    const g1 = new Float64Array(6), g2 = ml.alloc(Float64Array, 6), l1 = new Float64Array(1);
    const c = ml.cosineEmbeddingLoss(x1, x2, y, { ...pairOptions, out: { loss: l1, grad: g1, grad2: g2 } });
    assert.equal(c.grad, g1); assert.equal(c.grad2, g2); assert.equal(c.loss, pairs.loss); assert.equal(l1[0], pairs.loss);
    assert.deepEqual(g1, pairs.grad); assert.deepEqual(g2.array, pairs.grad2);
    // 'none' into a ModuleArray, without gradients
    const lm = ml.alloc(Float64Array, 3);
    const cn = ml.cosineEmbeddingLoss(x1, x2, y, { ...pairOptions, reduction: 'none', grad: false, out: { loss: lm } });
    assert.equal(cn.loss, lm); assert.deepEqual(lm.array, ml.cosineEmbeddingLoss(x1, x2, y, { ...pairOptions, reduction: 'none' }).loss);
    g2.free(); lm.free();

    // tripletMarginLoss: grad3 typed, grad a ModuleArray, grad2 returned new; 'none' loss typed (float32).
    const a = Float32Array.of(0, 0, 1, 1, 0, 0), p = Float32Array.of(3, 4, 1, 2, 0, -1), n = Float32Array.of(0, 6, 4, 5, 1, 0);
    const tripletOptions = { shape: [3, 2], margin: 2, eps: 0, reduction: 'none' };
    const triplets = ml.tripletMarginLoss(a, p, n, tripletOptions);
    const t1 = ml.alloc(Float32Array, 6), t3 = new Float32Array(6), tl = new Float32Array(3);
    const t = ml.tripletMarginLoss(a, p, n, { ...tripletOptions, out: { loss: tl, grad: t1, grad3: t3 } });
    assert.equal(t.loss, tl); assert.equal(t.grad, t1); assert.equal(t.grad3, t3);
    assert.deepEqual(tl, triplets.loss); assert.deepEqual(t1.array, triplets.grad); assert.deepEqual(t.grad2, triplets.grad2);
    assert.deepEqual(t3, triplets.grad3);
    // docs/pytorch-compat.md#values-triplet-margin: grad3 [[0, −1], [0, 0], [−1, 0]] ('none', eps 0).
    assert.deepEqual(Array.from(t3, (v) => v + 0), [0, -1, 0, 0, -1, 0]);
    t1.free();

    // errors: nothing written
    const sentinel = new Float32Array(6).fill(7);
    const tripletCases = [
      [{ out: { grad4: sentinel } }, TypeError, /tripletMarginLoss: unknown key options.out.grad4; valid keys are loss, grad, grad2, grad3$/],
      [{ out: { grad3: new Float32Array(5) } }, RangeError, /options.out.grad3 must have 6 elements; got Float32Array\(5\)/],
      [{ out: { grad3: new Float64Array(6) } }, TypeError, /options.out.grad3 must be a Float32Array/],
      [{ out: { grad3: n } }, RangeError, /options.out.grad3 must not be one of the inputs/],
      [{ out: { grad: sentinel, grad3: sentinel } }, RangeError, /options.out must hold a different array for each result/],
      [{ out: { grad3: sentinel }, grad: false }, RangeError, /gradient array but options.grad is false/],
      [{ out: { grad3: sentinel }, p: 0.5 }, RangeError, /tripletMarginLoss: options.p/],
    ];
    for (const [opts, E, re] of tripletCases) {
      assert.throws(() => ml.tripletMarginLoss(a, p, n, { shape: [3, 2], ...opts }), (e) => e.constructor === E && re.test(e.message) || assert.fail(e.message));
    }
    assert.deepEqual([...sentinel], [7, 7, 7, 7, 7, 7]);
    const pairSentinel = new Float64Array(6).fill(7);
    assert.throws(() => ml.cosineEmbeddingLoss(x1, x2, y, { ...pairOptions, out: { grad3: pairSentinel } }),
      { name: 'TypeError', message: /cosineEmbeddingLoss: unknown key options.out.grad3; valid keys are loss, grad, grad2$/ });
    assert.throws(() => ml.cosineEmbeddingLoss(x1, x2, Float64Array.of(1, -1), { ...pairOptions, out: { grad2: pairSentinel } }), RangeError);
    assert.deepEqual([...pairSentinel], [7, 7, 7, 7, 7, 7]);
  });
}
