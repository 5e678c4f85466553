/*
 * marginloss: classification losses with PyTorch 1.13 semantics, forward and backward in one pass.
 *
 * Every loss comes in float32 (ml_f32_*) and float64 (ml_f64_*) with the same contract:
 *   - The caller owns all memory; the library never allocates.
 *   - Arguments are validated first; on any non-ML_OK status nothing has been written.
 *   - `reduction` picks the shape of `loss_out`: ML_REDUCTION_NONE writes one value per sample
 *     (per element for elementwise losses), MEAN and SUM write a single value.
 *   - `grad_output` is the upstream gradient: one value per loss output for NONE, a single value
 *     for MEAN and SUM, or NULL for ones.
 *   - `grad_input` (and `grad_input2` for margin ranking) receives d loss / d input, laid out like
 *     the input; NULL skips the backward pass.
 *   - Hinge kinks take PyTorch 1.13's subgradients: strict (0 at the kink) for multi-margin and
 *     multilabel-margin, active (±1 at the kink) for hinge-embedding and margin-ranking.
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
  ML_ERR_BAD_P = 3,                  /* multi-margin p is not 1 or 2 */
  ML_ERR_TARGET_OUT_OF_RANGE = 4,    /* a class index is outside its allowed range */
  ML_ERR_BAD_SIZE = 5,               /* a dimension is zero where classes are required */
  ML_ERR_BAD_LABEL_SMOOTHING = 6,    /* label smoothing outside [0, 1] or NaN */
  ML_ERR_BAD_MARGIN = 7,             /* margin is NaN */
} ml_status;

/* A static, human-readable name for a status ("ML_ERR_BAD_P"), for messages and logs. */
const char *ml_status_name(int status);

/* 1 when this build runs the 128-bit vector kernels (WASM SIMD or SSE4.1), 0 for the scalar references. */
int ml_build_uses_simd(void);

typedef enum ml_reduction {
  ML_REDUCTION_NONE = 0,
  ML_REDUCTION_MEAN = 1,
  ML_REDUCTION_SUM = 2,
} ml_reduction;

/* Declares the float32 and float64 variants of one loss. T is the element type. */
#define ML_DECLARE_BOTH(DECLARE) DECLARE(float, f32) DECLARE(double, f64)

/*
 * SoftMarginLoss: labels in {-1, +1}. loss = softplus(-y*x), computed stably (finite for every finite x,
 * unlike PyTorch's literal log(1+exp)). `n` elements; 'none' writes n values; 'mean' divides by n.
 */
#define ML_DECLARE_SOFT_MARGIN(T, S)                                                              \
  int ml_##S##_soft_margin(const T *input, const T *target, size_t n, int reduction,              \
                           const T *grad_output, T *loss_out, T *grad_input);
ML_DECLARE_BOTH(ML_DECLARE_SOFT_MARGIN)

/*
 * MultiLabelSoftMarginLoss: multi-hot {0,1} (or soft) targets, input (rows, classes), class dim last.
 * Per row: mean over classes of weight[c] * (softplus(-x) + (1-y)*x). `weight` has `classes` values or is
 * NULL. 'none' writes `rows` values; 'mean' divides by rows.
 */
#define ML_DECLARE_MULTILABEL_SOFT_MARGIN(T, S)                                                   \
  int ml_##S##_multilabel_soft_margin(const T *input, const T *target, const T *weight,           \
                                      size_t rows, size_t classes, int reduction,                 \
                                      const T *grad_output, T *loss_out, T *grad_input);
ML_DECLARE_BOTH(ML_DECLARE_MULTILABEL_SOFT_MARGIN)

/*
 * MultiMarginLoss: class-index targets in [0, classes). Per row with target t:
 * sum over i != t of weight[t] * max(0, margin - x[t] + x[i])^p, divided by `classes`.
 * p is 1 or 2; `weight` has `classes` values (indexed by the target class) or is NULL.
 * A NaN anywhere in a row makes that row's loss and gradient NaN. 'mean' divides by rows.
 */
#define ML_DECLARE_MULTI_MARGIN(T, S)                                                             \
  int ml_##S##_multi_margin(const T *input, const int32_t *target, const T *weight, size_t rows,  \
                            size_t classes, int p, double margin, int reduction,                  \
                            const T *grad_output, T *loss_out, T *grad_input);
