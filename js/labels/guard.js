// The `labels` option of every loss and of init(): 'off' (PyTorch-compatible, no check) or 'strict'
// (throw a LabelConventionError when the target cannot be in the loss's convention).
import { describe } from '../describe.js';
import { explainTarget, targetFits } from './check.js';
import { LabelConventionError } from './error.js';
import { numericValues } from './scan.js';

const LABEL_MODES = ['off', 'strict'];

// The mode a call runs in: its own options.labels, else the instance default. `where` names the option
// in the error ('softMarginLoss: options.labels', 'init: options.labels').
export function labelsMode(where, value, fallback = 'off') {
  if (value === undefined) return fallback;
  if (!LABEL_MODES.includes(value)) {
    const hint = typeof value === 'boolean' ? ` (use '${value ? 'strict' : 'off'}')` : '';
    throw new RangeError(`${where} must be 'strict' or 'off'; got ${describe(value)}${hint}`);
  }
  return value;
}

/**
 * Strict mode's check, run by a loss once it knows its layout (ctx) and before it validates the
 * target's type and length: targets it cannot interpret are left to those checks. On a target that fits,
 * this is one pass with no allocation (MultiLabelMarginLoss: one Int32Array(C) per call).
 */
export function guardLabels(fn, target, ctx, requested, instanceDefault) {
  // The option's name is only built when there is a value to check (this runs on every loss call).
  const mode = requested === undefined ? instanceDefault : labelsMode(`${fn}: options.labels`, requested);
  if (mode !== 'strict') return;
  const values = numericValues(target);
  if (values === null || targetFits(fn, values, ctx) !== false) return;
  const diagnosis = explainTarget(fn, values, ctx, false);
  if (diagnosis) throw new LabelConventionError(diagnosis);
}
