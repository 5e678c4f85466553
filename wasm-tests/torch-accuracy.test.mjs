// Relative accuracy against PyTorch 1.13, float32: is marginloss at least as accurate as torch?
//
//   node --test wasm-tests/torch-accuracy.test.mjs
//   ACCURACY_REPORT=1 node --test wasm-tests/torch-accuracy.test.mjs   (also prints every measurement)
//
// wasm-tests/fixtures/accuracy.json (tools/fixtures/accuracy.py; see tools/fixtures/README.md) holds, per
// case, torch 1.13's float32 outputs and the truth: the loss in mpmath at 60 digits on the same float32
// inputs, rounded to float64. The inputs are regenerated here with the generator's PRNG and mappings,
// and their checksum must match the fixture's. For every case, reduction and output (loss, grad, and
// grad2 and grad3 for the second and third inputs), both builds:
//
//   error of a value v, in float32 ulps at the truth t:  |v - t| / ulp(fround(t)), where ulp(r) is the
//   float32 spacing at |r| (2^(e-23) for 2^e <= |r| < 2^(e+1); 2^-149 below the normal range).
//   NaN truth: 0 if v is NaN, else Infinity. Infinite truth: 0 if v === t, else Infinity. Finite truth
//   and non-finite v: Infinity. A correctly rounded result has error <= 0.5.
//
// Criterion, per case, reduction and output, with max and mean over the output's elements:
//   ours.max  <= max(torch.max, 1)
//   ours.mean <= max(torch.mean, 0.5)
// Why: within 1 ulp is a faithfully rounded float32 result, the best float32 arithmetic promises
// without a correctly rounded library; torch itself is not correctly rounded, so a max below 1 ulp on
// torch's side (often by luck on a single reduced value) is not a bar a different but equally faithful
// evaluation order must meet. The mean compares typical error; its floor 0.5 is the worst mean a
// correctly rounded result can have, so a correctly rounded marginloss never fails because torch's
// rounding happened to land closer on average. Above the floors the comparison is strict: no slack.
// A single value (a reduced loss) has mean = max and is judged by the max rule alone.
//
// Known gaps: where marginloss measured less accurate than torch (KNOWN_GAPS below, the same in both
// builds), the output must stay within the gap measured when it was listed (GAP_MAX and GAP_MEAN ulp
// above torch's max and mean, the largest measured gap rounded up): it fails if the gap widens. The
// list is exact: an output that fails and is not listed fails the test, and a listed output that
// meets the criterion fails the test too ("gap closed: remove it from KNOWN_GAPS"), so the list can
// neither hide a new gap nor go stale.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadBuilds, loadFixture, mulberry32 } from './helpers.mjs';

const FIXTURE = loadFixture('accuracy.json');
const REPORT = Boolean(process.env.ACCURACY_REPORT);
const MAX_FLOOR = 1;
const MEAN_FLOOR = 0.5;
const GAP_MAX = 0.6;
const GAP_MEAN = 0.15;

// `${case name}|${reduction}|${output}` where marginloss is less accurate than torch 1.13 float32
// (as measured against this fixture; ours vs torch, max / mean ulp, in the comments).
const KNOWN_GAPS = new Set([
  // The sigmoid in the gradients of softMarginLoss and multilabelSoftMarginLoss: ours within 1.9 ulp (the
  // vector sigmoid's bound is 3), torch within 1.8. softMarginLoss grad: ours max 1.62-1.85, mean
  // 0.29-0.45; torch max 1.46-1.50, mean 0.23-0.36. multilabelSoftMarginLoss grad: ours max 1.79-1.88,
  // mean 0.29-0.50; torch max 1.33-1.79, mean 0.22-0.37.
  ...['softMarginLoss', 'multilabelSoftMarginLoss'].flatMap((loss) => [
    ...['typical 64x8', 'wide 64x8'].flatMap((c) => ['none', 'mean', 'sum'].map((r) => `${loss} ${c}|${r}|grad`)),
    ...['mean', 'sum'].map((r) => `${loss} ${loss === 'softMarginLoss' ? 'wide' : 'typical'} 8192x8|${r}|grad`),
  ]),
]);

// ------------------------------------------------------------------------------------------------
// PRNG (helpers.mjs's mulberry32) and mappings: the same as tools/fixtures/accuracy.py (documented there).

