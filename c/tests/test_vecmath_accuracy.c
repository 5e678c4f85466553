/*
 * Accuracy of the vector math the kernels run (src/vecmath/vecmath.h), in ulp from the correctly rounded
 * result: exp on x <= 0 (f32: exp_nonpositive, cross-entropy's, and exp_nonpositive_poly5, the logistic
 * functions'; f64: exp), log1p, and the logistic parts (logistic_parts2 and logistic_parts_neg): their
 * log1p(e^-|z|), sigmoid(z) and sigmoid(-z), and softplus(±z) composed from them as the kernels compose
 * them. Exp's subnormal results are measured apart, in units of the smallest subnormal.
 *   f32: every float on a stride over all 2^32 bit patterns (all exponents, both signs, subnormals, ±inf,
 *        NaN) and every exponent densely, against the double-precision libm result rounded to float.
 *        ML_ACCURACY_STRIDE=1 in the environment makes the sweep exhaustive.
 *   f64: a dense random set over each function's interesting range and every exponent, plus edges,
 *        against the x87 long double result rounded to double.
 * The bounds asserted are BOUND32 and BOUND64, and that every measure saw points (exp's subnormal
 * results among them). Also the special values, with the sign of zero.
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

/* What is measured. EXP* take -|x|; the logistic entries come from logistic_parts2 and, for the ones it
 * also gives, logistic_parts_neg. SUB: a subnormal (or zero) result, in units of the smallest subnormal. */
enum {
  F_EXP,
  F_EXP_SUB,
  F_EXP5,
  F_EXP5_SUB,
  F_LOG1P,
  F_SHARED,
  F_SIGMOID,
  F_SIGMOID_NEG,
  F_SOFTPLUS,
  F_SOFTPLUS_NEG,
  F_COUNT
};
static const char *const NAMES[F_COUNT] = {
    "exp",   "exp (subnormal result)", "exp_poly5", "exp_poly5 (subnormal result)", "log1p",
    "log1p(e^-|z|)", "sigmoid(z)", "sigmoid(-z)", "softplus(z)", "softplus(-z)"};
/* The f32 bounds are those of the exhaustive sweep, the f64 ones those of a run with thirty times the
 * samples; the default run checks a subset. f64 has one exp (no poly5 entries). */
static const double BOUND32[F_COUNT] = {2, 1, 1, 1, 2, 3, 3, 3, 3, 3};
static const double BOUND64[F_COUNT] = {1, 1, 0, 0, 1, 2, 3, 3, 2, 2};
static const int IN64[F_COUNT] = {1, 1, 0, 0, 1, 1, 1, 1, 1, 1};

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

static void report(const char *dtype, const worst *w, const double *bound, const int *in) {
  for (int f = 0; f < F_COUNT; f++) {
    if (!in[f]) continue;
    printf("%s %-28s max %.0f ulp (bound %.0f) at x = %a: got %a, want %a  [%ld points]\n", dtype,
           NAMES[f], w[f].ulp, bound[f], w[f].at, w[f].got, w[f].want, w[f].count);
    CHECK(w[f].count > 0 && w[f].ulp <= bound[f]);
  }
}

/* ------------------------------------------------------------------------------------------ f32 */

static double sigmoid_ref(double z) { return z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z)); }
static double softplus_ref(double z) { return (z > 0 ? z : 0.0) + log1p(exp(-fabs(z))); }

static void note32(worst *w, int f, float at, float got, double want_d) {
  const float want = (float)want_d;
  note(&w[f], ulp32(got, want), at, got, want);
}

