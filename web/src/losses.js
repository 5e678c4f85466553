// The losses as the page sees them: grouping (the decision guide's), label conventions, options, and one
// `run` that calls the package for the losses of scores (the embedding losses' calls are in
// embedding-calls.js). Every loss value and gradient on the page comes from the package; nothing here
// re-implements loss math.
import { CONVENTIONS, checkLabels } from 'marginloss';
import { fmt, labelText } from './dom.js';

export const GROUPS = [
  { id: 'binary', title: 'One yes/no label per score', losses: ['bceWithLogits', 'softMargin', 'hingeEmbedding'] },
  { id: 'multiclass', title: 'Exactly one class out of C', losses: ['crossEntropy', 'multiMargin'] },
  { id: 'multilabel', title: 'Any number of classes out of C', losses: ['multilabelSoftMargin', 'multilabelMargin'] },
  { id: 'ranking', title: 'Which of two scores should be higher', losses: ['marginRanking'] },
  { id: 'embedding', title: 'Embeddings: pairs and triplets', losses: ['cosineEmbedding', 'tripletMargin'] },
];

// kind: 'elementwise' (a label per score), 'multiclass' (one class index), 'multilabel' (a label per
// class), 'ranking' (pairs of scores), 'cosine' (a pair of vectors and a label), 'triplet' (anchor,
// positive, negative; no label). `expects` is the label convention; `options` the loss's own knobs.
export const LOSSES = {
  bceWithLogits: {
    name: 'BCEWithLogitsLoss', fn: 'bceWithLogitsLoss', kind: 'elementwise', expects: [0, 1],
    convention: 'labels in {0, 1}', options: ['weight', 'posWeight'],
    example: { x: [2, -1, 0.5, -2.5], y: [1, 0, 0, 1], sel: 3 },
    blurb: 'Logistic loss on raw scores (logits). The stable, standard choice for yes/no labels.',
  },
  softMargin: {
    name: 'SoftMarginLoss', fn: 'softMarginLoss', kind: 'elementwise', expects: [-1, 1],
    convention: 'labels in {−1, +1}', options: [],
    example: { x: [1.5, -0.5, 0.8, -2], y: [1, 0, 1, 0], sel: 1 },
    blurb: 'The same logistic loss written for ±1 labels: log(1 + e^(−y·x)).',
  },
  hingeEmbedding: {
    name: 'HingeEmbeddingLoss', fn: 'hingeEmbeddingLoss', kind: 'elementwise', expects: [-1, 1],
    convention: 'labels in {−1, +1}; x is a distance', options: ['margin'], defaults: { margin: 1 },
    example: { x: [0.3, 2, 0.6, 1.4], y: [1, 1, -1, -1], sel: 2 },
    blurb: 'For distances between embeddings: similar pairs (y = 1) pay the distance, dissimilar ones (y = −1) pay until they are margin apart.',
  },
  crossEntropy: {
    name: 'CrossEntropyLoss', fn: 'crossEntropyLoss', kind: 'multiclass', expects: 'index',
    convention: 'one class index in [0, C)', options: ['weight', 'labelSmoothing', 'ignoreIndex'],
    example: { x: [1, 2.2, 0.5, 1.8], t: 3, sel: 1 },
    blurb: 'Softmax, then the negative log-probability of the true class. Every other class pulls.',
  },
  multiMargin: {
    name: 'MultiMarginLoss', fn: 'multiMarginLoss', kind: 'multiclass', expects: 'index',
    convention: 'one class index in [0, C)', options: ['margin', 'p', 'weight'], defaults: { margin: 1, p: 1 },
    example: { x: [0.1, 0.2, 0.4, 0.8], t: 3, sel: 2 },
    blurb: 'Multi-class hinge: every other class whose score comes within margin of the true class pays.',
  },
  multilabelSoftMargin: {
    name: 'MultiLabelSoftMarginLoss', fn: 'multilabelSoftMarginLoss', kind: 'multilabel', expects: [0, 1],
    convention: 'a multi-hot row in {0, 1}', options: ['weight'],
    example: { x: [1.5, -0.5, 0.8, -2], y: [1, 0, 1, 0], sel: 1 },
    blurb: 'Logistic loss per class, averaged over the C classes. Same as BCEWithLogitsLoss per row.',
  },
  multilabelMargin: {
    name: 'MultiLabelMarginLoss', fn: 'multilabelMarginLoss', kind: 'multilabel', expects: 'list',
    convention: 'an index list ended by −1 ([3, 0, −1, −1] means {3, 0})', options: [],
    example: { x: [0.1, 0.2, 0.4, 0.8], y: [1, 0, 0, 1], sel: 2 },
    blurb: 'Multi-label hinge: every (true class, other class) pair closer than 1 pays. Margin fixed at 1.',
  },
  marginRanking: {
    name: 'MarginRankingLoss', fn: 'marginRankingLoss', kind: 'ranking', expects: [-1, 1],
    convention: 'y in {−1, +1} per pair', options: ['margin'], defaults: { margin: 0 },
    example: { x: [1, 2, 0, 3], x2: [2, 1, 0.2, 0], y: [1, 1, -1, -1], margin: 0.5, sel: 0 },
    blurb: 'y = 1 asks for x1 ≥ x2 + margin, y = −1 for x2 ≥ x1 + margin.',
  },
  cosineEmbedding: {
    name: 'CosineEmbeddingLoss', fn: 'cosineEmbeddingLoss', kind: 'cosine', expects: [-1, 1],
    convention: 'y in {−1, +1} per pair (+1 similar, −1 dissimilar)', options: ['margin'], defaults: { margin: 0 },
    example: { margin: 0.25 },
    blurb: 'Compares two embeddings by their cosine: y = 1 pulls them to the same direction, y = −1 pushes their cosine below margin.',
  },
  tripletMargin: {
    name: 'TripletMarginLoss', fn: 'tripletMarginLoss', kind: 'triplet', expects: 'none',
    convention: 'no label: the three roles (anchor, positive, negative) are the supervision', options: ['margin', 'p', 'swap', 'eps'],
    defaults: { margin: 1, p: 2 }, example: { p: 2 },
    blurb: 'The anchor should be closer to the positive than to the negative, by margin, in the p-norm distance.',
  },
};

