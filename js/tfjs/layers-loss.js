// A loss in the form tf.layers' model.compile({ loss }) takes: (yTrue, yPred) => tf.Tensor. tf.layers hands
// yTrue over as float32, and model.fit requires it to have the model output's shape, so the class-index
// losses read their indices from what comes: one-hot rows, or one integer-valued index per sample.
import { describe } from '../describe.js';
import { inputNames, lossShape, TFJS_LOSSES } from './layouts.js';
import { applyLoss, checkTensor, coreOptions, describeValue, floatInput, valuesOf } from './op.js';

const NAMES = TFJS_LOSSES.map(({ name }) => name);

const float32 = (values) => (values instanceof Float32Array ? values : Float32Array.from(values));

function integers(fn, values) {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < -0x8000_0000 || v > 0x7fff_ffff) {
      throw new RangeError(`${fn}: yTrue[${i}] = ${v} is not a class index (a 32-bit integer)`);
    }
  }
  return Int32Array.from(values);
}

// The class index of each one-hot row of `values` (rows × classes), checking that each row is one-hot.
function oneHotIndices(fn, values, rows) {
  const classes = values.length / rows;
  const indices = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = values.subarray(r * classes, (r + 1) * classes);
    const hot = row.indexOf(1);
    if (hot < 0 || row.some((v, c) => v !== (c === hot ? 1 : 0))) {
      throw new RangeError(`${fn}: yTrue row ${r} is not one-hot ([${Array.from(row).join(', ')}]); pass one-hot ` +
        'rows (tf.oneHot(labels, classes)) or one class index per sample');
    }
    indices[r] = hot;
  }
  return indices;
}

// yTrue's values as the core takes them for this loss.
function targetFromLayers(fn, layout, yTrue, yPred) {
  const values = valuesOf(yTrue);
  if (layout.target === 'float') return float32(values);
  // crossEntropyLoss: yPred's shape means class probabilities (one-hot rows are probabilities too).
  if (layout.target === 'index-or-probability' && yTrue.size === yPred.size) return float32(values);
  // multilabelMarginLoss: per sample a list of class indices ended by -1, laid out like yPred.
  if (layout.name === 'multilabelMarginLoss') return integers(fn, values);
  const perSample = lossShape(layout, yPred.shape).reduce((a, b) => a * b, 1);
  if (yTrue.size === perSample) return integers(fn, values);
  if (yTrue.size === yPred.size && layout.classDim === 'last') return oneHotIndices(fn, values, perSample);
  throw new RangeError(`${fn}: yTrue must hold one class index per sample (${perSample} values) or one-hot ` +
    `rows of yPred's shape [${yPred.shape.join(', ')}]; got ${describeValue(yTrue)}`);
}

/**
 * `(yTrue, yPred) => tf.Tensor` for model.compile({ loss }): the loss `name` of the core API with its
 * `options` (reduction 'mean' by default: tf.layers averages whatever comes back).
 */
export function layersLoss(core, name, options) {
  if (!NAMES.includes(name)) {
    throw new (typeof name === 'string' ? RangeError : TypeError)(
      `layersLoss: name must be one of ${NAMES.map((n) => `'${n}'`).join(', ')}; got ${describe(name)}`,
    );
  }
  const layout = TFJS_LOSSES.find((l) => l.name === name);
  if (layout.inputs !== 1) {
    const args = [...inputNames(layout), ...(layout.target === null ? [] : ['target'])].join(', ');
    throw new RangeError(`layersLoss: ${name} compares ${layout.inputs === 2 ? 'two' : 'three'} inputs, and a ` +
      `tf.layers loss gets one prediction (yPred); call mlt.${name}(${args}) inside optimizer.minimize instead`);
  }
  // The options tfjs supplies itself are refused now, not at the first training step.
  coreOptions(name, options, []);
  return (yTrue, yPred) => {
    floatInput(name, 'yPred', yPred, layout.ranks);
    checkTensor(name, 'yTrue', yTrue);
    return applyLoss(core, layout, [yPred], targetFromLayers(name, layout, yTrue, yPred), options);
  };
}
