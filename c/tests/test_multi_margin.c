/*
 * MultiMarginLoss against PyTorch 1.13's verified values (docs/pytorch-compat.md#values-multi-margin) and hand-derived closed
 * forms. Every case runs on both dtypes through one double-typed wrapper.
 */
#include <stdint.h>

#include "check.h"
#include "double_bridge.h"
#include "marginloss.h"


/* Calls ml_f32_multi_margin (f64 == 0) or ml_f64_multi_margin on double buffers. */
static int multi_margin(int f64, const double *x, const int32_t *t, const double *w, size_t rows,
                        size_t classes, int p, double margin, int reduction, const double *g,
                        double *loss, double *grad) {
  if (f64) return ml_f64_multi_margin(x, t, w, rows, classes, p, margin, reduction, g, loss, grad);
  const size_t outputs = reduction == ML_REDUCTION_NONE ? rows : 1, values = rows * classes;
  float xf[MAX_VALUES], wf[MAX_VALUES], gf[MAX_VALUES], lf[MAX_VALUES], grf[MAX_VALUES];
  float *loss_f = to_f32(loss, outputs, lf), *grad_f = to_f32(grad, values, grf);
  const int status = ml_f32_multi_margin(to_f32(x, values, xf), t, to_f32(w, classes, wf), rows,
                                         classes, p, margin, reduction, to_f32(g, outputs, gf),
                                         loss_f, grad_f);
  from_f32(loss_f, outputs, loss);
  from_f32(grad_f, values, grad);
  return status;
}

/* The doc example, x = [.1,.2,.4,.8], y = 3, extended by the row [1,0,-1,.5] with y = 0: its z are
 * 0 (the kink, no gradient), -1 and .5, so by hand its loss is .5/4 = .125 and grad [-.25,0,0,.25]. */
static const double DOC_X[8] = {.1, .2, .4, .8, 1, 0, -1, .5};
static const int32_t DOC_T[2] = {3, 0};

static void doc_example_matches_torch(int f64) {
  const double tol = TOLERANCE[f64];
  double loss[2], grad[8];
  CHECK(multi_margin(f64, DOC_X, DOC_T, NULL, 1, 4, 1, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  CHECK_CLOSE(loss[0], 0.325, tol);
  const double grad_p1[4] = {0.25, 0.25, 0.25, -0.75};
  for (int i = 0; i < 4; i++) CHECK_CLOSE(grad[i], grad_p1[i], tol);

  CHECK(multi_margin(f64, DOC_X, DOC_T, NULL, 1, 4, 2, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  CHECK_CLOSE(loss[0], 0.1525, tol);
  const double grad_p2[4] = {0.15, 0.2, 0.3, -0.65};
  for (int i = 0; i < 4; i++) CHECK_CLOSE(grad[i], grad_p2[i], tol);
}

static void every_reduction_on_a_batch(int f64) {
  const double tol = TOLERANCE[f64];
  const double grad_none[8] = {0.25, 0.25, 0.25, -0.75, -0.25, 0, 0, 0.25};
  double loss[2], grad[8], reduced;
  CHECK(multi_margin(f64, DOC_X, DOC_T, NULL, 2, 4, 1, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  CHECK_CLOSE(loss[0], 0.325, tol);
  CHECK_CLOSE(loss[1], 0.125, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], grad_none[i], tol);
  /* The strict kink: z = 1 - 1 + 0 = 0 exactly contributes no gradient. */
  CHECK(grad[5] == 0);

  CHECK(multi_margin(f64, DOC_X, DOC_T, NULL, 2, 4, 1, 1.0, ML_REDUCTION_MEAN, NULL, &reduced,
                     grad) == ML_OK);
  CHECK_CLOSE(reduced, 0.225, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], grad_none[i] / 2, tol);

  CHECK(multi_margin(f64, DOC_X, DOC_T, NULL, 2, 4, 1, 1.0, ML_REDUCTION_SUM, NULL, &reduced,
                     grad) == ML_OK);
  CHECK_CLOSE(reduced, 0.45, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], grad_none[i], tol);
}

static void upstream_gradient_scales(int f64) {
  const double tol = TOLERANCE[f64];
  const double grad_none[8] = {0.25, 0.25, 0.25, -0.75, -0.25, 0, 0, 0.25};
  const double g_rows[2] = {2, -3}, g_mean = 4, g_sum = -0.5;
  double loss[2], grad[8], reduced;
  CHECK(multi_margin(f64, DOC_X, DOC_T, NULL, 2, 4, 1, 1.0, ML_REDUCTION_NONE, g_rows, loss,
                     grad) == ML_OK);
  CHECK_CLOSE(loss[0], 0.325, tol); /* the upstream gradient never touches the loss */
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], grad_none[i] * g_rows[i / 4], tol);
  CHECK(multi_margin(f64, DOC_X, DOC_T, NULL, 2, 4, 1, 1.0, ML_REDUCTION_MEAN, &g_mean, &reduced,
                     grad) == ML_OK);
  CHECK_CLOSE(reduced, 0.225, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], grad_none[i] * 4 / 2, tol);
  CHECK(multi_margin(f64, DOC_X, DOC_T, NULL, 2, 4, 1, 1.0, ML_REDUCTION_SUM, &g_sum, &reduced,
                     grad) == ML_OK);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], grad_none[i] * -0.5, tol);
}

