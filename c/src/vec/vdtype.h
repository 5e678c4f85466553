/*
 * The vector of the kernel template's element type (see dtype.h): V holds ML_LANES values of T (f32x4 or
 * f64x2), VM is the matching lane mask. The loss kernels (losses/NAME.inc) are written once against
 * these names and compiled for both dtypes.
 *
 * Sums: ml_vacc accumulates in double lanes. float32 values are widened exactly and added in double
 * (error below n * 2^-53 of the sum of magnitudes: 1e-9 relative at 10^7 terms); float64 values are added
 * with TwoSum per lane, the rounding errors carried in a second register.
 */
#ifndef ML_VDTYPE_H
#define ML_VDTYPE_H

#include "compensated_sum.h"
#include "partial.h"
#include "vecmath/vecmath.h"

typedef struct ml_vacc {
  ml_f64x2 a, b;
} ml_vacc;

static inline ml_vacc ml_vacc_zero(void) {
  ml_vacc s = {{0.0, 0.0}, {0.0, 0.0}};
  return s;
}
static inline void ml_vacc_add_f32x4(ml_vacc *s, ml_f32x4 v) {
  s->a += ml_f32x4_promote_lo(v);
  s->b += ml_f32x4_promote_hi(v);
}
static inline void ml_vacc_add_f64x2(ml_vacc *s, ml_f64x2 v) {
  const ml_f64x2 t = s->a + v;
  const ml_f64x2 bb = t - s->a;
  s->b += (s->a - (t - bb)) + (v - bb);
  s->a = t;
}
/* Adds a * b, multiplied in double. */
static inline void ml_vacc_add_product_f32x4(ml_vacc *s, ml_f32x4 a, ml_f32x4 b) {
  s->a += ml_f32x4_promote_lo(a) * ml_f32x4_promote_lo(b);
  s->b += ml_f32x4_promote_hi(a) * ml_f32x4_promote_hi(b);
}
static inline void ml_vacc_add_product_f64x2(ml_vacc *s, ml_f64x2 a, ml_f64x2 b) {
  ml_vacc_add_f64x2(s, a * b);
}
/* The lanes the earlier blocks of a batch left in `partial` (partial.h), or zero for a whole call. */
static inline ml_vacc ml_vacc_resume(const ml_partial *partial) {
  if (!partial) return ml_vacc_zero();
  const ml_vacc s = {{partial->total[0], partial->total[1]}, {partial->total[2], partial->total[3]}};
  return s;
}
static inline void ml_vacc_suspend(const ml_vacc *s, ml_partial *partial) {
  if (!partial) return;
  partial->total[0] = s->a[0], partial->total[1] = s->a[1];
  partial->total[2] = s->b[0], partial->total[3] = s->b[1];
}
/* The lanes as a scalar compensated sum (its value is exact-ish; an infinite sum stays infinite). */
static inline ml_sum ml_vacc_total_f32(const ml_vacc *s) {
  ml_sum total = ml_sum_zero();
  ml_sum_add(&total, s->a[0]);
  ml_sum_add(&total, s->a[1]);
  ml_sum_add(&total, s->b[0]);
  ml_sum_add(&total, s->b[1]);
  return total;
}
static inline ml_sum ml_vacc_total_f64(const ml_vacc *s) {
  ml_sum total = ml_sum_zero();
  ml_sum_add(&total, s->a[0]);
  ml_sum_add(&total, s->a[1]);
  total.compensation += s->b[0] + s->b[1];
  return total;
}

#if defined(ML_DTYPE_F32)
typedef ml_f32x4 V;
typedef ml_i32x4 VM;
#define ML_LANES 4
#define V_LOAD ml_f32x4_load
#define V_STORE ml_f32x4_store
#define V_SPLAT ml_f32x4_splat
#define V_SELECT ml_f32x4_select
#define V_AND ml_f32x4_and
#define V_PMAX ml_f32x4_pmax
#define V_PMIN ml_f32x4_pmin
#define V_ANY ml_i32x4_any
#define V_HSUM ml_f32x4_hsum
#define V_LANES_BELOW ml_f32x4_lanes_below
#define V_CMP ML_CMP32
#define V_EXP_NONPOSITIVE ml_f32x4_exp_nonpositive
#define V_LOG1P ml_f32x4_log1p
#define V_LOGISTIC_PARTS_NEG ml_f32x4_logistic_parts_neg
#define V_LOGISTIC_PARTS2 ml_f32x4_logistic_parts2
#define V_ACC_ADD ml_vacc_add_f32x4
#define V_ACC_TOTAL ml_vacc_total_f32
#define V_ACC_ADD_PRODUCT ml_vacc_add_product_f32x4
typedef int32_t VI_T; /* the lane type of VM */
#define V_IOTA ((ml_i32x4){0, 1, 2, 3})
/* Lane i all ones when bytes[i] == 0 (4 bytes read): one load, splat, and, compare. */
static inline VM ml_f32_vbytes_zero(const uint8_t *bytes) {
  uint32_t word;
  __builtin_memcpy(&word, bytes, sizeof word);
  const ml_u32x4 lanes = (ml_u32x4){word, word, word, word} &
                         (ml_u32x4){0xffu, 0xff00u, 0xff0000u, 0xff000000u};
  return ML_CMP32(lanes == 0);
}
#define V_BYTES_ZERO ml_f32_vbytes_zero
/* -1 in the lanes of mask, else 0 (one conversion). */
#define V_MASK_MINUS_ONES(mask) __builtin_convertvector((mask), ml_f32x4)
/* The running sum of each lane (not summed across lanes): lanes 0-1 in a, 2-3 in b. */
static inline void ml_f32_vacc_lanes(const ml_vacc *s, double out[4]) {
  out[0] = s->a[0], out[1] = s->a[1], out[2] = s->b[0], out[3] = s->b[1];
}
#define V_ACC_LANES ml_f32_vacc_lanes
/*
 * x != c for a constant c that is neither NaN nor zero (one bit pattern equals it; NaN differs). On
 * generic lanes an integer comparison of the bit patterns (a scalar float != needs an extra parity check
 * for NaN on x86 engines); a float comparison on the SIMD targets.
 */
