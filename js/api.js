// The public functions of one loaded module, bound to its memory.
import { Kernels } from './kernel-call.js';
import { checkLabels, labelsMode, recommendLoss } from './labels/index.js';
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

/**
 * One instantiated module: its kernels (and scratch block), and the API objects over it, one per `labels`
 * default ('off' or 'strict'), all sharing the module's memory.
 */
export class LoadedModule {
  constructor(exports, simd) {
    this.exports = exports;
    this.simd = simd;
    this.kernels = new Kernels(exports, new ModuleMemory(exports));
    this.apis = new Map();
  }

  // The API object whose losses default to `labels`, made once.
  api(labels = 'off') {
    if (!this.apis.has(labels)) this.apis.set(labels, createApi(this, labels));
    return this.apis.get(labels);
  }
}

function createApi({ exports, simd, kernels }, labelsDefault) {
  const labels = labelsMode('init: options.labels', labelsDefault);
  return Object.freeze({
    simd,
    // The default of the losses' `labels` option for this object.
    labels,
    checkLabels,
    recommendLoss,
    // The zero-copy tier: an array in module memory, passed to the losses (and as options.out) by pointer.
    alloc: (Type, length) => allocate(exports, Type, length),
    softMarginLoss: (input, target, options) => softMarginLoss(kernels, input, target, options, labels),
    multilabelSoftMarginLoss: (input, target, options) =>
      multilabelSoftMarginLoss(kernels, input, target, options, labels),
    multiMarginLoss: (input, target, options) => multiMarginLoss(kernels, input, target, options, labels),
    multilabelMarginLoss: (input, target, options) => multilabelMarginLoss(kernels, input, target, options, labels),
    bceWithLogitsLoss: (input, target, options) => bceWithLogitsLoss(kernels, input, target, options, labels),
    crossEntropyLoss: (input, target, options) => crossEntropyLoss(kernels, input, target, options, labels),
    hingeEmbeddingLoss: (input, target, options) => hingeEmbeddingLoss(kernels, input, target, options, labels),
    marginRankingLoss: (input1, input2, target, options) =>
      marginRankingLoss(kernels, input1, input2, target, options, labels),
  });
}
