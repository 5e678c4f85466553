// Bad arguments throw TypeError or RangeError naming the argument, the expectation and what came; the
// caller's arrays are untouched and the module keeps giving correct answers afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuilds } from './helpers.mjs';

const builds = await loadBuilds();
const f32 = (...values) => Float32Array.from(values);
const f64 = (...values) => Float64Array.from(values);
const i32 = (...values) => Int32Array.from(values);

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

for (const { name: build, ml } of builds) {
  for (const [description, call, ErrorClass, pattern] of CASES) {
    test(`${build}: ${description} throws ${ErrorClass.name}`, () => {
      assert.throws(() => call(ml), (error) => {
        assert.equal(error.constructor, ErrorClass, error.message);
        assert.match(error.message, pattern);
        return true;
      });
    });
  }

  test(`${build}: a failed call leaves the caller's arrays untouched and the module usable`, () => {
    const input = f32(0.5, -1, 2, 0.25);
    const target = i32(1, 7);
    assert.throws(() => ml.multiMarginLoss(input, target, { shape: [2, 2] }), RangeError);
    assert.deepEqual(Array.from(input), [0.5, -1, 2, 0.25]);
    assert.deepEqual(Array.from(target), [1, 7]);
    // PyTorch 1.13 (reference doc §1): SoftMarginLoss of [0.5, -1, 2] with [1, -1, 1], 'sum' = 0.914267.
    const { loss } = ml.softMarginLoss(f64(0.5, -1, 2), f64(1, -1, 1), { reduction: 'sum' });
    assert.ok(Math.abs(loss - 0.914267) < 1e-6, `loss ${loss}`);
  });
}
