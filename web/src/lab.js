// The convention lab: the same example fed with the convention the loss expects and with the mistake,
// side by side, as the score moves. The cases, their numbers and the sentences each card may say (each
// with the condition on the live numbers that chooses it) live in lab-cases.js; this file draws them.
import { checkLabels } from 'marginloss';
import { COLORS, curveChart, mount } from './charts.js';
import { fill, fmt, h, labelText, srTable } from './dom.js';
import { CASES, explorerShows, gradText, numbersAt, verdictsAt } from './lab-cases.js';
import { LOSSES, multilabelMarginTarget, typeset } from './losses.js';
import { SCORE_DOMAIN } from './state.js';
import './lab.css';

const XS = Array.from({ length: 121 }, (_, k) => Math.round(-60 + k) / 10);
const list = (a) => `[${a.map((v) => fmt(v, Number.isInteger(v) ? 0 : 2)).join(', ')}]`;

/** The explorer state a card opens, in words (and as data, for the test that checks the button). */
function describeExplorer(e) {
  const def = LOSSES[e.loss];
  if (def.kind === 'cosine') return `${def.name}: x1 = ${list(e.u)}, x2 = ${list(e.v)}, label y = ${labelText(e.cy)}, margin ${fmt(e.margin, 2)}`;
  const parts = [def.kind === 'ranking' ? `x1 = ${list(e.x)}, x2 = ${list(e.x2)}` : `scores ${list(e.x)}`];
  if (def.kind === 'multiclass') parts.push(`true class t = ${e.t}`);
  else if (def.fn === 'multilabelMarginLoss') parts.push(`target ${list(multilabelMarginTarget(e))} (${e.tf === 'multihot' ? 'the multi-hot row' : 'an index list'})`);
  else parts.push(`labels ${list(e.y)}`);
  if (def.kind === 'ranking') parts.push(`margin ${fmt(e.margin, 1)}`);
  return `${def.name}: ${parts.join(', ')}`;
}

/** What the package's own guide says about the mistaken target. */
function packageSays(c) {
  const d = checkLabels(...c.mistake);
  if (d.fits) return 'The package’s checkLabels finds this target fine: the labels are right, the mistake is in the scores, which it does not see.';
  return `The package’s checkLabels: ${typeset(d.problem)}. Fix: ${typeset(d.fix)}.`;
}

