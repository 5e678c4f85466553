/*
 * CrossEntropyLoss (class indices and class probabilities) against PyTorch 1.13's verified values
 * (docs/pytorch-compat.md#values-cross-entropy) and closed forms: gradient softmax - onehot, smoothed and weighted variants.
 */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "marginloss.h"

/* The verified basic case (docs/pytorch-compat.md#values-cross-entropy): three rows of three logits, targets [1, 2, 0]. */
static const double X[9] = {1, 2, 0.5, 0, -1, 3, 2, 2, 2};
static const int32_t TARGET[3] = {1, 2, 0};
static const double ONE_HOT[9] = {0, 1, 0, 0, 0, 1, 1, 0, 0};
static const double NONE[3] = {0.464369, 0.065884, 1.098612};
static const double NONE_SMOOTHED[3] = {0.547702, 0.299217, 1.098612}; /* label_smoothing 0.1 */

/* softmax of row r of X, class c (closed form). */
static double softmax(int r, int c) {
  const double *x = X + 3 * r;
  return exp(x[c]) / (exp(x[0]) + exp(x[1]) + exp(x[2]));
}

/* The unweighted, unsmoothed gradient softmax - onehot at flat index i of the basic case. */
static double plain_grad(int i) { return softmax(i / 3, i % 3) - ONE_HOT[i]; }

