/*
 * Every loss in float64 (T = double): the kernel c/src/losses/<name>.inc of each loss in ML_LOSSES
 * (marginloss.h), which defines the public ml_f64_<name>. kernels_f32.c compiles the same files for
 * float.
 */
#define ML_DTYPE_F64
#include "dtype.h"
#include "kernel_common.inc"
#include "vec/vdtype.h"
#include "losses/common.inc"
/* #include "losses/<name>.inc" for each loss, written by c/CMakeLists.txt from ML_LOSSES. */
#include "ml_loss_kernels.inc"
