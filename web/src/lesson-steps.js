// The guided lesson's steps: for each, its input (a score the reader drags, and switches), the numbers
// it shows (every one from the package), the sentences chosen from those numbers, and the explorer state
// it opens. DOM-free, so Node tests can sweep every input and check every claim against the package.
//
// A step: { id, title, figure, score?(inp) → { label, min, max }, switches(inp) → [{ key, legend,
//   options: [[value, text]] }], initial, normalize?(inp), compute(ml, inp) → model, sentences(model) →
//   [string], valueText(model), explorers(inp, model) → [{ text, state }], shown(model) }.
// `shown` names the numbers the explorer must show for the first explorer state: { index, loss, grad }
// (element `index` of the explorer's loss and gradient), or { loss: id } for the last step.
import { recommendLoss } from 'marginloss';

import { fmt, labelText } from './dom.js';
import { STEP_COUNT } from './lesson-state.js';
import { LOSSES, LOSS_IDS } from './losses.js';
import { SCORE_DOMAIN, lossExample } from './state.js';


const f64 = (...v) => Float64Array.from(v);
const one = (r, i = 0) => ({ loss: typeof r.loss === 'number' ? r.loss : r.loss[i], grad: r.grad[i] });
const softMargin = (ml, x, y) => one(ml.softMarginLoss(f64(x), f64(y), { reduction: 'sum' }));
const bce = (ml, x, t) => one(ml.bceWithLogitsLoss(f64(x), f64(t), { reduction: 'sum' }));

/** A label value as the page writes it: +1, 0, −1. */
const at = (v) => fmt(v, 2);
const num = (v) => fmt(v);
/** A slope: "exactly 0" when it is (fmt would print 0.0000 for a tiny one too). */
const slope = (g) => (g === 0 ? 'exactly 0' : fmt(g));
/** What one gradient-descent step (x ← x − η·slope) does to a score with slope `g`. */
export const descent = (g, what = 'x') => (g < 0 ? `raises ${what}` : g > 0 ? `lowers ${what}` : `leaves ${what} where it is`);
const isLn2 = (v) => Math.abs(v - Math.LN2) <= 1e-12;
const list = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

// The explorer shows four elements: the lesson's element is element 0, the others are fixed companions
// in the same label convention, and reduction 'none' shows element 0's own loss.
const COMPANION_X = [-0.5, 0.8, -2];
const elementState = (loss, x, y, companionY) => ({
  ...lossExample(loss), x: [x, ...COMPANION_X], y: [y, ...companionY], red: 'none', sel: 0,
});
const PM = [-1, 1, -1];
const ZO = [0, 1, 0];

const SCORE = (label) => () => ({ label, min: SCORE_DOMAIN[0], max: SCORE_DOMAIN[1] });
const LABEL_SWITCH = { key: 'y', legend: 'Label y', options: [[1, 'y = +1 (yes)'], [-1, 'y = −1 (no)']] };

// Steps 1–3: SoftMarginLoss, one element, label ±1.
const logistic = (ml, { x, y }) => ({ x, y, ...softMargin(ml, x, y) });
const logisticShown = (m) => ({ index: 0, loss: m.loss, grad: m.grad });
const logisticExplorer = (text) => ({ x, y }) => [{ text, state: elementState('softMargin', x, y, PM) }];

