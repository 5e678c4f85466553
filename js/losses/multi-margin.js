import { guardLabels } from '../labels/guard.js';
import { checkOptions, checkShape, describe, finiteNumber, floatArray, indexArray, inputDtype, reductionCode } from '../validate.js';
import { rowsAndLastClasses } from './class-layout.js';
import { COMMON_OPTIONS, findOutOfRange, runLoss } from './run-loss.js';

const FN = 'multiMarginLoss';
// Every option this loss takes; any other name is an error.
const OPTIONS = [...COMMON_OPTIONS, 'p', 'margin', 'weight', 'labels'];

function powerOf(p = 1) {
  if (p !== 1 && p !== 2) throw new RangeError(`${FN}: options.p must be 1 or 2; got ${describe(p)}`);
  return p;
}

export function multiMarginLoss(kernels, input, target, options, labelsDefault) {
  const o = checkOptions(FN, options, OPTIONS);
  const dtype = inputDtype(FN, 'input', input);
  const n = input.length;
  const shape = checkShape(FN, o.shape, n, { required: true, dims: [1, 2] });
  const [rows, classes] = rowsAndLastClasses(FN, shape, n);
  guardLabels(FN, target, { length: n, rows, classes }, o.labels, labelsDefault);
  const t = indexArray(FN, 'target', target, rows, 'one class index per sample');
  const p = powerOf(o.p);
  const margin = finiteNumber(FN, 'margin', o.margin, 1);
  const weight = o.weight === undefined ? null
    : floatArray(FN, 'options.weight', o.weight, dtype, classes, 'one per class');
  const reduction = reductionCode(FN, o.reduction);
  return runLoss(kernels, {
    fn: FN, dtype, kernel: 'multi_margin', reduction, options: o, args: [input, t, weight],
    outputLength: rows, gradients: 1,
    invoke: (kernel, [x, y, w, g, loss, grad]) =>
      kernel(x, y, w, rows, classes, p, margin, reduction, g, loss, grad),
    targetRangeError: () => findOutOfRange(FN, t, 0, classes, `class indices must be in [0, ${classes})`),
  });
}
