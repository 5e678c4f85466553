/*
 * libFuzzer harness for TripletMarginLoss: see fuzz_common.h for what is checked. fz_run checks two
 * gradient outputs; the input picks which two of the three are those, and the third goes to a buffer of
 * exactly its size here (or NULL), which must stay untouched whenever the call fails.
 */
#include "fuzz_common.h"

typedef struct {
  int f64, swap, pair;
  size_t rows, dim;
  double margin, p, eps;
  void *anchor, *positive, *negative;
  void *third; /* the gradient fz_run does not see, or NULL */
  size_t third_bytes;
} ctx_t;

/* p and eps: the fast paths, other valid values, and invalid ones (below 1 or negative, NaN, inf). */
static double pick_p(fz_reader *r) {
  static const double P[] = {2, 1, 1.5, 3, 1.25, 7, 0.5, 0, -2, NAN, INFINITY};
  const uint8_t b = fz_byte(r);
  return b < sizeof P / sizeof P[0] ? P[b] : fz_value(r);
}

static double pick_eps(fz_reader *r) {
  static const double EPS[] = {1e-6, 0, 0.5, -1e-6, NAN, INFINITY, 1e300};
  const uint8_t b = fz_byte(r);
  return b < sizeof EPS / sizeof EPS[0] ? EPS[b] : fz_value(r);
}

static int call(const void *p, int reduction, const void *g, void *loss, void *grad, void *grad2) {
  const ctx_t *c = p;
  void *third = c->third;
  if (third) memset(third, 0xA5, c->third_bytes);
  void *grads[3][3] = {{grad, grad2, third}, {third, grad, grad2}, {grad, third, grad2}};
  void **out = grads[c->pair];
  int status;
  if (c->f64) {
    status = ml_f64_triplet_margin((const double *)c->anchor, (const double *)c->positive,
                                   (const double *)c->negative, c->rows, c->dim, c->margin, c->p,
                                   c->eps, c->swap, reduction, (const double *)g, (double *)loss,
                                   (double *)out[0], (double *)out[1], (double *)out[2]);
  } else {
    status = ml_f32_triplet_margin((const float *)c->anchor, (const float *)c->positive,
                                   (const float *)c->negative, c->rows, c->dim, c->margin, c->p,
                                   c->eps, c->swap, reduction, (const float *)g, (float *)loss,
                                   (float *)out[0], (float *)out[1], (float *)out[2]);
  }
  if (status != ML_OK && third && !fz_untouched(third, c->third_bytes)) {
    FZ_FAIL("status %s but the third gradient was written", ml_status_name(status));
  }
  return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_reader r = {data, size, 0};
  ctx_t c = {0};
  const uint8_t flags = fz_byte(&r);
  c.f64 = flags & 1;
  c.swap = (flags >> 1) & 1;
  c.pair = (flags >> 2) % 3;
  c.rows = fz_size(&r, 8);
  c.dim = fz_size(&r, 20);
  c.margin = fz_value(&r);
  c.p = pick_p(&r);
  c.eps = pick_eps(&r);
  const size_t n = c.rows * c.dim;
  c.anchor = fz_floats(&r, n, c.f64);
  c.positive = fz_byte(&r) & 1 ? c.anchor : fz_floats(&r, n, c.f64); /* a = pos: the swap tie */
  c.negative = fz_floats(&r, n, c.f64);
  if (!(flags & 32)) {
    c.third_bytes = n * (c.f64 ? sizeof(double) : sizeof(float));
    c.third = malloc(c.third_bytes + (c.third_bytes == 0));
  }
  fz_run(&r, &c, call, c.f64, c.rows, n, n);
  free(c.third);
  return 0;
}
