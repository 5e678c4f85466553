/*
 * Shared by the libFuzzer harnesses (one per loss, fuzz_<loss>.c). A harness decodes the fuzzer's bytes
 * into one call — dtype, sizes, reduction (sometimes invalid), options, data with NaN/inf/subnormal/huge
 * values, class indices sometimes out of range — allocates every buffer at its exact size (so ASan sees
 * any overrun) and hands a call function to fz_run, which checks the contract of marginloss.h:
 *   - inputs are never written;
 *   - a non-OK status leaves every output untouched;
 *   - the same call twice gives the same bits (no uninitialised reads, no hidden state);
 *   - 'sum' equals the sum of 'none' (when everything is finite), and 'mean' runs too.
 * Sanitizers (address, undefined) catch the rest; any finding aborts.
 */
#ifndef ML_FUZZ_COMMON_H
#define ML_FUZZ_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marginloss.h"

typedef struct {
  const uint8_t *data;
  size_t size;
  size_t pos;
} fz_reader;

static inline uint8_t fz_byte(fz_reader *r) { return r->pos < r->size ? r->data[r->pos++] : 0; }

/* A size in [0, max]. */
static inline size_t fz_size(fz_reader *r, size_t max) { return fz_byte(r) % (max + 1); }

static const double FZ_SPECIAL[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 2.0, NAN, INFINITY, -INFINITY, 1e30, -1e30, 3.4e38, -3.4e38,
    1e300, -1e300, 1.4e-45, -1.4e-45, 4.9e-324, 1.17549435e-38, 2.2250738585072014e-308, 100.0,
    -100.0, 88.8, -88.8, 709.9, -709.9, 1000.0, -1000.0, 0.9765625e-3, 1.0 + 0x1p-52, 1.0 - 0x1p-24,
};
#define FZ_SPECIALS (sizeof FZ_SPECIAL / sizeof FZ_SPECIAL[0])

/* A value: a special one, raw bits, or a small multiple of 1/16 (which hits hinge kinks exactly). */
static inline double fz_value(fz_reader *r) {
  const uint8_t b = fz_byte(r);
  if (b < FZ_SPECIALS) return FZ_SPECIAL[b];
  if (b < 40) {
    uint64_t bits = 0;
    for (int i = 0; i < 8; i++) bits = bits << 8 | fz_byte(r);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
  }
  return ((int)b - 148) / 16.0;
}

/* A class index for `classes` classes: mostly in [-1, classes], sometimes far out of range. */
static inline int32_t fz_index(fz_reader *r, size_t classes) {
  const uint8_t b = fz_byte(r);
  switch (b) {
    case 255: return INT32_MAX;
    case 254: return INT32_MIN;
    case 253: return -100;
    case 252: return -2;
    default: return (int32_t)(b % (classes + 2)) - 1;
  }
}

#define FZ_FAIL(...)                  \
  do {                                \
    fprintf(stderr, "fuzz: ");       \
    fprintf(stderr, __VA_ARGS__);     \
    fprintf(stderr, "\n");           \
    abort();                          \
  } while (0)

/*
 * The inputs of the current call, each with a copy to check it is never written. The array makers below
 * register what they allocate, and fz_release_inputs frees it, so no harness can forget either.
 */
#define FZ_MAX_INPUTS 8
static struct {
  void *ptr;
  void *copy;
  size_t bytes;
} fz_inputs[FZ_MAX_INPUTS];
static int fz_input_count;

static inline void *fz_input(void *ptr, size_t bytes) {
  if (fz_input_count == FZ_MAX_INPUTS) FZ_FAIL("more than %d inputs", FZ_MAX_INPUTS);
  fz_inputs[fz_input_count].ptr = ptr;
  fz_inputs[fz_input_count].copy = malloc(bytes + 1);
  memcpy(fz_inputs[fz_input_count].copy, ptr, bytes);
  fz_inputs[fz_input_count].bytes = bytes;
  fz_input_count++;
  return ptr;
}

static inline void fz_check_inputs(const char *when) {
  for (int i = 0; i < fz_input_count; i++) {
    if (memcmp(fz_inputs[i].ptr, fz_inputs[i].copy, fz_inputs[i].bytes) != 0) {
      FZ_FAIL("input %d was written (%s)", i, when);
    }
  }
}

static inline void fz_release_inputs(void) {
  for (int i = 0; i < fz_input_count; i++) {
    free(fz_inputs[i].ptr);
    free(fz_inputs[i].copy);
  }
  fz_input_count = 0;
}

/* An input of n floats in the dtype, allocated at exactly n elements (NULL-free: malloc(0) too). */
static inline void *fz_floats(fz_reader *r, size_t n, int f64) {
  const size_t bytes = n * (f64 ? sizeof(double) : sizeof(float));
  void *p = malloc(bytes + (n == 0));
  for (size_t i = 0; i < n; i++) {
    const double v = fz_value(r);
    if (f64) ((double *)p)[i] = v;
    else ((float *)p)[i] = (float)v;
  }
  return fz_input(p, bytes);
}

/* An input of n class indices. */
static inline int32_t *fz_indices(fz_reader *r, size_t n, size_t classes) {
  int32_t *p = malloc(n * sizeof(int32_t) + (n == 0));
  for (size_t i = 0; i < n; i++) p[i] = fz_index(r, classes);
  return fz_input(p, n * sizeof(int32_t));
}

static inline double fz_get(const void *p, size_t i, int f64) {
  return f64 ? ((const double *)p)[i] : (double)((const float *)p)[i];
}

/* Calls the loss with these output buffers (NULL grads skip the backward pass); returns the status. */
typedef int (*fz_call)(const void *ctx, int reduction, const void *grad_output, void *loss, void *grad,
                       void *grad2);

