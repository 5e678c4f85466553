/*
 * What every loss does with `reduction` and `grad_output`, in one place.
 */
#ifndef ML_REDUCTION_H
#define ML_REDUCTION_H

#include <stddef.h>

#include "compensated_sum.h"
#include "marginloss.h"

static inline int ml_reduction_is_valid(int reduction) {
  return reduction == ML_REDUCTION_NONE || reduction == ML_REDUCTION_MEAN ||
         reduction == ML_REDUCTION_SUM;
}

/* The reduced loss: the sum, or the sum over `denominator` for MEAN (0/0 = NaN for an empty batch). */
static inline double ml_reduce(const ml_sum *total, int reduction, double denominator) {
  const double sum = ml_sum_value(total);
  return reduction == ML_REDUCTION_MEAN ? sum / denominator : sum;
}

#endif /* ML_REDUCTION_H */
