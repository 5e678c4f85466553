/**
 * marginloss: PyTorch 1.13's margin and multi-label classification losses and two embedding losses
 * (cosine, triplet), forward and backward, in C compiled to WebAssembly (SIMD where the engine has it).
 * The input's dtype decides the computation.
 */

/** A float input: its type decides whether the loss runs in float32 or float64. */
export type FloatArray = Float32Array | Float64Array;

/**
 * An array that lives in the module's memory (the zero-copy tier, from `ml.alloc`): losses take it
 * wherever they take a typed array, by pointer, without copying.
 */
export interface ModuleArray<A extends FloatArray | Int32Array> {
  /** A live view of the data; re-derived after memory growth, so read it through here every time. */
  readonly array: A;
  readonly length: number;
  readonly type: { new (length: number): A };
  readonly freed: boolean;
  /** Returns the memory to the module; the ModuleArray is unusable afterwards. */
  free(): void;
}

/** An input's shape, e.g. [N, C]: a plain array, or a readonly one (`[n, c] as const`). */
export type Shape = readonly number[];

/** Float targets and weights: the input's typed array type, or plain numbers (converted). */
export type FloatLike<T extends FloatArray> = T | ModuleArray<T> | readonly number[];

/** Float labels: as FloatLike, or bytes (0/1 or -1/+1 masks, e.g. from a data loader), converted while copying. */
export type LabelLike<T extends FloatArray> = FloatLike<T> | Uint8Array | Int8Array;

/** Class indices: an Int32Array, or plain integers (converted). */
export type IndexLike = Int32Array | ModuleArray<Int32Array> | readonly number[];

/** A loss's float input: a typed array or a ModuleArray of one. */
export type FloatInput<T extends FloatArray> = T | ModuleArray<T>;

export type Reduction = 'none' | 'mean' | 'sum';

/**
 * The options every loss takes. Its type parameters are what a call's options say about the result, so
 * that the result is typed exactly (see LossResult): `R` the reduction, `G` the `grad` flag, `OL` and `OG`
 * the arrays given as `out.loss` and `out.grad`. The defaults admit any call.
 */
export interface CommonOptions<
  T extends FloatArray, R extends Reduction | undefined = Reduction, G extends boolean | undefined = boolean,
  OL extends FloatInput<T> = FloatInput<T>, OG extends FloatInput<T> = FloatInput<T>,
> {
  /** 'mean' (default) and 'sum' give a number; 'none' one value per sample (per element for elementwise losses). */
  reduction?: R;
  /** The input's shape, e.g. [N, C]. Required where the loss has a class dimension, or rows of embeddings. */
  shape?: Shape;
  /** The upstream gradient: one value per loss output for 'none', a number otherwise. Default ones. */
  gradOutput?: R extends 'none' ? FloatLike<T> : number;
  /** false skips the backward pass (`grad` is then null). Default true. */
  grad?: G;
  /**
   * Arrays of the input's dtype that receive the results and are returned in place of new arrays, so a
   * training loop that passes the same ones every step allocates no result arrays. A typed array is filled
   * once the kernel has succeeded (a failed call writes nothing); a ModuleArray is written in place (the
   * zero-copy tier).
   * `loss` has one element for 'mean' and 'sum' (the number is returned too), one per loss value for
   * 'none'; `grad` and `grad2` the input's length (and no gradient array with `grad: false`). None may be
   * an input or another output, and a typed array here must not be a view of module memory (pass its
   * ModuleArray).
   * @example const grad = new Float32Array(x.length); // once, then every step:
   * const { loss } = ml.softMarginLoss(x, y, { out: { grad } }); // grad now holds d loss / d x
   */
  out?: { loss?: OL; grad?: G extends false ? never : OG };
  /**
   * 'strict' checks the target's label convention first (one pass) and throws a LabelConventionError
   * instead of computing plausible numbers that train the wrong way; overrides the init default.
   */
  labels?: LabelsMode;
}

/** MarginRankingLoss's options: `OG2` is the array given as `out.grad2`. */
export interface RankingOptions<
  T extends FloatArray, R extends Reduction | undefined = Reduction, G extends boolean | undefined = boolean,
  OL extends FloatInput<T> = FloatInput<T>, OG extends FloatInput<T> = FloatInput<T>,
  OG2 extends FloatInput<T> = FloatInput<T>,
