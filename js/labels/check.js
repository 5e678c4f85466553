// What each loss's target convention is, whether a target fits it, and when it does not, what the target
// looks like and the one-line fix. `diagnose` serves both checkLabels and the losses' strict mode.
import { readings } from './conventions.js';
import {
  firstIndexListMisfit, firstNotPlusMinusOne, firstOutsideIndexRange, firstOutsideUnit, firstProbabilityMisfit,
  probabilityTolerance, rowStats, summarize,
} from './scan.js';

// ctx (the layout the loss derived from its input): { length } for elementwise losses; { rows, classes }
// for losses with classes last; { batch, classes, inner, ignoreIndex, probabilities } for CrossEntropy.

const show = (v) => (Object.is(v, -0) ? '0' : String(v));
const lastClassRows = (ctx) => [ctx.rows, ctx.classes, 1];

// --- {-1, +1}: SoftMargin, HingeEmbedding, MarginRanking, CosineEmbedding --------------------------------

// Per loss: what its target holds one label for (`per`), and what a 0 label does to it (`zero`). Where it
// differs: what the labels' owners are called in a fix (`items`, default 'elements'), the fix for class
// indices, what any label but -1 and +1 does (`other`: CosineEmbedding ignores them), and `numberTarget`
// (a 1-D input's one label may be a plain number).
const PLUS_MINUS_ONE = {
  softMarginLoss: { per: 'input element', zero: 'y = 0 gives a constant ln 2 with zero gradient, so those elements never learn' },
  hingeEmbeddingLoss: { per: 'input element', zero: 'y = 0 gets both terms, max(x, margin), so those pairs are never pushed apart' },
  marginRankingLoss: { per: 'input element', zero: 'y = 0 gives the constant max(0, margin) with zero gradient, so those pairs never learn' },
  cosineEmbeddingLoss: {
    per: 'pair (row of input1 and input2)', items: 'pairs', numberTarget: true,
    zero: 'y = 0 gives loss 0 and zero gradient yet counts in the mean, so those pairs are never pushed apart',
    other: 'any label other than -1 or +1 gives its pair loss 0 and zero gradient',
    classIndicesFix: 'label each pair +1 if its two inputs share a class, -1 if not',
  },
};

function plusMinusOneSpec(loss) {
  const { per, zero: zeroEffect, other, items = 'elements', classIndicesFix, numberTarget = false } = PLUS_MINUS_ONE[loss];
  const ignored = other ? `, and ${other}` : '';
  return {
    numberTarget,
    expected: () => `labels in {-1, +1}, one per ${per}`,
    accepts: ['plus-minus-one'],
    rows: () => null,
    fits: (values, ctx) => (values.length !== ctx.length ? null : firstNotPlusMinusOne(values) < 0),
    explain(values, s) {
      const i = s.firstZero < 0 ? s.firstOther : s.firstOther < 0 ? s.firstZero : Math.min(s.firstZero, s.firstOther);
      const at = `target[${i}] = ${show(values[i])}`;
      if (s.zeroOne) {
        return { convention: 'zero-one', index: i, problem: `${at}: {0, 1} labels, and ${zeroEffect}`, fix: 'map y to 2y - 1' };
      }
      if (s.unit) {
        const fix = loss === 'softMarginLoss' ? 'use bceWithLogitsLoss for soft labels in [0, 1]' : 'use labels -1 and +1 only';
        return { convention: 'probabilities', index: i, problem: `${at}: soft labels in [0, 1], not {-1, +1}${ignored}`, fix };
      }
      if (s.integers && s.min >= 0 && s.max >= 2) {
        const fix = classIndicesFix ?? 'use crossEntropyLoss or multiMarginLoss for class indices';
        return { convention: 'class-indices', index: i, problem: `${at}: class indices, not {-1, +1} labels${ignored}`, fix };
      }
      const zero = values[i] === 0;
      return {
        convention: 'other', index: i,
        problem: zero ? `${at} among -1 and +1 labels, and ${zeroEffect}` : `${at} is not -1 or +1${ignored}`,
        fix: zero && s.others === 0 ? `relabel or drop the 0 ${items}: only -1 and +1 are labels` : 'use labels -1 and +1 only',
      };
    },
  };
}

// --- [0, 1]: BCEWithLogits, MultiLabelSoftMargin ---------------------------------------------------------

