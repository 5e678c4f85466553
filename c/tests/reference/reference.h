/*
 * The scalar references: one plain loop per loss, on libm, summed with the compensated scalar sum. They
 * are the oracles test_kernels_vs_reference.c compares the kernels with, and ship in no build (CMake's
 * marginloss_reference library, linked only into tests).
 *
 * ml_f32_<name>__reference and ml_f64_<name>__reference take the parameters of ml_f32_<name> and
 * ml_f64_<name> (marginloss.h) and compute the same outputs. They assume valid arguments: validation is
 * the public functions' job, and the tests call a reference only where the public function returned
 * ML_OK.
 *
 * Each c/tests/reference/<name>.inc is a template (see c/src/dtype.h), compiled for float by
 * reference_f32.c and for double by reference_f64.c.
 */
#ifndef ML_REFERENCE_H
#define ML_REFERENCE_H

#include "marginloss.h"

#define ML_DECLARE_REFERENCE(name)                                                                \
  void ml_f32_##name##__reference(ML_PARAMS_##name(float));                                      \
  void ml_f64_##name##__reference(ML_PARAMS_##name(double));
ML_LOSSES(ML_DECLARE_REFERENCE)
#undef ML_DECLARE_REFERENCE

#endif /* ML_REFERENCE_H */