const scoreStep = {
  id: 'score', title: 'One score and its label', figure: 'score',
  score: SCORE('Score x'), switches: () => [LABEL_SWITCH], initial: { x: -1.2, y: 1 },
  compute: logistic,
  sentences(m) {
    const yx = m.y * m.x;
    const side = yx > 0 ? `Here y·x = ${at(yx)} > 0: the score is on the label’s side, so SoftMarginLoss charges little, ${num(m.loss)} — less than the ln 2 = 0.6931 it charges at x = 0.`
      : yx < 0 ? `Here y·x = ${at(yx)} < 0: the score is on the wrong side, so SoftMarginLoss charges ${num(m.loss)} — more than the ln 2 = 0.6931 it charges at x = 0.`
        : `At x = 0 the score says nothing either way, and SoftMarginLoss charges ln 2 = ${num(m.loss)}.`;
    return [
      `The model gives this example a score x = ${at(m.x)}: a logit, any real number, positive meaning “yes”.`
      + ` Its label y = ${labelText(m.y)} says “${m.y > 0 ? 'yes' : 'no'}”, so the loss wants x far ${m.y > 0 ? 'above' : 'below'} 0.`,
      side,
    ];
  },
  valueText: (m) => `x = ${at(m.x)}, loss ${num(m.loss)}`,
  explorers: logisticExplorer('Open this in the explorer'),
  shown: logisticShown,
};

const curveStep = {
  id: 'curve', title: 'The loss curve', figure: 'curve',
  score: SCORE('Score x'), switches: () => [LABEL_SWITCH], initial: { x: -1.2, y: 1 },
  compute: logistic,
  sentences(m) {
    const yx = m.y * m.x;
    return [
      `The curve is SoftMarginLoss of one element with label y = ${labelText(m.y)}, ℓ(x) = log(1 + e⁻ʸˣ), at every score;`
      + ` the dot is yours: ℓ(${at(m.x)}) = ${num(m.loss)}.`,
      yx < 0 ? `On the wrong side of 0 the loss is above ln 2 = 0.6931 and keeps growing, by almost 1 per unit of score far out: a confident mistake costs about as much as it is confident.`
        : yx > 0 ? `On the label’s side the loss is below ln 2 = 0.6931 and shrinks toward 0 as the score moves further, but stays above 0: here ${num(m.loss)}.`
          : `At x = 0 the loss is ln 2 = ${num(m.loss)}: the score has not decided yet.`,
    ];
  },
  valueText: (m) => `x = ${at(m.x)}, loss ${num(m.loss)}`,
  explorers: logisticExplorer('Open this in the explorer'),
  shown: logisticShown,
};

const slopeStep = {
  id: 'slope', title: 'Its slope is the gradient', figure: 'slope',
  score: SCORE('Score x'), switches: () => [LABEL_SWITCH], initial: { x: -1.2, y: 1 },
  compute: logistic,
  sentences(m) {
    const toward = -m.grad * m.y > 0 ? ', toward the label’s side' : ', away from the label’s side';
    return [
      `At x = ${at(m.x)} with y = ${labelText(m.y)} the loss is ${num(m.loss)} and its slope ∂ℓ/∂x is ${num(m.grad)}:`
      + ' the slope of the tangent in the upper chart, and the dot on the slope’s own curve below.',
      m.grad < 0 ? `The slope is negative, so a gradient-descent step x ← x − η·slope raises x${toward}.`
        : m.grad > 0 ? `The slope is positive, so a gradient-descent step x ← x − η·slope lowers x${toward}.`
          : 'The slope is exactly 0: gradient descent leaves x where it is.',
      m.grad !== 0 && Math.abs(m.grad) < 1
        ? `For this loss the slope is never 0 and never steeper than 1: it nears ${m.y > 0 ? '−1' : '+1'} where the score is confidently wrong and fades toward 0 where it is confidently right.`
        : null,
    ].filter(Boolean);
  },
  valueText: (m) => `x = ${at(m.x)}, loss ${num(m.loss)}, slope ${num(m.grad)}`,
  explorers: logisticExplorer('Open this in the explorer'),
  shown: logisticShown,
};

// Step 4: the other convention, three cases. In each the reader moves the score of a negative (or, for
// MultiLabelMarginLoss, of a class that is not a label) and sees the right and the mistaken target.
const MLM_X = [0.2, 0.4, 0.8]; // classes 1–3; class 0 is the one the reader moves
const MLM_LIST = [1, 3, -1, -1];
const MLM_ROW = [0, 1, 0, 1];
const mlm = (ml, x, target) => one(ml.multilabelMarginLoss(f64(x, ...MLM_X), target, { shape: [1, 4] }));

