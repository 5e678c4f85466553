/*
 * Accuracy of the vector math (src/vecmath/vecmath.h), in ulp from the correctly rounded result.
 *   f32: every float on a stride over all 2^32 bit patterns (all exponents, both signs, subnormals, ±inf,
 *        NaN), against the double-precision libm result rounded to float. ML_ACCURACY_STRIDE=1 in the
 *        environment makes the sweep exhaustive.
 *   f64: a dense random set over each function's interesting range and every exponent, plus edges,
 *        against the x87 long double result rounded to double.
 * Bounds asserted: f32 exp 2, log1p 3, sigmoid 3, softplus 4 ulp; f64 4 ulp for each.
 * Also the sign of zero in the special cases.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vecmath/vecmath.h"

static int64_t ordered32(float f) {
  int32_t i;
  memcpy(&i, &f, sizeof i);
  return i < 0 ? -(int64_t)(i & 0x7fffffff) : (int64_t)i;
}
static long double ordered64(double d) {
  int64_t i;
  memcpy(&i, &d, sizeof i);
  /* x87 long double holds every int64 exactly, and the difference of two without overflow */
  return i < 0 ? -(long double)(i & INT64_MAX) : (long double)i;
}

/* ulp distance; NaN must match NaN (else 1e9), infinities compare by the ordering (inf = FLT_MAX + 1). */
static double ulp32(float got, float want) {
  if (isnan(want) || isnan(got)) return isnan(want) && isnan(got) ? 0 : 1e9;
  return (double)llabs(ordered32(got) - ordered32(want));
}
static double ulp64(double got, double want) {
  if (isnan(want) || isnan(got)) return isnan(want) && isnan(got) ? 0 : 1e9;
  return (double)fabsl(ordered64(got) - ordered64(want));
}

enum { F_EXP, F_LOG1P, F_SIGMOID, F_SOFTPLUS, F_COUNT };
static const char *const NAMES[F_COUNT] = {"exp", "log1p", "sigmoid", "softplus"};
static const double BOUND32[F_COUNT] = {2, 3, 3, 4};
static const double BOUND64[F_COUNT] = {4, 4, 4, 4};

typedef struct worst {
  double ulp;
  double at;
  double got, want;
  long count;
} worst;

static void note(worst *w, double ulp, double at, double got, double want) {
  w->count++;
  if (ulp > w->ulp) {
    w->ulp = ulp;
    w->at = at;
    w->got = got;
    w->want = want;
  }
}

/* ------------------------------------------------------------------------------------------ f32 */

static double ref32(int f, float xf) {
  const double x = xf;
  switch (f) {
    case F_EXP: return exp(x);
    case F_LOG1P: return log1p(x);
    case F_SIGMOID: return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
    default: return (x > 0 ? x : 0.0) + log1p(exp(-fabs(x)));
  }
}

static ml_f32x4 eval32(int f, ml_f32x4 x) {
  switch (f) {
    case F_EXP: return ml_f32x4_exp(x);
    case F_LOG1P: return ml_f32x4_log1p(x);
    case F_SIGMOID: return ml_f32x4_sigmoid(x);
    default: return ml_f32x4_softplus(x);
  }
}

/* Lanes where a and b differ in their bits (two NaNs agree). */
static int bits_differ32(ml_f32x4 a, ml_f32x4 b) {
  const ml_i32x4 ai = ML_AS_I32(a), bi = ML_AS_I32(b);
  for (int l = 0; l < 4; l++) {
    if (!(isnan(a[l]) && isnan(b[l])) && ai[l] != bi[l]) return 1;
  }
  return 0;
}

/*
 * exp's measure also covers exp_nonpositive (cross-entropy's exp) and exp_nonpositive_poly5 (the logistic
 * functions') on -|x|, and logistic_parts_neg must give sigmoid(-x) bit for bit.
 */
static void check_block32(const float *xs, worst *w, long *neg_mismatches) {
  const ml_f32x4 x = ml_f32x4_load(xs);
  for (int f = 0; f < F_COUNT; f++) {
    const ml_f32x4 y = eval32(f, x);
    for (int l = 0; l < 4; l++) {
      const float want = (float)ref32(f, xs[l]);
      note(&w[f], ulp32(y[l], want), xs[l], y[l], want);
    }
  }
  const ml_f32x4 neg_abs = ML_AS_F32(ML_AS_I32(x) | INT32_MIN);
  const ml_f32x4 e = ml_f32x4_exp_nonpositive(neg_abs), e5 = ml_f32x4_exp_nonpositive_poly5(neg_abs);
  for (int l = 0; l < 4; l++) {
    const float want = (float)ref32(F_EXP, neg_abs[l]);
    note(&w[F_EXP], ulp32(e[l], want), neg_abs[l], e[l], want);
    note(&w[F_EXP], ulp32(e5[l], want), neg_abs[l], e5[l], want);
  }
  ml_f32x4 sigmoid_neg;
  (void)ml_f32x4_logistic_parts_neg(x, &sigmoid_neg);
  *neg_mismatches += bits_differ32(sigmoid_neg, ml_f32x4_sigmoid(-x));
}

