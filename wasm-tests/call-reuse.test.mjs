// The binding reuses one Call object for every loss call of an API object (js/api.js, js/call.js), so
// that a small call allocates nothing but its results. What that must not change: a call made while
// another is running (from inside an options getter) gets the same results as alone, and so does the
// outer call; a refused call leaves the next one unaffected; and a finished call holds none of the
// caller's arrays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { loadBuilds } from './helpers.mjs';

const builds = await loadBuilds();

// SoftMarginLoss of x = [1, -2], y = [1, 1], 'none': softplus(-x) = [log(1 + e^-1), log(1 + e^2)], and
// d/dx = -sigmoid(-x).
const X = [1, -2];
const SOFT_NONE = X.map((x) => Math.log1p(Math.exp(-x)));
const SOFT_GRAD = X.map((x) => -1 / (1 + Math.exp(x)));
// MarginRankingLoss of x1 = [3, 0], x2 = [1, 1], y = [-1, 1], margin 0.5: max(0, -y(x1 - x2) + 0.5).
const RANKING_NONE = [2.5, 1.5];

function assertNear(got, expected, what) {
  assert.equal(got.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(got[i] - expected[i]) < 1e-12, `${what}[${i}]: ${got[i]} vs ${expected[i]}`);
}

for (const { name, ml } of builds) {
  test(`${name}: a call made from an options getter, during another call, leaves both correct`, () => {
    // A call first, so that a spare Call exists for the outer call to take.
    ml.softMarginLoss(Float64Array.from(X), Float64Array.of(1, 1));
    let inner = null;
    const options = {
      reduction: 'none',
      get margin() {
        inner = ml.softMarginLoss(Float64Array.from(X), Float64Array.of(1, 1), { reduction: 'none' });
        return 0.5;
      },
    };
    const outer = ml.marginRankingLoss(Float64Array.of(3, 0), Float64Array.of(1, 1), Float64Array.of(-1, 1), options);
    assertNear(outer.loss, RANKING_NONE, 'outer loss');
    assertNear(outer.grad, [1, -1], 'outer grad');
    assertNear(outer.grad2, [-1, 1], 'outer grad2');
    assertNear(inner.loss, SOFT_NONE, 'inner loss');
    assertNear(inner.grad, SOFT_GRAD, 'inner grad');
  });

  test(`${name}: a refused call leaves the next call's state clean`, () => {
    // Refused after its target, weight and shape were taken: none of them may leak into the next call.
    assert.throws(() => ml.multiMarginLoss(Float64Array.of(1, 2, 3, 4), Int32Array.of(0, 1), {
      shape: [2, 2], weight: Float64Array.of(1, 1), reduction: 'bogus',
    }), RangeError);
    const r = ml.softMarginLoss(Float64Array.from(X), Float64Array.of(1, 1), { reduction: 'none' });
    assertNear(r.loss, SOFT_NONE, 'loss');
    assertNear(r.grad, SOFT_GRAD, 'grad');
  });
}

test('a finished call keeps none of the caller\'s arrays alive', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const { ml } = builds[0];
  const refs = [];
  (() => {
    const input = new Float32Array(1 << 16).fill(0.5);
    const target = new Float32Array(1 << 16).fill(1);
    const grad = new Float32Array(1 << 16);
    ml.softMarginLoss(input, target, { out: { grad } });
    refs.push(new WeakRef(input), new WeakRef(target), new WeakRef(grad));
  })();
  // A WeakRef's target survives until the end of the job that made or read it: collect in a later turn.
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  assert.deepEqual(refs.map((ref) => ref.deref() === undefined), [true, true, true]);
});