#define BASIC_CASE(T, S)                                                                          \
  static void basic_case_##S(void) {                                                            \
    T x[9], p[9], loss[3], grad[9], mean, sum;                                                  \
    const T w[3] = {1, 2, 4};                                                                   \
    for (int i = 0; i < 9; i++) x[i] = (T)X[i], p[i] = (T)ONE_HOT[i];                           \
    /* Index mode, every reduction: gradient softmax - onehot, ÷3 for mean. */                  \
    CHECK(ml_##S##_cross_entropy_index(x, TARGET, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_NONE,  \
                                       NULL, loss, grad) == ML_OK);                             \
    for (int r = 0; r < 3; r++) {                                                               \
      CHECK_CLOSE(loss[r], NONE[r], 1e-6);                                                      \
      for (int c = 0; c < 3; c++) CHECK_CLOSE(grad[3 * r + c], plain_grad(3 * r + c), 1e-6);      \
    }                                                                                           \
    CHECK(ml_##S##_cross_entropy_index(x, TARGET, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_MEAN,  \
                                       NULL, &mean, grad) == ML_OK);                            \
    CHECK_CLOSE(mean, 0.542955, 1e-6);                                                          \
    for (int i = 0; i < 9; i++) CHECK_CLOSE(grad[i], plain_grad(i) / 3, 1e-6);                 \
    CHECK(ml_##S##_cross_entropy_index(x, TARGET, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_SUM,   \
                                       NULL, &sum, grad) == ML_OK);                             \
    CHECK_CLOSE(sum, NONE[0] + NONE[1] + NONE[2], 1e-6);                                        \
    for (int i = 0; i < 9; i++) CHECK_CLOSE(grad[i], plain_grad(i), 1e-6);                     \
    /* Weighted mean divides by the target weights 2 + 4 + 1 = 7 (verified 0.327269). */        \
    CHECK(ml_##S##_cross_entropy_index(x, TARGET, w, 3, 3, 1, -100, 0.0, ML_REDUCTION_MEAN,     \
                                       NULL, &mean, grad) == ML_OK);                            \
    CHECK_CLOSE(mean, 0.327269, 1e-6);                                                          \
    for (int i = 0; i < 9; i++) {                                                               \
      const double w_y = w[TARGET[i / 3]];                                                      \
      CHECK_CLOSE(grad[i], w_y * plain_grad(i) / 7, 1e-6);               \
    }                                                                                           \
    /* Smoothing 0.1, no weight: gradient 0.9(softmax - onehot) + (0.1/3)(3 softmax - 1). */    \
    CHECK(ml_##S##_cross_entropy_index(x, TARGET, NULL, 3, 3, 1, -100, 0.1, ML_REDUCTION_NONE,  \
                                       NULL, loss, grad) == ML_OK);                             \
    for (int i = 0; i < 9; i++) {                                                               \
      if (i % 3 == 0) CHECK_CLOSE(loss[i / 3], NONE_SMOOTHED[i / 3], 1e-6);                     \
      CHECK_CLOSE(grad[i], softmax(i / 3, i % 3) - 0.9 * ONE_HOT[i] - 0.1 / 3, 1e-6);           \
    }                                                                                           \
    /* Probability mode: a one-hot target matches index mode without a weight (0.542955) ... */ \
    CHECK(ml_##S##_cross_entropy_prob(x, p, NULL, 3, 3, 1, 0.0, ML_REDUCTION_MEAN, NULL, &mean, \
                                      grad) == ML_OK);                                          \
    CHECK_CLOSE(mean, 0.542955, 1e-6);                                                          \
    for (int i = 0; i < 9; i++) CHECK_CLOSE(grad[i], plain_grad(i) / 3, 1e-6);                 \
    /* ... but with weight=[1,2,4] the mean is over rows, not weights (verified 0.763628). */    \
    CHECK(ml_##S##_cross_entropy_prob(x, p, w, 3, 3, 1, 0.0, ML_REDUCTION_MEAN, NULL, &mean,    \
                                      grad) == ML_OK);                                          \
    CHECK_CLOSE(mean, 0.763628, 1e-6);                                                          \
    for (int i = 0; i < 9; i++) {                                                               \
      const double w_y = w[TARGET[i / 3]];                                                      \
      CHECK_CLOSE(grad[i], w_y * plain_grad(i) / 3, 1e-6);               \
    }                                                                                           \
    CHECK(ml_##S##_cross_entropy_prob(x, p, w, 3, 3, 1, 0.0, ML_REDUCTION_SUM, NULL, &sum,      \
                                      NULL) == ML_OK);                                          \
    CHECK_CLOSE(sum, 3 * 0.763628, 3e-6);                                                       \
    /* Verified: without a weight, smoothing equals the target (1-ε)onehot + ε/C. */            \
    CHECK(ml_##S##_cross_entropy_prob(x, p, NULL, 3, 3, 1, 0.1, ML_REDUCTION_NONE, NULL, loss,  \
                                      grad) == ML_OK);                                          \
    for (int i = 0; i < 9; i++) {                                                               \
      if (i % 3 == 0) CHECK_CLOSE(loss[i / 3], NONE_SMOOTHED[i / 3], 1e-6);                     \
      CHECK_CLOSE(grad[i], softmax(i / 3, i % 3) - 0.9 * ONE_HOT[i] - 0.1 / 3, 1e-6);           \
    }                                                                                           \
    for (int i = 0; i < 9; i++) p[i] = (T)(0.9 * ONE_HOT[i] + 0.1 / 3);                         \
    CHECK(ml_##S##_cross_entropy_prob(x, p, NULL, 3, 3, 1, 0.0, ML_REDUCTION_NONE, NULL, loss,  \
                                      NULL) == ML_OK);                                          \
    for (int r = 0; r < 3; r++) CHECK_CLOSE(loss[r], NONE_SMOOTHED[r], 1e-6);                   \
  }
BASIC_CASE(float, f32)
BASIC_CASE(double, f64)

