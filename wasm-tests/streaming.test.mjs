// The copying path streams arrays larger than its window through it in blocks of whole rows; its results
// must be those of one kernel call on the whole arrays, bit for bit. That call is the zero-copy path: every
// array a ModuleArray (results in ModuleArrays too), so nothing is copied and the kernel runs once. Every
// loss, reduction, main option, gradient mode, dtype and build, at sizes of several blocks with a ragged
// last one, with NaN and ±inf in some; at the real window size too; and a call refused for a class index
// in its last block writes nothing into the caller's arrays.
//
// The window is shrunk for this file through memory.js's test-only knob, so that a few thousand elements
// make many blocks: the suite stays fast, and the block boundaries fall inside every kind of row.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { setWindowSizeForTests, WINDOW_BYTES } from '../js/memory.js';
import { loadBuilds, seededRandom } from './helpers.mjs';

const SMALL_WINDOW = 4096;
setWindowSizeForTests(SMALL_WINDOW);
const builds = await loadBuilds();
const MiB = 1 << 20;

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 100, -100, 1e-30];

function data(Type, seed) {
  const random = seededRandom(seed);
  return {
    // Finite, of magnitudes from 10^-3 to 10^5, so that the losses span enough binades for their sums to
    // round (sums of values within a few binades are exact in double, in any order: that would hide blocks
    // that changed the order of the additions).
    logits: (n) => Type.from({ length: n }, () => (random() < 0.5 ? -1 : 1) * 10 ** (8 * random() - 3)),
    specials: (n) => Type.from({ length: n }, () => (random() < 0.02 ? SPECIALS[Math.floor(random() * 8)] : 8 * random() - 4)),
    signs: (n) => Type.from({ length: n }, () => (random() < 0.5 ? -1 : 1)),
    unit: (n) => Type.from({ length: n }, () => random()),
    weights: (n) => Type.from({ length: n }, () => 0.25 + 2 * random()),
    classes: (n, classes) => Int32Array.from({ length: n }, () => Math.floor(random() * classes)),
    // Per row a list of class indices ended by -1 (multilabelMarginLoss), then junk.
    lists: (rows, classes) => Int32Array.from({ length: rows * classes }, (_, i) => {
      const c = i % classes;
      const length = (Math.floor(i / classes) * 7) % (classes + 1);
      return c < length ? Math.floor(random() * classes) : c === length ? -1 : Math.floor(random() * classes);
    }),
  };
}

// The same call on ModuleArray copies of every array argument, results in ModuleArrays: one kernel call.
function zeroCopy(ml, fn, args, options, results) {
  const owned = [];
  const inModule = (array) => {
    const copy = ml.alloc(array.constructor, array.length);
    copy.array.set(array);
    owned.push(copy);
    return copy;
  };
  const moduleOptions = { ...options };
  for (const key of ['weight', 'posWeight', 'gradOutput']) {
    if (ArrayBuffer.isView(options[key])) moduleOptions[key] = inModule(options[key]);
  }
  const out = {};
  for (const [key, length] of Object.entries(results)) out[key] = inModule(new args[0].constructor(length));
  const result = ml[fn](...args.map(inModule), { ...moduleOptions, out });
  const copies = {};
  for (const [key, value] of Object.entries(result)) {
    copies[key] = value === null || typeof value === 'number' ? value : value.array.slice();
  }
  for (const array of owned) array.free();
  return copies;
}

function assertSameBits(got, expected, label) {
  if (typeof expected === 'number' || expected === null) {
    assert.ok(Object.is(got, expected), `${label}: ${got}, expected ${expected}`);
    return;
  }
  assert.equal(got.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(got[i], expected[i])) assert.fail(`${label}[${i}] = ${got[i]}, expected ${expected[i]}`);
  }
}

// The streamed call (plain arrays; into options.out arrays when `intoOut`) against the zero-copy call.
// Returns the module's memory size right after the streamed call.
function checkCall(ml, { fn, args, options, lossValues, inputs = 1 }, label, intoOut) {
  const reduced = (options.reduction ?? 'mean') !== 'none';
  const withGrad = options.grad !== false;
  const n = args[0].length;
  const results = {};
  if (!reduced) results.loss = lossValues;
  if (withGrad) results.grad = n;
  if (withGrad && inputs >= 2) results.grad2 = n;
  if (withGrad && inputs === 3) results.grad3 = n;
  let out;
  if (intoOut) {
    out = {};
    for (const [key, length] of Object.entries(results)) out[key] = new args[0].constructor(length).fill(7);
    if (reduced) out.loss = new args[0].constructor(1).fill(7);
  }
  const got = ml[fn](...args, out ? { ...options, out } : options);
  const memory = ml.memoryBytes();
  const expected = zeroCopy(ml, fn, args, options, results);
  for (const key of Object.keys(expected)) {
    assertSameBits(got[key], expected[key], `${label} ${key}`);
    if (out?.[key] && !(reduced && key === 'loss')) assert.equal(got[key], out[key], `${label}: the result is options.out.${key}`);
  }
  if (out && reduced) assertSameBits(out.loss[0], expected.loss, `${label} options.out.loss`);
  return memory;
}

