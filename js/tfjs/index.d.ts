/**
 * marginloss/tfjs: marginloss's ten losses as TensorFlow.js ops. Each takes `tf.Tensor`s, returns a
 * `tf.Tensor`, and has marginloss's fused gradient (tf.customGrad): use it inside tf.grad, tf.grads,
 * tf.variableGrads and optimizer.minimize, or as tf.layers' loss through `layersLoss`.
 *
 * The shape is read from the input tensor (no `shape` option); inputs are float32; gradients flow to the
 * inputs (every input of marginRankingLoss, cosineEmbeddingLoss and tripletMarginLoss, which must all
 * have one shape), never to targets or weights. The loss reads its tensors
 * synchronously (dataSync): on the cpu and wasm backends that is a copy, on webgl/webgpu a GPU readback.
 * @example
 * import * as tf from '@tensorflow/tfjs';
 * import { init } from 'marginloss/tfjs';
 * const mlt = await init();
 * const loss = mlt.crossEntropyLoss(logits, tf.tensor1d([2, 0, 1], 'int32'), { labelSmoothing: 0.1 });
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { InitOptions, LabelsMode, MarginLoss } from '../index.js';

export type Reduction = 'none' | 'mean' | 'sum';

/**
 * A scalar for 'mean' and 'sum' (the default); for 'none', the input's shape without the class dimension
 * (without D for the embedding losses: one value per pair or triplet of rows).
 */
export type LossTensor<R extends Reduction> = R extends 'none' ? Tensor : Scalar;

/** A weight option: a float32 tensor, a Float32Array or numbers. Weights get no gradient. */
export type Weight = Tensor | Float32Array | number[];

/** The core API's options, less those tfjs supplies (`shape`, `gradOutput` is dy, `grad`, `out`). */
export interface TensorLossOptions<R extends Reduction = Reduction> {
  /** 'mean' (default) and 'sum' give a scalar; 'none' one value per sample (per element for elementwise losses). */
  reduction?: R;
  /** 'strict' refuses targets in the wrong label convention (see the core's `labels` option). */
  labels?: LabelsMode;
}

export interface WeightOptions<R extends Reduction> extends TensorLossOptions<R> {
  /** One per class. */
  weight?: Weight;
}

export interface BceOptions<R extends Reduction> extends TensorLossOptions<R> {
  /** One per element, or one per class (the last dimension). */
  weight?: Weight;
  /** One per class (the last dimension). */
  posWeight?: Weight;
}

export interface MultiMarginOptions<R extends Reduction> extends WeightOptions<R> {
  p?: 1 | 2;
  margin?: number;
}

export interface CrossEntropyOptions<R extends Reduction> extends WeightOptions<R> {
  /** Class indices equal to it are skipped (int32 targets only); default -100. */
  ignoreIndex?: number;
  labelSmoothing?: number;
}

export interface MarginOptions<R extends Reduction> extends TensorLossOptions<R> {
  margin?: number;
}

/** TripletMarginLoss's options. It has no target, so no `labels`. */
export interface TripletMarginOptions<R extends Reduction = Reduction> {
  /** 'mean' (default) and 'sum' give a scalar; 'none' one value per triplet. */
  reduction?: R;
  /** Default 1; any finite number. */
  margin?: number;
  /** The distance's norm order: any finite real ≥ 1; default 2. */
  p?: number;
  /** Added to every coordinate of each difference (as F.pairwise_distance): finite, ≥ 0; default 1e-6. */
  eps?: number;
  /** Use d(positive, negative) where it is nearer than d(anchor, negative); default false. */
  swap?: boolean;
}

/** The options of each loss `layersLoss` takes (a loss of two or three inputs is not a tf.layers loss). */
export interface LayersLossOptions {
  softMarginLoss: TensorLossOptions;
  multilabelSoftMarginLoss: WeightOptions<Reduction>;
  multiMarginLoss: MultiMarginOptions<Reduction>;
  multilabelMarginLoss: TensorLossOptions;
  bceWithLogitsLoss: BceOptions<Reduction>;
  crossEntropyLoss: CrossEntropyOptions<Reduction>;
  hingeEmbeddingLoss: MarginOptions<Reduction>;
}

/** What tf.layers' model.compile({ loss }) takes. */
export type LayersLoss = (yTrue: Tensor, yPred: Tensor) => Tensor;

export interface MarginLossTfjs {
  /** The core API object the ops run on (typed arrays in, typed arrays out). */
  readonly core: MarginLoss;

  /**
   * SoftMarginLoss: labels in **{-1, +1}** (float32), the input's shape.
   * @example mlt.softMarginLoss(scores, tf.tensor1d([1, -1, 1])) // scalar
   */
  softMarginLoss<R extends Reduction = 'mean'>(input: Tensor, target: Tensor, options?: TensorLossOptions<R>): LossTensor<R>;

  /**
   * MultiLabelSoftMarginLoss: multi-hot **{0, 1}** rows (float32), input (N, C) or (C).
   * @example mlt.multilabelSoftMarginLoss(logits, tf.tensor2d([[1, 0, 1]]), { weight: [1, 2, 3] })
   */
  multilabelSoftMarginLoss<R extends Reduction = 'mean'>(input: Tensor, target: Tensor, options?: WeightOptions<R>): LossTensor<R>;

