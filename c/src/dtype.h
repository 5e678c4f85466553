/*
 * The element type a kernel template is compiled for. A translation unit defines ML_DTYPE_F32 or
 * ML_DTYPE_F64, includes this header, then includes the loss templates (losses/NAME.inc): each kernel is
 * written once and compiled for both dtypes (kernels_f32.c, kernels_f64.c).
 */
#ifndef ML_DTYPE_H
#define ML_DTYPE_H

#define ML_CAT3_(a, b, c) a##b##c
#define ML_CAT3(a, b, c) ML_CAT3_(a, b, c)

#if defined(ML_DTYPE_F32)
typedef float T;
#define ML_SUFFIX f32
#elif defined(ML_DTYPE_F64)
typedef double T;
#define ML_SUFFIX f64
#else
#error "define ML_DTYPE_F32 or ML_DTYPE_F64 before including dtype.h"
#endif

/* ML_FN(soft_margin) names the dtype's function: ml_f32_soft_margin or ml_f64_soft_margin. */
#define ML_FN(name) ML_CAT3(ml_, ML_SUFFIX, _##name)

#endif /* ML_DTYPE_H */