/* x = [0,1], y = 1, margin 1: z = 0 exactly, strict: loss 0 and no gradient for p = 1 and 2. Moving x[0]
 * to 2^-10 activates it: p = 1 gives grad [.5,-.5] (torch), loss 2^-10/2; p = 2 gives 2^-20/2 and
 * grad +-2*2^-10/2 (by hand). */
static void kink_is_strict(int f64) {
  const double tol = TOLERANCE[f64], e = ldexp(1.0, -10);
  const double at_kink[2] = {0, 1}, past_kink[2] = {e, 1};
  const int32_t t = 1;
  double loss, grad[2];
  for (int p = 1; p <= 2; p++) {
    CHECK(multi_margin(f64, at_kink, &t, NULL, 1, 2, p, 1.0, ML_REDUCTION_NONE, NULL, &loss,
                       grad) == ML_OK);
    CHECK(loss == 0 && grad[0] == 0 && grad[1] == 0);
  }
  CHECK(multi_margin(f64, past_kink, &t, NULL, 1, 2, 1, 1.0, ML_REDUCTION_NONE, NULL, &loss,
                     grad) == ML_OK);
  CHECK_CLOSE(loss, e / 2, tol);
  CHECK_CLOSE(grad[0], 0.5, tol);
  CHECK_CLOSE(grad[1], -0.5, tol);
  CHECK(multi_margin(f64, past_kink, &t, NULL, 1, 2, 2, 1.0, ML_REDUCTION_NONE, NULL, &loss,
                     grad) == ML_OK);
  CHECK_CLOSE(loss, e * e / 2, tol);
  CHECK_CLOSE(grad[0], e, tol);
  CHECK_CLOSE(grad[1], -e, tol);
}

/* w = [10,0,0,0], targets [3,0]: weight indexed by the target, so row 0 (w[3] = 0) vanishes and row 1
 * is 10x its unweighted .125. 'mean' still divides by N = 2: weights do not normalise. */
static void weight_is_indexed_by_target(int f64) {
  const double tol = TOLERANCE[f64];
  const double w[4] = {10, 0, 0, 0};
  const double expected_grad[8] = {0, 0, 0, 0, -2.5, 0, 0, 2.5};
  double loss[2], grad[8], mean;
  CHECK(multi_margin(f64, DOC_X, DOC_T, w, 2, 4, 1, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_OK);
  CHECK(loss[0] == 0);
  CHECK_CLOSE(loss[1], 1.25, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], expected_grad[i], tol);
  CHECK(multi_margin(f64, DOC_X, DOC_T, w, 2, 4, 1, 1.0, ML_REDUCTION_MEAN, NULL, &mean, NULL) ==
        ML_OK);
  CHECK_CLOSE(mean, 0.625, tol);
}