/* Hand-derived smoothing + weight + mean: equal logits (q = -log 2), C = 2, w = [1, 3], ε = 0.5. */
static void smoothing_with_weight_normalises_both_terms(void) {
  const double x[4] = {0, 0, 0, 0}, w[2] = {1, 3};
  const int32_t t[2] = {0, 1};
  double loss[2], grad[4], mean, sum;
  /* Row 0: 0.5*1*log2 + 0.25*(1+3)*log2 = 1.5 log2; row 1: 0.5*3*log2 + log2 = 2.5 log2. */
  CHECK(ml_f64_cross_entropy_index(x, t, w, 2, 2, 1, -100, 0.5, ML_REDUCTION_NONE, NULL, loss,
                                   grad) == ML_OK);
  CHECK_CLOSE(loss[0], 1.5 * log(2.0), 1e-15);
  CHECK_CLOSE(loss[1], 2.5 * log(2.0), 1e-15);
  /* Gradient 0.5 w_y (1/2 - [c=y]) + 0.25 (4/2 - w_c): row 0 [0, 0], row 1 [1, -1]. */
  CHECK_CLOSE(grad[0], 0, 1e-15);
  CHECK_CLOSE(grad[1], 0, 1e-15);
  CHECK_CLOSE(grad[2], 1, 1e-15);
  CHECK_CLOSE(grad[3], -1, 1e-15);
  /* Mean divides both terms by w[0] + w[1] = 4. */
  CHECK(ml_f64_cross_entropy_index(x, t, w, 2, 2, 1, -100, 0.5, ML_REDUCTION_MEAN, NULL, &mean,
                                   grad) == ML_OK);
  CHECK_CLOSE(mean, log(2.0), 1e-15);
  CHECK_CLOSE(grad[2], 0.25, 1e-15);
  CHECK_CLOSE(grad[3], -0.25, 1e-15);
  CHECK(ml_f64_cross_entropy_index(x, t, w, 2, 2, 1, -100, 0.5, ML_REDUCTION_SUM, NULL, &sum,
                                   NULL) == ML_OK);
  CHECK_CLOSE(sum, 4 * log(2.0), 1e-15);
  /* ε = 1 is allowed: the uniform target, (1/C) Σ_c -w_c q_c = 2 log2 for both rows. */
  CHECK(ml_f64_cross_entropy_index(x, t, w, 2, 2, 1, -100, 1.0, ML_REDUCTION_NONE, NULL, loss,
                                   NULL) == ML_OK);
  CHECK_CLOSE(loss[0], 2 * log(2.0), 1e-15);
  CHECK_CLOSE(loss[1], 2 * log(2.0), 1e-15);
}

/* verified in docs/pytorch-compat.md#cross-entropy: logits ±1000 give the finite loss 2000; softmax [0, 1] gives grad [-1, 1]. */
static void large_logits_stay_finite(void) {
  const float xf[2] = {-1000, 1000}, pf[2] = {1, 0};
  const double xd[2] = {-1000, 1000};
  const int32_t t[1] = {0};
  float lf, gf[2];
  double ld, gd[2];
  CHECK(ml_f32_cross_entropy_index(xf, t, NULL, 1, 2, 1, -100, 0.0, ML_REDUCTION_MEAN, NULL, &lf,
                                   gf) == ML_OK);
  CHECK_CLOSE(lf, 2000, 1e-7);
  CHECK_CLOSE(gf[0], -1, 1e-7);
  CHECK_CLOSE(gf[1], 1, 1e-7);
  CHECK(ml_f64_cross_entropy_index(xd, t, NULL, 1, 2, 1, -100, 0.0, ML_REDUCTION_NONE, NULL, &ld,
                                   gd) == ML_OK);
  CHECK_CLOSE(ld, 2000, 1e-15);
  CHECK_CLOSE(gd[0], -1, 1e-15);
  CHECK_CLOSE(gd[1], 1, 1e-15);
  CHECK(ml_f32_cross_entropy_prob(xf, pf, NULL, 1, 2, 1, 0.0, ML_REDUCTION_SUM, NULL, &lf, gf) ==
        ML_OK);
  CHECK_CLOSE(lf, 2000, 1e-7);
  CHECK_CLOSE(gf[0], -1, 1e-7);
  CHECK_CLOSE(gf[1], 1, 1e-7);
}

/* -inf logits: without smoothing a -inf non-target class is just probability 0 (loss 0 here). With a
 * probability target p = 0 at the -inf logit the loss is 0*(-inf) = NaN as in torch (verified), while
 * the gradient stays finite: softmax over the finite logits minus p. */
