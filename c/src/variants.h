/*
 * Internal: every implementation of every loss, for the tests that compare them. Each public ml_* function
 * picks one at compile time (dispatch.inc): __vec128 whenever vec/vec128.h provides the vector layer
 * (WebAssembly SIMD, SSE4.1, or its generic scalar lanes: the baseline WebAssembly build), else __scalar,
 * the reference (only with ML_VEC128_DISABLE). Same contract as the
 * public function in marginloss.h.
 */
#ifndef ML_VARIANTS_H
#define ML_VARIANTS_H

#include "marginloss.h"
#include "vec/vec128.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ML_VARIANT_DECLS(T, S, IMPL)                                                              \
  int ml_##S##_soft_margin__##IMPL(const T *input, const T *target, size_t n, int reduction,     \
                                   const T *grad_output, T *loss_out, T *grad_input);            \
  int ml_##S##_multilabel_soft_margin__##IMPL(const T *input, const T *target, const T *weight,  \
                                              size_t rows, size_t classes, int reduction,        \
                                              const T *grad_output, T *loss_out,                 \
                                              T *grad_input);                                    \
  int ml_##S##_multi_margin__##IMPL(const T *input, const int32_t *target, const T *weight,      \
                                    size_t rows, size_t classes, int p, double margin,           \
                                    int reduction, const T *grad_output, T *loss_out,            \
                                    T *grad_input);                                              \
  int ml_##S##_multilabel_margin__##IMPL(const T *input, const int32_t *target, size_t rows,     \
                                         size_t classes, int reduction, const T *grad_output,    \
                                         T *loss_out, T *grad_input, uint8_t *workspace);        \
  int ml_##S##_bce_with_logits__##IMPL(const T *input, const T *target, const T *weight,         \
                                       size_t weight_len, const T *pos_weight, size_t rows,      \
                                       size_t classes, int reduction, const T *grad_output,      \
                                       T *loss_out, T *grad_input);                              \
  int ml_##S##_cross_entropy_index__##IMPL(const T *input, const int32_t *target,                \
                                           const T *weight, size_t batch, size_t classes,        \
                                           size_t inner, int32_t ignore_index,                   \
                                           double label_smoothing, int reduction,                \
                                           const T *grad_output, T *loss_out, T *grad_input);    \
  int ml_##S##_cross_entropy_prob__##IMPL(const T *input, const T *target, const T *weight,      \
                                          size_t batch, size_t classes, size_t inner,            \
                                          double label_smoothing, int reduction,                 \
                                          const T *grad_output, T *loss_out, T *grad_input);     \
  int ml_##S##_hinge_embedding__##IMPL(const T *input, const T *target, size_t n, double margin, \
                                       int reduction, const T *grad_output, T *loss_out,         \
                                       T *grad_input);                                           \
  int ml_##S##_margin_ranking__##IMPL(const T *input1, const T *input2, const T *target,         \
                                      size_t n, double margin, int reduction,                    \
                                      const T *grad_output, T *loss_out, T *grad_input1,         \
                                      T *grad_input2);

ML_VARIANT_DECLS(float, f32, scalar)
ML_VARIANT_DECLS(double, f64, scalar)
#ifdef ML_HAVE_VEC128
ML_VARIANT_DECLS(float, f32, vec128)
ML_VARIANT_DECLS(double, f64, vec128)
#endif

#ifdef __cplusplus
}
#endif

#endif /* ML_VARIANTS_H */
