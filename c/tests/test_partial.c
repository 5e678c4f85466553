/*
 * A batch in blocks (ml_f32_<name>_partial, ml_f64_<name>_partial) against the same batch in one call:
 * every loss of ML_LOSSES in both dtypes, every reduction, with and without gradients and upstream
 * gradients, NaN and ±inf among the values, under splits into blocks of one size and of random sizes
 * (empty blocks too), with ragged last blocks. The outputs must be bit-identical, the check phase must
 * write nothing, and a bad class index in the last block must be refused by the check phase.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "marginloss.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

static uint64_t rng = 0x13198a2e03707344ULL;
static uint32_t next_u32(void) {
  rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(rng >> 33);
}
static double unit(void) { return (double)next_u32() / 2147483648.0; }

/* Comparisons per loss and dtype (0: f32, 1: f64), to check that every loss in ML_LOSSES has some. */
#define ML_LOSS_INDEX(name) LOSS_##name,
enum { ML_LOSSES(ML_LOSS_INDEX) LOSS_COUNT };
#undef ML_LOSS_INDEX
static long compared[2][LOSS_COUNT];

#define T float
#define S f32
#define DTYPE_INDEX 0
#include "partial_vs_whole.inc"
#undef T
#undef S
#undef DTYPE_INDEX
#define T double
#define S f64
#define DTYPE_INDEX 1
#include "partial_vs_whole.inc"
#undef T
#undef S
#undef DTYPE_INDEX

int main(void) {
  run_f32();
  run_f64();
  long total = 0;
#define ML_CHECK_COMPARED(name)                                                                   \
  if (!compared[0][LOSS_##name] || !compared[1][LOSS_##name]) {                                   \
    fprintf(stderr, "test_partial: no comparison of " #name " in both dtypes\n");                \
    check_failures++;                                                                             \
  }                                                                                               \
  total += compared[0][LOSS_##name] + compared[1][LOSS_##name];
  ML_LOSSES(ML_CHECK_COMPARED)
#undef ML_CHECK_COMPARED
  printf("test_partial: %ld block-by-block calls identical to the whole call\n", total);
  CHECK_DONE();
}
