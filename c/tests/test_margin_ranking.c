/*
 * MarginRankingLoss against PyTorch 1.13's verified values (docs/pytorch-compat.md#values-margin-ranking) and hand-derived
 * closed forms. Every case runs on both dtypes through one double-typed wrapper.
 */
#include "check.h"
#include "double_bridge.h"
#include "marginloss.h"


/* Calls ml_f32_margin_ranking (f64 == 0) or ml_f64_margin_ranking on double buffers. */
static int ranking(int f64, const double *x1, const double *x2, const double *y, size_t n,
                   double margin, int reduction, const double *g, double *loss, double *grad1,
                   double *grad2) {
  if (f64) return ml_f64_margin_ranking(x1, x2, y, n, margin, reduction, g, loss, grad1, grad2);
  const size_t outputs = reduction == ML_REDUCTION_NONE ? n : 1;
  float x1f[MAX_VALUES], x2f[MAX_VALUES], yf[MAX_VALUES], gf[MAX_VALUES], lf[MAX_VALUES],
      g1f[MAX_VALUES], g2f[MAX_VALUES];
  float *loss_f = to_f32(loss, outputs, lf), *grad1_f = to_f32(grad1, n, g1f),
        *grad2_f = to_f32(grad2, n, g2f);
  const int status = ml_f32_margin_ranking(to_f32(x1, n, x1f), to_f32(x2, n, x2f),
                                           to_f32(y, n, yf), n, margin, reduction,
                                           to_f32(g, outputs, gf), loss_f, grad1_f, grad2_f);
  from_f32(loss_f, outputs, loss);
  from_f32(grad1_f, n, grad1);
  from_f32(grad2_f, n, grad2);
  return status;
}

/* torch, margin .5: x1 = [1,2,0,3], x2 = [2,1,0,0], y = [1,1,-1,-1]. The sum 5.5 is by hand. */
static const double X1[4] = {1, 2, 0, 3}, X2[4] = {2, 1, 0, 0}, Y[4] = {1, 1, -1, -1};
static const double LOSS[4] = {1.5, 0, 0.5, 3.5}, GRAD1[4] = {-1, -0.0, 1, 1}, GRAD2[4] = {1, 0, -1, -1};

static void basic_case_matches_torch(int f64) {
  const double tol = TOLERANCE[f64];
  double loss[4], grad1[4], grad2[4], reduced;
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  for (int i = 0; i < 4; i++) {
    CHECK_CLOSE(loss[i], LOSS[i], tol);
    CHECK_CLOSE(grad1[i], GRAD1[i], tol);
    CHECK_CLOSE(grad2[i], GRAD2[i], tol);
  }
  /* torch's signed zeros for the inactive element: -0 for x1, +0 for x2. */
  CHECK(grad1[1] == 0 && signbit(grad1[1]) && grad2[1] == 0 && !signbit(grad2[1]));
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_MEAN, NULL, &reduced, grad1, grad2) == ML_OK);
  CHECK_CLOSE(reduced, 1.375, tol);
  for (int i = 0; i < 4; i++) {
    CHECK_CLOSE(grad1[i], GRAD1[i] / 4, tol);
    CHECK_CLOSE(grad2[i], GRAD2[i] / 4, tol);
  }
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_SUM, NULL, &reduced, grad1, grad2) == ML_OK);
  CHECK_CLOSE(reduced, 5.5, tol);
  for (int i = 0; i < 4; i++) {
    CHECK_CLOSE(grad1[i], GRAD1[i], tol);
    CHECK_CLOSE(grad2[i], GRAD2[i], tol);
  }
}

static void upstream_gradient_scales(int f64) {
  const double tol = TOLERANCE[f64];
  const double g_each[4] = {2, -3, 0.5, 4}, g_mean = 3, g_sum = -2;
  double loss[4], grad1[4], grad2[4], reduced;
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_NONE, g_each, loss, grad1, grad2) == ML_OK);
  for (int i = 0; i < 4; i++) {
    CHECK_CLOSE(loss[i], LOSS[i], tol);
    CHECK_CLOSE(grad1[i], GRAD1[i] * g_each[i], tol);
    CHECK_CLOSE(grad2[i], GRAD2[i] * g_each[i], tol);
  }
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_MEAN, &g_mean, &reduced, grad1, grad2) ==
        ML_OK);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(grad1[i], GRAD1[i] * 3 / 4, tol);
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_SUM, &g_sum, &reduced, grad1, grad2) ==
        ML_OK);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(grad2[i], GRAD2[i] * -2, tol);
}

