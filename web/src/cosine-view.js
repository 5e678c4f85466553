// The CosineEmbeddingLoss explorer's parts (vector-explorer.js assembles them): its controls, readout,
// plane, caption, sentences and the package's label check. Every number is the package's
// (embedding-calls.js); the sentences are chosen by the live numbers (embedding-sentences.js).
import { checkLabels } from 'marginloss';
import { fmt, h, labelText, srTable } from './dom.js';
import { cosineNumbers } from './embedding-calls.js';
import { COSINE_SENTENCES, describeBand, sentencesAt } from './embedding-sentences.js';
import { COSINE_LABELS, COSINE_MARGIN } from './embedding-state.js';
import { typeset } from './losses.js';
import { cosineScene } from './plane-scenes.js';
import { pointControls, pointValues, rangeField, rangeValues, syncValues } from './vector-controls.js';

const LABEL_WORDS = { 1: 'similar', '-1': 'dissimilar', 0: 'the {0, 1} mistake' };
const vec = (g) => `[${g.map((v) => fmt(v)).join(', ')}]`;
const json = (v) => JSON.stringify(v);

export const cosineView = {
  numbers: cosineNumbers,
  scene: cosineScene,

  controls: (ctx) => [
    pointControls(ctx, 'u', 'x₁ (blue arrow)', 'x₁'),
    pointControls(ctx, 'v', 'x₂ (green arrow)', 'x₂'),
    h('div', { class: 'field' }, h('label', { for: 'emb-cy' }, 'Label y of the pair'),
      h('select', { id: 'emb-cy', onchange: (e) => ctx.update({ cy: Number(e.target.value) }) },
        COSINE_LABELS.map((y) => h('option', { value: y }, `y = ${labelText(y)} (${LABEL_WORDS[y]})`)))),
    rangeField(ctx, 'margin', 'margin', COSINE_MARGIN, 'PyTorch’s default is 0; it suggests values in [−1, 1].'),
  ],

  sync(root, st) {
    syncValues(root, [...pointValues('u', st.u), ...pointValues('v', st.v), ['emb-cy', st.cy], ...rangeValues('margin', st.margin)]);
  },

  readout: (n, def) => [
    h('div', { class: 'big' },
      h('span', { class: 'big-label' }, `${def.name}(margin=${fmt(n.margin, 2)}) =`),
      h('output', { id: 'ex-loss-value', class: 'big-value', dataset: { value: json(n.loss) } }, fmt(n.loss))),
    h('div', { class: 'grad-line' },
      '∂ℓ/∂x₁ = ', h('output', { id: 'ex-grad-value', dataset: { value: json(n.grad) } }, vec(n.grad)),
      '  ∂ℓ/∂x₂ = ', h('output', { id: 'ex-grad2-value', dataset: { value: json(n.grad2) } }, vec(n.grad2))),
    h('p', { class: 'emb-facts' },
      'cos(x₁, x₂) = ', h('output', { id: 'emb-cos', dataset: { value: json(n.cos) } }, fmt(n.cos)),
      ` · angle ${fmt(n.angle, 1)}° · y = ${labelText(n.y)} · one pair, so 'mean', 'sum' and 'none' all give this loss`),
  ],

  caption: (n) => [
    h('span', {}, `x₁ (blue) and x₂ (green) are arrows from the origin: drag their tips, or use the sliders. Purple: −gradient at each tip, where one descent step moves it (scaled so the longest is 1.2 units). `),
    h('span', { id: 'emb-band' }, describeBand(n).text),
    srTable('The pair and its gradients', ['vector', 'coordinates', 'gradient'],
      [['x₁', vec(n.x1), vec(n.grad)], ['x₂', vec(n.x2), vec(n.grad2)]]),
  ],

  sentences: (n) => sentencesAt(COSINE_SENTENCES, n),

  /** The package's checkLabels on the pair's label, as the score explorer shows it. */
  problems(st) {
    const d = checkLabels('cosineEmbeddingLoss', [st.cy], { shape: [1, 2] });
    return d.fits ? [] : [{ title: `The pair label is ${labelText(st.cy)}, but CosineEmbeddingLoss expects −1 / +1`, text: `${typeset(d.problem)}. Fix: ${typeset(d.fix)}.` }];
  },

  spoken: (n, def) => `${def.name}: loss ${fmt(n.loss)}, cosine ${fmt(n.cos)}. Gradient x1 ${vec(n.grad)}, x2 ${vec(n.grad2)}.`,
};
