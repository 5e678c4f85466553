// Symptom cards: each opens the page in the state that reproduces the symptom, and says why.
import { h } from './dom.js';
import { lossExample, toQuery } from './state.js';

export const SYMPTOMS = [
  {
    id: 'stuck', title: 'My loss is stuck at 0.693',
    state: { ...lossExample('softMargin'), y: [0, 0, 0, 0], sel: 0, lab: 'soft' },
    text: '0.693 = ln 2 = log(1 + e⁰): what SoftMarginLoss gives every y = 0, whatever the score, with zero gradient. Use ±1 labels.',
  },
  {
    id: 'negative', title: 'My loss is negative',
    state: { ...lossExample('bceWithLogits'), x: [2, -1, -2.5, 0.5], y: [1, -1, -1, 1], sel: 2, lab: 'bce' },
    text: 'BCEWithLogitsLoss or MultiLabelSoftMarginLoss fed −1 for “no”: 2x + softplus(−x) is unbounded below. Use 0 for “no”.',
  },
  {
    id: 'flat', title: 'My loss never decreases',
    state: { ...lossExample('marginRanking'), y: [0, 0, 0, 0], sel: 0, lab: 'ranking' },
    text: 'MarginRankingLoss fed y = 0 (“no preference”) is max(0, margin): a constant with zero gradient. Use ±1.',
  },
];

export function createSymptoms(root, ctx) {
  root.append(h('ul', { class: 'symptoms', role: 'list' }, SYMPTOMS.map((s) => h('li', { class: 'card symptom' },
    h('h3', {}, h('a', { href: `?${toQuery({ ...ctx.state(), ...s.state })}`, id: `symptom-${s.id}`,
      onclick: (e) => { e.preventDefault(); ctx.openExplorer(s.state); } }, s.title)),
    h('p', {}, s.text)))));
}
