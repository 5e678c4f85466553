/*
 * HingeEmbeddingLoss against PyTorch 1.13's verified values (docs/pytorch-compat.md#values-hinge-embedding) and hand-derived
 * closed forms. Every case runs on both dtypes through one double-typed wrapper.
 */
#include "check.h"
#include "double_bridge.h"
#include "marginloss.h"


/* Calls ml_f32_hinge_embedding (f64 == 0) or ml_f64_hinge_embedding on double buffers. */
static int hinge(int f64, const double *x, const double *y, size_t n, double margin, int reduction,
                 const double *g, double *loss, double *grad) {
  if (f64) return ml_f64_hinge_embedding(x, y, n, margin, reduction, g, loss, grad);
  const size_t outputs = reduction == ML_REDUCTION_NONE ? n : 1;
  float xf[MAX_VALUES], yf[MAX_VALUES], gf[MAX_VALUES], lf[MAX_VALUES], grf[MAX_VALUES];
  float *loss_f = to_f32(loss, outputs, lf), *grad_f = to_f32(grad, n, grf);
  const int status = ml_f32_hinge_embedding(to_f32(x, n, xf), to_f32(y, n, yf), n, margin,
                                            reduction, to_f32(g, outputs, gf), loss_f, grad_f);
  from_f32(loss_f, outputs, loss);
  from_f32(grad_f, n, grad);
  return status;
}

/* torch: x = [.3,2,-.5,.3,2,-.5], y = [1,1,1,-1,-1,-1]. The sum 4 is by hand. */
static const double BASIC_X[6] = {.3, 2, -.5, .3, 2, -.5}, BASIC_Y[6] = {1, 1, 1, -1, -1, -1};
static const double BASIC_LOSS[6] = {0.3, 2, -0.5, 0.7, 0, 1.5}, BASIC_GRAD[6] = {1, 1, 1, -1, 0, -1};

