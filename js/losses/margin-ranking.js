import { guardLabels } from '../labels/guard.js';
import { checkOptions, checkShape, finiteNumber, floatArray, inputDtype, reductionCode } from '../validate.js';
import { COMMON_OPTIONS, ELEMENTWISE_SHAPE, runLoss } from './run-loss.js';

const FN = 'marginRankingLoss';
// Every option this loss takes; any other name is an error.
const OPTIONS = [...COMMON_OPTIONS, 'margin', 'labels'];

export function marginRankingLoss(kernels, input1, input2, target, options, labelsDefault) {
  const o = checkOptions(FN, options, OPTIONS);
  const dtype = inputDtype(FN, 'input1', input1);
  const n = input1.length;
  checkShape(FN, o.shape, n, ELEMENTWISE_SHAPE);
  guardLabels(FN, target, { length: n }, o.labels, labelsDefault);
  const second = floatArray(FN, 'input2', input2, dtype, n, 'the same shape as input1');
  const y = floatArray(FN, 'target', target, dtype, n, 'one label in {-1, +1} per pair');
  const margin = finiteNumber(FN, 'margin', o.margin, 0);
  const reduction = reductionCode(FN, o.reduction);
  return runLoss(kernels, {
    fn: FN, dtype, kernel: 'margin_ranking', reduction, options: o, args: [input1, second, y],
    outputLength: n, gradients: 2,
    invoke: (kernel, [x1, x2, t, g, loss, grad1, grad2]) =>
      kernel(x1, x2, t, n, margin, reduction, g, loss, grad1, grad2),
  });
}