> extends CommonOptions<T, R, G, OL, OG> {
  /** margin defaults to 0. */
  margin?: number;
  out?: { loss?: OL; grad?: G extends false ? never : OG; grad2?: G extends false ? never : OG2 };
}

/** CosineEmbeddingLoss's options: RankingOptions (margin, default 0; `out.grad2`) with the shape required. */
export interface CosineOptions<
  T extends FloatArray, R extends Reduction | undefined = Reduction, G extends boolean | undefined = boolean,
  OL extends FloatInput<T> = FloatInput<T>, OG extends FloatInput<T> = FloatInput<T>,
  OG2 extends FloatInput<T> = FloatInput<T>,
> extends RankingOptions<T, R, G, OL, OG, OG2> {
  /** The inputs' shape: [N, D] (N pairs of D-value rows) or [D] (one pair). */
  shape: Shape;
}

/**
 * TripletMarginLoss's options: `OG2` and `OG3` are the arrays given as `out.grad2` and `out.grad3`. No
 * `labels`: the loss has no target.
 */
export interface TripletOptions<
  T extends FloatArray, R extends Reduction | undefined = Reduction, G extends boolean | undefined = boolean,
  OL extends FloatInput<T> = FloatInput<T>, OG extends FloatInput<T> = FloatInput<T>,
  OG2 extends FloatInput<T> = FloatInput<T>, OG3 extends FloatInput<T> = FloatInput<T>,
> extends Omit<CommonOptions<T, R, G, OL, OG>, 'labels' | 'shape' | 'out'> {
  /** The inputs' shape: [N, D] (N triplets of D-value rows) or [D] (one triplet). */
  shape: Shape;
  /** margin defaults to 1; any finite number. */
  margin?: number;
  /** The order of the p-norm distance: any finite number ≥ 1 (default 2). */
  p?: number;
  /**
   * Added to every coordinate of each difference before its norm, as F.pairwise_distance: finite, ≥ 0, and
   * finite in float32 for a Float32Array input (default 1e-6).
   */
  eps?: number;
  /** true: d(anchor, negative) is replaced by d(positive, negative) where that is smaller (default false). */
  swap?: boolean;
  out?: {
    loss?: OL; grad?: G extends false ? never : OG; grad2?: G extends false ? never : OG2;
    grad3?: G extends false ? never : OG3;
  };
}

/**
 * What a loss returns, typed by the call's options (see CommonOptions): with the defaults, any call's.
 */
export interface LossResult<
  T extends FloatArray, R extends Reduction | undefined = Reduction, G extends boolean | undefined = boolean,
  OL extends FloatInput<T> = FloatInput<T>, OG extends FloatInput<T> = FloatInput<T>,
> {
  /**
   * A number for 'mean' and 'sum' (also when `options.out.loss` is given); for 'none', the input's shape
   * without the class dimension (a new array, or `options.out.loss` when given, as for each result).
   */
  loss: R extends 'none' ? OL : number;
  /** d loss / d input, laid out like the input; null when `grad: false`. */
  grad: G extends false ? null : OG;
}

/** The result of a loss of two inputs (marginRankingLoss, cosineEmbeddingLoss). */
export interface RankingResult<
  T extends FloatArray, R extends Reduction | undefined = Reduction, G extends boolean | undefined = boolean,
  OL extends FloatInput<T> = FloatInput<T>, OG extends FloatInput<T> = FloatInput<T>,
  OG2 extends FloatInput<T> = FloatInput<T>,
> extends LossResult<T, R, G, OL, OG> {
  /** d loss / d input2; null when `grad: false`. */
  grad2: G extends false ? null : OG2;
}

/** tripletMarginLoss's result: `grad`, `grad2` and `grad3` for the anchor, the positive and the negative. */
export interface TripletResult<
  T extends FloatArray, R extends Reduction | undefined = Reduction, G extends boolean | undefined = boolean,
  OL extends FloatInput<T> = FloatInput<T>, OG extends FloatInput<T> = FloatInput<T>,
  OG2 extends FloatInput<T> = FloatInput<T>, OG3 extends FloatInput<T> = FloatInput<T>,
