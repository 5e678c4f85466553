/*
 * Neumaier-compensated summation in double. Losses are summed with it so that 'mean' over 10^7 float32
 * values stays within 1e-6 of the exact result (a float32 running sum drifts far past that).
 */
#ifndef ML_COMPENSATED_SUM_H
#define ML_COMPENSATED_SUM_H

#include <math.h>

typedef struct ml_sum {
  double sum;
  double compensation;
} ml_sum;

static inline ml_sum ml_sum_zero(void) {
  ml_sum s = {0.0, 0.0};
  return s;
}

static inline void ml_sum_add(ml_sum *s, double value) {
  const double t = s->sum + value;
  if (fabs(s->sum) >= fabs(value)) {
    s->compensation += (s->sum - t) + value;
  } else {
    s->compensation += (value - t) + s->sum;
  }
  s->sum = t;
}

/* Once the sum is infinite the compensation holds inf - inf = NaN; the infinite sum is the answer. */
static inline double ml_sum_value(const ml_sum *s) {
  return isfinite(s->sum) ? s->sum + s->compensation : s->sum;
}

#endif /* ML_COMPENSATED_SUM_H */
