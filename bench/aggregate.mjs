// From the runs of one invocation to the numbers reported: each case keeps every run's timings; a ratio
// is taken within each run (round by round when both implementations ran in the same process), then
// reported as the median over the runs with its min–max.
import { IMPLS } from './columns.mjs';
import { median, pairedRatio } from './timing.mjs';

export const caseKey = (c) => `${c.loss}|${c.shape.label}|${c.mode}`;

/** num's time ÷ den's time in one run of a case, or null when either is missing. */
export function runRatio(run, num, den) {
  const a = run.timings[num];
  const b = run.timings[den];
  if (!a || !b) return null;
  return a.samples && b.samples ? pairedRatio(a, b) : a.nsPerCall / b.nsPerCall;
}

/** { median, min, max, runs } of the finite values, or null. */
export function spread(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return null;
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), runs: finite.length };
}

/** The spread over the runs of num's time ÷ den's time in case c. */
export const ratioOf = (c, num, den) => spread(c.runs.map((run) => runRatio(run, num, den)));

/**
 * Sets c.results: per implementation the median over the runs of its time per call, per element, the
 * per-run times, and the spread of its × ratio (time ÷ its reference's time).
 */
export function summarise(c) {
  c.results = {};
  for (const impl of IMPLS) {
    const times = c.runs.map((run) => run.timings[impl.id]?.nsPerCall).filter((t) => Number.isFinite(t));
    if (!times.length) continue;
    const nsPerCall = median(times);
    c.results[impl.id] = {
      nsPerCall,
      nsPerElement: nsPerCall / c.elements,
      runs: times,
      ratio: impl.ref ? ratioOf(c, impl.id, impl.ref) : null,
    };
  }
  return c;
}
