/*
 * A portable 128-bit vector layer: GCC/Clang vector extensions plus a few per-target intrinsics, so one
 * kernel source compiles to WebAssembly SIMD (-msimd128), to x86 SSE4.1 (-msse4.1), and to "4 scalar
 * lanes" everywhere else. The choice is made here, once, at compile time:
 *
 *   ML_VEC128_WASM     WebAssembly SIMD (__wasm_simd128__)
 *   ML_VEC128_SSE      SSE4.1 (__SSE4_1__), unless ML_VEC128_FORCE_GENERIC is defined
 *   ML_VEC128_GENERIC  neither: the same vector types, with portable fallbacks (compare + select, lane
 *                      ORs, __builtin_convertvector) for the target-specific operations. On a target
 *                      without vector registers (wasm32 without -msimd128: the baseline build) the
 *                      compiler lowers every vector operation to scalar code, so the vector kernels run
 *                      as four independent scalar lanes: no SIMD instructions, but instruction-level
 *                      parallelism, branch-free selects and the fast vecmath polynomials instead of libm.
 *                      Natively, -DML_VEC128_FORCE_GENERIC (CMake ML_VEC128_GENERIC=ON) tests this path.
 *
 * The kernels run on this layer in every build. ML_VEC128_USES_SIMD says whether it emits SIMD
 * instructions (ml_build_uses_simd()).
 *
 * pmin/pmax follow WebAssembly's pseudo-min/max: ml_pmax(a, b) = a < b ? b : a, so a NaN in `a` comes
 * through (write the value first and the bound second). On x86 they are single minps/maxps instructions.
 */
#ifndef ML_VEC128_H
#define ML_VEC128_H

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define ML_VEC128_WASM 1
#define ML_VEC128_USES_SIMD 1
#define ML_VEC128_NAME "WebAssembly SIMD"
#elif defined(__SSE4_1__) && !defined(ML_VEC128_FORCE_GENERIC)
#include <smmintrin.h>
#define ML_VEC128_SSE 1
#define ML_VEC128_USES_SIMD 1
#define ML_VEC128_NAME "SSE4.1"
#elif defined(__GNUC__) || defined(__clang__)
#define ML_VEC128_GENERIC 1
#define ML_VEC128_NAME "generic lanes"
#else
#error "vec128.h needs the GCC/Clang vector extensions"
#endif

#include <stddef.h>
#include <stdint.h>

typedef float ml_f32x4 __attribute__((vector_size(16)));
typedef double ml_f64x2 __attribute__((vector_size(16)));
typedef int32_t ml_i32x4 __attribute__((vector_size(16)));
typedef int64_t ml_i64x2 __attribute__((vector_size(16)));
typedef uint32_t ml_u32x4 __attribute__((vector_size(16)));
typedef uint64_t ml_u64x2 __attribute__((vector_size(16)));
typedef float ml_f32x2 __attribute__((vector_size(8)));
typedef uint8_t ml_u8x4 __attribute__((vector_size(4)));
typedef uint8_t ml_u8x2 __attribute__((vector_size(2)));

