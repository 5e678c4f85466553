// MultiMarginLoss (multi-class hinge): one class index per sample, input (N, C) or (C).
import {
  BY_ROW, COMMON_OPTIONS, findOutOfRange, GRAD, GRAD_OUTPUT, INPUT, LOSS, TARGET, WEIGHT, WHOLE,
} from '../call.js';
import { describe, finiteNumber, floatArray, indexArray, reductionCode } from '../validate.js';
import { rowsAndLastClasses } from './class-layout.js';

const FN = 'multiMarginLoss';
const OPTIONS = [...COMMON_OPTIONS, 'p', 'margin', 'weight', 'labels'];

// ml_<dtype>_multi_margin_partial(input, target, weight, rows, classes, p, margin, reduction, grad_output,
//   loss, grad, partial)
const invoke = (kernel, p, c, rows, partial) => kernel(p[INPUT], p[TARGET], p[WEIGHT], rows, c.classes, c.power,
  c.margin, c.reduction, p[GRAD_OUTPUT], p[LOSS], p[GRAD], partial);

const targetOutOfRange = (c) =>
  findOutOfRange(FN, c.arrays[TARGET], 0, c.classes, `class indices must be in [0, ${c.classes})`);

function powerOf(p = 1) {
  if (p !== 1 && p !== 2) throw new RangeError(`${FN}: options.p must be 1 or 2; got ${describe(p)}`);
  return p;
}

export function multiMarginLoss(call, input, target, options) {
  const c = call.begin(FN, OPTIONS, options, input);
  const o = c.options;
  const n = input.length;
  const [rows, classes] = rowsAndLastClasses(FN, o.shape, n);
  c.guardLabels(target, { length: n, rows, classes });
  c.set(TARGET, indexArray(FN, 'target', target, rows, 'one class index per sample'), BY_ROW);
  c.power = powerOf(o.p);
  c.margin = finiteNumber(FN, 'margin', o.margin, 1);
  if (o.weight !== undefined) {
    c.set(WEIGHT, floatArray(FN, 'options.weight', o.weight, c.Type, classes, 'one per class'), WHOLE);
  }
  c.rows = rows;
  c.classes = classes;
  c.rowMultiple = 1; // the kernel restarts its vector lanes at every row: blocks may be any whole rows
  c.reduction = reductionCode(FN, o.reduction);
  return c.run(c.kernels.multi_margin, invoke, rows, targetOutOfRange);
}
