// The public functions of one loaded module, bound to its memory.
import { Kernels } from './kernel-call.js';
import { bceWithLogitsLoss } from './losses/bce-with-logits.js';
import { crossEntropyLoss } from './losses/cross-entropy.js';
import { hingeEmbeddingLoss } from './losses/hinge-embedding.js';
import { marginRankingLoss } from './losses/margin-ranking.js';
import { multiMarginLoss } from './losses/multi-margin.js';
import { multilabelMarginLoss } from './losses/multilabel-margin.js';
import { multilabelSoftMarginLoss } from './losses/multilabel-soft-margin.js';
import { softMarginLoss } from './losses/soft-margin.js';
import { ModuleMemory } from './memory.js';
import { allocate } from './module-array.js';

export function createApi(exports, simd) {
  const kernels = new Kernels(exports, new ModuleMemory(exports));
  return Object.freeze({
    simd,
    // The zero-copy tier: an array in module memory, passed to the losses (and as options.out) by pointer.
    alloc: (Type, length) => allocate(exports, Type, length),
    softMarginLoss: (input, target, options) => softMarginLoss(kernels, input, target, options),
    multilabelSoftMarginLoss: (input, target, options) =>
      multilabelSoftMarginLoss(kernels, input, target, options),
    multiMarginLoss: (input, target, options) => multiMarginLoss(kernels, input, target, options),
    multilabelMarginLoss: (input, target, options) => multilabelMarginLoss(kernels, input, target, options),
    bceWithLogitsLoss: (input, target, options) => bceWithLogitsLoss(kernels, input, target, options),
    crossEntropyLoss: (input, target, options) => crossEntropyLoss(kernels, input, target, options),
    hingeEmbeddingLoss: (input, target, options) => hingeEmbeddingLoss(kernels, input, target, options),
    marginRankingLoss: (input1, input2, target, options) =>
      marginRankingLoss(kernels, input1, input2, target, options),
  });
}
