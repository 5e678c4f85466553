// The label-convention guard: checkLabels diagnoses each misuse with the right fix, `labels: 'strict'`
// throws a LabelConventionError for it (per call or as the init default), and no correct target (one
// class, all-positive and all-negative rows, empty batches included) ever raises an alarm. For
// cosineEmbeddingLoss the labels it rejects are checked against the ones PyTorch's fixtures ignore. The
// decision guide (recommendLoss) answers every branch, and README's decision table agrees with it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkLabels, init, LabelConventionError, recommendLoss } from '../js/index.js';
import { assertAllClose, fixtureNumber, loadBuilds, loadFixture } from './helpers.mjs';

const builds = await loadBuilds();
const f32 = (...values) => Float32Array.from(values);
const i32 = (...values) => Int32Array.from(values);

// Calls a loss the way the API does, from (loss, target, options): the input is zeros of the right size.
function callLoss(ml, loss, target, options = {}, n = inputLength(loss, target, options)) {
  const input = new Float32Array(n);
  if (loss === 'marginRankingLoss') return ml.marginRankingLoss(input, new Float32Array(n), target, options);
  if (loss === 'cosineEmbeddingLoss') return ml.cosineEmbeddingLoss(input, new Float32Array(n), target, options);
  return ml[loss](input, target, options);
}

function inputLength(loss, target, { shape }) {
  return shape ? shape.reduce((a, b) => a * b, 1) : target.length;
}

