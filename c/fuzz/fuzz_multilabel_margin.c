/* libFuzzer harness for MultiLabelMarginLoss: see fuzz_common.h for what is checked. */
#include "fuzz_common.h"

typedef struct {
  int f64;
  size_t rows, classes;
  void *x;
  int32_t *t;
  uint8_t *workspace;
} ctx_t;

static int call(const void *p, int reduction, const void *g, void *loss, void *grad, void *grad2) {
  const ctx_t *c = p;
  (void)grad2;
  if (c->f64) {
    return ml_f64_multilabel_margin((const double *)c->x, c->t, c->rows, c->classes, reduction, (const double *)g, (double *)loss, (double *)grad, c->workspace);
  }
  return ml_f32_multilabel_margin((const float *)c->x, c->t, c->rows, c->classes, reduction, (const float *)g, (float *)loss, (float *)grad, c->workspace);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = {data, size, 0};
  ctx_t c = {0};
  c.f64 = fz_byte(&r) & 1;
  c.rows = fz_size(&r, 6);
  c.classes = fz_size(&r, 8);
  const size_t n = c.rows * c.classes;
  c.x = fz_floats(&r, n, c.f64);
  c.t = fz_indices(&r, n, c.classes);
  c.workspace = malloc(c.classes + (c.classes == 0));
  fz_run(&r, &c, call, c.f64, c.rows, n, 0);
  free(c.workspace);
  return 0;
}