function unitSpec(loss) {
  const multilabel = loss === 'multilabelSoftMarginLoss';
  return {
    expected: () => (multilabel ? "multi-hot {0, 1} rows (or soft labels in [0, 1]), the input's shape" : '{0, 1} or soft labels in [0, 1], one per input element'),
    accepts: multilabel ? ['multi-hot', 'probabilities'] : ['zero-one', 'probabilities'],
    rows: (ctx) => (multilabel ? lastClassRows(ctx) : null),
    fits: (values, ctx) => (values.length !== ctx.length ? null : firstOutsideUnit(values) < 0),
    explain(values, s) {
      const i = s.firstOutsideUnit;
      const at = `target[${i}] = ${show(values[i])}`;
      const unbounded = 'y = -1 makes the loss unbounded below (2x + softplus(-x))';
      if (s.plusMinusOne) {
        return { convention: 'plus-minus-one', index: i, problem: `${at}: {-1, +1} labels, and ${unbounded}`, fix: 'map y to (y + 1) / 2' };
      }
      if (s.integers && s.min === -1 && s.max >= 2) {
        return { convention: 'index-list', index: i, problem: `${at}: class-index lists ended by -1, not {0, 1} labels`, fix: 'use multilabelMarginLoss for -1-ended index lists, or convert each list to a multi-hot row' };
      }
      if (s.integers && s.min >= 0 && s.max >= 2) {
        const fix = multilabel ? 'convert the class indices to multi-hot rows, or use crossEntropyLoss for one class per sample' : 'use crossEntropyLoss or multiMarginLoss for class indices';
        return { convention: 'class-indices', index: i, problem: `${at}: class indices, not {0, 1} labels`, fix };
      }
      if (values[i] === -1) {
        return { convention: 'other', index: i, problem: `${at} among 0 and 1 labels, and ${unbounded}`, fix: 'use labels in [0, 1]: map y to (y + 1) / 2 if -1 means negative' };
      }
      return { convention: 'other', index: i, problem: `${at} is not a label in [0, 1]`, fix: 'use labels in [0, 1]' };
    },
  };
}

// --- One class index per sample: MultiMargin -------------------------------------------------------------

// A target of N·C values (rows of C) handed to a loss that wants N class indices.
function rowsInsteadOfIndices(values, s, rows, classes, inner, indices) {
  const r = rowStats(values, rows, classes, inner);
  const what = `target has ${values.length} values, rows of ${classes}, not ${indices} class indices`;
  if (s.zeroOne && r.oneHotRows === r.rows) {
    return { convention: 'one-hot', index: -1, problem: `${what}: one-hot rows` };
  }
  if (s.zeroOne) return { convention: 'multi-hot', index: -1, problem: `${what}: multi-hot rows`, fix: 'use multilabelSoftMarginLoss for multi-hot targets' };
  if (s.unit && r.firstBadSum < 0) return { convention: 'probabilities', index: -1, problem: `${what}: class probabilities` };
  if (s.plusMinusOne) return { convention: 'plus-minus-one', index: -1, problem: `${what}: {-1, +1} rows`, fix: 'use softMarginLoss for per-class {-1, +1} labels' };
  if (s.integers && s.min === -1 && s.max < classes) return { convention: 'index-list', index: -1, problem: `${what}: index lists ended by -1`, fix: 'use multilabelMarginLoss for -1-ended index lists' };
  return null;
}