/** Creates the lab inside `root`. ctx: { ml, state(), update(patch, opts), openExplorer(state) }. */
export function createLab(root, ctx) {
  const sliderId = 'lab-x';
  const slider = h('input', { type: 'range', id: sliderId, min: -6, max: 6, step: 0.1,
    oninput: (e) => ctx.update({ lx: Number(e.target.value) }, { history: false }),
    onchange: () => ctx.update({}) });
  const sliderOut = h('output', { for: sliderId, id: 'lab-x-out' });
  const cards = CASES.map((c) => {
    const chart = h('div', { class: 'chart' });
    const caption = h('figcaption', {});
    const readout = h('div', { class: 'lab-readout', 'aria-live': 'polite' });
    const badge = h('p', { class: 'lab-badge', hidden: true }, 'The explorer shows this mistake now.');
    const example = h('p', { class: 'lab-example', id: `lab-${c.id}-example` });
    const card = h('article', { class: 'card lab-card', id: `lab-${c.id}`, tabindex: '-1', 'aria-labelledby': `lab-${c.id}-h` },
      h('h3', { id: `lab-${c.id}-h` }, c.title),
      badge,
      h('p', { class: 'hint' }, c.note),
      h('figure', { class: 'fig' }, chart, caption),
      readout,
      h('p', { class: 'lab-package' }, packageSays(c)),
      example,
      h('button', { type: 'button', class: 'secondary', id: `lab-${c.id}-explore`, 'aria-describedby': example.id,
        onclick: () => ctx.openExplorer(c.explore(ctx.state().lx)) },
      c.exploreLabel ?? `Explore this in the ${c.loss} explorer`));
    return { c, card, chart, caption, readout, badge, example };
  });
  root.append(
    h('div', { class: 'lab-controls' },
      h('label', { for: sliderId }, 'Score x fed to every case'), slider, sliderOut),
    h('div', { class: 'lab-grid' }, cards.map((k) => k.card)));

  const curves = new Map();
  function curveOf(c) {
    if (!curves.has(c.id)) {
      const at = XS.map((x) => numbersAt(ctx.ml, c, x));
      curves.set(c.id, {
        right: at.map((n) => ({ x: n.s, y: n.right.loss })),
        wrong: at.map((n) => ({ x: n.s, y: n.wrong.loss })),
        extra: c.extra ? at.map((n) => ({ x: n.s, y: n.extra.loss })) : null,
      });
    }
    return curves.get(c.id);
  }

  function drawCard({ c, chart, caption, readout, example }, lx, width) {
    const n = numbersAt(ctx.ml, c, lx);
    const data = curveOf(c);
    mount(chart, curveChart([
      { key: `correct: ${c.right.label}`, points: data.right, strong: true, color: COLORS.pos },
      { key: `mistake: ${c.wrong.label}`, points: data.wrong, strong: true, color: COLORS.bad },
      ...(c.extra ? [{ key: c.extra.label, points: data.extra, strong: false, color: COLORS.zero }] : []),
    ], [
      { x: lx, y: n.right.loss, text: fmt(n.right.loss, 3), color: COLORS.pos, dy: -14, anchor: 'end', dx: -6 },
      { x: lx, y: n.wrong.loss, text: fmt(n.wrong.loss, 3), color: COLORS.bad, dy: 16, anchor: 'start', dx: 6 },
    ], { width, height: 230, xLabel: 'score x', yDomain: c.yDomain ?? [-6, 6] }));
    caption.replaceChildren(h('span', {}, `Loss against the score x: blue with the convention ${c.loss} expects, red with the mistake${c.extra ? `, grey dashed: ${c.extra.label}` : ''}.`),
      srTable(`${c.title}: loss at a few scores`, ['score', 'correct', 'mistake', ...(c.extra ? [c.extra.label] : [])],
        [0, 30, 60, 90, 120].map((k) => [fmt(XS[k], 1), fmt(data.right[k].y), fmt(data.wrong[k].y), ...(c.extra ? [fmt(data.extra[k].y)] : [])])));
    const row = (cls, label, v, id) => h('tr', { class: cls }, h('th', { scope: 'row' }, label),
      h('td', { id: id && `${id}-loss`, dataset: { value: v.loss } }, fmt(v.loss)),
      h('td', { id: id && `${id}-grad`, dataset: { value: v.grad } }, gradText(v.grad)));
    fill(readout,
      h('table', { class: 'data compact' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, `at x = ${fmt(lx, 1)}`), h('th', { scope: 'col' }, 'loss'), h('th', { scope: 'col' }, 'gradient'))),
        h('tbody', {},
          row('right', c.right.label, n.right, `lab-${c.id}-right`),
          row('wrong', c.wrong.label, n.wrong, `lab-${c.id}-wrong`),
          c.extra ? row('extra', c.extra.label, n.extra, null) : null)),
      h('div', { class: 'verdict', id: `lab-${c.id}-verdict` }, verdictsAt(c, n).map((v) => h('p', {}, v.text))));
    const e = c.explore(lx);
    const limit = c.exploreLimit ?? SCORE_DOMAIN[1];
    const clamped = Math.abs(lx) > limit;
    example.dataset.explore = JSON.stringify({ loss: e.loss, x: e.x, y: e.y, t: e.t, tf: e.tf, x2: e.x2, margin: e.margin, u: e.u, v: e.v, cy: e.cy });
    example.textContent = `The explorer opens ${describeExplorer(e)}${clamped ? ` (its ${c.exploreLimit ? 'coordinates' : 'scores'} stop at ±${limit})` : ''}.`;
  }

  let lastKey = '';
  let chartWidth = 0;
  function measure() { chartWidth = cards[0].chart.clientWidth; }
  function render(st) {
    if (!chartWidth) measure();
    const shows = cards.map(({ c }) => explorerShows(c, st));
    const key = `${st.lx}|${shows.join()}|${chartWidth}`;
    if (key === lastKey) return;
    const drawn = lastKey.split('|');
    lastKey = key;
    if (slider.value !== String(st.lx)) slider.value = String(st.lx);
    sliderOut.textContent = fmt(st.lx, 1);
    const width = Math.max(260, Math.min(560, chartWidth || 380));
    const redraw = drawn[0] !== String(st.lx) || drawn[2] !== String(chartWidth);
    cards.forEach((k, i) => {
      k.card.classList.toggle('highlight', shows[i]);
      k.badge.hidden = !shows[i];
      if (redraw) drawCard(k, st.lx, width);
    });
  }
  return { render, measure };
}