static void sweep32(void) {
  const char *env = getenv("ML_ACCURACY_STRIDE");
  const uint64_t stride = env ? strtoull(env, NULL, 10) : 251;
  worst w[F_COUNT];
  memset(w, 0, sizeof w);
  long neg_mismatches = 0;
  float block[4];
  int filled = 0;
  for (uint64_t bits = 0; bits < (1ULL << 32); bits += stride) {
    const uint32_t b = (uint32_t)bits;
    memcpy(&block[filled++], &b, sizeof b);
    if (filled == 4) {
      check_block32(block, w, &neg_mismatches);
      filled = 0;
    }
  }
  /* Every exponent densely: 2^k (1 + j/2^12), both signs, plus the edges. */
  for (int k = -149; k <= 127; k++) {
    for (int j = 0; j < 4096; j += 4) {
      for (int l = 0; l < 4; l++) block[l] = ldexpf(1.0f + (float)(j + l) / 4096.0f, k) * (l & 1 ? -1 : 1);
      check_block32(block, w, &neg_mismatches);
    }
  }
  const float edges[] = {0.0f, -0.0f, FLT_TRUE_MIN, -FLT_TRUE_MIN, FLT_MIN, -FLT_MIN, FLT_MAX, -FLT_MAX,
                         INFINITY, -INFINITY, NAN, -1.0f, nextafterf(-1.0f, 0), 88.72283f, 88.72284f,
                         -87.33654f, -87.33655f, -103.972f, -103.9721f, -104.0f, 89.0f, -88.0f, 1.0f,
                         0x1p-25f, -0x1p-25f, 0x1p-24f, 0.41421357f, -0.29289323f, 16.0f, -16.0f};
  const size_t n_edges = sizeof edges / sizeof edges[0];
  for (size_t i = 0; i < n_edges; i += 4) {
    for (int l = 0; l < 4; l++) block[l] = edges[i + (size_t)l < n_edges ? i + (size_t)l : 0];
    check_block32(block, w, &neg_mismatches);
  }
  for (int f = 0; f < F_COUNT; f++) {
    printf("f32 %-8s max %.0f ulp (bound %.0f) at x = %a: got %a, want %a  [%ld points]\n", NAMES[f],
           w[f].ulp, BOUND32[f], w[f].at, w[f].got, w[f].want, w[f].count);
    CHECK(w[f].ulp <= BOUND32[f]);
  }
  printf("f32 logistic_parts_neg: %ld blocks differ from sigmoid(-x)\n", neg_mismatches);
  CHECK(neg_mismatches == 0);
}

