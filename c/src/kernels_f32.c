/* The float32 variant of every loss. */
#define ML_DTYPE_F32
#include "dtype.h"
#include "kernel_common.inc"
#include "losses/all.inc"
