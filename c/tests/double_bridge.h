/*
 * For tests that state every case once in double and run it through both dtypes: conversions to and
 * from float32 buffers, the per-dtype tolerance, and a sentinel that shows which outputs a call wrote.
 */
#ifndef ML_TEST_DOUBLE_BRIDGE_H
#define ML_TEST_DOUBLE_BRIDGE_H

#include <stddef.h>

enum { MAX_VALUES = 64 };
static const double TOLERANCE[2] = {1e-6, 1e-12}; /* f32, f64 */
static const double SENTINEL = 12345.0;

/* NULL stays NULL (an absent optional argument). */
static inline float *to_f32(const double *src, size_t n, float *dst) {
  if (!src) return NULL;
  for (size_t i = 0; i < n; i++) dst[i] = (float)src[i];
  return dst;
}

static inline void from_f32(const float *src, size_t n, double *dst) {
  if (!src) return;
  for (size_t i = 0; i < n; i++) dst[i] = (double)src[i];
}

static inline void fill(double *values, size_t n) {
  for (size_t i = 0; i < n; i++) values[i] = SENTINEL;
}

static inline int untouched(const double *values, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (values[i] != SENTINEL) return 0;
  }
  return 1;
}

#endif /* ML_TEST_DOUBLE_BRIDGE_H */
