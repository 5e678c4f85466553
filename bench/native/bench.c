/*
 * Native timing of one loss implementation (case_call: the package's kernels in bench-same, plain C loops
 * in bench-best; see CMakeLists.txt) on the inputs bench/cases.mjs draws, from the same xorshift32 stream,
 * so every column of the benchmark works on the same numbers. Prints one JSON object on stdout;
 * bench/native.mjs reads it.
 *
 *   bench-same --shapes 1x10,100x100 [--losses soft_margin,...] [--sets 64] [--modes forward+backward]
 *              [--rounds 7] [--batch-ms 5] [--warmup-ms 20] [--grad-dir DIR]
 *
 * Every loss listed runs at every shape (rows x classes; the elementwise losses take rows*classes
 * elements), reduction 'mean', float32. `sets` input sets are drawn one after the other from the stream
 * and the calls cycle through them, as the JS side does, so no call replays the branches of the one before.
 * Each measurement: warm-up, then `rounds` batches of `reps` calls (reps chosen so one batch takes about
 * batch-ms); the median batch gives ns per call. With --grad-dir, the first set's gradients after a
 * forward+backward call are written to DIR/<loss>-<rows>x<classes>.f32 (gradient, then the second and
 * third inputs' gradients for the losses that have them) for bench/worker.mjs to compare with the package's.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_case.h"

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

static void *xmalloc(size_t bytes) {
  void *p = malloc(bytes ? bytes : 8);
  if (!p) {
    fprintf(stderr, "bench-native: out of memory (%zu bytes)\n", bytes);
    exit(2);
  }
  return p;
}

static const char *const LOSSES[] = {
    "soft_margin", "multilabel_soft_margin", "multi_margin", "multilabel_margin", "bce_with_logits",
    "cross_entropy_index", "hinge_embedding", "margin_ranking", "cosine_embedding", "triplet_margin",
};
#define LOSS_COUNT (sizeof LOSSES / sizeof LOSSES[0])

static int is(const char *loss, const char *name) { return strcmp(loss, name) == 0; }

/* How many input arrays (and gradients) a loss takes. */
static int input_count(const char *loss) {
  if (is(loss, "triplet_margin")) return 3;
  return is(loss, "margin_ranking") || is(loss, "cosine_embedding") ? 2 : 1;
}

static float *rand_logits(uint32_t *s, size_t n) {
  float *x = xmalloc(n * sizeof(float));
  for (size_t i = 0; i < n; i++) x[i] = rand_logit(s);
  return x;
}

/* `count` input sets of one loss and shape, drawn in the order bench/cases.mjs draws them: set after set,
 * each x, then (x2, x3,) then the targets. The outputs and workspace are shared, as a caller reuses them. */
static bench_case *sets_init(const char *loss, size_t rows, size_t classes, size_t count) {
  bench_case *sets = xmalloc(count * sizeof *sets);
  const size_t n = rows * classes;
  const int inputs = input_count(loss);
  float *loss_out = xmalloc(sizeof(float));
  float *grad = xmalloc(n * sizeof(float));
  float *grad2 = inputs >= 2 ? xmalloc(n * sizeof(float)) : NULL;
  float *grad3 = inputs == 3 ? xmalloc(n * sizeof(float)) : NULL;
  uint8_t *workspace = is(loss, "multilabel_margin") ? xmalloc(classes) : NULL;
  uint32_t s = seed_for(rows, classes);
  for (size_t k = 0; k < count; k++) {
    bench_case *c = &sets[k];
    *c = (bench_case){.loss = loss, .rows = rows, .classes = classes, .n = n, .loss_out = loss_out,
                      .grad = grad, .grad2 = grad2, .grad3 = grad3, .workspace = workspace};
    c->x = rand_logits(&s, n);
    if (inputs >= 2) c->x2 = rand_logits(&s, n);
    if (inputs == 3) c->x3 = rand_logits(&s, n);
    if (is(loss, "triplet_margin")) continue; /* no labels */
    if (is(loss, "cosine_embedding")) {
      float *y = xmalloc(rows * sizeof(float));
      for (size_t r = 0; r < rows; r++) y[r] = rand_sign(&s);
      c->yf = y;
    } else if (is(loss, "soft_margin") || is(loss, "hinge_embedding") || is(loss, "margin_ranking") ||
        is(loss, "multilabel_soft_margin") || is(loss, "bce_with_logits")) {
      const int sign = !is(loss, "multilabel_soft_margin") && !is(loss, "bce_with_logits");
      float *y = xmalloc(n * sizeof(float));
      for (size_t i = 0; i < n; i++) y[i] = sign ? rand_sign(&s) : rand_bit(&s);
      c->yf = y;
    } else if (is(loss, "multi_margin") || is(loss, "cross_entropy_index")) {
      int32_t *t = xmalloc(rows * sizeof(int32_t));
      for (size_t r = 0; r < rows; r++) t[r] = rand_index(&s, classes);
      c->yi = t;
    } else { /* 1 to 4 distinct classes per row, then -1 */
      int32_t *t = xmalloc(n * sizeof(int32_t));
      for (size_t i = 0; i < n; i++) t[i] = -1;
      for (size_t r = 0; r < rows; r++) {
        int32_t *row = t + r * classes;
        size_t listed = 1 + rng_next(&s) % 4;
        if (listed > classes) listed = classes;
        for (size_t j = 0; j < listed; j++) {
          int32_t cls;
          int repeated;
          do {
            cls = rand_index(&s, classes);
            repeated = 0;
            for (size_t i = 0; i < j; i++) repeated |= row[i] == cls;
          } while (repeated);
          row[j] = cls;
        }
      }
      c->yi = t;
    }
  }
  return sets;
}

