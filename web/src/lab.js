// The convention lab: the same example fed with the convention the loss expects and with the other one,
// side by side, as the score moves. Every value comes from the package.
import { COLORS, curveChart, mount } from './charts.js';
import { fill, fmt, h, srTable } from './dom.js';
import { lossExample } from './state.js';

const f64 = (...v) => Float64Array.from(v);
const gradText = (g) => (g === 0 ? '0 (exactly)' : fmt(g));
const one = (r) => ({ loss: typeof r.loss === 'number' ? r.loss : r.loss[0], grad: r.grad[0] });

// Each case: the loss, the correct and the mistaken call at score s, and what to conclude.
export const CASES = [
  {
    id: 'soft', loss: 'SoftMarginLoss', title: 'SoftMarginLoss fed {0, 1} labels',
    right: { label: 'negative written y = −1', call: (ml, s) => one(ml.softMarginLoss(f64(s), f64(-1), { reduction: 'sum' })) },
    wrong: { label: 'negative written y = 0', call: (ml, s) => one(ml.softMarginLoss(f64(s), f64(0), { reduction: 'sum' })) },
    verdict: (w) => (Math.abs(w.loss - Math.LN2) < 1e-12 && w.grad === 0
      ? 'y = 0 gives a flat ln 2 = 0.6931 with gradient exactly 0: negatives never learn.' : 'y = 0 should give ln 2 and zero gradient.'),
    explorer: { ...lossExample('softMargin'), y: [1, 0, 1, 0], sel: 1 },
  },
  {
    id: 'bce', loss: 'BCEWithLogitsLoss', title: 'BCEWithLogitsLoss fed {−1, +1} labels',
    right: { label: 'negative written y = 0', call: (ml, s) => one(ml.bceWithLogitsLoss(f64(s), f64(0), { reduction: 'sum' })) },
    wrong: { label: 'negative written y = −1', call: (ml, s) => one(ml.bceWithLogitsLoss(f64(s), f64(-1), { reduction: 'sum' })) },
    verdict: (w) => `y = −1 is 2x + softplus(−x): unbounded below (here ${fmt(w.loss)}), gradient σ(x) + 1 = ${fmt(w.grad)} never vanishes.`,
    explorer: { ...lossExample('bceWithLogits'), y: [1, -1, -1, 1], x: [2, -1, -2.5, 0.5], sel: 2 },
  },
  {
    id: 'mlsm', loss: 'MultiLabelSoftMarginLoss', title: 'MultiLabelSoftMarginLoss with “padded by −1” rows',
    right: { label: 'absent class y = 0', call: (ml, s) => one(ml.multilabelSoftMarginLoss(f64(s), f64(0), { shape: [1, 1], reduction: 'sum' })) },
    wrong: { label: 'absent class y = −1', call: (ml, s) => one(ml.multilabelSoftMarginLoss(f64(s), f64(-1), { shape: [1, 1], reduction: 'sum' })) },
    verdict: (w) => `Same trap as BCE (the old docs said “padded by −1”, pytorch#36217): the loss goes negative (${fmt(w.loss)}) and keeps pushing.`,
    explorer: { ...lossExample('multilabelSoftMargin'), y: [1, -1, 1, -1], sel: 1 },
  },
  {
    id: 'mlm', loss: 'MultiLabelMarginLoss', title: 'MultiLabelMarginLoss fed a multi-hot row',
    note: 'True classes {1, 3} of 4; scores [s, 0.2, 0.4, 0.8]; the curve moves class 0 (not a true class).',
    right: { label: 'index list [1, 3, −1, −1]', call: (ml, s) => ({ ...one(ml.multilabelMarginLoss(f64(s, 0.2, 0.4, 0.8), [1, 3, -1, -1], { shape: [1, 4] })) }) },
    wrong: { label: 'multi-hot row [0, 1, 0, 1]', call: (ml, s) => ({ ...one(ml.multilabelMarginLoss(f64(s, 0.2, 0.4, 0.8), [0, 1, 0, 1], { shape: [1, 4] })) }) },
    verdict: (w, r) => `[0, 1, 0, 1] is read as the class list {0, 1} (0 counted twice): class 0 becomes a “true” class, so its gradient is ${gradText(w.grad)} instead of ${gradText(r.grad)}: pushed the wrong way.`,
    explorer: { ...lossExample('multilabelMargin'), x: [0.1, 0.2, 0.4, 0.8], y: [0, 1, 0, 1], tf: 'multihot', sel: 0 },
  },
  {
    id: 'mlsmlist', loss: 'MultiLabelSoftMarginLoss', title: 'MultiLabelSoftMarginLoss fed an index list',
    note: 'True classes {1, 3} of 4; scores [0.1, 0.2, s, 0.8]; the curve moves class 2 (not a true class).',
    right: { label: 'multi-hot row [0, 1, 0, 1]', call: (ml, s) => { const r = ml.multilabelSoftMarginLoss(f64(0.1, 0.2, s, 0.8), f64(0, 1, 0, 1), { shape: [1, 4] }); return { loss: r.loss, grad: r.grad[2] }; } },
    wrong: { label: 'index list [1, 3, −1, −1]', call: (ml, s) => { const r = ml.multilabelSoftMarginLoss(f64(0.1, 0.2, s, 0.8), f64(1, 3, -1, -1), { shape: [1, 4] }); return { loss: r.loss, grad: r.grad[2] }; } },
    verdict: (w) => `The list is read as labels y = 1, 3, −1, −1: class 0 becomes present, class 1 counts threefold, and classes 2 and 3 get y = −1 — unbounded below (here ${fmt(w.loss)}).`,
    explorer: { ...lossExample('multilabelSoftMargin'), x: [0.1, 0.2, -2, 0.8], y: [1, 1, -1, -1], sel: 2 },
  },
  {
    id: 'ranking', loss: 'MarginRankingLoss', title: 'MarginRankingLoss fed y = 0 (“no preference”)',
    note: 'x1 = s, x2 = 0, margin 0.5.',
    right: { label: 'y = +1 (x1 should win)', call: (ml, s) => { const r = ml.marginRankingLoss(f64(s), f64(0), f64(1), { margin: 0.5, reduction: 'sum' }); return { loss: r.loss, grad: r.grad[0] }; } },
    wrong: { label: 'y = 0', call: (ml, s) => { const r = ml.marginRankingLoss(f64(s), f64(0), f64(0), { margin: 0.5, reduction: 'sum' }); return { loss: r.loss, grad: r.grad[0] }; } },
    verdict: (w) => `y = 0 gives max(0, margin) = ${fmt(w.loss)} for every score, gradient ${gradText(w.grad)}: the loss never decreases.`,
    explorer: { ...lossExample('marginRanking'), y: [0, 0, 0, 0], sel: 0 },
  },
  {
    id: 'hinge', loss: 'HingeEmbeddingLoss', title: 'HingeEmbeddingLoss fed {0, 1} labels',
    note: 'x is the distance of a dissimilar pair; margin 1.',
    right: { label: 'dissimilar written y = −1', call: (ml, s) => one(ml.hingeEmbeddingLoss(f64(s), f64(-1), { reduction: 'sum' })) },
    wrong: { label: 'dissimilar written y = 0', call: (ml, s) => one(ml.hingeEmbeddingLoss(f64(s), f64(0), { reduction: 'sum' })) },
    verdict: (w) => `y = 0 gets both terms, max(x, margin) = ${fmt(w.loss)}: flat below the margin (no push apart), and above it the gradient is +1, pulling the dissimilar pair together.`,
    explorer: { ...lossExample('hingeEmbedding'), y: [1, 1, 0, 0], sel: 2 },
  },
];