export const MISTAKES = {
  soft: {
    option: 'SoftMarginLoss fed y = 0', scoreLabel: 'Score x of the negative example',
    compute: (ml, x) => ({ right: softMargin(ml, x, -1), wrong: softMargin(ml, x, 0) }),
    sentences: ({ x, right, wrong }) => [
      'A negative example, written y = 0 as in a {0, 1} dataset, goes to SoftMarginLoss, which expects y = −1 for it.',
      isLn2(wrong.loss) && wrong.grad === 0
        ? `With y = 0 the loss is log(1 + e⁰) = ln 2 = ${num(wrong.loss)} at x = ${at(x)}, as at every other score: the curve is flat and its slope is exactly 0, so this example never moves.`
        : `With y = 0 the loss is ${num(wrong.loss)} and its slope ${num(wrong.grad)}.`,
      `Written y = −1 it would cost ${num(right.loss)} with slope ${num(right.grad)}: gradient descent ${descent(right.grad)}${right.grad > 0 ? ', as a negative example needs' : ''}.`,
    ],
    explorer: (x) => elementState('softMargin', x, 0, ZO),
  },
  bce: {
    option: 'BCEWithLogitsLoss fed y = −1', scoreLabel: 'Score x of the negative example',
    compute: (ml, x) => ({ right: bce(ml, x, 0), wrong: bce(ml, x, -1) }),
    sentences: ({ x, right, wrong }) => [
      'A negative example, written y = −1 as in a ±1 dataset, goes to BCEWithLogitsLoss, which expects 0 for it.'
      + ' With y = −1 its term becomes x + log(1 + eˣ): nothing bounds it below.',
      wrong.loss < 0 ? `At x = ${at(x)} the loss is ${num(wrong.loss)}: negative, which binary cross-entropy with a label in [0, 1] never is.`
        : wrong.loss > 0 ? `At x = ${at(x)} the loss is ${num(wrong.loss)}, still positive, but it falls without bound as x decreases: drag left and it goes negative.`
          : `At x = ${at(x)} the loss is exactly 0, and it falls below 0 as x decreases.`,
      wrong.grad > 1
        ? `Its slope, ${num(wrong.grad)}, is above 1 at every score, so gradient descent lowers x forever; written y = 0 the loss would be ${num(right.loss)} with slope ${num(right.grad)}, which fades toward 0 as x falls.`
        : `Its slope is ${num(wrong.grad)}; written y = 0 the loss would be ${num(right.loss)} with slope ${num(right.grad)}.`,
    ],
    explorer: (x) => elementState('bceWithLogits', x, -1, PM),
  },
  mlm: {
    option: 'MultiLabelMarginLoss fed a multi-hot row', scoreLabel: 'Score x₀ of class 0 (not a label)',
    compute: (ml, x) => ({ right: mlm(ml, x, MLM_LIST), wrong: mlm(ml, x, MLM_ROW) }),
    sentences: ({ right, wrong }) => [
      'The example’s labels are classes 1 and 3 of four, so MultiLabelMarginLoss wants the index list [1, 3, −1, −1].'
      + ' Handed the multi-hot row [0, 1, 0, 1], it reads every entry as a class index: classes 0 and 1 (each listed twice), and class 3 is no longer a label.',
      `With the row the loss is ${num(wrong.loss)} and class 0’s slope ${slope(wrong.grad)}: gradient descent ${descent(wrong.grad, 'its score')}.`
      + ` With the list: loss ${num(right.loss)}, slope ${slope(right.grad)}: descent ${descent(right.grad, 'it')}.`,
      wrong.grad < 0 ? 'Class 0 is not a label, yet the row pushes it up: the wrong way.'
        : wrong.grad === 0 && right.grad > 0 ? 'The row leaves class 0 alone, although it should come down.'
          : wrong.grad === 0 ? 'Here neither target moves class 0.' : 'Here the row also lowers class 0.',
    ],
    explorer: (x) => ({ ...lossExample('multilabelMargin'), x: [x, ...MLM_X], y: MLM_ROW, tf: 'multihot', red: 'mean', sel: 0 }),
  },
};

