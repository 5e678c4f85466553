import { guardLabels } from '../labels/guard.js';
import { checkOptions, checkShape, floatArray, inputDtype, reductionCode } from '../validate.js';
import { COMMON_OPTIONS, ELEMENTWISE_SHAPE, runLoss } from './run-loss.js';

const FN = 'bceWithLogitsLoss';
// Every option this loss takes; any other name is an error.
const OPTIONS = [...COMMON_OPTIONS, 'weight', 'posWeight', 'labels'];

// weight: one per element (the input's shape) or one per class (the last dimension), never broadcast.
function elementOrClassWeight(weight, dtype, n, classes) {
  if (weight === undefined) return null;
  const length = weight?.length === classes ? classes : n;
  const meaning = `one per element, or ${classes} (one per class along the last dimension)`;
  return floatArray(FN, 'options.weight', weight, dtype, length, meaning);
}

export function bceWithLogitsLoss(kernels, input, target, options, labelsDefault) {
  const o = checkOptions(FN, options, OPTIONS);
  const dtype = inputDtype(FN, 'input', input);
  const n = input.length;
  const shape = checkShape(FN, o.shape, n, ELEMENTWISE_SHAPE);
  const classes = shape.length ? shape[shape.length - 1] : 1;
  const rows = classes ? n / classes : 0;
  guardLabels(FN, target, { length: n }, o.labels, labelsDefault);
  const y = floatArray(FN, 'target', target, dtype, n, 'one {0, 1} or soft label per input element');
  const weight = elementOrClassWeight(o.weight, dtype, n, classes);
  const posWeight = o.posWeight === undefined ? null
    : floatArray(FN, 'options.posWeight', o.posWeight, dtype, classes, 'one per class along the last dimension');
  const reduction = reductionCode(FN, o.reduction);
  return runLoss(kernels, {
    fn: FN, dtype, kernel: 'bce_with_logits', reduction, options: o, args: [input, y, weight, posWeight],
    outputLength: n, gradients: 1,
    invoke: (kernel, [x, t, w, pw, g, loss, grad]) =>
      kernel(x, t, w, weight ? weight.length : 0, pw, rows, classes, reduction, g, loss, grad),
  });
}
