// Seeded random calls: 10,000 per loss and build, about one in three ill-formed, interleaved.
// A well-formed call replays a case of wasm-tests/fixtures/random-calls.json (random shapes, options,
// reductions and gradOutput, from tools/fixtures/random_calls.py) in a random dtype and form (typed or
// plain arrays, ModuleArrays, with or without gradients) and must match PyTorch 1.13's answer there
// within the dtype's tolerance. An ill-formed call (one defect applied to a case) must throw exactly a
// TypeError or RangeError (never a trap or another error), leave every caller array untouched, and not
// disturb the well-formed calls after it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeTo, fixtureNumber, loadBuilds, loadFixture, seededRandom } from './helpers.mjs';

const builds = await loadBuilds();
const FIXTURE = loadFixture('random-calls.json');
const CALLS = 10_000;
const TOLERANCE = { float32: { rtol: 2e-5, atol: 2e-6 }, float64: { rtol: 1e-10, atol: 1e-13 } };
const ARRAY_TYPE = { float32: Float32Array, float64: Float64Array };

function generator(random) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  return { int, pick, random };
}

// Turns a fixture case into a call in the dtype: the input sometimes a ModuleArray, other float arrays
// and class indices sometimes plain arrays (cross-entropy's probabilities stay typed: a plain array
// target means class indices to it), sometimes without gradients. tripletMarginLoss has no target.
function materialise(fnName, testCase, g, ml, dtype) {
  const Type = ARRAY_TYPE[dtype];
  const floats = (values) => Type.from(values, fixtureNumber);
  const moduleArrays = [];
  const asInput = (values) => {
    if (g.random() < 0.15) {
      const array = ml.alloc(Type, values.length);
      array.array.set(floats(values));
      moduleArrays.push(array);
      return array;
    }
    return floats(values);
  };
  const asSecondary = (values) => (g.random() < 0.2 ? Array.from(floats(values)) : floats(values));
  const [x, ...others] = testCase.inputs;
  const args = [asInput(x), ...others.map(asSecondary)];
  if (testCase.targetType === 'int32') args.push(g.random() < 0.2 ? [...testCase.target] : Int32Array.from(testCase.target));
  else if (testCase.target !== undefined) {
    args.push(fnName === 'crossEntropyLoss' ? floats(testCase.target) : asSecondary(testCase.target));
  }
  const options = {};
  for (const [key, value] of Object.entries(testCase.options)) {
    if (key === 'shape') options.shape = [...value];
    else if (key === 'weight' || key === 'posWeight') options[key] = asSecondary(value);
    else if (key === 'gradOutput') options.gradOutput = Array.isArray(value) ? floats(value) : value;
    else options[key] = value;
  }
  if (g.random() < 0.1) options.grad = false;
  return { args, options, moduleArrays };
}

