/*
 * Vector math on the 128-bit layer (vec128.h), the functions the kernels call: exp (f32 only on x <= 0),
 * log1p, and the logistic parts, which give sigmoid(z), sigmoid(-z) and log1p(e^-|z|) from one exp and one
 * divide; for f32x4 and f64x2. No tables (WebAssembly has no gather), no FMA (plain SIMD128 has none), so
 * the same source gives the same bits on WebAssembly SIMD, SSE4.1 and the generic scalar lanes of the
 * baseline build (wasm-tests/simd-baseline.test.mjs asserts it for every loss).
 *
 * Accuracy: c/tests/test_vecmath_accuracy.c measures each function, and softplus(±z) composed from the
 * parts as the kernels compose it, against the correctly rounded result, and asserts the bounds it meets:
 * a few ulp, none correctly rounded. Nor are subnormal results of exp: f32 exp forms s = 2^n before it
 * applies the polynomial, so for a subnormal result s r and the sum are rounded to the subnormal grid;
 * f64 exp applies 2^n in two halves, and the second rounds the finished result once more.
 * Special values follow C99 Annex F: exp(-inf) = +0, f64 exp(+inf) = inf, log1p(-1) = -inf,
 * log1p(x < -1) = NaN, log1p(±0) = ±0, NaN in gives NaN out; sigmoid and softplus at ±inf are their limits.
 *
 * Method. exp: n = round(x/ln2) with a magic constant whose low bits also give 2^n, r = x - n ln2 in two
 * parts (Cody-Waite); f32: 2^n + (2^n r) P(r) with P of degree 4 (XNNPACK's rr2_p5 coefficients), f64:
 * (1 + r + r^2 P(r)) 2^n with P of degree 10. An f64 vector with a lane outside the normal range takes an
 * out-of-line path that clamps x and scales in two halves. f32 exp is called on x <= 0 only (cross-entropy
 * on x - max, the logistic functions on -|z|): x clamped at -104 and 2^n formed as 2^(n+64) 2^-64, so
 * subnormal results need no second path and real vectors no branch. The f32 logistic functions' exp has
 * P of degree 5 (exp_poly5, 2^-26.5 instead of rr2_p5's 2^-23.4): the sigmoid e/(1 + e) carries exp's
 * error whole, and this takes an ulp off the sigmoid's worst error.
 * The polynomials of exp, f32 log1p_unit and f64 log1p use Estrin's scheme: the fused logistic kernels
 * are latency-bound, and it halves the depth of their dependency chain.
 * log1p: 1 + x = 2^k m with m in [sqrt(1/2), sqrt(2)) and the rounding error of 1 + x carried as c/(1+x);
 * f32: log1p(m - 1) by a degree-10 polynomial; f64: fdlibm's s = f/(2+f) form with a degree-16 polynomial
 * in s, s and c/(1+x) sharing one divide. The logistic losses need log1p(e) only for e = e^-|x| in
 * [0, 1]: f32 evaluates it with one degree-10 polynomial on [0, 1] (no reduction, no divide), so the
 * fused loss-and-sigmoid costs one exp, one polynomial and one divide.
 */
#ifndef ML_VECMATH_H
#define ML_VECMATH_H

#include <math.h>

#include "vec/vec128.h"

/* ---------------------------------------------------------------------------------------------- f32 */

/*
 * The reduced argument of e^x: t = x log2e + magic goes to *t_out, and its low bits hold n + the bias in
 * magic (1.5 * 2^23 + bias), ready to become 2^(n + bias) with a shift; returns r = x - n ln2, with ln2 in
 * two parts. e^x = 2^n (1 + r P(r)).
 */