function draw(next, kind, n, classes) {
  switch (kind) {
    case 'typical':
      return Float32Array.from({ length: n }, () => {
        let s = 0;
        for (let k = 0; k < 4; k++) s += next() >>> 10;
        return (s - 2 ** 23) / 2 ** 20;
      });
    case 'wide':
      return Float32Array.from({ length: n }, () => ((next() >>> 8) - 2 ** 23) * 5 / 2 ** 20);
    case 'sign':
      return Float32Array.from({ length: n }, () => (next() >>> 31 ? 1 : -1));
    case 'bit':
      return Float32Array.from({ length: n }, () => next() >>> 31);
    case 'index':
      return Int32Array.from({ length: n }, () => Math.floor(((next() >>> 8) * classes) / 2 ** 24));
    case 'indexList': {
      const out = new Int32Array(n).fill(-1);
      for (let row = 0; row < n / classes; row++) {
        let k = row * classes;
        for (let j = 0; j < classes; j++) if (next() >>> 31) out[k++] = j;
      }
      return out;
    }
    case 'weight':
      return Float32Array.from({ length: n }, () => 0.5 + ((next() >>> 8) * 2.5) / 2 ** 24);
    default:
      throw new Error(`accuracy.json: unknown array kind ${kind}`);
  }
}

// FNV-1a 32-bit over the little-endian bytes (typed arrays are little-endian on every host Node runs on).
function fnv1a(hash, array) {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  for (const b of bytes) hash = Math.imul(hash ^ b, 16777619) >>> 0;
  return hash;
}

function generate(testCase) {
  const next = mulberry32(testCase.seed);
  const classes = testCase.options.shape[1];
  const arrays = {};
  let checksum = 0x811c9dc5;
  for (const { role, kind, length } of testCase.arrays) {
    arrays[role] = draw(next, kind, length, classes);
    checksum = fnv1a(checksum, arrays[role]);
  }
  return { arrays, checksum };
}

// ------------------------------------------------------------------------------------------------
// Errors in float32 ulps

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function ulpAt(truth) {
  f32[0] = truth;
  if (!Number.isFinite(f32[0])) return 2 ** 104; // beyond float32's range: the spacing at its top
  const exponent = (u32[0] >>> 23) & 0xff;
  return 2 ** (Math.max(exponent, 1) - 127 - 23);
}

export function ulpError(value, truth) {
  if (Number.isNaN(truth)) return Number.isNaN(value) ? 0 : Infinity;
  if (!Number.isFinite(truth)) return value === truth ? 0 : Infinity;
  if (!Number.isFinite(value)) return Infinity;
  return Math.abs(value - truth) / ulpAt(truth);
}

function stats(values, truth) {
  let max = 0;
  let sum = 0;
  let worst = 0;
  for (let i = 0; i < truth.length; i++) {
    const e = ulpError(values[i], truth[i]);
    sum += e;
    if (e > max || Number.isNaN(e)) {
      max = e;
      worst = i;
    }
  }
  return { max, mean: sum / truth.length, worst };
}