// `want` is the fixture's value: a number or an array of numbers, NaN and ±Infinity as strings.
function checkClose(got, want, tolerance, label) {
  const g = typeof got === 'number' ? [got] : Array.from(got?.array ?? got);
  const w = Array.isArray(want) ? want.map(fixtureNumber) : [fixtureNumber(want)];
  assert.equal(g.length, w.length, `${label}: length`);
  // The tolerance scales with the largest magnitude involved (sums of many terms).
  const scale = Math.max(1, ...w.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
  for (let i = 0; i < w.length; i++) {
    const ok = closeTo(g[i], w[i], { rtol: tolerance.rtol, atol: tolerance.atol * scale });
    if (!ok) assert.fail(`${label}[${i}] = ${g[i]}, PyTorch ${w[i]}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Ill-formed calls: one defect applied to a well-formed call. Each returns the new [args, options].
const DETACH = (array) => {
  const copy = array.slice();
  structuredClone(copy.buffer, { transfer: [copy.buffer] });
  return copy;
};
const isF32 = (input) => (input.type ?? input.constructor) === Float32Array;
const DEFECTS = [
  ['input is a plain object', (a, o) => [[{ length: a[0].length }, ...a.slice(1)], o]],
  ['input is a string', (a, o) => [['1,2', ...a.slice(1)], o]],
  ['input is an Int8Array', (a, o) => [[new Int8Array(a[0].length), ...a.slice(1)], o]],
  ['input is a BigInt64Array', (a, o) => [[new BigInt64Array(a[0].length), ...a.slice(1)], o]],
  ['input is null', (a, o) => [[null, ...a.slice(1)], o]],
  ['input is detached', (a, o) => [[DETACH(a[0].array ?? a[0]), ...a.slice(1)], o]],
  ['target is missing', (a, o) => [a.slice(0, -1), o], (a) => a.length === 2],
  ['last argument too short', (a, o) => [[...a.slice(0, -1), a.at(-1).slice?.(0, -1) ?? []], o], (a) => a.at(-1).length > 0],
  ['last argument too long', (a, o) => [[...a.slice(0, -1), [...Array.from(a.at(-1)), 0]], o]],
  ['last argument is a BigInt64Array', (a, o) => [[...a.slice(0, -1), new BigInt64Array(a.at(-1).length)], o]],
  ['last argument is detached', (a, o) => [[...a.slice(0, -1), DETACH(ArrayBuffer.isView(a.at(-1)) ? a.at(-1) : Float64Array.from(a.at(-1)))], o], (a) => ArrayBuffer.isView(a.at(-1)) && a.at(-1).length > 0],
  ['shape product wrong', (a, o) => [a, { ...o, shape: [(a[0].length ?? 0) + 1] }]],
  ['shape has a negative dimension', (a, o) => [a, { ...o, shape: [-1, -(a[0].length ?? 0)] }]],
  ['shape has a fractional dimension', (a, o) => [a, { ...o, shape: [0.5, 2 * (a[0].length ?? 0)] }]],
  ['shape has a string dimension', (a, o) => [a, { ...o, shape: [String(a[0].length)] }]],
  ['shape has NaN', (a, o) => [a, { ...o, shape: [NaN] }]],
  ['shape is a number', (a, o) => [a, { ...o, shape: a[0].length }]],
  ['shape has a dimension beyond 32 bits', (a, o) => [a, { ...o, shape: [2 ** 32, 0] }]],
  ['unknown option reduce', (a, o) => [a, { ...o, reduce: 'sum' }]],
  ['unknown option sizeAverage', (a, o) => [a, { ...o, sizeAverage: false }]],
  ['reduction misspelt', (a, o) => [a, { ...o, reduction: 'Sum' }]],
  ['reduction elementwise_mean', (a, o) => [a, { ...o, reduction: 'elementwise_mean' }]],
  ['reduction is a number', (a, o) => [a, { ...o, reduction: 1 }]],
  ['grad is a string', (a, o) => [a, { ...o, grad: 'false' }]],
  ['gradOutput wrong kind', (a, o) => [a, { ...o, gradOutput: (o.reduction ?? 'mean') === 'none' ? 1 : [1] }]],
  ['gradOutput wrong length', (a, o) => [a, { ...o, reduction: 'none', gradOutput: new Float64Array(10_000) }]],
  ['options is an array', (a) => [a, []]],
  ['out of the other dtype', (a, o) => [a, { ...o, out: { grad: isF32(a[0]) ? new Float64Array(a[0].length) : new Float32Array(a[0].length) } }]],
];
const SPECIFIC = {
  multiMarginLoss: [
    ['p = 3', (a, o) => [a, { ...o, p: 3 }]],
    ['p = 1.5', (a, o) => [a, { ...o, p: 1.5 }]],
    ['p = "2"', (a, o) => [a, { ...o, p: '2' }]],
    ['margin NaN', (a, o) => [a, { ...o, margin: NaN }]],
    ['weight of the wrong length', (a, o) => [a, { ...o, weight: new Float64Array(o.shape.at(-1) + 1) }]],
    ['weight of the other dtype', (a, o) => [a, { ...o, weight: isF32(a[0]) ? new Float64Array(o.shape.at(-1)) : new Float32Array(o.shape.at(-1)) }]],
    ['class index = C', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === 0 ? o.shape.at(-1) : v))], o], (a) => a[1].length > 0],
    ['class index NaN', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === 0 ? NaN : v))], o], (a) => a[1].length > 0],
    ['class index fractional', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === 0 ? 0.5 : v))], o], (a) => a[1].length > 0],
    ['class indices as Float32Array', (a, o) => [[a[0], Float32Array.from(a[1])], o]],
    ['class dimension 0', (a, o) => [a, { ...o, shape: [a[0].length, 0] }], (a) => a[0].length === 0],
    ['three dimensions', (a, o) => [a, { ...o, shape: [1, 1, a[0].length] }]],
  ],
  multilabelMarginLoss: [
    ['entry -2', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === a[1].length - 1 ? -2 : v))], o], (a) => a[1].length > 0],
    ['entry C after the terminator', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === a[1].length - 1 ? o.shape.at(-1) : v))], o], (a) => a[1].length > 0],
    ['margin option', (a, o) => [a, { ...o, margin: 1 }]],
    ['target of the row count', (a, o) => [[a[0], Int32Array.from({ length: o.shape.length === 2 ? o.shape[0] : 1 }, () => -1)], o], (a, o) => a[0].length !== (o.shape.length === 2 ? o.shape[0] : 1)],
  ],
  crossEntropyLoss: [
    ['label smoothing 1.5', (a, o) => [a, { ...o, labelSmoothing: 1.5 }]],
    ['label smoothing -0.5', (a, o) => [a, { ...o, labelSmoothing: -0.5 }]],
    ['label smoothing NaN', (a, o) => [a, { ...o, labelSmoothing: NaN }]],
    ['ignoreIndex fractional', (a, o) => [a, { ...o, ignoreIndex: 1.5 }]],
    ['ignoreIndex string', (a, o) => [a, { ...o, ignoreIndex: '-100' }]],
    ['ignoreIndex ≥ 0 with probabilities', (a, o) => [a, { ...o, ignoreIndex: 0 }], (a) => ArrayBuffer.isView(a[1]) && !(a[1] instanceof Int32Array)],
    ['target out of range, not ignored', (a, o) => [[a[0], Array.from(a[1]).map((v, i) => (i === 0 ? 1000 : v))], { ...o, ignoreIndex: -100 }], (a) => a[1] instanceof Int32Array && a[1].length > 0],
    ['weight of the wrong length', (a, o) => [a, { ...o, weight: new Float64Array(99) }]],
    ['missing shape', (a, o) => [a, { ...o, shape: undefined }]],
  ],
  bceWithLogitsLoss: [
    ['posWeight of the wrong length', (a, o) => [a, { ...o, posWeight: new Float64Array(o.shape[1] + 1) }]],
    ['weight of the wrong length', (a, o) => [a, { ...o, weight: new Float64Array(a[0].length + 1) }], (a, o) => a[0].length + 1 !== o.shape[1]],
    ['pos_weight spelt the torch way', (a, o) => [a, { ...o, pos_weight: [1] }]],
  ],
  multilabelSoftMarginLoss: [
    ['weight of the wrong length', (a, o) => [a, { ...o, weight: [1, 2, 3, 4, 5, 6] }]],
    ['weight of the wrong dtype', (a, o) => [a, { ...o, weight: new Int32Array(o.shape[1]) }]],
    ['shape with one dimension too many', (a, o) => [a, { ...o, shape: [1, ...o.shape] }], (a, o) => o.shape.length === 2],
  ],
  hingeEmbeddingLoss: [
    ['margin Infinity', (a, o) => [a, { ...o, margin: Infinity }]],
    ['margin string', (a, o) => [a, { ...o, margin: '1' }]],
  ],
  marginRankingLoss: [
    ['input2 of the other dtype', (a, o) => [[a[0], isF32(a[0]) ? new Float64Array(a[0].length) : new Float32Array(a[0].length), a[2]], o]],
    ['ignoreIndex option', (a, o) => [a, { ...o, ignoreIndex: 1 }]],
  ],
  cosineEmbeddingLoss: [
    ['target is missing', (a, o) => [a.slice(0, 2), o]],
    ['input2 of the other dtype', (a, o) => [[a[0], isF32(a[0]) ? new Float64Array(a[0].length) : new Float32Array(a[0].length), a[2]], o]],
    ['one label per element', (a, o) => [[a[0], a[1], new Float64Array(a[0].length)], o], (a) => a[0].length !== a[2].length],
    ['margin NaN', (a, o) => [a, { ...o, margin: NaN }]],
    ['margin Infinity', (a, o) => [a, { ...o, margin: Infinity }]],
    ['missing shape', (a, o) => [a, { ...o, shape: undefined }]],
    ['three dimensions', (a, o) => [a, { ...o, shape: [1, 1, a[0].length] }]],
    ['p option', (a, o) => [a, { ...o, p: 2 }]],
  ],
  tripletMarginLoss: [
    ['negative of the other dtype', (a, o) => [[a[0], a[1], isF32(a[0]) ? new Float64Array(a[0].length) : new Float32Array(a[0].length)], o]],
    ['negative is missing', (a, o) => [a.slice(0, 2), o]],
    ['a target', (a, o) => [[...a, new Float64Array(o.shape.length === 2 ? o.shape[0] : 1)], o]],
    ['p = 0.5', (a, o) => [a, { ...o, p: 0.5 }]],
    ['p = 0', (a, o) => [a, { ...o, p: 0 }]],
    ['p = Infinity', (a, o) => [a, { ...o, p: Infinity }]],
    ['p = "2"', (a, o) => [a, { ...o, p: '2' }]],
    ['eps negative', (a, o) => [a, { ...o, eps: -1e-6 }]],
    ['eps NaN', (a, o) => [a, { ...o, eps: NaN }]],
    ['swap is a number', (a, o) => [a, { ...o, swap: 1 }]],
    ['margin NaN', (a, o) => [a, { ...o, margin: NaN }]],
    ['missing shape', (a, o) => [a, { ...o, shape: undefined }]],
    ['three dimensions', (a, o) => [a, { ...o, shape: [1, 1, a[0].length] }]],
    ['labels option', (a, o) => [a, { ...o, labels: 'strict' }]],
  ],
  softMarginLoss: [['weight option', (a, o) => [a, { ...o, weight: [1] }]]],
};

function snapshot(values) {
  return values.map((v) => {
    if (v?.freed) return 'freed';
    const array = v?.array ?? v;
    if (ArrayBuffer.isView(array) && array.byteLength === 0) return [];
    return ArrayBuffer.isView(array) || Array.isArray(array) ? Array.from(array, (e) => (typeof e === 'bigint' ? e : Object.is(e, -0) ? '-0' : e)) : v;
  });
}

for (const { name: build, ml } of builds) {
  for (const [fnName, cases] of Object.entries(FIXTURE.losses)) {
    test(`${build}: ${fnName}: ${CALLS} random calls match PyTorch or throw TypeError/RangeError`, () => {
      const g = generator(seededRandom(0x5eed ^ fnName.length * 7919 ^ (build === 'simd' ? 1 : 2)));
      const defects = [...DEFECTS, ...(SPECIFIC[fnName] ?? [])];
      const counts = { good: 0, bad: 0 };
      const dtypesRun = cases.map(() => new Set());
      for (let call = 0; call < CALLS; call++) {
        const index = call % cases.length;
        const testCase = cases[index];
        const dtype = g.random() < 0.5 ? 'float32' : 'float64';
        const c = materialise(fnName, testCase, g, ml, dtype);
        const label = `${fnName} case ${index} call ${call} (${dtype}, ${JSON.stringify(testCase.options)})`;
        try {
          if (g.random() < 0.35) {
            const applicable = defects.filter(([, , when]) => !when || when(c.args, c.options));
            const [name, apply] = g.pick(applicable);
            const [args, options] = apply(c.args, c.options);
            const callerArrays = () => [...args, ...Object.values(options ?? {}), ...Object.values(options?.out ?? {})];
            const before = snapshot(callerArrays());
            assert.throws(() => ml[fnName](...args, options), (error) => {
              assert.ok(error.constructor === TypeError || error.constructor === RangeError,
                `${label}, defect '${name}': ${error.constructor.name}: ${error.message}`);
              assert.match(error.message, new RegExp(`^(${fnName}|marginloss):`), `${label}, defect '${name}': ${error.message}`);
              return true;
            }, `${label}: defect '${name}' was accepted`);
            assert.deepEqual(snapshot(callerArrays()), before, `${label}: '${name}' wrote to the caller's arrays`);
            counts.bad++;
          } else {
            const got = ml[fnName](...c.args, c.options);
            const want = testCase.expected;
            const tolerance = TOLERANCE[dtype];
            checkClose(got.loss, want.loss, tolerance, `${label} loss`);
            if (c.options.grad === false) assert.equal(got.grad, null);
            else {
              checkClose(got.grad, want.grad, tolerance, `${label} grad`);
              if (want.grad2) checkClose(got.grad2, want.grad2, tolerance, `${label} grad2`);
              if (want.grad3) checkClose(got.grad3, want.grad3, tolerance, `${label} grad3`);
            }
            dtypesRun[index].add(dtype);
            counts.good++;
          }
        } finally {
          for (const array of c.moduleArrays) array.free();
        }
      }
      assert.ok(counts.good > CALLS / 2 && counts.bad > CALLS / 4, JSON.stringify(counts));
      const missed = dtypesRun.findIndex((dtypes) => dtypes.size < 2);
      assert.equal(missed, -1, `case ${missed} was not run well-formed in both dtypes`);
    });
  }
}
