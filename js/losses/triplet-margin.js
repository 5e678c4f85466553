// TripletMarginLoss: triplets of rows, (N, D) or (D): an anchor, a positive and a negative; no target.
import {
  BY_ROW, COMMON_OPTIONS, GRAD, GRAD2, GRAD3, GRAD_OUTPUT, INPUT, INPUT2, INPUT3, LOSS, ROLE_NAMES,
} from '../call.js';
import { describe, finiteNumber, floatArray, reductionCode } from '../validate.js';
import { rowsAndDim } from './embedding-layout.js';

const FN = 'tripletMarginLoss';
const FLOAT32_MAX = 3.4028234663852886e38; // (2 - 2^-23) · 2^127
const OPTIONS = [...COMMON_OPTIONS, 'margin', 'p', 'eps', 'swap'];
// Messages name the inputs as the caller passes them.
const NAMES = Object.freeze(Object.assign([...ROLE_NAMES], { [INPUT2]: 'positive', [INPUT3]: 'negative' }));

// ml_<dtype>_triplet_margin_partial(anchor, positive, negative, rows, dim, margin, p, eps, swap, reduction,
//   grad_output, loss, grad_anchor, grad_positive, grad_negative, partial)
const invoke = (kernel, p, c, rows, partial) => kernel(p[INPUT], p[INPUT2], p[INPUT3], rows, c.dim, c.margin,
  c.normOrder, c.eps, c.swap, c.reduction, p[GRAD_OUTPUT], p[LOSS], p[GRAD], p[GRAD2], p[GRAD3], partial);

// p of the p-norm distance: any finite real >= 1 (below 1 it is no norm; PyTorch's p = Infinity, the max
// norm, is not supported).
function normOrderOf(p = 2) {
  if (typeof p !== 'number' || !(p >= 1 && p < Infinity)) {
    throw new (typeof p === 'number' ? RangeError : TypeError)(
      `${FN}: options.p must be a finite number of at least 1 (the order of the p-norm distance); got ${describe(p)}`,
    );
  }
  return p;
}

// eps, added to every coordinate of each difference: finite and >= 0, in the input's dtype too (`Type`).
function epsOf(Type, eps = 1e-6) {
  if (typeof eps !== 'number' || !(eps >= 0 && eps < Infinity)) {
    throw new (typeof eps === 'number' ? RangeError : TypeError)(
      `${FN}: options.eps must be a finite number of at least 0; got ${describe(eps)}`,
    );
  }
  // The kernel adds eps rounded to the dtype: past float32's largest value, infinity to every coordinate.
  if (Type === Float32Array && Math.fround(eps) === Infinity) {
    throw new RangeError(`${FN}: options.eps must be at most ${FLOAT32_MAX}, the largest float32 (the input's ` +
      `dtype); got ${describe(eps)}`);
  }
  return eps;
}

function swapFlag(swap = false) {
  if (typeof swap !== 'boolean') throw new TypeError(`${FN}: options.swap must be true or false; got ${describe(swap)}`);
  return swap ? 1 : 0;
}

export function tripletMarginLoss(call, anchor, positive, negative, options) {
  const c = call.begin(FN, OPTIONS, options, anchor, 'anchor');
  const o = c.options;
  const n = anchor.length;
  const [rows, dim] = rowsAndDim(FN, o.shape, n);
  c.roleNames = NAMES;
  c.set(INPUT2, floatArray(FN, 'positive', positive, c.Type, n, 'the same shape as anchor'), BY_ROW);
  c.set(INPUT3, floatArray(FN, 'negative', negative, c.Type, n, 'the same shape as anchor'), BY_ROW);
  c.rows = rows;
  c.dim = dim;
  c.rowMultiple = 1; // the kernel restarts its vector lanes at every row: blocks may be any whole rows
  c.margin = finiteNumber(FN, 'margin', o.margin, 1);
  c.normOrder = normOrderOf(o.p);
  c.eps = epsOf(c.Type, o.eps);
  c.swap = swapFlag(o.swap);
  c.reduction = reductionCode(FN, o.reduction);
  return c.run(c.kernels.triplet_margin, invoke, rows);
}
