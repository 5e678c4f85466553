/*
 * A minimal test harness: CHECK_CLOSE compares against an expected value from PyTorch 1.13 (the reference
 * doc's verified tables) or from a closed form, with a relative and absolute tolerance.
 */
#ifndef ML_TEST_CHECK_H
#define ML_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check_failures = 0;

static inline int check_close_impl(double got, double expected, double tolerance) {
  if (isnan(expected)) return isnan(got);
  if (isinf(expected)) return got == expected;
  return fabs(got - expected) <= tolerance * (1.0 + fabs(expected));
}

#define CHECK_CLOSE(got, expected, tolerance)                                                   \
  do {                                                                                          \
    double got_ = (double)(got), expected_ = (double)(expected);                                \
    if (!check_close_impl(got_, expected_, (tolerance))) {                                      \
      fprintf(stderr, "%s:%d: %s = %.9g, expected %.9g\n", __FILE__, __LINE__, #got, got_,      \
              expected_);                                                                       \
      check_failures++;                                                                         \
    }                                                                                           \
  } while (0)

#define CHECK(condition)                                                                        \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #condition);             \
      check_failures++;                                                                         \
    }                                                                                           \
  } while (0)

#define CHECK_DONE()                                                                            \
  do {                                                                                          \
    if (check_failures) {                                                                       \
      fprintf(stderr, "%d check(s) failed\n", check_failures);                                  \
      return EXIT_FAILURE;                                                                      \
    }                                                                                           \
    return EXIT_SUCCESS;                                                                        \
  } while (0)

#endif /* ML_TEST_CHECK_H */
