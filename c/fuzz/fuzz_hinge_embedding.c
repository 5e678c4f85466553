/* libFuzzer harness for HingeEmbeddingLoss: see fuzz_common.h for what is checked. */
#include "fuzz_common.h"

typedef struct {
  int f64;
  size_t n;
  double margin;
  void *x, *y;
} ctx_t;

static int call(const void *p, int reduction, const void *g, void *loss, void *grad, void *grad2) {
  const ctx_t *c = p;
  (void)grad2;
  if (c->f64) {
    return ml_f64_hinge_embedding((const double *)c->x, (const double *)c->y, c->n, c->margin, reduction, (const double *)g, (double *)loss, (double *)grad);
  }
  return ml_f32_hinge_embedding((const float *)c->x, (const float *)c->y, c->n, c->margin, reduction, (const float *)g, (float *)loss, (float *)grad);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = {data, size, 0};
  ctx_t c = {0};
  c.f64 = fz_byte(&r) & 1;
  c.n = fz_size(&r, 40);
  c.margin = fz_value(&r);
  c.x = fz_floats(&r, c.n, c.f64);
  c.y = fz_floats(&r, c.n, c.f64);
  fz_run(&r, &c, call, c.f64, c.n, c.n, 0);
  return 0;
}
