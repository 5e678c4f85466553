/*
 * TripletMarginLoss against PyTorch 1.13's values (docs/pytorch-compat.md#values-triplet-margin, the
 * NaN/inf table of #triplet-margin, and float64 torch runs quoted below) and closed forms. Every case runs
 * on both dtypes through one double-typed wrapper.
 */
#include <string.h>

#include "check.h"
#include "double_bridge.h"
#include "marginloss.h"

#define DEFAULT_EPS 1e-6

typedef struct {
  double margin, p, eps;
  int swap;
} options;

/* Calls ml_f32_triplet_margin (f64 == 0) or ml_f64_triplet_margin on double buffers. */
static int triplet(int f64, const double *a, const double *pos, const double *neg, size_t rows,
                   size_t dim, options o, int reduction, const double *g, double *loss,
                   double *grad_a, double *grad_p, double *grad_n) {
  if (f64) {
    return ml_f64_triplet_margin(a, pos, neg, rows, dim, o.margin, o.p, o.eps, o.swap, reduction, g,
                                 loss, grad_a, grad_p, grad_n);
  }
  const size_t n = rows * dim, outputs = reduction == ML_REDUCTION_NONE ? rows : 1;
  float af[MAX_VALUES], pf[MAX_VALUES], nf[MAX_VALUES], gf[MAX_VALUES], lf[MAX_VALUES],
      gaf[MAX_VALUES], gpf[MAX_VALUES], gnf[MAX_VALUES];
  float *loss_f = to_f32(loss, outputs, lf), *ga_f = to_f32(grad_a, n, gaf),
        *gp_f = to_f32(grad_p, n, gpf), *gn_f = to_f32(grad_n, n, gnf);
  const int status = ml_f32_triplet_margin(to_f32(a, n, af), to_f32(pos, n, pf), to_f32(neg, n, nf),
                                           rows, dim, o.margin, o.p, o.eps, o.swap, reduction,
                                           to_f32(g, outputs, gf), loss_f, ga_f, gp_f, gn_f);
  from_f32(loss_f, outputs, loss);
  from_f32(ga_f, n, grad_a);
  from_f32(gp_f, n, grad_p);
  from_f32(gn_f, n, grad_n);
  return status;
}

static void check_values(const double *got, const double *expected, size_t n, double tol) {
  for (size_t i = 0; i < n; i++) CHECK_CLOSE(got[i], expected[i], tol);
}

/* The spec's triplets: d+ = 5, 1, 1 and d- = 6, 5, 1 with eps = 0. */
static const double A[6] = {0, 0, 1, 1, 0, 0}, POS[6] = {3, 4, 1, 2, 0, -1},
                    NEG[6] = {0, 6, 4, 5, 1, 0};

static void spec_values(int f64) {
  const double tol = TOLERANCE[f64];
  const options o = {2, 2, 0, 0};
  static const double loss_none[3] = {1, 0, 2}, ga[6] = {-0.6, 0.2, 0, 0, 1, 1},
                      gp[6] = {0.6, 0.8, 0, 0, 0, -1}, gn[6] = {0, -1, 0, 0, -1, 0};
  double loss[3], grad_a[6], grad_p[6], grad_n[6], reduced;
  CHECK(triplet(f64, A, POS, NEG, 3, 2, o, ML_REDUCTION_NONE, NULL, loss, grad_a, grad_p, grad_n) ==
        ML_OK);
  check_values(loss, loss_none, 3, tol);
  check_values(grad_a, ga, 6, tol);
  check_values(grad_p, gp, 6, tol);
  check_values(grad_n, gn, 6, tol);
  CHECK(triplet(f64, A, POS, NEG, 3, 2, o, ML_REDUCTION_MEAN, NULL, &reduced, grad_a, grad_p,
                grad_n) == ML_OK);
  CHECK_CLOSE(reduced, 1, tol);
  for (int i = 0; i < 6; i++) {
    CHECK_CLOSE(grad_a[i], ga[i] / 3, tol);
    CHECK_CLOSE(grad_p[i], gp[i] / 3, tol);
    CHECK_CLOSE(grad_n[i], gn[i] / 3, tol);
  }
  CHECK(triplet(f64, A, POS, NEG, 3, 2, o, ML_REDUCTION_SUM, NULL, &reduced, grad_a, grad_p,
                grad_n) == ML_OK);
  CHECK_CLOSE(reduced, 3, tol);
  check_values(grad_a, ga, 6, tol);
}

