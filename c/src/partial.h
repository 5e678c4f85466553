/*
 * What a batch carries from block to block (ml_partial, marginloss.h): the 'mean' denominator, counted in
 * the check phase, and the reduced loss's running sum, in the compute phase. A kernel keeps its sum in the
 * form it adds in (ml_vacc lanes or one ml_sum) and stores that form back after each block, so the next
 * block continues the same sequence of additions a whole-batch call makes.
 */
#ifndef ML_PARTIAL_H
#define ML_PARTIAL_H

#include "compensated_sum.h"
#include "marginloss.h"

/* NULL (a whole call) or a known phase. */
static inline int ml_partial_phase_is_valid(const ml_partial *partial) {
  return !partial || partial->phase == ML_PARTIAL_CHECK || partial->phase == ML_PARTIAL_COMPUTE;
}

static inline int ml_partial_checking(const ml_partial *partial) {
  return partial && partial->phase == ML_PARTIAL_CHECK;
}

/* The denominator counted so far. */
static inline ml_sum ml_partial_denominator_sum(const ml_partial *partial) {
  const ml_sum s = {partial->denominator[0], partial->denominator[1]};
  return s;
}

static inline void ml_partial_store_denominator(ml_partial *partial, const ml_sum *s) {
  partial->denominator[0] = s->sum;
  partial->denominator[1] = s->compensation;
}

/*
 * The 'mean' denominator of a kernel whose block counts `count` (elements, rows or positions): the count
 * itself for a whole call. In the check phase the count is added to the batch's and 1 returned (the
 * block is done); in the compute phase *denominator is the batch's.
 */
static inline int ml_partial_count(ml_partial *partial, double count, double *denominator) {
  *denominator = count;
  if (!partial) return 0;
  ml_sum batch = ml_partial_denominator_sum(partial);
  if (partial->phase == ML_PARTIAL_CHECK) {
    ml_sum_add(&batch, count);
    ml_partial_store_denominator(partial, &batch);
    return 1;
  }
  *denominator = ml_sum_value(&batch);
  return 0;
}

/* The running sum of a kernel that adds in one ml_sum: zero for a whole call or the first block. */
static inline ml_sum ml_partial_sum(const ml_partial *partial) {
  if (!partial) return ml_sum_zero();
  const ml_sum s = {partial->total[0], partial->total[1]};
  return s;
}

static inline void ml_partial_store_sum(ml_partial *partial, const ml_sum *s) {
  if (!partial) return;
  partial->total[0] = s->sum;
  partial->total[1] = s->compensation;
}

#endif /* ML_PARTIAL_H */