ML_DECLARE_BOTH(ML_DECLARE_MULTI_MARGIN)

/*
 * MultiLabelMarginLoss: each target row is a list of class indices ended by the first negative entry;
 * every entry must lie in [-1, classes). Duplicates count once per occurrence. Margin fixed at 1.
 * `workspace` holds `classes` bytes (scratch for the target set). A NaN in a row makes it NaN.
 */
#define ML_DECLARE_MULTILABEL_MARGIN(T, S)                                                        \
  int ml_##S##_multilabel_margin(const T *input, const int32_t *target, size_t rows,              \
                                 size_t classes, int reduction, const T *grad_output,             \
                                 T *loss_out, T *grad_input, uint8_t *workspace);
ML_DECLARE_BOTH(ML_DECLARE_MULTILABEL_MARGIN)

/*
 * BCEWithLogitsLoss: {0,1} or soft targets, input (rows, classes) with the class dim last.
 * loss = w * ((1-y)*x + (1 + (pw-1)*y) * softplus(-x)). `weight` has rows*classes values, `classes`
 * values (per class) or is NULL; `weight_len` says which. `pos_weight` has `classes` values or is NULL.
 * 'none' writes rows*classes values; 'mean' divides by rows*classes (weights do not normalise).
 */
#define ML_DECLARE_BCE_WITH_LOGITS(T, S)                                                          \
  int ml_##S##_bce_with_logits(const T *input, const T *target, const T *weight,                  \
                               size_t weight_len, const T *pos_weight, size_t rows,               \
                               size_t classes, int reduction, const T *grad_output,               \
                               T *loss_out, T *grad_input);
ML_DECLARE_BOTH(ML_DECLARE_BCE_WITH_LOGITS)

/*
 * CrossEntropyLoss with class-index targets. Input (batch, classes, inner) where inner is the product of
 * the trailing dims (1 for 1-D and 2-D inputs); target (batch, inner), each in [0, classes) or equal to
 * ignore_index. 'mean' divides by the summed weight of the non-ignored targets.
 */
#define ML_DECLARE_CROSS_ENTROPY_INDEX(T, S)                                                      \
  int ml_##S##_cross_entropy_index(const T *input, const int32_t *target, const T *weight,        \
                                   size_t batch, size_t classes, size_t inner,                    \
                                   int32_t ignore_index, double label_smoothing, int reduction,   \
                                   const T *grad_output, T *loss_out, T *grad_input);
ML_DECLARE_BOTH(ML_DECLARE_CROSS_ENTROPY_INDEX)

/*
 * CrossEntropyLoss with class-probability targets laid out like the input. 'mean' divides by
 * batch*inner (weights do not normalise).
 */
#define ML_DECLARE_CROSS_ENTROPY_PROB(T, S)                                                       \
  int ml_##S##_cross_entropy_prob(const T *input, const T *target, const T *weight, size_t batch, \
                                  size_t classes, size_t inner, double label_smoothing,           \
                                  int reduction, const T *grad_output, T *loss_out,               \
                                  T *grad_input);
ML_DECLARE_BOTH(ML_DECLARE_CROSS_ENTROPY_PROB)

/*
 * HingeEmbeddingLoss: labels in {-1, +1}. loss = [y != 1]*max(0, margin - x) + [y != -1]*x, so y = 1
 * passes x through unclamped and any other label gets both terms (PyTorch 1.13's kernel).
 */
#define ML_DECLARE_HINGE_EMBEDDING(T, S)                                                          \
  int ml_##S##_hinge_embedding(const T *input, const T *target, size_t n, double margin,          \
                               int reduction, const T *grad_output, T *loss_out, T *grad_input);
ML_DECLARE_BOTH(ML_DECLARE_HINGE_EMBEDDING)

/*
 * MarginRankingLoss: labels in {-1, +1}. loss = max(0, -y*(x1 - x2) + margin); gradients for both
 * inputs (either may be NULL).
 */
#define ML_DECLARE_MARGIN_RANKING(T, S)                                                           \
  int ml_##S##_margin_ranking(const T *input1, const T *input2, const T *target, size_t n,        \
                              double margin, int reduction, const T *grad_output, T *loss_out,    \
                              T *grad_input1, T *grad_input2);
ML_DECLARE_BOTH(ML_DECLARE_MARGIN_RANKING)

#ifdef __cplusplus
}
#endif

#endif /* MARGINLOSS_H */