/* The same triplets with the default eps, p = 1, and swap (float64 torch runs). */
static void spec_variants(int f64) {
  const double tol = TOLERANCE[f64];
  double loss[3], grad_a[6], grad_p[6], grad_n[6];
  static const double eps_loss[3] = {0.9999995999999207, 0, 2.0000020000000003},
                      eps_ga[6] = {-0.600000134666685, 0.1999999759999801, 0, 0, 1.0000009999985,
                                   0.9999989999985},
                      eps_gn[6] = {1.6666669444444676e-07, -0.9999999999999861, 0, 0,
                                   -0.9999999999995001, 1.0000010000005002e-06};
  CHECK(triplet(f64, A, POS, NEG, 3, 2, (options){2, 2, DEFAULT_EPS, 0}, ML_REDUCTION_NONE, NULL,
                loss, grad_a, grad_p, grad_n) == ML_OK);
  check_values(loss, eps_loss, 3, tol);
  check_values(grad_a, eps_ga, 6, tol);
  check_values(grad_n, eps_gn, 6, tol);

  /* p = 1: eps = 0 gives [3, 0, 2]; the default eps decides the sign of the coordinates that agree. */
  static const double p1_loss[3] = {3, 0, 2}, p1_ga[6] = {-1, 0, 0, 0, 1, 1},
                      p1_eps_loss[3] = {2.9999979999999997, 0, 2.000002},
                      p1_eps_ga[6] = {-2, 0, 0, 0, 2, 0}, p1_eps_gp[6] = {1, 1, 0, 0, -1, -1},
                      p1_eps_gn[6] = {1, -1, 0, 0, -1, 1};
  CHECK(triplet(f64, A, POS, NEG, 3, 2, (options){2, 1, 0, 0}, ML_REDUCTION_NONE, NULL, loss,
                grad_a, grad_p, grad_n) == ML_OK);
  check_values(loss, p1_loss, 3, tol);
  check_values(grad_a, p1_ga, 6, tol);
  CHECK(triplet(f64, A, POS, NEG, 3, 2, (options){2, 1, DEFAULT_EPS, 0}, ML_REDUCTION_NONE, NULL,
                loss, grad_a, grad_p, grad_n) == ML_OK);
  check_values(loss, p1_eps_loss, 3, tol);
  check_values(grad_a, p1_eps_ga, 6, tol);
  check_values(grad_p, p1_eps_gp, 6, tol);
  check_values(grad_n, p1_eps_gn, 6, tol);

  /* swap: d(pos, neg) = sqrt(13) replaces 6 in the first triplet. */
  static const double swap_loss[3] = {3.394448724536011, 0, 2},
                      swap_ga[6] = {-0.6, -0.8, 0, 0, 1, 1},
                      swap_gp[6] = {-0.23205029433784374, 1.3547001962252292, 0, 0, 0, -1},
                      swap_gn[6] = {0.8320502943378437, -0.5547001962252291, 0, 0, -1, 0};
  CHECK(triplet(f64, A, POS, NEG, 3, 2, (options){2, 2, 0, 1}, ML_REDUCTION_NONE, NULL, loss,
                grad_a, grad_p, grad_n) == ML_OK);
  check_values(loss, swap_loss, 3, tol);
  check_values(grad_a, swap_ga, 6, tol);
  check_values(grad_p, swap_gp, 6, tol);
  check_values(grad_n, swap_gn, 6, tol);
}

