// Where the classes are in an input's shape, checked once for every loss with a class dimension (and by
// checkLabels, which derives the same layout).
import { checkShape } from '../validate.js';

// Made once: a call allocates no shape rules.
const ROWS_OF_CLASSES = { required: true, dims: [1, 2] };
const CLASSES_THEN_ANY = { required: true, dims: [1, Infinity] };

// [rows, classes] for an input of `length` elements, shape (N, C) or (C): the last dimension holds the classes.
export function rowsAndLastClasses(fn, shape, length) {
  checkShape(fn, shape, length, ROWS_OF_CLASSES);
  const classes = shape[shape.length - 1];
  if (classes < 1) {
    throw new RangeError(
      `${fn}: the class dimension (the last entry of options.shape) must be at least 1; got [${shape.join(', ')}]`,
    );
  }
  return [length / classes, classes];
}

// [batch, classes, inner] for CrossEntropyLoss: (C), (N, C) or (N, C, d1, ...), classes in dimension 1
// (dimension 0 for a 1-D input).
export function crossEntropyLayout(fn, shape, length) {
  checkShape(fn, shape, length, CLASSES_THEN_ANY);
  const classDim = shape.length === 1 ? 0 : 1;
  const classes = shape[classDim];
  if (classes < 1) {
    throw new RangeError(
      `${fn}: the class dimension (options.shape[${classDim}]) must be at least 1; got [${shape.join(', ')}]`,
    );
  }
  const batch = shape.length === 1 ? 1 : shape[0];
  const inner = shape.slice(2).reduce((a, b) => a * b, 1);
  return [batch, classes, inner];
}
