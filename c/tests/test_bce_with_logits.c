/*
 * BCEWithLogitsLoss against PyTorch 1.13's verified values (docs/pytorch-compat.md#values-bce-with-logits) and closed forms:
 * loss w*((1-y)x + l_w sp(-x)) with l_w = 1 + (pw-1)y, gradient w*(l_w σ(x) - pw y).
 */
#include <math.h>

#include "check.h"
#include "marginloss.h"

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

static const double basic_none[6] = {0.474077, 0.313262, 0.126928, 0.693147, 0.313262, 2.126928};

/* The verified basic case (docs/pytorch-compat.md#values-bce-with-logits; x, y as for MultiLabelSoftMargin), pos_weight=[1,2,3], per-class and per-element weights. */
#define BASIC_CASE(T, S)                                                                          \
  static void basic_case_##S(void) {                                                            \
    const T x[6] = {0.5, -1, 2, 0, 1, -2}, y[6] = {1, 0, 1, 0, 1, 1};                            \
    const T pw[3] = {1, 2, 3}, w_class[3] = {1, 2, 3}, w_elem[6] = {1, 2, 3, 4, 5, 6};           \
    T loss[6], grad[6], mean, sum;                                                              \
    CHECK(ml_##S##_bce_with_logits(x, y, NULL, 0, NULL, 2, 3, ML_REDUCTION_NONE, NULL, loss,    \
                                   grad) == ML_OK);                                             \
    for (int i = 0; i < 6; i++) {                                                               \
      CHECK_CLOSE(loss[i], basic_none[i], 1e-6);                                                \
      CHECK_CLOSE(grad[i], sigmoid(x[i]) - y[i], 1e-6);                                         \
    }                                                                                           \
    CHECK(ml_##S##_bce_with_logits(x, y, NULL, 0, NULL, 2, 3, ML_REDUCTION_MEAN, NULL, &mean,   \
                                   grad) == ML_OK);                                             \
    CHECK_CLOSE(mean, 0.674601, 1e-6);                                                          \
    for (int i = 0; i < 6; i++) CHECK_CLOSE(grad[i], (sigmoid(x[i]) - y[i]) / 6, 1e-6);         \
    CHECK(ml_##S##_bce_with_logits(x, y, NULL, 0, NULL, 2, 3, ML_REDUCTION_SUM, NULL, &sum,     \
                                   grad) == ML_OK);                                             \
    CHECK_CLOSE(sum, 4.047604, 1e-6);                                                           \
    for (int i = 0; i < 6; i++) CHECK_CLOSE(grad[i], sigmoid(x[i]) - y[i], 1e-6);               \
    const double pw_none[6] = {.474077, .313262, .380784, .693147, .626523, 6.380784};          \
    CHECK(ml_##S##_bce_with_logits(x, y, NULL, 0, pw, 2, 3, ML_REDUCTION_NONE, NULL, loss,      \
                                   grad) == ML_OK);                                             \
    for (int i = 0; i < 6; i++) {                                                               \
      const double p = pw[i % 3], lw = 1 + (p - 1) * y[i];                                      \
      CHECK_CLOSE(loss[i], pw_none[i], 1e-6);                                                   \
      CHECK_CLOSE(grad[i], lw * sigmoid(x[i]) - p * y[i], 1e-6);                                \
    }                                                                                           \
    CHECK(ml_##S##_bce_with_logits(x, y, w_class, 3, NULL, 2, 3, ML_REDUCTION_NONE, NULL, loss, \
                                   grad) == ML_OK);                                             \
    for (int i = 0; i < 6; i++) {                                                               \
      CHECK_CLOSE(loss[i], w_class[i % 3] * basic_none[i], 1e-6);                               \
      CHECK_CLOSE(grad[i], w_class[i % 3] * (sigmoid(x[i]) - y[i]), 1e-6);                      \
    }                                                                                           \
    CHECK(ml_##S##_bce_with_logits(x, y, w_elem, 6, NULL, 2, 3, ML_REDUCTION_NONE, NULL, loss,  \
                                   grad) == ML_OK);                                             \
    double weighted_sum = 0;                                                                    \
    for (int i = 0; i < 6; i++) {                                                               \
      CHECK_CLOSE(loss[i], w_elem[i] * basic_none[i], 1e-6);                                    \
      CHECK_CLOSE(grad[i], w_elem[i] * (sigmoid(x[i]) - y[i]), 1e-6);                           \
      weighted_sum += w_elem[i] * basic_none[i];                                                \
    }                                                                                           \
    /* Weights do not normalise: mean with a weight is sum/numel (verified). */                 \
    CHECK(ml_##S##_bce_with_logits(x, y, w_elem, 6, NULL, 2, 3, ML_REDUCTION_MEAN, NULL, &mean, \
                                   grad) == ML_OK);                                             \
    CHECK_CLOSE(mean, weighted_sum / 6, 1e-6);                                                  \
    for (int i = 0; i < 6; i++) {                                                               \
      CHECK_CLOSE(grad[i], w_elem[i] * (sigmoid(x[i]) - y[i]) / 6, 1e-6);                       \
    }                                                                                           \
    CHECK(ml_##S##_bce_with_logits(x, y, w_class, 3, pw, 2, 3, ML_REDUCTION_SUM, NULL, &sum,    \
                                   NULL) == ML_OK);                                             \
    double both = 0;                                                                            \
    for (int i = 0; i < 6; i++) both += w_class[i % 3] * pw_none[i];                            \
    CHECK_CLOSE(sum, both, 1e-6);                                                               \
  }