> extends RankingResult<T, R, G, OL, OG, OG2> {
  /** d loss / d negative; null when `grad: false`. */
  grad3: G extends false ? null : OG3;
}

/**
 * The loss functions of one loaded module. Each loss's result is typed by its call: `loss` is a number
 * unless `reduction: 'none'` (then the input's array type, or `out.loss`'s), `grad` (`grad2`, `grad3`) the
 * input's array type (or `out.grad`'s), null with `grad: false`; a Float64Array input gives Float64Arrays.
 */
export interface MarginLoss {
  /** true when the SIMD build is loaded. */
  readonly simd: boolean;

  /**
   * Allocates an array in module memory for hot loops: fill `.array`, pass the ModuleArray to any loss
   * (and as `options.out`), and no data is copied.
   * @example const x = ml.alloc(Float32Array, n); x.array.set(scores); ml.softMarginLoss(x, y, { out: { grad } });
   */
  alloc<A extends FloatArray | Int32Array>(type: { new (length: number): A }, length: number): ModuleArray<A>;

  /**
   * The size of this instance's linear memory in bytes (1 MiB when loaded). WebAssembly memory grows and
   * never shrinks:
   * - a copying call (typed arrays in, results out) streams its arrays through one scratch window of module
   *   memory (512 KiB) that every copying call of the instance reuses, in blocks of whole rows with results
   *   bit-identical to one call: copying calls of any size leave the memory near its starting size (only a
   *   single row larger than the window grows it);
   * - `alloc()` takes its arrays from the same memory and grows it; `free()` makes their room reusable by
   *   later `alloc()`s, but the memory keeps its size.
   * To give grown memory back, do the zero-copy work on `init({ instance: 'private' })` and drop that object
   * and its ModuleArrays: the garbage collector then releases the instance with its memory.
   * @example ml.softMarginLoss(new Float32Array(1e7), new Float32Array(1e7)); ml.memoryBytes() // ≈ 1 MiB
   */
  memoryBytes(): number;

  /**
   * SoftMarginLoss: binary labels in **{-1, +1}**. loss = log(1 + exp(-y·x)), computed stably.
   * With {0, 1} labels every y = 0 element is a flat ln 2 with zero gradient: negatives never learn.
   * @example ml.softMarginLoss(Float32Array.of(0.5, -1, 2), Float32Array.of(1, -1, 1)).loss // 0.304756
   */
  softMarginLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T,
  >(input: FloatInput<T>, target: LabelLike<T>, options?: CommonOptions<T, R, G, OL, OG>): LossResult<T, R, G, OL, OG>;

  /**
   * MultiLabelSoftMarginLoss: multi-hot **{0, 1}** rows, input (N, C) or (C), classes last.
   * Per sample, the mean over classes of weight[c] · BCE-with-logits. y = -1 makes the loss unbounded below.
   * @example ml.multilabelSoftMarginLoss(x, Float32Array.of(1, 0, 1), { shape: [1, 3], weight: [1, 2, 3] })
   */
  multilabelSoftMarginLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T,
  >(
    input: FloatInput<T>, target: LabelLike<T>,
    options: CommonOptions<T, R, G, OL, OG> & { shape: Shape; weight?: FloatLike<T> },
  ): LossResult<T, R, G, OL, OG>;

  /**
   * MultiMarginLoss (multi-class hinge): one **class index** in [0, C) per sample, input (N, C) or (C).
   * loss = Σ_{i≠y} weight[y] · max(0, margin − x[y] + x[i])^p / C. p is 1 or 2; margin defaults to 1.
   * @example ml.multiMarginLoss(Float32Array.of(0.1, 0.2, 0.4, 0.8), [3], { shape: [4] }).loss // 0.325
   */
  multiMarginLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T,
  >(
    input: FloatInput<T>, target: IndexLike,
    options: CommonOptions<T, R, G, OL, OG> & { shape: Shape; p?: 1 | 2; margin?: number; weight?: FloatLike<T> },
  ): LossResult<T, R, G, OL, OG>;

