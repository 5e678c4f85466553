/*
 * MultiLabelSoftMarginLoss against PyTorch 1.13's verified values (docs/pytorch-compat.md#values-multilabel-soft-margin) and closed forms:
 * row loss = mean over classes of w*(y*sp(-x) + (1-y)*sp(x)), gradient w*(σ(x) - y)/C.
 */
#include <math.h>

#include "check.h"
#include "marginloss.h"

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

/* The verified basic case (docs/pytorch-compat.md#values-multilabel-soft-margin), with and without weight=[1,2,3], every reduction, float32 and float64. */
#define BASIC_CASE(T, S)                                                                          \
  static void basic_case_##S(void) {                                                            \
    const T x[6] = {0.5, -1, 2, 0, 1, -2}, y[6] = {1, 0, 1, 0, 1, 1}, w[3] = {1, 2, 3};          \
    T loss[2], grad[6], mean, sum;                                                              \
    CHECK(ml_##S##_multilabel_soft_margin(x, y, NULL, 2, 3, ML_REDUCTION_NONE, NULL, loss,      \
                                          grad) == ML_OK);                                      \
    CHECK_CLOSE(loss[0], 0.304756, 1e-6);                                                       \
    CHECK_CLOSE(loss[1], 1.044446, 1e-6);                                                       \
    for (int i = 0; i < 6; i++) CHECK_CLOSE(grad[i], (sigmoid(x[i]) - y[i]) / 3, 1e-6);         \
    CHECK(ml_##S##_multilabel_soft_margin(x, y, NULL, 2, 3, ML_REDUCTION_MEAN, NULL, &mean,     \
                                          grad) == ML_OK);                                      \
    CHECK_CLOSE(mean, 0.674601, 1e-6);                                                          \
    for (int i = 0; i < 6; i++) CHECK_CLOSE(grad[i], (sigmoid(x[i]) - y[i]) / 6, 1e-6);         \
    CHECK(ml_##S##_multilabel_soft_margin(x, y, NULL, 2, 3, ML_REDUCTION_SUM, NULL, &sum,       \
                                          grad) == ML_OK);                                      \
    CHECK_CLOSE(sum, 1.349201, 1e-6);                                                           \
    for (int i = 0; i < 6; i++) CHECK_CLOSE(grad[i], (sigmoid(x[i]) - y[i]) / 3, 1e-6);         \
    CHECK(ml_##S##_multilabel_soft_margin(x, y, w, 2, 3, ML_REDUCTION_NONE, NULL, loss, grad) == \
          ML_OK);                                                                               \
    CHECK_CLOSE(loss[0], 0.493795, 1e-6);                                                       \
    CHECK_CLOSE(loss[1], 2.566818, 1e-6);                                                       \
    for (int i = 0; i < 6; i++) {                                                               \
      CHECK_CLOSE(grad[i], w[i % 3] * (sigmoid(x[i]) - y[i]) / 3, 1e-6);                        \
    }                                                                                           \
    CHECK(ml_##S##_multilabel_soft_margin(x, y, w, 2, 3, ML_REDUCTION_MEAN, NULL, &mean, NULL) == \
          ML_OK);                                                                               \
    CHECK_CLOSE(mean, (0.493795 + 2.566818) / 2, 1e-6);                                         \
    CHECK(ml_##S##_multilabel_soft_margin(x, y, w, 2, 3, ML_REDUCTION_SUM, NULL, &sum, NULL) ==  \
          ML_OK);                                                                               \
    CHECK_CLOSE(sum, 0.493795 + 2.566818, 1e-6);                                                \
  }
BASIC_CASE(float, f32)
BASIC_CASE(double, f64)

/* verified in docs/pytorch-compat.md#multilabel-soft-margin: x=[[-1000,1000]], y=[[1,0]] gives a finite 1000 and grads (σ-y)/C = [-0.5, 0.5]. */
static void large_logits_stay_finite(void) {
  const float xf[2] = {-1000, 1000}, yf[2] = {1, 0};
  float lf, gf[2];
  CHECK(ml_f32_multilabel_soft_margin(xf, yf, NULL, 1, 2, ML_REDUCTION_NONE, NULL, &lf, gf) ==
        ML_OK);
  CHECK_CLOSE(lf, 1000, 1e-7);
  CHECK_CLOSE(gf[0], -0.5, 1e-7);
  CHECK_CLOSE(gf[1], 0.5, 1e-7);
  const double xd[2] = {-1000, 1000}, yd[2] = {1, 0};
  double ld, gd[2];
  CHECK(ml_f64_multilabel_soft_margin(xd, yd, NULL, 1, 2, ML_REDUCTION_MEAN, NULL, &ld, gd) ==
        ML_OK);
  CHECK_CLOSE(ld, 1000, 1e-15);
  CHECK_CLOSE(gd[0], -0.5, 1e-15);
  CHECK_CLOSE(gd[1], 0.5, 1e-15);
}

