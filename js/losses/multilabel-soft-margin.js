// MultiLabelSoftMarginLoss: multi-hot {0, 1} rows, input (N, C) or (C).
import { BY_ROW, COMMON_OPTIONS, GRAD, GRAD_OUTPUT, INPUT, LOSS, TARGET, WEIGHT, WHOLE } from '../call.js';
import { floatArray, reductionCode } from '../validate.js';
import { rowsAndLastClasses } from './class-layout.js';

const FN = 'multilabelSoftMarginLoss';
const OPTIONS = [...COMMON_OPTIONS, 'weight', 'labels'];

// ml_<dtype>_multilabel_soft_margin_partial(input, target, weight, rows, classes, reduction, grad_output,
//   loss, grad, partial)
const invoke = (kernel, p, c, rows, partial) => kernel(p[INPUT], p[TARGET], p[WEIGHT], rows, c.classes, c.reduction,
  p[GRAD_OUTPUT], p[LOSS], p[GRAD], partial);

export function multilabelSoftMarginLoss(call, input, target, options) {
  const c = call.begin(FN, OPTIONS, options, input);
  const o = c.options;
  const n = input.length;
  const [rows, classes] = rowsAndLastClasses(FN, o.shape, n);
  c.guardLabels(target, { length: n, rows, classes });
  const y = floatArray(FN, 'target', target, c.Type, n, "a multi-hot {0, 1} row per sample, the input's shape");
  c.set(TARGET, y, BY_ROW);
  if (o.weight !== undefined) {
    c.set(WEIGHT, floatArray(FN, 'options.weight', o.weight, c.Type, classes, 'one per class'), WHOLE);
  }
  c.rows = rows;
  c.classes = classes;
  c.rowMultiple = 1; // the kernel restarts its vector lanes at every row: blocks may be any whole rows
  c.reduction = reductionCode(FN, o.reduction);
  return c.run(c.kernels.multilabel_soft_margin, invoke, rows);
}