  /**
   * MultiLabelMarginLoss: per sample an **index list ended by -1**, laid out like the input ([3, 0, -1, 1]
   * means classes {3, 0}). Not multi-hot: [0, 0, 0, 1] means class 0 three times and class 1.
   * @example ml.multilabelMarginLoss(Float32Array.of(0.1, 0.2, 0.4, 0.8), [3, 0, -1, 1], { shape: [4] }).loss // 0.85
   */
  multilabelMarginLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T,
  >(
    input: FloatInput<T>, target: IndexLike, options: CommonOptions<T, R, G, OL, OG> & { shape: Shape },
  ): LossResult<T, R, G, OL, OG>;

  /**
   * BCEWithLogitsLoss: **{0, 1}** (or soft, in [0, 1]) labels, any shape, classes along the last dimension.
   * `weight`: one per element or one per class; `posWeight`: one per class. y = -1 makes the loss negative.
   * @example ml.bceWithLogitsLoss(Float32Array.of(0.5, -1, 2), Float32Array.of(1, 0, 1)).loss
   */
  bceWithLogitsLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T,
  >(
    input: FloatInput<T>, target: LabelLike<T>,
    options?: CommonOptions<T, R, G, OL, OG> & { weight?: FloatLike<T>; posWeight?: FloatLike<T> },
  ): LossResult<T, R, G, OL, OG>;

  /**
   * CrossEntropyLoss: softmax cross-entropy over input (C), (N, C) or (N, C, d1, ...). The target's type
   * picks the mode: an Int32Array or integer array holds **class indices** (one per sample and position,
   * `ignoreIndex` skipped); a float typed array of the input's length holds **class probabilities**.
   * @example ml.crossEntropyLoss(x, Int32Array.of(1, 2, 0), { shape: [3, 3], labelSmoothing: 0.1 })
   */
  crossEntropyLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T,
  >(
    input: FloatInput<T>, target: IndexLike | T | ModuleArray<T>,
    options: CommonOptions<T, R, G, OL, OG> & {
      shape: Shape; weight?: FloatLike<T>; ignoreIndex?: number; labelSmoothing?: number;
    },
  ): LossResult<T, R, G, OL, OG>;

  /**
   * HingeEmbeddingLoss: labels in **{-1, +1}**. y = 1 → x (unclamped); y = -1 → max(0, margin − x).
   * Any other label gets both terms. margin defaults to 1.
   * @example ml.hingeEmbeddingLoss(Float32Array.of(0.3, 2), Float32Array.of(1, -1), { reduction: 'none' })
   */
  hingeEmbeddingLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T,
  >(
    input: FloatInput<T>, target: LabelLike<T>, options?: CommonOptions<T, R, G, OL, OG> & { margin?: number },
  ): LossResult<T, R, G, OL, OG>;

  /**
   * MarginRankingLoss: y = 1 asks for input1 ≥ input2 + margin, y = -1 the reverse (labels in **{-1, +1}**;
   * y = 0 gives a constant). loss = max(0, −y·(x1 − x2) + margin); margin defaults to 0.
   * @example ml.marginRankingLoss(Float32Array.of(1, 2), Float32Array.of(2, 1), Float32Array.of(1, 1), { margin: 0.5 })
   */
  marginRankingLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T, OG2 extends FloatInput<T> = T,
  >(
    input1: FloatInput<T>, input2: FloatLike<T>, target: LabelLike<T>, options?: RankingOptions<T, R, G, OL, OG, OG2>,
  ): RankingResult<T, R, G, OL, OG, OG2>;

  /**
   * CosineEmbeddingLoss: pairs of rows of input1 and input2, (N, D) or (D), one label in **{-1, +1}** per
   * pair (similar / dissimilar). cos = x1·x2 / √((|x1|² + ε)(|x2|² + ε)); loss = 1 − cos for y = 1,
   * max(0, cos − margin) for y = -1, and **0 for any other label**: with {0, 1} labels every dissimilar
   * pair is ignored (map y to 2y − 1). margin defaults to 0. A 1-D input's one label may be a number.
   * `grad` and `grad2` are laid out like input1 and input2.
   * @example ml.cosineEmbeddingLoss(Float32Array.of(3, 4, 1, 0), Float32Array.of(4, 3, 0, 1), Float32Array.of(1, -1), { shape: [2, 2] }).loss // 0.02
   */
  cosineEmbeddingLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T, OG2 extends FloatInput<T> = T,
  >(
    input1: FloatInput<T>, input2: FloatLike<T>, target: LabelLike<T> | number,
    options: CosineOptions<T, R, G, OL, OG, OG2>,
  ): RankingResult<T, R, G, OL, OG, OG2>;

