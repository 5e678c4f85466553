// HingeEmbeddingLoss: labels in {-1, +1}, any shape.
import { BY_ROW, COMMON_OPTIONS, GRAD, GRAD_OUTPUT, INPUT, LOSS, TARGET } from '../call.js';
import { checkShape, ELEMENTWISE_SHAPE, finiteNumber, floatArray, reductionCode } from '../validate.js';

const FN = 'hingeEmbeddingLoss';
const OPTIONS = [...COMMON_OPTIONS, 'margin', 'labels'];

// ml_<dtype>_hinge_embedding_partial(input, target, n, margin, reduction, grad_output, loss, grad, partial)
const invoke = (kernel, p, c, rows, partial) =>
  kernel(p[INPUT], p[TARGET], rows, c.margin, c.reduction, p[GRAD_OUTPUT], p[LOSS], p[GRAD], partial);

export function hingeEmbeddingLoss(call, input, target, options) {
  const c = call.begin(FN, OPTIONS, options, input);
  const n = input.length;
  checkShape(FN, c.options.shape, n, ELEMENTWISE_SHAPE);
  c.guardLabels(target, { length: n });
  c.set(TARGET, floatArray(FN, 'target', target, c.Type, n, 'one label in {-1, +1} per input element'), BY_ROW);
  c.rows = n;
  c.margin = finiteNumber(FN, 'margin', c.options.margin, 1);
  c.reduction = reductionCode(FN, c.options.reduction);
  return c.run(c.kernels.hinge_embedding, invoke, n);
}
