/* The float64 variant of every loss. */
#define ML_DTYPE_F64
#include "dtype.h"
#include "kernel_common.inc"
#include "losses/all.inc"