/* The spec's tie: a = pos, so d(a, neg) and d(pos, neg) are the same computation; each gets half. */
static void swap_tie_splits_the_gradient(int f64) {
  const double tol = TOLERANCE[f64];
  const double a[2] = {0, 0}, neg[2] = {3, 4};
  double loss, grad_a[2], grad_p[2], grad_n[2];
  CHECK(triplet(f64, a, a, neg, 1, 2, (options){6, 2, 0, 1}, ML_REDUCTION_SUM, NULL, &loss, grad_a,
                grad_p, grad_n) == ML_OK);
  CHECK_CLOSE(loss, 1, tol);
  static const double ga[2] = {0.3, 0.4}, gn[2] = {-0.6, -0.8};
  check_values(grad_a, ga, 2, tol);
  check_values(grad_p, ga, 2, tol);
  check_values(grad_n, gn, 2, tol);

  /* edge-63: swap takes d(pos, neg) = 0.5 over d(a, neg) = 1.5: 1.5 (0.5 without swap). */
  const double a63[2] = {0, 0}, p63[2] = {1, 0}, n63[2] = {1.5, 0};
  CHECK(triplet(f64, a63, p63, n63, 1, 2, (options){1, 2, 0, 1}, ML_REDUCTION_SUM, NULL, &loss,
                grad_a, grad_p, grad_n) == ML_OK);
  CHECK_CLOSE(loss, 1.5, tol);
  CHECK(grad_a[0] == -1 && grad_p[0] == 2 && grad_n[0] == -1);
  CHECK(triplet(f64, a63, p63, n63, 1, 2, (options){1, 2, 0, 0}, ML_REDUCTION_SUM, NULL, &loss,
                grad_a, grad_p, grad_n) == ML_OK);
  CHECK_CLOSE(loss, 0.5, tol);
}

/* p = 1.5 and 3 (float64 torch, margin 1.5, default eps): the first triplet is active only with swap. */
static void fractional_p(int f64) {
  const double tol = TOLERANCE[f64];
  static const double a[6] = {0.5, -1, 2, 1, 1, 1}, pos[6] = {1.5, 0.25, 1, 0.75, 1.5, -0.5},
                      neg[6] = {-1, 2, 0.5, 1.25, 0.5, 2};
  static const struct {
    double p;
    int swap;
    double loss[2], ga[6], gp[6], gn[6];
  } cases[] = {
      {1.5, 0, {0, 1.9524726069135965},
       {0, 0, 0, 0.8168216571294779, -1.1551605241961251, 1.803518932971163},
       {0, 0, 0, -0.3779304147674756, 0.5344727147785071, -0.9257351315691521},
       {0, 0, 0, -0.4388912423620023, 0.6206878094176179, -0.8777838014020108}},
      {1.5, 1, {0.23385214451074887, 1.9524726069135965},
       {-0.6651887397166287, -0.7437036943073306, 0.6651894049057011, 0.8168216571294779,
        -1.1551605241961251, 1.803518932971163},
       {-0.17682542908754195, 1.4481829489453453, -1.0417498900464288, -0.3779304147674756,
        0.5344727147785071, -0.9257351315691521},
       {0.8420141688041707, -0.7044792546380146, 0.3765604851407278, -0.4388912423620023,
        0.6206878094176179, -0.8777838014020108}},
      {3, 0, {0, 1.9757173361195954},
       {0, 0, 0, 0.08428303882999845, -0.33713360584360974, 1.8891714978601037},
       {0, 0, 0, -0.027032193407919684, 0.10812747609547796, -0.9731524749954543},
       {0, 0, 0, -0.05725084542207877, 0.22900612974813175, -0.9160190228646494}},
      {3, 1, {0.317469127182334, 1.9757173361195954},
       {-0.39998076798525195, -0.6249701999652113, 0.39998236791152375, 0.08428303882999845,
        -0.33713360584360974, 1.8891714978601037},
       {-0.41828925259811023, 1.025921731058689, -0.4327132734734628, -0.027032193407919684,
        0.10812747609547796, -0.9731524749954543},
       {0.8182700205833622, -0.4009515310934778, 0.032730905561939014, -0.05725084542207877,
        0.22900612974813175, -0.9160190228646494}},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    double loss[2], grad_a[6], grad_p[6], grad_n[6];
    CHECK(triplet(f64, a, pos, neg, 2, 3, (options){1.5, cases[k].p, DEFAULT_EPS, cases[k].swap},
                  ML_REDUCTION_NONE, NULL, loss, grad_a, grad_p, grad_n) == ML_OK);
    check_values(loss, cases[k].loss, 2, tol);
    check_values(grad_a, cases[k].ga, 6, tol);
    check_values(grad_p, cases[k].gp, 6, tol);
    check_values(grad_n, cases[k].gn, 6, tol);
  }
}