#define ML_F32_EXP_MAGIC 0x1.8000FEp23f /* bias 127: 2^n itself */
#define ML_F32_EXP_MAGIC64 0x1.80017Ep23f /* bias 127 + 64: 2^(n + 64), for n down to -190 */
static inline ml_f32x4 ml_f32x4_exp_reduce(ml_f32x4 x, float magic, ml_f32x4 *t_out) {
  const float log2e = 0x1.715476p+0f;
  const float ln2_hi = 0x1.62E400p-1f, ln2_lo = 0x1.7F7D1Cp-20f;
  const ml_f32x4 t = x * log2e + magic;
  const ml_f32x4 n = t - magic;
  *t_out = t;
  return (x - n * ln2_hi) - n * ln2_lo;
}
/* P(r) of degree 4 on [-ln2/2, ln2/2] (XNNPACK's rr2_p5 coefficients). */
static inline ml_f32x4 ml_f32x4_exp_poly4(ml_f32x4 r) {
  const float c5 = 0x1.0F9F9Cp-7f, c4 = 0x1.573A1Ap-5f, c3 = 0x1.555A80p-3f, c2 = 0x1.FFFDC6p-2f,
              c1 = 0x1.FFFFF6p-1f;
  const ml_f32x4 r2 = r * r; /* Estrin's scheme: depth 5 instead of 8 */
  return (c2 * r + c1) + ((c4 * r + c3) + c5 * r2) * r2;
}
/*
 * P(r) of degree 5 for the logistic functions, whose sigmoid carries exp's error whole: e^r = 1 + r P(r)
 * to 2^-26.5 on [-ln2/2, ln2/2] (a Chebyshev interpolant; rr2_p5's degree 4 is 2^-23.4 off). Estrin's
 * scheme: depth 5, as exp_poly4.
 */
static inline ml_f32x4 ml_f32x4_exp_poly5(ml_f32x4 r) {
  const ml_f32x4 r2 = r * r;
  return (0.5f * r + 1.0f) + (0x1.5554EAp-5f * r + 0x1.55547Cp-3f) * r2 +
         (0x1.6D4316p-10f * r + 0x1.123D82p-7f) * (r2 * r2);
}

/*
 * e^x = s + (s r) P(r) with s = 2^n * scale, n from the bias in magic (see exp_reduce); P is exp_poly5
 * when `fine` (a constant at every call), else exp_poly4.
 */
static inline ml_f32x4 ml_f32x4_exp_scaled(ml_f32x4 x, float magic, float scale, const int fine) {
  ml_f32x4 t;
  const ml_f32x4 r = ml_f32x4_exp_reduce(x, magic, &t);
  const ml_f32x4 s = ML_AS_F32((ml_u32x4)t << 23) * scale;
  return s + (s * r) * (fine ? ml_f32x4_exp_poly5(r) : ml_f32x4_exp_poly4(r));
}

/*
 * e^x for x <= 0 (or NaN): x clamped at -104 (e^-104 rounds to +0), 2^n formed as 2^(n + 64) 2^-64, exact
 * down to the subnormal 2^-149 (2^-150 rounds to 0). A subnormal result is s + (s r) P(r) with s already
 * subnormal: s r and the sum are rounded to the subnormal grid.
 */
static inline ml_f32x4 ml_f32x4_exp_clamped(ml_f32x4 x, const int fine) {
  /* pmax keeps a NaN in x */
  return ml_f32x4_exp_scaled(ml_f32x4_pmax(x, ml_f32x4_splat(-104.0f)), ML_F32_EXP_MAGIC64, 0x1p-64f, fine);
}
#ifdef ML_VEC128_GENERIC
/* The generic lanes' path for a vector with a lane below -87, out of line (see exp_nonpositive_with). */
static __attribute__((noinline, unused)) ml_f32x4 ml_f32x4_exp_poly4_clamped_outline(ml_f32x4 x) {
  return ml_f32x4_exp_clamped(x, 0);
}
static __attribute__((noinline, unused)) ml_f32x4 ml_f32x4_exp_poly5_clamped_outline(ml_f32x4 x) {
  return ml_f32x4_exp_clamped(x, 1);
}
#endif

/*
 * e^x for x <= 0 (or NaN), with exp_poly5 when `fine`: exp_clamped's bits in every build. With real
 * vectors exp_clamped itself, without a branch: the scaling is off the critical path, and there is no
 * out-of-line call in a loop, across which V8 spills every vector register. On generic lanes the clamp is
 * four selects while the range check is four scalar compares, so there a vector with every lane at or
 * above -87 takes exp_scaled with 2^n itself (normal there, so the same bits as exp_clamped's 2^(n + 64)
 * 2^-64) and any other calls exp_clamped out of line.
 */
