import { guardLabels } from '../labels/guard.js';
import { checkOptions, checkShape, describe, floatArray, indexArray, inputDtype, int32, reductionCode } from '../validate.js';
import { ModuleArray } from '../module-array.js';
import { crossEntropyLayout } from './class-layout.js';
import { COMMON_OPTIONS, findOutOfRange, runLoss } from './run-loss.js';

const FN = 'crossEntropyLoss';
// Every option this loss takes; any other name is an error.
const OPTIONS = [...COMMON_OPTIONS, 'weight', 'ignoreIndex', 'labelSmoothing', 'labels'];

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

export function crossEntropyLoss(kernels, input, target, options, labelsDefault) {
  const o = checkOptions(FN, options, OPTIONS);
  const dtype = inputDtype(FN, 'input', input);
  const n = input.length;
  const shape = checkShape(FN, o.shape, n, { required: true, dims: [1, Infinity] });
  const [batch, classes, inner] = crossEntropyLayout(FN, shape);
  const positions = batch * inner;
  const smoothing = labelSmoothingOf(o.labelSmoothing);
  const ignoreIndex = int32(FN, 'ignoreIndex', o.ignoreIndex, -100);
  const probabilities = isProbabilityTarget(target);
  guardLabels(FN, target, { batch, classes, inner, ignoreIndex, probabilities }, o.labels, labelsDefault);
  const weight = o.weight === undefined ? null
    : floatArray(FN, 'options.weight', o.weight, dtype, classes, 'one per class');
  const reduction = reductionCode(FN, o.reduction);
  // One literal per call: an object spread here made V8 retain garbage and cost ~8 µs per call.
  const spec = (kernel, args, invoke, targetRangeError) => ({
    fn: FN, dtype, reduction, options: o, outputLength: positions, gradients: 1,
    kernel, args, invoke, targetRangeError,
  });

  if (isProbabilityTarget(target)) {
    if (ignoreIndex >= 0) {
      throw new RangeError(
        `${FN}: options.ignoreIndex must be negative with class-probability targets; got ${ignoreIndex}`,
      );
    }
    const p = floatArray(FN, 'target', target, dtype, n, "class probabilities, the input's shape");
    return runLoss(kernels, spec('cross_entropy_prob', [input, p, weight],
      (kernel, [x, y, w, g, loss, grad]) =>
        kernel(x, y, w, batch, classes, inner, smoothing, reduction, g, loss, grad)));
  }
  const t = indexArray(FN, 'target', target, positions, 'one class index per sample (and position)');
  return runLoss(kernels, spec('cross_entropy_index', [input, t, weight],
    (kernel, [x, y, w, g, loss, grad]) =>
      kernel(x, y, w, batch, classes, inner, ignoreIndex, smoothing, reduction, g, loss, grad),
    () => findOutOfRange(FN, t, 0, classes,
      `class indices must be in [0, ${classes}) or equal options.ignoreIndex (${ignoreIndex})`, ignoreIndex)));
}
