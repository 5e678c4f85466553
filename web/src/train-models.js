// The training section's models and losses, without any DOM: a linear model s = W·p + b (K outputs
// over 2 features) trained by gradient descent twice — with the labels its loss expects, and with the
// labels people mistakenly give it. The loss and ∂loss/∂score come from the package; the chain rule to
// the weights (∂L/∂W = Σₙ ∂L/∂sₙ · pₙᵀ) and the metrics (accuracy, weight norm, calibration) are plain JS.
import { binaryData, binaryFromRows, multiclassData, multilabelData, rankingData } from './train-data.js';

/** Most history entries a run keeps: beyond it, every other old entry is dropped (the curve keeps its
 *  whole range at half the resolution), so Play can run for as long as the reader likes. */
export const MAX_HISTORY = 1200;
/** MarginRankingLoss's and HingeEmbeddingLoss's margin here. */
export const MARGIN = 1;

const sigmoid = (s) => 1 / (1 + Math.exp(-s));
// The hinge-embedding model's distance d = softplus(s) ≥ 0 (a model output, not a loss).
const softplus = (s) => Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s)));
const i32 = (a) => Int32Array.from(a);
const f64 = (a) => Float64Array.from(a);

/** The families: how many outputs, the data, how a prediction is read and scored. */
export const FAMILIES = {
  binary: { name: 'Binary', outputs: 1, data: binaryData, unit: 'points' },
  multiclass: { name: 'Multi-class (3 classes)', outputs: 3, data: multiclassData, unit: 'points' },
  multilabel: { name: 'Multi-label (3 labels)', outputs: 3, data: multilabelData, unit: 'points' },
  ranking: { name: 'Ranking (pairs)', outputs: 1, data: rankingData, unit: 'pairs' },
};
export const FAMILY_IDS = Object.keys(FAMILIES);

// Binary targets in a convention [positive, negative].
const binaryTarget = ([pos, neg]) => (d) => f64(d.cls.map((c) => (c > 0 ? pos : neg)));
// Binary reading of scores: predicted + where the decision value is > 0; P(+) = σ(s) for logistic losses.
const logisticBinary = { decision: (s) => s, boundaryScore: 0, prob: sigmoid };

/**
 * The trainers: one loss, its family, its right and mistaken targets (built from a dataset), and the
 * call that turns scores S (N×K, row-major) and a target into { loss, gradS }. `probabilities` is false
 * for hinge losses: their scores are not probabilities, so there is no calibration to measure.
 */