BASIC_CASE(float, f32)
BASIC_CASE(double, f64)

/* verified in docs/pytorch-compat.md#bce-with-logits: x = ±1000 on the wrong side gives loss 1000 and grad ±1, in both dtypes. */
static void large_logits_stay_finite(void) {
  const float xf[2] = {1000, -1000}, yf[2] = {0, 1};
  float lf[2], gf[2];
  CHECK(ml_f32_bce_with_logits(xf, yf, NULL, 0, NULL, 1, 2, ML_REDUCTION_NONE, NULL, lf, gf) ==
        ML_OK);
  const double xd[2] = {1000, -1000}, yd[2] = {0, 1};
  double ld[2], gd[2];
  CHECK(ml_f64_bce_with_logits(xd, yd, NULL, 0, NULL, 1, 2, ML_REDUCTION_NONE, NULL, ld, gd) ==
        ML_OK);
  for (int i = 0; i < 2; i++) {
    CHECK_CLOSE(lf[i], 1000, 1e-7);
    CHECK_CLOSE(ld[i], 1000, 1e-15);
  }
  CHECK_CLOSE(gf[0], 1, 1e-7);
  CHECK_CLOSE(gf[1], -1, 1e-7);
  CHECK_CLOSE(gd[0], 1, 1e-15);
  CHECK_CLOSE(gd[1], -1, 1e-15);
}

/* verified in docs/pytorch-compat.md#bce-with-logits NaN/inf table: +inf & y=1 and -inf & y=0 are NaN (0*inf); +inf & y=0 is inf, grad 1. */
static void infinite_logits_follow_torch(void) {
  const double x[4] = {INFINITY, -INFINITY, INFINITY, NAN}, y[4] = {1, 0, 0, 1};
  double loss[4], grad[4];
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 0, NULL, 1, 4, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  CHECK(isnan(loss[0]));
  CHECK(isnan(loss[1]));
  CHECK(loss[2] == INFINITY);
  CHECK(grad[2] == 1);
  CHECK(isnan(loss[3]));
  const float xf[2] = {INFINITY, -INFINITY}, yf[2] = {1, 0};
  float lf[2];
  CHECK(ml_f32_bce_with_logits(xf, yf, NULL, 0, NULL, 1, 2, ML_REDUCTION_NONE, NULL, lf, NULL) ==
        ML_OK);
  CHECK(isnan(lf[0]) && isnan(lf[1]));
}