/*
 * The spec's NaN/inf table (p = 2, D = 2, margin 1, default eps), with the values of torch's float64
 * run (wasm-tests/fixtures/tripletMarginLoss.json, "edge NaN and inf rows"); N_ is NaN, I_ infinity.
 */
#define N_ NAN
#define I_ INFINITY
static void nan_and_inf_rows(int f64) {
  const double tol = TOLERANCE[f64];
  static const struct {
    double a[2], pos[2], neg[2];
    int swap;
    double loss, ga[2], gp[2], gn[2];
  } rows[] = {
      {{N_, 0}, {1, 0}, {2, 0}, 0, N_, {N_, N_}, {N_, N_}, {N_, N_}},
      {{0, 0}, {1, 0}, {N_, 0}, 0, N_, {N_, N_}, {0, 0}, {N_, N_}},
      {{0, 0}, {1, 0}, {N_, 0}, 1, N_, {N_, N_}, {N_, N_}, {N_, N_}},
      {{0, 0}, {I_, 0}, {2, 0}, 0, I_, {N_, -5.000002500000624e-07}, {N_, 0},
       {-1, 5.000002500000624e-07}},
      {{0, 0}, {1, 0}, {I_, 0}, 0, 0, {N_, 0}, {0, 0}, {N_, 0}},
      {{I_, 0}, {1, 0}, {2, 0}, 0, N_, {N_, 0}, {N_, 0}, {N_, 0}},
      {{I_, 0}, {I_, 0}, {I_, 0}, 1, N_, {N_, N_}, {N_, N_}, {N_, N_}},
      {{I_, 0}, {1, 0}, {2, 0}, 1, I_, {N_, 0}, {N_, -1.0000010000005002e-06},
       {N_, 1.0000010000005002e-06}},
  };
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    double loss, grad_a[2], grad_p[2], grad_n[2];
    CHECK(triplet(f64, rows[k].a, rows[k].pos, rows[k].neg, 1, 2,
                  (options){1, 2, DEFAULT_EPS, rows[k].swap}, ML_REDUCTION_NONE, NULL, &loss,
                  grad_a, grad_p, grad_n) == ML_OK);
    CHECK_CLOSE(loss, rows[k].loss, tol);
    check_values(grad_a, rows[k].ga, 2, tol);
    check_values(grad_p, rows[k].gp, 2, tol);
    check_values(grad_n, rows[k].gn, 2, tol);
  }
  /* p = 1 stays finite: sgn(±inf) = ±1 and sgn(NaN) = 0 (with swap: torch's rows 0 and 3). */
  static const struct {
    double a[2], loss, ga[2], gp[2], gn[2];
  } p1[] = {
      {{N_, 0}, N_, {0, 0}, {0, 0}, {0, 0}},
      {{I_, 0}, I_, {1, 1}, {0, -2}, {-1, 1}},
  };
  const double pos[2] = {1, 0}, neg[2] = {2, 0};
  for (size_t k = 0; k < 2; k++) {
    double loss, grad_a[2], grad_p[2], grad_n[2];
    CHECK(triplet(f64, p1[k].a, pos, neg, 1, 2, (options){1, 1, DEFAULT_EPS, 1}, ML_REDUCTION_NONE,
                  NULL, &loss, grad_a, grad_p, grad_n) == ML_OK);
    CHECK_CLOSE(loss, p1[k].loss, tol);
    check_values(grad_a, p1[k].ga, 2, tol);
    check_values(grad_p, p1[k].gp, 2, tol);
    check_values(grad_n, p1[k].gn, 2, tol);
  }
}
#undef N_
#undef I_

/*
 * edge-65, a = pos: d(a, pos) = eps * D^(1/p) and its partials are D^(1/p - 1) each, not 0 (closed
 * form). D = 4, margin 5 keeps the row active; grad_negative is d(a, neg)'s partials. Without swap
 * grad_positive = -D^(1/p - 1); with swap d(a, neg) and d(pos, neg) tie, and a and pos each get half of
 * grad_negative back.
 */