const XS = Array.from({ length: 121 }, (_, k) => -6 + k * 0.1);

/** Creates the lab inside `root`. ctx: { ml, state(), update(patch, opts), openExplorer(state) }. */
export function createLab(root, ctx) {
  const sliderId = 'lab-x';
  const slider = h('input', { type: 'range', id: sliderId, min: -6, max: 6, step: 0.1,
    oninput: (e) => ctx.update({ lx: Number(e.target.value) }, { history: false }),
    onchange: () => ctx.update({}, { history: true }) });
  const sliderOut = h('output', { for: sliderId, id: 'lab-x-out' });
  const cards = CASES.map((c) => {
    const chart = h('div', { class: 'chart' });
    const caption = h('figcaption', {});
    const readout = h('div', { class: 'lab-readout', 'aria-live': 'polite' });
    const card = h('article', { class: 'card lab-card', id: `lab-${c.id}`, 'aria-labelledby': `lab-${c.id}-h` },
      h('h3', { id: `lab-${c.id}-h` }, c.title),
      c.note ? h('p', { class: 'hint' }, c.note) : null,
      h('figure', { class: 'fig' }, chart, caption),
      readout,
      h('button', { type: 'button', class: 'secondary', onclick: () => ctx.openExplorer(c.explorer) }, `Explore this in the ${c.loss} explorer`));
    return { c, card, chart, caption, readout };
  });
  root.append(
    h('div', { class: 'lab-controls' },
      h('label', { for: sliderId }, 'Score x fed to every case'), slider, sliderOut),
    h('div', { class: 'lab-grid' }, cards.map((k) => k.card)));

  const curves = new Map();
  function curveOf(ml, c) {
    if (!curves.has(c.id)) {
      curves.set(c.id, {
        right: XS.map((x) => ({ x, y: c.right.call(ml, x).loss })),
        wrong: XS.map((x) => ({ x, y: c.wrong.call(ml, x).loss })),
      });
    }
    return curves.get(c.id);
  }

  let lastKey = '';
  let chartWidth = 0;
  function measure() { chartWidth = cards[0].chart.clientWidth; }
  function render(st) {
    if (!chartWidth) measure();
    const key = `${st.lx}|${st.lab}|${chartWidth}`;
    if (key === lastKey) return;
    lastKey = key;
    if (slider.value !== String(st.lx)) slider.value = String(st.lx);
    sliderOut.textContent = fmt(st.lx, 1);
    const width = Math.max(260, Math.min(560, chartWidth || 380));
    for (const { c, card, chart, caption, readout } of cards) {
      card.classList.toggle('highlight', st.lab === c.id);
      const r = c.right.call(ctx.ml, st.lx);
      const w = c.wrong.call(ctx.ml, st.lx);
      const data = curveOf(ctx.ml, c);
      mount(chart, curveChart([
        { key: `correct: ${c.right.label}`, points: data.right, strong: true, color: COLORS.pos },
        { key: `mistake: ${c.wrong.label}`, points: data.wrong, strong: true, color: COLORS.bad },
      ], [
        { x: st.lx, y: r.loss, text: fmt(r.loss, 3), color: COLORS.pos, dy: -14, anchor: 'end', dx: -6 },
        { x: st.lx, y: w.loss, text: fmt(w.loss, 3), color: COLORS.bad, dy: 16, anchor: 'start', dx: 6 },
      ], { width, height: 230, xLabel: 'score x', yDomain: [-6, 6] }));
      caption.replaceChildren(h('span', {}, `Loss against the score: blue with the convention ${c.loss} expects, red with the mistake.`),
        srTable(`${c.title}: loss at a few scores`, ['score', 'correct', 'mistake'],
          [0, 30, 60, 90, 120].map((k) => [fmt(XS[k], 1), fmt(data.right[k].y), fmt(data.wrong[k].y)])));
      fill(readout,
        h('table', { class: 'data compact' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, `at x = ${fmt(st.lx, 1)}`), h('th', { scope: 'col' }, 'loss'), h('th', { scope: 'col' }, 'gradient'))),
          h('tbody', {},
            h('tr', { class: 'right' }, h('th', { scope: 'row' }, c.right.label), h('td', { dataset: { value: r.loss } }, fmt(r.loss)), h('td', { dataset: { value: r.grad } }, gradText(r.grad))),
            h('tr', { class: 'wrong' }, h('th', { scope: 'row' }, c.wrong.label), h('td', { id: `lab-${c.id}-wrong-loss`, dataset: { value: w.loss } }, fmt(w.loss)),
              h('td', { id: `lab-${c.id}-wrong-grad`, dataset: { value: w.grad } }, gradText(w.grad))))),
        h('p', { class: 'verdict' }, c.verdict(w, r)));
    }
  }
  return { render, measure };
}