/* verified in docs/pytorch-compat.md#bce-with-logits: pos_weight only acts on y > 0, so with y = 0 everywhere pw x10 changes nothing. */
static void pos_weight_ignores_negatives(void) {
  const double x[3] = {-2, 0.5, 4}, y[3] = {0, 0, 0}, pw[3] = {10, 10, 10};
  double plain[3], weighted[3], gp[3], gw[3];
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 0, NULL, 1, 3, ML_REDUCTION_NONE, NULL, plain, gp) ==
        ML_OK);
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 0, pw, 1, 3, ML_REDUCTION_NONE, NULL, weighted, gw) ==
        ML_OK);
  for (int i = 0; i < 3; i++) {
    CHECK(plain[i] == weighted[i]);
    CHECK(gp[i] == gw[i]);
    CHECK_CLOSE(plain[i], log1p(exp(x[i])), 1e-15);
  }
}

/* verified in docs/pytorch-compat.md#bce-with-logits misuse: y = -1 gives 2x + sp(-x) with grad σ+1; with pw = 3, ℓ(-20) = -60, grad 3 - σ. */
static void wrong_label_conventions(void) {
  const double x[4] = {-20, -3, 0, 3}, y[4] = {-1, -1, -1, -1};
  const double expected_loss[4] = {-20, -2.951413, 0.693147, 6.048587};
  const double expected_grad[4] = {1, 1.047426, 1.5, 1.952574};
  double loss[4], grad[4];
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 0, NULL, 1, 4, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  for (int i = 0; i < 4; i++) {
    CHECK_CLOSE(loss[i], expected_loss[i], 1e-6);
    CHECK_CLOSE(grad[i], expected_grad[i], 1e-6);
  }
  const double pw3[4] = {3, 3, 3, 3};
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 0, pw3, 1, 4, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  CHECK_CLOSE(loss[0], -60, 1e-6);
  for (int i = 0; i < 4; i++) {
    CHECK_CLOSE(loss[i], 2 * x[i] - log1p(exp(-x[i])), 1e-12);
    CHECK_CLOSE(grad[i], 3 - sigmoid(x[i]), 1e-12);
  }
  /* y = 2: -x + sp(-x), grad σ - 2. */
  const double y2[4] = {2, 2, 2, 2};
  CHECK(ml_f64_bce_with_logits(x, y2, NULL, 0, NULL, 1, 4, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  for (int i = 0; i < 4; i++) {
    CHECK_CLOSE(loss[i], -x[i] + log1p(exp(-x[i])), 1e-12);
    CHECK_CLOSE(grad[i], sigmoid(x[i]) - 2, 1e-12);
  }
  /* Soft label (verified): y = 0.3 at x = 0 gives 0.693147 and grad 0.2. */
  const float xs = 0, ys = 0.3f;
  float ls, gs;
  CHECK(ml_f32_bce_with_logits(&xs, &ys, NULL, 0, NULL, 1, 1, ML_REDUCTION_NONE, NULL, &ls, &gs) ==
        ML_OK);
  CHECK_CLOSE(ls, 0.693147, 1e-6);
  CHECK_CLOSE(gs, 0.2, 1e-6);
}

static void upstream_gradient_scales(void) {
  /* x = 0: σ = 1/2, so grad = (1/2 - y) * upstream. */
  const double x[2] = {0, 0}, y[2] = {1, 0}, g[2] = {2, -3};
  double loss[2], grad[2];
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 0, NULL, 1, 2, ML_REDUCTION_NONE, g, loss, grad) ==
        ML_OK);
  CHECK_CLOSE(grad[0], -0.5 * 2, 1e-15);
  CHECK_CLOSE(grad[1], 0.5 * -3, 1e-15);
  const double g_mean = 4;
  double mean;
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 0, NULL, 1, 2, ML_REDUCTION_MEAN, &g_mean, &mean,
                               grad) == ML_OK);
  CHECK_CLOSE(mean, log(2.0), 1e-15);
  CHECK_CLOSE(grad[0], -0.5 * 4 / 2, 1e-15);
  CHECK_CLOSE(grad[1], 0.5 * 4 / 2, 1e-15);
  const float xf[2] = {0, 0}, yf[2] = {1, 0}, gf = 3;
  float sumf, gradf[2];
  CHECK(ml_f32_bce_with_logits(xf, yf, NULL, 0, NULL, 2, 1, ML_REDUCTION_SUM, &gf, &sumf, gradf) ==
        ML_OK);
  CHECK_CLOSE(sumf, 2 * log(2.0), 1e-7);
  CHECK_CLOSE(gradf[0], -0.5 * 3, 1e-7);
  CHECK_CLOSE(gradf[1], 0.5 * 3, 1e-7);
}