static void negative_infinite_logits(void) {
  const double x[2] = {-INFINITY, 0};
  const int32_t t[1] = {1};
  double loss, grad[2];
  CHECK(ml_f64_cross_entropy_index(x, t, NULL, 1, 2, 1, -100, 0.0, ML_REDUCTION_NONE, NULL, &loss,
                                   grad) == ML_OK);
  CHECK(loss == 0);
  CHECK(grad[0] == 0 && grad[1] == 0);
  const double x3[3] = {-INFINITY, 0, 1}, p3[3] = {0, 0.5, 0.5};
  double grad3[3];
  CHECK(ml_f64_cross_entropy_prob(x3, p3, NULL, 1, 3, 1, 0.0, ML_REDUCTION_NONE, NULL, &loss,
                                  grad3) == ML_OK);
  CHECK(isnan(loss));
  CHECK(grad3[0] == 0);
  CHECK_CLOSE(grad3[1], 1 / (1 + exp(1.0)) - 0.5, 1e-15);
  CHECK_CLOSE(grad3[2], exp(1.0) / (1 + exp(1.0)) - 0.5, 1e-15);
  const float x3f[3] = {-INFINITY, 0, 1}, p3f[3] = {0, 0.5f, 0.5f};
  float lossf, grad3f[3];
  CHECK(ml_f32_cross_entropy_prob(x3f, p3f, NULL, 1, 3, 1, 0.0, ML_REDUCTION_MEAN, NULL, &lossf,
                                  grad3f) == ML_OK);
  CHECK(isnan(lossf));
  CHECK(grad3f[0] == 0 && isfinite(grad3f[1]) && isfinite(grad3f[2]));
}

/* docs/pytorch-compat.md#cross-entropy / docs/pytorch-compat.md#edge-39, docs/pytorch-compat.md#edge-47: ignored positions give loss 0 and gradient 0; all ignored gives NaN mean, 0 sum. */
static void ignore_index(void) {
  double loss[3], grad[9], mean, sum;
  const int32_t all_ignored[3] = {-100, -100, -100};
  for (int i = 0; i < 9; i++) grad[i] = 12345;
  CHECK(ml_f64_cross_entropy_index(X, all_ignored, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_MEAN,
                                   NULL, &mean, grad) == ML_OK);
  CHECK(isnan(mean));
  for (int i = 0; i < 9; i++) CHECK(grad[i] == 0);
  for (int i = 0; i < 9; i++) grad[i] = 12345;
  CHECK(ml_f64_cross_entropy_index(X, all_ignored, NULL, 3, 3, 1, -100, 0.1, ML_REDUCTION_MEAN,
                                   NULL, &mean, grad) == ML_OK);
  CHECK(isnan(mean));
  for (int i = 0; i < 9; i++) CHECK(grad[i] == 0);
  CHECK(ml_f64_cross_entropy_index(X, all_ignored, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_SUM,
                                   NULL, &sum, grad) == ML_OK);
  CHECK(sum == 0);
  /* ignore_index 255 (out of range) is honoured; ignore_index 1 (a valid class) ignores class 1. */
  const int32_t t255[3] = {255, 2, 0};
  CHECK(ml_f64_cross_entropy_index(X, t255, NULL, 3, 3, 1, 255, 0.0, ML_REDUCTION_NONE, NULL, loss,
                                   grad) == ML_OK);
  CHECK(loss[0] == 0);
  CHECK_CLOSE(loss[1], NONE[1], 1e-6);
  CHECK_CLOSE(loss[2], NONE[2], 1e-6);
  for (int c = 0; c < 3; c++) CHECK(grad[c] == 0);
  const float xf[9] = {1, 2, 0.5f, 0, -1, 3, 2, 2, 2}, wf[3] = {1, 2, 4};
  float meanf, gradf[9];
  CHECK(ml_f32_cross_entropy_index(xf, TARGET, wf, 3, 3, 1, 1, 0.0, ML_REDUCTION_MEAN, NULL,
                                   &meanf, gradf) == ML_OK);
  /* Row 0 (target 1) ignored: (4*0.065884 + 1*1.098612) / (4 + 1). */
  CHECK_CLOSE(meanf, (4 * NONE[1] + NONE[2]) / 5, 1e-6);
  for (int c = 0; c < 3; c++) CHECK(gradf[c] == 0);
  for (int c = 0; c < 3; c++) {
    CHECK_CLOSE(gradf[3 + c], 4 * (softmax(1, c) - ONE_HOT[3 + c]) / 5, 1e-6);
    CHECK_CLOSE(gradf[6 + c], (softmax(2, c) - ONE_HOT[6 + c]) / 5, 1e-6);
  }
}