// [description, loss, target, options, convention, fix pattern]
const MISUSES = [
  ['{0, 1} labels to softMarginLoss', 'softMarginLoss', f32(1, 0, 1, 0), {}, 'zero-one', /^map y to 2y - 1$/],
  ['a single 0 among +-1 to softMarginLoss', 'softMarginLoss', f32(1, -1, 0), {}, 'other', /only -1 and \+1 are labels/],
  ['soft labels to softMarginLoss', 'softMarginLoss', f32(0.2, 0.9), {}, 'probabilities', /bceWithLogitsLoss/],
  ['class indices to softMarginLoss', 'softMarginLoss', f32(0, 2, 1), {}, 'class-indices', /crossEntropyLoss or multiMarginLoss/],
  ['{0, 1} labels to hingeEmbeddingLoss', 'hingeEmbeddingLoss', f32(0, 1), {}, 'zero-one', /^map y to 2y - 1$/],
  ['{0, 1} labels to marginRankingLoss', 'marginRankingLoss', f32(1, 0, 0), {}, 'zero-one', /^map y to 2y - 1$/],
  ['y = 2 to hingeEmbeddingLoss', 'hingeEmbeddingLoss', f32(-1, 2), {}, 'other', /labels -1 and \+1 only/],
  ['{0, 1} labels to cosineEmbeddingLoss', 'cosineEmbeddingLoss', f32(1, 0, 1, 0), { shape: [4, 3] }, 'zero-one', /^map y to 2y - 1$/],
  ['all-0 labels to cosineEmbeddingLoss', 'cosineEmbeddingLoss', f32(0, 0, 0), { shape: [3, 2] }, 'zero-one', /^map y to 2y - 1$/],
  ['a 0 label as a number for a 1-D cosineEmbeddingLoss input', 'cosineEmbeddingLoss', 0, { shape: [3] }, 'zero-one', /^map y to 2y - 1$/],
  ['a single 0 among +-1 to cosineEmbeddingLoss', 'cosineEmbeddingLoss', f32(1, -1, 0), { shape: [3, 2] }, 'other', /^relabel or drop the 0 pairs/],
  ['soft labels to cosineEmbeddingLoss', 'cosineEmbeddingLoss', f32(0.5, 1), { shape: [2, 2] }, 'probabilities', /labels -1 and \+1 only/],
  ['class indices to cosineEmbeddingLoss', 'cosineEmbeddingLoss', f32(0, 2, 1), { shape: [3, 2] }, 'class-indices', /\+1 if its two inputs share a class, -1 if not/],
  ['y = 2 to cosineEmbeddingLoss', 'cosineEmbeddingLoss', f32(-1, 2), { shape: [2, 2] }, 'other', /labels -1 and \+1 only/],
  ['y = -0.5 to cosineEmbeddingLoss', 'cosineEmbeddingLoss', f32(1, -0.5), { shape: [2, 2] }, 'other', /labels -1 and \+1 only/],
  ['NaN to cosineEmbeddingLoss', 'cosineEmbeddingLoss', f32(1, NaN), { shape: [2, 2] }, 'other', /labels -1 and \+1 only/],
  ['{-1, +1} labels to bceWithLogitsLoss', 'bceWithLogitsLoss', f32(1, -1, 1), {}, 'plus-minus-one', /^map y to \(y \+ 1\) \/ 2$/],
  ['a -1 among {0, 1} to bceWithLogitsLoss', 'bceWithLogitsLoss', f32(1, 0, -1), { shape: [3] }, 'other', /\(y \+ 1\) \/ 2/],
  ['class indices to bceWithLogitsLoss', 'bceWithLogitsLoss', f32(0, 3, 1), {}, 'class-indices', /crossEntropyLoss/],
  ['NaN to bceWithLogitsLoss', 'bceWithLogitsLoss', f32(1, NaN), {}, 'other', /labels in \[0, 1\]/],
  ['{-1, +1} rows to multilabelSoftMarginLoss', 'multilabelSoftMarginLoss', f32(1, -1, -1, -1, 1, 1), { shape: [2, 3] }, 'plus-minus-one', /^map y to \(y \+ 1\) \/ 2$/],
  ['-1-ended index lists to multilabelSoftMarginLoss', 'multilabelSoftMarginLoss', f32(3, 0, -1, -1), { shape: [1, 4] }, 'index-list', /use multilabelMarginLoss/],
  ['a multi-hot row to multilabelMarginLoss', 'multilabelMarginLoss', i32(1, 0, 1, 0), { shape: [1, 4] }, 'multi-hot', /use multilabelSoftMarginLoss for multi-hot targets/],
  ['one-hot rows to multilabelMarginLoss', 'multilabelMarginLoss', [0, 0, 0, 1, 0, 1, 0, 0], { shape: [2, 4] }, 'one-hot', /\[2, -1, -1, -1\]/],
  ['{-1, +1} rows to multilabelMarginLoss', 'multilabelMarginLoss', i32(1, 1, -1), { shape: [3] }, 'plus-minus-one', /\(y \+ 1\) \/ 2/],
  ['1-based lists to multilabelMarginLoss', 'multilabelMarginLoss', i32(4, 1, -1, -1), { shape: [4] }, 'one-based-indices', /^subtract 1 from class indices \(keep -1/],
  ['1-based, 0-padded lists to multilabelMarginLoss', 'multilabelMarginLoss', i32(4, 2, 0, 0), { shape: [4] }, 'one-based-indices', /pad with -1 instead of 0/],
  ['0-padded lists to multilabelMarginLoss', 'multilabelMarginLoss', i32(3, 1, 0, 0), { shape: [4] }, 'index-list', /pad with -1, not 0/],
  ['a class listed twice to multilabelMarginLoss', 'multilabelMarginLoss', i32(3, 3, -1, -1), { shape: [4] }, 'index-list', /once per row/],
  ['1-based indices to multiMarginLoss', 'multiMarginLoss', i32(1, 3, 2), { shape: [3, 3] }, 'one-based-indices', /^subtract 1 from class indices$/],
  ['one-hot float rows to multiMarginLoss', 'multiMarginLoss', f32(0, 1, 0, 1, 0, 0), { shape: [2, 3] }, 'one-hot', /argmax/],
  ['one-hot rows (C = 1) to multiMarginLoss', 'multiMarginLoss', i32(1, 1), { shape: [2, 1] }, 'one-based-indices', /^subtract 1 from class indices$/],
  ['multi-hot rows to multiMarginLoss', 'multiMarginLoss', [1, 1, 0, 0, 1, 1], { shape: [2, 3] }, 'multi-hot', /multilabelSoftMarginLoss/],
  ['{-1, +1} labels to multiMarginLoss with 2 classes', 'multiMarginLoss', i32(1, -1), { shape: [2, 2] }, 'plus-minus-one', /\(y \+ 1\) \/ 2/],
  ['-1 for "no class" to multiMarginLoss', 'multiMarginLoss', i32(2, -1), { shape: [2, 3] }, 'class-indices', /no ignoreIndex/],
  ['1-based indices to crossEntropyLoss', 'crossEntropyLoss', i32(2, 1, 2), { shape: [3, 2] }, 'one-based-indices', /^subtract 1 from class indices$/],
  ['1-based indices to crossEntropyLoss (N, C, d)', 'crossEntropyLoss', [1, 3, 2, 1], { shape: [2, 3, 2] }, 'one-based-indices', /^subtract 1/],
  ['one-hot integer rows to crossEntropyLoss', 'crossEntropyLoss', i32(0, 1, 0, 0, 0, 1), { shape: [2, 3] }, 'one-hot', /float array .*\(class probabilities\), or their argmax/],
  ['multi-hot float rows to crossEntropyLoss', 'crossEntropyLoss', f32(1, 1, 0, 0, 1, 0), { shape: [2, 3] }, 'multi-hot', /use multilabelSoftMarginLoss for multi-hot targets/],
  ['class indices as floats to crossEntropyLoss', 'crossEntropyLoss', f32(2, 0), { shape: [2, 3] }, 'class-indices', /Int32Array/],
  ['unnormalised probabilities to crossEntropyLoss', 'crossEntropyLoss', f32(0.5, 0.25, 0.5, 0.5), { shape: [2, 2] }, 'probabilities', /normalise each row/],
  ['an all-zero probability row to crossEntropyLoss', 'crossEntropyLoss', f32(0, 1, 0, 0), { shape: [2, 2] }, 'multi-hot', /ignoreIndex/],
  ['-1 padding to crossEntropyLoss', 'crossEntropyLoss', i32(0, -1, 2), { shape: [3, 3] }, 'class-indices', /set options.ignoreIndex to -1/],
];

for (const [description, loss, target, options, convention, fix] of MISUSES) {
  test(`checkLabels: ${description} is diagnosed (${convention})`, () => {
    const d = checkLabels(loss, target, options);
    assert.equal(d.loss, loss);
    assert.equal(d.fits, false);
    assert.equal(d.convention, convention);
    assert.ok(d.conventions.includes(convention), `${d.conventions}`);
    assert.match(d.fix, fix);
    for (const line of [d.problem, d.fix, d.expected]) {
      assert.equal(typeof line, 'string');
      assert.ok(!line.includes('\n') && line.length < 200, line);
    }
  });
}

for (const { name: build, ml } of builds) {
  test(`${build}: labels: 'strict' throws a LabelConventionError for every misuse`, () => {
    for (const [description, loss, target, options, convention] of MISUSES) {
      const n = loss === 'multiMarginLoss' || loss === 'crossEntropyLoss' ? inputLength(loss, target, options) : undefined;
      assert.throws(() => callLoss(ml, loss, target, { ...options, labels: 'strict' }, n), (error) => {
        assert.ok(error instanceof LabelConventionError, `${description}: ${error}`);
        assert.ok(error instanceof RangeError);
        assert.equal(error.name, 'LabelConventionError');
        assert.equal(error.diagnosis.convention, convention, description);
        assert.equal(error.message, `${loss}: ${error.diagnosis.problem}; fix: ${error.diagnosis.fix} (labels: 'strict')`);
        return true;
      });
    }
  });
}

// [description, loss, target, options]: correct targets, including the edge shapes.
const CORRECT = [
  ['+-1 labels', 'softMarginLoss', f32(1, -1, 1), {}],
  ['all +1 (also {0, 1}: no alarm)', 'softMarginLoss', f32(1, 1, 1), {}],
  ['all -1', 'softMarginLoss', f32(-1, -1), {}],
  ['empty', 'softMarginLoss', f32(), {}],
  ['a plain array, 2-D shape', 'softMarginLoss', [1, -1, -1, 1], { shape: [2, 2] }],
  ['+-1 labels', 'hingeEmbeddingLoss', f32(-1, 1), {}],
  ['all +1', 'hingeEmbeddingLoss', f32(1, 1), {}],
  ['+-1 pairs', 'marginRankingLoss', f32(1, -1), {}],
  ['all -1 pairs', 'marginRankingLoss', f32(-1, -1, -1), {}],
  ['+-1 pairs', 'cosineEmbeddingLoss', f32(1, -1, 1), { shape: [3, 2] }],
  ['all +1 pairs (also {0, 1}: no alarm)', 'cosineEmbeddingLoss', f32(1, 1), { shape: [2, 4] }],
  ['all -1 pairs', 'cosineEmbeddingLoss', f32(-1, -1), { shape: [2, 1] }],
  ['a plain array', 'cosineEmbeddingLoss', [-1, 1], { shape: [2, 3] }],
  ['one number for a 1-D input', 'cosineEmbeddingLoss', -1, { shape: [3] }],
  ['a one-element array for a 1-D input', 'cosineEmbeddingLoss', f32(1), { shape: [3] }],
  ['empty batch (0, D)', 'cosineEmbeddingLoss', f32(), { shape: [0, 3] }],
  ['D = 0', 'cosineEmbeddingLoss', f32(1, -1), { shape: [2, 0] }],
  ['{0, 1} labels', 'bceWithLogitsLoss', f32(1, 0, 1), {}],
  ['all 0', 'bceWithLogitsLoss', f32(0, 0), {}],
  ['all 1', 'bceWithLogitsLoss', f32(1, 1), {}],
  ['soft labels', 'bceWithLogitsLoss', f32(0.3, 0.7, 1, 0), { shape: [2, 2] }],
  ['one-hot rows (a multi-label target may have one label)', 'bceWithLogitsLoss', f32(0, 1, 1, 0), { shape: [2, 2] }],
  ['empty', 'bceWithLogitsLoss', f32(), {}],
  ['multi-hot rows', 'multilabelSoftMarginLoss', f32(1, 0, 1, 0, 1, 1), { shape: [2, 3] }],
  ['all-positive and all-negative rows', 'multilabelSoftMarginLoss', f32(1, 1, 1, 0, 0, 0), { shape: [2, 3] }],
  ['one class', 'multilabelSoftMarginLoss', f32(1, 0, 1), { shape: [3, 1] }],
  ['1-D input', 'multilabelSoftMarginLoss', f32(0, 1), { shape: [2] }],
  ['soft labels', 'multilabelSoftMarginLoss', f32(0.5, 0.1), { shape: [1, 2] }],
  ['empty batch', 'multilabelSoftMarginLoss', f32(), { shape: [0, 3] }],
  ['class indices', 'multiMarginLoss', i32(0, 2, 1), { shape: [3, 3] }],
  ['the top class only (no 0: not 1-based)', 'multiMarginLoss', i32(2, 2), { shape: [2, 3] }],
  ['one class', 'multiMarginLoss', i32(0, 0), { shape: [2, 1] }],
  ['1-D input', 'multiMarginLoss', [3], { shape: [4] }],
  ['empty batch', 'multiMarginLoss', i32(), { shape: [0, 3] }],
  ['the documented example, tail after -1', 'multilabelMarginLoss', i32(3, 0, -1, 1), { shape: [1, 4] }],
  ['all-positive rows (every class, no -1)', 'multilabelMarginLoss', i32(3, 0, 1, 2, 0, 1, 2, 3), { shape: [2, 4] }],
  ['all-negative rows (leading -1)', 'multilabelMarginLoss', i32(-1, -1, -1, -1, 2, 2), { shape: [2, 3] }],
  ['one class', 'multilabelMarginLoss', i32(0, -1, 0), { shape: [3, 1] }],
  ['two classes, both listed', 'multilabelMarginLoss', [1, 0], { shape: [2] }],
  ['empty batch', 'multilabelMarginLoss', i32(), { shape: [0, 4] }],
  ['class indices', 'crossEntropyLoss', i32(1, 2, 0), { shape: [3, 3] }],
  ['ignoreIndex -100 and a custom one', 'crossEntropyLoss', i32(1, -100, 2), { shape: [3, 3] }],
  ['ignoreIndex equal to C', 'crossEntropyLoss', i32(3, 0, 3), { shape: [3, 3], ignoreIndex: 3 }],
  ['one class', 'crossEntropyLoss', i32(0, 0), { shape: [2, 1] }],
  ['one-hot probabilities (float)', 'crossEntropyLoss', f32(0, 1, 0, 1, 0, 0), { shape: [2, 3] }],
  ['one-class probabilities', 'crossEntropyLoss', f32(1, 1), { shape: [2, 1] }],
  ['soft, label-smoothed probabilities', 'crossEntropyLoss', f32(0.05, 0.9, 0.05, 1 / 3, 1 / 3, 1 / 3), { shape: [2, 3] }],
  ['K-dim probabilities (N, C, d)', 'crossEntropyLoss', f32(1, 0.5, 0, 0.5, 0, 0, 0, 0, 0, 1, 1, 0), { shape: [2, 3, 2] }],
  ['K-dim indices', 'crossEntropyLoss', i32(0, 2, 1, 1), { shape: [2, 3, 2] }],
  ['1-D input', 'crossEntropyLoss', [2], { shape: [3] }],
  ['empty batch', 'crossEntropyLoss', i32(), { shape: [0, 3] }],
];

for (const [description, loss, target, options] of CORRECT) {
  test(`checkLabels: no false alarm for ${loss}, ${description}`, () => {
    const d = checkLabels(loss, target, options);
    assert.equal(d.fits, true, d.problem);
    assert.equal(d.problem, null);
    assert.equal(d.fix, null);
    assert.equal(d.index, -1);
    if (target.length === 0) assert.equal(d.convention, null);
    else assert.ok(d.conventions.includes(d.convention));
  });
}

for (const { name: build, ml } of builds) {
  test(`${build}: strict gives the same numbers as 'off' on every correct target`, () => {
    for (const [description, loss, target, options] of CORRECT) {
      const off = callLoss(ml, loss, target, { ...options, reduction: 'none' });
      const strict = callLoss(ml, loss, target, { ...options, reduction: 'none', labels: 'strict' });
      assert.deepEqual(strict, off, `${loss}, ${description}`);
    }
  });
}

test("the default stays PyTorch-compatible: {0, 1} labels to softMarginLoss give ln 2 and zero gradient", async () => {
  const ml = await init();
  assert.equal(ml.labels, 'off');
  const { loss, grad } = ml.softMarginLoss(f32(-3, 0, 3), f32(0, 0, 0), { reduction: 'none' });
  for (const v of loss) assert.ok(Math.abs(v - Math.LN2) < 1e-6);
  for (const g of grad) assert.equal(Math.abs(g), 0);
});

test("init({ labels: 'strict' }) sets the default for its object only; per call overrides it", async () => {
  const plain = await init();
  const strict = await init({ labels: 'strict' });
  assert.equal(strict.labels, 'strict');
  assert.notEqual(strict, plain);
  assert.equal(await init({ labels: 'strict' }), strict, 'one strict object per build');
  assert.equal(await init({ labels: 'off' }), plain, "labels: 'off' is the shared default object");
  assert.equal(plain.labels, 'off', 'the object other callers hold is unchanged');
  const x = f32(0.5, -1, 2);
  const y01 = f32(1, 0, 1);
  assert.throws(() => strict.softMarginLoss(x, y01), LabelConventionError);
  assert.doesNotThrow(() => plain.softMarginLoss(x, y01));
  assert.equal(strict.softMarginLoss(x, y01, { labels: 'off' }).loss, plain.softMarginLoss(x, y01).loss);
  assert.throws(() => plain.softMarginLoss(x, y01, { labels: 'strict' }), LabelConventionError);
  // Both objects use the same module: a ModuleArray from one works with the other.
  const m = plain.alloc(Float32Array, 3);
  m.array.set([1, -1, 1]);
  assert.equal(strict.softMarginLoss(x, m).loss, plain.softMarginLoss(x, f32(1, -1, 1)).loss);
  assert.throws(() => strict.bceWithLogitsLoss(x, m), LabelConventionError, 'ModuleArray targets are checked');
  m.free();
  // The guide stays a named export, so a page that imports only init() does not bundle it.
  assert.equal(strict.checkLabels, undefined);
  assert.equal(strict.recommendLoss, undefined);
});

test('a bad labels value is a RangeError naming the option', async () => {
  const ml = await init();
  assert.throws(() => ml.softMarginLoss(f32(1), f32(1), { labels: 'strcit' }), {
    name: 'RangeError', message: /softMarginLoss: options.labels must be 'strict' or 'off'; got string 'strcit'/,
  });
  assert.throws(() => ml.crossEntropyLoss(f32(1), i32(0), { shape: [1], labels: true }), {
    name: 'RangeError', message: /crossEntropyLoss: options.labels must be 'strict' or 'off'; got boolean true \(use 'strict'\)/,
  });
  await assert.rejects(init({ labels: 'on' }), { name: 'RangeError', message: /init: options.labels must be 'strict' or 'off'; got string 'on'/ });
  assert.throws(() => ml.crossEntropyLoss(f32(1, 2), i32(0), { shape: [2], label_smoothing: 0.1 }), /did you mean 'labelSmoothing'/);
});

test('strict leaves targets it cannot read to the ordinary argument checks', async () => {
  const ml = await init({ labels: 'strict' });
  assert.throws(() => ml.softMarginLoss(f32(1, 2), 'ab'), { name: 'TypeError', message: /target must be a Float32Array/ });
  assert.throws(() => ml.softMarginLoss(f32(1, 2), f32(1)), { name: 'RangeError', message: /target must have 2 elements/ });
  assert.throws(() => ml.multiMarginLoss(f32(1, 2, 3, 4), i32(0, 1, 1), { shape: [2, 2] }), { name: 'RangeError', message: /target must have 2 elements/ });
  assert.throws(() => ml.multiMarginLoss(f32(1, 2, 3, 4), f32(0, 1), { shape: [2, 2] }), { name: 'TypeError', message: /Int32Array/ });
});

test('checkLabels reports the shape of its diagnosis', () => {
  const d = checkLabels('softMarginLoss', f32(1, 0, 1));
  assert.deepEqual(Object.keys(d), ['loss', 'expected', 'convention', 'conventions', 'fits', 'index', 'problem', 'fix']);
  assert.equal(d.index, 1);
  assert.equal(d.expected, 'labels in {-1, +1}, one per input element');
  assert.match(d.problem, /^target\[1\] = 0: \{0, 1\} labels, and y = 0 gives a constant ln 2 with zero gradient/);
  const ok = checkLabels('softMarginLoss', f32(1, 1));
  assert.equal(ok.convention, 'plus-minus-one');
  assert.ok(ok.conventions.includes('zero-one'), 'ambiguous all-ones targets list both readings');
  assert.equal(checkLabels('crossEntropyLoss', f32(0, 1, 1, 0), { shape: [2, 2] }).convention, 'one-hot');
  assert.equal(checkLabels('multilabelSoftMarginLoss', f32(0.5, 0.1), { shape: [2] }).convention, 'probabilities');
  // The loss's own options object works as is.
  assert.equal(checkLabels('crossEntropyLoss', i32(5, 0), { shape: [2, 3], ignoreIndex: 5, weight: f32(1, 1, 1) }).fits, true);
});

test('checkLabels argument errors name what is wrong', () => {
  assert.throws(() => checkLabels('SoftMarginLoss', f32(1)), { name: 'RangeError', message: /checkLabels: unknown loss string 'SoftMarginLoss'; valid names are 'softMarginLoss'/ });
  assert.throws(() => checkLabels(undefined, f32(1)), { name: 'TypeError', message: /unknown loss undefined/ });
  assert.throws(() => checkLabels('softMarginLoss', 'ab'), { name: 'TypeError', message: /target must be a typed array, a ModuleArray or an array of numbers; got string 'ab'/ });
  assert.throws(() => checkLabels('softMarginLoss', [1, '0']), { name: 'TypeError' });
  assert.throws(() => checkLabels('multiMarginLoss', i32(0)), { name: 'TypeError', message: /options.shape is required for multiMarginLoss/ });
  assert.throws(() => checkLabels('multiMarginLoss', i32(0, 1, 2), { shape: [2, 3] }), { name: 'RangeError', message: /a target of 3 values cannot be read for multiMarginLoss with shape \[2, 3\]; expected one class index in \[0, 3\) per sample \(2 values\)/ });
  assert.throws(() => checkLabels('softMarginLoss', f32(1, 1), { shape: [3] }), { name: 'RangeError' });
  assert.throws(() => checkLabels('softMarginLoss', f32(1), null), { name: 'TypeError' });
});

// CosineEmbeddingLoss counts only labels exactly -1 and +1 (docs/pytorch-compat.md#cosine-labels).
test("checkLabels: cosineEmbeddingLoss's {0, 1} trap is reported, and 2y - 1 fixes it (edge 57)", () => {
  const t = f32(1, 0, 1, 0, 0);
  const d = checkLabels('cosineEmbeddingLoss', t, { shape: [5, 4] });
  assert.equal(d.index, 1);
  assert.equal(d.expected, 'labels in {-1, +1}, one per pair (row of input1 and input2)');
  assert.equal(d.problem, 'target[1] = 0: {0, 1} labels, and y = 0 gives loss 0 and zero gradient yet counts in the mean, so those pairs are never pushed apart');
  const mapped = t.map((v) => 2 * v - 1);
  assert.deepEqual(Array.from(mapped), [1, -1, 1, -1, -1]);
  assert.equal(checkLabels('cosineEmbeddingLoss', mapped, { shape: [5, 4] }).fits, true);
  // Without a shape every value is one pair's label; a shape gives the number of pairs: N, or 1 for (D).
  assert.equal(checkLabels('cosineEmbeddingLoss', t).index, 1);
  assert.equal(checkLabels('cosineEmbeddingLoss', [-1], { shape: [7] }).fits, true);
  assert.throws(() => checkLabels('cosineEmbeddingLoss', f32(1, -1), { shape: [3] }), {
    name: 'RangeError', message: /a target of 2 values cannot be read for cosineEmbeddingLoss with shape \[3\]; expected labels in \{-1, \+1\}, one per pair/,
  });
  assert.throws(() => checkLabels('cosineEmbeddingLoss', f32(1), { shape: [1, 2, 3] }), { name: 'RangeError', message: /options.shape must have 1 to 2 dimensions/ });
  assert.throws(() => checkLabels('cosineEmbeddingLoss', 'ab'), { name: 'TypeError', message: /an array of numbers or a number; got string 'ab'/ });
});

test('checkLabels: every cosineEmbeddingLoss label but exactly -1 and +1 is caught, in both dtypes (edge 58)', () => {
  const near = [2, 0.5, -2, -0.5, NaN, Infinity, -Infinity, 0, -0];
  const cases = [
    [Float32Array, [...near, Math.fround(1 + 2 ** -23), Math.fround(-(1 - 2 ** -24))]],
    [Float64Array, [...near, 1 + Number.EPSILON, -(1 - Number.EPSILON / 2)]],
    [Array, [...near, 1 + Number.EPSILON]],
  ];
  for (const [Type, bads] of cases) {
    for (let length = 1; length <= 9; length++) {
      for (let at = 0; at < length; at++) {
        for (const bad of bads) {
          const y = Type.from({ length }, (_, i) => (i % 2 ? -1 : 1));
          y[at] = bad;
          const d = checkLabels('cosineEmbeddingLoss', y);
          assert.equal(d.fits, false, `${Type.name} length ${length}, ${bad} at ${at}`);
          assert.equal(d.index, at);
          assert.match(d.problem, bad === 0 ? /y = 0 gives loss 0 and zero gradient/ : /gives its pair loss 0 and zero gradient/);
        }
      }
    }
  }
});

test('cosineEmbeddingLoss: checkLabels rejects exactly the labels PyTorch 1.13 ignores (its fixture rows)', () => {
  const ignored = new Set(); // labels checkLabels rejects, seen in the fixtures
  const active = new Set(); // labels it accepts that gave some row a non-zero loss or gradient
  for (const c of loadFixture('cosineEmbeddingLoss.json').cases) {
    const { shape, reduction = 'mean' } = c.options;
    const [rows, dim] = shape.length === 2 ? shape : [1, shape[0]];
    const [x1, x2] = c.inputs.map((a) => a.map(fixtureNumber));
    const grads = [c.expected.grad, c.expected.grad2].map((g) => g.map(fixtureNumber));
    const losses = reduction === 'none' ? c.expected.loss.map(fixtureNumber) : null;
    for (let r = 0; r < rows; r++) {
      const y = fixtureNumber(c.target[r]);
      const row = (a) => a.slice(r * dim, (r + 1) * dim);
      const silent = grads.every((g) => row(g).every((v) => v === 0)) && (losses === null || losses[r] === 0);
      if (checkLabels('cosineEmbeddingLoss', [y]).fits) {
        if (!silent) active.add(y);
        continue;
      }
      ignored.add(String(y));
      if (losses !== null) assert.equal(losses[r], 0, `${c.name}, pair ${r}: torch's loss for y = ${y}`);
      // A NaN or infinite row has NaN gradients whatever its label (0 times NaN): only finite rows are silent.
      if ([x1, x2].every((x) => row(x).every(Number.isFinite))) assert.ok(silent, `${c.name}, pair ${r}: torch's gradient for y = ${y}`);
    }
  }
  assert.deepEqual([...active].sort(), [-1, 1]);
  assert.deepEqual([...ignored].sort(), ['-0.5', '-2', '0', '0.5', '2', 'NaN']);
});

for (const { name: build, ml } of builds) {
  test(`${build}: cosineEmbeddingLoss with labels: 'strict' refuses torch's {0, 1} case; its 2y - 1 version pushes the dissimilar pairs`, () => {
    const c = loadFixture('cosineEmbeddingLoss.json').cases.find((k) => k.name === 'edge labels 0/1 none float32');
    const [x1, x2] = c.inputs.map((a) => Float32Array.from(a));
    const { shape } = c.options;
    const t = f32(...c.target);
    assert.deepEqual(Array.from(t), [1, 0, 1, 0, 0]);
    assert.throws(() => ml.cosineEmbeddingLoss(x1, x2, t, { ...c.options, labels: 'strict' }), (error) => {
      assert.ok(error instanceof LabelConventionError);
      assert.equal(error.diagnosis.fix, 'map y to 2y - 1');
      assert.equal(error.message, `cosineEmbeddingLoss: ${error.diagnosis.problem}; fix: map y to 2y - 1 (labels: 'strict')`);
      return true;
    });
    // The default mode is PyTorch's: the 0 pairs give loss 0.
    const off = ml.cosineEmbeddingLoss(x1, x2, t, c.options);
    assertAllClose(off.loss, c.expected.loss, { rtol: 1e-5, atol: 1e-6 }, 'off');
    // Mapped, each former 0 pair pays max(0, cos) (margin 0), the cosine formed here in double.
    const y = t.map((v) => 2 * v - 1);
    const { loss } = ml.cosineEmbeddingLoss(x1, x2, y, { ...c.options, labels: 'strict' });
    const [rows, dim] = shape;
    for (let r = 0; r < rows; r++) {
      let dot = 0, n1 = 0, n2 = 0;
      for (let d = r * dim; d < (r + 1) * dim; d++) dot += x1[d] * x2[d], n1 += x1[d] ** 2, n2 += x2[d] ** 2;
      const cos = dot / Math.sqrt(n1 * n2);
      const expected = y[r] === 1 ? 1 - cos : Math.max(0, cos);
      assertAllClose(loss[r], expected, { rtol: 1e-5, atol: 1e-6 }, `mapped pair ${r}`);
    }
    assert.ok(loss.some((v, r) => y[r] === -1 && v > 0), 'some dissimilar pair now pays');
  });
}

test('checkLabels: tripletMarginLoss takes no target, and says so', () => {
  assert.throws(() => checkLabels('tripletMarginLoss', f32(1, -1)), {
    name: 'RangeError',
    message: 'checkLabels: tripletMarginLoss takes no labels, so there is nothing to check: each triplet (anchor, positive, negative) already says which pair should be closer',
  });
  assert.throws(() => checkLabels('tripletMarginLoss'), { name: 'RangeError', message: /takes no labels/ });
  // The names checkLabels lists are the losses with a target.
  assert.throws(() => checkLabels('tripletLoss', f32(1)), (error) => {
    assert.match(error.message, /valid names are .*'cosineEmbeddingLoss'/);
    assert.ok(!error.message.includes('tripletMarginLoss'), error.message);
    return true;
  });
});

// recommendLoss: one case per branch of the decision guide.
const GUIDE = [
  [{ labels: 'zero-one' }, 'bceWithLogitsLoss', null],
  [{ perSample: 'binary' }, 'bceWithLogitsLoss', null],
  [{ labels: 'probabilities', perSample: 'binary' }, 'bceWithLogitsLoss', null],
  [{ labels: 'plus-minus-one' }, 'softMarginLoss', null],
  [{ labels: 'multi-hot' }, 'multilabelSoftMarginLoss', null],
  [{ perSample: 'multi-label' }, 'multilabelSoftMarginLoss', null],
  [{ labels: 'zero-one', perSample: 'multi-label' }, 'multilabelSoftMarginLoss', null],
  [{ labels: 'plus-minus-one', perSample: 'multi-label' }, 'softMarginLoss', null],
  [{ labels: 'index-list', style: 'probabilistic' }, 'multilabelSoftMarginLoss', /multi-hot row/],
  [{ labels: 'class-indices', style: 'margin' }, 'multiMarginLoss', null],
  [{ perSample: 'single-label', style: 'margin' }, 'multiMarginLoss', null],
  [{ labels: 'one-hot', style: 'margin' }, 'multiMarginLoss', /argmax/],
  [{ labels: 'index-list' }, 'multilabelMarginLoss', null],
  [{ perSample: 'multi-label', style: 'margin' }, 'multilabelMarginLoss', null],
  [{ labels: 'multi-hot', style: 'margin' }, 'multilabelMarginLoss', /\[0, 2, -1, -1\]/],
  [{ labels: 'class-indices' }, 'crossEntropyLoss', null],
  [{ perSample: 'single-label' }, 'crossEntropyLoss', null],
  [{ labels: 'one-hot' }, 'crossEntropyLoss', null],
  [{ labels: 'probabilities', perSample: 'single-label' }, 'crossEntropyLoss', null],
  [{ labels: 'one-based-indices' }, 'crossEntropyLoss', /subtract 1/],
  [{ perSample: 'pair' }, 'hingeEmbeddingLoss', null],
  [{ labels: 'plus-minus-one', perSample: 'pair' }, 'hingeEmbeddingLoss', null],
  [{ labels: 'zero-one', perSample: 'pair' }, 'hingeEmbeddingLoss', /2y - 1/],
  [{ perSample: 'ranking', style: 'margin' }, 'marginRankingLoss', null],
  [{ labels: 'zero-one', perSample: 'ranking' }, 'marginRankingLoss', /2y - 1/],
  [{ perSample: 'embedding-pair' }, 'cosineEmbeddingLoss', null],
  [{ labels: 'plus-minus-one', perSample: 'embedding-pair' }, 'cosineEmbeddingLoss', null],
  [{ labels: 'zero-one', perSample: 'embedding-pair', style: 'margin' }, 'cosineEmbeddingLoss', /^map y to 2y - 1$/],
  [{ perSample: 'triplet' }, 'tripletMarginLoss', null],
  [{ perSample: 'triplet', style: 'margin' }, 'tripletMarginLoss', null],
];

for (const [query, loss, convert] of GUIDE) {
  test(`recommendLoss(${JSON.stringify(query)}) is ${loss}`, () => {
    const r = recommendLoss(query);
    assert.deepEqual(Object.keys(r), ['loss', 'target', 'why', 'convert']);
    assert.equal(r.loss, loss);
    assert.ok(r.target.length > 0 && r.why.length > 0 && !r.why.includes('\n'));
    if (convert) assert.match(r.convert, convert);
    else assert.equal(r.convert, null);
  });
}

test('recommendLoss: unknown or contradictory input is a clear error', () => {
  assert.throws(() => recommendLoss(), { name: 'TypeError', message: /expected an object \{ labels, perSample, style \}; got undefined/ });
  assert.throws(() => recommendLoss({}), { name: 'TypeError', message: /give labels .*perSample/ });
  assert.throws(() => recommendLoss({ labels: '{0,1}' }), { name: 'RangeError', message: /labels must be one of 'zero-one', 'plus-minus-one'/ });
  assert.throws(() => recommendLoss({ perSample: 'many' }), { name: 'RangeError', message: /perSample must be one of 'binary', 'single-label', 'multi-label', 'pair', 'ranking', 'embedding-pair', 'triplet'; got string 'many'/ });
  assert.throws(() => recommendLoss({ perSample: 'embedding-pair', style: 'probabilistic' }), { name: 'RangeError', message: /no probabilistic loss takes pairs of embeddings; use style 'margin'/ });
  assert.throws(() => recommendLoss({ perSample: 'triplet', style: 'probabilistic' }), { name: 'RangeError', message: /no probabilistic loss takes triplets/ });
  assert.throws(() => recommendLoss({ labels: 'zero-one', perSample: 'triplet' }), { name: 'RangeError', message: /triplets take no labels .*leave labels out/ });
  assert.throws(() => recommendLoss({ labels: 'one-hot', perSample: 'embedding-pair' }), { name: 'RangeError', message: /labels 'one-hot' do not describe an embedding-pair target for a margin loss/ });
  assert.throws(() => recommendLoss({ perSample: 'pair', style: 'probabilistic' }), { name: 'RangeError', message: /no probabilistic loss takes similar\/dissimilar pairs/ });
  assert.throws(() => recommendLoss({ labels: 'multi-hot', perSample: 'ranking' }), { name: 'RangeError', message: /labels 'multi-hot' do not describe a ranking target/ });
  assert.throws(() => recommendLoss({ labels: 'zero-one', loss: 'x' }), { name: 'TypeError', message: /unknown key 'loss'/ });
  assert.throws(() => recommendLoss({ labels: 'probabilities' }), { name: 'TypeError', message: /give perSample too/ });
  assert.throws(() => recommendLoss({ labels: 'zero-one', style: 'margin' }), { name: 'RangeError', message: /no margin \(hinge\) loss/ });
  assert.throws(() => recommendLoss({ labels: 'class-indices', perSample: 'multi-label' }), { name: 'RangeError', message: /labels 'class-indices' do not describe a multi-label target/ });
  // The convention checkLabels reports feeds straight in.
  const { convention } = checkLabels('multilabelMarginLoss', i32(1, 0, 1, 0), { shape: [4] });
  assert.equal(recommendLoss({ labels: convention }).loss, 'multilabelSoftMarginLoss');
  // {0, 1} pair labels: the guide and the guard ask for the same conversion, and the guide warns of the 0.
  const pairs = checkLabels('cosineEmbeddingLoss', f32(1, 0));
  const cosine = recommendLoss({ labels: pairs.convention, perSample: 'embedding-pair' });
  assert.equal(cosine.convert, pairs.fix);
  assert.match(cosine.target, /0 included, is ignored/);
});

// README's decision table, row by row (its first two cells), as the recommendLoss query it answers: the
// first loss a row names must be recommendLoss's answer, and a new row needs its query here.
const README_GUIDE = {
  'binary, `{0, 1}` | one score': { labels: 'zero-one' },
  'binary, `{−1, +1}` | one score': { labels: 'plus-minus-one' },
  'multi-label, independent | one score per class': { perSample: 'multi-label' },
  'multi-class, one label | one score per class': { perSample: 'single-label' },
  'multi-label, ranking | one score per class': { labels: 'index-list' },
  'pairs, "a above b" | two scores': { perSample: 'ranking' },
  'pairs, similar / dissimilar | one distance': { perSample: 'pair' },
  'pairs, similar / dissimilar | two embeddings, compared by cosine': { perSample: 'embedding-pair' },
  'triplets, anchor / positive / negative | three embeddings': { perSample: 'triplet' },
};

test("README's decision table names the loss recommendLoss answers, row by row", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const lines = readme.slice(readme.indexOf('### Which loss? (the decision guide)')).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  const table = lines.slice(start + 2, end).map((line) => line.slice(2, -2).split(' | ')); // no header, no |---|
  assert.deepEqual(table.map(([a, b]) => `${a} | ${b}`), Object.keys(README_GUIDE));
  for (const [labels, perSample, loss] of table) {
    const named = loss.match(/`(\w+)`/)[1];
    assert.equal(named, recommendLoss(README_GUIDE[`${labels} | ${perSample}`]).loss, `${labels} | ${perSample}`);
  }
});