typedef struct {
  void *loss, *grad, *grad2;
  const void *grad_output; /* an input: owned by the input list */
  size_t loss_bytes, grad_bytes, grad2_bytes;
} fz_outputs;

static inline fz_outputs fz_make_outputs(size_t loss_len, size_t grad_len, size_t grad2_len,
                                         size_t esize, int with_grad, int with_grad2) {
  fz_outputs o = {0};
  o.loss_bytes = loss_len * esize;
  o.grad_bytes = with_grad ? grad_len * esize : 0;
  o.grad2_bytes = with_grad2 ? grad2_len * esize : 0;
  o.loss = malloc(o.loss_bytes + (o.loss_bytes == 0));
  memset(o.loss, 0xA5, o.loss_bytes);
  if (with_grad) {
    o.grad = malloc(o.grad_bytes + (o.grad_bytes == 0));
    memset(o.grad, 0xA5, o.grad_bytes);
  }
  if (with_grad2) {
    o.grad2 = malloc(o.grad2_bytes + (o.grad2_bytes == 0));
    memset(o.grad2, 0xA5, o.grad2_bytes);
  }
  return o;
}

static inline int fz_untouched(const void *p, size_t bytes) {
  for (size_t i = 0; i < bytes; i++) {
    if (((const uint8_t *)p)[i] != 0xA5) return 0;
  }
  return 1;
}

static inline void fz_free_outputs(fz_outputs *o) {
  free(o->loss);
  free(o->grad);
  free(o->grad2);
}

/*
 * Runs the call for the reader's reduction (0..3; 3 is invalid) and checks the contract. `outputs` is
 * the number of loss values for 'none'; grad_len/grad2_len the gradient lengths (grad2_len 0: none).
 */
static inline void fz_run(fz_reader *r, const void *ctx, fz_call call, int f64, size_t outputs,
                          size_t grad_len, size_t grad2_len) {
  const size_t esize = f64 ? sizeof(double) : sizeof(float);
  const uint8_t flags = fz_byte(r);
  const int reduction = flags & 3;
  const int with_grad = !(flags & 4);
  const int with_grad2 = grad2_len > 0 && !(flags & 8);
  const int with_grad_output = (flags & 16) != 0;
  const size_t loss_len = reduction == ML_REDUCTION_NONE ? outputs : 1;

  fz_outputs a = fz_make_outputs(loss_len, grad_len, grad2_len, esize, with_grad, with_grad2);
  fz_outputs b = fz_make_outputs(loss_len, grad_len, grad2_len, esize, with_grad, with_grad2);
  if (with_grad_output) {
    const size_t n = reduction == ML_REDUCTION_NONE ? outputs : 1;
    a.grad_output = fz_floats(r, n, f64);
  }

  const int status = call(ctx, reduction, a.grad_output, a.loss, a.grad, a.grad2);
  fz_check_inputs("first call");
  if (status != ML_OK) {
    if (!fz_untouched(a.loss, a.loss_bytes) || (a.grad && !fz_untouched(a.grad, a.grad_bytes)) ||
        (a.grad2 && !fz_untouched(a.grad2, a.grad2_bytes))) {
      FZ_FAIL("status %s but an output was written", ml_status_name(status));
    }
    if (reduction <= ML_REDUCTION_SUM && status == ML_ERR_BAD_REDUCTION) FZ_FAIL("valid reduction refused");
    goto done;
  }
  if (reduction > ML_REDUCTION_SUM) FZ_FAIL("invalid reduction %d accepted", reduction);

  /* The same call again: the same bits. */
  if (call(ctx, reduction, a.grad_output, b.loss, b.grad, b.grad2) != ML_OK) FZ_FAIL("second call failed");
  if (memcmp(a.loss, b.loss, a.loss_bytes) || (a.grad && memcmp(a.grad, b.grad, a.grad_bytes)) ||
      (a.grad2 && memcmp(a.grad2, b.grad2, a.grad2_bytes))) {
    FZ_FAIL("the same call gave different results");
  }
  fz_check_inputs("second call");

  /* 'sum' against the sum of 'none' (without an upstream gradient). */
  if (reduction == ML_REDUCTION_NONE && !with_grad_output) {
    double sum = 0, magnitude = 0;
    int finite = 1;
    for (size_t i = 0; i < outputs; i++) {
      const double v = fz_get(a.loss, i, f64);
      finite &= isfinite(v);
      sum += v;
      magnitude += fabs(v);
    }
    fz_outputs s = fz_make_outputs(1, grad_len, grad2_len, esize, 0, 0);
    if (call(ctx, ML_REDUCTION_SUM, NULL, s.loss, NULL, NULL) != ML_OK) FZ_FAIL("'sum' failed where 'none' worked");
    const double total = fz_get(s.loss, 0, f64);
    /* Skipped near the dtype's overflow threshold, where the rounded total may legitimately be inf. */
    const double overflow = f64 ? 1e307 : 1e38;
    if (finite && magnitude < overflow && fabs(total - sum) > (f64 ? 1e-9 : 1e-5) * magnitude + 1e-30) {
      FZ_FAIL("'sum' %.17g but the 'none' values add up to %.17g", total, sum);
    }
    fz_free_outputs(&s);
    fz_outputs m = fz_make_outputs(1, grad_len, grad2_len, esize, 1, grad2_len > 0);
    if (call(ctx, ML_REDUCTION_MEAN, NULL, m.loss, m.grad, m.grad2) != ML_OK) FZ_FAIL("'mean' failed where 'none' worked");
    fz_free_outputs(&m);
    fz_check_inputs("'sum' and 'mean'");
  }
done:
  fz_free_outputs(&a);
  fz_free_outputs(&b);
  fz_release_inputs();
}

#endif /* ML_FUZZ_COMMON_H */
