// Every loss's gradient against a central finite difference of its own loss, in float64, for each
// reduction ('none' through a random upstream gradient). Inputs keep away from hinge kinks, where the
// loss is not differentiable.
import { test } from 'node:test';
import { assertAllClose, loadBuilds, seededRandom } from './helpers.mjs';

const builds = await loadBuilds();
const STEP = 1e-6;
const TOLERANCE = { rtol: 1e-6, atol: 1e-8 };
const N = 4;
const C = 5;

function randomArray(random, length, scale = 2) {
  return Float64Array.from({ length }, () => (random() * 2 - 1) * scale);
}

// Each case draws its fixed arguments from `random` and returns the differentiable input(s), the length of
// the 'none' output, and `call(ml, inputs, options)`.
const CASES = {
  softMarginLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, () => (random() < 0.5 ? -1 : 1));
    return { inputs: [randomArray(random, N * C)], outputLength: N * C,
      call: (ml, [x], options) => ml.softMarginLoss(x, target, options) };
  },
  multilabelSoftMarginLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, () => (random() < 0.5 ? 0 : 1));
    const weight = Float64Array.from({ length: C }, () => random() + 0.5);
    return { inputs: [randomArray(random, N * C)], outputLength: N,
      call: (ml, [x], options) => ml.multilabelSoftMarginLoss(x, target, { ...options, shape: [N, C], weight }) };
  },
  multiMarginLoss: (random) => {
    const target = Int32Array.from({ length: N }, () => Math.floor(random() * C));
    const weight = Float64Array.from({ length: C }, () => random() + 0.5);
    return { inputs: [randomArray(random, N * C)], outputLength: N,
      call: (ml, [x], options) => ml.multiMarginLoss(x, target, { ...options, shape: [N, C], p: 2, margin: 0.7, weight }) };
  },
  multiMarginLossP1: (random) => {
    const target = Int32Array.from({ length: N }, () => Math.floor(random() * C));
    return { inputs: [randomArray(random, N * C)], outputLength: N,
      call: (ml, [x], options) => ml.multiMarginLoss(x, target, { ...options, shape: [N, C] }) };
  },
  multilabelMarginLoss: () => {
    const target = Int32Array.from([3, 0, -1, 0, 0, 1, 1, 4, -1, 2, -1, 0, 0, 0, 0, 2, 4, 1, 0, 3]);
    return { inputs: [randomArray(seededRandom(7), N * C)], outputLength: N,
      call: (ml, [x], options) => ml.multilabelMarginLoss(x, target, { ...options, shape: [N, C] }) };
  },
  bceWithLogitsLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, () => random());
    const weight = Float64Array.from({ length: N * C }, () => random() + 0.5);
    const posWeight = Float64Array.from({ length: C }, () => random() * 3);
    return { inputs: [randomArray(random, N * C, 4)], outputLength: N * C,
      call: (ml, [x], options) => ml.bceWithLogitsLoss(x, target, { ...options, shape: [N, C], weight, posWeight }) };
  },
  crossEntropyIndex: (random) => {
    const target = Int32Array.from({ length: N * 3 }, () => Math.floor(random() * C));
    target[2] = -100;
    const weight = Float64Array.from({ length: C }, () => random() + 0.5);
    return { inputs: [randomArray(random, N * C * 3, 4)], outputLength: N * 3,
      call: (ml, [x], options) =>
        ml.crossEntropyLoss(x, target, { ...options, shape: [N, C, 3], weight, labelSmoothing: 0.2 }) };
  },
  crossEntropyProbability: (random) => {
    const target = Float64Array.from({ length: N * C }, () => random());
    const weight = Float64Array.from({ length: C }, () => random() + 0.5);
    return { inputs: [randomArray(random, N * C, 4)], outputLength: N,
      call: (ml, [x], options) =>
        ml.crossEntropyLoss(x, target, { ...options, shape: [N, C], weight, labelSmoothing: 0.1 }) };
  },
  hingeEmbeddingLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, (_, i) => [-1, 1, 0][i % 3]);
    return { inputs: [randomArray(random, N * C)], outputLength: N * C,
      call: (ml, [x], options) => ml.hingeEmbeddingLoss(x, target, { ...options, margin: 0.5 }) };
  },
  marginRankingLoss: (random) => {
    const target = Float64Array.from({ length: N * C }, () => (random() < 0.5 ? -1 : 1));
    return { inputs: [randomArray(random, N * C), randomArray(random, N * C)], outputLength: N * C,
      call: (ml, [x1, x2], options) => ml.marginRankingLoss(x1, x2, target, { ...options, margin: 0.3 }) };
  },
};

// The scalar whose gradient the kernel returns: the reduced loss, or upstream · loss for 'none'.
function objective(result, upstream) {
  if (typeof result.loss === 'number') return result.loss * upstream;
  return result.loss.reduce((sum, value, i) => sum + value * upstream[i], 0);
}

for (const { name: build, ml } of builds) {
  for (const [name, makeCase] of Object.entries(CASES)) {
    for (const reduction of ['none', 'mean', 'sum']) {
      test(`${build}: ${name} gradient matches finite differences (${reduction})`, () => {
        const random = seededRandom(name.length * 31 + reduction.length);
        const c = makeCase(random);
        const upstream = reduction === 'none'
          ? Float64Array.from({ length: c.outputLength }, () => random() * 2 - 1)
          : 1.5;
        const result = c.call(ml, c.inputs, { reduction, gradOutput: upstream });
        const grads = [result.grad, result.grad2];
        c.inputs.forEach((input, k) => {
          const numeric = Float64Array.from(input, (_, i) => {
            const plus = c.inputs.map((a) => a.slice());
            const minus = c.inputs.map((a) => a.slice());
            plus[k][i] += STEP;
            minus[k][i] -= STEP;
            const f = (inputs) => objective(c.call(ml, inputs, { reduction, grad: false }), upstream);
            return (f(plus) - f(minus)) / (2 * STEP);
          });
          assertAllClose(grads[k], numeric, TOLERANCE, `${name} grad${k ? k + 1 : ''}`);
        });
      });
    }
  }
}
