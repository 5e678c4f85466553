import { Output } from '../kernel-call.js';
import { guardLabels } from '../labels/guard.js';
import { checkOptions, checkShape, indexArray, inputDtype, reductionCode } from '../validate.js';
import { rowsAndLastClasses } from './class-layout.js';
import { COMMON_OPTIONS, findOutOfRange, runLoss } from './run-loss.js';

const FN = 'multilabelMarginLoss';
// Every option this loss takes; any other name is an error.
const OPTIONS = [...COMMON_OPTIONS, 'labels'];

export function multilabelMarginLoss(kernels, input, target, options, labelsDefault) {
  const o = checkOptions(FN, options, OPTIONS);
  const dtype = inputDtype(FN, 'input', input);
  const n = input.length;
  const shape = checkShape(FN, o.shape, n, { required: true, dims: [1, 2] });
  const [rows, classes] = rowsAndLastClasses(FN, shape, n);
  guardLabels(FN, target, { length: n, rows, classes }, o.labels, labelsDefault);
  const t = indexArray(FN, 'target', target, n,
    "the input's shape: per sample a list of class indices ended by -1, e.g. [3, 0, -1, -1]");
  const reduction = reductionCode(FN, o.reduction);
  return runLoss(kernels, {
    fn: FN, dtype, kernel: 'multilabel_margin', reduction, options: o, args: [input, t],
    outputLength: rows, gradients: 1, scratch: Output.scratch(Uint8Array, classes),
    invoke: (kernel, [x, y, g, loss, grad, workspace]) =>
      kernel(x, y, rows, classes, reduction, g, loss, grad, workspace),
    targetRangeError: () => findOutOfRange(FN, t, -1, classes,
      `entries must be class indices in [0, ${classes}) or -1 (the end of the list; entries after it are checked too)`),
  });
}
