/*
 * MultiLabelMarginLoss against PyTorch 1.13's verified values (docs/pytorch-compat.md#values-multilabel-margin) and hand-derived
 * closed forms. Every case runs on both dtypes through one double-typed wrapper.
 */
#include <stdint.h>

#include "check.h"
#include "double_bridge.h"
#include "marginloss.h"

static uint8_t workspace[MAX_VALUES];

/* Calls ml_f32_multilabel_margin (f64 == 0) or ml_f64_multilabel_margin on double buffers. */
static int mlm_with(int f64, const double *x, const int32_t *t, size_t rows, size_t classes,
                    int reduction, const double *g, double *loss, double *grad, uint8_t *ws) {
  if (f64) return ml_f64_multilabel_margin(x, t, rows, classes, reduction, g, loss, grad, ws);
  const size_t outputs = reduction == ML_REDUCTION_NONE ? rows : 1, values = rows * classes;
  float xf[MAX_VALUES], gf[MAX_VALUES], lf[MAX_VALUES], grf[MAX_VALUES];
  float *loss_f = to_f32(loss, outputs, lf), *grad_f = to_f32(grad, values, grf);
  const int status = ml_f32_multilabel_margin(to_f32(x, values, xf), t, rows, classes, reduction,
                                              to_f32(g, outputs, gf), loss_f, grad_f, ws);
  from_f32(loss_f, outputs, loss);
  from_f32(grad_f, values, grad);
  return status;
}

static int mlm(int f64, const double *x, const int32_t *t, size_t rows, size_t classes,
               int reduction, const double *g, double *loss, double *grad) {
  return mlm_with(f64, x, t, rows, classes, reduction, g, loss, grad, workspace);
}

/* The doc example and its batch: x = [[.1,.2,.4,.8],[1,0,-1,.5]], y = [[3,0,-1,1],[0,-1,0,0]]. Row 1's
 * grad by hand: only z = 1 - 1 + .5 is active (z = 1 - 1 + 0 is the kink), so [-.25,0,0,.25]. */
static const double DOC_X[8] = {.1, .2, .4, .8, 1, 0, -1, .5};
static const int32_t DOC_T[8] = {3, 0, -1, 1, 0, -1, 0, 0};
static const double DOC_GRAD[8] = {-0.5, 0.5, 0.5, -0.5, -0.25, 0, 0, 0.25};

static void doc_example_matches_torch(int f64) {
  const double tol = TOLERANCE[f64];
  const int32_t other_tail[4] = {3, 0, -1, 2};
  double loss[2], grad[8];
  CHECK(mlm(f64, DOC_X, DOC_T, 1, 4, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  CHECK_CLOSE(loss[0], 0.85, tol);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(grad[i], DOC_GRAD[i], tol);
  /* Entries after the terminating -1 are range-checked but otherwise ignored. */
  CHECK(mlm(f64, DOC_X, other_tail, 1, 4, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  CHECK_CLOSE(loss[0], 0.85, tol);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(grad[i], DOC_GRAD[i], tol);
}

static void every_reduction_on_a_batch(int f64) {
  const double tol = TOLERANCE[f64];
  double loss[2], grad[8], reduced;
  CHECK(mlm(f64, DOC_X, DOC_T, 2, 4, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  CHECK_CLOSE(loss[0], 0.85, tol);
  CHECK_CLOSE(loss[1], 0.125, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], DOC_GRAD[i], tol);
  CHECK(grad[5] == 0); /* the strict kink */
  CHECK(mlm(f64, DOC_X, DOC_T, 2, 4, ML_REDUCTION_MEAN, NULL, &reduced, grad) == ML_OK);
  CHECK_CLOSE(reduced, 0.4875, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], DOC_GRAD[i] / 2, tol);
  CHECK(mlm(f64, DOC_X, DOC_T, 2, 4, ML_REDUCTION_SUM, NULL, &reduced, grad) == ML_OK);
  CHECK_CLOSE(reduced, 0.975, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], DOC_GRAD[i], tol);
}

static void upstream_gradient_scales(int f64) {
  const double tol = TOLERANCE[f64];
  const double g_rows[2] = {2, -3}, g_mean = 4, g_sum = -0.5;
  double loss[2], grad[8], reduced;
  CHECK(mlm(f64, DOC_X, DOC_T, 2, 4, ML_REDUCTION_NONE, g_rows, loss, grad) == ML_OK);
  CHECK_CLOSE(loss[1], 0.125, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], DOC_GRAD[i] * g_rows[i / 4], tol);
  CHECK(mlm(f64, DOC_X, DOC_T, 2, 4, ML_REDUCTION_MEAN, &g_mean, &reduced, grad) == ML_OK);
  CHECK_CLOSE(reduced, 0.4875, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], DOC_GRAD[i] * 4 / 2, tol);
  CHECK(mlm(f64, DOC_X, DOC_T, 2, 4, ML_REDUCTION_SUM, &g_sum, &reduced, grad) == ML_OK);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad[i], DOC_GRAD[i] * -0.5, tol);
}

