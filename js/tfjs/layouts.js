// What the TensorFlow.js adapter needs to know about each loss beyond the core API: how many of its
// arguments are differentiable inputs, what its target holds, and where its class dimension is (the
// shape of a 'none' loss is the input's without it, and the upstream gradient broadcasts along it). The
// embedding losses give one loss per row: their row length D takes the class dimension's place.
import { LOSSES } from '../losses/index.js';

// target: 'float' (labels: one per input element, multi-hot rows, or one per pair of rows), 'index'
// (class indices, int32), 'index-or-probability' (crossEntropyLoss: int32 indices or float32
// probabilities, as in the core), or null (tripletMarginLoss takes none).
// classDim: null for elementwise losses, 'last' for (N, C) and (N, D) inputs, 'second' for (N, C, d1, ...).
// ranks: the input ranks the loss takes, [min, max]; shapes: how its errors name them, when not by classes.
// names: the inputs' names in messages, when not 'input' (one input) or 'input1', 'input2' (two).
const LAYOUTS = {
  softMarginLoss: { inputs: 1, target: 'float', classDim: null, ranks: [0, Infinity] },
  multilabelSoftMarginLoss: { inputs: 1, target: 'float', classDim: 'last', ranks: [1, 2] },
  multiMarginLoss: { inputs: 1, target: 'index', classDim: 'last', ranks: [1, 2] },
  multilabelMarginLoss: { inputs: 1, target: 'index', classDim: 'last', ranks: [1, 2] },
  bceWithLogitsLoss: { inputs: 1, target: 'float', classDim: null, ranks: [0, Infinity] },
  crossEntropyLoss: { inputs: 1, target: 'index-or-probability', classDim: 'second', ranks: [1, Infinity] },
  hingeEmbeddingLoss: { inputs: 1, target: 'float', classDim: null, ranks: [0, Infinity] },
  marginRankingLoss: { inputs: 2, target: 'float', classDim: null, ranks: [0, Infinity] },
  cosineEmbeddingLoss: { inputs: 2, target: 'float', classDim: 'last', ranks: [1, 2], shapes: '(D) or (N, D)' },
  tripletMarginLoss: {
    inputs: 3, target: null, classDim: 'last', ranks: [1, 2], shapes: '(D) or (N, D)', names: ['anchor', 'positive', 'negative'],
  },
};

// The core's list decides which losses exist: a loss added there without a layout here fails at import.
export const TFJS_LOSSES = LOSSES.map(({ name }) => {
  if (!LAYOUTS[name]) throw new Error(`marginloss/tfjs: no layout for the core loss ${name}`);
  return { name, ...LAYOUTS[name] };
});

// The names of a loss's differentiable inputs, as its messages give them.
export function inputNames(layout) {
  return layout.names ?? (layout.inputs === 1 ? ['input'] : ['input1', 'input2']);
}

// The class dimension's index in an input of `rank` dimensions, or -1 for elementwise losses.
export function classAxis(layout, rank) {
  if (layout.classDim === null) return -1;
  if (layout.classDim === 'last') return rank - 1;
  return rank === 1 ? 0 : 1;
}

// The shape of the loss with reduction 'none': the input's without its class dimension.
export function lossShape(layout, shape) {
  const axis = classAxis(layout, shape.length);
  return axis < 0 ? shape : shape.filter((_, i) => i !== axis);
}

// The shape the upstream gradient of a 'none' loss takes to broadcast over the input: 1 at the class axis.
export function broadcastShape(layout, shape) {
  const axis = classAxis(layout, shape.length);
  return axis < 0 ? shape : shape.map((d, i) => (i === axis ? 1 : d));
}
