/*
 * Native timing of the marginloss kernels: the same C as the WebAssembly builds, compiled for this CPU,
 * on the same inputs (bench/cases.mjs generates them with the same xorshift32 stream), so the WASM kernel
 * can be compared with its ceiling. Prints one JSON object on stdout; bench/run.mjs reads it.
 *
 *   bench-native --shapes 1x10,1x100,100x100,10000x100 [--losses soft_margin,...] [--rounds 11]
 *                [--batch-ms 10] [--warmup-ms 50]
 *
 * Every loss (or those listed) runs at every shape (rows x classes; the elementwise losses take
 * rows*classes elements), forward only and forward+backward, reduction 'mean', float32. Each
 * measurement: warm-up, then `rounds` batches of `reps` calls (reps chosen so one batch takes about
 * batch-ms); the median batch gives ns/call.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marginloss.h"

/* ---- inputs: must match bench/cases.mjs bit for bit ---- */

static uint32_t rng_next(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

static uint32_t seed_for(size_t rows, size_t classes) {
  uint32_t s = ((uint32_t)rows * 0x9E3779B1u) ^ ((uint32_t)classes * 0x85EBCA77u) ^ 0x2545F491u;
  if (s == 0) s = 1;
  for (int i = 0; i < 8; i++) rng_next(&s);
  return s;
}

static float rand_logit(uint32_t *s) {
  const double u = (double)(rng_next(s) >> 8) * (1.0 / 16777216.0);
  return (float)(6.0 * u - 3.0);
}
static float rand_sign(uint32_t *s) { return (rng_next(s) >> 31) ? 1.0f : -1.0f; }
static float rand_bit(uint32_t *s) { return (float)(rng_next(s) >> 31); }
static int32_t rand_index(uint32_t *s, size_t below) { return (int32_t)(rng_next(s) % (uint32_t)below); }

/* ---- one case: the loss, its buffers, one call ---- */

typedef struct bench_case {
  const char *loss;
  size_t rows, classes, n;
  float *x, *x2, *yf, *loss_out, *grad, *grad2;
  int32_t *yi;
  uint8_t *workspace;
} bench_case;

static void *xmalloc(size_t bytes) {
  void *p = malloc(bytes ? bytes : 8);
  if (!p) {
    fprintf(stderr, "bench-native: out of memory (%zu bytes)\n", bytes);
    exit(2);
  }
  return p;
}

static const char *const LOSSES[] = {
    "soft_margin", "multilabel_soft_margin", "multi_margin", "multilabel_margin",
    "bce_with_logits", "cross_entropy_index", "hinge_embedding", "margin_ranking",
};
#define LOSS_COUNT (sizeof LOSSES / sizeof LOSSES[0])

static int is(const bench_case *c, const char *name) { return strcmp(c->loss, name) == 0; }

/* Fills the inputs in the order bench/cases.mjs does: x, then (x2,) then the targets. */
static void case_init(bench_case *c, const char *loss, size_t rows, size_t classes) {
  memset(c, 0, sizeof *c);
  c->loss = loss;
  c->rows = rows;
  c->classes = classes;
  c->n = rows * classes;
  const size_t n = c->n;
  uint32_t s = seed_for(rows, classes);
  c->x = xmalloc(n * sizeof(float));
  c->grad = xmalloc(n * sizeof(float));
  c->loss_out = xmalloc(sizeof(float));
  for (size_t i = 0; i < n; i++) c->x[i] = rand_logit(&s);
  if (is(c, "margin_ranking")) {
    c->x2 = xmalloc(n * sizeof(float));
    c->grad2 = xmalloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) c->x2[i] = rand_logit(&s);
  }
  if (is(c, "soft_margin") || is(c, "hinge_embedding") || is(c, "margin_ranking")) {
    c->yf = xmalloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) c->yf[i] = rand_sign(&s);
  } else if (is(c, "multilabel_soft_margin") || is(c, "bce_with_logits")) {
    c->yf = xmalloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) c->yf[i] = rand_bit(&s);
  } else if (is(c, "multi_margin") || is(c, "cross_entropy_index")) {
    c->yi = xmalloc(rows * sizeof(int32_t));
    for (size_t r = 0; r < rows; r++) c->yi[r] = rand_index(&s, classes);
  } else if (is(c, "multilabel_margin")) {
    c->yi = xmalloc(n * sizeof(int32_t));
    c->workspace = xmalloc(classes);
    for (size_t r = 0; r < rows; r++) {
      size_t k = 1 + rng_next(&s) % 4;
      if (k > classes) k = classes;
      for (size_t j = 0; j < classes; j++) c->yi[r * classes + j] = j < k ? rand_index(&s, classes) : -1;
    }
  }
}

static void case_free(bench_case *c) {
  free(c->x);
  free(c->x2);
  free(c->yf);
  free(c->yi);
  free(c->loss_out);
  free(c->grad);
  free(c->grad2);
  free(c->workspace);
}

/* One call, reduction 'mean'; backward only when `backward`. Returns the status. The elementwise losses
 * take a 1-D input (rows = 1, classes = n for BCE, as the JS binding passes a 1-D shape). */