  /**
   * TripletMarginLoss: triplets of rows (anchor, positive, negative), (N, D) or (D); no target. loss =
   * max(0, margin + d(anchor, positive) − d(anchor, negative)) with d(x, y) = ‖x − y + eps‖_p; `swap` uses
   * d(positive, negative) instead where it is smaller. margin defaults to 1, p to 2, eps to 1e-6.
   * `grad`, `grad2` and `grad3` are d loss / d anchor, positive and negative.
   * @example ml.tripletMarginLoss(Float32Array.of(0, 0), Float32Array.of(3, 4), Float32Array.of(0, 6), { shape: [2], margin: 2, eps: 0 }).loss // 1
   */
  tripletMarginLoss<
    T extends FloatArray, R extends Reduction | undefined = 'mean', G extends boolean | undefined = true,
    OL extends FloatInput<T> = T, OG extends FloatInput<T> = T, OG2 extends FloatInput<T> = T,
    OG3 extends FloatInput<T> = T,
  >(
    anchor: FloatInput<T>, positive: FloatLike<T>, negative: FloatLike<T>,
    options: TripletOptions<T, R, G, OL, OG, OG2, OG3>,
  ): TripletResult<T, R, G, OL, OG, OG2, OG3>;
}

export interface InitOptions {
  /** Force the SIMD (true) or baseline (false) build; by default the engine's support decides. */
  simd?: boolean;
  /**
   * A compiled `WebAssembly.Module`, for hosts that cannot fetch or compile from bytes. (Typed as `object`
   * so these declarations need no DOM library.)
   */
  module?: object;
  /** The .wasm bytes (or a fetch `Response` of them), for hosts that cannot fetch the package's file. */
  bytes?: ArrayBuffer | ArrayBufferView | { arrayBuffer(): Promise<ArrayBuffer> };
  /**
   * 'shared' (default): the process's one instance of the build (per supplied module or bytes), kept for
   * the life of the process with its memory. 'private': a new instance shared with no other init() call,
   * released with its memory (see `memoryBytes`) once the returned object and every ModuleArray it
   * allocated are unreachable. ModuleArrays of one instance are refused by every other instance.
   * @example let big = await init({ instance: 'private' }); big.crossEntropyLoss(x, t, { shape }); big = null;
   */
  instance?: 'shared' | 'private';
}

/**
 * Loads the WebAssembly module once and resolves to the loss functions; calls for the same build share
 * one instance, except with `instance: 'private'`.
 * @example const ml = await init();
 */
export function init(options?: InitOptions): Promise<MarginLoss>;

// ---------------------------------------------------------------------------------------------------
// The label-convention guard and the decision guide (js/labels/). No WebAssembly needed: checkLabels,
// recommendLoss and LabelConventionError are named exports of the package (a page that imports only init
// does not bundle the decision guide).
// ---------------------------------------------------------------------------------------------------

/** 'off' (default): PyTorch-compatible, no check. 'strict': throw a LabelConventionError for a target that cannot be in the loss's convention. */
export type LabelsMode = 'off' | 'strict';

/** The API name of a loss, as recommendLoss names it. */
export type LossName =
  | 'softMarginLoss' | 'multilabelSoftMarginLoss' | 'multiMarginLoss' | 'multilabelMarginLoss'
  | 'bceWithLogitsLoss' | 'crossEntropyLoss' | 'hingeEmbeddingLoss' | 'marginRankingLoss'
  | 'cosineEmbeddingLoss' | 'tripletMarginLoss';

/** The losses with a target, as checkLabels takes them (tripletMarginLoss has none: a RangeError). */
export type LabeledLossName = Exclude<LossName, 'tripletMarginLoss'>;

/** The label conventions a target can be in (CONVENTIONS has a phrase for each). */
export type LabelConvention =
  | 'zero-one' | 'plus-minus-one' | 'probabilities' | 'one-hot' | 'multi-hot'
  | 'class-indices' | 'one-based-indices' | 'index-list' | 'other';

/** A short phrase per convention id, e.g. CONVENTIONS['zero-one'] === 'binary labels in {0, 1}'. */
export const CONVENTIONS: Readonly<Record<LabelConvention, string>>;

