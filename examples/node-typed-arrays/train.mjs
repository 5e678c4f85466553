// Trains a two-layer classifier (2 inputs, 16 hidden ReLU units, 3 classes) on spiral points in Node, with
// plain typed arrays and marginloss's crossEntropyLoss. Prints the loss and the accuracy on held-out points.
//   node examples/node-typed-arrays/train.mjs
import { init } from 'marginloss';

import { CLASSES, seededRandom, spiral } from '../shared/spiral.js';
import { TwoLayerNet } from './two-layer-net.js';

const STEPS = 600;
const LEARNING_RATE = 1;

const ml = await init();
const train = spiral(100, 1);
const test = spiral(100, 2);
const net = new TwoLayerNet({ inputs: 2, hidden: 16, classes: CLASSES, maxBatch: 300, random: seededRandom(3) });

for (let step = 1; step <= STEPS; step++) {
  // The loss of the whole training set (one batch), computed before this step's update.
  const loss = net.step(ml, train.points, train.labels, LEARNING_RATE);
  if (step === 1 || step % 100 === 0) {
    console.log(`step ${step}: loss ${loss.toFixed(4)}, accuracy ${net.accuracy(test.points, test.labels).toFixed(3)}`);
  }
}
