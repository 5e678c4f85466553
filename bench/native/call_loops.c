/*
 * case_call as plain C loops of the same formulas (reduction 'mean'; the options the JS binding's
 * defaults give), written for the compiler to vectorise as wide as this CPU allows: e^x and log1p by
 * float32-grade polynomials inlined in the loop (a call into libm would stop vectorisation), branches as
 * selects, sums through OpenMP SIMD reductions, in double where they run over a whole array. What a C
 * programmer targeting this one CPU would write; bench/js-poly-loops.mjs uses the same polynomials.
 */
#include <math.h>
#include <string.h>

#include "bench_case.h"

#define INLINE static inline __attribute__((always_inline))

/*
 * e^-a for a >= 0: a ln2-reduction e^-a = 2^k e^r with k = round(-a / ln2), |r| <= ln2 / 2, and e^r by a
 * degree-5 polynomial fitted for relative error on that interval (7.6e-8 at most). a is clamped to 87,
 * where e^-a is still a normal float: beyond it every use here adds a term below float32's resolution.
 */
INLINE float exp_neg(float a) {
  a = a < 87.0f ? a : 87.0f;
  const float t = a * -1.44269504f;
  const float k = (t + 12582912.0f) - 12582912.0f; /* round to nearest: 1.5 * 2^23 */
  const float r = -a - k * 0.693359375f - k * -2.12194440e-4f; /* ln2 in two parts: k * hi is exact */
  const float p = 1.00000007f + r * (0.999999693f + r * (0.499988975f + r * (0.166675749f +
                                 r * (0.0419151011f + r * 0.00829752417f))));
  const unsigned bits = (unsigned)((int)k + 127) << 23; /* 2^k, k in [-126, 0] */
  float scale;
  memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

/* log1p(e) for e in [0, 1]: e q(e), q of degree 8 fitted for relative error on [0, 1] (3.1e-8 at most). */
INLINE float log1p_unit(float e) {
  const float q = 0.999999969f + e * (-0.499994909f + e * (0.333190655f + e * (-0.248427935f +
                  e * (0.191054184f + e * (-0.136622261f + e * (0.0782160759f + e * (-0.0295002636f +
                  e * 0.00523168610f)))))));
  return e * q;
}

/* sigmoid(z) from e = e^-|z|: 1 / (1 + e) for z >= 0, e / (1 + e) below. */
INLINE float sigmoid_from(float z, float e) { return (z >= 0.0f ? 1.0f : e) / (1.0f + e); }

/* Sum of softplus(-y x) over the array; gradient -y sigmoid(-y x) / n. */
INLINE double soft_margin(const bench_case *c, int backward) {
  const float *restrict x = c->x, *restrict y = c->yf;
  float *restrict grad = c->grad;
  const float scale = 1.0f / (float)c->n;
  double sum = 0.0;
#pragma omp simd reduction(+ : sum)
  for (size_t i = 0; i < c->n; i++) {
    const float z = -y[i] * x[i];
    const float e = exp_neg(fabsf(z));
    sum += (double)(fmaxf(z, 0.0f) + log1p_unit(e));
    if (backward) grad[i] = -y[i] * scale * sigmoid_from(z, e);
  }
  return sum / (double)c->n;
}

/* BCE with logits, and multi-label soft margin (the same mean over equal rows): softplus(x) - y x, whose
 * gradient is (sigmoid(x) - y) / n. */
INLINE double logistic(const bench_case *c, int backward) {
  const float *restrict x = c->x, *restrict y = c->yf;
  float *restrict grad = c->grad;
  const float scale = 1.0f / (float)c->n;
  double sum = 0.0;
#pragma omp simd reduction(+ : sum)
  for (size_t i = 0; i < c->n; i++) {
    const float e = exp_neg(fabsf(x[i]));
    sum += (double)(fmaxf(x[i], 0.0f) + log1p_unit(e) - y[i] * x[i]);
    if (backward) grad[i] = (sigmoid_from(x[i], e) - y[i]) * scale;
  }
  return sum / (double)c->n;
}

/* The sum over one row of e^(x[k] - max), each term also stored in `terms` unless it is NULL. Not inlined:
 * clang 14 does not vectorise this reduction once it is inlined into the loop over rows. */
static __attribute__((noinline)) float row_exp_sum(const float *restrict x, float *restrict terms, size_t n,
                                                   float max) {
  float sum = 0.0f;
  if (terms) {
#pragma omp simd reduction(+ : sum)
    for (size_t k = 0; k < n; k++) {
      const float e = exp_neg(max - x[k]);
      terms[k] = e;
      sum += e;
    }
  } else {
#pragma omp simd reduction(+ : sum)
    for (size_t k = 0; k < n; k++) sum += exp_neg(max - x[k]);
  }
  return sum;
}

/* Per row: logsumexp - x[target]; gradient (softmax - one-hot) / rows. */
INLINE double cross_entropy(const bench_case *c, int backward) {
  const size_t classes = c->classes;
  const float scale = 1.0f / (float)c->rows;
  double total = 0.0;
  for (size_t r = 0; r < c->rows; r++) {
    const float *restrict xr = c->x + r * classes;
    float *restrict gr = backward ? c->grad + r * classes : NULL;
    const int32_t t = c->yi[r];
    float max = xr[0];
    for (size_t k = 0; k < classes; k++) max = fmaxf(max, xr[k]);
    const float sum = row_exp_sum(xr, gr, classes, max);
    if (backward) {
      const float to_grad = scale / sum;
#pragma omp simd
      for (size_t k = 0; k < classes; k++) gr[k] *= to_grad;
      gr[t] -= scale;
    }
    total += (double)max + log((double)sum) - (double)xr[t];
  }
  return total / (double)c->rows;
}

/* p = 1, margin 1: per row, the sum over i != target of max(0, 1 - x[target] + x[i]), divided by classes. */
INLINE double multi_margin(const bench_case *c, int backward) {
  const size_t classes = c->classes;
  const float scale = 1.0f / (float)(c->rows * classes);
  double total = 0.0;
  for (size_t r = 0; r < c->rows; r++) {
    const float *restrict xr = c->x + r * classes;
    float *restrict gr = c->grad + r * classes;
    const size_t t = (size_t)c->yi[r];
    const float base = 1.0f - xr[t];
    float row = 0.0f, active = 0.0f;
#pragma omp simd reduction(+ : row, active)
    for (size_t k = 0; k < classes; k++) {
      const float z = base + xr[k];
      const float on = (z > 0.0f && k != t) ? 1.0f : 0.0f;
      row += on * z;
      active += on;
      if (backward) gr[k] = on * scale;
    }
    if (backward) gr[t] = -active * scale;
    total += (double)row;
  }
  return total * (double)scale;
}

/* Per row, for each listed target j and each non-target i: max(0, 1 - x[j] + x[i]), divided by classes. */
INLINE double multilabel_margin(const bench_case *c, int backward) {
  const size_t classes = c->classes;
  const float scale = 1.0f / (float)(c->rows * classes);
  uint8_t *restrict is_target = c->workspace;
  double total = 0.0;
  for (size_t r = 0; r < c->rows; r++) {
    const float *restrict xr = c->x + r * classes;
    float *restrict gr = c->grad + r * classes;
    const int32_t *tr = c->yi + r * classes;
    memset(is_target, 0, classes);
    size_t listed = 0;
    while (listed < classes && tr[listed] >= 0) is_target[tr[listed++]] = 1;
    if (backward) memset(gr, 0, classes * sizeof *gr);
    for (size_t k = 0; k < listed; k++) {
      const size_t j = (size_t)tr[k];
      const float base = 1.0f - xr[j];
      float row = 0.0f, active = 0.0f;
#pragma omp simd reduction(+ : row, active)
      for (size_t i = 0; i < classes; i++) {
        const float z = base + xr[i];
        const float on = (z > 0.0f && !is_target[i]) ? 1.0f : 0.0f;
        row += on * z;
        active += on;
        if (backward) gr[i] += on * scale;
      }
      if (backward) gr[j] -= active * scale;
      total += (double)row;
    }
  }
  return total * (double)scale;
}

/* margin 1: x where y = 1, max(0, 1 - x) elsewhere. */
INLINE double hinge_embedding(const bench_case *c, int backward) {
  const float *restrict x = c->x, *restrict y = c->yf;
  float *restrict grad = c->grad;
  const float scale = 1.0f / (float)c->n;
  double sum = 0.0;
#pragma omp simd reduction(+ : sum)
  for (size_t i = 0; i < c->n; i++) {
    const int positive = y[i] == 1.0f;
    const float a = 1.0f - x[i];
    sum += (double)(positive ? x[i] : fmaxf(a, 0.0f));
    if (backward) grad[i] = positive ? scale : (a >= 0.0f ? -scale : 0.0f);
  }
  return sum / (double)c->n;
}

/* margin 0: max(0, -y (x1 - x2)). */
INLINE double margin_ranking(const bench_case *c, int backward) {
  const float *restrict x1 = c->x, *restrict x2 = c->x2, *restrict y = c->yf;
  float *restrict grad = c->grad, *restrict grad2 = c->grad2;
  const float scale = 1.0f / (float)c->n;
  double sum = 0.0;
#pragma omp simd reduction(+ : sum)
  for (size_t i = 0; i < c->n; i++) {
    const float v = -y[i] * (x1[i] - x2[i]);
    sum += (double)fmaxf(v, 0.0f);
    if (backward) {
      const float g = v >= 0.0f ? -y[i] * scale : 0.0f;
      grad[i] = g;
      grad2[i] = -g;
    }
  }
  return sum / (double)c->n;
}

/* margin 0, one label per row: per row s = x1.x2, m1 = |x1|^2 + eps, m2 = |x2|^2 + eps (eps: PyTorch's 1e-12
 * as a float), cos = s / sqrt(m1 m2); 1 - cos for y = 1, max(0, cos) for y = -1. Gradient rows
 * a (x2 / sqrt(m1 m2) - cos x1 / m1) and a (x1 / sqrt(m1 m2) - cos x2 / m2), a = -1/N for y = 1 and 1/N where
 * y = -1 and cos >= 0, else 0 (the same loop writes those zeros). */
INLINE double cosine_embedding(const bench_case *c, int backward) {
  const size_t dim = c->classes;
  const float scale = 1.0f / (float)c->rows;
  double total = 0.0;
  for (size_t r = 0; r < c->rows; r++) {
    const float *restrict x1 = c->x + r * dim, *restrict x2 = c->x2 + r * dim;
    float s = 0.0f, q1 = 0.0f, q2 = 0.0f;
#pragma omp simd reduction(+ : s, q1, q2)
    for (size_t k = 0; k < dim; k++) {
      s += x1[k] * x2[k];
      q1 += x1[k] * x1[k];
      q2 += x2[k] * x2[k];
    }
    const float m1 = q1 + 1e-12f, m2 = q2 + 1e-12f;
    const float inverse = 1.0f / sqrtf(m1 * m2);
    const float cos = s * inverse;
    const float y = c->yf[r];
    float a = 0.0f;
    if (y == 1.0f) {
      total += (double)(1.0f - cos);
      a = -scale;
    } else if (y == -1.0f && cos >= 0.0f) {
      total += (double)cos;
      a = scale;
    }
    if (backward) {
      float *restrict g1 = c->grad + r * dim, *restrict g2 = c->grad2 + r * dim;
      const float k0 = a * inverse, k1 = a * cos / m1, k2 = a * cos / m2;
#pragma omp simd
      for (size_t k = 0; k < dim; k++) {
        g1[k] = k0 * x2[k] - k1 * x1[k];
        g2[k] = k0 * x1[k] - k2 * x2[k];
      }
    }
  }
  return total / (double)c->rows;
}

/* margin 1, p = 2, eps 1e-6, no swap: per row d+ = |a - pos + eps|, d- = |a - neg + eps|, max(0, 1 + d+ - d-).
 * Where that is >= 0, gp = (a - pos + eps) / (N d+), gn = (a - neg + eps) / (N d-), and the gradients
 * gp - gn, -gp, gn (a distance of 0 contributes 0); zeros elsewhere, from the same loop. The differences are
 * formed again in the gradient loop: cheaper than storing and reloading them. */
INLINE double triplet_margin(const bench_case *c, int backward) {
  const size_t dim = c->classes;
  const float scale = 1.0f / (float)c->rows, eps = 1e-6f;
  double total = 0.0;
  for (size_t r = 0; r < c->rows; r++) {
    const float *restrict a = c->x + r * dim, *restrict p = c->x2 + r * dim, *restrict n = c->x3 + r * dim;
    float sp = 0.0f, sn = 0.0f;
#pragma omp simd reduction(+ : sp, sn)
    for (size_t k = 0; k < dim; k++) {
      const float dp = a[k] - p[k] + eps, dn = a[k] - n[k] + eps;
      sp += dp * dp;
      sn += dn * dn;
    }
    const float d_pos = sqrtf(sp), d_neg = sqrtf(sn);
    const float z = 1.0f + d_pos - d_neg;
    total += (double)fmaxf(z, 0.0f);
    if (backward) {
      const float active = z >= 0.0f ? scale : 0.0f;
      const float kp = d_pos > 0.0f ? active / d_pos : 0.0f, kn = d_neg > 0.0f ? active / d_neg : 0.0f;
      float *restrict ga = c->grad + r * dim, *restrict gp = c->grad2 + r * dim, *restrict gn = c->grad3 + r * dim;
#pragma omp simd
      for (size_t k = 0; k < dim; k++) {
        const float to_pos = kp * (a[k] - p[k] + eps), to_neg = kn * (a[k] - n[k] + eps);
        ga[k] = to_pos - to_neg;
        gp[k] = -to_pos;
        gn[k] = to_neg;
      }
    }
  }
  return total / (double)c->rows;
}

static int is(const bench_case *c, const char *name) { return strcmp(c->loss, name) == 0; }

/* Each loss twice, forward only and forward+backward, so `backward` is a constant inside the loops. */
#define BOTH(fn) (backward ? fn(c, 1) : fn(c, 0))

int case_call(const bench_case *c, int backward) {
  double loss;
  if (is(c, "soft_margin")) loss = BOTH(soft_margin);
  else if (is(c, "bce_with_logits") || is(c, "multilabel_soft_margin")) loss = BOTH(logistic);
  else if (is(c, "cross_entropy_index")) loss = BOTH(cross_entropy);
  else if (is(c, "multi_margin")) loss = BOTH(multi_margin);
  else if (is(c, "multilabel_margin")) loss = BOTH(multilabel_margin);
  else if (is(c, "hinge_embedding")) loss = BOTH(hinge_embedding);
  else if (is(c, "margin_ranking")) loss = BOTH(margin_ranking);
  else if (is(c, "cosine_embedding")) loss = BOTH(cosine_embedding);
  else if (is(c, "triplet_margin")) loss = BOTH(triplet_margin);
  else return -1;
  c->loss_out[0] = (float)loss;
  return 0;
}