// Every loss's cases at `rows` rows: [name, call description] for one dtype. `inputs`: how many inputs,
// each with its gradient (grad, grad2, grad3).
function cases(Type, rows) {
  const d = data(Type, Type === Float32Array ? 5 : 6);
  const list = [];
  const add = (name, fn, args, options, lossValues, inputs) => list.push({ name, fn, args, options, lossValues, inputs });
  const n = rows * 5;
  const x = d.logits(n);
  add('softMarginLoss', 'softMarginLoss', [x, d.signs(n)], {}, n);
  add('softMarginLoss NaN, ±inf', 'softMarginLoss', [d.specials(n), d.signs(n)], {}, n);
  add('hingeEmbeddingLoss', 'hingeEmbeddingLoss', [x, d.signs(n)], { margin: 0.7 }, n);
  add('marginRankingLoss', 'marginRankingLoss', [x, d.logits(n), d.signs(n)], { margin: 0.1 }, n, 2);

  const soft = d.unit(n);
  add('bceWithLogitsLoss', 'bceWithLogitsLoss', [x, soft], { shape: [rows, 5] }, n);
  add('bceWithLogitsLoss weight per element', 'bceWithLogitsLoss', [x, soft], { shape: [rows, 5], weight: d.weights(n) }, n);
  add('bceWithLogitsLoss weight per class, posWeight', 'bceWithLogitsLoss', [x, soft],
    { shape: [rows, 5], weight: d.weights(5), posWeight: d.weights(5) }, n);
  const wide = rows * 70; // past 64 classes, each row its own run of vectors
  add('bceWithLogitsLoss 70 classes, posWeight', 'bceWithLogitsLoss', [d.logits(wide), d.unit(wide)],
    { shape: [rows, 70], posWeight: d.weights(70) }, wide);
  add('bceWithLogitsLoss one row, posWeight', 'bceWithLogitsLoss', [d.logits(n), d.unit(n)], { posWeight: d.weights(n) }, n);

  add('multilabelSoftMarginLoss', 'multilabelSoftMarginLoss', [x, d.unit(n).map(Math.round)],
    { shape: [rows, 5], weight: d.weights(5) }, rows);
  add('multiMarginLoss p=1', 'multiMarginLoss', [x, d.classes(rows, 5)], { shape: [rows, 5], margin: 0.5 }, rows);
  add('multiMarginLoss NaN, ±inf', 'multiMarginLoss', [d.specials(n), d.classes(rows, 5)], { shape: [rows, 5] }, rows);
  add('multiMarginLoss p=2, weight', 'multiMarginLoss', [x, d.classes(rows, 5)],
    { shape: [rows, 5], p: 2, weight: d.weights(5) }, rows);
  add('multilabelMarginLoss', 'multilabelMarginLoss', [x, d.lists(rows, 5)], { shape: [rows, 5] }, rows);

  const targets = d.classes(rows, 5);
  for (let i = 0; i < rows; i += 4) targets[i] = -100;
  add('crossEntropyLoss', 'crossEntropyLoss', [x, targets], { shape: [rows, 5] }, rows);
  add('crossEntropyLoss NaN, ±inf', 'crossEntropyLoss', [d.specials(n), targets], { shape: [rows, 5] }, rows);
  add('crossEntropyLoss weight, smoothing', 'crossEntropyLoss', [x, targets],
    { shape: [rows, 5], weight: d.weights(5), labelSmoothing: 0.1 }, rows);
  // (N, C, d): each sample is 5 classes × 3 positions.
  const positions = d.classes(rows * 3, 5);
  for (let i = 0; i < rows * 3; i += 5) positions[i] = 2;
  const x3 = d.logits(rows * 15);
  add('crossEntropyLoss (N, C, d), ignoreIndex', 'crossEntropyLoss', [x3, positions],
    { shape: [rows, 5, 3], ignoreIndex: 2, weight: d.weights(5) }, rows * 3);
  add('crossEntropyLoss probabilities', 'crossEntropyLoss', [x, d.unit(n)], { shape: [rows, 5], labelSmoothing: 0.2 }, rows);
  add('crossEntropyLoss probabilities (N, C, d)', 'crossEntropyLoss', [x3, d.unit(rows * 15)],
    { shape: [rows, 5, 3], weight: d.weights(5) }, rows * 3);

  // The embedding losses: pairs and triplets of rows of D = 6, of D = 70 (several vectors per row), and
  // of D = 300, where one row of their arrays is larger than the window (blocks of one row; the window
  // grows to hold it), in fewer rows (the zero-copy reference holds every array in module memory).
  const labels = d.signs(rows);
  for (let i = 0; i < rows; i += 7) labels[i] = 0; // counted by 'mean', but loss 0
  for (const [dim, count] of [[6, rows], [70, rows], [300, 25]]) {
    const e = count * dim;
    const shape = [count, dim];
    const y = labels.subarray(0, count);
    add(`cosineEmbeddingLoss D=${dim}`, 'cosineEmbeddingLoss', [d.logits(e), d.logits(e), y], { shape, margin: 0.2 }, count, 2);
    add(`tripletMarginLoss D=${dim}`, 'tripletMarginLoss', [d.logits(e), d.logits(e), d.logits(e)], { shape }, count, 3);
    add(`tripletMarginLoss D=${dim} p=1 swap eps=0`, 'tripletMarginLoss', [d.logits(e), d.logits(e), d.logits(e)],
      { shape, p: 1, swap: true, eps: 0, margin: 100 }, count, 3);
  }
  const e = rows * 6;
  add('cosineEmbeddingLoss NaN, ±inf', 'cosineEmbeddingLoss', [d.specials(e), d.specials(e), labels], { shape: [rows, 6] }, rows, 2);
  add('tripletMarginLoss p=1.5 swap NaN, ±inf', 'tripletMarginLoss', [d.specials(e), d.specials(e), d.specials(e)],
    { shape: [rows, 6], p: 1.5, swap: true, margin: 2 }, rows, 3);
  add('tripletMarginLoss p=3', 'tripletMarginLoss', [d.logits(e), d.logits(e), d.logits(e)], { shape: [rows, 6], p: 3 }, rows, 3);
  return { list, d };
}

