// CrossEntropyLoss: softmax cross-entropy over input (C), (N, C) or (N, C, d1, ...), with class-index or
// class-probability targets.
import {
  BY_ROW, COMMON_OPTIONS, findOutOfRange, GRAD, GRAD_OUTPUT, INPUT, LOSS, TARGET, WEIGHT, WHOLE,
} from '../call.js';
import { ModuleArray } from '../module-array.js';
import { describe, floatArray, indexArray, int32, reductionCode } from '../validate.js';
import { crossEntropyLayout } from './class-layout.js';

const FN = 'crossEntropyLoss';
const OPTIONS = [...COMMON_OPTIONS, 'weight', 'ignoreIndex', 'labelSmoothing', 'labels'];

// ml_<dtype>_cross_entropy_index_partial(input, target, weight, batch, classes, inner, ignore_index,
//   label_smoothing, reduction, grad_output, loss, grad, partial)
const invokeIndex = (kernel, p, c, rows, partial) =>
  kernel(p[INPUT], p[TARGET], p[WEIGHT], rows, c.classes, c.inner, c.ignoreIndex, c.smoothing, c.reduction,
    p[GRAD_OUTPUT], p[LOSS], p[GRAD], partial);

// ml_<dtype>_cross_entropy_prob_partial(input, target, weight, batch, classes, inner, label_smoothing,
//   reduction, grad_output, loss, grad, partial)
const invokeProbabilities = (kernel, p, c, rows, partial) =>
  kernel(p[INPUT], p[TARGET], p[WEIGHT], rows, c.classes, c.inner, c.smoothing, c.reduction,
    p[GRAD_OUTPUT], p[LOSS], p[GRAD], partial);

const targetOutOfRange = (c) => findOutOfRange(FN, c.arrays[TARGET], 0, c.classes,
  `class indices must be in [0, ${c.classes}) or equal options.ignoreIndex (${c.ignoreIndex})`, c.ignoreIndex);

function labelSmoothingOf(value = 0) {
  if (typeof value !== 'number') {
    throw new TypeError(`${FN}: options.labelSmoothing must be a number in [0, 1]; got ${describe(value)}`);
  }
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${FN}: options.labelSmoothing must be in [0, 1]; got ${value}`);
  }
  return value;
}

// An Int32Array or a plain array holds class indices; a float typed array (or a ModuleArray of one) holds
// class probabilities.
function isProbabilityTarget(target) {
  const Type = target instanceof ModuleArray ? target.type : target?.constructor;
  return Type === Float32Array || Type === Float64Array;
}

export function crossEntropyLoss(call, input, target, options) {
  const c = call.begin(FN, OPTIONS, options, input);
  const o = c.options;
  const n = input.length;
  const [batch, classes, inner] = crossEntropyLayout(FN, o.shape, n);
  // A row is one sample: its classes times its positions (inner) of the input, its positions of the target.
  c.rows = batch;
  c.classes = classes;
  c.rowMultiple = 1; // the kernel restarts its vector lanes at every row: blocks may be any whole rows
  c.inner = inner;
  c.smoothing = labelSmoothingOf(o.labelSmoothing);
  c.ignoreIndex = int32(FN, 'ignoreIndex', o.ignoreIndex, -100);
  const probabilities = isProbabilityTarget(target);
  c.guardLabels(target, { batch, classes, inner, ignoreIndex: c.ignoreIndex, probabilities });
  if (o.weight !== undefined) {
    c.set(WEIGHT, floatArray(FN, 'options.weight', o.weight, c.Type, classes, 'one per class'), WHOLE);
  }
  c.reduction = reductionCode(FN, o.reduction);

  if (probabilities) {
    if (c.ignoreIndex >= 0) {
      throw new RangeError(
        `${FN}: options.ignoreIndex must be negative with class-probability targets; got ${c.ignoreIndex}`,
      );
    }
    if (target.length === batch * inner && target.length !== n) {
      // tfjs and many data loaders hand class indices over as floats.
      throw new RangeError(`${FN}: target is a ${describe(target)}, read as class probabilities (the input's ` +
        `shape, ${n} values), but it has one value per sample: if it holds class indices, pass them as an ` +
        'Int32Array (Int32Array.from(target))');
    }
    c.set(TARGET, floatArray(FN, 'target', target, c.Type, n, "class probabilities, the input's shape"), BY_ROW);
    return c.run(c.kernels.cross_entropy_prob, invokeProbabilities, batch * inner);
  }
  c.set(TARGET, indexArray(FN, 'target', target, batch * inner, 'one class index per sample (and position)'), BY_ROW);
  return c.run(c.kernels.cross_entropy_index, invokeIndex, batch * inner, targetOutOfRange);
}
