/* libFuzzer harness for CrossEntropyLoss (index and probability targets): see fuzz_common.h for what is checked. */
#include "fuzz_common.h"

typedef struct {
  int f64;
  size_t batch, classes, inner;
  int probabilities;
  int32_t ignore_index;
  double smoothing;
  void *x, *y, *w;
  int32_t *t;
} ctx_t;

static int call(const void *p, int reduction, const void *g, void *loss, void *grad, void *grad2) {
  const ctx_t *c = p;
  (void)grad2;
  if (c->f64) {
    return c->probabilities
        ? ml_f64_cross_entropy_prob((const double *)c->x, (const double *)c->y, (const double *)c->w, c->batch, c->classes, c->inner, c->smoothing, reduction, (const double *)g, (double *)loss, (double *)grad)
        : ml_f64_cross_entropy_index((const double *)c->x, c->t, (const double *)c->w, c->batch, c->classes, c->inner, c->ignore_index, c->smoothing, reduction, (const double *)g, (double *)loss, (double *)grad);
  }
  return c->probabilities
        ? ml_f32_cross_entropy_prob((const float *)c->x, (const float *)c->y, (const float *)c->w, c->batch, c->classes, c->inner, c->smoothing, reduction, (const float *)g, (float *)loss, (float *)grad)
        : ml_f32_cross_entropy_index((const float *)c->x, c->t, (const float *)c->w, c->batch, c->classes, c->inner, c->ignore_index, c->smoothing, reduction, (const float *)g, (float *)loss, (float *)grad);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = {data, size, 0};
  ctx_t c = {0};
  c.f64 = fz_byte(&r) & 1;
  c.batch = fz_size(&r, 4);
  c.classes = fz_size(&r, 6);
  c.inner = fz_size(&r, 3);
  const uint8_t options = fz_byte(&r);
  c.probabilities = options & 1;
  c.ignore_index = options & 2 ? fz_index(&r, c.classes) : -100;
  c.smoothing = options & 4 ? fz_value(&r) : 0.0;
  const size_t n = c.batch * c.classes * c.inner;
  const size_t positions = c.batch * c.inner;
  c.x = fz_floats(&r, n, c.f64);
  if (c.probabilities) c.y = fz_floats(&r, n, c.f64);
  else c.t = fz_indices(&r, positions, c.classes);
  c.w = options & 8 ? fz_floats(&r, c.classes, c.f64) : NULL;
  fz_run(&r, &c, call, c.f64, positions, n, 0);
  return 0;
}