/* On x = [.1,.2,.4,.8], torch: [3,3,-1,-1] 0.65 vs [3,-1,-1,-1] 0.325; [3,0,0,0] 2.05 with grad -1.5 on
 * class 0; the one-hot misuse [0,0,0,1] 2.95. Gradients by hand: each repeat of j adds one active term
 * per non-target class. */
static void duplicates_count_once_per_occurrence(int f64) {
  const double tol = TOLERANCE[f64];
  const int32_t twice[4] = {3, 3, -1, -1}, once[4] = {3, -1, -1, -1}, zero_thrice[4] = {3, 0, 0, 0},
                one_hot[4] = {0, 0, 0, 1};
  const double grad_twice[4] = {0.5, 0.5, 0.5, -1.5}, grad_once[4] = {0.25, 0.25, 0.25, -0.75},
               grad_zero_thrice[4] = {-1.5, 1, 1, -0.5}, grad_one_hot[4] = {-1.5, -0.5, 1, 1};
  struct {
    const int32_t *t;
    double loss;
    const double *grad;
  } cases[] = {
      {twice, 0.65, grad_twice},
      {once, 0.325, grad_once},
      {zero_thrice, 2.05, grad_zero_thrice},
      {one_hot, 2.95, grad_one_hot},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    double loss, grad[4];
    CHECK(mlm(f64, DOC_X, cases[k].t, 1, 4, ML_REDUCTION_SUM, NULL, &loss, grad) == ML_OK);
    CHECK_CLOSE(loss, cases[k].loss, tol);
    for (int i = 0; i < 4; i++) CHECK_CLOSE(grad[i], cases[k].grad[i], tol);
  }
}

/* A leading -1 is an empty set and a row listing every class has no non-targets: both 0 (torch). */
static void empty_and_full_target_sets(int f64) {
  const int32_t leading[4] = {-1, 3, 0, 1}, full[4] = {3, 0, 1, 2};
  double loss, grad[4];
  CHECK(mlm(f64, DOC_X, leading, 1, 4, ML_REDUCTION_NONE, NULL, &loss, grad) == ML_OK);
  CHECK(loss == 0 && grad[0] == 0 && grad[1] == 0 && grad[2] == 0 && grad[3] == 0);
  CHECK(mlm(f64, DOC_X, full, 1, 4, ML_REDUCTION_NONE, NULL, &loss, grad) == ML_OK);
  CHECK(loss == 0 && grad[0] == 0 && grad[1] == 0 && grad[2] == 0 && grad[3] == 0);
}

/* x = [1,0], y = [0,-1]: z = 0 exactly, loss 0 and grad [0,0]; x = [1,2^-10]: grad [-.5,.5] (torch),
 * loss 2^-10/2 (by hand). */
static void kink_is_strict(int f64) {
  const double tol = TOLERANCE[f64], e = ldexp(1.0, -10);
  const double at_kink[2] = {1, 0}, past_kink[2] = {1, e};
  const int32_t t[2] = {0, -1};
  double loss, grad[2];
  CHECK(mlm(f64, at_kink, t, 1, 2, ML_REDUCTION_NONE, NULL, &loss, grad) == ML_OK);
  CHECK(loss == 0 && grad[0] == 0 && grad[1] == 0);
  CHECK(mlm(f64, past_kink, t, 1, 2, ML_REDUCTION_NONE, NULL, &loss, grad) == ML_OK);
  CHECK_CLOSE(loss, e / 2, tol);
  CHECK_CLOSE(grad[0], -0.5, tol);
  CHECK_CLOSE(grad[1], 0.5, tol);
}

/* Deliberate difference: torch ignores NaN (loss 0, grad 0); we make that row NaN, even when the NaN
 * sits where no hinge term reads it (a row with an empty target set). */
