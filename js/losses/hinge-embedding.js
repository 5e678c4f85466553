import { guardLabels } from '../labels/guard.js';
import { checkOptions, checkShape, finiteNumber, floatArray, inputDtype, reductionCode } from '../validate.js';
import { COMMON_OPTIONS, ELEMENTWISE_SHAPE, runLoss } from './run-loss.js';

const FN = 'hingeEmbeddingLoss';
// Every option this loss takes; any other name is an error.
const OPTIONS = [...COMMON_OPTIONS, 'margin', 'labels'];

export function hingeEmbeddingLoss(kernels, input, target, options, labelsDefault) {
  const o = checkOptions(FN, options, OPTIONS);
  const dtype = inputDtype(FN, 'input', input);
  const n = input.length;
  checkShape(FN, o.shape, n, ELEMENTWISE_SHAPE);
  guardLabels(FN, target, { length: n }, o.labels, labelsDefault);
  const y = floatArray(FN, 'target', target, dtype, n, 'one label in {-1, +1} per input element');
  const margin = finiteNumber(FN, 'margin', o.margin, 1);
  const reduction = reductionCode(FN, o.reduction);
  return runLoss(kernels, {
    fn: FN, dtype, kernel: 'hinge_embedding', reduction, options: o, args: [input, y],
    outputLength: n, gradients: 1,
    invoke: (kernel, [x, t, g, loss, grad]) => kernel(x, t, n, margin, reduction, g, loss, grad),
  });
}
