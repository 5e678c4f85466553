/* case_call on the package's kernels (c/include/marginloss.h), with the arguments the JS binding passes. */
#include <string.h>

#include "bench_case.h"
#include "marginloss.h"

static int is(const bench_case *c, const char *name) { return strcmp(c->loss, name) == 0; }

/* The elementwise losses take a 1-D input (rows = 1, classes = n for BCE, as the binding passes it). */
int case_call(const bench_case *c, int backward) {
  const int mean = ML_REDUCTION_MEAN;
  float *g = backward ? c->grad : NULL;
  if (is(c, "soft_margin")) return ml_f32_soft_margin(c->x, c->yf, c->n, mean, NULL, c->loss_out, g);
  if (is(c, "multilabel_soft_margin"))
    return ml_f32_multilabel_soft_margin(c->x, c->yf, NULL, c->rows, c->classes, mean, NULL, c->loss_out, g);
  if (is(c, "multi_margin"))
    return ml_f32_multi_margin(c->x, c->yi, NULL, c->rows, c->classes, 1, 1.0, mean, NULL, c->loss_out, g);
  if (is(c, "multilabel_margin"))
    return ml_f32_multilabel_margin(c->x, c->yi, c->rows, c->classes, mean, NULL, c->loss_out, g, c->workspace);
  if (is(c, "bce_with_logits"))
    return ml_f32_bce_with_logits(c->x, c->yf, NULL, 0, NULL, 1, c->n, mean, NULL, c->loss_out, g);
  if (is(c, "cross_entropy_index"))
    return ml_f32_cross_entropy_index(c->x, c->yi, NULL, c->rows, c->classes, 1, -100, 0.0, mean, NULL,
                                      c->loss_out, g);
  if (is(c, "hinge_embedding")) return ml_f32_hinge_embedding(c->x, c->yf, c->n, 1.0, mean, NULL, c->loss_out, g);
  if (is(c, "margin_ranking"))
    return ml_f32_margin_ranking(c->x, c->x2, c->yf, c->n, 0.0, mean, NULL, c->loss_out, g,
                                 backward ? c->grad2 : NULL);
  /* The embedding losses with their defaults: margin 0; margin 1, p = 2, eps 1e-6, no swap. */
  if (is(c, "cosine_embedding"))
    return ml_f32_cosine_embedding(c->x, c->x2, c->yf, c->rows, c->classes, 0.0, mean, NULL, c->loss_out, g,
                                   backward ? c->grad2 : NULL);
  if (is(c, "triplet_margin"))
    return ml_f32_triplet_margin(c->x, c->x2, c->x3, c->rows, c->classes, 1.0, 2.0, 1e-6, 0, mean, NULL,
                                 c->loss_out, g, backward ? c->grad2 : NULL, backward ? c->grad3 : NULL);
  return -1;
}
