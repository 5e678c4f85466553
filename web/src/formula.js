// Each loss's formula, then the same formula with the current numbers substituted. The substituted text
// is an expression tree (expr.js) rendered, so tests can evaluate exactly what is shown; the value after
// '=' is still the package's result, passed in. The trees explain the number, they never produce it.
import { fmtAny } from './dom.js';
import { add, definitions, div, exp, formatNumber, log, log1p, max, mul, named, neg, num, pow, render, sub, sum } from './expr.js';
import { LOSSES, multilabelMarginTarget, packageOptions } from './losses.js';

const SUB = '₀₁₂₃₄₅₆₇';
const zero = num(0);
/** log(1 + e^z) */
const softplus = (z) => log1p(exp(z));

/** ℓ₀ + … + ℓ₃ (or ℓ₀ + ℓ₁), joined by `sep`. */
const elementList = (C, sep) => (C > 2 ? `ℓ₀${sep}…${sep}ℓ${SUB[C - 1]}` : `ℓ₀${sep}ℓ₁`);

function elementReduction(red, C) {
  if (red === 'mean') return `loss = (${elementList(C, ' + ')})/${C}`;
  if (red === 'sum') return `loss = ${elementList(C, ' + ')}`;
  return `loss = [${elementList(C, ', ')}], one value per element`;
}

const reduceElements = (terms, red) => {
  if (red === 'none') return terms;
  return red === 'sum' ? sum(terms) : div(sum(terms), num(terms.length));
};

// Class losses see one sample, so 'mean' and 'sum' are that sample's ℓ (CrossEntropy's weighted mean aside).
const SAMPLE = { mean: 'loss = ℓ, the mean over the one sample', sum: 'loss = ℓ, the sum over the one sample', none: 'loss = [ℓ], one value per sample' };
const oneSample = (tree, red) => (red === 'none' ? [tree] : tree);

const ELEMENTWISE = {
  softMarginLoss(st) {
    return {
      general: 'ℓᵢ = log(1 + e^(−yᵢ·xᵢ))',
      terms: st.x.map((x, i) => softplus(neg(mul(num(st.y[i]), num(x))))),
    };
  },
  bceWithLogitsLoss(st, o) {
    const lw = o.posWeight ? '(1 + (pwᵢ − 1)·yᵢ)·' : '';
    const body = `(1 − yᵢ)·xᵢ + ${lw}log(1 + e^(−xᵢ))`;
    return {
      general: `ℓᵢ = ${o.weight ? `wᵢ·(${body})` : body}`,
      terms: st.x.map((x, i) => {
        const y = num(st.y[i]);
        const logTerm = softplus(neg(num(x)));
        const inner = add(mul(sub(num(1), y), num(x)),
          o.posWeight ? mul(add(num(1), mul(sub(num(o.posWeight[i]), num(1)), y)), logTerm) : logTerm);
        return o.weight ? mul(num(o.weight[i]), inner) : inner;
      }),
    };
  },
  hingeEmbeddingLoss(st, o) {
    const m = num(o.margin);
    return {
      general: 'ℓᵢ = xᵢ if yᵢ = 1;  max(0, margin − xᵢ) if yᵢ = −1;  xᵢ + max(0, margin − xᵢ) for any other yᵢ',
      terms: st.x.map((x, i) => {
        const hinge = max(zero, sub(m, num(x)));
        if (st.y[i] === 1) return num(x);
        return st.y[i] === -1 ? hinge : add(num(x), hinge);
      }),
    };
  },
  marginRankingLoss(st, o) {
    return {
      general: 'ℓᵢ = max(0, −yᵢ·(x1ᵢ − x2ᵢ) + margin)',
      terms: st.x.map((x, i) => max(zero, add(neg(mul(num(st.y[i]), sub(num(x), num(st.x2[i])))), num(o.margin)))),
    };
  },
};

function crossEntropy(st, o) {
  const { t } = st;
  const C = st.x.length;
  const w = o.weight;
  const eps = o.labelSmoothing ?? 0;
  if (o.ignoreIndex === t) {
    const general = `t = ${t} = ignoreIndex: the only sample is left out, so ${
      { mean: 'the mean is over no samples: 0/0', sum: 'the sum is empty: 0', none: 'its entry is 0' }[st.red]}`;
    return { general, trees: { mean: div(zero, zero), sum: zero, none: [zero] }[st.red] };
  }
  // With smoothing every class's log-probability appears, so the softmax denominator gets a name.
  const total = sum(st.x.map((x) => exp(num(x))));
  const S = eps ? named('S', total) : total;
  const logP = (c) => log(div(exp(num(st.x[c])), S));
  const targetTerm = w ? mul(num(w[t]), neg(logP(t))) : neg(logP(t));
  let ell = targetTerm;
  let general = `ℓ = ${w ? 'w[t]·(−log(e^(x[t]) / Σ_c e^(x[c])))' : '−log(e^(x[t]) / Σ_c e^(x[c]))'}`;
  if (eps) {
    const smoothing = sum(st.x.map((_, c) => neg(w ? mul(num(w[c]), logP(c)) : logP(c))));
    ell = add(mul(sub(num(1), num(eps)), targetTerm), mul(div(num(eps), num(C)), smoothing));
    general = `S = Σ_c e^(x[c]);  ℓ = (1 − ε)·${w ? 'w[t]·' : ''}(−log(e^(x[t])/S)) + ε/C·Σ_c ${w ? 'w[c]·' : ''}(−log(e^(x[c])/S))`;
  }
  if (st.red === 'mean' && w) {
    return { general: `${general};  loss = ℓ/w[t], the mean weighted by the target's class weight`, trees: div(ell, num(w[t])) };
  }
  return { general: `${general};  ${SAMPLE[st.red]}`, trees: oneSample(ell, st.red) };
}

