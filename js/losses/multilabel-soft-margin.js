import { guardLabels } from '../labels/guard.js';
import { checkOptions, checkShape, floatArray, inputDtype, reductionCode } from '../validate.js';
import { rowsAndLastClasses } from './class-layout.js';
import { COMMON_OPTIONS, runLoss } from './run-loss.js';

const FN = 'multilabelSoftMarginLoss';
// Every option this loss takes; any other name is an error.
const OPTIONS = [...COMMON_OPTIONS, 'weight', 'labels'];

export function multilabelSoftMarginLoss(kernels, input, target, options, labelsDefault) {
  const o = checkOptions(FN, options, OPTIONS);
  const dtype = inputDtype(FN, 'input', input);
  const n = input.length;
  const shape = checkShape(FN, o.shape, n, { required: true, dims: [1, 2] });
  const [rows, classes] = rowsAndLastClasses(FN, shape, n);
  guardLabels(FN, target, { length: n, rows, classes }, o.labels, labelsDefault);
  const y = floatArray(FN, 'target', target, dtype, n, 'a multi-hot {0, 1} row per sample, the input\'s shape');
  const weight = o.weight === undefined ? null
    : floatArray(FN, 'options.weight', o.weight, dtype, classes, 'one per class');
  const reduction = reductionCode(FN, o.reduction);
  return runLoss(kernels, {
    fn: FN, dtype, kernel: 'multilabel_soft_margin', reduction, options: o, args: [input, y, weight],
    outputLength: rows, gradients: 1,
    invoke: (kernel, [x, t, w, g, loss, grad]) => kernel(x, t, w, rows, classes, reduction, g, loss, grad),
  });
}
