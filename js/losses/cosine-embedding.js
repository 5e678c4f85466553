// CosineEmbeddingLoss: pairs of rows, (N, D) or (D), and a label in {-1, +1} per pair.
import { BY_ROW, COMMON_OPTIONS, GRAD, GRAD2, GRAD_OUTPUT, INPUT, INPUT2, LOSS, TARGET } from '../call.js';
import { describe, finiteNumber, floatArray, reductionCode } from '../validate.js';
import { rowsAndDim } from './embedding-layout.js';

const FN = 'cosineEmbeddingLoss';
const OPTIONS = [...COMMON_OPTIONS, 'margin', 'labels'];

// ml_<dtype>_cosine_embedding_partial(input1, input2, target, rows, dim, margin, reduction, grad_output, loss,
//   grad1, grad2, partial)
const invoke = (kernel, p, c, rows, partial) => kernel(p[INPUT], p[INPUT2], p[TARGET], rows, c.dim, c.margin,
  c.reduction, p[GRAD_OUTPUT], p[LOSS], p[GRAD], p[GRAD2], partial);

// The labels as an array: a 1-D input (one pair) also takes a single number, PyTorch's 0-dim target.
function pairLabels(target, Type, shape) {
  if (typeof target !== 'number') return target;
  if (shape.length === 1) return Type.of(target);
  throw new TypeError(`${FN}: target must hold one label per pair (${shape[0]} for options.shape ` +
    `[${shape.join(', ')}]); a single number is the target of a 1-D input only; got ${describe(target)}`);
}

export function cosineEmbeddingLoss(call, input1, input2, target, options) {
  const c = call.begin(FN, OPTIONS, options, input1, 'input1');
  const o = c.options;
  const n = input1.length;
  const [rows, dim] = rowsAndDim(FN, o.shape, n);
  const labels = pairLabels(target, c.Type, o.shape);
  c.guardLabels(labels, { length: rows });
  c.set(INPUT2, floatArray(FN, 'input2', input2, c.Type, n, 'the same shape as input1'), BY_ROW);
  c.set(TARGET, floatArray(FN, 'target', labels, c.Type, rows, 'one label in {-1, +1} per pair'), BY_ROW);
  c.rows = rows;
  c.dim = dim;
  c.rowMultiple = 1; // the kernel restarts its vector lanes at every row: blocks may be any whole rows
  c.margin = finiteNumber(FN, 'margin', o.margin, 0);
  c.reduction = reductionCode(FN, o.reduction);
  return c.run(c.kernels.cosine_embedding, invoke, rows);
}
