/*
 * Every loss in float32 (T = float): the kernel c/src/losses/<name>.inc of each loss in ML_LOSSES
 * (marginloss.h), which defines the public ml_f32_<name>. kernels_f64.c compiles the same files for
 * double.
 */
#define ML_DTYPE_F32
#include "dtype.h"
#include "kernel_common.inc"
#include "vec/vdtype.h"
#include "losses/common.inc"
/* #include "losses/<name>.inc" for each loss, written by c/CMakeLists.txt from ML_LOSSES. */
#include "ml_loss_kernels.inc"