export const TRAINERS = {
  softMargin: {
    family: 'binary', name: 'SoftMarginLoss', probabilities: true, ...logisticBinary,
    right: { text: '{−1, +1}', target: binaryTarget([1, -1]) },
    wrong: { text: '{0, 1}', target: binaryTarget([1, 0]) },
    story: 'Each negative written 0 costs a constant ln 2 with gradient exactly 0: only the positives learn.',
    call: (ml, S, y, d, reduction) => { const r = ml.softMarginLoss(S, y, { reduction }); return { loss: r.loss, gradS: r.grad }; },
  },
  bceWithLogits: {
    family: 'binary', name: 'BCEWithLogitsLoss', probabilities: true, ...logisticBinary,
    right: { text: '{0, 1}', target: binaryTarget([1, 0]) },
    wrong: { text: '{−1, +1}', target: binaryTarget([1, -1]) },
    story: 'Each negative written −1 has a gradient between 1 and 2 that never vanishes: its score is pushed down forever.',
    call: (ml, S, y, d, reduction) => { const r = ml.bceWithLogitsLoss(S, y, { reduction }); return { loss: r.loss, gradS: r.grad }; },
  },
  hingeEmbedding: {
    family: 'binary', name: 'HingeEmbeddingLoss', probabilities: false,
    // Its input is a distance: small for similar (+1), at least the margin for dissimilar (−1). The
    // model's distance is d = softplus(s); a point is predicted + when d < margin / 2.
    decision: (s) => MARGIN / 2 - softplus(s),
    boundaryScore: Math.log(Math.expm1(MARGIN / 2)),
    right: { text: '{−1, +1}', target: binaryTarget([1, -1]) },
    wrong: { text: '{0, 1}', target: binaryTarget([1, 0]) },
    story: 'A label 0 gets both terms, d + max(0, 1 − d): a constant 1 with gradient exactly 0 while d < 1, so the negatives are never pushed out to the margin.',
    call: (ml, S, y, d, reduction) => {
      const r = ml.hingeEmbeddingLoss(S.map(softplus), y, { margin: MARGIN, reduction });
      return { loss: r.loss, gradS: r.grad.map((g, n) => g * sigmoid(S[n])) };
    },
  },
  crossEntropy: {
    family: 'multiclass', name: 'CrossEntropyLoss', probabilities: true,
    right: { text: 'classes 0, 1, 2', target: (d) => i32(d.cls) },
    wrong: { text: 'classes 1, 2, 3 (1-based)', target: (d) => i32(d.cls.map((c) => c + 1)) },
    story: 'Label 3 does not exist among 3 outputs: the package throws, as PyTorch does ("Target 3 is out of bounds"), and training stops before its first step.',
    call: (ml, S, t, d, reduction) => { const r = ml.crossEntropyLoss(S, t, { shape: [t.length, 3], reduction }); return { loss: r.loss, gradS: r.grad }; },
  },
  multiMargin: {
    family: 'multiclass', name: 'MultiMarginLoss', probabilities: false,
    right: { text: 'classes 0, 1, 2', target: (d) => i32(d.cls) },
    wrong: { text: 'classes 1, 2, 3 (1-based)', target: (d) => i32(d.cls.map((c) => c + 1)) },
    story: 'Label 3 does not exist among 3 outputs: the package throws, as PyTorch does, and training stops before its first step.',
    call: (ml, S, t, d, reduction) => { const r = ml.multiMarginLoss(S, t, { shape: [t.length, 3], reduction }); return { loss: r.loss, gradS: r.grad }; },
  },
  multilabelSoftMargin: {
    family: 'multilabel', name: 'MultiLabelSoftMarginLoss', probabilities: true,
    right: { text: 'multi-hot rows {0, 1}', target: (d) => f64(d.sets.flat()) },
    wrong: { text: 'rows with −1 for absent labels', target: (d) => f64(d.sets.flat().map((v) => 2 * v - 1)) },
    story: 'Each absent label written −1 is BCE’s trap again: its gradient never vanishes and the loss is unbounded below.',
    call: (ml, S, y, d, reduction) => { const r = ml.multilabelSoftMarginLoss(S, y, { shape: [y.length / 3, 3], reduction }); return { loss: r.loss, gradS: r.grad }; },
  },
  multilabelMargin: {
    family: 'multilabel', name: 'MultiLabelMarginLoss', probabilities: false,
    right: { text: 'index lists ended by −1', target: (d) => i32(d.sets.flatMap(indexList)) },
    wrong: { text: 'multi-hot rows', target: (d) => i32(d.sets.flat()) },
    story: 'A multi-hot row is read as a list of class indices: [1, 0, 1] means classes {1, 0}, [0, 0, 1] means {0, 1}. Label C is never a target, label A is one wherever a label is off.',
    call: (ml, S, t, d, reduction) => { const r = ml.multilabelMarginLoss(S, t, { shape: [t.length / 3, 3], reduction }); return { loss: r.loss, gradS: r.grad }; },
  },
  marginRanking: {
    family: 'ranking', name: 'MarginRankingLoss', probabilities: false,
    right: { text: 'y = ±1', target: (d) => f64(d.pairs.map(([a, b]) => Math.sign(d.grade[a] - d.grade[b]))) },
    wrong: { text: 'y = {0, 1}', target: (d) => f64(d.pairs.map(([a, b]) => (d.grade[a] > d.grade[b] ? 1 : 0))) },
    story: 'A pair whose first point should rank lower is written y = 0: max(0, 0 · (s₁ − s₂) + margin) is the margin, a constant with gradient exactly 0: those pairs teach nothing.',
    call: (ml, S, y, d, reduction) => {
      const r = ml.marginRankingLoss(f64(d.pairs.map(([a]) => S[a])), f64(d.pairs.map(([, b]) => S[b])), y, { margin: MARGIN, reduction });
      // Each pair's two gradients go back to its two points' scores.
      const gradS = new Float64Array(S.length);
      d.pairs.forEach(([a, b], k) => { gradS[a] += r.grad[k]; gradS[b] += r.grad2[k]; });
      return { loss: r.loss, gradS, pairGrad: d.pairs.map((_, k) => [r.grad[k], r.grad2[k]]) };
    },
  },
};
for (const [id, t] of Object.entries(TRAINERS)) t.id = id;
export const TRAINER_IDS = Object.keys(TRAINERS);
export const trainersOf = (family) => TRAINER_IDS.filter((id) => TRAINERS[id].family === family);

