/* libFuzzer harness for MultiLabelSoftMarginLoss: see fuzz_common.h for what is checked. */
#include "fuzz_common.h"

typedef struct {
  int f64;
  size_t rows, classes;
  void *x, *y, *w;
} ctx_t;

static int call(const void *p, int reduction, const void *g, void *loss, void *grad, void *grad2) {
  const ctx_t *c = p;
  (void)grad2;
  if (c->f64) {
    return ml_f64_multilabel_soft_margin((const double *)c->x, (const double *)c->y, (const double *)c->w, c->rows, c->classes, reduction, (const double *)g, (double *)loss, (double *)grad);
  }
  return ml_f32_multilabel_soft_margin((const float *)c->x, (const float *)c->y, (const float *)c->w, c->rows, c->classes, reduction, (const float *)g, (float *)loss, (float *)grad);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = {data, size, 0};
  ctx_t c = {0};
  c.f64 = fz_byte(&r) & 1;
  c.rows = fz_size(&r, 6);
  c.classes = fz_size(&r, 8);
  const size_t n = c.rows * c.classes;
  c.x = fz_floats(&r, n, c.f64);
  c.y = fz_floats(&r, n, c.f64);
  c.w = fz_byte(&r) & 1 ? fz_floats(&r, c.classes, c.f64) : NULL;
  fz_run(&r, &c, call, c.f64, c.rows, n, 0);
  return 0;
}
