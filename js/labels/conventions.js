// The label conventions a target can be in, by id, with a short phrase for each (used in messages).

export const CONVENTIONS = Object.freeze({
  'zero-one': 'binary labels in {0, 1}',
  'plus-minus-one': 'binary labels in {-1, +1}',
  probabilities: 'soft labels or class probabilities in [0, 1]',
  'one-hot': 'one-hot rows (exactly one 1 per row)',
  'multi-hot': 'multi-hot rows ({0, 1}, any number of 1s per row)',
  'class-indices': 'class indices in [0, C)',
  'one-based-indices': '1-based class indices in [1, C]',
  'index-list': 'per row, class indices ended by -1',
  other: 'none of the conventions above',
});

/**
 * Every convention the values are consistent with, most specific first. `s` is a summary (scan.js),
 * `rows` the rowStats when the target is laid out in rows of C; `read` says how the loss reads the target:
 * { classes: C, indices: true when the target's length is that of the class indices the loss expects,
 * lists: true for -1-ended index lists }. Without either, index readings need a value of 2 or more.
 */
export function readings(s, rows, { classes, indices, lists }) {
  const out = [];
  if (s.length === 0) return out;
  if (s.plusMinusOne) out.push('plus-minus-one');
  if (s.zeroOne) out.push('zero-one');
  if (s.zeroOne && rows) {
    if (rows.oneHotRows === rows.rows) out.push('one-hot');
    out.push('multi-hot');
  }
  if (s.unit) out.push('probabilities');
  if (s.integers && indices) {
    if (s.min >= 1 && s.max === classes) out.push('one-based-indices');
    if (s.min >= 0 && s.max < classes) out.push('class-indices');
  } else if (s.integers && lists) {
    if (s.min >= -1 && s.max < classes) out.push('index-list');
  } else if (s.integers && s.max >= 2) {
    if (s.min >= 0) out.push('class-indices');
    if (s.min === -1) out.push('index-list');
  }
  if (out.length === 0) out.push('other');
  return out;
}
