/*
 * marginloss: classification and embedding losses with PyTorch 1.13 semantics, forward and backward in
 * one pass.
 *
 * Every loss comes in float32 (ml_f32_*) and float64 (ml_f64_*) with the same contract:
 *   - The caller owns all memory; the library never allocates.
 *   - Arguments are validated first; on any non-ML_OK status nothing has been written.
 *   - `reduction` picks the shape of `loss_out`: ML_REDUCTION_NONE writes one value per sample
 *     (per element for elementwise losses), MEAN and SUM write a single value.
 *   - `grad_output` is the upstream gradient: one value per loss output for NONE, a single value
 *     for MEAN and SUM, or NULL for ones.
 *   - `grad_input` (`grad_input1` and `grad_input2` for losses of two inputs; `grad_anchor`,
 *     `grad_positive` and `grad_negative` for triplet-margin) receives d loss / d that input, laid out
 *     like it; NULL skips that gradient, and with every gradient NULL there is no backward pass.
 *   - Hinge kinks take PyTorch 1.13's subgradients: strict (0 at the kink) for multi-margin and
 *     multilabel-margin, active (±1 at the kink) for hinge-embedding and margin-ranking, active for
 *     cosine-embedding and triplet-margin.
 *   - Sums run in double with compensation, so 'mean' over long float32 arrays stays accurate.
 *   - 'mean' over an empty batch is NaN.
 */
#ifndef MARGINLOSS_H
#define MARGINLOSS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: stable numbers, never reused. */
typedef enum ml_status {
  ML_OK = 0,
  ML_ERR_NULL_POINTER = 1,           /* a required pointer is NULL */
  ML_ERR_BAD_REDUCTION = 2,          /* reduction is not NONE, MEAN or SUM */
  ML_ERR_BAD_P = 3,                  /* multi-margin p is not 1 or 2; triplet p is below 1, or not finite */
  ML_ERR_TARGET_OUT_OF_RANGE = 4,    /* a class index is outside its allowed range */
  ML_ERR_BAD_SIZE = 5,               /* a dimension is zero where classes are required */
  ML_ERR_BAD_LABEL_SMOOTHING = 6,    /* label smoothing outside [0, 1] or NaN */
  ML_ERR_BAD_MARGIN = 7,             /* margin is NaN */
  ML_ERR_BAD_PHASE = 8,              /* a partial call's phase is not ML_PARTIAL_CHECK or _COMPUTE */
  ML_ERR_BAD_EPS = 9,                /* triplet eps is negative, or not finite */
} ml_status;

/* A static, human-readable name for a status ("ML_ERR_BAD_P"), for messages and logs. */
const char *ml_status_name(int status);

/*
 * 1 when this build's kernels run on SIMD lanes (WebAssembly SIMD128 or x86 SSE4.1), 0 when they run on
 * the same vector code's generic lanes (the baseline WebAssembly build: scalar lanes, no SIMD
 * instructions). Either way the kernels are the same source.
 */
int ml_build_uses_simd(void);

typedef enum ml_reduction {
  ML_REDUCTION_NONE = 0,
  ML_REDUCTION_MEAN = 1,
  ML_REDUCTION_SUM = 2,
} ml_reduction;

/*
 * The losses. Each comes as ml_f32_<name> (T = float) and ml_f64_<name> (T = double), with the parameter
 * list ML_PARAMS_<name>(T) below and the contract at the top of this header, and as the block-by-block
 * ml_f32_<name>_partial and ml_f64_<name>_partial (see ml_partial); ML_LOSSES lists every name once, and
 * the declarations, the WebAssembly exports and the tests are derived from it.
 */

/*
 * ml_f32_soft_margin, ml_f64_soft_margin: SoftMarginLoss, labels in {-1, +1}. loss = softplus(-y*x),
 * computed stably (finite for every finite x, unlike PyTorch's literal log(1+exp)). `n` elements; 'none'
 * writes n values; 'mean' divides by n.
 */
#define ML_PARAMS_soft_margin(T)                                                                  \
  const T *input, const T *target, size_t n, int reduction, const T *grad_output, T *loss_out,    \
  T *grad_input

/*
 * ml_f32_multilabel_soft_margin, ml_f64_multilabel_soft_margin: MultiLabelSoftMarginLoss, multi-hot
 * {0,1} (or soft) targets, input (rows, classes), class dim last. Per row: mean over classes of
 * weight[c] * (softplus(-x) + (1-y)*x). `weight` has `classes` values or is NULL. 'none' writes `rows`
 * values; 'mean' divides by rows.
 */
#define ML_PARAMS_multilabel_soft_margin(T)                                                       \
  const T *input, const T *target, const T *weight, size_t rows, size_t classes, int reduction,   \
  const T *grad_output, T *loss_out, T *grad_input

