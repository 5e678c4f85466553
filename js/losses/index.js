// Every loss of the package, once: the API function's name, its edge function (argument checks and the
// kernel call, in losses/<name>.js) and the C kernels it calls, through their partial entries (whole calls
// and blocks of a streamed call alike: see ml_partial in c/include/marginloss.h), each exported by the
// module as ml_f32_<kernel>_partial and ml_f64_<kernel>_partial. api.js builds the API from this list,
// loader.js the exports a module must have. Adding a loss: its line here, its edge file, its entry in
// index.d.ts.
import { bceWithLogitsLoss } from './bce-with-logits.js';
import { cosineEmbeddingLoss } from './cosine-embedding.js';
import { crossEntropyLoss } from './cross-entropy.js';
import { hingeEmbeddingLoss } from './hinge-embedding.js';
import { marginRankingLoss } from './margin-ranking.js';
import { multiMarginLoss } from './multi-margin.js';
import { multilabelMarginLoss } from './multilabel-margin.js';
import { multilabelSoftMarginLoss } from './multilabel-soft-margin.js';
import { softMarginLoss } from './soft-margin.js';
import { tripletMarginLoss } from './triplet-margin.js';

export const LOSSES = [
  { name: 'softMarginLoss', edge: softMarginLoss, kernels: ['soft_margin'] },
  { name: 'multilabelSoftMarginLoss', edge: multilabelSoftMarginLoss, kernels: ['multilabel_soft_margin'] },
  { name: 'multiMarginLoss', edge: multiMarginLoss, kernels: ['multi_margin'] },
  { name: 'multilabelMarginLoss', edge: multilabelMarginLoss, kernels: ['multilabel_margin'] },
  { name: 'bceWithLogitsLoss', edge: bceWithLogitsLoss, kernels: ['bce_with_logits'] },
  { name: 'crossEntropyLoss', edge: crossEntropyLoss, kernels: ['cross_entropy_index', 'cross_entropy_prob'] },
  { name: 'hingeEmbeddingLoss', edge: hingeEmbeddingLoss, kernels: ['hinge_embedding'] },
  { name: 'marginRankingLoss', edge: marginRankingLoss, kernels: ['margin_ranking'] },
  { name: 'cosineEmbeddingLoss', edge: cosineEmbeddingLoss, kernels: ['cosine_embedding'] },
  { name: 'tripletMarginLoss', edge: tripletMarginLoss, kernels: ['triplet_margin'] },
];

// The export the binding calls for `kernel` in a dtype: its partial entry.
export const exportName = (dtype, kernel) => `ml_${dtype === 'float32' ? 'f32' : 'f64'}_${kernel}_partial`;

export const KERNEL_EXPORTS = LOSSES.flatMap(({ kernels }) =>
  kernels.flatMap((kernel) => [exportName('float32', kernel), exportName('float64', kernel)]));
