import { checkOptions, checkShape, floatArray, inputDtype, reductionCode } from '../validate.js';
import { COMMON_OPTIONS, ELEMENTWISE_SHAPE, runLoss } from './run-loss.js';

const FN = 'softMarginLoss';

export function softMarginLoss(kernels, input, target, options) {
  const o = checkOptions(FN, options, COMMON_OPTIONS);
  const dtype = inputDtype(FN, 'input', input);
  const n = input.length;
  checkShape(FN, o.shape, n, ELEMENTWISE_SHAPE);
  const y = floatArray(FN, 'target', target, dtype, n, 'one label in {-1, +1} per input element');
  const reduction = reductionCode(FN, o.reduction);
  return runLoss(kernels, {
    fn: FN, dtype, kernel: 'soft_margin', reduction, options: o, args: [input, y],
    outputLength: n, gradLengths: [n],
    invoke: (kernel, [x, t, g, loss, grad]) => kernel(x, t, n, reduction, g, loss, grad),
  });
}