/* p = 2, w[3] = 4: weight after the square, 4 * .1525 = .61 (torch), grads 4x the doc example's. */
static void weight_applies_after_the_square(int f64) {
  const double tol = TOLERANCE[f64];
  const double w[4] = {1, 1, 1, 4}, expected_grad[4] = {0.6, 0.8, 1.2, -2.6};
  double loss, grad[4];
  CHECK(multi_margin(f64, DOC_X, DOC_T, w, 1, 4, 2, 1.0, ML_REDUCTION_NONE, NULL, &loss, grad) ==
        ML_OK);
  CHECK_CLOSE(loss, 0.61, tol);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(grad[i], expected_grad[i], tol);
}

/* Closed forms: C = 1 has no terms; margin -1 on zeros has every z = -1. x = [inf,-5,0], y = 2: z_0 = inf
 * is active, z_1 = -4 is not, so the loss is inf and the p = 1 gradient finite [1/3, 0, -1/3].
 * x = [inf,-inf,0,0], y = 2: z = [inf, -inf, -, 1], loss inf, grad [1/4, 0, -1/2, 1/4]: +inf and -inf
 * in one row (whose sum is NaN) must not read as a NaN row. */
static void degenerate_rows(int f64) {
  const double tol = TOLERANCE[f64];
  const double one[1] = {7}, zeros[3] = {0, 0, 0}, with_inf[3] = {INFINITY, -5, 0};
  const int32_t t0 = 0, t2 = 2;
  double loss, grad[3];
  CHECK(multi_margin(f64, one, &t0, NULL, 1, 1, 1, 1.0, ML_REDUCTION_NONE, NULL, &loss, grad) ==
        ML_OK);
  CHECK(loss == 0 && grad[0] == 0);
  CHECK(multi_margin(f64, zeros, &t2, NULL, 1, 3, 2, -1.0, ML_REDUCTION_NONE, NULL, &loss, grad) ==
        ML_OK);
  CHECK(loss == 0 && grad[0] == 0 && grad[1] == 0 && grad[2] == 0);
  CHECK(multi_margin(f64, with_inf, &t2, NULL, 1, 3, 1, 1.0, ML_REDUCTION_NONE, NULL, &loss,
                     grad) == ML_OK);
  CHECK(isinf(loss) && loss > 0);
  CHECK_CLOSE(grad[0], 1.0 / 3, tol);
  CHECK(grad[1] == 0);
  CHECK_CLOSE(grad[2], -1.0 / 3, tol);
  const double both_infs[4] = {INFINITY, -INFINITY, 0, 0};
  double grad4[4];
  CHECK(multi_margin(f64, both_infs, &t2, NULL, 1, 4, 1, 1.0, ML_REDUCTION_NONE, NULL, &loss,
                     grad4) == ML_OK);
  CHECK(isinf(loss) && loss > 0);
  CHECK_CLOSE(grad4[0], 0.25, tol);
  CHECK(grad4[1] == 0);
  CHECK_CLOSE(grad4[2], -0.5, tol);
  CHECK_CLOSE(grad4[3], 0.25, tol);
}

/* Deliberate difference: torch returns loss 0 and grad 0 for a NaN row; we return NaN for that row only,
 * whether the NaN sits at the target position or elsewhere. */