export interface LabelDiagnosis {
  /** The loss the target was checked for. */
  loss: LabeledLossName;
  /** The target format the loss expects, in words (with C and N filled in where known). */
  expected: string;
  /** What the target looks like: the loss's own convention when it fits; null for an empty target. */
  convention: LabelConvention | null;
  /** Every convention the values are consistent with (an all-ones target is both {0, 1} and {-1, +1}). */
  conventions: LabelConvention[];
  /** false when the target cannot be in the loss's convention: what `labels: 'strict'` throws for. */
  fits: boolean;
  /** The first offending target element, or -1 (fits, or a whole-target problem such as one-hot rows). */
  index: number;
  /** One line: what is wrong and what it does to training; null when it fits. */
  problem: string | null;
  /** One line: the fix, e.g. 'map y to 2y - 1', 'subtract 1 from class indices'; null when it fits. */
  fix: string | null;
}

/** Thrown by `labels: 'strict'`; a RangeError, like every other target check. */
export class LabelConventionError extends RangeError {
  readonly name: 'LabelConventionError';
  readonly diagnosis: LabelDiagnosis;
}

/**
 * Diagnoses a target's label convention for a loss without running it. Pass the loss's own options:
 * `shape` (required where the loss has classes; optional for cosineEmbeddingLoss, where it gives the
 * number of pairs) and `ignoreIndex` are read, the rest ignored. Throws a TypeError or RangeError only for
 * arguments it cannot read (unknown loss, a loss without a target, missing shape, a length that fits no
 * reading of the loss). cosineEmbeddingLoss counts only labels exactly -1 and +1: {0, 1} labels (fix
 * 'map y to 2y - 1'), NaN and any other value do not fit.
 * @example checkLabels('softMarginLoss', Float32Array.of(1, 0, 1)).fix // 'map y to 2y - 1'
 * @example checkLabels('multilabelMarginLoss', [1, 0, 1, 0], { shape: [1, 4] }).convention // 'multi-hot'
 */
export function checkLabels(
  lossName: LabeledLossName, target: ArrayLike<number> | ModuleArray<FloatArray | Int32Array>,
  options?: { shape?: Shape; ignoreIndex?: number; [option: string]: unknown },
): LabelDiagnosis;

export interface LossRecommendation {
  loss: LossName;
  /** The target format the loss expects. */
  target: string;
  /** Why this loss, in one line. */
  why: string;
  /** How to convert the labels you have, or null when they can be passed as they are. */
  convert: string | null;
}

/**
 * The decision guide. `labels`: the format you have (a convention id, e.g. checkLabels(...).convention);
 * `perSample`: 'binary' (one yes/no per score), 'single-label' (exactly one class of C), 'multi-label'
 * (any number of C), 'pair' (similar / dissimilar, from a distance: hingeEmbeddingLoss), 'ranking'
 * (which of two scores should be higher), 'embedding-pair' (two embeddings, similar / dissimilar by their
 * cosine: cosineEmbeddingLoss) or 'triplet' (anchor, positive, negative, no labels: tripletMarginLoss);
 * `style`: 'probabilistic' (default; logistic/softmax) or 'margin' (hinge, SVM-style; the default and only
 * style for pairs, rankings and triplets). Give labels, perSample or both; contradictions are a RangeError.
 * @example recommendLoss({ perSample: 'embedding-pair', labels: 'zero-one' }).convert // 'map y to 2y - 1'
 * @example recommendLoss({ labels: 'zero-one' }).loss // 'bceWithLogitsLoss'
 * @example recommendLoss({ perSample: 'single-label', style: 'margin' }).loss // 'multiMarginLoss'
 */
export function recommendLoss(query: {
  labels?: Exclude<LabelConvention, 'other'>;
  perSample?: 'binary' | 'single-label' | 'multi-label' | 'pair' | 'ranking' | 'embedding-pair' | 'triplet';
  style?: 'probabilistic' | 'margin';
}): LossRecommendation;

export interface MarginLoss {
  /** The losses' default `labels` mode for this object (from init). */
  readonly labels: LabelsMode;
}

export interface InitOptions {
  /**
   * The losses' default `labels` mode for the returned object. The module stays shared: objects that
   * other init() callers hold keep their own default.
   */
  labels?: LabelsMode;
}