// A multi-hot row as MultiLabelMarginLoss's index list: the classes that are on, then −1.
function indexList(row) {
  const list = row.flatMap((v, j) => (v ? [j] : []));
  return [...list, ...Array(row.length - list.length).fill(-1)];
}

/** A fresh model with K outputs: all weights 0. */
export const freshModel = (K) => ({ W: Array.from({ length: K }, () => [0, 0]), b: Array(K).fill(0) });

/** Scores S (N×K, row-major) of model `m` on points X. */
export function scores(m, X) {
  const K = m.b.length;
  const S = new Float64Array(X.length * K);
  X.forEach((p, n) => { for (let k = 0; k < K; k++) S[n * K + k] = m.W[k][0] * p[0] + m.W[k][1] * p[1] + m.b[k]; });
  return S;
}

/** ‖(W, b)‖: the Euclidean norm of all the model's parameters. */
export const weightNorm = (m) => Math.hypot(...m.W.flat(), ...m.b);

const argmax = (row) => row.reduce((best, v, k) => (v > row[best] ? k : best), 0);
const softmax = (row) => {
  const top = Math.max(...row);
  const e = row.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / sum);
};
const rows = (S, K) => Array.from({ length: S.length / K }, (_, n) => Array.from(S.subarray(n * K, n * K + K)));

/**
 * Expected calibration error of binary-style predictions [{ conf, correct }] (conf = the probability
 * given to the predicted answer, in [0.5, 1]): the mean |accuracy − confidence| over 10 equal-width
 * confidence bins, weighted by how many predictions fall in each. 0 = the probabilities can be trusted.
 */
export function calibrationError(preds) {
  if (!preds.length) return NaN;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, correct: 0 }));
  for (const p of preds) {
    const bin = bins[Math.min(9, Math.floor(p.conf * 10))];
    bin.n += 1; bin.conf += p.conf; bin.correct += p.correct ? 1 : 0;
  }
  return bins.reduce((sum, b) => sum + (b.n ? (b.n / preds.length) * Math.abs(b.correct / b.n - b.conf / b.n) : 0), 0);
}

/**
 * How well scores S do on dataset d for a trainer: accuracy, calibration error `ece` and `sure`, the
 * highest probability given to a wrong answer (both NaN for hinge losses, whose scores are not
 * probabilities; `sure` NaN when nothing is wrong).
 */
export function quality(trainer, d, S) {
  const family = trainer.family;
  const K = FAMILIES[family].outputs;
  let hits = [];
  let preds = [];
  if (family === 'binary') {
    hits = d.cls.map((c, n) => (trainer.decision(S[n]) > 0 ? 1 : -1) === c);
    if (trainer.probabilities) preds = d.cls.map((c, n) => ({ conf: Math.max(trainer.prob(S[n]), 1 - trainer.prob(S[n])), correct: hits[n] }));
  } else if (family === 'multiclass') {
    const R = rows(S, K);
    hits = R.map((row, n) => argmax(row) === d.cls[n]);
    if (trainer.probabilities) preds = R.map((row, n) => ({ conf: Math.max(...softmax(row)), correct: hits[n] }));
  } else if (family === 'multilabel' && trainer.probabilities) {
    // Each (point, label) is one yes/no prediction: on where its score is > 0 (probability > ½).
    hits = d.sets.flatMap((set, n) => set.map((v, j) => (S[n * K + j] > 0 ? 1 : 0) === v));
    preds = hits.map((correct, i) => ({ conf: Math.max(sigmoid(S[i]), 1 - sigmoid(S[i])), correct }));
  } else if (family === 'multilabel') {
    // A margin loss ranks a point's labels and sets no threshold: each (on, off) label pair of a point
    // is one prediction, right when the on label scores strictly higher.
    hits = d.sets.flatMap((set, n) => set.flatMap((on, j) => (on ? set.flatMap((v, i) => (v ? [] : [S[n * K + j] > S[n * K + i]])) : [])));
  } else {
    // A pair is ordered right when the better point scores strictly higher.
    hits = d.pairs.map(([a, b]) => (d.grade[a] > d.grade[b] ? S[a] > S[b] : S[b] > S[a]));
  }
  const wrong = preds.filter((p) => !p.correct);
  return {
    acc: hits.length ? hits.filter(Boolean).length / hits.length : NaN,
    ece: trainer.probabilities ? calibrationError(preds) : NaN,
    sure: wrong.length ? Math.max(...wrong.map((p) => p.conf)) : NaN,
  };
}

