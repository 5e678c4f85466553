/* SoftMarginLoss against PyTorch 1.13's verified values (docs/pytorch-compat.md#values-soft-margin) and closed forms. */
#include "check.h"
#include "marginloss.h"

static void basic_case_matches_torch(void) {
  const float x[3] = {0.5f, -1.0f, 2.0f}, y[3] = {1, -1, 1};
  float loss[3], grad[3], mean, mean_grad[3], sum;
  CHECK(ml_f32_soft_margin(x, y, 3, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  const double expected_loss[3] = {0.474077, 0.313262, 0.126928};
  const double expected_grad[3] = {-0.377541, 0.268941, -0.119203};
  for (int i = 0; i < 3; i++) {
    CHECK_CLOSE(loss[i], expected_loss[i], 1e-6);
    CHECK_CLOSE(grad[i], expected_grad[i], 1e-6);
  }
  CHECK(ml_f32_soft_margin(x, y, 3, ML_REDUCTION_MEAN, NULL, &mean, mean_grad) == ML_OK);
  CHECK_CLOSE(mean, 0.304756, 1e-6);
  for (int i = 0; i < 3; i++) CHECK_CLOSE(mean_grad[i], expected_grad[i] / 3, 1e-6);
  CHECK(ml_f32_soft_margin(x, y, 3, ML_REDUCTION_SUM, NULL, &sum, NULL) == ML_OK);
  CHECK_CLOSE(sum, 0.914267, 1e-6);
}

/* y = 0 (the {0,1} convention by mistake): ln 2 for every x, and no gradient at all. */
static void zero_label_is_flat_ln2(void) {
  const double x[3] = {-3, 0, 3}, y[3] = {0, 0, 0};
  double loss[3], grad[3];
  CHECK(ml_f64_soft_margin(x, y, 3, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  for (int i = 0; i < 3; i++) {
    CHECK_CLOSE(loss[i], log(2.0), 1e-15);
    CHECK(grad[i] == 0);
  }
}

/* Deliberate difference from torch: softplus(100) = 100 (+ e^-100), finite gradient. */
static void large_negative_margin_stays_finite(void) {
  const float x[2] = {-100.0f, 100.0f}, y[2] = {1, 1};
  float loss[2], grad[2];
  CHECK(ml_f32_soft_margin(x, y, 2, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  CHECK_CLOSE(loss[0], 100.0, 1e-7);
  CHECK_CLOSE(grad[0], -1.0, 1e-7);
  CHECK_CLOSE(loss[1], exp(-100.0), 1e-7);
  CHECK_CLOSE(grad[1], -exp(-100.0), 1e-7);
}

static void upstream_gradient_scales_each_element(void) {
  const double x[2] = {0, 0}, y[2] = {1, -1}, g[2] = {2, -3};
  double loss[2], grad[2];
  CHECK(ml_f64_soft_margin(x, y, 2, ML_REDUCTION_NONE, g, loss, grad) == ML_OK);
  CHECK_CLOSE(grad[0], -0.5 * 2, 1e-15);
  CHECK_CLOSE(grad[1], 0.5 * -3, 1e-15);
  const double g_mean = 4;
  double mean;
  CHECK(ml_f64_soft_margin(x, y, 2, ML_REDUCTION_MEAN, &g_mean, &mean, grad) == ML_OK);
  CHECK_CLOSE(grad[0], -0.5 * 4 / 2, 1e-15);
}

static void empty_mean_is_nan_and_bad_reduction_rejected(void) {
  double mean = 0;
  CHECK(ml_f64_soft_margin((const double *)"", (const double *)"", 0, ML_REDUCTION_MEAN, NULL,
                           &mean, NULL) == ML_OK);
  CHECK(isnan(mean));
  CHECK(ml_f64_soft_margin(&mean, &mean, 1, 7, NULL, &mean, NULL) == ML_ERR_BAD_REDUCTION);
}

int main(void) {
  basic_case_matches_torch();
  zero_label_is_flat_ln2();
  large_negative_margin_stays_finite();
  upstream_gradient_scales_each_element();
  empty_mean_is_nan_and_bad_reduction_rejected();
  CHECK_DONE();
}