/* Unaligned loads and stores: memcpy compiles to one movups / v128.load. */
static inline ml_f32x4 ml_f32x4_load(const float *p) {
  ml_f32x4 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
static inline void ml_f32x4_store(float *p, ml_f32x4 v) { __builtin_memcpy(p, &v, sizeof v); }
static inline ml_f64x2 ml_f64x2_load(const double *p) {
  ml_f64x2 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
static inline void ml_f64x2_store(double *p, ml_f64x2 v) { __builtin_memcpy(p, &v, sizeof v); }

static inline ml_f32x4 ml_f32x4_splat(float x) { return (ml_f32x4){x, x, x, x}; }
static inline ml_f64x2 ml_f64x2_splat(double x) { return (ml_f64x2){x, x}; }

/* Bit casts. */
#define ML_AS_I32(v) ((ml_i32x4)(v))
#define ML_AS_I64(v) ((ml_i64x2)(v))
#define ML_AS_F32(v) ((ml_f32x4)(v))
#define ML_AS_F64(v) ((ml_f64x2)(v))

/* Comparisons give all-ones / all-zero lanes of the same width. */
#define ML_CMP32(expr) ((ml_i32x4)(expr))
#define ML_CMP64(expr) ((ml_i64x2)(expr))

#ifndef ML_VEC128_GENERIC
/* mask ? a : b, lane by lane (mask lanes all ones or all zeros). */
static inline ml_f32x4 ml_f32x4_select(ml_i32x4 mask, ml_f32x4 a, ml_f32x4 b) {
  return ML_AS_F32((mask & ML_AS_I32(a)) | (~mask & ML_AS_I32(b)));
}
static inline ml_f64x2 ml_f64x2_select(ml_i64x2 mask, ml_f64x2 a, ml_f64x2 b) {
  return ML_AS_F64((mask & ML_AS_I64(a)) | (~mask & ML_AS_I64(b)));
}
/* mask ? a : +0. */
static inline ml_f32x4 ml_f32x4_and(ml_i32x4 mask, ml_f32x4 a) { return ML_AS_F32(mask & ML_AS_I32(a)); }
static inline ml_f64x2 ml_f64x2_and(ml_i64x2 mask, ml_f64x2 a) { return ML_AS_F64(mask & ML_AS_I64(a)); }
#else
/*
 * Generic lanes: each lane is an integer select of the bit patterns (mask ? a : b), which engines compile
 * to a compare and a conditional move (V8 on x64: ucomiss + cmov, the compare fused). The values and the
 * result pass through empty asm statements so the compiler cannot turn the select back into a float
 * select or a min/max, which V8 compiles to branches that mispredict on random data. The mask itself
 * stays visible, so a mask made by a comparison folds into the select's condition.
 */
static inline int32_t ml_opaque_i32(int32_t v) {
  __asm__("" : "+r"(v));
  return v;
}
static inline int64_t ml_opaque_i64(int64_t v) {
  __asm__("" : "+r"(v));
  return v;
}
/* Both values are made opaque before the select: an asm statement in one arm would become a branch. */
static inline int32_t ml_lane_select_i32(int32_t mask, int32_t a, int32_t b) {
  const int32_t oa = ml_opaque_i32(a), ob = ml_opaque_i32(b);
  return ml_opaque_i32(mask ? oa : ob);
}
static inline int64_t ml_lane_select_i64(int64_t mask, int64_t a, int64_t b) {
  const int64_t oa = ml_opaque_i64(a), ob = ml_opaque_i64(b);
  return ml_opaque_i64(mask ? oa : ob);
}
static inline ml_f32x4 ml_f32x4_select(ml_i32x4 mask, ml_f32x4 a, ml_f32x4 b) {
  const ml_i32x4 ia = ML_AS_I32(a), ib = ML_AS_I32(b);
  return ML_AS_F32(((ml_i32x4){ml_lane_select_i32(mask[0], ia[0], ib[0]),
                               ml_lane_select_i32(mask[1], ia[1], ib[1]),
                               ml_lane_select_i32(mask[2], ia[2], ib[2]),
                               ml_lane_select_i32(mask[3], ia[3], ib[3])}));
}
static inline ml_f64x2 ml_f64x2_select(ml_i64x2 mask, ml_f64x2 a, ml_f64x2 b) {
  const ml_i64x2 ia = ML_AS_I64(a), ib = ML_AS_I64(b);
  return ML_AS_F64(((ml_i64x2){ml_lane_select_i64(mask[0], ia[0], ib[0]),
                               ml_lane_select_i64(mask[1], ia[1], ib[1])}));
}
static inline ml_f32x4 ml_f32x4_and(ml_i32x4 mask, ml_f32x4 a) {
  return ml_f32x4_select(mask, a, ml_f32x4_splat(0.0f));
}
static inline ml_f64x2 ml_f64x2_and(ml_i64x2 mask, ml_f64x2 a) {
  return ml_f64x2_select(mask, a, ml_f64x2_splat(0.0));
}
#endif

static inline ml_f32x4 ml_f32x4_abs(ml_f32x4 x) { return ML_AS_F32(ML_AS_I32(x) & 0x7fffffff); }
static inline ml_f64x2 ml_f64x2_abs(ml_f64x2 x) {
  return ML_AS_F64(ML_AS_I64(x) & (int64_t)0x7fffffffffffffffLL);
}

#if defined(ML_VEC128_WASM)
static inline ml_f32x4 ml_f32x4_pmax(ml_f32x4 a, ml_f32x4 b) {
  return (ml_f32x4)wasm_f32x4_pmax((v128_t)a, (v128_t)b);
}
static inline ml_f32x4 ml_f32x4_pmin(ml_f32x4 a, ml_f32x4 b) {
  return (ml_f32x4)wasm_f32x4_pmin((v128_t)a, (v128_t)b);
}
static inline ml_f64x2 ml_f64x2_pmax(ml_f64x2 a, ml_f64x2 b) {
  return (ml_f64x2)wasm_f64x2_pmax((v128_t)a, (v128_t)b);
}
static inline ml_f64x2 ml_f64x2_pmin(ml_f64x2 a, ml_f64x2 b) {
  return (ml_f64x2)wasm_f64x2_pmin((v128_t)a, (v128_t)b);
}
static inline int ml_i32x4_any(ml_i32x4 m) { return wasm_v128_any_true((v128_t)m); }
static inline int ml_i64x2_any(ml_i64x2 m) { return wasm_v128_any_true((v128_t)m); }
static inline ml_f64x2 ml_f32x4_promote_lo(ml_f32x4 v) {
  return (ml_f64x2)wasm_f64x2_promote_low_f32x4((v128_t)v);
}
static inline ml_f64x2 ml_f32x4_promote_hi(ml_f32x4 v) {
  return (ml_f64x2)wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle((v128_t)v, (v128_t)v, 2, 3, 2, 3));
}
#elif defined(ML_VEC128_SSE) /* minps(b, a) = b < a ? b : a, maxps(b, a) = b > a ? b : a */
static inline ml_f32x4 ml_f32x4_pmax(ml_f32x4 a, ml_f32x4 b) { return (ml_f32x4)_mm_max_ps((__m128)b, (__m128)a); }
static inline ml_f32x4 ml_f32x4_pmin(ml_f32x4 a, ml_f32x4 b) { return (ml_f32x4)_mm_min_ps((__m128)b, (__m128)a); }
static inline ml_f64x2 ml_f64x2_pmax(ml_f64x2 a, ml_f64x2 b) { return (ml_f64x2)_mm_max_pd((__m128d)b, (__m128d)a); }
static inline ml_f64x2 ml_f64x2_pmin(ml_f64x2 a, ml_f64x2 b) { return (ml_f64x2)_mm_min_pd((__m128d)b, (__m128d)a); }
static inline int ml_i32x4_any(ml_i32x4 m) { return _mm_movemask_ps((__m128)m) != 0; }
static inline int ml_i64x2_any(ml_i64x2 m) { return _mm_movemask_pd((__m128d)m) != 0; }
static inline ml_f64x2 ml_f32x4_promote_lo(ml_f32x4 v) { return (ml_f64x2)_mm_cvtps_pd((__m128)v); }
static inline ml_f64x2 ml_f32x4_promote_hi(ml_f32x4 v) {
  return (ml_f64x2)_mm_cvtps_pd(_mm_movehl_ps((__m128)v, (__m128)v));
}
#else /* ML_VEC128_GENERIC: compare + branch-free blend; lane ORs; scalar conversions */
static inline ml_f32x4 ml_f32x4_pmax(ml_f32x4 a, ml_f32x4 b) {
  return ml_f32x4_select(ML_CMP32(a < b), b, a);
}
static inline ml_f32x4 ml_f32x4_pmin(ml_f32x4 a, ml_f32x4 b) {
  return ml_f32x4_select(ML_CMP32(b < a), b, a);
}
static inline ml_f64x2 ml_f64x2_pmax(ml_f64x2 a, ml_f64x2 b) {
  return ml_f64x2_select(ML_CMP64(a < b), b, a);
}
static inline ml_f64x2 ml_f64x2_pmin(ml_f64x2 a, ml_f64x2 b) {
  return ml_f64x2_select(ML_CMP64(b < a), b, a);
}
static inline int ml_i32x4_any(ml_i32x4 m) { return ((m[0] | m[1]) | (m[2] | m[3])) != 0; }
static inline int ml_i64x2_any(ml_i64x2 m) { return (m[0] | m[1]) != 0; }
static inline ml_f64x2 ml_f32x4_promote_lo(ml_f32x4 v) { return (ml_f64x2){(double)v[0], (double)v[1]}; }
static inline ml_f64x2 ml_f32x4_promote_hi(ml_f32x4 v) { return (ml_f64x2){(double)v[2], (double)v[3]}; }
#endif

/* Horizontal sums (lane order fixed, so results do not depend on the target). */
static inline float ml_f32x4_hsum(ml_f32x4 v) { return (v[0] + v[2]) + (v[1] + v[3]); }
static inline double ml_f64x2_hsum(ml_f64x2 v) { return v[0] + v[1]; }

/* Lane masks for partial vectors: lane i is all ones when i < count. */
static inline ml_i32x4 ml_f32x4_lanes_below(size_t count) {
  const ml_i32x4 iota = {0, 1, 2, 3};
  return ML_CMP32(iota < (int32_t)count);
}
static inline ml_i64x2 ml_f64x2_lanes_below(size_t count) {
  const ml_i64x2 iota = {0, 1};
  return ML_CMP64(iota < (int64_t)count);
}

#endif /* ML_VEC128_H */
