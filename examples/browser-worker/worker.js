// Trains the two-layer classifier of examples/node-typed-arrays in a Web Worker, so the page stays
// responsive, and posts its progress. build.mjs bundles this file: a browser cannot resolve the package's
// own imports inside a worker (import maps do not apply to workers).
import { init } from 'marginloss';

import { TwoLayerNet } from '../node-typed-arrays/two-layer-net.js';
import { CLASSES, seededRandom, spiral } from '../shared/spiral.js';

const LEARNING_RATE = 1;

// { steps, reportEvery } in; { type: 'progress', step, loss, accuracy }, then { type: 'done' } out (or
// { type: 'error', message }).
onmessage = async ({ data: { steps, reportEvery } }) => {
  try {
    const ml = await init();
    const train = spiral(100, 1);
    const test = spiral(100, 2);
    const net = new TwoLayerNet({ inputs: 2, hidden: 16, classes: CLASSES, maxBatch: 300, random: seededRandom(3) });
    for (let step = 1; step <= steps; step++) {
      const loss = net.step(ml, train.points, train.labels, LEARNING_RATE);
      if (step === 1 || step % reportEvery === 0) {
        postMessage({ type: 'progress', step, loss, accuracy: net.accuracy(test.points, test.labels) });
      }
    }
    postMessage({ type: 'done', simd: ml.simd });
  } catch (error) {
    postMessage({ type: 'error', message: String(error?.message ?? error) });
  }
};
