/*
 * CosineEmbeddingLoss against PyTorch 1.13's verified values (docs/pytorch-compat.md#cosine-embedding and
 * #values-cosine-embedding), closed forms and central differences. Every case runs on both dtypes through
 * one double-typed wrapper.
 */
#include <string.h>

#include "check.h"
#include "double_bridge.h"
#include "marginloss.h"

/* torch's EPSILON: 1e-12 rounded to float32, added to each squared norm in both dtypes. */
static const double EPS = 9.999999960041972e-13;

/* Calls ml_f32_cosine_embedding_partial (f64 == 0) or the f64 one on double buffers. */
static int cosine_partial(int f64, const double *x1, const double *x2, const double *y, size_t rows,
                          size_t dim, double margin, int reduction, const double *g, double *loss,
                          double *grad1, double *grad2, ml_partial *partial) {
  if (f64) {
    return ml_f64_cosine_embedding_partial(x1, x2, y, rows, dim, margin, reduction, g, loss, grad1,
                                           grad2, partial);
  }
  const size_t n = rows * dim, outputs = reduction == ML_REDUCTION_NONE ? rows : 1;
  float x1f[MAX_VALUES], x2f[MAX_VALUES], yf[MAX_VALUES], gf[MAX_VALUES], lf[MAX_VALUES],
      g1f[MAX_VALUES], g2f[MAX_VALUES];
  float *loss_f = to_f32(loss, outputs, lf), *grad1_f = to_f32(grad1, n, g1f),
        *grad2_f = to_f32(grad2, n, g2f);
  const int status = ml_f32_cosine_embedding_partial(
      to_f32(x1, n, x1f), to_f32(x2, n, x2f), to_f32(y, rows, yf), rows, dim, margin, reduction,
      to_f32(g, outputs, gf), loss_f, grad1_f, grad2_f, partial);
  from_f32(loss_f, outputs, loss);
  from_f32(grad1_f, n, grad1);
  from_f32(grad2_f, n, grad2);
  return status;
}

/* The whole call, ml_f32_cosine_embedding or ml_f64_cosine_embedding. */
static int cosine(int f64, const double *x1, const double *x2, const double *y, size_t rows,
                  size_t dim, double margin, int reduction, const double *g, double *loss,
                  double *grad1, double *grad2) {
  if (f64) {
    return ml_f64_cosine_embedding(x1, x2, y, rows, dim, margin, reduction, g, loss, grad1, grad2);
  }
  return cosine_partial(0, x1, x2, y, rows, dim, margin, reduction, g, loss, grad1, grad2, NULL);
}

/* The reference values: cosines 0.96, 0.96, 0, 0.96; margin 0.25; the fourth pair has y = 0. */
static const double X1[8] = {3, 4, 3, 4, 1, 0, 3, 4}, X2[8] = {4, 3, 4, 3, 0, 1, 4, 3};
static const double Y[4] = {1, -1, -1, 0};
static const double LOSS[4] = {0.04, 0.71, 0, 0};
static const double GRAD1[8] = {-0.0448, 0.0336, 0.0448, -0.0336, 0, 0, 0, 0};
static const double GRAD2[8] = {0.0336, -0.0448, -0.0336, 0.0448, 0, 0, 0, 0};

static void reference_values_match_torch(int f64) {
  const double tol = TOLERANCE[f64];
  double loss[4], grad1[8], grad2[8], reduced;
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(loss[i], LOSS[i], tol);
  for (int i = 0; i < 8; i++) {
    CHECK_CLOSE(grad1[i], GRAD1[i], tol);
    CHECK_CLOSE(grad2[i], GRAD2[i], tol);
  }
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_MEAN, NULL, &reduced, grad1, grad2) ==
        ML_OK);
  CHECK_CLOSE(reduced, 0.1875, tol);
  for (int i = 0; i < 8; i++) {
    CHECK_CLOSE(grad1[i], GRAD1[i] / 4, tol);
    CHECK_CLOSE(grad2[i], GRAD2[i] / 4, tol);
  }
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_SUM, NULL, &reduced, grad1, grad2) ==
        ML_OK);
  CHECK_CLOSE(reduced, 0.75, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad1[i], GRAD1[i], tol);
}