function decode(b64, Type) {
  const bytes = Buffer.from(b64, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Type(copy.buffer);
}

// ------------------------------------------------------------------------------------------------
// The call

function call(ml, testCase, arrays, reduction) {
  const { loss } = testCase;
  const options = { shape: [...testCase.options.shape], reduction };
  for (const key of ['p', 'margin', 'labelSmoothing', 'swap']) {
    if (key in testCase.options) options[key] = testCase.options[key];
  }
  if (arrays.posWeight) options.posWeight = arrays.posWeight;
  // (input, [input2, [input3,]] target, options); tripletMarginLoss has no target
  const args = ['input', 'input2', 'input3', 'target'].filter((role) => arrays[role]).map((role) => arrays[role]);
  const result = ml[loss](...args, options);
  const out = { loss: typeof result.loss === 'number' ? Float32Array.of(result.loss) : result.loss };
  for (const key of ['grad', 'grad2', 'grad3']) if (result[key]) out[key] = result[key];
  if (typeof result.loss === 'number') {
    assert.equal(Math.fround(result.loss), result.loss, `${loss} ${reduction}: the float32 loss is a float32 value`);
  }
  return out;
}

const fmt = (x) => (x === Infinity ? 'inf' : x < 10 ? x.toFixed(3) : x < 1e4 ? x.toFixed(1) : x.toPrecision(7));

// Measures one case; returns rows { reduction, key, ours, torch, ok, worst... }.
function measure(ml, testCase, arrays) {
  const rows = [];
  for (const { reduction, outputs } of testCase.runs) {
    const ours = call(ml, testCase, arrays, reduction);
    for (const [key, stored] of Object.entries(outputs)) {
      const truth = decode(stored.truth, Float64Array);
      const theirs = decode(stored.torch, Float32Array);
      assert.equal(truth.length, stored.stored, `${testCase.name} ${reduction} ${key}: stored truth`);
      assert.equal(theirs.length, stored.stored, `${testCase.name} ${reduction} ${key}: stored torch values`);
      assert.ok(ours[key] instanceof Float32Array, `${testCase.name} ${reduction} ${key}: a Float32Array`);
      assert.equal(ours[key].length, stored.length, `${testCase.name} ${reduction} ${key}: length`);
      const mine = ours[key].subarray(0, stored.stored);
      const o = stats(mine, truth);
      const t = stats(theirs, truth);
      // One value: its mean is its max, judged by the max rule alone.
      const ok = o.max <= Math.max(t.max, MAX_FLOOR) && (truth.length === 1 || o.mean <= Math.max(t.mean, MEAN_FLOOR));
      rows.push({ reduction, key, count: stored.stored, ours: o, torch: t, ok,
        at: { i: o.worst, ours: mine[o.worst], torch: theirs[o.worst], truth: truth[o.worst] } });
    }
  }
  return rows;
}

function describe(testCase, row) {
  const { ours, torch, at } = row;
  return `${testCase.name} '${row.reduction}' ${row.key} (${row.count} values): ` +
    `ours max ${fmt(ours.max)} mean ${fmt(ours.mean)} ulp, torch max ${fmt(torch.max)} mean ${fmt(torch.mean)} ulp` +
    (row.ok ? '' : `; criterion: ours max <= max(torch max, ${MAX_FLOOR}) and ours mean <= max(torch mean, ${MEAN_FLOOR});` +
      ` worst at [${at.i}]: ours ${at.ours}, torch ${at.torch}, truth ${at.truth}`);
}

// ------------------------------------------------------------------------------------------------

test('accuracy.json: torch 1.13, all ten losses, regenerated inputs match the checksums', () => {
  assert.equal(FIXTURE.torch, '1.13.0a0');
  const losses = new Set(FIXTURE.cases.map((c) => c.loss));
  assert.deepEqual([...losses].sort(), [
    'bceWithLogitsLoss', 'cosineEmbeddingLoss', 'crossEntropyLoss', 'hingeEmbeddingLoss', 'marginRankingLoss',
    'multiMarginLoss', 'multilabelMarginLoss', 'multilabelSoftMarginLoss', 'softMarginLoss', 'tripletMarginLoss',
  ]);
  assert.equal(new Set(FIXTURE.cases.map((c) => c.name)).size, FIXTURE.cases.length, 'unique case names');
  for (const testCase of FIXTURE.cases) {
    assert.equal(generate(testCase).checksum, testCase.checksum,
      `${testCase.name}: the regenerated inputs differ from the generator's (PRNG or mapping mismatch)`);
  }
});

test('ulpError: exact, half an ulp, one ulp, special values', () => {
  assert.equal(ulpError(1, 1), 0);
  assert.equal(ulpError(1 + 2 ** -23, 1 + 2 ** -24), 0.5);
  assert.equal(ulpError(Math.fround(0.1), 0.1) <= 0.5, true);
  assert.equal(ulpError(2 ** -149, 0), 1);
  assert.equal(ulpError(NaN, NaN), 0);
  assert.equal(ulpError(0, NaN), Infinity);
  assert.equal(ulpError(NaN, 1), Infinity);
  assert.equal(ulpError(Infinity, Infinity), 0);
  assert.equal(ulpError(3e38, Infinity), Infinity);
  assert.equal(ulpError(Infinity, 1), Infinity);
});

const builds = await loadBuilds();
for (const build of builds) {
  for (const testCase of FIXTURE.cases) {
    test(`[${build.name}] ${testCase.name}: at least as accurate as torch 1.13 float32`, (t) => {
      const { arrays, checksum } = generate(testCase);
      assert.equal(checksum, testCase.checksum, `${testCase.name}: regenerated inputs (PRNG mismatch)`);
      const rows = measure(build.ml, testCase, arrays);
      if (REPORT) for (const row of rows) t.diagnostic(`[${build.name}] ${describe(testCase, row)}`);
      const known = (row) => KNOWN_GAPS.has(`${testCase.name}|${row.reduction}|${row.key}`);
      const problems = [];
      for (const row of rows) {
        if (!known(row)) {
          if (!row.ok) problems.push(`less accurate than torch 1.13: ${describe(testCase, row)}`);
        } else if (row.ok) {
          problems.push(`gap closed, remove it from KNOWN_GAPS: ${describe(testCase, row)}`);
        } else if (row.ours.max > row.torch.max + GAP_MAX || row.ours.mean > row.torch.mean + GAP_MEAN) {
          problems.push(`known gap widened beyond ${GAP_MAX} ulp (max) / ${GAP_MEAN} ulp (mean): ${describe(testCase, row)}`);
        }
      }
      if (problems.length) assert.fail(`[${build.name}] ${problems.join('\n  ')}`);
    });
  }
}
