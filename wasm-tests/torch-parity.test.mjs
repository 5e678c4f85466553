// PyTorch-parity tests: every case of wasm-tests/fixtures/*.json (generated from torch 1.13 by
// tools/fixtures/generate.py; format in tools/fixtures/README.md) through the JS API, against both the
// SIMD and the baseline build.
//
//   node --test wasm-tests/torch-parity.test.mjs
//
// Tolerance: |got - expected| <= atol + rtol * |expected|, per dtype, for the loss and every gradient
// element. NaN must match NaN and ±Infinity must match exactly; the sign of zero is not compared.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { LOSSES as PACKAGE_LOSSES } from '../js/losses/index.js';
import { closeTo, fixtureNumber, loadBuilds, loadFixture } from './helpers.mjs';

const TOLERANCE = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-10, atol: 1e-12 },
};
const ARRAY_TYPE = { float32: Float32Array, float64: Float64Array };
const MAX_REPORTED = 8;

const builds = await loadBuilds();
// Every loss of the package's list has a fixture file, wasm-tests/fixtures/<name>.json: a new loss
// without one fails here.
const LOSSES = PACKAGE_LOSSES.map(({ name }) => name);
const FIXTURES = LOSSES.map((loss) => ({ loss, file: `${loss}.json`, doc: loadFixture(`${loss}.json`) }));

function floatArray(values, dtype) {
  return ARRAY_TYPE[dtype].from(values, fixtureNumber);
}

// The expected value as the dtype holds it (float32 fixtures are written as float32 values).
function expectedValue(value, dtype) {
  const v = fixtureNumber(value);
  return dtype === 'float32' ? Math.fround(v) : v;
}

// The API call's arguments for one case: its inputs, its target (a case without one, such as a triplet's,
// has no target field), then its options.
function buildCall(testCase) {
  const { dtype } = testCase;
  const inputs = testCase.inputs.map((values) => floatArray(values, dtype));
  if (testCase.target !== undefined) {
    inputs.push(testCase.targetType === 'int32' ? Int32Array.from(testCase.target) : floatArray(testCase.target, dtype));
  }
  const options = {};
  for (const [key, value] of Object.entries(testCase.options)) {
    if (key === 'weight' || key === 'posWeight') {
      options[key] = floatArray(value, dtype);
    } else if (key === 'gradOutput') {
      options[key] = Array.isArray(value) ? floatArray(value, dtype) : fixtureNumber(value);
    } else if (key === 'shape') {
      options[key] = [...value];
    } else {
      options[key] = value;
    }
  }
  return [...inputs, options];
}

// Compares one array-valued result; returns the mismatch descriptions.
function compareArray(what, got, expectedValues, dtype) {
  const Type = ARRAY_TYPE[dtype];
  if (!(got instanceof Type)) {
    return [`${what}: expected a ${Type.name}, got ${got?.constructor?.name ?? typeof got}`];
  }
  if (got.length !== expectedValues.length) {
    return [`${what}: length ${got.length}, expected ${expectedValues.length}`];
  }
  const problems = [];
  for (let i = 0; i < got.length; i++) {
    const expected = expectedValue(expectedValues[i], dtype);
    if (!closeTo(got[i], expected, TOLERANCE[dtype])) problems.push(`${what}[${i}]: got ${got[i]}, expected ${expected}`);
  }
  return problems;
}

// The gradients a result may hold, for inputs[0], inputs[1] and inputs[2].
const GRADIENTS = ['grad', 'grad2', 'grad3'];

function compareCase(testCase, result) {
  const { dtype, expected } = testCase;
  // Exactly the results the fixture has: a gradient per input, no more.
  const keys = ['loss', ...GRADIENTS.filter((key) => expected[key] !== undefined)];
  let problems = [];
  if (Object.keys(result).join() !== keys.join()) {
    problems.push(`result keys: got ${Object.keys(result).join(', ')}, expected ${keys.join(', ')}`);
  }
  if (Array.isArray(expected.loss)) {
    problems = problems.concat(compareArray('loss', result.loss, expected.loss, dtype));
  } else if (typeof result.loss !== 'number') {
    problems.push(`loss: expected a number, got ${result.loss?.constructor?.name ?? typeof result.loss}`);
  } else {
    const want = expectedValue(expected.loss, dtype);
    if (!closeTo(result.loss, want, TOLERANCE[dtype])) problems.push(`loss: got ${result.loss}, expected ${want}`);
  }
  for (const key of keys.slice(1)) problems = problems.concat(compareArray(key, result[key], expected[key], dtype));
  return problems;
}

test('fixture files: every loss, torch 1.13, unique case names, one input per gradient', () => {
  for (const { file, doc } of FIXTURES) {
    assert.equal(doc.torch, '1.13.0a0', `${file}: torch version`);
    assert.ok(Array.isArray(doc.cases) && doc.cases.length > 0, `${file}: has cases`);
    const names = new Set(doc.cases.map((c) => c.name));
    assert.equal(names.size, doc.cases.length, `${file}: case names are unique`);
    for (const c of doc.cases) {
      assert.ok(c.dtype in ARRAY_TYPE, `${file}: ${c.name}: dtype ${c.dtype}`);
      if (c.target === undefined) {
        assert.equal(c.targetType, undefined, `${file}: ${c.name}: a targetType without a target`);
      } else {
        assert.ok(c.targetType === 'int32' || c.targetType === 'float', `${file}: ${c.name}: targetType`);
      }
      const gradients = GRADIENTS.filter((key) => c.expected[key] !== undefined);
      assert.deepEqual(gradients, GRADIENTS.slice(0, c.inputs.length), `${file}: ${c.name}: a gradient per input`);
    }
  }
});

for (const { name: build, ml } of builds) {
  for (const { loss, file, doc } of FIXTURES) {
    test(`[${build}] ${file}`, async (t) => {
      for (const testCase of doc.cases) {
        await t.test(`[${build}] ${file}: ${testCase.name}`, () => {
          const result = ml[loss](...buildCall(testCase));
          const problems = compareCase(testCase, result);
          if (problems.length > 0) {
            const shown = problems.slice(0, MAX_REPORTED).join('\n  ');
            const more = problems.length > MAX_REPORTED ? `\n  ... and ${problems.length - MAX_REPORTED} more` : '';
            const source = testCase.source ? ` (expected values: ${testCase.source})` : '';
            assert.fail(`${loss} ${testCase.name}${source}:\n  ${shown}${more}`);
          }
        });
      }
    });
  }
}