/*
 * K-dim input (batch 2, classes 3, inner 2) holding the four rows of a 2-D problem: input[b][c][k] is
 * row 2b+k of the 2-D input. Every output must equal the 2-D call's, permuted the same way.
 */
#define K_DIM_CASE(T, S)                                                                          \
  static void k_dim_matches_permuted_2d_##S(void) {                                             \
    const T x2[12] = {1, 2, 0.5, 0, -1, 3, 2, 2, 2, -0.5, 1.5, 0.25};                             \
    const T p2[12] = {(T)0.2, 0.5, (T)0.3, 0, 0, 1, 1, 0, 0, (T)0.1, (T)0.1, (T)0.8};            \
    const T w[3] = {1, 2, 4}, g2[4] = {1, -2, 0.5, 3};                                          \
    const int32_t t2[4] = {1, 2, -100, 0};                                                      \
    T xk[12], pk[12], gk[4];                                                                    \
    int32_t tk[4];                                                                              \
    for (int b = 0; b < 2; b++)                                                                 \
      for (int k = 0; k < 2; k++) {                                                             \
        tk[b * 2 + k] = t2[2 * b + k];                                                          \
        gk[b * 2 + k] = g2[2 * b + k];                                                          \
        for (int c = 0; c < 3; c++) {                                                           \
          xk[(b * 3 + c) * 2 + k] = x2[(2 * b + k) * 3 + c];                                    \
          pk[(b * 3 + c) * 2 + k] = p2[(2 * b + k) * 3 + c];                                    \
        }                                                                                       \
      }                                                                                         \
    T l2[4], lk[4], d2[12], dk[12], m2, mk;                                                     \
    for (int smoothing = 0; smoothing < 2; smoothing++) {                                       \
      const double eps = smoothing ? 0.2 : 0.0;                                                 \
      CHECK(ml_##S##_cross_entropy_index(x2, t2, w, 4, 3, 1, -100, eps, ML_REDUCTION_NONE, g2, \
                                         l2, d2) == ML_OK);                                     \
      CHECK(ml_##S##_cross_entropy_index(xk, tk, w, 2, 3, 2, -100, eps, ML_REDUCTION_NONE, gk, \
                                         lk, dk) == ML_OK);                                     \
      CHECK(lk[2] == 0); /* the ignored position (b=1, k=0) */                                 \
      for (int b = 0; b < 2; b++)                                                               \
        for (int k = 0; k < 2; k++) {                                                           \
          CHECK_CLOSE(lk[b * 2 + k], l2[2 * b + k], 1e-6);                                      \
          for (int c = 0; c < 3; c++)                                                           \
            CHECK_CLOSE(dk[(b * 3 + c) * 2 + k], d2[(2 * b + k) * 3 + c], 1e-6);                \
        }                                                                                       \
      CHECK(ml_##S##_cross_entropy_index(x2, t2, w, 4, 3, 1, -100, eps, ML_REDUCTION_MEAN, g2, \
                                         &m2, d2) == ML_OK);                                    \
      CHECK(ml_##S##_cross_entropy_index(xk, tk, w, 2, 3, 2, -100, eps, ML_REDUCTION_MEAN, g2, \
                                         &mk, dk) == ML_OK);                                    \
      CHECK_CLOSE(mk, m2, 1e-6);                                                                \
      for (int b = 0; b < 2; b++)                                                               \
        for (int k = 0; k < 2; k++)                                                             \
          for (int c = 0; c < 3; c++)                                                           \
            CHECK_CLOSE(dk[(b * 3 + c) * 2 + k], d2[(2 * b + k) * 3 + c], 1e-6);                \
      CHECK(ml_##S##_cross_entropy_prob(x2, p2, w, 4, 3, 1, eps, ML_REDUCTION_NONE, g2, l2, d2) \
            == ML_OK);                                                                          \
      CHECK(ml_##S##_cross_entropy_prob(xk, pk, w, 2, 3, 2, eps, ML_REDUCTION_NONE, gk, lk, dk) \
            == ML_OK);                                                                          \
      for (int b = 0; b < 2; b++)                                                               \
        for (int k = 0; k < 2; k++) {                                                           \
          CHECK_CLOSE(lk[b * 2 + k], l2[2 * b + k], 1e-6);                                      \
          for (int c = 0; c < 3; c++)                                                           \
            CHECK_CLOSE(dk[(b * 3 + c) * 2 + k], d2[(2 * b + k) * 3 + c], 1e-6);                \
        }                                                                                       \
      CHECK(ml_##S##_cross_entropy_prob(x2, p2, w, 4, 3, 1, eps, ML_REDUCTION_SUM, g2, &m2, d2) \
            == ML_OK);                                                                          \
      CHECK(ml_##S##_cross_entropy_prob(xk, pk, w, 2, 3, 2, eps, ML_REDUCTION_SUM, g2, &mk, dk) \
            == ML_OK);                                                                          \
      CHECK_CLOSE(mk, m2, 1e-6);                                                                \
    }                                                                                           \
  }