  /**
   * MultiMarginLoss (multi-class hinge): one **class index** per sample, an int32 tensor; input (N, C) or (C).
   * @example mlt.multiMarginLoss(scores, tf.tensor1d([3, 0], 'int32'), { p: 2 })
   */
  multiMarginLoss<R extends Reduction = 'mean'>(input: Tensor, target: Tensor, options?: MultiMarginOptions<R>): LossTensor<R>;

  /**
   * MultiLabelMarginLoss: per sample an **index list ended by -1** (int32), laid out like the input (N, C).
   * @example mlt.multilabelMarginLoss(scores, tf.tensor2d([[3, 0, -1, 1]], [1, 4], 'int32'))
   */
  multilabelMarginLoss<R extends Reduction = 'mean'>(input: Tensor, target: Tensor, options?: TensorLossOptions<R>): LossTensor<R>;

  /**
   * BCEWithLogitsLoss: **{0, 1}** or soft labels (float32), the input's shape.
   * @example mlt.bceWithLogitsLoss(logits, labels, { posWeight: [2, 1, 1] })
   */
  bceWithLogitsLoss<R extends Reduction = 'mean'>(input: Tensor, target: Tensor, options?: BceOptions<R>): LossTensor<R>;

  /**
   * CrossEntropyLoss over input (C), (N, C) or (N, C, d1, ...): an int32 target holds **class indices**
   * (one per sample and position), a float32 target of the input's shape **class probabilities**.
   * @example mlt.crossEntropyLoss(logits, tf.tensor1d([2, 0], 'int32'), { labelSmoothing: 0.1 })
   */
  crossEntropyLoss<R extends Reduction = 'mean'>(input: Tensor, target: Tensor, options?: CrossEntropyOptions<R>): LossTensor<R>;

  /**
   * HingeEmbeddingLoss: labels in **{-1, +1}** (float32), the input's shape; margin defaults to 1.
   * @example mlt.hingeEmbeddingLoss(distances, tf.tensor1d([1, -1]), { margin: 2 })
   */
  hingeEmbeddingLoss<R extends Reduction = 'mean'>(input: Tensor, target: Tensor, options?: MarginOptions<R>): LossTensor<R>;

  /**
   * MarginRankingLoss: y = 1 asks for input1 ≥ input2 + margin (labels in **{-1, +1}**, float32). The
   * gradient flows to both inputs.
   * @example const [g1, g2] = tf.grads((a, b) => mlt.marginRankingLoss(a, b, y, { margin: 0.5 }))([s1, s2]);
   */
  marginRankingLoss<R extends Reduction = 'mean'>(
    input1: Tensor, input2: Tensor, target: Tensor, options?: MarginOptions<R>,
  ): LossTensor<R>;

  /**
   * CosineEmbeddingLoss: pairs of rows, input1 and input2 of one shape (N, D) or (D), and one label per
   * pair in **{-1, +1}** (float32, N values): 1 pulls a pair to one direction, -1 pushes its cosine below
   * margin (default 0). Any other label, 0 included, gives loss 0: map {0, 1} labels with 2t - 1. The
   * gradient flows to both inputs.
   * @example const [g1, g2] = tf.grads((a, b) => mlt.cosineEmbeddingLoss(a, b, y, { margin: 0.5 }))([e1, e2]);
   */
  cosineEmbeddingLoss<R extends Reduction = 'mean'>(
    input1: Tensor, input2: Tensor, target: Tensor, options?: MarginOptions<R>,
  ): LossTensor<R>;

  /**
   * TripletMarginLoss: anchor, positive and negative rows of one shape, (N, D) or (D), and no target: the
   * anchor should be nearer its positive than its negative by margin, in the p-norm distance. The
   * gradient flows to all three.
   * @example const [ga, gp, gn] = tf.grads((a, p, n) => mlt.tripletMarginLoss(a, p, n, { swap: true }))([a, p, n]);
   */
  tripletMarginLoss<R extends Reduction = 'mean'>(
    anchor: Tensor, positive: Tensor, negative: Tensor, options?: TripletMarginOptions<R>,
  ): LossTensor<R>;

  /**
   * The loss `name` as tf.layers' `(yTrue, yPred) => tf.Tensor`, for model.compile({ loss }). model.fit
   * requires yTrue to have the model output's shape, and hands it over as float32; it is read as:
   * - multiMarginLoss: one-hot rows, converted to class indices (a row that is not one-hot is a RangeError);
   * - crossEntropyLoss: class probabilities (one-hot rows are probabilities);
   * - multilabelMarginLoss: -1-ended lists of class indices, laid out like yPred;
   * - the others: labels, as the tensor op reads them.
   * A yTrue of one value per sample ([N] or [N, 1], e.g. from fitDataset) is read as class indices by
   * multiMarginLoss and crossEntropyLoss. Class indices must be integer-valued; they are converted to int32.
   * @example model.compile({ optimizer: 'sgd', loss: mlt.layersLoss('multiMarginLoss', { margin: 1 }) });
   */
  layersLoss<N extends keyof LayersLossOptions>(name: N, options?: LayersLossOptions[N]): LayersLoss;
}

/**
 * Loads marginloss (the core's init options, passed through) and resolves to its losses as tfjs ops.
 * Import tfjs (or @tensorflow/tfjs-core and a backend) yourself; marginloss/tfjs uses the same copy.
 * @example const mlt = await init(); await tf.ready();
 */
export function init(options?: InitOptions): Promise<MarginLossTfjs>;