const conventionStep = {
  id: 'convention', title: 'The same loss, the other convention', figure: 'convention',
  score: (inp) => ({ label: MISTAKES[inp.sub].scoreLabel, min: SCORE_DOMAIN[0], max: SCORE_DOMAIN[1] }),
  switches: () => [{ key: 'sub', legend: 'The mistake', options: Object.entries(MISTAKES).map(([k, c]) => [k, c.option]) }],
  initial: { x: -2, sub: 'soft' },
  compute: (ml, { x, sub }) => ({ x, sub, ...MISTAKES[sub].compute(ml, x) }),
  sentences: (m) => MISTAKES[m.sub].sentences(m),
  valueText: (m) => `x = ${at(m.x)}: mistaken loss ${num(m.wrong.loss)}, slope ${slope(m.wrong.grad)}`,
  explorers: ({ x, sub }) => [{ text: 'Open this mistake in the explorer', state: MISTAKES[sub].explorer(x) }],
  shown: (m) => ({ index: 0, loss: m.wrong.loss, grad: m.wrong.grad }),
};

// Step 5: SoftMarginLoss(x, 2t − 1) and BCEWithLogitsLoss(x, t), each computed by the package.
export const sameWithin = (a, b) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
const sameStep = {
  id: 'same', title: 'Why ±1 and 0/1 are one loss', figure: 'same',
  score: SCORE('Score x'),
  switches: () => [{ key: 't', legend: 'Label in the 0/1 form', options: [[1, 't = 1 (yes)'], [0, 't = 0 (no)']] }],
  initial: { x: 0.8, t: 0 },
  compute: (ml, { x, t }) => ({ x, t, y: 2 * t - 1, soft: softMargin(ml, x, 2 * t - 1), bce: bce(ml, x, t) }),
  sentences(m) {
    const d = Math.abs(m.soft.loss - m.bce.loss);
    const same = sameWithin(m.soft.loss, m.bce.loss) && sameWithin(m.soft.grad, m.bce.grad);
    return [
      `The 0/1 label t = ${m.t} becomes y = 2t − 1 = ${labelText(m.y)} in the ±1 form.`,
      same
        ? `At x = ${at(m.x)}, SoftMarginLoss(x, ${labelText(m.y)}) = ${num(m.soft.loss)} and BCEWithLogitsLoss(x, ${m.t}) = ${num(m.bce.loss)}:`
          + ` ${d === 0 ? 'the same number, bit for bit' : `the same number up to ${d.toExponential(1)} of float rounding`}, and the slopes agree too (${num(m.soft.grad)}).`
        : `At x = ${at(m.x)}, SoftMarginLoss(x, ${labelText(m.y)}) = ${num(m.soft.loss)} but BCEWithLogitsLoss(x, ${m.t}) = ${num(m.bce.loss)}.`,
      'Both are −log of the probability the model gives the true label, σ(y·x): one loss, written for two label conventions.'
      + ' The bug is only in handing one form the other’s labels.',
    ];
  },
  valueText: (m) => `x = ${at(m.x)}: both losses ${num(m.soft.loss)}`,
  explorers: ({ x, t }) => [
    { text: 'Open SoftMarginLoss in the explorer', state: elementState('softMargin', x, 2 * t - 1, PM) },
    { text: 'Open BCEWithLogitsLoss in the explorer', state: elementState('bceWithLogits', x, t, ZO) },
  ],
  shown: (m) => ({ index: 0, loss: m.soft.loss, grad: m.soft.grad }),
};