/* verified in docs/pytorch-compat.md#multilabel-soft-margin misuse table: y = -1 gives e = 2x + sp(-x), unbounded below, grad·C = σ(x) + 1. */
static void minus_one_labels_are_unbounded_below(void) {
  const double x[4] = {-20, -3, 0, 3}, y[4] = {-1, -1, -1, -1};
  const double expected_loss[4] = {-20, -2.951413, 0.693147, 6.048587};
  const double expected_grad[4] = {1.0, 1.047426, 1.5, 1.952574};
  double loss[4], grad[4];
  float lossf[4], gradf[4];
  const float xf[4] = {-20, -3, 0, 3}, yf[4] = {-1, -1, -1, -1};
  CHECK(ml_f64_multilabel_soft_margin(x, y, NULL, 4, 1, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  CHECK(ml_f32_multilabel_soft_margin(xf, yf, NULL, 4, 1, ML_REDUCTION_NONE, NULL, lossf,
                                      gradf) == ML_OK);
  for (int i = 0; i < 4; i++) {
    CHECK_CLOSE(loss[i], expected_loss[i], 1e-6);
    CHECK_CLOSE(grad[i], expected_grad[i], 1e-6);
    CHECK_CLOSE(lossf[i], expected_loss[i], 1e-6);
    CHECK_CLOSE(gradf[i], expected_grad[i], 1e-6);
  }
  /* The same thing over C = 4 in one row: the mean of the four elements, gradient divided by C. */
  double row, row_grad[4];
  CHECK(ml_f64_multilabel_soft_margin(x, y, NULL, 1, 4, ML_REDUCTION_SUM, NULL, &row, row_grad) ==
        ML_OK);
  CHECK_CLOSE(row, (-20 - 2.951413 + 0.693147 + 6.048587) / 4, 1e-6);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(row_grad[i], expected_grad[i] / 4, 1e-6);
}

/*
 * Infinite logits follow torch's y*sp(-x) + (1-y)*sp(x): x=+inf, y=1 is 0*inf = NaN (as the reference
 * doc's BCE table); x=-inf, y=1 is inf + 0*sp(-inf) = inf; x=+inf, y=0 is inf. Gradients σ(x) - y.
 */
static void infinite_logits_follow_torch(void) {
  const double x[3] = {INFINITY, -INFINITY, INFINITY}, y[3] = {1, 1, 0};
  double loss[3], grad[3];
  CHECK(ml_f64_multilabel_soft_margin(x, y, NULL, 3, 1, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  CHECK(isnan(loss[0]));
  CHECK(loss[1] == INFINITY);
  CHECK(loss[2] == INFINITY);
  CHECK(grad[0] == 0);
  CHECK(grad[1] == -1);
  CHECK(grad[2] == 1);
  const float xf[1] = {INFINITY}, yf[1] = {1};
  float lf, gf;
  CHECK(ml_f32_multilabel_soft_margin(xf, yf, NULL, 1, 1, ML_REDUCTION_NONE, NULL, &lf, &gf) ==
        ML_OK);
  CHECK(isnan(lf));
}

/* Far in the tails the gradient σ(x) is tiny but must keep its relative accuracy (not 1 - σ(-x)). */
static void tiny_sigmoid_keeps_relative_accuracy(void) {
  const float xf[2] = {-10, -30}, yf[2] = {0, 0};
  float lf[2], gf[2];
  CHECK(ml_f32_multilabel_soft_margin(xf, yf, NULL, 2, 1, ML_REDUCTION_NONE, NULL, lf, gf) ==
        ML_OK);
  /* y = 0: gradient σ(x) = e^x/(1+e^x) and loss sp(x) = log1p(e^x), compared relatively. */
  CHECK(fabs(gf[0] / (exp(-10.0) / (1 + exp(-10.0))) - 1) < 1e-6);
  CHECK(fabs(gf[1] / (exp(-30.0) / (1 + exp(-30.0))) - 1) < 1e-6);
  CHECK(fabs(lf[0] / log1p(exp(-10.0)) - 1) < 1e-6);
  CHECK(fabs(lf[1] / exp(-30.0) - 1) < 1e-6);
}

static void upstream_gradient_scales(void) {
  const double x[4] = {0, 0, 0, 0}, y[4] = {1, 0, 0, 1}, g[2] = {2, -3};
  double loss[2], grad[4];
  /* σ(0) = 1/2, C = 2: per-element grad ±1/4 times the row's upstream value. */
  CHECK(ml_f64_multilabel_soft_margin(x, y, NULL, 2, 2, ML_REDUCTION_NONE, g, loss, grad) ==
        ML_OK);
  CHECK_CLOSE(grad[0], -0.25 * 2, 1e-15);
  CHECK_CLOSE(grad[1], 0.25 * 2, 1e-15);
  CHECK_CLOSE(grad[2], 0.25 * -3, 1e-15);
  CHECK_CLOSE(grad[3], -0.25 * -3, 1e-15);
  const double g_mean = 4;
  double mean;
  CHECK(ml_f64_multilabel_soft_margin(x, y, NULL, 2, 2, ML_REDUCTION_MEAN, &g_mean, &mean,
                                      grad) == ML_OK);
  CHECK_CLOSE(mean, log(2.0), 1e-15);
  CHECK_CLOSE(grad[0], -0.5 * 4 / (2 * 2), 1e-15);
  CHECK_CLOSE(grad[3], -0.5 * 4 / (2 * 2), 1e-15);
  const float xf[2] = {0, 0}, yf[2] = {1, 0}, gf_sum = -5;
  float sumf, gradf[2];
  CHECK(ml_f32_multilabel_soft_margin(xf, yf, NULL, 1, 2, ML_REDUCTION_SUM, &gf_sum, &sumf,
                                      gradf) == ML_OK);
  CHECK_CLOSE(gradf[0], -0.25 * -5, 1e-7);
  CHECK_CLOSE(gradf[1], 0.25 * -5, 1e-7);
}

#define SENTINEL 12345.0

static void errors_write_nothing(void) {
  const double x[2] = {1, 2}, y[2] = {0, 1};
  double loss[2] = {SENTINEL, SENTINEL}, grad[2] = {SENTINEL, SENTINEL};
  CHECK(ml_f64_multilabel_soft_margin(NULL, y, NULL, 1, 2, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(ml_f64_multilabel_soft_margin(x, NULL, NULL, 1, 2, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(ml_f64_multilabel_soft_margin(x, y, NULL, 1, 2, ML_REDUCTION_NONE, NULL, NULL, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(ml_f64_multilabel_soft_margin(x, y, NULL, 1, 2, 3, NULL, loss, grad) ==
        ML_ERR_BAD_REDUCTION);
  CHECK(ml_f64_multilabel_soft_margin(x, y, NULL, 1, 2, -1, NULL, loss, grad) ==
        ML_ERR_BAD_REDUCTION);
  CHECK(ml_f64_multilabel_soft_margin(x, y, NULL, 2, 0, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_BAD_SIZE);
  const float xf[2] = {1, 2}, yf[2] = {0, 1};
  float lossf[2] = {(float)SENTINEL, (float)SENTINEL}, gradf[2] = {(float)SENTINEL, (float)SENTINEL};
  CHECK(ml_f32_multilabel_soft_margin(xf, yf, NULL, 2, 0, ML_REDUCTION_MEAN, NULL, lossf, gradf) ==
        ML_ERR_BAD_SIZE);
  CHECK(ml_f32_multilabel_soft_margin(xf, yf, NULL, 1, 2, 9, NULL, lossf, gradf) ==
        ML_ERR_BAD_REDUCTION);
  for (int i = 0; i < 2; i++) {
    CHECK(loss[i] == SENTINEL && grad[i] == SENTINEL);
    CHECK(lossf[i] == (float)SENTINEL && gradf[i] == (float)SENTINEL);
  }
}

static void empty_batch(void) {
  double mean = 0, sum = 1;
  const double dummy = 0;
  CHECK(ml_f64_multilabel_soft_margin(&dummy, &dummy, NULL, 0, 3, ML_REDUCTION_MEAN, NULL, &mean,
                                      NULL) == ML_OK);
  CHECK(isnan(mean));
  CHECK(ml_f64_multilabel_soft_margin(&dummy, &dummy, NULL, 0, 0, ML_REDUCTION_SUM, NULL, &sum,
                                      NULL) == ML_OK);
  CHECK(sum == 0);
  float meanf = 0;
  const float dummyf = 0;
  CHECK(ml_f32_multilabel_soft_margin(&dummyf, &dummyf, NULL, 0, 0, ML_REDUCTION_MEAN, NULL,
                                      &meanf, NULL) == ML_OK);
  CHECK(isnan(meanf));
}

int main(void) {
  basic_case_f32();
  basic_case_f64();
  large_logits_stay_finite();
  minus_one_labels_are_unbounded_below();
  infinite_logits_follow_torch();
  tiny_sigmoid_keeps_relative_accuracy();
  upstream_gradient_scales();
  errors_write_nothing();
  empty_batch();
  CHECK_DONE();
}