// N class indices that are not all in [0, C) (ignoring `ignore`): 1-based, ±1, or simply out of range.
function badIndices(values, s, classes, ignore, ignoreName) {
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  let first = -1;
  let firstTop = -1;
  let negative = null; // the one negative value, when all negatives are equal
  let negatives = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === ignore) continue;
    if (Math.floor(v) !== v) integers = false;
    if (v < min) min = v;
    if (v > max) max = v;
    if (!(v >= 0 && v < classes) && first < 0) first = i;
    if (v === classes && firstTop < 0) firstTop = i;
    if (v < 0) {
      negative = negatives === 0 || negative === v ? v : NaN;
      negatives++;
    }
  }
  const at = (i) => `target[${i}] = ${show(values[i])}`;
  const range = `[0, ${classes})`;
  if (integers && min >= 1 && max === classes) {
    return { convention: 'one-based-indices', index: firstTop, problem: `${at(firstTop)} and no class is 0: 1-based class indices (valid indices are 0 to ${classes - 1})`, fix: 'subtract 1 from class indices' };
  }
  if (s.plusMinusOne && classes === 2) {
    const also = ignoreName ? ', or set ignoreIndex: -1 if -1 marks padding' : '';
    return { convention: 'plus-minus-one', index: first, problem: `${at(first)}: {-1, +1} labels, not class indices in ${range}`, fix: `map y to (y + 1) / 2${also}` };
  }
  if (integers && negatives > 0 && Number.isInteger(negative) && min >= negative && max < classes) {
    const fix = ignoreName ? `set options.ignoreIndex to ${negative} to skip those positions` : 'drop the samples without a class (multiMarginLoss has no ignoreIndex)';
    const not = ignoreName ? ` nor ignoreIndex (${ignore})` : '';
    return { convention: 'class-indices', index: first, problem: `${at(first)} is not a class index in ${range}${not}`, fix };
  }
  if (!integers && s.unit) {
    return { convention: 'probabilities', index: first, problem: `${at(first)}: a fraction, not a class index in ${range}`, fix: `use class indices (integers in ${range})` };
  }
  return { convention: 'other', index: first, problem: `${at(first)} is not a class index in ${range}`, fix: `use class indices in ${range}` };
}

const multiMarginSpec = {
  expected: (ctx) => `one class index in [0, ${ctx.classes}) per sample (${ctx.rows} values)`,
  accepts: ['class-indices'],
  read: (ctx, values) => ({ classes: ctx.classes, indices: values.length === ctx.rows }),
  rows: (ctx) => (ctx.classes > 1 && ctx.rows > 0 ? lastClassRows(ctx) : null),
  fits(values, ctx) {
    if (values.length === ctx.rows) return firstOutsideIndexRange(values, 0, ctx.classes) < 0;
    return values.length === ctx.rows * ctx.classes ? false : null;
  },
  explain(values, s, ctx) {
    if (values.length === ctx.rows) return badIndices(values, s, ctx.classes, undefined, null);
    const found = rowsInsteadOfIndices(values, s, ctx.rows, ctx.classes, 1, ctx.rows);
    if (!found) return null;
    const fix = {
      'one-hot': "pass each row's argmax (the index of its 1) as class indices",
      probabilities: "use crossEntropyLoss for class-probability targets, or pass each row's argmax as class indices",
    }[found.convention] ?? found.fix;
    return { ...found, fix };
  },
};

// --- Index lists ended by -1: MultiLabelMargin -----------------------------------------------------------

// 1-based lists: per row, entries before the first -1 are in [1, C], except a trailing run of 0s
// (padding). Returns { zeroPadded } or null.
function oneBasedLists(values, rows, classes) {
  let zeroPadded = false;
  for (let r = 0; r < rows; r++) {
    let padding = false;
    for (let c = 0; c < classes; c++) {
      const v = values[r * classes + c];
      if (v === -1) break;
      if (v === 0) padding = zeroPadded = true;
      else if (padding || !(v >= 1 && v <= classes)) return null;
    }
  }
  return { zeroPadded };
}