static void upstream_gradient_scales(int f64) {
  const double tol = TOLERANCE[f64];
  const double g_each[4] = {2, -3, 0.5, 4}, g_mean = 3, g_sum = -2;
  double loss[4], grad1[8], grad2[8], reduced;
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_NONE, g_each, loss, grad1, grad2) == ML_OK);
  for (int i = 0; i < 8; i++) {
    CHECK_CLOSE(grad1[i], GRAD1[i] * g_each[i / 2], tol);
    CHECK_CLOSE(grad2[i], GRAD2[i] * g_each[i / 2], tol);
  }
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_MEAN, &g_mean, &reduced, grad1, grad2) ==
        ML_OK);
  CHECK_CLOSE(reduced, 0.1875, tol);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad1[i], GRAD1[i] * 3 / 4, tol);
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_SUM, &g_sum, &reduced, grad1, grad2) ==
        ML_OK);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(grad2[i], GRAD2[i] * -2, tol);
}

/*
 * A zero vector: cosine 0, gradient x2 / (sqrt(eps) |x2|) (6e5, 8e5 for x2 = [3, 4]); y = -1 with margin 0
 * sits on the active kink. Two zero vectors: gradient 0. Values from the spec's ε, as torch's.
 */
static void zero_vectors(int f64) {
  const double tol = TOLERANCE[f64];
  const double x1[6] = {0, 0, 0, 0, 0, 0}, x2[6] = {3, 4, 3, 4, 0, 0}, y[3] = {1, -1, 1};
  const double inv_norms = 1 / sqrt(EPS * (25 + EPS)); /* 1 / sqrt(m1 m2) */
  double loss[3], grad1[6], grad2[6];
  CHECK(cosine(f64, x1, x2, y, 3, 2, 0, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  CHECK(loss[0] == 1 && loss[1] == 0 && loss[2] == 1);
  CHECK_CLOSE(grad1[0], -3 * inv_norms, tol);
  CHECK_CLOSE(grad1[1], -4 * inv_norms, tol);
  CHECK_CLOSE(grad1[2], 3 * inv_norms, tol);
  CHECK_CLOSE(grad1[3], 4 * inv_norms, tol);
  CHECK_CLOSE(grad1[0], -600000.0011987289, tol); /* torch, float64 */
  for (int i = 0; i < 4; i++) CHECK(grad2[i] == 0);
  CHECK(grad1[4] == 0 && grad1[5] == 0 && grad2[4] == 0 && grad2[5] == 0);

  /* margin -0.5: y = -1 gives max(0, 0 + 0.5). */
  CHECK(cosine(f64, x1, x2, y, 3, 2, -0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  CHECK(loss[0] == 1 && loss[1] == 0.5 && loss[2] == 1);
}

/* cos - margin = 0 with y = -1: the gradient flows (clamp_min). torch: grads [0, 1] and [1, 0]. */
static void kink_is_active(int f64) {
  const double tol = TOLERANCE[f64];
  const double x1[4] = {1, 0, 2, 0}, x2[4] = {0, 1, 0, 3}, y[2] = {-1, -1};
  double loss, grad1[4], grad2[4];
  CHECK(cosine(f64, x1, x2, y, 2, 2, 0, ML_REDUCTION_SUM, NULL, &loss, grad1, grad2) == ML_OK);
  CHECK(loss == 0);
  /* Up to ε: x2 / sqrt(m1 m2), a closed form torch agrees with (0.9999999999989999 in float64). */
  CHECK_CLOSE(grad1[1], 1 / sqrt((1 + EPS) * (1 + EPS)), tol);
  CHECK_CLOSE(grad1[3], 3 / sqrt((4 + EPS) * (9 + EPS)), tol);
  CHECK_CLOSE(grad2[0], 1 / sqrt((1 + EPS) * (1 + EPS)), tol);
  CHECK_CLOSE(grad2[2], 2 / sqrt((4 + EPS) * (9 + EPS)), tol);
  CHECK(grad1[0] == 0 && grad1[2] == 0 && grad2[1] == 0 && grad2[3] == 0);
}

/*
 * The {0, 1} label trap: t = 0 rows give loss 0 and gradient 0 but count in 'mean'. With y = [1, 0, 1, 0]
 * on the reference pairs (cosines .96, .96, 0, .96): (0.04 + 1) / 4.
 */
static void zero_one_labels_ignore_the_negatives(int f64) {
  const double tol = TOLERANCE[f64];
  const double y[4] = {1, 0, 1, 0};
  double loss[4], grad1[8], grad2[8], reduced;
  CHECK(cosine(f64, X1, X2, y, 4, 2, 0.25, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  CHECK_CLOSE(loss[0], 0.04, tol);
  CHECK(loss[1] == 0 && loss[3] == 0);
  CHECK_CLOSE(loss[2], 1, tol);
  CHECK(cosine(f64, X1, X2, y, 4, 2, 0.25, ML_REDUCTION_MEAN, NULL, &reduced, grad1, grad2) == ML_OK);
  CHECK_CLOSE(reduced, 1.04 / 4, tol);
  for (int i = 2; i < 4; i++) CHECK(grad1[i] == 0 && grad2[i] == 0);
  for (int i = 6; i < 8; i++) CHECK(grad1[i] == 0 && grad2[i] == 0);
  /* x1 = [1, 0], x2 = [0, 1], y = 1: gradient -x2 / sqrt(m1 m2), divided by N = 4. */
  CHECK_CLOSE(grad1[5], -0.25, tol);
  CHECK_CLOSE(grad2[4], -0.25, tol);
}

/* Any y but exactly 1 or -1 (2, 0.5, -2, -0.5, NaN) gives 0 and gradient 0, even with margin -0.5. */
static void other_labels_give_zero(int f64) {
  const double x1[10] = {3, 4, 3, 4, 1, 0, 3, 4, 1, 2}, x2[10] = {4, 3, 4, 3, 0, 1, 4, 3, 3, 1};
  const double y[5] = {2, 0.5, -2, -0.5, NAN};
  double loss[5], grad1[10], grad2[10], reduced;
  CHECK(cosine(f64, x1, x2, y, 5, 2, -0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  for (int i = 0; i < 5; i++) CHECK(loss[i] == 0);
  for (int i = 0; i < 10; i++) CHECK(grad1[i] == 0 && grad2[i] == 0);
  CHECK(cosine(f64, x1, x2, y, 5, 2, -0.5, ML_REDUCTION_MEAN, NULL, &reduced, NULL, NULL) == ML_OK);
  CHECK(reduced == 0);
}

/*
 * torch's NaN and inf rows: cos NaN, loss NaN for y = ±1 and 0 otherwise, both gradient rows NaN for
 * every y. The last row is finite: x1 = [1, 2], x2 = [3, 1], cos = 1/sqrt(2).
 */
static void nan_and_inf_rows(int f64) {
  const double tol = TOLERANCE[f64];
  const double x1[14] = {NAN, 1, NAN, 1, NAN, 1, INFINITY, 1, 1, 2, -INFINITY, 0, 1, 2};
  const double x2[14] = {1, 1, 1, 1, 1, 1, 1, 1, INFINITY, 1, 0, 0, 3, 1};
  const double y[7] = {1, -1, 0, 1, -1, 0, 1};
  double loss[7], grad1[14], grad2[14], reduced;
  CHECK(cosine(f64, x1, x2, y, 7, 2, 0, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  for (int i = 0; i < 6; i++) CHECK(y[i] == 0 ? loss[i] == 0 : isnan(loss[i]));
  for (int i = 0; i < 12; i++) CHECK(isnan(grad1[i]) && isnan(grad2[i]));
  CHECK_CLOSE(loss[6], 0.29289321881355856, tol);
  CHECK_CLOSE(grad1[12], -0.2828427124746049, tol);
  CHECK_CLOSE(grad1[13], 0.14142135623723173, tol);
  CHECK_CLOSE(grad2[12], 0.07071067811862292, tol);
  CHECK_CLOSE(grad2[13], -0.21213203435593952, tol);
  CHECK(cosine(f64, x1, x2, y, 7, 2, 0, ML_REDUCTION_MEAN, NULL, &reduced, grad1, grad2) == ML_OK);
  CHECK(isnan(reduced));
  CHECK_CLOSE(grad1[12], -0.040406101782086395, tol);

  /* A NaN upstream gradient on a row whose loss does not depend on cos stays out (torch: 0). */
  const double g[3] = {NAN, NAN, 2};
  const double fx1[6] = {3, 4, 1, 2, 1, 2}, fx2[6] = {4, 3, 3, 1, 3, 1}, fy[3] = {0, -1, 1};
  CHECK(cosine(f64, fx1, fx2, fy, 3, 2, 0.9, ML_REDUCTION_NONE, g, loss, grad1, grad2) == ML_OK);
  for (int i = 0; i < 4; i++) CHECK(grad1[i] == 0 && grad2[i] == 0);
  CHECK_CLOSE(grad1[4], 2 * -0.2828427124746049, tol);
}

static void empty_batch_and_empty_rows(int f64) {
  const double tol = TOLERANCE[f64];
  const double unused = 0;
  double reduced = SENTINEL, loss[2], grad[1];
  CHECK(cosine(f64, &unused, &unused, &unused, 0, 4, 0, ML_REDUCTION_MEAN, NULL, &reduced, grad,
               grad) == ML_OK);
  CHECK(isnan(reduced));
  CHECK(cosine(f64, &unused, &unused, &unused, 0, 4, 0, ML_REDUCTION_SUM, NULL, &reduced, NULL,
               NULL) == ML_OK);
  CHECK(reduced == 0);
  fill(loss, 2);
  CHECK(cosine(f64, &unused, &unused, &unused, 0, 4, 0, ML_REDUCTION_NONE, NULL, loss, NULL,
               NULL) == ML_OK);
  CHECK(untouched(loss, 2));

  /* D = 0: every cosine is 0 (torch: [1, 0.5] with margin -0.5). */
  const double y[2] = {1, -1};
  fill(grad, 1);
  CHECK(cosine(f64, &unused, &unused, y, 2, 0, -0.5, ML_REDUCTION_NONE, NULL, loss, grad, grad) ==
        ML_OK);
  CHECK(loss[0] == 1 && loss[1] == 0.5 && untouched(grad, 1));
  CHECK(cosine(f64, &unused, &unused, y, 2, 0, -0.5, ML_REDUCTION_MEAN, NULL, &reduced, grad,
               grad) == ML_OK);
  CHECK_CLOSE(reduced, 0.75, tol);
}

/*
 * D = 1: cos = ±1 up to ε. What is left of the gradient is ε's: d cos / d x1 = x2 ε / (m1 sqrt(m1 m2))
 * (torch, float64: -1.2512e-13 for x1 = 2, x2 = 3, y = 1), plus rounding noise of order ulp / |x|.
 */
static void one_dimension(int f64) {
  const double tol = TOLERANCE[f64];
  const double x1[4] = {2, 2, -0.5, 4}, x2[4] = {3, -3, 0.25, 1}, y[4] = {1, 1, -1, -1};
  const double slope[4] = {-1, -1, 0, 1}; /* d loss / d cos: the third pair is below the margin */
  double loss[4], grad1[4], grad2[4];
  CHECK(cosine(f64, x1, x2, y, 4, 1, 0.5, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) == ML_OK);
  CHECK_CLOSE(loss[0], 0, tol);
  CHECK_CLOSE(loss[1], 2, tol);
  CHECK(loss[2] == 0);
  CHECK_CLOSE(loss[3], 0.5, tol);
  const double noise = f64 ? 1e-15 : 1e-6;
  for (int i = 0; i < 4; i++) {
    const double m1 = x1[i] * x1[i] + EPS, m2 = x2[i] * x2[i] + EPS, norms = sqrt(m1 * m2);
    const double expected1 = slope[i] * x2[i] * EPS / (m1 * norms);
    const double expected2 = slope[i] * x1[i] * EPS / (m2 * norms);
    CHECK(fabs(grad1[i] - expected1) <= noise / fabs(x1[i]));
    CHECK(fabs(grad2[i] - expected2) <= noise / fabs(x2[i]));
  }
}

/*
 * Away from the kink the loss is smooth: the gradient against central differences of the float64 loss,
 * on 3 pairs of 9 values (whole vectors and a padded tail in both dtypes).
 */
static void gradient_matches_central_differences(void) {
  enum { ROWS = 3, DIM = 9, N = ROWS * DIM };
  double x1[N], x2[N];
  for (int i = 0; i < N; i++) {
    x1[i] = sin(1.7 * i + 0.3) * 2;
    x2[i] = cos(0.9 * i * i + 1) * 1.5 + (i % DIM == 0 ? x1[i] : 0);
  }
  const double y[ROWS] = {1, -1, -1}, g[ROWS] = {0.5, -2, 1.5};
  double loss[ROWS], grad1[N], grad2[N], plus[ROWS], minus[ROWS];
  CHECK(ml_f64_cosine_embedding(x1, x2, y, ROWS, DIM, -0.9, ML_REDUCTION_NONE, g, loss, grad1,
                                grad2) == ML_OK);
  const double h = 1e-6;
  for (int k = 0; k < 2; k++) {
    double *x = k ? x2 : x1;
    const double *grad = k ? grad2 : grad1;
    for (int i = 0; i < N; i++) {
      const double keep = x[i];
      x[i] = keep + h;
      CHECK(ml_f64_cosine_embedding(x1, x2, y, ROWS, DIM, -0.9, ML_REDUCTION_NONE, NULL, plus, NULL,
                                    NULL) == ML_OK);
      x[i] = keep - h;
      CHECK(ml_f64_cosine_embedding(x1, x2, y, ROWS, DIM, -0.9, ML_REDUCTION_NONE, NULL, minus, NULL,
                                    NULL) == ML_OK);
      x[i] = keep;
      const int row = i / DIM;
      CHECK_CLOSE(grad[i], g[row] * (plus[row] - minus[row]) / (2 * h), 1e-7);
    }
  }
  /* float32 gives the same gradient to float32 accuracy. */
  double grad1_f[N], grad2_f[N], loss_f[ROWS];
  CHECK(cosine(0, x1, x2, y, ROWS, DIM, -0.9, ML_REDUCTION_NONE, g, loss_f, grad1_f, grad2_f) ==
        ML_OK);
  for (int i = 0; i < N; i++) {
    CHECK_CLOSE(grad1_f[i], grad1[i], 1e-6);
    CHECK_CLOSE(grad2_f[i], grad2[i], 1e-6);
  }
}

static void errors_write_nothing(int f64) {
  double loss[4], grad1[8], grad2[8];
  fill(loss, 4);
  fill(grad1, 8);
  fill(grad2, 8);
  CHECK(cosine(f64, X1, X2, Y, 4, 2, NAN, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) ==
        ML_ERR_BAD_MARGIN);
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, 3, NULL, loss, grad1, grad2) == ML_ERR_BAD_REDUCTION);
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, -1, NULL, loss, grad1, grad2) == ML_ERR_BAD_REDUCTION);
  CHECK(cosine(f64, NULL, X2, Y, 4, 2, 0.25, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) ==
        ML_ERR_NULL_POINTER);
  CHECK(cosine(f64, X1, NULL, Y, 4, 2, 0.25, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) ==
        ML_ERR_NULL_POINTER);
  CHECK(cosine(f64, X1, X2, NULL, 4, 2, 0.25, ML_REDUCTION_NONE, NULL, loss, grad1, grad2) ==
        ML_ERR_NULL_POINTER);
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_NONE, NULL, NULL, grad1, grad2) ==
        ML_ERR_NULL_POINTER);
  ml_partial partial;
  memset(&partial, 0, sizeof partial);
  partial.phase = 2;
  CHECK(cosine_partial(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_NONE, NULL, loss, grad1, grad2,
                       &partial) == ML_ERR_BAD_PHASE);
  CHECK(untouched(loss, 4) && untouched(grad1, 8) && untouched(grad2, 8));
}

/* Either gradient may be skipped; the other is unchanged. */
static void optional_gradients(int f64) {
  const double tol = TOLERANCE[f64];
  double loss[4], only1[8], only2[8];
  fill(only2, 8);
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_NONE, NULL, loss, NULL, only2) == ML_OK);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(only2[i], GRAD2[i], tol);
  CHECK(cosine(f64, X1, X2, Y, 4, 2, 0.25, ML_REDUCTION_NONE, NULL, loss, only1, NULL) == ML_OK);
  for (int i = 0; i < 8; i++) CHECK_CLOSE(only1[i], GRAD1[i], tol);
  for (int i = 0; i < 4; i++) CHECK_CLOSE(loss[i], LOSS[i], tol);
}

int main(void) {
  for (int f64 = 0; f64 <= 1; f64++) {
    reference_values_match_torch(f64);
    upstream_gradient_scales(f64);
    zero_vectors(f64);
    kink_is_active(f64);
    zero_one_labels_ignore_the_negatives(f64);
    other_labels_give_zero(f64);
    nan_and_inf_rows(f64);
    empty_batch_and_empty_rows(f64);
    one_dimension(f64);
    errors_write_nothing(f64);
    optional_gradients(f64);
  }
  gradient_matches_central_differences();
  CHECK_DONE();
}