/* torch's kink table: loss 0 with grads (-1, +1), (-1, +1) and (+1, -1). */
static void kink_is_active(int f64) {
  const double x1[3] = {0.25, 3, 2}, x2[3] = {0.25, 2, 3}, y[3] = {1, 1, -1};
  const double margins[3] = {0, 1, 1}, expected1[3] = {-1, -1, 1};
  for (size_t i = 0; i < 3; i++) {
    double loss, grad1, grad2;
    CHECK(ranking(f64, &x1[i], &x2[i], &y[i], 1, margins[i], ML_REDUCTION_NONE, NULL, &loss,
                  &grad1, &grad2) == ML_OK);
    CHECK(loss == 0 && grad1 == expected1[i] && grad2 == -expected1[i]);
  }
}

/* y = 0: the constant max(0, margin) (torch: .5 with grads -0 and 0); margin -.5 gives 0 by hand. */
static void zero_label_is_constant(int f64) {
  const double x1[2] = {1, -4}, x2[2] = {3, 2}, y[2] = {0, 0};
  double loss[2], grad1[2], grad2[2];
  CHECK(ranking(f64, x1, x2, y, 2, 0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  for (int i = 0; i < 2; i++) {
    CHECK(loss[i] == 0.5);
    CHECK(grad1[i] == 0 && signbit(grad1[i]) && grad2[i] == 0 && !signbit(grad2[i]));
  }
  CHECK(ranking(f64, x1, x2, y, 2, -0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  CHECK(loss[0] == 0 && loss[1] == 0 && grad1[0] == 0 && grad2[1] == 0);
}

/* torch: a NaN input gives a NaN loss and gradient 0. Either gradient may be skipped. */
static void nan_input_and_optional_gradients(int f64) {
  const double tol = TOLERANCE[f64];
  const double x1[2] = {NAN, 1}, x2[2] = {0, NAN}, y[2] = {1, -1};
  double loss[4], grad1[2], grad2[2];
  CHECK(ranking(f64, x1, x2, y, 2, 0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  CHECK(isnan(loss[0]) && isnan(loss[1]));
  for (int i = 0; i < 2; i++) CHECK(grad1[i] == 0 && grad2[i] == 0);

  double only2[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL}, only1[4], reduced;
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_SUM, NULL, &reduced, NULL, only2) == ML_OK);
  CHECK_CLOSE(reduced, 5.5, tol);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(only2[i], GRAD2[i], tol);
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_NONE, NULL, loss, only1, NULL) == ML_OK);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(only1[i], GRAD1[i], tol);
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_MEAN, NULL, &reduced, NULL, NULL) == ML_OK);
  CHECK_CLOSE(reduced, 1.375, tol);
}

static void empty_batch(int f64) {
  const double unused = 0;
  double reduced = SENTINEL;
  CHECK(ranking(f64, &unused, &unused, &unused, 0, 0.5, ML_REDUCTION_MEAN, NULL, &reduced, NULL,
                NULL) == ML_OK);
  CHECK(isnan(reduced));
  CHECK(ranking(f64, &unused, &unused, &unused, 0, 0.5, ML_REDUCTION_SUM, NULL, &reduced, NULL,
                NULL) == ML_OK);
  CHECK(reduced == 0);
}

static void errors_write_nothing(int f64) {
  double loss[4], grad1[4], grad2[4];
  fill(loss, 4);
  fill(grad1, 4);
  fill(grad2, 4);
  CHECK(ranking(f64, X1, X2, Y, 4, NAN, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) ==
        ML_ERR_BAD_MARGIN);
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, 3, NULL, loss, grad1, grad2) == ML_ERR_BAD_REDUCTION);
  CHECK(ranking(f64, NULL, X2, Y, 4, 0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) ==
        ML_ERR_NULL_POINTER);
  CHECK(ranking(f64, X1, NULL, Y, 4, 0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) ==
        ML_ERR_NULL_POINTER);
  CHECK(ranking(f64, X1, X2, NULL, 4, 0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) ==
        ML_ERR_NULL_POINTER);
  CHECK(ranking(f64, X1, X2, Y, 4, 0.5, ML_REDUCTION_NONE, NULL, NULL, grad1, grad2) ==
        ML_ERR_NULL_POINTER);
  CHECK(untouched(loss, 4) && untouched(grad1, 4) && untouched(grad2, 4));
}

int main(void) {
  for (int f64 = 0; f64 <= 1; f64++) {
    basic_case_matches_torch(f64);
    upstream_gradient_scales(f64);
    kink_is_active(f64);
    zero_label_is_constant(f64);
    nan_input_and_optional_gradients(f64);
    empty_batch(f64);
    errors_write_nothing(f64);
  }
  CHECK_DONE();
}