test('every loss recommendLoss names is an API function, and checkLabels takes each one with a target', async () => {
  const ml = await init();
  const named = new Set(GUIDE.map(([query]) => recommendLoss(query).loss));
  assert.ok(named.has('cosineEmbeddingLoss') && named.has('tripletMarginLoss'));
  for (const loss of named) {
    assert.equal(typeof ml[loss], 'function', loss);
    if (loss === 'tripletMarginLoss') assert.match(recommendLoss({ perSample: 'triplet' }).target, /^no target/);
    else assert.equal(checkLabels(loss, [], { shape: [0, 2] }).fits, true, loss); // an empty batch fits every loss
  }
});

test('the float32 fast path finds a misfit anywhere: unrolled body, tail, -0, NaN, near-1 values', () => {
  for (let length = 1; length <= 9; length++) {
    for (let at = 0; at < length; at++) {
      for (const bad of [0, -0, NaN, 2, 0.99999994, -1.0000001, Infinity]) {
        const y = new Float32Array(length).fill(1);
        for (let i = 1; i < length; i += 2) y[i] = -1;
        y[at] = bad;
        const d = checkLabels('softMarginLoss', y);
        assert.equal(d.fits, false, `length ${length}, ${bad} at ${at}`);
        assert.equal(d.index, at);
      }
    }
  }
  const shifted = new Float32Array(new ArrayBuffer(40), 4, 7).fill(-1);
  assert.equal(checkLabels('softMarginLoss', shifted).fits, true, 'a view at a byte offset');
  shifted[6] = 0;
  assert.equal(checkLabels('softMarginLoss', shifted).index, 6);
});