/* ------------------------------------------------------------------------------------------ f64 */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t next64(void) { /* splitmix64 */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next64() >> 11) * 0x1p-53; }
static double any_double(void) {
  const uint64_t b = next64();
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

static long double ref64(int f, double xd) {
  const long double x = xd;
  switch (f) {
    case F_EXP: return expl(x);
    case F_LOG1P: return log1pl(x);
    case F_SIGMOID: return x >= 0 ? 1.0L / (1.0L + expl(-x)) : expl(x) / (1.0L + expl(x));
    default: return (x > 0 ? x : 0.0L) + log1pl(expl(-fabsl(x)));
  }
}

static ml_f64x2 eval64(int f, ml_f64x2 x) {
  switch (f) {
    case F_EXP: return ml_f64x2_exp(x);
    case F_LOG1P: return ml_f64x2_log1p(x);
    case F_SIGMOID: return ml_f64x2_sigmoid(x);
    default: return ml_f64x2_softplus(x);
  }
}

static void check_pair64(int f, double a, double b, worst *w) {
  const ml_f64x2 x = {a, b};
  const ml_f64x2 y = eval64(f, x);
  for (int l = 0; l < 2; l++) {
    const double want = (double)ref64(f, x[l]);
    note(w, ulp64(y[l], want), x[l], y[l], want);
  }
}

static double sample64(int f, long i) {
  switch (i % 4) {
    case 0: return any_double(); /* every exponent, both signs, NaN and inf patterns */
    case 1: /* random magnitude 2^[-60, 10], either sign */
      return ldexp(uniform(1, 2), (int)(next64() % 71) - 60) * (next64() & 1 ? -1 : 1);
    default:
      switch (f) {
        case F_EXP: return uniform(-746, 710);
        case F_LOG1P: return i % 4 == 2 ? uniform(-1, 1) : uniform(-1, 1e6);
        default: return uniform(-760, 760) / (i % 4 == 2 ? 1 : 30);
      }
  }
}

static void sweep64(void) {
  const long count = 2000000;
  const double edges[] = {0.0, -0.0, DBL_TRUE_MIN, -DBL_TRUE_MIN, DBL_MIN, -DBL_MIN, DBL_MAX, -DBL_MAX,
                          INFINITY, -INFINITY, NAN, -1.0, nextafter(-1.0, 0), 709.782712893384,
                          709.7827128933841, -708.3964185322641, -708.4, -745.1332191019411,
                          -745.1332191019412, -746, 710, 0x1p-54, -0x1p-54, 0x1p-53, 1.0, 36.7, -36.7};
  for (int f = 0; f < F_COUNT; f++) {
    worst w;
    memset(&w, 0, sizeof w);
    for (long i = 0; i < count; i += 2) check_pair64(f, sample64(f, i), sample64(f, i + 1), &w);
    const size_t n_edges = sizeof edges / sizeof edges[0];
    for (size_t i = 0; i < n_edges; i++) check_pair64(f, edges[i], -edges[i], &w);
    printf("f64 %-8s max %.0f ulp (bound %.0f) at x = %a: got %a, want %a  [%ld points]\n", NAMES[f],
           w.ulp, BOUND64[f], w.at, w.got, w.want, w.count);
    CHECK(w.ulp <= BOUND64[f]);
  }
}

/* ------------------------------------------------------------------------------------ specials */

static int is_neg_zero(double x) { return x == 0 && signbit(x); }
static int is_pos_zero(double x) { return x == 0 && !signbit(x); }

static void special_values(void) {
  const ml_f32x4 z32 = {0.0f, -0.0f, INFINITY, -INFINITY};
  const ml_f32x4 l = ml_f32x4_log1p(z32), e = ml_f32x4_exp(z32), s = ml_f32x4_sigmoid(z32),
                 p = ml_f32x4_softplus(z32);
  CHECK(is_pos_zero(l[0]) && is_neg_zero(l[1]) && l[2] == INFINITY && isnan(l[3]));
  CHECK(e[0] == 1 && e[1] == 1 && e[2] == INFINITY && is_pos_zero(e[3]));
  CHECK(s[0] == 0.5f && s[1] == 0.5f && s[2] == 1 && is_pos_zero(s[3]));
  CHECK(p[0] == (float)log(2.0) && p[2] == INFINITY && is_pos_zero(p[3]));
  const ml_f64x2 z64a = {0.0, -0.0}, z64b = {INFINITY, -INFINITY};
  const ml_f64x2 la = ml_f64x2_log1p(z64a), lb = ml_f64x2_log1p(z64b), eb = ml_f64x2_exp(z64b),
                 sb = ml_f64x2_sigmoid(z64b), pb = ml_f64x2_softplus(z64b);
  CHECK(is_pos_zero(la[0]) && is_neg_zero(la[1]) && lb[0] == INFINITY && isnan(lb[1]));
  CHECK(eb[0] == INFINITY && is_pos_zero(eb[1]));
  CHECK(sb[0] == 1 && is_pos_zero(sb[1]) && pb[0] == INFINITY && is_pos_zero(pb[1]));
  const ml_f64x2 m1 = ml_f64x2_log1p((ml_f64x2){-1.0, -2.0});
  CHECK(m1[0] == -INFINITY && isnan(m1[1]));
  const ml_f32x4 nan32 = ml_f32x4_splat(NAN);
  CHECK(isnan(ml_f32x4_exp(nan32)[0]) && isnan(ml_f32x4_log1p(nan32)[0]) &&
        isnan(ml_f32x4_sigmoid(nan32)[0]) && isnan(ml_f32x4_softplus(nan32)[0]));
}

int main(void) {
  printf("test_vecmath_accuracy: vector layer: %s\n", ML_VEC128_NAME);
  special_values();
  sweep32();
  sweep64();
  CHECK_DONE();
}