// 'mean', 'sum' and 'none'; gradient, none, and an upstream gradient.
function variants(lossValues, Type, d) {
  const list = [];
  for (const reduction of ['mean', 'sum', 'none']) {
    list.push({ reduction });
    list.push({ reduction, grad: false });
    list.push({ reduction, gradOutput: reduction === 'none' ? d.specials(lossValues) : 0.375 });
  }
  return list;
}

for (const { name: build, ml } of builds) {
  for (const Type of [Float32Array, Float64Array]) {
    test(`${build} ${Type.name}: streamed calls equal the zero-copy call bit for bit, for every loss and option`, () => {
      // 203 rows: several blocks of every loss, and a ragged last one (blocks are multiples of 4 rows).
      const { list, d } = cases(Type, 203);
      let k = 0;
      for (const call of list) {
        for (const options of variants(call.lossValues, Type, d)) {
          const label = `${call.name} ${JSON.stringify(options, (key, v) => (ArrayBuffer.isView(v) ? `[${v.length}]` : v))}`;
          checkCall(ml, { ...call, options: { ...call.options, ...options } }, label, k++ % 2 === 1);
        }
      }
      assert.ok(ml.memoryBytes() <= 2 * MiB, `memory ${ml.memoryBytes()}`);
    });
  }

  test(`${build}: at the real window size, streamed calls equal the zero-copy call bit for bit`, () => {
    setWindowSizeForTests(WINDOW_BYTES);
    try {
      const d = data(Float32Array, 7);
      // 12 MB of input, target and gradient: about a dozen windows.
      const n = 1_000_003;
      const memory = checkCall(ml, { fn: 'softMarginLoss', args: [d.logits(n), d.signs(n)], options: {}, lossValues: n },
        'softMarginLoss', true);
      assert.ok(memory <= 4 * MiB, `memory ${memory} after the streamed call`);
      const e = data(Float64Array, 8);
      const rows = 3001;
      checkCall(ml, {
        fn: 'crossEntropyLoss', args: [e.logits(rows * 100), e.classes(rows, 100)],
        options: { shape: [rows, 100], labelSmoothing: 0.05 }, lossValues: rows,
      }, 'crossEntropyLoss', false);
    } finally {
      setWindowSizeForTests(SMALL_WINDOW);
    }
  });

  test(`${build}: a class index out of range in the last block leaves the caller's arrays and options.out untouched`, () => {
    const d = data(Float64Array, 9);
    const rows = 401;
    const x = d.logits(rows * 5);
    const refused = [
      ['multiMarginLoss', d.classes(rows, 5), (t) => { t[rows - 1] = 5; }, /target\[400\] = 5 is out of range/],
      ['crossEntropyLoss', d.classes(rows, 5), (t) => { t[rows - 1] = -1; }, /target\[400\] = -1 is out of range/],
      ['multilabelMarginLoss', d.lists(rows, 5), (t) => { t[rows * 5 - 1] = 7; }, /target\[2004\] = 7 is out of range/],
    ];
    for (const [fn, target, spoil, message] of refused) {
      spoil(target);
      const inputCopy = x.slice();
      const targetCopy = target.slice();
      for (const reduction of ['none', 'mean']) {
        const out = { grad: new Float64Array(rows * 5).fill(7) };
        if (reduction === 'none') out.loss = new Float64Array(rows).fill(7);
        else out.loss = new Float64Array(1).fill(7);
        assert.throws(() => ml[fn](x, target, { shape: [rows, 5], reduction, out }), message);
        assert.ok(out.grad.every((v) => v === 7), `${fn} ${reduction}: options.out.grad was written`);
        assert.ok(out.loss.every((v) => v === 7), `${fn} ${reduction}: options.out.loss was written`);
      }
      assert.deepEqual(x, inputCopy);
      assert.deepEqual(target, targetCopy);
    }
  });
}