#define SENTINEL 12345.0

static void errors_write_nothing(void) {
  const double x[6] = {0}, y[6] = {0}, w[6] = {1, 1, 1, 1, 1, 1};
  double loss[6], grad[6];
  for (int i = 0; i < 6; i++) loss[i] = grad[i] = SENTINEL;
  CHECK(ml_f64_bce_with_logits(NULL, y, NULL, 0, NULL, 2, 3, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(ml_f64_bce_with_logits(x, NULL, NULL, 0, NULL, 2, 3, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 0, NULL, 2, 3, ML_REDUCTION_NONE, NULL, NULL, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 0, NULL, 2, 3, 3, NULL, loss, grad) ==
        ML_ERR_BAD_REDUCTION);
  /* Weight length must be rows*classes (6) or classes (3): 2 (= rows, no silent broadcast) is not. */
  CHECK(ml_f64_bce_with_logits(x, y, w, 2, NULL, 2, 3, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_BAD_SIZE);
  CHECK(ml_f64_bce_with_logits(x, y, w, 5, NULL, 2, 3, ML_REDUCTION_MEAN, NULL, loss, grad) ==
        ML_ERR_BAD_SIZE);
  CHECK(ml_f64_bce_with_logits(x, y, w, 0, NULL, 2, 3, ML_REDUCTION_SUM, NULL, loss, grad) ==
        ML_ERR_BAD_SIZE);
  const float xf[6] = {0}, yf[6] = {0}, wf[6] = {1, 1, 1, 1, 1, 1};
  float lossf[6], gradf[6];
  for (int i = 0; i < 6; i++) lossf[i] = gradf[i] = (float)SENTINEL;
  CHECK(ml_f32_bce_with_logits(xf, yf, wf, 4, NULL, 2, 3, ML_REDUCTION_NONE, NULL, lossf, gradf) ==
        ML_ERR_BAD_SIZE);
  CHECK(ml_f32_bce_with_logits(xf, yf, NULL, 0, NULL, 2, 3, -1, NULL, lossf, gradf) ==
        ML_ERR_BAD_REDUCTION);
  for (int i = 0; i < 6; i++) {
    CHECK(loss[i] == SENTINEL && grad[i] == SENTINEL);
    CHECK(lossf[i] == (float)SENTINEL && gradf[i] == (float)SENTINEL);
  }
  /* A NULL weight ignores weight_len. */
  CHECK(ml_f64_bce_with_logits(x, y, NULL, 99, NULL, 2, 3, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  CHECK_CLOSE(loss[0], log(2.0), 1e-15);
}

static void empty_batch(void) {
  const double dummy = 0;
  double mean = 0, sum = 1;
  CHECK(ml_f64_bce_with_logits(&dummy, &dummy, NULL, 0, NULL, 0, 3, ML_REDUCTION_MEAN, NULL, &mean,
                               NULL) == ML_OK);
  CHECK(isnan(mean));
  CHECK(ml_f64_bce_with_logits(&dummy, &dummy, NULL, 0, NULL, 0, 3, ML_REDUCTION_SUM, NULL, &sum,
                               NULL) == ML_OK);
  CHECK(sum == 0);
  const float dummyf = 0;
  float meanf = 0;
  CHECK(ml_f32_bce_with_logits(&dummyf, &dummyf, NULL, 0, NULL, 4, 0, ML_REDUCTION_MEAN, NULL,
                               &meanf, NULL) == ML_OK);
  CHECK(isnan(meanf));
}

int main(void) {
  basic_case_f32();
  basic_case_f64();
  large_logits_stay_finite();
  infinite_logits_follow_torch();
  pos_weight_ignores_negatives();
  wrong_label_conventions();
  upstream_gradient_scales();
  errors_write_nothing();
  empty_batch();
  CHECK_DONE();
}
