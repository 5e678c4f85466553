// The layout of the embedding losses (cosineEmbeddingLoss, tripletMarginLoss): rows of D values, shape
// (N, D) or (D) for one row. The shape is required: a flat array does not say where its rows end.
import { checkShape } from '../validate.js';

const EMBEDDING_SHAPE = { required: true, dims: [1, 2], expected: "the inputs' shape, [N, D] or [D]" };

// [rows, dim] for inputs of `length` elements. D = 0 is allowed (every row is empty), as in PyTorch.
export function rowsAndDim(fn, shape, length) {
  checkShape(fn, shape, length, EMBEDDING_SHAPE);
  return shape.length === 1 ? [1, shape[0]] : [shape[0], shape[1]];
}