static void sets_free(bench_case *sets, size_t count) {
  free(sets[0].loss_out);
  free(sets[0].grad);
  free(sets[0].grad2);
  free(sets[0].grad3);
  free(sets[0].workspace);
  for (size_t k = 0; k < count; k++) {
    free((void *)sets[k].x);
    free((void *)sets[k].x2);
    free((void *)sets[k].x3);
    free((void *)sets[k].yf);
    free((void *)sets[k].yi);
  }
  free(sets);
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

/* `calls` calls, cycling through the sets from *next. */
static void run_calls(const bench_case *sets, size_t count, size_t *next, long calls, int backward) {
  size_t k = *next;
  for (long i = 0; i < calls; i++) {
    case_call(&sets[k], backward);
    if (++k == count) k = 0;
  }
  *next = k;
}

static timing measure(const bench_case *sets, size_t count, int backward, int rounds, double batch_ms,
                      double warmup_ms) {
  /* Warm-up: at least two calls and warmup_ms; the last calls estimate one call's cost. */
  size_t next = 0;
  double start = now_ns(), elapsed = 0.0;
  long calls = 0;
  double last = 0.0;
  while (calls < 2 || elapsed < warmup_ms * 1e6) {
    const double t0 = now_ns();
    run_calls(sets, count, &next, 1, backward);
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
    run_calls(sets, count, &next, reps, backward);
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

/* The first set's gradients (and the second and third inputs', where the loss has them), raw float32. */
static void write_gradients(const char *dir, const bench_case *c) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s-%zux%zu.f32", dir, c->loss, c->rows, c->classes);
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "bench-native: cannot write %s\n", path);
    exit(2);
  }
  fwrite(c->grad, sizeof(float), c->n, f);
  if (c->grad2) fwrite(c->grad2, sizeof(float), c->n, f);
  if (c->grad3) fwrite(c->grad3, sizeof(float), c->n, f);
  fclose(f);
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
  fprintf(stderr, "usage: bench-native --shapes RxC[,RxC...] [--losses NAME[,NAME...]] [--sets N] "
                  "[--modes forward,forward+backward] [--rounds N] [--batch-ms MS] [--warmup-ms MS] "
                  "[--grad-dir DIR]\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *shapes = NULL, *losses = NULL, *modes = "forward,forward+backward", *grad_dir = NULL;
  int rounds = 7;
  long sets = 1;
  double batch_ms = 5.0, warmup_ms = 20.0;
  for (int i = 1; i < argc; i++) {
    if (i + 1 >= argc) usage();
    if (strcmp(argv[i], "--shapes") == 0) {
      shapes = argv[++i];
    } else if (strcmp(argv[i], "--losses") == 0) {
      losses = argv[++i];
    } else if (strcmp(argv[i], "--sets") == 0) {
      sets = atol(argv[++i]);
    } else if (strcmp(argv[i], "--modes") == 0) {
      modes = argv[++i];
    } else if (strcmp(argv[i], "--rounds") == 0) {
      rounds = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--batch-ms") == 0) {
      batch_ms = atof(argv[++i]);
    } else if (strcmp(argv[i], "--warmup-ms") == 0) {
      warmup_ms = atof(argv[++i]);
    } else if (strcmp(argv[i], "--grad-dir") == 0) {
      grad_dir = argv[++i];
    } else {
      usage();
    }
  }
  if (!shapes || rounds < 1 || sets < 1) usage();

  printf("{\"flags\": \"%s\", \"compiler\": \"%s\", \"rounds\": %d, \"batch_ms\": %g, \"sets\": %ld, \"results\": [",
         ML_BENCH_FLAGS, __VERSION__, rounds, batch_ms, sets);
  int first = 1;
  char *list = strdup(shapes);
  for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
    size_t rows = 0, classes = 0;
    if (sscanf(tok, "%zux%zu", &rows, &classes) != 2 || rows == 0 || classes == 0) usage();
    for (size_t l = 0; l < LOSS_COUNT; l++) {
      if (losses && !listed(losses, LOSSES[l])) continue;
      bench_case *c = sets_init(LOSSES[l], rows, classes, (size_t)sets);
      for (int backward = 0; backward <= 1; backward++) {
        const char *mode = backward ? "forward+backward" : "forward";
        if (!listed(modes, mode)) continue;
        const int status = case_call(c, backward);
        if (status != 0) {
          fprintf(stderr, "bench-native: %s %zux%zu returned status %d\n", c->loss, rows, classes, status);
          return 1;
        }
        const double loss = (double)c->loss_out[0];
        if (backward && grad_dir) write_gradients(grad_dir, c);
        const timing t = measure(c, (size_t)sets, backward, rounds, batch_ms, warmup_ms);
        printf("%s\n  {\"loss\": \"%s\", \"rows\": %zu, \"classes\": %zu, \"mode\": \"%s\", \"ns_per_call\": %.3f, "
               "\"min_ns_per_call\": %.3f, \"reps\": %ld, \"rounds\": %d, \"loss_value\": %.9g}",
               first ? "" : ",", c->loss, rows, classes, mode, t.median_ns, t.min_ns, t.reps, t.rounds, loss);
        first = 0;
        fflush(stdout);
      }
      sets_free(c, (size_t)sets);
    }
  }
  free(list);
  printf("\n]}\n");
  return 0;
}