// Step 6: MultiMarginLoss on four classes; the reader moves the true class's score. The other scores sit
// off the 0.05 grid the score moves on, so no class ever sits exactly on the band's edge.
export const MARGIN_CLASSES = { x: [0.32, -1.08, 0.86], t: 2 };
const marginScores = (s) => {
  const x = [...MARGIN_CLASSES.x];
  x.splice(MARGIN_CLASSES.t, 0, s);
  return x;
};
const marginState = (s) => ({ ...lossExample('multiMargin'), x: marginScores(s), t: MARGIN_CLASSES.t, margin: 1, p: 1, red: 'mean', sel: MARGIN_CLASSES.t });

const marginStep = {
  id: 'margin', title: 'The margin a hinge enforces', figure: 'margin',
  score: () => ({ label: 'Score of the true class 2', min: SCORE_DOMAIN[0], max: SCORE_DOMAIN[1] }),
  switches: () => [], initial: { x: 1.2 },
  compute(ml, { x }) {
    const scores = marginScores(x);
    const r = ml.multiMarginLoss(Float64Array.from(scores), [MARGIN_CLASSES.t], { shape: [1, 4], margin: 1, p: 1 });
    // What each other class pays: the loss minus the loss with that class moved far below the band.
    const pays = scores.map((_, i) => {
      if (i === MARGIN_CLASSES.t) return 0;
      const away = [...scores];
      away[i] = -1e6;
      return r.loss - ml.multiMarginLoss(Float64Array.from(away), [MARGIN_CLASSES.t], { shape: [1, 4], margin: 1, p: 1 }).loss;
    });
    return { x, scores, t: MARGIN_CLASSES.t, loss: r.loss, grad: Array.from(r.grad), pays };
  },
  sentences(m) {
    const others = m.scores.map((_, i) => i).filter((i) => i !== m.t);
    const payers = others.filter((i) => m.grad[i] > 0);
    const free = others.filter((i) => m.grad[i] === 0);
    const slopes = (ids) => (new Set(ids.map((i) => m.grad[i])).size === 1 && ids.length > 1
      ? `${num(m.grad[ids[0]])} each` : list(ids.map((i) => num(m.grad[i]))));
    const names = (ids) => `${ids.length > 1 ? 'Classes' : 'Class'} ${list(ids.map(String))}`;
    const out = [`Class ${m.t} is the true class, scoring ${at(m.x)}. A hinge with margin 1 wants every other class at least 1 below it, under ${at(m.x - 1)}: the shaded band is where a class pays.`];
    if (payers.length) {
      out.push(`${names(payers)} ${payers.length > 1 ? 'are' : 'is'} inside the band and pay${payers.length > 1 ? '' : 's'} ${list(payers.map((i) => num(m.pays[i])))}`
        + ` (the loss, ${num(m.loss)}, is ${payers.length > 1 ? 'their sum' : 'that'}). Gradient descent lowers ${payers.length > 1 ? 'them' : 'it'}`
        + ` (slope ${slopes(payers)}) and raises class ${m.t} (slope ${num(m.grad[m.t])}).`);
    } else if (m.loss === 0 && m.grad.every((g) => g === 0)) {
      out.push('No other class is inside the band: the loss is exactly 0 and every slope is exactly 0. The hinge is satisfied and stops pushing, where a logistic loss would still push a little.');
    }
    if (payers.length && free.length) {
      out.push(`${names(free)} ${free.length > 1 ? 'are' : 'is'} below the band: ${free.length > 1 ? 'they pay' : 'it pays'} nothing and ${free.length > 1 ? 'get' : 'gets'} slope exactly 0.`);
    }
    return out;
  },
  valueText: (m) => `true class score ${at(m.x)}, loss ${num(m.loss)}`,
  explorers: ({ x }) => [{ text: 'Open this in the explorer', state: marginState(x) }],
  shown: (m) => ({ index: m.t, loss: m.loss, grad: m.grad[m.t], grads: m.grad }),
};