static inline ml_f32x4 ml_f32x4_exp_nonpositive_with(ml_f32x4 x, const int fine) {
#ifdef ML_VEC128_GENERIC
  if (__builtin_expect(ml_i32x4_any(ML_CMP32(x < -87.0f)), 0)) {
    return fine ? ml_f32x4_exp_poly5_clamped_outline(x) : ml_f32x4_exp_poly4_clamped_outline(x);
  }
  return ml_f32x4_exp_scaled(x, ML_F32_EXP_MAGIC, 1.0f, fine);
#else
  return ml_f32x4_exp_clamped(x, fine);
#endif
}
/* Cross-entropy's exp. */
static inline ml_f32x4 ml_f32x4_exp_nonpositive(ml_f32x4 x) {
  return ml_f32x4_exp_nonpositive_with(x, 0);
}
/* The logistic functions' exp (see the method comment). */
static inline ml_f32x4 ml_f32x4_exp_nonpositive_poly5(ml_f32x4 x) {
  return ml_f32x4_exp_nonpositive_with(x, 1);
}

/*
 * log1p(x) for x in [0, 1] (also correct for ±0 and subnormals): x + x^2 R(x), R of degree 8 (minimax for the
 * relative error of the result, 5e-9 before rounding), evaluated by Estrin's scheme (dependency depth 7
 * instead of Horner's 18: the logistic kernels are latency-bound).
 */
static inline ml_f32x4 ml_f32x4_log1p_unit(ml_f32x4 x) {
  const ml_f32x4 x2 = x * x;
  const ml_f32x4 x4 = x2 * x2;
  const ml_f32x4 b0 = 0.33330512f * x - 0.4999993f;
  const ml_f32x4 b1 = 0.19695401f * x - 0.24958588f;
  const ml_f32x4 b2 = 0.10680557f * x - 0.15355398f;
  const ml_f32x4 b3 = 0.020204594f * x - 0.05766446f;
  const ml_f32x4 p = (b0 + b1 * x2) + ((b2 + b3 * x2) - 0.0033184746f * x4) * x4;
  return x + x2 * p;
}

static inline ml_f32x4 ml_f32x4_log1p(ml_f32x4 x) {
  const float ln2_hi = 0x1.62E400p-1f, ln2_lo = 0x1.7F7D1Cp-20f;
  const ml_f32x4 u = 1.0f + x;
  const ml_f32x4 bb = u - x;
  const ml_f32x4 c = (x - (u - bb)) + (1.0f - bb); /* u + c = 1 + x exactly */
  /* u = 2^k m, m in [sqrt(1/2), sqrt(2)) */
  /* bit arithmetic unsigned: NaN and negative lanes wrap harmlessly and are replaced below */
  const ml_u32x4 ui = (ml_u32x4)u + (0x3f800000u - 0x3f3504f3u);
  const ml_f32x4 k = __builtin_convertvector((ml_i32x4)(ui >> 23) - 127, ml_f32x4);
  const ml_f32x4 m = ML_AS_F32((ui & 0x007fffffu) + 0x3f3504f3u);
  const ml_f32x4 f = m - 1.0f;
  ml_f32x4 p = -0.07673641294240952f * f + 0.12722672522068024f;
  p = p * f - 0.13127554953098297f;
  p = p * f + 0.14204855263233185f;
  p = p * f - 0.16626645624637604f;
  p = p * f + 0.20001234114170074f;
  p = p * f - 0.2500078082084656f;
  p = p * f + 0.3333333134651184f;
  p = p * f - 0.4999999701976776f;
  const ml_f32x4 lp = f + (f * f) * p;
  ml_f32x4 y = k * ln2_hi + ((k * ln2_lo + c / u) + lp);
  const ml_f32x4 ax = ml_f32x4_abs(x);
  y = ml_f32x4_select(ML_CMP32(ax < 0x1p-25f), x, y); /* ±0, subnormals, tiny: log1p(x) = x */
  y = ml_f32x4_select(ML_CMP32(x == INFINITY), x, y);
  y = ml_f32x4_select(ML_CMP32(x == -1.0f), ml_f32x4_splat(-INFINITY), y);
  y = ml_f32x4_select(ML_CMP32(x < -1.0f), ml_f32x4_splat(NAN), y);
  return ml_f32x4_select(ML_CMP32(x != x), x, y);
}

/*
 * The shared part of the logistic functions, from one exp and one divide: returns log1p(e^-|z|) and
 * stores sigmoid(z) and sigmoid(-z), both products of r = 1/(1 + e^-|z|) (never 1 - sigmoid, which
 * cancels). softplus(z) = max(z, 0) + result, softplus(-z) = result - min(z, 0): no negation, which V8
 * spends three instructions on. The one-sigmoid view below lets the compiler drop the other select.
 */
