// BCEWithLogitsLoss: {0, 1} or soft labels, any shape, classes along the last dimension.
import {
  BY_ROW, COMMON_OPTIONS, GRAD, GRAD_OUTPUT, INPUT, LOSS, POS_WEIGHT, TARGET, WEIGHT, WHOLE,
} from '../call.js';
import { checkShape, ELEMENTWISE_SHAPE, floatArray, reductionCode } from '../validate.js';

const FN = 'bceWithLogitsLoss';
const OPTIONS = [...COMMON_OPTIONS, 'weight', 'posWeight', 'labels'];

// ml_<dtype>_bce_with_logits_partial(input, target, weight, weight_len, pos_weight, rows, classes, reduction,
//   grad_output, loss, grad, partial): weight_len says whether the weight is per element or per class.
const invoke = (kernel, p, c, rows, partial) =>
  kernel(p[INPUT], p[TARGET], p[WEIGHT], weightLength(c, rows), p[POS_WEIGHT], rows, c.classes, c.reduction,
    p[GRAD_OUTPUT], p[LOSS], p[GRAD], partial);

function weightLength(c, rows) {
  if (c.arrays[WEIGHT] === null) return 0;
  return c.extents[WEIGHT] === BY_ROW ? rows * c.classes : c.classes;
}

// weight: one per element (the input's shape) or one per class (the last dimension), never broadcast. With
// a single row both readings agree: per element, which long inputs can stream.
function elementOrClassWeight(c, weight, n, classes) {
  const perClass = weight?.length === classes && classes !== n;
  const meaning = `one per element, or ${classes} (one per class along the last dimension)`;
  const array = floatArray(FN, 'options.weight', weight, c.Type, perClass ? classes : n, meaning);
  c.set(WEIGHT, array, perClass ? WHOLE : BY_ROW);
}

export function bceWithLogitsLoss(call, input, target, options) {
  const c = call.begin(FN, OPTIONS, options, input);
  const o = c.options;
  const n = input.length;
  const shape = checkShape(FN, o.shape, n, ELEMENTWISE_SHAPE);
  const classes = shape.length ? shape[shape.length - 1] : 1;
  c.guardLabels(target, { length: n });
  c.set(TARGET, floatArray(FN, 'target', target, c.Type, n, 'one {0, 1} or soft label per input element'), BY_ROW);
  if (o.weight !== undefined) elementOrClassWeight(c, o.weight, n, classes);
  if (o.posWeight !== undefined) {
    c.set(POS_WEIGHT, floatArray(FN, 'options.posWeight', o.posWeight, c.Type, classes,
      'one per class along the last dimension'), WHOLE);
  }
  // Without per-class arrays every element is a row of its own (the kernel runs over such an input as one
  // run of elements either way), so a long input streams in blocks of elements, whatever its last dimension.
  const perClass = o.posWeight !== undefined || (c.arrays[WEIGHT] !== null && c.extents[WEIGHT] === WHOLE);
  c.classes = perClass ? classes : 1;
  c.rows = !perClass ? n : classes ? n / classes : 0;
  c.reduction = reductionCode(FN, o.reduction);
  return c.run(c.kernels.bce_with_logits, invoke, n);
}