static void anchor_equal_to_positive(int f64) {
  const double tol = 2 * TOLERANCE[f64];
  const double a[4] = {0.5, -1, 2, 0}, neg[4] = {1, 0, 2.5, -1};
  static const double ps[3] = {1, 2, 1.5};
  for (int k = 0; k < 3; k++) {
    const double p = ps[k], partial = pow(4, 1 / p - 1);
    double d_neg = 0;
    for (int i = 0; i < 4; i++) d_neg += pow(fabs(a[i] - neg[i] + DEFAULT_EPS), p);
    d_neg = pow(d_neg, 1 / p);
    for (int swap = 0; swap <= 1; swap++) {
      double loss, grad_a[4], grad_p[4], grad_n[4];
      CHECK(triplet(f64, a, a, neg, 1, 4, (options){5, p, DEFAULT_EPS, swap}, ML_REDUCTION_SUM,
                    NULL, &loss, grad_a, grad_p, grad_n) == ML_OK);
      CHECK_CLOSE(loss, 5 + DEFAULT_EPS * pow(4, 1 / p) - d_neg, tol);
      for (int i = 0; i < 4; i++) {
        const double v = a[i] - neg[i] + DEFAULT_EPS;
        CHECK_CLOSE(grad_n[i], (v > 0 ? 1 : -1) * pow(fabs(v) / d_neg, p - 1), tol);
        const double pushed_back = swap ? grad_n[i] / 2 : 0;
        CHECK_CLOSE(grad_p[i], -partial - pushed_back, tol);
        CHECK_CLOSE(grad_a[i], partial - (swap ? pushed_back : grad_n[i]), tol);
      }
    }
  }
}

/* edge-66: x - y = -eps exactly (eps = 2^-20) gives d = 0 and gradient 0 for every p. */
static void zero_distance_has_zero_gradient(int f64) {
  const double eps = 0x1p-20;
  const double a[2] = {0, 1}, pos[2] = {eps, 1 + eps}, neg[2] = {3, 4};
  static const double ps[3] = {1, 2, 1.5};
  for (int k = 0; k < 3; k++) {
    double loss, grad_p[2];
    CHECK(triplet(f64, a, pos, neg, 1, 2, (options){8, ps[k], eps, 0}, ML_REDUCTION_SUM, NULL, &loss,
                  NULL, grad_p, NULL) == ML_OK);
    CHECK(loss > 0 && grad_p[0] == 0 && grad_p[1] == 0);
  }
}

/* edge-67, D = 1: margin + d(a, pos) - d(a, neg) = 1 + 1 - 2 = 0 is active: grads (0, 1, -1). */
static void kink_is_active_with_one_coordinate(int f64) {
  const double a = 0, pos = 1, neg = 2;
  double loss, grad_a, grad_p, grad_n;
  CHECK(triplet(f64, &a, &pos, &neg, 1, 1, (options){1, 2, 0, 0}, ML_REDUCTION_NONE, NULL, &loss,
                &grad_a, &grad_p, &grad_n) == ML_OK);
  CHECK(loss == 0 && grad_a == 0 && grad_p == 1 && grad_n == -1);
}

/* Upstream gradients scale every gradient: per row for 'none', one value for 'mean' and 'sum'. */
static void upstream_gradient_scales(int f64) {
  const double tol = TOLERANCE[f64];
  const options o = {2, 2, 0, 0};
  static const double ga[6] = {-0.6, 0.2, 0, 0, 1, 1}, gn[6] = {0, -1, 0, 0, -1, 0};
  const double g_each[3] = {2, -3, 0.5}, g_mean = 3, g_sum = -2;
  double loss[3], grad_a[6], grad_n[6];
  CHECK(triplet(f64, A, POS, NEG, 3, 2, o, ML_REDUCTION_NONE, g_each, loss, grad_a, NULL, grad_n) ==
        ML_OK);
  for (int i = 0; i < 6; i++) {
    CHECK_CLOSE(grad_a[i], ga[i] * g_each[i / 2], tol);
    CHECK_CLOSE(grad_n[i], gn[i] * g_each[i / 2], tol);
  }
  CHECK(triplet(f64, A, POS, NEG, 3, 2, o, ML_REDUCTION_MEAN, &g_mean, loss, grad_a, NULL, NULL) ==
        ML_OK);
  for (int i = 0; i < 6; i++) CHECK_CLOSE(grad_a[i], ga[i] * 3 / 3, tol);
  CHECK(triplet(f64, A, POS, NEG, 3, 2, o, ML_REDUCTION_SUM, &g_sum, loss, NULL, NULL, grad_n) ==
        ML_OK);
  for (int i = 0; i < 6; i++) CHECK_CLOSE(grad_n[i], gn[i] * -2, tol);
}

