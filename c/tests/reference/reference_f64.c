/* Every loss's scalar reference in float64 (see reference.h). */
#define ML_DTYPE_F64
#include "reference.h"
#include "dtype.h"
#include "kernel_common.inc"
#include "common.inc"
/* #include "reference/<name>.inc" for each loss, written by c/CMakeLists.txt from ML_LOSSES. */
#include "ml_loss_references.inc"
