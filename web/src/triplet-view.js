// The TripletMarginLoss explorer's parts (vector-explorer.js assembles them): its controls, readout,
// plane, caption and sentences. Every number is the package's (embedding-calls.js); the sentences are
// chosen by the live numbers (embedding-sentences.js).
import { fmt, h, srTable } from './dom.js';
import { tripletNumbers } from './embedding-calls.js';
import { TRIPLET_SENTENCES, sentencesAt } from './embedding-sentences.js';
import { TRIPLET_EPS, TRIPLET_MARGIN, TRIPLET_P } from './embedding-state.js';
import { tripletScene } from './plane-scenes.js';
import { pointControls, pointValues, rangeField, rangeValues, syncValues } from './vector-controls.js';

const vec = (g) => `[${g.map((v) => fmt(v)).join(', ')}]`;
const json = (v) => JSON.stringify(v);
const SHAPE = { 1: 'a diamond', 2: 'a circle' };

export const tripletView = {
  numbers: tripletNumbers,
  scene: tripletScene,

  controls: (ctx) => [
    pointControls(ctx, 'ta', 'anchor a (black)', 'anchor'),
    pointControls(ctx, 'tp', 'positive p (blue)', 'positive'),
    pointControls(ctx, 'tn', 'negative n (orange)', 'negative'),
    rangeField(ctx, 'margin', 'margin', TRIPLET_MARGIN, 'PyTorch’s default is 1.'),
    rangeField(ctx, 'p', 'p, the norm of the distance', TRIPLET_P, '1: sum of |differences|; 2 (the default): Euclidean.'),
    h('div', { class: 'field' }, h('div', { class: 'check' },
      h('input', { type: 'checkbox', id: 'emb-sw', onchange: (e) => ctx.update({ sw: e.target.checked }) }),
      h('label', { for: 'emb-sw' }, 'swap: use d(p, n) when it is smaller than d(a, n)'))),
    h('div', { class: 'field' }, h('label', { for: 'emb-eps' }, 'eps, added to every coordinate of a difference'),
      h('select', { id: 'emb-eps', onchange: (e) => ctx.update({ eps: Number(e.target.value) }) },
        TRIPLET_EPS.map((eps) => h('option', { value: eps }, eps ? '10⁻⁶ (PyTorch’s default)' : '0')))),
  ],

  sync(root, st) {
    syncValues(root, [...pointValues('ta', st.ta), ...pointValues('tp', st.tp), ...pointValues('tn', st.tn),
      ...rangeValues('margin', st.margin, 1), ...rangeValues('p', st.p, 1), ['emb-sw', st.sw], ['emb-eps', st.eps]]);
  },

  readout: (n, def) => [
    h('div', { class: 'big' },
      h('span', { class: 'big-label' }, `${def.name}(margin=${fmt(n.margin, 1)}, p=${fmt(n.p, 1)}${n.swap ? ', swap=True' : ''}) =`),
      h('output', { id: 'ex-loss-value', class: 'big-value', dataset: { value: json(n.loss) } }, fmt(n.loss))),
    h('div', { class: 'grad-line' },
      '∂ℓ/∂a = ', h('output', { id: 'ex-grad-value', dataset: { value: json(n.grad) } }, vec(n.grad)),
      '  ∂ℓ/∂p = ', h('output', { id: 'ex-grad2-value', dataset: { value: json(n.grad2) } }, vec(n.grad2)),
      '  ∂ℓ/∂n = ', h('output', { id: 'ex-grad3-value', dataset: { value: json(n.grad3) } }, vec(n.grad3))),
    h('p', { class: 'emb-facts' },
      'd(a, p) = ', h('output', { id: 'emb-dpos', dataset: { value: json(n.dPos) } }, fmt(n.dPos)),
      ' · d(a, n) = ', h('output', { id: 'emb-dan', dataset: { value: json(n.dAN) } }, fmt(n.dAN)),
      ' · d(p, n) = ', h('output', { id: 'emb-dpn', dataset: { value: json(n.dPN) } }, fmt(n.dPN)),
      ' · one triplet, so \'mean\', \'sum\' and \'none\' all give this loss'),
  ],

  caption: (n) => [
    h('span', {}, `Anchor a (black), positive p (blue), negative n (orange): drag them, or use the sliders. The lines are labelled with the distances. Dashed blue: the points at d(a, p) from the anchor. `),
    h('span', { id: 'emb-band' }, n.dPos + n.margin > 0
      ? `Amber: within d(a, p) + margin = ${fmt(n.dPos + n.margin, 2)} of the anchor${n.swap ? ' or of the positive (swap)' : ''}, where a negative makes the triplet pay.`
      : 'No amber ball: d(a, p) + margin ≤ 0, so no negative can make the triplet pay.'),
    h('span', {}, ` The balls are p-norm balls, p = ${fmt(n.p, 1)}: ${SHAPE[n.p] ?? (n.p < 2 ? 'between a diamond and a circle' : 'between a circle and a square')}. Purple: −gradient at each point (scaled so the longest is 1.2 units).`),
    srTable('The triplet and its gradients', ['point', 'coordinates', 'gradient'],
      [['anchor', vec(n.a), vec(n.grad)], ['positive', vec(n.pos), vec(n.grad2)], ['negative', vec(n.neg), vec(n.grad3)]]),
  ],

  sentences: (n) => sentencesAt(TRIPLET_SENTENCES, n),
  problems: () => [],
  spoken: (n, def) => `${def.name}: loss ${fmt(n.loss)}, d(a, p) ${fmt(n.dPos)}, d(a, n) ${fmt(n.dAN)}.`,
};