/* Each gradient pointer may be NULL on its own: the others are the same, the loss too. */
static void optional_gradients(int f64) {
  const options o = {1.5, 1.5, DEFAULT_EPS, 1};
  double loss_all[3], all[3][6];
  CHECK(triplet(f64, A, POS, NEG, 3, 2, o, ML_REDUCTION_NONE, NULL, loss_all, all[0], all[1],
                all[2]) == ML_OK);
  for (int mask = 0; mask < 8; mask++) {
    double loss[3], grads[3][6];
    for (int k = 0; k < 3; k++) fill(grads[k], 6);
    double *g[3];
    for (int k = 0; k < 3; k++) g[k] = mask & (1 << k) ? grads[k] : NULL;
    CHECK(triplet(f64, A, POS, NEG, 3, 2, o, ML_REDUCTION_NONE, NULL, loss, g[0], g[1], g[2]) ==
          ML_OK);
    CHECK(memcmp(loss, loss_all, sizeof loss) == 0);
    for (int k = 0; k < 3; k++) {
      if (g[k]) CHECK(memcmp(grads[k], all[k], sizeof grads[k]) == 0);
      else CHECK(untouched(grads[k], 6));
    }
  }
}

static void empty_batch_and_empty_rows(int f64) {
  const double unused = 0;
  double reduced = SENTINEL, loss[2];
  CHECK(triplet(f64, &unused, &unused, &unused, 0, 4, (options){1, 2, DEFAULT_EPS, 1},
                ML_REDUCTION_MEAN, NULL, &reduced, NULL, NULL, NULL) == ML_OK);
  CHECK(isnan(reduced));
  CHECK(triplet(f64, &unused, &unused, &unused, 0, 4, (options){1, 1.5, DEFAULT_EPS, 0},
                ML_REDUCTION_SUM, NULL, &reduced, NULL, NULL, NULL) == ML_OK);
  CHECK(reduced == 0);
  fill(loss, 2);
  CHECK(triplet(f64, &unused, &unused, &unused, 0, 4, (options){1, 2, DEFAULT_EPS, 0},
                ML_REDUCTION_NONE, NULL, loss, NULL, NULL, NULL) == ML_OK);
  CHECK(untouched(loss, 2));
  /* D = 0 (edge-72): every distance is 0, loss max(0, margin), for every p. */
  static const double ps[3] = {1, 2, 3};
  for (int k = 0; k < 3; k++) {
    CHECK(triplet(f64, &unused, &unused, &unused, 2, 0, (options){0.75, ps[k], DEFAULT_EPS, 1},
                  ML_REDUCTION_NONE, NULL, loss, NULL, NULL, NULL) == ML_OK);
    CHECK(loss[0] == 0.75 && loss[1] == 0.75);
    CHECK(triplet(f64, &unused, &unused, &unused, 2, 0, (options){-0.75, ps[k], DEFAULT_EPS, 0},
                  ML_REDUCTION_MEAN, NULL, loss, NULL, NULL, NULL) == ML_OK);
    CHECK(loss[0] == 0);
  }
}

