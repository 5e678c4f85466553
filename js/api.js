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

// One Kernels (and scratch block) per module, shared by every API object made over it.
const kernelsOf = new WeakMap();
// For each API object: its module and the API objects over it by labels default.
const siblingsOf = new WeakMap();

/**
 * `labels` is the instance's default for the losses' `labels` option ('off' or 'strict'): API objects
 * with different defaults share the module, its memory and its scratch block.
 */
export function createApi(exports, simd, { labels: labelsDefault = 'off' } = {}) {
  const labels = labelsMode('init: options.labels', labelsDefault);
  if (!kernelsOf.has(exports)) kernelsOf.set(exports, new Kernels(exports, new ModuleMemory(exports)));
  const kernels = kernelsOf.get(exports);
  const api = Object.freeze({
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
  siblingsOf.set(api, { exports, simd, byLabels: new Map([[labels, api]]) });
  return api;
}

// The API object over the same module as `api` with another `labels` default (made once, then reused):
// init({ labels }) hands it out so the shared instance other callers hold keeps its own default.
export function withLabelsDefault(api, labels) {
  const family = siblingsOf.get(api);
  if (!family.byLabels.has(labels)) {
    const sibling = createApi(family.exports, family.simd, { labels });
    family.byLabels.set(labels, sibling);
    siblingsOf.set(sibling, family);
  }
  return family.byLabels.get(labels);
}
