// checkLabels(lossName, target, options): the label-convention diagnosis of a target, without running
// the loss (and without WebAssembly).
import { crossEntropyLayout, rowsAndLastClasses } from '../losses/class-layout.js';
import { rowsAndDim } from '../losses/embedding-layout.js';
import { checkShape, describe, ELEMENTWISE_SHAPE, int32 } from '../validate.js';
import { explainTarget, LOSS_NAMES, SPECS, TARGETLESS, targetFits } from './check.js';
import { isFloatArray, numericValues } from './scan.js';

const FN = 'checkLabels';
const ELEMENTWISE = ['softMarginLoss', 'hingeEmbeddingLoss', 'marginRankingLoss', 'bceWithLogitsLoss'];

const product = (shape) => (Array.isArray(shape) ? shape.reduce((a, b) => a * b, 1) : 0);

// The layout the loss would derive from an input of `options.shape` (see check.js for its fields).
function contextOf(loss, values, options) {
  const { shape } = options;
  if (ELEMENTWISE.includes(loss)) {
    if (shape === undefined) return { length: values.length };
    return { length: product(checkShape(FN, shape, product(shape), ELEMENTWISE_SHAPE)) };
  }
  // One label per pair: a pair is a row of the (N, D) or (D) inputs; without a shape, one per value.
  if (loss === 'cosineEmbeddingLoss') {
    if (shape === undefined) return { length: values.length };
    const [rows] = rowsAndDim(FN, shape, product(shape));
    return { length: rows };
  }
  const where = `${FN}: options.shape is required for ${loss} (the input's shape, e.g. [N, C])`;
  if (shape === undefined) throw new TypeError(`${where}; got undefined`);
  if (loss === 'crossEntropyLoss') {
    const [batch, classes, inner] = crossEntropyLayout(FN, shape, product(shape));
    const ignoreIndex = int32(FN, 'ignoreIndex', options.ignoreIndex, -100);
    return { batch, classes, inner, ignoreIndex, probabilities: isFloatArray(values) };
  }
  const length = product(shape);
  const [rows, classes] = rowsAndLastClasses(FN, shape, length);
  return { length, rows, classes };
}

/**
 * The diagnosis of `target` for the loss named `lossName` (the API function's name). `options` are the
 * loss's options: `shape` (required where the loss has classes; for cosineEmbeddingLoss, optional: it
 * gives the number of pairs) and `ignoreIndex` (crossEntropyLoss) are read, anything else is ignored, so
 * the same object can be passed to both. A loss without a target (tripletMarginLoss) is a RangeError.
 * Returns { loss, expected, convention, conventions, fits, index, problem, fix }; see index.d.ts.
 */
export function checkLabels(lossName, target, options = {}) {
  if (Object.hasOwn(TARGETLESS, lossName)) {
    throw new RangeError(`${FN}: ${lossName} takes no labels, so there is nothing to check: ${TARGETLESS[lossName]}`);
  }
  if (!LOSS_NAMES.includes(lossName)) {
    const names = LOSS_NAMES.map((n) => `'${n}'`).join(', ');
    throw new (typeof lossName === 'string' ? RangeError : TypeError)(
      `${FN}: unknown loss ${describe(lossName)}; valid names are ${names}`,
    );
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${FN}: options must be an object; got ${describe(options)}`);
  }
  const { numberTarget } = SPECS[lossName];
  // A number is the one label of a 1-D input where the loss takes one (its edge makes it an array too).
  const values = numberTarget && typeof target === 'number' ? [target] : numericValues(target);
  if (values === null) {
    const kinds = numberTarget ? 'a typed array, a ModuleArray, an array of numbers or a number' : 'a typed array, a ModuleArray or an array of numbers';
    throw new TypeError(`${FN}: target must be ${kinds}; got ${describe(target)}`);
  }
  const ctx = contextOf(lossName, values, options);
  const fits = targetFits(lossName, values, ctx);
  const diagnosis = fits === null ? null : explainTarget(lossName, values, ctx, fits);
  if (diagnosis === null) {
    const shape = options.shape === undefined ? '' : ` with shape [${options.shape.join(', ')}]`;
    throw new RangeError(
      `${FN}: a target of ${values.length} values cannot be read for ${lossName}${shape}; ` +
        `expected ${SPECS[lossName].expected(ctx)}`,
    );
  }
  return diagnosis;
}
