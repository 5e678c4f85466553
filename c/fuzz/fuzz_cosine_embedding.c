/* libFuzzer harness for CosineEmbeddingLoss: see fuzz_common.h for what is checked. */
#include "fuzz_common.h"

typedef struct {
  int f64;
  size_t rows, dim;
  double margin;
  void *x1, *x2, *y;
} ctx_t;

static int call(const void *p, int reduction, const void *g, void *loss, void *grad, void *grad2) {
  const ctx_t *c = p;
  if (c->f64) {
    return ml_f64_cosine_embedding((const double *)c->x1, (const double *)c->x2, (const double *)c->y, c->rows, c->dim, c->margin, reduction, (const double *)g, (double *)loss, (double *)grad, (double *)grad2);
  }
  return ml_f32_cosine_embedding((const float *)c->x1, (const float *)c->x2, (const float *)c->y, c->rows, c->dim, c->margin, reduction, (const float *)g, (float *)loss, (float *)grad, (float *)grad2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = {data, size, 0};
  ctx_t c = {0};
  c.f64 = fz_byte(&r) & 1;
  c.rows = fz_size(&r, 6);
  c.dim = fz_size(&r, 12);
  c.margin = fz_value(&r);
  const size_t n = c.rows * c.dim;
  c.x1 = fz_floats(&r, n, c.f64);
  c.x2 = fz_floats(&r, n, c.f64);
  c.y = fz_floats(&r, c.rows, c.f64);
  fz_run(&r, &c, call, c.f64, c.rows, n, n);
  return 0;
}