export const LOSS_IDS = Object.keys(LOSSES);
export const isEmbeddingKind = (def) => def.kind === 'cosine' || def.kind === 'triplet';
/** The losses of scores: the ones the score explorer, its formula, code and curves describe. */
export const SCORE_LOSS_IDS = LOSS_IDS.filter((id) => !isEmbeddingKind(LOSSES[id]));
export const REDUCTIONS = ['mean', 'sum', 'none'];

export const isClassKind = (def) => def.kind === 'multiclass' || def.kind === 'multilabel';

/** The label values a learner may pick for the loss's labels (the wrong ones included, on purpose). */
export function labelChoices(def) {
  if (def.kind === 'elementwise' || def.kind === 'ranking') return [1, 0, -1];
  if (def.fn === 'multilabelSoftMarginLoss') return [1, 0, -1];
  return [1, 0];
}

/** The target row MultiLabelMarginLoss receives: an index list from the multi-hot labels, or (the
 *  mistake) the multi-hot row itself. */
export function multilabelMarginTarget(st) {
  if (st.tf === 'multihot') return st.y.map((v) => (v ? 1 : 0));
  const list = st.y.flatMap((v, i) => (v ? [i] : []));
  while (list.length < st.y.length) list.push(-1);
  return list;
}

/** Options object for the package call, from the state. */
export function packageOptions(def, st, reduction = st.red) {
  const o = { reduction };
  const C = st.x.length;
  if (isClassKind(def)) o.shape = [1, C];
  const has = (k) => def.options.includes(k);
  if (has('margin')) o.margin = st.margin ?? def.defaults.margin;
  if (has('p')) o.p = st.p;
  if (has('weight') && st.w) o.weight = st.w;
  if (has('posWeight') && st.pw) o.posWeight = st.pw;
  if (has('labelSmoothing') && st.ls) o.labelSmoothing = st.ls;
  if (has('ignoreIndex') && st.ii !== -100) o.ignoreIndex = st.ii;
  return o;
}

/** The target argument(s) for the package call. */
export function packageTarget(def, st) {
  if (def.kind === 'multiclass') return [st.t];
  if (def.fn === 'multilabelMarginLoss') return multilabelMarginTarget(st);
  return Float64Array.from(st.y);
}

/**
 * Runs the loss through the package for state `st` (optionally with score i replaced by `value`, or the
 * reduction overridden). Returns { loss, grad, grad2 } as the package returns them.
 */
export function run(ml, st, { index = -1, value = 0, reduction = st.red, x2 = false } = {}) {
  const def = LOSSES[st.loss];
  const x = Float64Array.from(st.x);
  const second = def.kind === 'ranking' ? Float64Array.from(st.x2) : null;
  if (index >= 0) (x2 ? second : x)[index] = value;
  const options = packageOptions(def, st, reduction);
  if (def.kind === 'ranking') return ml[def.fn](x, second, Float64Array.from(st.y), options);
  return ml[def.fn](x, packageTarget(def, st), options);
}

/** A scalar view of a loss result: the number for 'mean'/'sum', the selected element's value for 'none'. */
export function scalarLoss(loss, sel = 0) {
  if (typeof loss === 'number') return loss;
  return loss.length === 1 ? loss[0] : loss[sel];
}

/** Per-element or per-class contributions to the loss, each computed by the package:
 *  - elementwise / ranking: reduction 'none';
 *  - hinge losses (multiMargin, multilabelMargin): what the loss loses when that class's score is moved
 *    out of every hinge (exact, because each hinge term involves one non-target class);
 *  - multilabelSoftMargin: the per-class term w_c·ℓ_c (a one-class call), whose mean is the loss;
 *  - crossEntropy: the softmax probability, read off the package's gradient (p = grad + onehot).
 * Returns { values, label, note }. */
