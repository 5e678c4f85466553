// Interleaved timing: every implementation of one case is warmed up, then measured in rounds; a round
// runs one batch of each (rotating the order), so load from other processes hits all of them alike.
// A batch repeats the call `reps` times (chosen so a batch takes about batchMs); the median batch gives
// the time per call, and ratios are medians of the per-round ratios (pair by pair, same round).

import v8 from 'node:v8';
import vm from 'node:vm';

const now = () => performance.now();
// One full collection before each case's warm-up, so a case does not pay for the previous one's garbage.
// No collection between batches: freeing large buffers in bulk makes the allocator hand their pages back
// to the OS, and the next call's fresh arrays then page-fault, a cost a steady loop without forced
// collections does not pay. gc() needs --expose-gc, which `npm run bench`
// passes; without it the flag is set at run time.
if (!globalThis.gc) {
  v8.setFlagsFromString('--expose-gc');
  globalThis.gc = vm.runInNewContext('gc');
}

export function median(values) {
  if (values.length === 0) return NaN;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// Warm-up (JIT tiers, first-call allocations; at least two calls), then the cost of one call in ms: the
// faster of the last two warm-up calls when both are slow (one descheduled call must not pass for a slow
// implementation), else from batches doubled until one takes 2 ms.
function warmUp(fn, warmupMs, minCalls, slowMs) {
  const start = now();
  let calls = 0;
  let last = Infinity;
  let beforeLast = Infinity;
  while (calls < Math.max(2, minCalls) || now() - start < warmupMs) {
    const t0 = now();
    fn();
    beforeLast = last;
    last = now() - t0;
    calls++;
  }
  if (Math.min(last, beforeLast) >= slowMs) return Math.min(last, beforeLast);
  let k = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < k; i++) fn();
    const elapsed = now() - t0;
    if (elapsed >= 2) return elapsed / k;
    k *= 2;
  }
}

/**
 * impls: [{ id, fn, before? (run untimed before each batch) }].
 * options: { rounds, batchMs, warmupMs, minWarmupCalls, maxMsPerImpl, minRounds }: implementations too
 * slow for `rounds` batches within maxMsPerImpl run fewer (at least minRounds), in the first rounds.
 * Returns Map id -> { nsPerCall, samples (ns per call in each round; a hole where skipped), reps, rounds }.
 */
export function measureInterleaved(impls, options) {
  const { rounds, batchMs, warmupMs, minWarmupCalls, maxMsPerImpl, minRounds } = options;
  globalThis.gc();
  const plans = impls.map(({ id, fn, before }) => {
    before?.();
    const perCallMs = warmUp(fn, warmupMs, minWarmupCalls, 2 * batchMs);
    const reps = Math.max(1, Math.round(batchMs / perCallMs));
    const affordable = Math.floor(maxMsPerImpl / (perCallMs * reps));
    return { id, fn, before, reps, rounds: Math.min(rounds, Math.max(minRounds, affordable)), samples: [] };
  });
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < plans.length; k++) {
      const plan = plans[(k + r) % plans.length];
      if (r >= plan.rounds) continue;
      const { fn, reps } = plan;
      plan.before?.();
      const t0 = now();
      for (let i = 0; i < reps; i++) fn();
      plan.samples[r] = ((now() - t0) * 1e6) / reps;
    }
  }
  return new Map(
    plans.map((p) => {
      const nsPerCall = median(p.samples.filter((s) => s !== undefined));
      return [p.id, { nsPerCall, samples: p.samples, reps: p.reps, rounds: p.rounds }];
    }),
  );
}

/** Median over the rounds both ran of a[r] / b[r]. */
export function pairedRatio(a, b) {
  const ratios = [];
  for (let r = 0; r < Math.min(a.samples.length, b.samples.length); r++) {
    if (a.samples[r] != null && b.samples[r] != null) ratios.push(a.samples[r] / b.samples[r]);
  }
  return median(ratios);
}
