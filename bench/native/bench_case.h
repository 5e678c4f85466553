/*
 * One benchmark case: a loss, its shape and one set of inputs. bench.c fills and times it; case_call runs
 * it, defined once by call_kernels.c (the package's kernels) and once by call_loops.c (plain C loops).
 */
#ifndef ML_BENCH_CASE_H
#define ML_BENCH_CASE_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_case {
  const char *loss; /* the C name: soft_margin, cross_entropy_index, ... */
  size_t rows, classes, n; /* the embedding losses: rows of `classes` features */
  const float *x, *x2, *x3; /* x2, x3: the second and third inputs of the losses that have them */
  const float *yf;          /* float labels: one per element, or one per row for cosine embedding */
  const int32_t *yi;        /* class indices (one per row) or index lists (one row of classes per row) */
  float *loss_out, *grad, *grad2, *grad3;
  uint8_t *workspace; /* classes bytes, for multilabel margin */
} bench_case;

/* One call, reduction 'mean', float32; gradients only when `backward`. Returns 0 on success. */
int case_call(const bench_case *c, int backward);

#endif