static void check_block32(const float *xs, worst *w) {
  const ml_f32x4 x = ml_f32x4_load(xs);
  const ml_f32x4 neg_abs = ML_AS_F32(ML_AS_I32(x) | INT32_MIN);
  const ml_f32x4 e = ml_f32x4_exp_nonpositive(neg_abs), e5 = ml_f32x4_exp_nonpositive_poly5(neg_abs);
  const ml_f32x4 l = ml_f32x4_log1p(x);
  ml_f32x4 sigmoid, sigmoid_neg, sigmoid_neg_view;
  const ml_f32x4 shared = ml_f32x4_logistic_parts2(x, &sigmoid, &sigmoid_neg);
  const ml_f32x4 shared_view = ml_f32x4_logistic_parts_neg(x, &sigmoid_neg_view);
  const ml_f32x4 zero = ml_f32x4_splat(0.0f);
  const ml_f32x4 softplus = ml_f32x4_pmax(x, zero) + shared, softplus_neg = shared - ml_f32x4_pmin(x, zero);
  const ml_f32x4 softplus_neg_view = shared_view - ml_f32x4_pmin(x, zero);
  for (int k = 0; k < 4; k++) {
    const double xd = xs[k], want_exp = exp(neg_abs[k]);
    const int sub = (float)want_exp < FLT_MIN;
    note32(w, sub ? F_EXP_SUB : F_EXP, neg_abs[k], e[k], want_exp);
    note32(w, sub ? F_EXP5_SUB : F_EXP5, neg_abs[k], e5[k], want_exp);
    note32(w, F_LOG1P, xs[k], l[k], log1p(xd));
    note32(w, F_SHARED, xs[k], shared[k], log1p(exp(-fabs(xd))));
    note32(w, F_SHARED, xs[k], shared_view[k], log1p(exp(-fabs(xd))));
    note32(w, F_SIGMOID, xs[k], sigmoid[k], sigmoid_ref(xd));
    note32(w, F_SIGMOID_NEG, xs[k], sigmoid_neg[k], sigmoid_ref(-xd));
    note32(w, F_SIGMOID_NEG, xs[k], sigmoid_neg_view[k], sigmoid_ref(-xd));
    note32(w, F_SOFTPLUS, xs[k], softplus[k], softplus_ref(xd));
    note32(w, F_SOFTPLUS_NEG, xs[k], softplus_neg[k], softplus_ref(-xd));
    note32(w, F_SOFTPLUS_NEG, xs[k], softplus_neg_view[k], softplus_ref(-xd));
  }
}