/*
 * ml_f32_multi_margin, ml_f64_multi_margin: MultiMarginLoss, class-index targets in [0, classes). Per
 * row with target t: sum over i != t of weight[t] * max(0, margin - x[t] + x[i])^p, divided by `classes`.
 * p is 1 or 2; `weight` has `classes` values (indexed by the target class) or is NULL.
 * A NaN anywhere in a row makes that row's loss and gradient NaN. 'mean' divides by rows.
 */
#define ML_PARAMS_multi_margin(T)                                                                 \
  const T *input, const int32_t *target, const T *weight, size_t rows, size_t classes, int p,     \
  double margin, int reduction, const T *grad_output, T *loss_out, T *grad_input

/*
 * ml_f32_multilabel_margin, ml_f64_multilabel_margin: MultiLabelMarginLoss. Each target row is a list
 * of class indices ended by the first negative entry; every entry must lie in [-1, classes). Duplicates
 * count once per occurrence. Margin fixed at 1. `workspace` holds `classes` bytes (scratch for the
 * target set). A NaN in a row makes it NaN.
 */
#define ML_PARAMS_multilabel_margin(T)                                                            \
  const T *input, const int32_t *target, size_t rows, size_t classes, int reduction,              \
  const T *grad_output, T *loss_out, T *grad_input, uint8_t *workspace

/*
 * ml_f32_bce_with_logits, ml_f64_bce_with_logits: BCEWithLogitsLoss, {0,1} or soft targets, input
 * (rows, classes) with the class dim last. loss = w * ((1-y)*x + (1 + (pw-1)*y) * softplus(-x)).
 * `weight` has rows*classes values, `classes` values (per class) or is NULL; `weight_len` says which.
 * `pos_weight` has `classes` values or is NULL. 'none' writes rows*classes values; 'mean' divides by
 * rows*classes (weights do not normalise).
 */
#define ML_PARAMS_bce_with_logits(T)                                                              \
  const T *input, const T *target, const T *weight, size_t weight_len, const T *pos_weight,       \
  size_t rows, size_t classes, int reduction, const T *grad_output, T *loss_out, T *grad_input

/*
 * ml_f32_cross_entropy_index, ml_f64_cross_entropy_index: CrossEntropyLoss with class-index targets.
 * Input (batch, classes, inner) where inner is the product of the trailing dims (1 for 1-D and 2-D
 * inputs); target (batch, inner), each in [0, classes) or equal to ignore_index. 'mean' divides by the
 * summed weight of the non-ignored targets.
 */
#define ML_PARAMS_cross_entropy_index(T)                                                          \
  const T *input, const int32_t *target, const T *weight, size_t batch, size_t classes,           \
  size_t inner, int32_t ignore_index, double label_smoothing, int reduction,                      \
  const T *grad_output, T *loss_out, T *grad_input

/*
 * ml_f32_cross_entropy_prob, ml_f64_cross_entropy_prob: CrossEntropyLoss with class-probability
 * targets laid out like the input. 'mean' divides by batch*inner (weights do not normalise).
 */
#define ML_PARAMS_cross_entropy_prob(T)                                                           \
  const T *input, const T *target, const T *weight, size_t batch, size_t classes, size_t inner,   \
  double label_smoothing, int reduction, const T *grad_output, T *loss_out, T *grad_input

/*
 * ml_f32_hinge_embedding, ml_f64_hinge_embedding: HingeEmbeddingLoss, labels in {-1, +1}.
 * loss = [y != 1]*max(0, margin - x) + [y != -1]*x, so y = 1 passes x through unclamped and any other
 * label gets both terms (PyTorch 1.13's kernel).
 */
#define ML_PARAMS_hinge_embedding(T)                                                              \
  const T *input, const T *target, size_t n, double margin, int reduction, const T *grad_output,  \
  T *loss_out, T *grad_input

/*
 * ml_f32_margin_ranking, ml_f64_margin_ranking: MarginRankingLoss, labels in {-1, +1}.
 * loss = max(0, -y*(x1 - x2) + margin); gradients for both inputs (either may be NULL).
 */
#define ML_PARAMS_margin_ranking(T)                                                               \
  const T *input1, const T *input2, const T *target, size_t n, double margin, int reduction,      \
  const T *grad_output, T *loss_out, T *grad_input1, T *grad_input2

/*
 * ml_f32_cosine_embedding, ml_f64_cosine_embedding: CosineEmbeddingLoss, labels in {-1, +1}, pairs of
 * rows (rows, dim). Per row: cos = s / sqrt(m1 * m2) with s = sum x1*x2, m1 = sum x1^2 + eps,
 * m2 = sum x2^2 + eps (eps = 1e-12 rounded to float32, PyTorch's); loss = 1 - cos for y = 1,
 * max(0, cos - margin) for y = -1, and 0 for any other label (still counted by 'mean'). A non-finite
 * value in either row makes both gradient rows NaN. 'none' writes `rows` values; 'mean' divides by rows.
 */