K_DIM_CASE(float, f32)
K_DIM_CASE(double, f64)

/* K-dim against a closed form: every logit 0 so q = -log 3, inner 2, the first position ignored. */
static void k_dim_closed_form(void) {
  const double x[12] = {0};
  const int32_t t[4] = {-100, 2, 0, 1};
  double loss[4], grad[12], mean;
  CHECK(ml_f64_cross_entropy_index(x, t, NULL, 2, 3, 2, -100, 0.0, ML_REDUCTION_NONE, NULL, loss,
                                   grad) == ML_OK);
  CHECK(loss[0] == 0);
  for (int i = 1; i < 4; i++) CHECK_CLOSE(loss[i], log(3.0), 1e-15);
  /* grad[b][c][k] = 1/3 - [c = t[b][k]], 0 at the ignored position (b=0, k=0). */
  for (int b = 0; b < 2; b++)
    for (int c = 0; c < 3; c++)
      for (int k = 0; k < 2; k++) {
        const int32_t y = t[b * 2 + k];
        const double expected = y == -100 ? 0 : 1.0 / 3 - (c == y);
        CHECK_CLOSE(grad[(b * 3 + c) * 2 + k], expected, 1e-15);
      }
  CHECK(ml_f64_cross_entropy_index(x, t, NULL, 2, 3, 2, -100, 0.0, ML_REDUCTION_MEAN, NULL, &mean,
                                   NULL) == ML_OK);
  CHECK_CLOSE(mean, log(3.0), 1e-15);
}

static void upstream_gradient_scales(void) {
  /* Logits [0, 0], target 0: softmax - onehot = [-1/2, 1/2]. */
  const double x[4] = {0, 0, 0, 0}, p[4] = {1, 0, 0, 1}, g[2] = {2, -3}, w[2] = {3, 1};
  const int32_t t[2] = {0, 1};
  double loss[2], grad[4], mean;
  CHECK(ml_f64_cross_entropy_index(x, t, NULL, 2, 2, 1, -100, 0.0, ML_REDUCTION_NONE, g, loss,
                                   grad) == ML_OK);
  CHECK_CLOSE(grad[0], -0.5 * 2, 1e-15);
  CHECK_CLOSE(grad[1], 0.5 * 2, 1e-15);
  CHECK_CLOSE(grad[2], 0.5 * -3, 1e-15);
  CHECK_CLOSE(grad[3], -0.5 * -3, 1e-15);
  CHECK(ml_f64_cross_entropy_prob(x, p, NULL, 2, 2, 1, 0.0, ML_REDUCTION_NONE, g, loss, grad) ==
        ML_OK);
  CHECK_CLOSE(grad[0], -0.5 * 2, 1e-15);
  CHECK_CLOSE(grad[3], -0.5 * -3, 1e-15);
  /* Weighted mean with upstream 4: w_y (softmax - onehot) * 4 / (3 + 1). */
  const double g4 = 4;
  CHECK(ml_f64_cross_entropy_index(x, t, w, 2, 2, 1, -100, 0.0, ML_REDUCTION_MEAN, &g4, &mean,
                                   grad) == ML_OK);
  CHECK_CLOSE(mean, log(2.0), 1e-15);
  CHECK_CLOSE(grad[0], 3 * -0.5 * 4 / 4, 1e-15);
  CHECK_CLOSE(grad[3], 1 * -0.5 * 4 / 4, 1e-15);
  /* Probability mode mean divides by positions (2), not weights. */
  CHECK(ml_f64_cross_entropy_prob(x, p, w, 2, 2, 1, 0.0, ML_REDUCTION_MEAN, &g4, &mean, grad) ==
        ML_OK);
  CHECK_CLOSE(mean, (3 + 1) * log(2.0) / 2, 1e-15);
  CHECK_CLOSE(grad[0], 3 * -0.5 * 4 / 2, 1e-15);
  CHECK_CLOSE(grad[3], 1 * -0.5 * 4 / 2, 1e-15);
  const float xf[2] = {0, 0}, gf = -2;
  const int32_t tf[1] = {1};
  float sumf, gradf[2];
  CHECK(ml_f32_cross_entropy_index(xf, tf, NULL, 1, 2, 1, -100, 0.0, ML_REDUCTION_SUM, &gf, &sumf,
                                   gradf) == ML_OK);
  CHECK_CLOSE(sumf, log(2.0), 1e-7);
  CHECK_CLOSE(gradf[0], 0.5 * -2, 1e-7);
  CHECK_CLOSE(gradf[1], -0.5 * -2, 1e-7);
}

