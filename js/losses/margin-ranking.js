// MarginRankingLoss: two inputs of any shape and a label in {-1, +1} per pair.
import { BY_ROW, COMMON_OPTIONS, GRAD, GRAD2, GRAD_OUTPUT, INPUT, INPUT2, LOSS, TARGET } from '../call.js';
import { checkShape, ELEMENTWISE_SHAPE, finiteNumber, floatArray, reductionCode } from '../validate.js';

const FN = 'marginRankingLoss';
const OPTIONS = [...COMMON_OPTIONS, 'margin', 'labels'];

// ml_<dtype>_margin_ranking_partial(input1, input2, target, n, margin, reduction, grad_output, loss, grad1,
//   grad2, partial)
const invoke = (kernel, p, c, rows, partial) => kernel(p[INPUT], p[INPUT2], p[TARGET], rows, c.margin, c.reduction,
  p[GRAD_OUTPUT], p[LOSS], p[GRAD], p[GRAD2], partial);

export function marginRankingLoss(call, input1, input2, target, options) {
  const c = call.begin(FN, OPTIONS, options, input1, 'input1');
  const n = input1.length;
  checkShape(FN, c.options.shape, n, ELEMENTWISE_SHAPE);
  c.guardLabels(target, { length: n });
  c.set(INPUT2, floatArray(FN, 'input2', input2, c.Type, n, 'the same shape as input1'), BY_ROW);
  c.set(TARGET, floatArray(FN, 'target', target, c.Type, n, 'one label in {-1, +1} per pair'), BY_ROW);
  c.rows = n;
  c.margin = finiteNumber(FN, 'margin', c.options.margin, 0);
  c.reduction = reductionCode(FN, c.options.reduction);
  return c.run(c.kernels.margin_ranking, invoke, n);
}