const multilabelMarginSpec = {
  expected: (ctx) => `per sample, class indices in [0, ${ctx.classes}) ended by -1, the input's shape`,
  accepts: ['index-list'],
  read: (ctx) => ({ classes: ctx.classes, lists: true }),
  rows: lastClassRows,
  fits(values, ctx) {
    if (values.length !== ctx.rows * ctx.classes) return null;
    return firstIndexListMisfit(values, ctx.rows, ctx.classes) === null;
  },
  explain(values, s, ctx) {
    const { rows, classes } = ctx;
    const { index: i, duplicate } = firstIndexListMisfit(values, rows, classes);
    const row = Math.floor(i / classes);
    const v = show(values[i]);
    const read = duplicate ? `row ${row} lists class ${v} twice` : `target[${i}] = ${v} is out of range`;
    if (s.zeroOne) {
      const oneHot = rowStats(values, rows, classes, 1).oneHotRows === rows;
      return oneHot
        ? { convention: 'one-hot', index: i, problem: `${read}: one-hot rows are read as lists of class indices`, fix: "list each row's class then -1 ([0, 0, 1, 0] -> [2, -1, -1, -1]), or use multiMarginLoss" }
        : { convention: 'multi-hot', index: i, problem: `${read}: multi-hot rows are read as lists of class indices`, fix: 'use multilabelSoftMarginLoss for multi-hot targets, or list the 1 positions then -1' };
    }
    if (s.plusMinusOne) {
      return { convention: 'plus-minus-one', index: i, problem: `${read}: {-1, +1} rows are read as lists of class indices`, fix: 'use multilabelSoftMarginLoss with (y + 1) / 2, or list the +1 positions then -1' };
    }
    if (s.integers && s.min >= -1 && s.max === classes) {
      const lists = oneBasedLists(values, rows, classes);
      if (lists) {
        const top = values.indexOf(classes);
        return {
          convention: 'one-based-indices', index: top,
          problem: `target[${top}] = ${classes}: 1-based class indices (valid indices are 0 to ${classes - 1}, -1 ends a list)`,
          fix: lists.zeroPadded ? 'subtract 1 from class indices and pad with -1 instead of 0' : 'subtract 1 from class indices (keep -1 as the end marker)',
        };
      }
    }
    if (duplicate && values[i] === 0) {
      return { convention: 'index-list', index: i, problem: `${read}: 0 is a class, not padding`, fix: 'end each list with -1 (pad with -1, not 0)' };
    }
    if (duplicate) {
      return { convention: 'index-list', index: i, problem: `${read} before its -1, so its hinge terms count twice`, fix: 'list each class once per row' };
    }
    if (!s.integers && s.unit) {
      return { convention: 'probabilities', index: i, problem: `${read}: soft labels, not class indices`, fix: 'use multilabelSoftMarginLoss for soft labels in [0, 1]' };
    }
    return { convention: 'other', index: i, problem: `${read}: entries are class indices in [0, ${classes}) or -1`, fix: `use class indices in [0, ${classes}), each list ended by -1` };
  },
};

// --- CrossEntropy: class indices (Int32Array, plain array) or class probabilities (float array) ---------

const crossEntropySpec = {
  expected: (ctx) => (ctx.probabilities
    ? `class probabilities: values in [0, 1], each sample's ${ctx.classes} summing to 1, the input's shape`
    : `one class index in [0, ${ctx.classes}) (or ignoreIndex ${ctx.ignoreIndex}) per sample and position`),
  accepts: (ctx) => (ctx.probabilities ? ['one-hot', 'probabilities'] : ['class-indices']),
  read: (ctx, values) => ({ classes: ctx.classes, indices: !ctx.probabilities && values.length === ctx.batch * ctx.inner }),
  rows: (ctx) => [ctx.batch, ctx.classes, ctx.inner],
  fits(values, ctx) {
    const positions = ctx.batch * ctx.inner;
    const n = positions * ctx.classes;
    if (ctx.probabilities) {
      if (values.length === n) {
        return firstProbabilityMisfit(values, ctx.batch, ctx.classes, ctx.inner, probabilityTolerance(ctx.classes)) === null;
      }
      return values.length === positions ? false : null;
    }
    if (values.length === positions) return firstOutsideIndexRange(values, 0, ctx.classes, ctx.ignoreIndex) < 0;
    return values.length === n ? false : null;
  },
  explain(values, s, ctx) {
    const { batch, classes, inner } = ctx;
    const positions = batch * inner;
    if (ctx.probabilities && values.length !== positions * classes) {
      if (!(s.integers && s.min >= 0 && s.max <= classes)) return null;
      const oneBased = s.min >= 1 && s.max === classes;
      return {
        convention: oneBased ? 'one-based-indices' : 'class-indices', index: -1,
        problem: `target is a float array of ${positions} class indices; a float target means class probabilities, the input's shape`,
        fix: oneBased ? 'subtract 1 from class indices and pass them as an Int32Array' : 'pass class indices as an Int32Array (or a plain array)',
      };
    }
    if (ctx.probabilities) {
      const m = firstProbabilityMisfit(values, batch, classes, inner, probabilityTolerance(classes));
      const at = `target[${m.index}] = ${show(values[m.index])}`;
      if (Number.isNaN(m.sum)) {
        if (s.plusMinusOne) return { convention: 'plus-minus-one', index: m.index, problem: `${at}: {-1, +1} rows, not class probabilities`, fix: 'map y to (y + 1) / 2' };
        return { convention: 'other', index: m.index, problem: `${at} is not a probability in [0, 1]`, fix: 'use class probabilities in [0, 1], each row summing to 1' };
      }
      const sum = `row ${m.row} sums to ${+m.sum.toPrecision(6)}`;
      if (m.sum === 0) {
        return { convention: s.zeroOne ? 'multi-hot' : 'probabilities', index: m.index, problem: `${sum}: an all-zero row is not a distribution (it adds nothing but still counts in the mean)`, fix: 'drop that sample, or use class indices with ignoreIndex to skip it' };
      }
      if (s.zeroOne) {
        return { convention: 'multi-hot', index: m.index, problem: `${sum}: multi-hot rows are not class probabilities`, fix: 'use multilabelSoftMarginLoss for multi-hot targets' };
      }
      return { convention: 'probabilities', index: m.index, problem: `${sum}, not 1`, fix: 'normalise each row to sum to 1' };
    }
    if (values.length === positions) return badIndices(values, s, classes, ctx.ignoreIndex, 'ignoreIndex');
    const found = rowsInsteadOfIndices(values, s, batch, classes, inner, positions);
    if (!found || (found.convention !== 'one-hot' && found.convention !== 'multi-hot')) return null;
    const fix = found.convention === 'one-hot'
      ? "pass one-hot rows as a float array of the input's dtype (class probabilities), or their argmax as class indices"
      : found.fix;
    return { ...found, fix };
  },
};