#define SENTINEL 12345.0

static void errors_write_nothing(void) {
  double loss[3], grad[9], p[9];
  float lossf[3], gradf[9];
  const float xf[9] = {0};
  for (int i = 0; i < 9; i++) {
    grad[i] = SENTINEL, gradf[i] = (float)SENTINEL, p[i] = ONE_HOT[i];
    if (i < 3) loss[i] = SENTINEL, lossf[i] = (float)SENTINEL;
  }
  const int32_t last_bad[3] = {1, 2, 3}, negative[3] = {0, -1, 2};
  CHECK(ml_f64_cross_entropy_index(NULL, TARGET, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_NONE, NULL,
                                   loss, grad) == ML_ERR_NULL_POINTER);
  CHECK(ml_f64_cross_entropy_index(X, NULL, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_NONE, NULL,
                                   loss, grad) == ML_ERR_NULL_POINTER);
  CHECK(ml_f64_cross_entropy_index(X, TARGET, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_NONE, NULL,
                                   NULL, grad) == ML_ERR_NULL_POINTER);
  CHECK(ml_f64_cross_entropy_index(X, TARGET, NULL, 3, 3, 1, -100, 0.0, 3, NULL, loss, grad) ==
        ML_ERR_BAD_REDUCTION);
  CHECK(ml_f64_cross_entropy_index(X, TARGET, NULL, 3, 0, 1, -100, 0.0, ML_REDUCTION_NONE, NULL,
                                   loss, grad) == ML_ERR_BAD_SIZE);
  /* The out-of-range target is the last one: the pre-pass must catch it before row 0 is written. */
  CHECK(ml_f64_cross_entropy_index(X, last_bad, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_NONE, NULL,
                                   loss, grad) == ML_ERR_TARGET_OUT_OF_RANGE);
  CHECK(ml_f64_cross_entropy_index(X, negative, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_NONE, NULL,
                                   loss, grad) == ML_ERR_TARGET_OUT_OF_RANGE);
  CHECK(ml_f32_cross_entropy_index(xf, last_bad, NULL, 3, 3, 1, -100, 0.0, ML_REDUCTION_MEAN, NULL,
                                   lossf, gradf) == ML_ERR_TARGET_OUT_OF_RANGE);
  const double bad_smoothing[3] = {1.5, -0.5, NAN};
  for (int i = 0; i < 3; i++) {
    CHECK(ml_f64_cross_entropy_index(X, TARGET, NULL, 3, 3, 1, -100, bad_smoothing[i],
                                     ML_REDUCTION_NONE, NULL, loss, grad) ==
          ML_ERR_BAD_LABEL_SMOOTHING);
    CHECK(ml_f64_cross_entropy_prob(X, p, NULL, 3, 3, 1, bad_smoothing[i], ML_REDUCTION_NONE, NULL,
                                    loss, grad) == ML_ERR_BAD_LABEL_SMOOTHING);
    CHECK(ml_f32_cross_entropy_index(xf, TARGET, NULL, 3, 3, 1, -100, bad_smoothing[i],
                                     ML_REDUCTION_SUM, NULL, lossf, gradf) ==
          ML_ERR_BAD_LABEL_SMOOTHING);
  }
  CHECK(ml_f64_cross_entropy_prob(NULL, p, NULL, 3, 3, 1, 0.0, ML_REDUCTION_NONE, NULL, loss,
                                  grad) == ML_ERR_NULL_POINTER);
  CHECK(ml_f64_cross_entropy_prob(X, NULL, NULL, 3, 3, 1, 0.0, ML_REDUCTION_NONE, NULL, loss,
                                  grad) == ML_ERR_NULL_POINTER);
  CHECK(ml_f64_cross_entropy_prob(X, p, NULL, 3, 3, 1, 0.0, ML_REDUCTION_NONE, NULL, NULL, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(ml_f64_cross_entropy_prob(X, p, NULL, 3, 3, 1, 0.0, -1, NULL, loss, grad) ==
        ML_ERR_BAD_REDUCTION);
  CHECK(ml_f64_cross_entropy_prob(X, p, NULL, 1, 0, 3, 0.0, ML_REDUCTION_MEAN, NULL, loss, grad) ==
        ML_ERR_BAD_SIZE);
  CHECK(ml_f32_cross_entropy_prob(xf, xf, NULL, 3, 0, 1, 0.0, ML_REDUCTION_SUM, NULL, lossf,
                                  gradf) == ML_ERR_BAD_SIZE);
  for (int i = 0; i < 9; i++) {
    CHECK(grad[i] == SENTINEL && gradf[i] == (float)SENTINEL);
    if (i < 3) CHECK(loss[i] == SENTINEL && lossf[i] == (float)SENTINEL);
  }
}

static void empty_batch(void) {
  const double dummy = 0;
  const int32_t target = 0;
  double mean = 0, sum = 1;
  CHECK(ml_f64_cross_entropy_index(&dummy, &target, NULL, 0, 3, 1, -100, 0.0, ML_REDUCTION_MEAN,
                                   NULL, &mean, NULL) == ML_OK);
  CHECK(isnan(mean));
  CHECK(ml_f64_cross_entropy_index(&dummy, &target, NULL, 0, 3, 1, -100, 0.0, ML_REDUCTION_SUM,
                                   NULL, &sum, NULL) == ML_OK);
  CHECK(sum == 0);
  mean = 0;
  CHECK(ml_f64_cross_entropy_prob(&dummy, &dummy, NULL, 2, 3, 0, 0.1, ML_REDUCTION_MEAN, NULL,
                                  &mean, NULL) == ML_OK);
  CHECK(isnan(mean));
  /* classes 0 is fine when there are no positions. */
  CHECK(ml_f64_cross_entropy_index(&dummy, &target, NULL, 0, 0, 4, -100, 0.5, ML_REDUCTION_SUM,
                                   NULL, &sum, NULL) == ML_OK);
  CHECK(sum == 0);
  const float dummyf = 0;
  float meanf = 0;
  CHECK(ml_f32_cross_entropy_prob(&dummyf, &dummyf, NULL, 0, 0, 1, 0.0, ML_REDUCTION_MEAN, NULL,
                                  &meanf, NULL) == ML_OK);
  CHECK(isnan(meanf));
}

int main(void) {
  basic_case_f32();
  basic_case_f64();
  smoothing_with_weight_normalises_both_terms();
  large_logits_stay_finite();
  negative_infinite_logits();
  ignore_index();
  k_dim_matches_permuted_2d_f32();
  k_dim_matches_permuted_2d_f64();
  k_dim_closed_form();
  upstream_gradient_scales();
  errors_write_nothing();
  empty_batch();
  CHECK_DONE();
}