/** What accuracy counts, per trainer, in words for the page. */
export function accuracyMeaning(trainer) {
  if (trainer.family === 'ranking') return 'share of pairs ordered right';
  if (trainer.family === 'multilabel') return trainer.probabilities ? 'share of (point, label) answers right, label on where its score is > 0' : 'share of each point’s (on, off) label pairs ordered right';
  if (trainer.id === 'hingeEmbedding') return 'share of points right, predicted + where the distance d < margin / 2';
  return trainer.family === 'multiclass' ? 'share of points whose top score is their class' : 'share of points right, predicted + where the score is > 0';
}

/**
 * Everything measured for model `m` as it stands: the loss and its gradient (reduction 'mean') and each
 * example's own loss (reduction 'none') from the package; accuracy, calibration, weight norm; and
 * `stuck`, how many examples (points or pairs) add a loss > 0 yet have a gradient of exactly 0 — they
 * cost something and teach nothing. Throws what the package throws (a 1-based label among 3 outputs).
 */
export function measure(ml, trainer, d, target, m) {
  const K = m.b.length;
  const S = scores(m, d.X);
  const { loss, gradS, pairGrad } = trainer.call(ml, S, target, d, 'mean');
  const each = trainer.call(ml, S, target, d, 'none').loss;
  const perExample = pairGrad ?? rows(gradS, K);
  const stuck = perExample.filter((g, n) => each[n] > 0 && g.every((v) => v === 0)).length;
  return { loss, gradS, ...quality(trainer, d, S), norm: weightNorm(m), stuck, examples: perExample.length };
}

/** A run: its model, step count, current measurements, history of { step, loss, acc, norm, ece, stuck },
 *  or the package's error if its very first call threw. */
export function createRun(ml, trainer, d, which) {
  const K = FAMILIES[trainer.family].outputs;
  const run = { which, model: freshModel(K), step: 0, history: [], now: null, error: null, target: trainer[which].target(d) };
  try {
    record(run, measure(ml, trainer, d, run.target, run.model));
  } catch (error) {
    run.error = { name: error.name, message: error.message };
  }
  return run;
}

function record(run, now) {
  run.now = now;
  const { loss, acc, norm, ece, stuck } = now;
  run.history.push({ step: run.step, loss, acc, norm, ece, stuck });
  if (run.history.length > MAX_HISTORY) run.history = run.history.filter((_, i, all) => i % 2 === 0 || i === all.length - 1);
}

/** One gradient-descent step of `run` (mutated) with learning rate lr; a run that threw stays put. */
export function trainStep(ml, trainer, d, run, lr) {
  if (run.error) return run;
  const m = run.model;
  const K = m.b.length;
  const g = run.now.gradS;
  for (let k = 0; k < K; k++) {
    let g0 = 0, g1 = 0, gb = 0;
    d.X.forEach((p, n) => { const v = g[n * K + k]; g0 += v * p[0]; g1 += v * p[1]; gb += v; });
    m.W[k] = [m.W[k][0] - lr * g0, m.W[k][1] - lr * g1];
    m.b[k] -= lr * gb;
  }
  run.step += 1;
  record(run, measure(ml, trainer, d, run.target, m));
  return run;
}

/** Points the reader edited: `run` keeps its model and is measured against the new data. */
export function retarget(ml, trainer, d, run) {
  if (run.error) return run;
  run.target = trainer[run.which].target(d);
  run.now = measure(ml, trainer, d, run.target, run.model);
  return run;
}

/** The dataset a state trains on: a family's generated set, or (binary) the points the reader edited. */
export function datasetFor(family, flavour, editedRows) {
  if (family === 'binary' && editedRows) return binaryFromRows(editedRows);
  return FAMILIES[family].data(flavour);
}