static void nan_poisons_its_row_only(int f64) {
  const double tol = TOLERANCE[f64];
  const double x[12] = {.1, .2, .4, .8, 1, NAN, -1, .5, NAN, 0, 0, 0};
  const int32_t t[12] = {3, 0, -1, 1, 0, -1, 0, 0, -1, 0, 0, 0};
  double loss[3], grad[12], mean;
  CHECK(mlm(f64, x, t, 3, 4, ML_REDUCTION_NONE, NULL, loss, grad) == ML_OK);
  CHECK_CLOSE(loss[0], 0.85, tol);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(grad[i], DOC_GRAD[i], tol);
  CHECK(isnan(loss[1]) && isnan(loss[2]));
  for (int i = 4; i < 12; i++) CHECK(isnan(grad[i]));
  CHECK(mlm(f64, x, t, 3, 4, ML_REDUCTION_MEAN, NULL, &mean, NULL) == ML_OK);
  CHECK(isnan(mean));
}

/* Deliberate difference: torch 1.13 returns uninitialised memory for an empty 'mean'; we return 0/0.
 * No rows needs no workspace. */
static void empty_batch(int f64) {
  const double unused = 0;
  const int32_t no_target = 0;
  double reduced = SENTINEL;
  CHECK(mlm_with(f64, &unused, &no_target, 0, 4, ML_REDUCTION_MEAN, NULL, &reduced, NULL, NULL) ==
        ML_OK);
  CHECK(isnan(reduced));
  CHECK(mlm_with(f64, &unused, &no_target, 0, 4, ML_REDUCTION_SUM, NULL, &reduced, NULL, NULL) ==
        ML_OK);
  CHECK(reduced == 0);
}

/* torch range-checks the tail too: [3,-1,7,0] and [3,-1,-2,0] with C = 4 are out of range, as are a
 * leading -2 and a 4. The bad row is the last one, so a single pass would already have written row 0. */
static void errors_write_nothing(int f64) {
  const int32_t tail_too_big[8] = {3, 0, -1, 1, 3, -1, 7, 0},
                tail_below[8] = {3, 0, -1, 1, 3, -1, -2, 0},
                leading_below[8] = {3, 0, -1, 1, -2, 0, -1, 0},
                equals_c[8] = {3, 0, -1, 1, 4, 0, -1, 0};
  struct {
    const int32_t *t;
    int reduction;
    size_t classes;
    uint8_t *ws;
    int expected;
  } cases[] = {
      {tail_too_big, ML_REDUCTION_NONE, 4, workspace, ML_ERR_TARGET_OUT_OF_RANGE},
      {tail_below, ML_REDUCTION_NONE, 4, workspace, ML_ERR_TARGET_OUT_OF_RANGE},
      {leading_below, ML_REDUCTION_NONE, 4, workspace, ML_ERR_TARGET_OUT_OF_RANGE},
      {equals_c, ML_REDUCTION_NONE, 4, workspace, ML_ERR_TARGET_OUT_OF_RANGE},
      {DOC_T, 7, 4, workspace, ML_ERR_BAD_REDUCTION},
      {DOC_T, ML_REDUCTION_NONE, 4, NULL, ML_ERR_NULL_POINTER},
      {DOC_T, ML_REDUCTION_NONE, 0, workspace, ML_ERR_BAD_SIZE},
  };
  double loss[2], grad[8];
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    fill(loss, 2);
    fill(grad, 8);
    CHECK(mlm_with(f64, DOC_X, cases[k].t, 2, cases[k].classes, cases[k].reduction, NULL, loss,
                   grad, cases[k].ws) == cases[k].expected);
    CHECK(untouched(loss, 2) && untouched(grad, 8));
  }
  fill(grad, 8);
  CHECK(mlm(f64, NULL, DOC_T, 2, 4, ML_REDUCTION_NONE, NULL, loss, grad) == ML_ERR_NULL_POINTER);
  CHECK(mlm(f64, DOC_X, NULL, 2, 4, ML_REDUCTION_NONE, NULL, loss, grad) == ML_ERR_NULL_POINTER);
  CHECK(mlm(f64, DOC_X, DOC_T, 2, 4, ML_REDUCTION_NONE, NULL, NULL, grad) == ML_ERR_NULL_POINTER);
  CHECK(untouched(grad, 8));
}

int main(void) {
  for (int f64 = 0; f64 <= 1; f64++) {
    doc_example_matches_torch(f64);
    every_reduction_on_a_batch(f64);
    upstream_gradient_scales(f64);
    duplicates_count_once_per_occurrence(f64);
    empty_and_full_target_sets(f64);
    kink_is_strict(f64);
    nan_poisons_its_row_only(f64);
    empty_batch(f64);
    errors_write_nothing(f64);
  }
  CHECK_DONE();
}
