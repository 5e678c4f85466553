/* The float64 variant of every loss: the scalar references, the vector variants, the public functions. */
#define ML_DTYPE_F64
#include "dtype.h"
#include "kernel_common.inc"
#include "variants.h"
#include "losses/all.inc"
#include "vec/vdtype.h"
#ifdef ML_HAVE_VEC128
#include "losses/vec128/all.inc"
#endif
#include "dispatch.inc"