export const SPECS = Object.freeze({
  softMarginLoss: plusMinusOneSpec('softMarginLoss'),
  hingeEmbeddingLoss: plusMinusOneSpec('hingeEmbeddingLoss'),
  marginRankingLoss: plusMinusOneSpec('marginRankingLoss'),
  cosineEmbeddingLoss: plusMinusOneSpec('cosineEmbeddingLoss'),
  bceWithLogitsLoss: unitSpec('bceWithLogitsLoss'),
  multilabelSoftMarginLoss: unitSpec('multilabelSoftMarginLoss'),
  multiMarginLoss: multiMarginSpec,
  multilabelMarginLoss: multilabelMarginSpec,
  crossEntropyLoss: crossEntropySpec,
});

export const LOSS_NAMES = Object.keys(SPECS);

// The losses without a target, and what takes the labels' place: checkLabels explains there is nothing
// to check rather than calling the name unknown.
export const TARGETLESS = Object.freeze({
  tripletMarginLoss: 'each triplet (anchor, positive, negative) already says which pair should be closer',
});

// The full diagnosis (two more passes over the target), or null when its length fits no reading.
export function explainTarget(loss, values, ctx, fits) {
  const spec = SPECS[loss];
  const s = summarize(values);
  const layout = spec.rows(ctx);
  const rows = layout && values.length === layout[0] * layout[1] * layout[2] ? rowStats(values, ...layout) : null;
  const accepts = typeof spec.accepts === 'function' ? spec.accepts(ctx) : spec.accepts;
  let conventions = readings(s, rows, spec.read ? spec.read(ctx, values) : {});
  const base = { loss, expected: spec.expected(ctx) };
  if (fits) {
    const convention = values.length === 0 ? null : accepts.find((c) => conventions.includes(c)) ?? accepts[0];
    if (convention && !conventions.includes(convention)) conventions.unshift(convention);
    return { ...base, convention, conventions, fits: true, index: -1, problem: null, fix: null };
  }
  const found = spec.explain(values, s, ctx);
  if (!found) return null;
  const { convention, index, problem, fix } = found;
  // A target that does not fit is in none of the loss's conventions, whatever its values alone allow.
  conventions = conventions.filter((c) => !accepts.includes(c));
  if (conventions.length === 0 || (conventions.length === 1 && conventions[0] === 'other')) conventions = [convention];
  else if (!conventions.includes(convention)) conventions.unshift(convention);
  return { ...base, convention, conventions, fits: false, index, problem, fix };
}

// { fits: true|false } quickly, or null when the target's length fits no reading of the loss.
export function targetFits(loss, values, ctx) {
  return SPECS[loss].fits(values, ctx);
}