function multiMargin(st, o) {
  const { t } = st;
  const w = o.weight;
  const terms = st.x.flatMap((x, i) => {
    if (i === t) return [];
    const hinge = max(zero, add(sub(num(o.margin), num(st.x[t])), num(x)));
    const powered = o.p === 2 ? pow(hinge, 2) : hinge;
    return [w ? mul(num(w[t]), powered) : powered];
  });
  const general = `ℓ = (1/C)·Σ_{i≠t} ${w ? 'w[t]·' : ''}max(0, margin − x[t] + x[i])${o.p === 2 ? '²' : ''}`;
  return { general: `${general};  ${SAMPLE[st.red]}`, trees: oneSample(div(sum(terms), num(st.x.length)), st.red) };
}

// The target row is read as class indices up to its first negative entry; a class listed k times
// contributes its hinge terms k times (the C kernel's loop, and PyTorch's).
function multilabelMargin(st) {
  const row = multilabelMarginTarget(st);
  const end = row.findIndex((v) => v < 0);
  const list = end < 0 ? row : row.slice(0, end);
  const listed = new Set(list);
  const others = st.x.flatMap((_, i) => (listed.has(i) ? [] : [i]));
  const groups = others.length === 0 ? [] : [...listed].map((j) => {
    const hinges = sum(others.map((i) => max(zero, add(sub(num(1), num(st.x[j])), num(st.x[i])))));
    const count = list.filter((k) => k === j).length;
    return count > 1 ? mul(num(count), hinges) : hinges;
  });
  const repeats = listed.size < list.length ? ', repeats counted' : '';
  const indices = (a) => `[${a.map(formatNumber).join(', ')}]`;
  const reading = `target row ${indices(row)} is read as ${list.length ? `the index list ${indices(list)}` : 'an empty index list'}${end < 0 ? ' (no −1 ends it' : ' (up to the first −1'}${repeats})`;
  const general = `${reading};  ℓ = (1/C)·Σ_{j in the list} Σ_{i not in it} max(0, 1 − x[j] + x[i])`;
  return { general: `${general};  ${SAMPLE[st.red]}`, trees: oneSample(div(sum(groups), num(st.x.length)), st.red) };
}

function multilabelSoftMargin(st, o) {
  const w = o.weight;
  const terms = st.x.map((x, c) => {
    const y = num(st.y[c]);
    const term = add(mul(y, softplus(neg(num(x)))), mul(sub(num(1), y), softplus(num(x))));
    return w ? mul(num(w[c]), term) : term;
  });
  const body = 'y[c]·log(1 + e^(−x[c])) + (1 − y[c])·log(1 + e^(x[c]))';
  const general = `ℓ = (1/C)·Σ_c ${w ? `w[c]·(${body})` : body}`;
  return { general: `${general};  ${SAMPLE[st.red]}`, trees: oneSample(div(sum(terms), num(st.x.length)), st.red) };
}

const CLASS = { crossEntropyLoss: crossEntropy, multiMarginLoss: multiMargin, multilabelMarginLoss: multilabelMargin, multilabelSoftMarginLoss: multilabelSoftMargin };

/** The general formula, the trees with the current numbers (one, or one per element for 'none'), and
 *  { general, substituted, trees } where `substituted` ends with ` = ` and `loss`, the package's value. */
export function formula(st, loss) {
  const def = LOSSES[st.loss];
  const o = packageOptions(def, st);
  let general;
  let trees;
  if (ELEMENTWISE[def.fn]) {
    const e = ELEMENTWISE[def.fn](st, o);
    general = `${e.general};  ${elementReduction(st.red, st.x.length)}`;
    trees = reduceElements(e.terms, st.red);
  } else {
    ({ general, trees } = CLASS[def.fn](st, o));
  }
  const list = Array.isArray(trees) ? trees : [trees];
  const names = definitions(sum(list));
  const given = names.length ? `with ${names.map((d) => `${d.name} = ${render(d.of)}`).join(', ')}:  ` : '';
  const shown = Array.isArray(trees) ? `[${trees.map(render).join(', ')}]` : render(trees);
  return { general, substituted: `${given}${shown} = ${fmtAny(loss)}`, trees };
}