// Step 7: three questions, answered by the package's recommendLoss (never a table of the page's own).
export const LABEL_FORMATS = {
  binary: [['zero-one', 'written 0 / 1'], ['plus-minus-one', 'written −1 / +1'], ['probabilities', 'probabilities in [0, 1]']],
  'single-label': [['class-indices', 'a class index, 0 to C − 1'], ['one-based-indices', 'a class number, 1 to C'],
    ['one-hot', 'a one-hot row, e.g. [0, 0, 1, 0]'], ['probabilities', 'class probabilities, e.g. [0.1, 0, 0.9, 0]']],
  'multi-label': [['multi-hot', 'a multi-hot row, e.g. [1, 0, 1, 0]'], ['index-list', 'indices ended by −1, e.g. [2, 0, −1, −1]'],
    ['plus-minus-one', 'a ±1 row, e.g. [1, −1, 1, −1]']],
};
const PER_SAMPLE = [['binary', 'one yes/no answer per score'], ['single-label', 'exactly one class out of C'], ['multi-label', 'any number of classes out of C']];
const STYLES = [['probabilistic', 'probabilities (logistic, softmax)'], ['margin', 'a margin (hinge, SVM-style)']];

/** The page's loss id for the package's API name (recommendLoss answers with the API name). */
export const pageLoss = (fn) => LOSS_IDS.find((id) => LOSSES[id].fn === fn);
/** The explorer state for a recommended loss: its worked example, with labels in its own convention. */
const recommendedState = (id) => (id === 'softMargin' ? { ...lossExample(id), y: [1, -1, 1, -1] } : lossExample(id));

const chooseStep = {
  id: 'choose', title: 'How to choose', figure: 'choose',
  switches: (inp) => [
    { key: 'perSample', legend: '1. Each sample has…', options: PER_SAMPLE },
    { key: 'labels', legend: '2. Your labels are…', options: LABEL_FORMATS[inp.perSample] },
    { key: 'style', legend: '3. You want…', options: STYLES },
  ],
  initial: { perSample: 'single-label', labels: 'class-indices', style: 'probabilistic' },
  normalize(inp) {
    const formats = LABEL_FORMATS[inp.perSample].map(([k]) => k);
    return formats.includes(inp.labels) ? inp : { ...inp, labels: formats[0] };
  },
  compute(ml, { perSample, labels, style }) {
    try {
      const rec = recommendLoss({ perSample, labels, style });
      return { perSample, labels, style, rec, id: pageLoss(rec.loss) };
    } catch (error) {
      return { perSample, labels, style, error: error.message.replace(/^recommendLoss: /, '') };
    }
  },
  sentences(m) {
    if (m.error) return [`The package’s guide has no loss for this: ${m.error}.`];
    const name = LOSSES[m.id].name;
    return [
      `Use ${name}: ${m.rec.why}.`,
      `It expects ${m.rec.target}.`,
      m.rec.convert ? `Your labels need one step first: ${m.rec.convert}.` : 'Your labels go in as they are.',
    ];
  },
  valueText: (m) => (m.error ? 'no loss fits' : LOSSES[m.id].name),
  explorers: (inp, m) => (m.error ? [] : [{ text: `Open ${LOSSES[m.id].name} in the explorer`, state: recommendedState(m.id) }]),
  shown: (m) => ({ loss: m.id }),
};

export const STEPS = [scoreStep, curveStep, slopeStep, conventionStep, sameStep, marginStep, chooseStep];
if (STEPS.length !== STEP_COUNT) throw new Error(`lesson-state.js says ${STEP_COUNT} steps, lesson-steps.js has ${STEPS.length}`);

/** Each step's starting input (the lesson keeps one per step while the reader moves between them). */
export const initialInputs = () => STEPS.map((s) => ({ ...s.initial }));
