// Symptom cards: what a learner sees in their own training, the cause, a one-line fix, and a link that
// opens the page in the state that reproduces it (an explorer state, or the lab card when the explorer
// cannot hold the mistaken target). Each card's claims are checked against the package in lab.test.mjs;
// its styles are in lab.css (imported by lab.js: this module stays importable in Node).
import { h } from './dom.js';
import { lossExample, toQuery } from './state.js';

const issue = (n) => ({ href: `https://github.com/pytorch/pytorch/issues/${n}`, text: `pytorch#${n}` });
const sigmoid = (x) => 1 / (1 + Math.exp(-x)); // the mistake being reproduced: scores squashed first
const round2 = (v) => Math.round(v * 100) / 100;

export const SYMPTOMS = [
  {
    id: 'stuck', title: 'My loss is stuck at 0.693',
    state: { ...lossExample('softMargin'), y: [0, 0, 0, 0], sel: 0 },
    text: '0.693 = ln 2 = log(1 + e⁰): what SoftMarginLoss gives every y = 0, whatever the score, with gradient exactly 0.',
    fix: 'Map {0, 1} labels to ±1: y = 2t − 1.',
  },
  {
    id: 'squashed', title: 'My loss won’t go below 0.69 and barely moves',
    state: { ...lossExample('bceWithLogits'), x: [2, -1, 0.5, -2.5].map((v) => round2(sigmoid(v))), y: [1, 0, 0, 1], sel: 1 },
    text: 'The scores went through sigmoid (or softmax) before a loss that applies it itself. In (0, 1) every y = 0 term stays above ln 2, and σ′ ≤ 1/4 shrinks every gradient.',
    fix: 'Pass the raw scores (logits): drop the sigmoid before BCEWithLogitsLoss, the softmax before CrossEntropyLoss.',
  },
  {
    id: 'negative', title: 'My loss is negative',
    state: { ...lossExample('bceWithLogits'), x: [2, -1, -2.5, 0.5], y: [1, -1, -1, 1], sel: 2 },
    text: 'BCEWithLogitsLoss fed −1 for “no”: the term 2x + softplus(−x) is unbounded below, and its slope σ(x) + 1 never drops below 1.',
    fix: 'Use 0 for “no”: t = (y + 1) / 2.',
  },
  {
    id: 'padded', title: 'My multi-label loss goes negative',
    state: { ...lossExample('multilabelSoftMargin'), x: [1.5, -3, 0.8, -2], y: [1, -1, 1, -1], sel: 1 },
    text: 'MultiLabelSoftMarginLoss with rows padded by −1, as its old docs said: each −1 adds 2x + softplus(−x), unbounded below.',
    fix: 'Absent classes are 0: multi-hot rows in {0, 1}.',
    see: [issue(36217)],
  },
  {
    id: 'ignored', title: 'MultiLabelMarginLoss ignores my labels',
    state: { ...lossExample('multilabelMargin'), y: [0, 1, 0, 1], tf: 'multihot', sel: 0 },
    text: 'A multi-hot row is read as a list of class indices: [0, 1, 0, 1] means classes 0 and 1, whatever the truth.',
    fix: 'List the true classes then −1 ([1, 3, −1, −1]), or use MultiLabelSoftMarginLoss for multi-hot rows.',
    see: [issue(15863)],
  },
  {
    id: 'onebased', title: 'IndexError: Target 3 is out of bounds',
    card: 'lab-onebased',
    text: 'Class indices start at 0. Labels 1…C put the top class out of range (the package throws a RangeError too); with a spare output the call runs and trains the class next to the right one.',
    fix: 'Subtract 1 from 1-based labels.',
    see: [issue(2547)],
  },
  {
    id: 'rows', title: 'I pass one-hot or multi-hot rows to CrossEntropyLoss',
    card: 'lab-cerows',
    text: 'Since PyTorch 1.10 a float row is read as class probabilities: one-hot rows give the index’s loss, but a multi-hot row sums to 2 and its classes fight.',
    fix: 'One class: pass its index. Several: use BCEWithLogitsLoss or MultiLabelSoftMarginLoss.',
  },
  {
    id: 'apart', title: 'My embedding never pushes anything apart',
    state: { ...lossExample('cosineEmbedding'), cy: 0 },
    text: 'CosineEmbeddingLoss counts only labels exactly +1 or −1: every {0, 1} label 0 gives its pair loss 0 and gradient 0, yet the pair still counts in the mean’s N. Only similar pairs are pulled together, and mapping every input to one direction is a global minimum.',
    fix: 'Map {0, 1} labels to ±1: y = 2t − 1.',
  },
  {
    id: 'flat', title: 'My loss never decreases',
    state: { ...lossExample('marginRanking'), y: [0, 0, 0, 0], sel: 0 },
    text: 'MarginRankingLoss fed y = 0 (“no preference”) is max(0, margin): a constant with gradient exactly 0.',
    fix: 'Use ±1: y = 2t − 1.',
  },
];

/** Scrolls to a lab card and focuses it (the link's hash is not written: it would leak into shared links). */
function showCard(id) {
  const card = document.getElementById(id);
  card.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth', block: 'start' });
  card.focus({ preventScroll: true });
}

export function createSymptoms(root, ctx) {
  root.append(h('ul', { class: 'symptoms', role: 'list' }, SYMPTOMS.map((s) => h('li', { class: 'card symptom' },
    h('h3', {}, s.card
      ? h('a', { href: `#${s.card}`, id: `symptom-${s.id}`, onclick: (e) => { e.preventDefault(); showCard(s.card); } }, s.title)
      : h('a', { href: `?${toQuery({ ...ctx.state(), ...s.state })}`, id: `symptom-${s.id}`,
        onclick: (e) => { e.preventDefault(); ctx.openExplorer(s.state); } }, s.title)),
    h('p', {}, s.text),
    h('p', { class: 'fix' }, `Fix: ${s.fix}`),
    s.see ? h('p', { class: 'see' }, 'See ', s.see.map((l, k) => [k ? ', ' : '', h('a', { href: l.href }, l.text)])) : null))));
}
