// The passes over a target that tell label conventions apart. The `fits*` loops are the strict-mode
// check on correct targets: one pass, no allocation per element, early exit at the first misfit. The
// `summarize`/`rowStats` passes run only once a target has failed, to explain what it looks like.
import { ModuleArray } from '../module-array.js';

// The target's values as an indexable array of numbers, or null when it holds anything else.
export function numericValues(target) {
  if (target instanceof ModuleArray) return target.array;
  if (ArrayBuffer.isView(target)) {
    if (target instanceof DataView || target instanceof BigInt64Array || target instanceof BigUint64Array) return null;
    return target;
  }
  if (Array.isArray(target)) {
    for (let i = 0; i < target.length; i++) if (typeof target[i] !== 'number') return null;
    return target;
  }
  return null;
}

export const isFloatArray = (values) => values instanceof Float32Array || values instanceof Float64Array;

// The first index whose value is neither a nor b, or -1.
function firstNotEither(values, a, b) {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== a && v !== b) return i;
  }
  return -1;
}

// The first index whose value is not -1 or +1, or -1. Float32 targets are read as bits, four at a time
// (±1 is 0x3f800000 with or without the sign bit): about twice as fast as comparing the numbers.
const ONE_F32 = 0x3f800000;
export function firstNotPlusMinusOne(values) {
  if (!(values instanceof Float32Array)) return firstNotEither(values, 1, -1);
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  const n = bits.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    if ((((bits[i] ^ ONE_F32) | (bits[i + 1] ^ ONE_F32) | (bits[i + 2] ^ ONE_F32) | (bits[i + 3] ^ ONE_F32)) & 0x7fffffff) !== 0) break;
  }
  for (; i < n; i++) if (((bits[i] ^ ONE_F32) & 0x7fffffff) !== 0) return i;
  return -1;
}

// The first index whose value is outside [0, 1] (NaN included), or -1. A plain loop: reading float32 bits,
// as above, gained too little here to pay for the obscurity.
export function firstOutsideUnit(values) {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 1)) return i;
  }
  return -1;
}

// The first index whose value is not an integer in [low, high) and not `allowed`, or -1.
export function firstOutsideIndexRange(values, low, high, allowed) {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= low && v < high && Math.floor(v) === v) && v !== allowed) return i;
  }
  return -1;
}

// Index lists (MultiLabelMarginLoss): every entry an integer in [-1, C), and no class listed twice before
// a row's first -1. `stamp` (Int32Array(C)) marks the classes seen in the current row by row number + 1,
// so it never needs clearing. Returns { index, duplicate } of the first misfit, or null.
export function firstIndexListMisfit(values, rows, classes) {
  const stamp = new Int32Array(classes);
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let listing = true;
    for (let c = 0; c < classes; c++) {
      const v = values[base + c];
      if (!(v >= -1 && v < classes && Math.floor(v) === v)) return { index: base + c, duplicate: false };
      if (!listing) continue;
      if (v === -1) {
        listing = false;
      } else if (stamp[v] === r + 1) {
        return { index: base + c, duplicate: true };
      } else {
        stamp[v] = r + 1;
      }
    }
  }
  return null;
}

// Class probabilities (CrossEntropyLoss with a float target): every value in [0, 1] and every row (the
// C values of one sample and position, `inner` apart) summing to 1 within `tolerance`.
// Returns { index, row, sum } of the first misfit, or null.
export function firstProbabilityMisfit(values, batch, classes, inner, tolerance) {
  for (let b = 0; b < batch; b++) {
    const base = b * classes * inner;
    for (let k = 0; k < inner; k++) {
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const i = base + c * inner + k;
        const v = values[i];
        if (!(v >= 0 && v <= 1)) return { index: i, row: b * inner + k, sum: NaN };
        sum += v;
      }
      if (!(Math.abs(sum - 1) <= tolerance)) return { index: base + k, row: b * inner + k, sum };
    }
  }
  return null;
}

// Float rounding in C float32 probabilities that were normalised upstream, plus slack for hand-made ones.
export const probabilityTolerance = (classes) => 1e-3 + classes * 1.2e-7;

/**
 * What the values look like, in one sequential pass: counts of 0, 1 and -1, the first index of each kind
 * of value that rules a convention out, and the finite range.
 */
export function summarize(values) {
  const s = {
    length: values.length, zeros: 0, ones: 0, minusOnes: 0, others: 0,
    firstZero: -1, firstOther: -1, firstNonFinite: -1, firstNonInteger: -1, firstOutsideUnit: -1,
    min: Infinity, max: -Infinity,
  };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 0) {
      s.zeros++;
      if (s.firstZero < 0) s.firstZero = i;
    } else if (v === 1) {
      s.ones++;
    } else if (v === -1) {
      s.minusOnes++;
      if (s.firstOutsideUnit < 0) s.firstOutsideUnit = i;
    } else {
      s.others++;
      if (s.firstOther < 0) s.firstOther = i;
      if (!Number.isFinite(v)) {
        if (s.firstNonFinite < 0) s.firstNonFinite = i;
        if (s.firstOutsideUnit < 0) s.firstOutsideUnit = i;
        continue;
      }
      if (v < s.min) s.min = v;
      if (v > s.max) s.max = v;
      if (Math.floor(v) !== v && s.firstNonInteger < 0) s.firstNonInteger = i;
      if ((v < 0 || v > 1) && s.firstOutsideUnit < 0) s.firstOutsideUnit = i;
    }
  }
  if (s.zeros) s.min = Math.min(s.min, 0), (s.max = Math.max(s.max, 0));
  if (s.ones) s.min = Math.min(s.min, 1), (s.max = Math.max(s.max, 1));
  if (s.minusOnes) s.min = Math.min(s.min, -1), (s.max = Math.max(s.max, -1));
  s.finite = s.firstNonFinite < 0;
  s.integers = s.finite && s.firstNonInteger < 0;
  s.plusMinusOne = s.length > 0 && s.zeros === 0 && s.others === 0;
  s.zeroOne = s.length > 0 && s.minusOnes === 0 && s.others === 0;
  s.unit = s.length > 0 && s.firstOutsideUnit < 0;
  return s;
}

/**
 * Per-row facts for a target laid out like an input with `classes` values per row, `inner` apart
 * (rows = batch · inner): how many rows are one-hot, and the first row whose sum is not 1. Only
 * meaningful for {0, 1} (one-hot) and [0, 1] (sums) targets.
 */
export function rowStats(values, batch, classes, inner) {
  const tolerance = probabilityTolerance(classes);
  const stats = { rows: batch * inner, oneHotRows: 0, firstBadSum: -1 };
  for (let b = 0; b < batch; b++) {
    const base = b * classes * inner;
    for (let k = 0; k < inner; k++) {
      let ones = 0;
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const v = values[base + c * inner + k];
        if (v === 1) ones++;
        sum += v;
      }
      const row = b * inner + k;
      if (ones === 1 && sum === 1) stats.oneHotRows++;
      if (!(Math.abs(sum - 1) <= tolerance) && stats.firstBadSum < 0) stats.firstBadSum = row;
    }
  }
  return stats;
}
