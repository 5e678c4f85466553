// The guided lesson: seven steps, each one idea with one figure that moves and a few sentences written
// from the live numbers (web/src/lesson-steps.js holds the steps, their numbers and their sentences).
// Which step is open lives in the page state (?step=N, a step Back undoes); the score the reader drags
// and the switches live here, one set per step, so moving between steps keeps each step as it was left.
import * as Plot from '@observablehq/plot';
import { COLORS, draggable, mount, numberLine } from './charts.js';
import { fill, fmt, h, labelText, srTable } from './dom.js';
import { elementCurveData, elementGradChart, elementLossChart, labelColor } from './element-curves.js';
import { LOSSES } from './losses.js';
import { MISTAKES, STEPS, initialInputs } from './lesson-steps.js';
import { SCORE_STEP, snapScore } from './state.js';
import './lesson.css';

const at = (v) => fmt(v, 2);
// Rows of the charts' text alternatives: every whole score, plus the reader's.
const TABLE_XS = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5];

/** Renames and recolors curves of element-curves data (the lesson names them by what they show). */
function relabel(data, names) {
  return { ...data, curves: data.curves.map((c) => ({ ...c, ...names[c.label] })) };
}

/** The value of a sampled curve at score x (the samples include every whole score and the reader's). */
const sampleAt = (curve, x) => curve.points.find((p) => Math.abs(p.x - x) < 1e-9);

/** A text alternative for curves: ℓ (and the slope) of each curve at the whole scores. */
function curveTable(caption, data, { grad = false } = {}) {
  const xs = [...new Set([...TABLE_XS, data.current.x])].sort((a, b) => a - b);
  const head = ['score', ...data.curves.flatMap((c) => [`ℓ, ${c.key}`, ...(grad ? [`slope, ${c.key}`] : [])])];
  const rows = xs.map((x) => [x === data.current.x ? `${at(x)} (yours)` : at(x), ...data.curves.flatMap((c) => {
    const p = sampleAt(c, x);
    return p ? [fmt(p.loss), ...(grad ? [fmt(p.grad)] : [])] : ['', ...(grad ? [''] : [])];
  })]);
  return srTable(caption, head, rows);
}

/** The loss as a bar (Seeing Theory's "loss as geometry"), with ln 2, its value at x = 0, marked. */
function lossBar(loss, width) {
  return Plot.plot({
    width, height: 110, marginLeft: 96, marginRight: 16, marginTop: 8, marginBottom: 40,
    style: { fontSize: '14px', background: 'transparent', overflow: 'visible' },
    x: { domain: [0, 5.2], label: 'loss →', labelAnchor: 'right', grid: true },
    y: { domain: ['loss'], label: null },
    marks: [
      Plot.barX([loss], { x: (d) => d, y: () => 'loss', fill: Math.abs(loss - Math.LN2) <= 1e-12 ? COLORS.zero : loss > Math.LN2 ? COLORS.bad : COLORS.good, insetTop: 6, insetBottom: 6 }),
      Plot.ruleX([Math.LN2], { stroke: '#374151', strokeDasharray: '4,3' }),
      Plot.text([Math.LN2], { x: (d) => d, frameAnchor: 'top', text: () => 'ln 2', dx: 4, textAnchor: 'start', fontSize: 14, fill: '#374151' }),
      Plot.text([loss], { x: (d) => d, y: () => 'loss', text: (d) => fmt(d, 3), dx: 6, textAnchor: 'start', fontSize: 14, fontWeight: 'bold' }),
    ],
  });
}