static void sweep32(void) {
  const char *env = getenv("ML_ACCURACY_STRIDE");
  const uint64_t stride = env ? strtoull(env, NULL, 10) : 251;
  worst w[F_COUNT];
  memset(w, 0, sizeof w);
  float block[4];
  int filled = 0;
  for (uint64_t bits = 0; bits < (1ULL << 32); bits += stride) {
    const uint32_t b = (uint32_t)bits;
    memcpy(&block[filled++], &b, sizeof b);
    if (filled == 4) {
      check_block32(block, w);
      filled = 0;
    }
  }
  /* Every exponent densely: 2^k (1 + j/2^12), both signs, plus the edges. */
  for (int k = -149; k <= 127; k++) {
    for (int j = 0; j < 4096; j += 4) {
      for (int l = 0; l < 4; l++) block[l] = ldexpf(1.0f + (float)(j + l) / 4096.0f, k) * (l & 1 ? -1 : 1);
      check_block32(block, w);
    }
  }
  const float edges[] = {0.0f, -0.0f, FLT_TRUE_MIN, -FLT_TRUE_MIN, FLT_MIN, -FLT_MIN, FLT_MAX, -FLT_MAX,
                         INFINITY, -INFINITY, NAN, -1.0f, nextafterf(-1.0f, 0), 88.72283f, 88.72284f,
                         -87.0f, -87.33654f, -87.33655f, -103.278f, -103.279f, -103.972f, -103.9721f,
                         -104.0f, -88.0f, 1.0f, 0x1p-25f, -0x1p-25f, 0x1p-24f, 0.41421357f, -0.29289323f,
                         16.0f, -16.0f};
  const size_t n_edges = sizeof edges / sizeof edges[0];
  for (size_t i = 0; i < n_edges; i += 4) {
    for (int l = 0; l < 4; l++) block[l] = edges[i + (size_t)l < n_edges ? i + (size_t)l : 0];
    check_block32(block, w);
  }
  static const int all[F_COUNT] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  report("f32", w, BOUND32, all);
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

static long double sigmoid_ref64(long double z) {
  return z >= 0 ? 1.0L / (1.0L + expl(-z)) : expl(z) / (1.0L + expl(z));
}
static long double softplus_ref64(long double z) { return (z > 0 ? z : 0.0L) + log1pl(expl(-fabsl(z))); }

static void note64(worst *w, int f, double at, double got, long double want_ld) {
  const double want = (double)want_ld;
  note(&w[f], ulp64(got, want), at, got, want);
}

/* The three groups of what is measured, each with its own sample ranges. */
enum { G_EXP, G_LOG1P, G_LOGISTIC, G_COUNT };

static void check_pair64(int g, double a, double b, worst *w) {
  const ml_f64x2 x = {a, b};
  if (g == G_EXP) { /* exp itself, over its whole range: the kernels call it on x <= 0 */
    const ml_f64x2 e = ml_f64x2_exp(x);
    for (int k = 0; k < 2; k++) {
      const long double want = expl(x[k]);
      note64(w, (double)want < DBL_MIN ? F_EXP_SUB : F_EXP, x[k], e[k], want);
    }
  } else if (g == G_LOG1P) {
    const ml_f64x2 l = ml_f64x2_log1p(x);
    for (int k = 0; k < 2; k++) note64(w, F_LOG1P, x[k], l[k], log1pl(x[k]));
  } else {
    ml_f64x2 sigmoid, sigmoid_neg, sigmoid_neg_view;
    const ml_f64x2 shared = ml_f64x2_logistic_parts2(x, &sigmoid, &sigmoid_neg);
    const ml_f64x2 shared_view = ml_f64x2_logistic_parts_neg(x, &sigmoid_neg_view);
    const ml_f64x2 zero = ml_f64x2_splat(0.0);
    const ml_f64x2 softplus = ml_f64x2_pmax(x, zero) + shared, softplus_neg = shared - ml_f64x2_pmin(x, zero);
    const ml_f64x2 softplus_neg_view = shared_view - ml_f64x2_pmin(x, zero);
    for (int k = 0; k < 2; k++) {
      const long double xl = x[k];
      note64(w, F_SHARED, x[k], shared[k], log1pl(expl(-fabsl(xl))));
      note64(w, F_SHARED, x[k], shared_view[k], log1pl(expl(-fabsl(xl))));
      note64(w, F_SIGMOID, x[k], sigmoid[k], sigmoid_ref64(xl));
      note64(w, F_SIGMOID_NEG, x[k], sigmoid_neg[k], sigmoid_ref64(-xl));
      note64(w, F_SIGMOID_NEG, x[k], sigmoid_neg_view[k], sigmoid_ref64(-xl));
      note64(w, F_SOFTPLUS, x[k], softplus[k], softplus_ref64(xl));
      note64(w, F_SOFTPLUS_NEG, x[k], softplus_neg[k], softplus_ref64(-xl));
      note64(w, F_SOFTPLUS_NEG, x[k], softplus_neg_view[k], softplus_ref64(-xl));
    }
  }
}

static double sample64(int g, long i) {
  switch (i % 4) {
    case 0: return any_double(); /* every exponent, both signs, NaN and inf patterns */
    case 1: /* random magnitude 2^[-60, 10], either sign */
      return ldexp(uniform(1, 2), (int)(next64() % 71) - 60) * (next64() & 1 ? -1 : 1);
    default:
      switch (g) {
        case G_EXP: return i % 4 == 2 ? uniform(-746, 0) : uniform(-746, 710);
        case G_LOG1P: return i % 4 == 2 ? uniform(-1, 1) : uniform(-1, 1e6);
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
  const size_t n_edges = sizeof edges / sizeof edges[0];
  worst w[F_COUNT];
  memset(w, 0, sizeof w);
  for (int g = 0; g < G_COUNT; g++) {
    for (long i = 0; i < count; i += 2) check_pair64(g, sample64(g, i), sample64(g, i + 1), w);
    for (size_t i = 0; i < n_edges; i++) check_pair64(g, edges[i], -edges[i], w);
  }
  report("f64", w, BOUND64, IN64);
}

/* ------------------------------------------------------------------------------------ specials */

static int is_neg_zero(double x) { return x == 0 && signbit(x); }
static int is_pos_zero(double x) { return x == 0 && !signbit(x); }

static void special_values32(void) {
  const ml_f32x4 nonpositive = {0.0f, -0.0f, -INFINITY, NAN};
  const ml_f32x4 e = ml_f32x4_exp_nonpositive(nonpositive), e5 = ml_f32x4_exp_nonpositive_poly5(nonpositive);
  CHECK(e[0] == 1 && e[1] == 1 && is_pos_zero(e[2]) && isnan(e[3]));
  CHECK(e5[0] == 1 && e5[1] == 1 && is_pos_zero(e5[2]) && isnan(e5[3]));
  const ml_f32x4 l = ml_f32x4_log1p((ml_f32x4){0.0f, -0.0f, INFINITY, -INFINITY});
  CHECK(is_pos_zero(l[0]) && is_neg_zero(l[1]) && l[2] == INFINITY && isnan(l[3]));
  const ml_f32x4 m = ml_f32x4_log1p((ml_f32x4){-1.0f, -2.0f, NAN, 0x1p-149f});
  CHECK(m[0] == -INFINITY && isnan(m[1]) && isnan(m[2]) && m[3] == 0x1p-149f);
  const ml_f32x4 z = {0.0f, -0.0f, INFINITY, -INFINITY}, zero = ml_f32x4_splat(0.0f);
  ml_f32x4 s, sn;
  const ml_f32x4 shared = ml_f32x4_logistic_parts2(z, &s, &sn);
  const ml_f32x4 p = ml_f32x4_pmax(z, zero) + shared, pn = shared - ml_f32x4_pmin(z, zero);
  CHECK(s[0] == 0.5f && s[1] == 0.5f && s[2] == 1 && is_pos_zero(s[3]));
  CHECK(sn[0] == 0.5f && sn[1] == 0.5f && is_pos_zero(sn[2]) && sn[3] == 1);
  CHECK(shared[0] == (float)log(2.0) && shared[1] == (float)log(2.0) && is_pos_zero(shared[2]) &&
        is_pos_zero(shared[3]));
  CHECK(p[2] == INFINITY && is_pos_zero(p[3]) && is_pos_zero(pn[2]) && pn[3] == INFINITY);
  const ml_f32x4 nan = ml_f32x4_splat(NAN);
  const ml_f32x4 nan_shared = ml_f32x4_logistic_parts2(nan, &s, &sn);
  CHECK(isnan(nan_shared[0]) && isnan(s[0]) && isnan(sn[0]));
}

static void special_values64(void) {
  const ml_f64x2 e = ml_f64x2_exp((ml_f64x2){INFINITY, -INFINITY});
  CHECK(e[0] == INFINITY && is_pos_zero(e[1]));
  const ml_f64x2 e0 = ml_f64x2_exp((ml_f64x2){-0.0, NAN});
  CHECK(e0[0] == 1 && isnan(e0[1]));
  const ml_f64x2 la = ml_f64x2_log1p((ml_f64x2){0.0, -0.0});
  const ml_f64x2 lb = ml_f64x2_log1p((ml_f64x2){INFINITY, -INFINITY});
  CHECK(is_pos_zero(la[0]) && is_neg_zero(la[1]) && lb[0] == INFINITY && isnan(lb[1]));
  const ml_f64x2 m1 = ml_f64x2_log1p((ml_f64x2){-1.0, -2.0});
  CHECK(m1[0] == -INFINITY && isnan(m1[1]));
  const ml_f64x2 z = {INFINITY, -INFINITY}, zero = ml_f64x2_splat(0.0);
  ml_f64x2 s, sn;
  const ml_f64x2 shared = ml_f64x2_logistic_parts2(z, &s, &sn);
  const ml_f64x2 p = ml_f64x2_pmax(z, zero) + shared, pn = shared - ml_f64x2_pmin(z, zero);
  CHECK(s[0] == 1 && is_pos_zero(s[1]) && is_pos_zero(sn[0]) && sn[1] == 1);
  CHECK(is_pos_zero(shared[0]) && is_pos_zero(shared[1]));
  CHECK(p[0] == INFINITY && is_pos_zero(p[1]) && is_pos_zero(pn[0]) && pn[1] == INFINITY);
  const ml_f64x2 at_zero = ml_f64x2_logistic_parts2((ml_f64x2){0.0, -0.0}, &s, &sn);
  CHECK(s[0] == 0.5 && s[1] == 0.5 && sn[0] == 0.5 && sn[1] == 0.5 && at_zero[0] == log(2.0));
  const ml_f64x2 nan_shared = ml_f64x2_logistic_parts2(ml_f64x2_splat(NAN), &s, &sn);
  CHECK(isnan(nan_shared[0]) && isnan(s[0]) && isnan(sn[0]));
}

int main(void) {
  printf("test_vecmath_accuracy: vector layer: %s\n", ML_VEC128_NAME);
  special_values32();
  special_values64();
  sweep32();
  sweep64();
  CHECK_DONE();
}