static inline ml_f32x4 ml_f32x4_logistic_parts2(ml_f32x4 z, ml_f32x4 *sigmoid, ml_f32x4 *sigmoid_neg) {
  /* -|z| as one OR of the sign bit */
  const ml_f32x4 e = ml_f32x4_exp_nonpositive_poly5(ML_AS_F32(ML_AS_I32(z) | INT32_MIN));
  const ml_f32x4 r = 1.0f / (1.0f + e);
  const ml_f32x4 er = e * r;
  const ml_i32x4 nonnegative = ML_CMP32(z >= 0.0f);
  *sigmoid = ml_f32x4_select(nonnegative, r, er);
  *sigmoid_neg = ml_f32x4_select(nonnegative, er, r);
  return ml_f32x4_log1p_unit(e);
}
/* log1p(e^-|z|), and sigmoid(-z) stored. */
static inline ml_f32x4 ml_f32x4_logistic_parts_neg(ml_f32x4 z, ml_f32x4 *sigmoid_neg) {
  ml_f32x4 unused;
  return ml_f32x4_logistic_parts2(z, &unused, sigmoid_neg);
}

/* ---------------------------------------------------------------------------------------------- f64 */

/* 2^n for integer lanes n in [-1022, 1023]. */
static inline ml_f64x2 ml_f64x2_pow2i(ml_i64x2 n) { return ML_AS_F64((ml_u64x2)(n + 1023) << 52); }

/* e^r for the reduced argument: 1 + r + r^2 P(r), P of degree 10 by Estrin's scheme (depth 8, not 20). */
static inline ml_f64x2 ml_f64x2_exp_poly(ml_f64x2 r) {
  const ml_f64x2 r2 = r * r;
  const ml_f64x2 r4 = r2 * r2;
  const ml_f64x2 r8 = r4 * r4;
  const ml_f64x2 b0 = 0.1666666666666667 * r + 0.5;
  const ml_f64x2 b1 = 0.008333333333326141 * r + 0.04166666666666667;
  const ml_f64x2 b2 = 0.00019841269874800493 * r + 0.0013888888888883752;
  const ml_f64x2 b3 = 2.7557255425746435e-06 * r + 2.4801587325533363e-05;
  const ml_f64x2 b4 = 2.510520637395701e-08 * r + 2.7557273661348637e-07;
  const ml_f64x2 c0 = b0 + b1 * r2;
  const ml_f64x2 c1 = b2 + b3 * r2;
  const ml_f64x2 c2 = b4 + 2.0914679376583935e-09 * r2;
  const ml_f64x2 p = (c0 + c1 * r4) + c2 * r8;
  return 1.0 + (r + r2 * p);
}

/* t = x log2e + magic (its low bits hold n + 1023) and r = x - n ln2 in two parts. */
static inline ml_f64x2 ml_f64x2_exp_reduce(ml_f64x2 x, ml_f64x2 *t_out) {
  const double log2e = 0x1.71547652b82fep+0;
  const double magic = 0x1.8p52 + 1023.0;
  const double ln2_hi = 0x1.62e42fee00000p-1, ln2_lo = 0x1.a39ef35793c76p-33;
  const ml_f64x2 t = x * log2e + magic;
  const ml_f64x2 n = t - magic;
  *t_out = t;
  return (x - n * ln2_hi) - n * ln2_lo;
}

/* Lanes outside [-708, 709] (±inf included): x clamped, 2^n applied in two halves. */
static __attribute__((noinline, unused)) ml_f64x2 ml_f64x2_exp_wide(ml_f64x2 x) {
  const double magic = 0x1.8p52 + 1023.0;
  const ml_f64x2 xc = ml_f64x2_pmin(ml_f64x2_pmax(x, ml_f64x2_splat(-746.0)), ml_f64x2_splat(710.0));
  ml_f64x2 t;
  const ml_f64x2 v = ml_f64x2_exp_poly(ml_f64x2_exp_reduce(xc, &t));
  const ml_i64x2 ni = ML_AS_I64(t) - ML_AS_I64(ml_f64x2_splat(magic));
  const ml_i64x2 n1 = ni >> 1;
  return (v * ml_f64x2_pow2i(n1)) * ml_f64x2_pow2i(ni - n1);
}