#define ML_PARAMS_cosine_embedding(T)                                                             \
  const T *input1, const T *input2, const T *target, size_t rows, size_t dim, double margin,      \
  int reduction, const T *grad_output, T *loss_out, T *grad_input1, T *grad_input2

/*
 * ml_f32_triplet_margin, ml_f64_triplet_margin: TripletMarginLoss, triplets of rows (rows, dim), no
 * target. d(x, y) = ||x - y + eps||_p (eps added to every coordinate, as F.pairwise_distance); per row
 * loss = max(0, margin + d(a, pos) - d(a, neg)), with `swap` d(a, neg) replaced by d(pos, neg) when
 * smaller (a tie splits the gradient in half). p is any finite real >= 1 (fast paths for 1 and 2), eps
 * finite and >= 0. Each of the three gradients may be NULL. 'mean' divides by rows.
 */
#define ML_PARAMS_triplet_margin(T)                                                               \
  const T *anchor, const T *positive, const T *negative, size_t rows, size_t dim, double margin,   \
  double p, double eps, int swap, int reduction, const T *grad_output, T *loss_out,               \
  T *grad_anchor, T *grad_positive, T *grad_negative

/*
 * A batch in blocks, for a caller that streams long arrays through a small buffer (the JavaScript
 * binding's copying path). ml_f32_<name>_partial and ml_f64_<name>_partial take the parameters of
 * ml_f32_<name> and then `partial`; with `partial` NULL they are ml_f32_<name> itself. Otherwise the
 * arrays and sizes describe one block of the batch, a run of whole rows (`rows` or `batch`; elements for
 * soft_margin, hinge_embedding and margin_ranking), and the batch takes two passes over its blocks:
 *   1. Zero an ml_partial and call every block in order with phase ML_PARTIAL_CHECK: each is validated
 *      as the whole call would be and its share of the 'mean' denominator counted; nothing is written,
 *      and of the arrays only class indices and per-class weights are read. A non-OK status ends the batch.
 *   2. Set phase to ML_PARTIAL_COMPUTE and call the same blocks again in the same order: each writes its
 *      outputs, and a reduced loss_out holds the loss of the blocks so far (after the last, the batch's).
 * A reduced loss's grad_output and loss_out, and the per-class arrays, are the batch's in every block.
 * Each output is then bit-identical to the whole call's when every block but the last holds a multiple
 * of ML_PARTIAL_ROWS rows: the vector lanes then add the same values in the same order. Where the lanes
 * restart at every row anyway, any whole rows do: multilabel_soft_margin, multi_margin,
 * multilabel_margin, cross_entropy_*, cosine_embedding, triplet_margin, and bce_with_logits with a
 * per-class weight or pos_weight of more than 64 classes.
 */
#define ML_PARTIAL_ROWS 4

typedef enum ml_partial_phase {
  ML_PARTIAL_CHECK = 0,
  ML_PARTIAL_COMPUTE = 1,
} ml_partial_phase;

typedef struct ml_partial {
  int32_t phase;          /* an ml_partial_phase */
  int32_t reserved;       /* zero */
  double denominator[2];  /* the 'mean' denominator of the blocks checked so far, compensated */
  double total[4];        /* the reduced loss of the blocks computed so far, as the kernel sums it */
} ml_partial;

/*
 * Every loss, one per line: X(name) for each. Adding a loss means a line here, its ML_PARAMS_<name>,
 * its kernel c/src/losses/<name>.inc, its reference c/tests/reference/<name>.inc and its tests.
 * c/CMakeLists.txt reads this list (one `X(name)` per line) for the kernel includes and the WebAssembly
 * exports.
 */
#define ML_LOSSES(X)                                                                              \
  X(soft_margin)                                                                                  \
  X(multilabel_soft_margin)                                                                       \
  X(multi_margin)                                                                                 \
  X(multilabel_margin)                                                                            \
  X(bce_with_logits)                                                                              \
  X(cross_entropy_index)                                                                          \
  X(cross_entropy_prob)                                                                           \
  X(hinge_embedding)                                                                              \
  X(margin_ranking)                                                                               \
  X(cosine_embedding)                                                                             \
  X(triplet_margin)

#define ML_DECLARE_LOSS(name)                                                                     \
  int ml_f32_##name(ML_PARAMS_##name(float));                                                     \
  int ml_f64_##name(ML_PARAMS_##name(double));                                                    \
  int ml_f32_##name##_partial(ML_PARAMS_##name(float), ml_partial *partial);                      \
  int ml_f64_##name##_partial(ML_PARAMS_##name(double), ml_partial *partial);
ML_LOSSES(ML_DECLARE_LOSS)
#undef ML_DECLARE_LOSS

#ifdef __cplusplus
}
#endif

#endif /* MARGINLOSS_H */
