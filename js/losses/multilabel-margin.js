// MultiLabelMarginLoss: per sample a list of class indices ended by -1, laid out like the input (N, C).
import {
  BY_ROW, COMMON_OPTIONS, findOutOfRange, GRAD, GRAD_OUTPUT, INPUT, LOSS, TARGET, WORKSPACE,
} from '../call.js';
import { indexArray, reductionCode } from '../validate.js';
import { rowsAndLastClasses } from './class-layout.js';

const FN = 'multilabelMarginLoss';
const OPTIONS = [...COMMON_OPTIONS, 'labels'];

// ml_<dtype>_multilabel_margin_partial(input, target, rows, classes, reduction, grad_output, loss, grad,
//   workspace, partial)
const invoke = (kernel, p, c, rows, partial) => kernel(p[INPUT], p[TARGET], rows, c.classes, c.reduction,
  p[GRAD_OUTPUT], p[LOSS], p[GRAD], p[WORKSPACE], partial);

const targetOutOfRange = (c) => findOutOfRange(FN, c.arrays[TARGET], -1, c.classes,
  `entries must be class indices in [0, ${c.classes}) or -1 (the end of the list; entries after it are checked too)`);

export function multilabelMarginLoss(call, input, target, options) {
  const c = call.begin(FN, OPTIONS, options, input);
  const n = input.length;
  const [rows, classes] = rowsAndLastClasses(FN, c.options.shape, n);
  c.guardLabels(target, { length: n, rows, classes });
  c.set(TARGET, indexArray(FN, 'target', target, n,
    "the input's shape: per sample a list of class indices ended by -1, e.g. [3, 0, -1, -1]"), BY_ROW);
  c.rows = rows;
  c.classes = classes;
  c.rowMultiple = 1; // the kernel restarts its vector lanes at every row: blocks may be any whole rows
  // A byte per class, where the kernel marks the current row's target classes.
  c.lengths[WORKSPACE] = classes;
  c.reduction = reductionCode(FN, c.options.reduction);
  return c.run(c.kernels.multilabel_margin, invoke, rows, targetOutOfRange);
}