// The figures, by step.figure: each returns { charts: [{ plot, drag? }], card?, caption, table }. A chart
// whose x axis is the score is a drag surface for it (drag: false for any other chart).
const FIGURES = {
  score(ml, inp, m, width) {
    // Bands without a label: numberLine writes band labels at 12 px; the caption says what the band is.
    const band = m.y > 0 ? { x1: 0, x2: 5 } : { x1: -5, x2: 0 };
    const plot = numberLine([{ label: 'score x', x: m.x, color: labelColor(m.y), grad: 0 }], { width, band, rules: [{ x: 0 }] });
    return {
      charts: [{ plot }, { plot: lossBar(m.loss, width), drag: false }],
      caption: `Above, the score on a number line; the shaded half is the label’s side, where y = ${labelText(m.y)} wants it. Drag the dot.`
        + ' Below, the loss as a bar, with its value at x = 0 (ln 2) marked.',
      table: srTable('The example', ['score x', 'label y', 'loss'], [[at(m.x), labelText(m.y), fmt(m.loss)]]),
    };
  },
  curve(ml, inp, m, width, step) {
    const data = { ...relabel(elementCurveData(ml, step.explorers(inp, m)[0].state, 0, { labels: [m.y] }),
      { [m.y]: { key: `ℓ(x) for y = ${labelText(m.y)}` } }), xName: 'x' };
    // No tangent yet: the slope is the next step's idea (elementLossChart draws a tangent for a finite slope).
    const plot = elementLossChart({ ...data, current: { ...data.current, slope: NaN } }, { width, height: 260 });
    return {
      charts: [{ plot }],
      caption: 'SoftMarginLoss of one element against its score. Drag along the curve.',
      table: curveTable('The loss curve', data),
    };
  },
  slope(ml, inp, m, width, step) {
    const data = { ...relabel(elementCurveData(ml, step.explorers(inp, m)[0].state, 0, { labels: [m.y] }),
      { [m.y]: { key: `y = ${labelText(m.y)}` } }), xName: 'x' };
    return {
      charts: [{ plot: elementLossChart(data, { width, height: 240 }) },
        { plot: elementGradChart(data, { width, height: 200 }) }],
      caption: 'Above: the loss and its tangent (purple) at your score. Below: the slope ∂ℓ/∂x at every score. Drag either.',
      table: curveTable('The loss and its slope', data, { grad: true }),
    };
  },
  convention(ml, inp, m, width) {
    const mistake = MISTAKES[inp.sub];
    let data;
    if (inp.sub === 'mlm') {
      // The right and the mistaken target are two states (tf: list / multihot), one curve each.
      const state = mistake.explorer(inp.x);
      const right = elementCurveData(ml, { ...state, tf: 'list' }, 0, { labels: [0] });
      const wrong = elementCurveData(ml, state, 0, { labels: [0] });
      data = { ...wrong, curves: [
        { ...right.curves[0], key: 'index list [1, 3, −1, −1]', color: COLORS.pos, current: false },
        { ...wrong.curves[0], key: 'multi-hot row [0, 1, 0, 1] (mistake)', color: COLORS.bad, current: true }] };
    } else {
      const [expected, wrongLabel] = inp.sub === 'soft' ? [-1, 0] : [0, -1];
      data = { ...relabel(elementCurveData(ml, mistake.explorer(inp.x), 0, { labels: [expected, wrongLabel] }), {
        [expected]: { key: `y = ${labelText(expected)} (expected)`, color: COLORS.pos },
        [wrongLabel]: { key: `y = ${labelText(wrongLabel)} (mistake)`, color: COLORS.bad },
      }), xName: 'x' };
    }
    return {
      charts: [{ plot: elementLossChart(data, { width, height: 280 }) }],
      caption: 'The loss against the score with the expected target (blue) and the mistaken one (red, thick, with its tangent). Drag along it.',
      table: curveTable('Expected and mistaken target', data, { grad: true }),
    };
  },
  same(ml, inp, m, width, step) {
    const [soft, bce] = step.explorers(inp, m).map((e) => elementCurveData(ml, e.state, 0, { labels: [e.state.y[0]] }));
    const data = { ...soft, xName: 'x', current: { ...soft.current, slope: NaN }, curves: [
      { ...soft.curves[0], key: `SoftMarginLoss, y = ${labelText(m.y)}`, color: COLORS.pos, current: true },
      { ...bce.curves[0], key: `BCEWithLogitsLoss, t = ${m.t}`, color: COLORS.neg, current: false }] };
    return {
      charts: [{ plot: elementLossChart(data, { width, height: 260 }) }],
      caption: 'Both losses, each computed by the package: the dashed BCE curve lies exactly on the solid SoftMargin one. Drag along them.',
      table: curveTable('Both forms of the loss', data),
    };
  },
  margin(ml, inp, m, width) {
    const rows = m.scores.map((x, i) => ({
      label: `class ${i}`, x, grad: m.grad[i],
      color: i === m.t ? COLORS.pos : m.grad[i] > 0 ? COLORS.bad : COLORS.zero,
    }));
    const plot = numberLine(rows, {
      width, band: { x1: m.x - 1, x2: m.x }, rules: [{ x: m.x, color: COLORS.pos, dash: 'none' }],
      selected: m.t, arrowScale: 1.5 / Math.max(1e-9, ...m.grad.map(Math.abs)),
    });
    return {
      charts: [{ plot }],
      caption: 'Class scores on a number line; the shaded band is the margin, 1 below the true class. Blue: the true class, red the classes that pay, grey those that do not. Purple arrows: where one gradient-descent step moves each score. Drag anywhere to move the true class.',
      table: srTable('Class scores, what each pays, and its slope', ['class', 'score', 'pays', 'slope'],
        rows.map((r, i) => [i === m.t ? `${r.label} (true class)` : r.label, at(r.x), i === m.t ? '' : fmt(m.pays[i]), fmt(m.grad[i])])),
    };
  },
  choose(ml, inp, m) {
    const body = m.error
      ? [h('p', { class: 'lesson-answer-name' }, 'No loss fits'), h('p', {}, 'Change an answer.')]
      : [h('p', { class: 'lesson-answer-kicker' }, 'The package’s guide answers'),
        h('p', { class: 'lesson-answer-name', id: 'lesson-answer' }, LOSSES[m.id].name),
        h('p', { class: 'lesson-answer-convention' }, `expects ${LOSSES[m.id].convention}`)];
    return { charts: [], card: h('div', { class: 'lesson-answer' }, body), caption: null, table: null };
  },
};

