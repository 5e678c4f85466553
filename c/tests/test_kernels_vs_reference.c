/*
 * Every loss's kernel (the public ml_f32_<name> and ml_f64_<name>) against its scalar reference
 * (reference/reference.h): random inputs at every vector-width boundary (n = 0..9, 15..17, 4k±1, ...)
 * and row/class boundary, every reduction, with and without gradients and upstream gradients, with NaN,
 * ±inf, ±0, huge logits and exact hinge kinks; cross-entropy at every (batch, classes, inner) boundary of
 * both its vector layouts. Every loss in ML_LOSSES must have been compared in both dtypes. Then 'mean'
 * over 10^7 float32 values against a long double truth (soft margin and BCE).
 * Runs against whichever vector layer the build has (SSE4.1, or the generic lanes the baseline
 * WebAssembly build uses: test_kernels_vs_reference_generic).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "marginloss.h"
#include "reference/reference.h"
#include "vec/vec128.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static uint64_t rng = 0x243f6a8885a308d3ULL;
static uint32_t next_u32(void) {
  rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(rng >> 33);
}
static double unit(void) { return (double)next_u32() / 2147483648.0; }
static long comparisons = 0;

/* Comparisons per loss and dtype (0: f32, 1: f64), to check that every loss in ML_LOSSES has some. */
#define ML_LOSS_INDEX(name) LOSS_##name,
enum { ML_LOSSES(ML_LOSS_INDEX) LOSS_COUNT };
#undef ML_LOSS_INDEX
static long compared[2][LOSS_COUNT];

static void every_loss_was_compared(void) {
#define ML_CHECK_COMPARED(name)                                                                   \
  if (!compared[0][LOSS_##name] || !compared[1][LOSS_##name]) {                                   \
    fprintf(stderr, "test_kernels_vs_reference: no comparison of " #name " in both dtypes\n");   \
    check_failures++;                                                                             \
  }
  ML_LOSSES(ML_CHECK_COMPARED)
#undef ML_CHECK_COMPARED
}

#define T float
#define S f32
#define DTYPE_INDEX 0
#define EPS FLT_EPSILON
#include "kernels_vs_reference.inc"
#undef T
#undef S
#undef DTYPE_INDEX
#undef EPS
#define T double
#define S f64
#define DTYPE_INDEX 1
#define EPS DBL_EPSILON
#include "kernels_vs_reference.inc"
#undef T
#undef S
#undef DTYPE_INDEX
#undef EPS

/* 'mean' over 10^7 float32 values stays within 1e-6 relative of the long double truth. */
static void long_mean_is_accurate(void) {
  const size_t n = 10000000;
  float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
  CHECK(x && y);
  if (!x || !y) return;
  for (size_t i = 0; i < n; i++) {
    x[i] = (float)(8 * unit() - 4);
    y[i] = unit() < 0.5 ? -1.0f : 1.0f;
  }
  long double soft = 0, bce = 0;
  for (size_t i = 0; i < n; i++) {
    const long double z = -(long double)y[i] * x[i];
    soft += (z > 0 ? z : 0) + log1pl(expl(-fabsl(z)));
    const long double t = y[i] > 0 ? 1 : 0;
    bce += (1 - t) * x[i] + (x[i] < 0 ? -(long double)x[i] : 0) + log1pl(expl(-fabsl(x[i])));
  }
  soft /= (long double)n;
  bce /= (long double)n;
  for (size_t i = 0; i < n; i++) y[i] = y[i] > 0 ? 1.0f : 0.0f;
  float mean_bce = 0, mean_soft = 0;
  CHECK(ml_f32_bce_with_logits(x, y, NULL, 0, NULL, 1, n, ML_REDUCTION_MEAN, NULL, &mean_bce, NULL) ==
        ML_OK);
  for (size_t i = 0; i < n; i++) y[i] = y[i] > 0 ? 1.0f : -1.0f;
  CHECK(ml_f32_soft_margin(x, y, n, ML_REDUCTION_MEAN, NULL, &mean_soft, NULL) == ML_OK);
  const double e_soft = fabs((double)((mean_soft - soft) / soft));
  const double e_bce = fabs((double)((mean_bce - bce) / bce));
  printf("mean over 10^7 float32: soft margin rel. error %.2e, BCE %.2e\n", e_soft, e_bce);
  CHECK(e_soft <= 1e-6);
  CHECK(e_bce <= 1e-6);
  free(x);
  free(y);
}

int main(void) {
  printf("test_kernels_vs_reference: vector layer: %s\n", ML_VEC128_NAME);
  run_f32();
  run_f64();
  printf("test_kernels_vs_reference: %ld comparisons\n", comparisons);
  every_loss_was_compared();
  long_mean_is_accurate();
  CHECK_DONE();
}