static void nan_poisons_its_row_only(int f64) {
  const double tol = TOLERANCE[f64];
  double x[12] = {.1, .2, .4, .8, NAN, 0, -1, .5, .1, .2, .4, .8};
  const int32_t t[3] = {3, 1, 0};
  x[8] = NAN; /* row 2's NaN is at its target */
  double loss[3], grad[12], mean;
  CHECK(multi_margin(f64, x, t, NULL, 3, 4, 1, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  CHECK_CLOSE(loss[0], 0.325, tol);
  CHECK(isnan(loss[1]) && isnan(loss[2]));
  CHECK_CLOSE(grad[3], -0.75, tol);
  for (int i = 4; i < 12; i++) CHECK(isnan(grad[i]));
  CHECK(multi_margin(f64, x, t, NULL, 3, 4, 2, 1.0, ML_REDUCTION_MEAN, NULL, &mean, NULL) == ML_OK);
  CHECK(isnan(mean));
}

/* Deliberate difference: torch 1.13 returns uninitialised memory for an empty 'mean'; we return 0/0. */
static void empty_batch(int f64) {
  const double unused = 0;
  const int32_t no_target = 0;
  double reduced = SENTINEL;
  CHECK(multi_margin(f64, &unused, &no_target, NULL, 0, 4, 1, 1.0, ML_REDUCTION_MEAN, NULL,
                     &reduced, NULL) == ML_OK);
  CHECK(isnan(reduced));
  CHECK(multi_margin(f64, &unused, &no_target, NULL, 0, 4, 1, 1.0, ML_REDUCTION_SUM, NULL,
                     &reduced, NULL) == ML_OK);
  CHECK(reduced == 0);
  /* No rows needs no classes. */
  CHECK(multi_margin(f64, &unused, &no_target, NULL, 0, 0, 1, 1.0, ML_REDUCTION_MEAN, NULL,
                     &reduced, NULL) == ML_OK);
  CHECK(isnan(reduced));
}

/* Every rejected call returns its status and leaves loss_out and grad_input as they were. */
static void errors_write_nothing(int f64) {
  const int32_t last_is_c[2] = {3, 4}, last_is_negative[2] = {3, -1}, good[2] = {3, 0};
  double loss[2], grad[8];
  struct {
    const int32_t *t;
    int p;
    double margin;
    int reduction;
    size_t classes;
    int expected;
  } cases[] = {
      {last_is_c, 1, 1.0, ML_REDUCTION_NONE, 4, ML_ERR_TARGET_OUT_OF_RANGE},
      {last_is_negative, 1, 1.0, ML_REDUCTION_NONE, 4, ML_ERR_TARGET_OUT_OF_RANGE},
      {good, 3, 1.0, ML_REDUCTION_NONE, 4, ML_ERR_BAD_P},
      {good, 0, 1.0, ML_REDUCTION_NONE, 4, ML_ERR_BAD_P},
      {good, 1, NAN, ML_REDUCTION_NONE, 4, ML_ERR_BAD_MARGIN},
      {good, 1, 1.0, 7, 4, ML_ERR_BAD_REDUCTION},
      {good, 1, 1.0, ML_REDUCTION_NONE, 0, ML_ERR_BAD_SIZE},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    fill(loss, 2);
    fill(grad, 8);
    CHECK(multi_margin(f64, DOC_X, cases[k].t, NULL, 2, cases[k].classes, cases[k].p,
                       cases[k].margin, cases[k].reduction, NULL, loss, grad) == cases[k].expected);
    CHECK(untouched(loss, 2) && untouched(grad, 8));
  }
  fill(grad, 8);
  CHECK(multi_margin(f64, NULL, good, NULL, 2, 4, 1, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(multi_margin(f64, DOC_X, NULL, NULL, 2, 4, 1, 1.0, ML_REDUCTION_NONE, NULL, loss, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(multi_margin(f64, DOC_X, good, NULL, 2, 4, 1, 1.0, ML_REDUCTION_NONE, NULL, NULL, grad) ==
        ML_ERR_NULL_POINTER);
  CHECK(untouched(grad, 8));
}

int main(void) {
  for (int f64 = 0; f64 <= 1; f64++) {
    doc_example_matches_torch(f64);
    every_reduction_on_a_batch(f64);
    upstream_gradient_scales(f64);
    kink_is_strict(f64);
    weight_is_indexed_by_target(f64);
    weight_applies_after_the_square(f64);
    degenerate_rows(f64);
    nan_poisons_its_row_only(f64);
    empty_batch(f64);
    errors_write_nothing(f64);
  }
  CHECK_DONE();
}