static inline ml_f64x2 ml_f64x2_exp(ml_f64x2 x) {
  if (__builtin_expect(ml_i64x2_any(ML_CMP64(x < -708.0) | ML_CMP64(x > 709.0)), 0)) {
    return ml_f64x2_exp_wide(x);
  }
  ml_f64x2 t;
  const ml_f64x2 v = ml_f64x2_exp_poly(ml_f64x2_exp_reduce(x, &t));
  return v * ML_AS_F64((ml_u64x2)t << 52);
}

static inline ml_f64x2 ml_f64x2_log1p(ml_f64x2 x) {
  const double ln2_hi = 0x1.62e42fee00000p-1, ln2_lo = 0x1.a39ef35793c76p-33;
  const ml_f64x2 u = 1.0 + x;
  const ml_f64x2 bb = u - x;
  const ml_f64x2 c = (x - (u - bb)) + (1.0 - bb);
  const ml_u64x2 ui = (ml_u64x2)u + (uint64_t)(0x3ff0000000000000ULL - 0x3fe6a09e667f3bcdULL);
  /* k as a double without an int64 conversion: 2^52 + biased exponent, minus 2^52 + 1023. */
  const ml_f64x2 k = ML_AS_F64((ui >> 52) | 0x4330000000000000ULL) - (0x1p52 + 1023.0);
  const ml_f64x2 m = ML_AS_F64((ui & 0x000fffffffffffffULL) + 0x3fe6a09e667f3bcdULL);
  const ml_f64x2 f = m - 1.0;
  /* s = f / (2 + f) and c / u = c 2^-k / m from one divide; c / u is dropped (below 2^-1000) for huge u. */
  const ml_f64x2 two_f = 2.0 + f;
  const ml_f64x2 inv = 1.0 / (m * two_f);
  const ml_f64x2 s = f * m * inv;
  const ml_f64x2 pow2_neg_k =
      ML_AS_F64(0x7fe0000000000000ULL - (ui & 0x7ff0000000000000ULL));
  const ml_f64x2 cu = ml_f64x2_and(ML_CMP64(u < 0x1p1000), c * two_f * inv * pow2_neg_k);
  const ml_f64x2 z = s * s;
  const ml_f64x2 z2 = z * z;
  const ml_f64x2 z4 = z2 * z2;
  const ml_f64x2 q01 = 0.4000000000000088 * z + 0.6666666666666666;
  const ml_f64x2 q23 = 0.22222222391713917 * z + 0.28571428570803614;
  const ml_f64x2 q45 = 0.15386239702814658 * z + 0.18181795640132906;
  const ml_f64x2 q67 = 0.13086626147840102 * z + 0.13268773138656886;
  const ml_f64x2 q = (q01 + q23 * z2) + (q45 + q67 * z2) * z4; /* Estrin's scheme */
  const ml_f64x2 hfsq = 0.5 * f * f;
  const ml_f64x2 lp = f - (hfsq - s * (hfsq + z * q));
  ml_f64x2 y = k * ln2_hi + ((k * ln2_lo + cu) + lp);
  const ml_f64x2 ax = ml_f64x2_abs(x);
  y = ml_f64x2_select(ML_CMP64(ax < 0x1p-54), x, y);
  y = ml_f64x2_select(ML_CMP64(x == INFINITY), x, y);
  y = ml_f64x2_select(ML_CMP64(x == -1.0), ml_f64x2_splat(-INFINITY), y);
  y = ml_f64x2_select(ML_CMP64(x < -1.0), ml_f64x2_splat(NAN), y);
  return ml_f64x2_select(ML_CMP64(x != x), x, y);
}

static inline ml_f64x2 ml_f64x2_logistic_parts2(ml_f64x2 z, ml_f64x2 *sigmoid, ml_f64x2 *sigmoid_neg) {
  const ml_f64x2 e = ml_f64x2_exp(-ml_f64x2_abs(z));
  const ml_f64x2 r = 1.0 / (1.0 + e);
  const ml_f64x2 er = e * r;
  const ml_i64x2 nonnegative = ML_CMP64(z >= 0.0);
  *sigmoid = ml_f64x2_select(nonnegative, r, er);
  *sigmoid_neg = ml_f64x2_select(nonnegative, er, r);
  return ml_f64x2_log1p(e);
}
static inline ml_f64x2 ml_f64x2_logistic_parts_neg(ml_f64x2 z, ml_f64x2 *sigmoid_neg) {
  ml_f64x2 unused;
  return ml_f64x2_logistic_parts2(z, &unused, sigmoid_neg);
}

#endif /* ML_VECMATH_H */