static int case_call(const bench_case *c, int backward) {
  const int mean = ML_REDUCTION_MEAN;
  float *g = backward ? c->grad : NULL;
  if (is(c, "soft_margin")) return ml_f32_soft_margin(c->x, c->yf, c->n, mean, NULL, c->loss_out, g);
  if (is(c, "multilabel_soft_margin"))
    return ml_f32_multilabel_soft_margin(c->x, c->yf, NULL, c->rows, c->classes, mean, NULL, c->loss_out, g);
  if (is(c, "multi_margin"))
    return ml_f32_multi_margin(c->x, c->yi, NULL, c->rows, c->classes, 1, 1.0, mean, NULL, c->loss_out, g);
  if (is(c, "multilabel_margin"))
    return ml_f32_multilabel_margin(c->x, c->yi, c->rows, c->classes, mean, NULL, c->loss_out, g,
                                    c->workspace);
  if (is(c, "bce_with_logits"))
    return ml_f32_bce_with_logits(c->x, c->yf, NULL, 0, NULL, 1, c->n, mean, NULL, c->loss_out, g);
  if (is(c, "cross_entropy_index"))
    return ml_f32_cross_entropy_index(c->x, c->yi, NULL, c->rows, c->classes, 1, -100, 0.0, mean, NULL,
                                      c->loss_out, g);
  if (is(c, "hinge_embedding")) return ml_f32_hinge_embedding(c->x, c->yf, c->n, 1.0, mean, NULL, c->loss_out, g);
  if (is(c, "margin_ranking"))
    return ml_f32_margin_ranking(c->x, c->x2, c->yf, c->n, 0.0, mean, NULL, c->loss_out, g,
                                 backward ? c->grad2 : NULL);
  return -1;
}

/* ---- timing ---- */

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, size_t n) {
  qsort(v, n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

typedef struct timing {
  double median_ns, min_ns;
  long reps;
  int rounds;
} timing;

static timing measure(const bench_case *c, int backward, int rounds, double batch_ms, double warmup_ms) {
  /* Warm-up: at least two calls and warmup_ms; the last calls estimate one call's cost. */
  double start = now_ns(), elapsed = 0.0;
  long calls = 0;
  double last = 0.0;
  while (calls < 2 || elapsed < warmup_ms * 1e6) {
    const double t0 = now_ns();
    case_call(c, backward);
    last = now_ns() - t0;
    calls++;
    elapsed = now_ns() - start;
  }
  const double per_call = elapsed / (double)calls < last ? elapsed / (double)calls : last;
  long reps = (long)(batch_ms * 1e6 / (per_call > 1.0 ? per_call : 1.0));
  if (reps < 1) reps = 1;
  double *samples = xmalloc((size_t)rounds * sizeof(double));
  for (int r = 0; r < rounds; r++) {
    const double t0 = now_ns();
    for (long i = 0; i < reps; i++) case_call(c, backward);
    samples[r] = (now_ns() - t0) / (double)reps;
  }
  timing t = {0.0, samples[0], reps, rounds};
  for (int r = 1; r < rounds; r++) {
    if (samples[r] < t.min_ns) t.min_ns = samples[r];
  }
  t.median_ns = median(samples, (size_t)rounds);
  free(samples);
  return t;
}

/* ---- main ---- */

#ifndef ML_BENCH_FLAGS
#define ML_BENCH_FLAGS "unknown"
#endif

/* Whether `name` is one of the comma-separated entries of `list`. */
static int listed(const char *list, const char *name) {
  const size_t len = strlen(name);
  for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
    if (strncmp(p, name, len) == 0 && (p[len] == ',' || p[len] == '\0')) return 1;
  }
  return 0;
}

static void usage(void) {
  fprintf(stderr, "usage: bench-native --shapes RxC[,RxC...] [--losses NAME[,NAME...]] [--rounds N] [--batch-ms MS] "
                  "[--warmup-ms MS]\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *shapes = NULL, *losses = NULL;
  int rounds = 11;
  double batch_ms = 10.0, warmup_ms = 50.0;
  for (int i = 1; i < argc; i++) {
    if (i + 1 >= argc) usage();
    if (strcmp(argv[i], "--shapes") == 0) {
      shapes = argv[++i];
    } else if (strcmp(argv[i], "--losses") == 0) {
      losses = argv[++i];
    } else if (strcmp(argv[i], "--rounds") == 0) {
      rounds = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--batch-ms") == 0) {
      batch_ms = atof(argv[++i]);
    } else if (strcmp(argv[i], "--warmup-ms") == 0) {
      warmup_ms = atof(argv[++i]);
    } else {
      usage();
    }
  }
  if (!shapes || rounds < 1) usage();

  printf("{\"flags\": \"%s\", \"compiler\": \"%s\", \"rounds\": %d, \"batch_ms\": %g, \"results\": [",
         ML_BENCH_FLAGS, __VERSION__, rounds, batch_ms);
  int first = 1;
  char *list = strdup(shapes);
  for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
    size_t rows = 0, classes = 0;
    if (sscanf(tok, "%zux%zu", &rows, &classes) != 2 || rows == 0 || classes == 0) usage();
    for (size_t l = 0; l < LOSS_COUNT; l++) {
      if (losses && !listed(losses, LOSSES[l])) continue;
      bench_case c;
      case_init(&c, LOSSES[l], rows, classes);
      for (int backward = 0; backward <= 1; backward++) {
        const int status = case_call(&c, backward);
        if (status != ML_OK) {
          fprintf(stderr, "bench-native: %s %zux%zu returned %s\n", c.loss, rows, classes, ml_status_name(status));
          return 1;
        }
        const double loss = (double)c.loss_out[0];
        const timing t = measure(&c, backward, rounds, batch_ms, warmup_ms);
        printf("%s\n  {\"loss\": \"%s\", \"rows\": %zu, \"classes\": %zu, \"mode\": \"%s\", \"ns_per_call\": %.3f, "
               "\"min_ns_per_call\": %.3f, \"reps\": %ld, \"rounds\": %d, \"loss_value\": %.9g}",
               first ? "" : ",", c.loss, rows, classes, backward ? "forward+backward" : "forward", t.median_ns,
               t.min_ns, t.reps, t.rounds, loss);
        first = 0;
        fflush(stdout);
      }
      case_free(&c);
    }
  }
  free(list);
  printf("\n]}\n");
  return 0;
}