static void basic_case_matches_torch(int f64) {
  const double tol = TOLERANCE[f64];
  double loss[6], grad[6], reduced;
  CHECK(hinge(f64, BASIC_X, BASIC_Y, 6, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  for (int i = 0; i < 6; i++) {
    CHECK_CLOSE(loss[i], BASIC_LOSS[i], tol);
    CHECK_CLOSE(grad[i], BASIC_GRAD[i], tol);
  }
  CHECK(hinge(f64, BASIC_X, BASIC_Y, 6, 1.0, ML_REDUCTION_MEAN, NULL, &reduced, grad) == ML_OK);
  CHECK_CLOSE(reduced, 4.0 / 6, tol);
  for (int i = 0; i < 6; i++) CHECK_CLOSE(grad[i], BASIC_GRAD[i] / 6, tol);
  CHECK(hinge(f64, BASIC_X, BASIC_Y, 6, 1.0, ML_REDUCTION_SUM, NULL, &reduced, grad) == ML_OK);
  CHECK_CLOSE(reduced, 4.0, tol);
  for (int i = 0; i < 6; i++) CHECK_CLOSE(grad[i], BASIC_GRAD[i], tol);
}

static void upstream_gradient_scales(int f64) {
  const double tol = TOLERANCE[f64];
  const double g_each[6] = {2, -3, 0.5, 4, 5, -1}, g_mean = 3, g_sum = -2;
  double loss[6], grad[6], reduced;
  CHECK(hinge(f64, BASIC_X, BASIC_Y, 6, 1.0, ML_REDUCTION_NONE, g_each, loss, grad) == ML_OK);
  for (int i = 0; i < 6; i++) {
    CHECK_CLOSE(loss[i], BASIC_LOSS[i], tol);
    CHECK_CLOSE(grad[i], BASIC_GRAD[i] * g_each[i], tol);
  }
  CHECK(hinge(f64, BASIC_X, BASIC_Y, 6, 1.0, ML_REDUCTION_MEAN, &g_mean, &reduced, grad) == ML_OK);
  for (int i = 0; i < 6; i++) CHECK_CLOSE(grad[i], BASIC_GRAD[i] * 3 / 6, tol);
  CHECK(hinge(f64, BASIC_X, BASIC_Y, 6, 1.0, ML_REDUCTION_SUM, &g_sum, &reduced, grad) == ML_OK);
  for (int i = 0; i < 6; i++) CHECK_CLOSE(grad[i], BASIC_GRAD[i] * -2, tol);
}

/* Labels other than +-1 take both terms: max(x, margin) (torch: 1 at x = .3, 3 at x = 3). The gradient,
 * by hand, is 1 - [margin - x >= 0]: 0 below the margin, 1 above. */
static void other_labels_take_both_terms(int f64) {
  const double tol = TOLERANCE[f64];
  const double x[6] = {.3, .3, .3, 3, 3, 3}, y[6] = {0, 2, 0.5, 0, 2, 0.5};
  const double expected_loss[6] = {1, 1, 1, 3, 3, 3}, expected_grad[6] = {0, 0, 0, 1, 1, 1};
  double loss[6], grad[6];
  CHECK(hinge(f64, x, y, 6, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  for (int i = 0; i < 6; i++) {
    CHECK_CLOSE(loss[i], expected_loss[i], tol);
    CHECK_CLOSE(grad[i], expected_grad[i], tol);
  }
}

/* torch: y = -1 with x = margin (1 and .5) gives loss 0 and grad -1: the kink is active. y = 1 passes x
 * through unclamped, so x = -2 gives loss -2 and grad 1. */
static void kink_is_active_and_positive_label_unclamped(int f64) {
  const double x[2] = {1, -2}, y[2] = {-1, 1}, half[1] = {.5};
  double loss[2], grad[2];
  CHECK(hinge(f64, x, y, 2, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  CHECK(loss[0] == 0 && grad[0] == -1);
  CHECK(loss[1] == -2 && grad[1] == 1);
  CHECK(hinge(f64, half, y, 1, 0.5, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  CHECK(loss[0] == 0 && grad[0] == -1);
}

/* torch, y = -1: x = NaN gives loss NaN, grad 0; x = -inf gives loss inf, grad -1. */
static void nan_and_inf_follow_torch(int f64) {
  const double x[2] = {NAN, -INFINITY}, y[2] = {-1, -1};
  double loss[2], grad[2], mean;
  CHECK(hinge(f64, x, y, 2, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  CHECK(isnan(loss[0]) && grad[0] == 0);
  CHECK(isinf(loss[1]) && loss[1] > 0 && grad[1] == -1);
  CHECK(hinge(f64, x, y, 2, 1.0, ML_REDUCTION_MEAN, NULL, &mean, NULL) == ML_OK);
  CHECK(isnan(mean));
}

static void empty_batch(int f64) {
  const double unused = 0;
  double reduced = SENTINEL;
  CHECK(hinge(f64, &unused, &unused, 0, 1.0, ML_REDUCTION_MEAN, NULL, &reduced, NULL) == ML_OK);
  CHECK(isnan(reduced));
  CHECK(hinge(f64, &unused, &unused, 0, 1.0, ML_REDUCTION_SUM, NULL, &reduced, NULL) == ML_OK);
  CHECK(reduced == 0);
}

static void errors_write_nothing(int f64) {
  double loss[6], grad[6];
  fill(loss, 6);
  fill(grad, 6);
  CHECK(hinge(f64, BASIC_X, BASIC_Y, 6, NAN, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_BAD_MARGIN);
  CHECK(hinge(f64, BASIC_X, BASIC_Y, 6, 1.0, -1, NULL, loss, grad) == ML_ERR_BAD_REDUCTION);
  CHECK(hinge(f64, NULL, BASIC_Y, 6, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(hinge(f64, BASIC_X, NULL, 6, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(hinge(f64, BASIC_X, BASIC_Y, 6, 1.0, ML_REDUCTION_NONE, NULL, NULL, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(untouched(loss, 6) && untouched(grad, 6));
}

int main(void) {
  for (int f64 = 0; f64 <= 1; f64++) {
    basic_case_matches_torch(f64);
    upstream_gradient_scales(f64);
    other_labels_take_both_terms(f64);
    kink_is_active_and_positive_label_unclamped(f64);
    nan_and_inf_follow_torch(f64);
    empty_batch(f64);
    errors_write_nothing(f64);
  }
  CHECK_DONE();
}