export function contributions(ml, st) {
  const def = LOSSES[st.loss];
  const C = st.x.length;
  if (def.kind === 'elementwise' || def.kind === 'ranking') {
    return { values: Array.from(run(ml, st, { reduction: 'none' }).loss), label: 'loss per element' };
  }
  if (def.fn === 'multiMarginLoss' || def.fn === 'multilabelMarginLoss') {
    const total = run(ml, st, { reduction: 'sum' }).loss;
    const targets = def.fn === 'multiMarginLoss' ? new Set([st.t])
      : new Set(multilabelMarginTarget(st).slice(0, firstNegative(multilabelMarginTarget(st))));
    const values = st.x.map((_, i) => (targets.has(i) ? 0
      : total - run(ml, st, { index: i, value: -1e6, reduction: 'sum' }).loss));
    return { values, label: 'hinge violation paid per class', targets };
  }
  if (def.fn === 'multilabelSoftMarginLoss') {
    const values = st.x.map((xc, c) => ml.multilabelSoftMarginLoss(Float64Array.of(xc), Float64Array.of(st.y[c]), {
      shape: [1, 1], reduction: 'sum', ...(st.w ? { weight: [st.w[c]] } : {}),
    }).loss);
    return { values, label: 'per-class term (the loss is their mean)' };
  }
  // crossEntropy: softmax probabilities from the gradient of the plain, unweighted, summed loss.
  const g = ml.crossEntropyLoss(Float64Array.from(st.x), [st.t], { shape: [1, C], reduction: 'sum' }).grad;
  return { values: Array.from(g, (v, c) => v + (c === st.t ? 1 : 0)), label: 'softmax probability per class' };
}

function firstNegative(list) {
  const i = list.findIndex((v) => v < 0);
  return i < 0 ? list.length : i;
}

/** The package's ASCII text set for the page: a real minus sign before numbers and in " - ". */
export function typeset(text) {
  return text.replace(/(^|[\s([{,=])-(?=[\dx])/g, '$1−').replaceAll(' - ', ' − ');
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** Problems with the current labels for the current loss: [{ title, text }] (empty when fine). The
 *  label check is the package's own `checkLabels`; the notes after it are facts about the current scores
 *  and options that a check of the target alone cannot know. */
export function diagnose(st) {
  return [...labelProblem(st), ...pageNotes(st)];
}

/** The package's verdict on the target the explorer passes, as a title and a line of text. */
function labelProblem(st) {
  const def = LOSSES[st.loss];
  const target = def.kind === 'ranking' ? st.y : packageTarget(def, st);
  const d = checkLabels(def.fn, target, packageOptions(def, st));
  if (d.fits) return [];
  // One label per score (the ±1 / 0-1 losses): count the labels with the offending value.
  const perScore = def.kind === 'elementwise' || def.kind === 'ranking' || def.fn === 'multilabelSoftMarginLoss';
  const title = perScore && d.index >= 0
    ? (() => {
      const v = target[d.index];
      const n = Array.from(target).filter((y) => y === v).length;
      const expects = Array.isArray(def.expects) ? def.expects.map(def.expects.includes(-1) ? labelText : String).join(' / ') : def.convention;
      return `${plural(n, `${def.kind === 'ranking' ? 'pair label' : 'label'} is`, `${def.kind === 'ranking' ? 'pair labels' : 'labels'} are`)} ${labelText(v)}, but ${def.name} expects ${expects}`;
    })()
    : `${def.name} was given ${CONVENTIONS[d.convention]}`;
  return [{ title, text: `${typeset(d.problem)}. Fix: ${typeset(d.fix)}.` }];
}

/** Facts the page sees in the scores and options: a negative distance; a target that is ignoreIndex. */
function pageNotes(st) {
  const def = LOSSES[st.loss];
  const out = [];
  if (def.fn === 'hingeEmbeddingLoss') {
    const i = st.x.findIndex((x, k) => st.y[k] === 1 && x < 0);
    if (i >= 0) {
      out.push({ title: `x${'₀₁₂₃₄₅₆₇'[i]} is a negative distance with y = +1: its loss term is negative`,
        text: `For y = 1 the loss is x itself, unclamped (pytorch#22965): here ${fmt(st.x[i], 2)}. The loss expects x to be a distance, which is never negative.` });
    }
  }
  if (def.fn === 'crossEntropyLoss' && st.t === st.ii) {
    out.push({ title: 'The only target equals ignoreIndex',
      text: st.red === 'mean'
        ? 'Every target is ignored, so the mean is 0 / 0 = NaN (gradient 0), on purpose since PyTorch 1.10.'
        : 'Every target is ignored, so the loss is 0 and the gradient 0: this sample teaches nothing.' });
  }
  return out;
}