static inline VM ml_f32_vne_const(V x, float c) {
#ifdef ML_VEC128_GENERIC
  int32_t bits;
  __builtin_memcpy(&bits, &c, sizeof bits);
  return ML_CMP32(ML_AS_I32(x) != bits);
#else
  return ML_CMP32(x != c);
#endif
}
#define V_NE_CONST ml_f32_vne_const
#elif defined(ML_DTYPE_F64)
typedef ml_f64x2 V;
typedef ml_i64x2 VM;
#define ML_LANES 2
#define V_LOAD ml_f64x2_load
#define V_STORE ml_f64x2_store
#define V_SPLAT ml_f64x2_splat
#define V_SELECT ml_f64x2_select
#define V_AND ml_f64x2_and
#define V_PMAX ml_f64x2_pmax
#define V_PMIN ml_f64x2_pmin
#define V_ANY ml_i64x2_any
#define V_HSUM ml_f64x2_hsum
#define V_LANES_BELOW ml_f64x2_lanes_below
#define V_CMP ML_CMP64
#define V_EXP_NONPOSITIVE ml_f64x2_exp
#define V_LOG1P ml_f64x2_log1p
#define V_LOGISTIC_PARTS_NEG ml_f64x2_logistic_parts_neg
#define V_LOGISTIC_PARTS2 ml_f64x2_logistic_parts2
#define V_ACC_ADD ml_vacc_add_f64x2
#define V_ACC_TOTAL ml_vacc_total_f64
#define V_ACC_ADD_PRODUCT ml_vacc_add_product_f64x2
typedef int64_t VI_T;
#define V_IOTA ((ml_i64x2){0, 1})
static inline VM ml_f64_vbytes_zero(const uint8_t *bytes) {
  uint16_t word;
  __builtin_memcpy(&word, bytes, sizeof word);
  const ml_u64x2 lanes = (ml_u64x2){word, word} & (ml_u64x2){0xffu, 0xff00u};
  return ML_CMP64(lanes == 0);
}
#define V_BYTES_ZERO ml_f64_vbytes_zero
#define V_MASK_MINUS_ONES(mask) V_AND((mask), V_SPLAT(-1.0))
/* The running sum of each lane, its compensation added (an infinite sum stays infinite). */
static inline void ml_f64_vacc_lanes(const ml_vacc *s, double out[2]) {
  for (int j = 0; j < 2; j++) out[j] = isfinite(s->a[j]) ? s->a[j] + s->b[j] : s->a[j];
}
#define V_ACC_LANES ml_f64_vacc_lanes
static inline VM ml_f64_vne_const(V x, double c) {
#ifdef ML_VEC128_GENERIC
  int64_t bits;
  __builtin_memcpy(&bits, &c, sizeof bits);
  return ML_CMP64(ML_AS_I64(x) != bits);
#else
  return ML_CMP64(x != c);
#endif
}
#define V_NE_CONST ml_f64_vne_const
#endif

/*
 * A partial vector: the first `count` (< ML_LANES) values of p, the rest `fill`. Lane by lane with
 * constant lane indices, so it stays in registers (insert / extract lane): a stack buffer or a variable
 * lane index goes through memory, and a vector load cannot forward from the scalar stores.
 */
static inline V ML_FN(vload_partial)(const T *p, size_t count, T fill) {
  V v = V_SPLAT(fill);
  if (count > 0) v[0] = p[0];
#if ML_LANES == 4
  if (count > 1) v[1] = p[1];
  if (count > 2) v[2] = p[2];
#endif
  return v;
}
static inline void ML_FN(vstore_partial)(T *p, size_t count, V v) {
  if (count > 0) p[0] = v[0];
#if ML_LANES == 4
  if (count > 1) p[1] = v[1];
  if (count > 2) p[2] = v[2];
#endif
}

#endif /* ML_VDTYPE_H */