static void errors_write_nothing(int f64) {
  double loss[3], ga[6], gp[6], gn[6];
  fill(loss, 3);
  fill(ga, 6);
  fill(gp, 6);
  fill(gn, 6);
  const options ok = {1, 2, DEFAULT_EPS, 0};
#define CALL(a, p, n, o, reduction, l) triplet(f64, a, p, n, 3, 2, o, reduction, NULL, l, ga, gp, gn)
  CHECK(CALL(NULL, POS, NEG, ok, ML_REDUCTION_NONE, loss) == ML_ERR_NULL_POINTER);
  CHECK(CALL(A, NULL, NEG, ok, ML_REDUCTION_NONE, loss) == ML_ERR_NULL_POINTER);
  CHECK(CALL(A, POS, NULL, ok, ML_REDUCTION_NONE, loss) == ML_ERR_NULL_POINTER);
  CHECK(CALL(A, POS, NEG, ok, ML_REDUCTION_NONE, NULL) == ML_ERR_NULL_POINTER);
  CHECK(CALL(A, POS, NEG, ok, 3, loss) == ML_ERR_BAD_REDUCTION);
  CHECK(CALL(A, POS, NEG, ok, -1, loss) == ML_ERR_BAD_REDUCTION);
  CHECK(CALL(A, POS, NEG, ((options){NAN, 2, DEFAULT_EPS, 0}), ML_REDUCTION_NONE, loss) ==
        ML_ERR_BAD_MARGIN);
  static const double bad_p[] = {0.999, 0, -1, NAN, INFINITY, -INFINITY};
  for (size_t k = 0; k < sizeof bad_p / sizeof bad_p[0]; k++) {
    CHECK(CALL(A, POS, NEG, ((options){1, bad_p[k], DEFAULT_EPS, 0}), ML_REDUCTION_NONE, loss) ==
          ML_ERR_BAD_P);
  }
  static const double bad_eps[] = {-1e-6, -INFINITY, NAN, INFINITY};
  for (size_t k = 0; k < sizeof bad_eps / sizeof bad_eps[0]; k++) {
    CHECK(CALL(A, POS, NEG, ((options){1, 2, bad_eps[k], 0}), ML_REDUCTION_NONE, loss) ==
          ML_ERR_BAD_EPS);
  }
#undef CALL
  CHECK(untouched(loss, 3) && untouched(ga, 6) && untouched(gp, 6) && untouched(gn, 6));
  /* An eps that float32 rounds to infinity is not finite in the computation's dtype. */
  CHECK(triplet(f64, A, POS, NEG, 3, 2, (options){1, 2, 1e300, 0}, ML_REDUCTION_NONE, NULL, loss, ga,
                gp, gn) == (f64 ? ML_OK : ML_ERR_BAD_EPS));
  if (!f64) CHECK(untouched(loss, 3) && untouched(ga, 6) && untouched(gp, 6) && untouched(gn, 6));
  CHECK(strcmp(ml_status_name(ML_ERR_BAD_EPS), "ML_ERR_BAD_EPS") == 0);
}

/* A partial call with a phase that is neither CHECK nor COMPUTE is refused before anything is written. */
static void bad_phase(void) {
  float af[6], loss[3], grad[6];
  for (int i = 0; i < 6; i++) af[i] = (float)A[i], grad[i] = 7;
  loss[0] = loss[1] = loss[2] = 7;
  ml_partial partial;
  memset(&partial, 0, sizeof partial);
  partial.phase = 2;
  CHECK(ml_f32_triplet_margin_partial(af, af, af, 3, 2, 1, 2, 0, 0, ML_REDUCTION_NONE, NULL, loss,
                                      grad, NULL, NULL, &partial) == ML_ERR_BAD_PHASE);
  CHECK(loss[0] == 7 && loss[1] == 7 && loss[2] == 7 && grad[0] == 7 && grad[5] == 7);
}

int main(void) {
  for (int f64 = 0; f64 <= 1; f64++) {
    spec_values(f64);
    spec_variants(f64);
    swap_tie_splits_the_gradient(f64);
    fractional_p(f64);
    nan_and_inf_rows(f64);
    anchor_equal_to_positive(f64);
    zero_distance_has_zero_gradient(f64);
    kink_is_active_with_one_coordinate(f64);
    upstream_gradient_scales(f64);
    optional_gradients(f64);
    empty_batch_and_empty_rows(f64);
    errors_write_nothing(f64);
  }
  bad_phase();
  CHECK_DONE();
}
