// The same classifier as examples/node-typed-arrays (2 inputs, 16 hidden ReLU units, 3 classes, spiral
// points), as a TensorFlow.js layers model trained by model.fit with marginloss's crossEntropyLoss as its
// loss. tfjs differentiates the layers; marginloss gives the loss and its gradient. Prints the loss and the
// accuracy on held-out points.
//   node examples/tfjs-layers/train.mjs
// (@tensorflow/tfjs bundles the three tfjs packages imported here; with it, import * as tf from '@tensorflow/tfjs'.)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { init } from 'marginloss/tfjs';

import { CLASSES, spiral } from '../shared/spiral.js';

const STEPS = 600;
const LEARNING_RATE = 1;

await tf.setBackend('cpu');
const mlt = await init();
const train = spiral(100, 1);
const test = spiral(100, 2);
const xTrain = tf.tensor2d(train.points, [train.labels.length, 2]);
// model.fit wants targets shaped like the model's output: one-hot rows, which layersLoss reads as classes.
const yTrain = tf.oneHot(tf.tensor1d(train.labels, 'int32'), CLASSES);
const xTest = tf.tensor2d(test.points, [test.labels.length, 2]);

const model = tfl.sequential({
  layers: [
    tfl.layers.dense({ inputShape: [2], units: 16, activation: 'relu', kernelInitializer: tfl.initializers.heUniform({ seed: 3 }) }),
    tfl.layers.dense({ units: CLASSES, kernelInitializer: tfl.initializers.heUniform({ seed: 4 }) }),
  ],
});
model.compile({ optimizer: tf.train.sgd(LEARNING_RATE), loss: mlt.layersLoss('crossEntropyLoss') });

function accuracy() {
  const predicted = tf.tidy(() => tf.argMax(model.predict(xTest), -1).dataSync());
  return predicted.filter((c, i) => c === test.labels[i]).length / test.labels.length;
}

// One epoch is one step: the whole training set is one batch.
await model.fit(xTrain, yTrain, {
  epochs: STEPS,
  batchSize: train.labels.length,
  shuffle: false,
  verbose: 0,
  callbacks: {
    onEpochEnd: (epoch, logs) => {
      const step = epoch + 1;
      if (step === 1 || step % 100 === 0) {
        console.log(`step ${step}: loss ${logs.loss.toFixed(4)}, accuracy ${accuracy().toFixed(3)}`);
      }
    },
  },
});