/** Creates the lesson inside `root`. ctx: { ml, state(), update(patch, opts), openExplorer(state) }. */
export function createLesson(root, ctx) {
  const inputs = initialInputs();
  let current = -1;
  let width = 600;
  let lastKey = '';
  let focusAfterBuild = null;

  const navButtons = STEPS.map((s, i) => h('button', { type: 'button', class: 'lesson-nav-btn', onclick: () => go(i, 'heading') },
    h('span', { class: 'lesson-nav-num' }, String(i + 1)), h('span', { class: 'lesson-nav-title' }, s.title)));
  const nav = h('nav', { class: 'lesson-nav', 'aria-label': 'Lesson steps' }, h('ol', {}, navButtons.map((b) => h('li', {}, b))));
  const body = h('div', { class: 'lesson-body' });
  const prev = h('button', { type: 'button', id: 'lesson-prev', onclick: () => go(current - 1, 'prev') }, '← Previous');
  const next = h('button', { type: 'button', id: 'lesson-next', class: 'primary', onclick: () => go(current + 1, 'next') });
  const onward = h('a', { href: '#symptoms', class: 'lesson-onward', hidden: true }, 'Now play freely: the symptoms and the explorer ↓');
  const article = h('article', { class: 'lesson-step panel', id: 'lesson-step', 'aria-labelledby': 'lesson-step-h' },
    body, h('div', { class: 'lesson-pager' }, prev, next, onward));
  root.append(nav, article);

  // Parts of the open step that draw() refills.
  let parts = null;

  function go(i, focus) {
    if (i < 0 || i >= STEPS.length) return;
    focusAfterBuild = focus;
    ctx.update({ step: i });
  }

  function setInput(patch) {
    const step = STEPS[current];
    inputs[current] = step.normalize ? step.normalize({ ...inputs[current], ...patch }) : { ...inputs[current], ...patch };
  }

  function setScore(v) {
    if (!Number.isFinite(v)) return;
    const x = snapScore(v);
    if (x === inputs[current].x) return;
    setInput({ x });
    draw();
  }

  function switchGroup(sw, inp) {
    return h('fieldset', { class: 'lesson-switch' }, h('legend', {}, sw.legend),
      h('div', { class: 'lesson-options' }, sw.options.map(([value, text]) => {
        const id = `lesson-${sw.key}-${value}`;
        return h('label', { class: 'lesson-option', for: id },
          h('input', { type: 'radio', id, name: `lesson-${sw.key}`, value: String(value), checked: inp[sw.key] === value,
            onchange: () => {
              setInput({ [sw.key]: value });
              build();
              root.querySelector(`#${CSS.escape(id)}`)?.focus();
            } }), ` ${text}`);
      })));
  }

  // Builds the open step's DOM (on a step change, or a switch that changes which controls exist).
  function build() {
    const step = STEPS[current];
    const inp = inputs[current];
    const scoreSpec = step.score?.(inp);
    const figureBox = h('div', { class: 'lesson-charts' });
    const caption = h('figcaption', {});
    const sentences = h('div', { class: 'lesson-text', id: 'lesson-text' });
    const range = scoreSpec ? h('input', { type: 'range', id: 'lesson-score', min: scoreSpec.min, max: scoreSpec.max, step: SCORE_STEP,
      value: inp.x, oninput: (e) => setScore(Number(e.target.value)) }) : null;
    const rangeOut = scoreSpec ? h('output', { for: 'lesson-score', id: 'lesson-score-out' }) : null;
    const explorerButtons = h('div', { class: 'buttons lesson-open' });
    fill(body,
      h('p', { class: 'lesson-count' }, `Step ${current + 1} of ${STEPS.length}`),
      h('h3', { id: 'lesson-step-h', tabindex: '-1' }, step.title),
      h('div', { class: `lesson-grid lesson-grid-${step.figure}` },
        sentences,
        h('figure', { class: 'fig lesson-fig' }, figureBox, caption),
        h('div', { class: 'lesson-controls' },
          scoreSpec ? h('div', { class: 'field lesson-score' }, h('label', { for: 'lesson-score' }, scoreSpec.label),
            h('div', { class: 'lesson-range' }, range, rangeOut)) : null,
          step.switches(inp).map((sw) => switchGroup(sw, inp)),
          explorerButtons)));
    parts = { figureBox, caption, sentences, range, rangeOut, explorerButtons, chartBoxes: [] };
    navButtons.forEach((b, i) => (i === current ? b.setAttribute('aria-current', 'step') : b.removeAttribute('aria-current')));
    prev.disabled = current === 0;
    const last = current === STEPS.length - 1;
    next.hidden = last;
    onward.hidden = !last;
    if (!last) next.textContent = `Next: ${STEPS[current + 1].title} →`;
    width = Math.max(260, Math.min(720, figureBox.clientWidth || width));
    draw();
  }

  // Refills what depends on the numbers: sentences, figure, slider, buttons.
  function draw() {
    const step = STEPS[current];
    const inp = inputs[current];
    const m = step.compute(ctx.ml, inp);
    fill(parts.sentences, step.sentences(m).map((s) => h('p', {}, s)));
    const fig = FIGURES[step.figure](ctx.ml, inp, m, width, step);
    // Chart boxes outlive a redraw: a drag holds pointer capture on its box while the plot inside changes.
    while (parts.chartBoxes.length < fig.charts.length) {
      const box = h('div', { class: 'chart lesson-drag' });
      draggable(box, { pick: (p) => (box.dataset.drag === 'true' && Number.isFinite(p.x) ? 'x' : null), move: (_, p) => setScore(p.x) });
      parts.chartBoxes.push(box);
    }
    fig.charts.forEach((c, k) => {
      const box = parts.chartBoxes[k];
      box.dataset.drag = String(c.drag !== false);
      box.classList.toggle('lesson-drag', c.drag !== false);
      mount(box, c.plot);
    });
    fill(parts.figureBox, fig.card ?? null, parts.chartBoxes.slice(0, fig.charts.length));
    parts.figureBox.closest('figure').hidden = !fig.charts.length && !fig.card;
    fill(parts.caption, fig.caption, fig.table);
    if (parts.range) {
      if (Number(parts.range.value) !== inp.x) parts.range.value = String(inp.x);
      parts.range.setAttribute('aria-valuetext', step.valueText(m));
      parts.rangeOut.textContent = at(inp.x);
    }
    fill(parts.explorerButtons, step.explorers(inp, m).map((e, k) => h('button', {
      type: 'button', class: k === 0 ? 'lesson-open-btn' : 'lesson-open-btn secondary-open', dataset: { open: String(k) },
      onclick: () => ctx.openExplorer(step.explorers(inputs[current], step.compute(ctx.ml, inputs[current]))[k].state),
    }, `${e.text} ↓`)));
    article.dataset.shown = JSON.stringify(step.shown(m));
  }

  function measure() {
    const box = parts?.figureBox;
    const w = box?.clientWidth || root.clientWidth;
    if (w) width = Math.max(260, Math.min(720, w));
  }

  function render(st) {
    const key = `${st.step}|${width}`;
    if (key === lastKey) return;
    lastKey = key;
    if (st.step !== current) {
      current = st.step;
      build();
      const focus = focusAfterBuild;
      focusAfterBuild = null;
      if (focus === 'heading' || (focus === 'next' && next.hidden) || (focus === 'prev' && prev.disabled)) {
        body.querySelector('#lesson-step-h').focus({ preventScroll: true });
      }
      if (focus && article.getBoundingClientRect().top < 0) article.scrollIntoView({ block: 'start' });
    } else {
      draw();
    }
  }

  return { render, measure };
}
