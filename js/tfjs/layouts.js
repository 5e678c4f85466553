// What the TensorFlow.js adapter needs to know about each loss beyond the core API: how many of its
// arguments are differentiable inputs, what its target holds, and where its class dimension is (the
// shape of a 'none' loss is the input's without it, and the upstream gradient broadcasts along it).
import { LOSSES } from '../losses/index.js';

// target: 'float' (labels, one per input element or multi-hot rows), 'index' (class indices, int32) or
// 'index-or-probability' (crossEntropyLoss: int32 indices or float32 probabilities, as in the core).
// classDim: null for elementwise losses, 'last' for (N, C) inputs, 'second' for (N, C, d1, ...) inputs.
// ranks: the input ranks the loss takes, [min, max].
const LAYOUTS = {
  softMarginLoss: { inputs: 1, target: 'float', classDim: null, ranks: [0, Infinity] },
  multilabelSoftMarginLoss: { inputs: 1, target: 'float', classDim: 'last', ranks: [1, 2] },
  multiMarginLoss: { inputs: 1, target: 'index', classDim: 'last', ranks: [1, 2] },
  multilabelMarginLoss: { inputs: 1, target: 'index', classDim: 'last', ranks: [1, 2] },
  bceWithLogitsLoss: { inputs: 1, target: 'float', classDim: null, ranks: [0, Infinity] },
  crossEntropyLoss: { inputs: 1, target: 'index-or-probability', classDim: 'second', ranks: [1, Infinity] },
  hingeEmbeddingLoss: { inputs: 1, target: 'float', classDim: null, ranks: [0, Infinity] },
  marginRankingLoss: { inputs: 2, target: 'float', classDim: null, ranks: [0, Infinity] },
};

// The core's list decides which losses exist: a loss added there without a layout here fails at import.
export const TFJS_LOSSES = LOSSES.map(({ name }) => {
  if (!LAYOUTS[name]) throw new Error(`marginloss/tfjs: no layout for the core loss ${name}`);
  return { name, ...LAYOUTS[name] };
});

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
