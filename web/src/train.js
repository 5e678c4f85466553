// Side-by-side training: one linear classifier s = w·p + b on a 2-D toy dataset, trained by gradient
// descent twice — labels in the convention the loss expects, and in the other one — with shared
// play/step/reset. The loss and ∂loss/∂s come from the package; the chain rule to w and b
// (∂loss/∂w = Σ ∂loss/∂sₙ · pₙ) is plain JS.
import * as Plot from '@observablehq/plot';
import { COLORS, draggable, mount } from './charts.js';
import { fill, fmt, h, srTable } from './dom.js';
import { TRAIN_LOSSES } from './state.js';

export const MAX_STEPS = 200;
const DOMAIN = [-3, 3];

// How each trainable loss is called, and its labels in the right and the mistaken convention.
export const TRAINERS = {
  softMargin: { name: 'SoftMarginLoss', right: [1, -1], wrong: [1, 0], rightText: '{−1, +1}', wrongText: '{0, 1}',
    story: 'Every negative written 0 adds a constant ln 2 with zero gradient: only the positives learn, so the loss levels off and the boundary drifts into the negatives.',
    call: (ml, s, y) => ml.softMarginLoss(s, y, { reduction: 'mean' }) },
  bceWithLogits: { name: 'BCEWithLogitsLoss', right: [1, 0], wrong: [1, -1], rightText: '{0, 1}', wrongText: '{−1, +1}',
    story: 'Every negative written −1 has a gradient that never vanishes: the loss goes negative and keeps falling, and the weights grow without bound.',
    call: (ml, s, y) => ml.bceWithLogitsLoss(s, y, { reduction: 'mean' }) },
  multilabelSoftMargin: { name: 'MultiLabelSoftMarginLoss (one class)', right: [1, 0], wrong: [1, -1], rightText: '{0, 1}', wrongText: '{−1, +1}',
    story: 'Same as BCEWithLogitsLoss: with −1 the loss is unbounded below, goes negative and never settles.',
    call: (ml, s, y) => ml.multilabelSoftMarginLoss(s, y, { shape: [s.length, 1], reduction: 'mean' }) },
};

/** Labels for `points` ([x, y, class ±1]) in a convention [positive, negative]. */
const labelsOf = (points, [pos, neg]) => Float64Array.from(points, (p) => (p[2] > 0 ? pos : neg));

/** A fresh model. */
export const freshModel = () => ({ w: [0, 0], b: 0, step: 0, history: [] });

const scores = (m, points) => Float64Array.from(points, (p) => m.w[0] * p[0] + m.w[1] * p[1] + m.b);
// Predicted + where the score is > 0, − otherwise.
const accuracy = (m, points) => (points.length ? points.filter((p) => (m.w[0] * p[0] + m.w[1] * p[1] + m.b > 0 ? 1 : -1) === p[2]).length / points.length : NaN);

/** One gradient-descent step of model `m` (mutated) on `points` with `labels`; returns the loss before it. */
export function trainStep(ml, trainer, m, points, labels, lr) {
  if (!points.length) return NaN;
  const { loss, grad } = trainer.call(ml, scores(m, points), labels);
  let g0 = 0, g1 = 0, gb = 0;
  points.forEach((p, n) => { g0 += grad[n] * p[0]; g1 += grad[n] * p[1]; gb += grad[n]; });
  m.w = [m.w[0] - lr * g0, m.w[1] - lr * g1];
  m.b -= lr * gb;
  m.step += 1;
  return loss;
}

/** Loss and accuracy of `m` as it stands. */
export function evaluate(ml, trainer, m, points, labels) {
  if (!points.length) return { loss: NaN, acc: NaN };
  return { loss: trainer.call(ml, scores(m, points), labels).loss, acc: accuracy(m, points) };
}

export function createTrainer(root, ctx) {
  const runs = { right: freshModel(), wrong: freshModel() };
  let timer = null;
  let selected = 0;
  let lastSig = '';

  const lossSelect = h('select', { id: 'train-loss', onchange: (e) => { ctx.update({ tl: e.target.value }); reset(); } },
    TRAIN_LOSSES.map((id) => h('option', { value: id }, TRAINERS[id].name)));
  const lrInput = h('input', { type: 'number', id: 'train-lr', class: 'num', min: 0.01, max: 5, step: 0.05,
    onchange: (e) => e.target.value !== '' && ctx.update({ lr: Number(e.target.value) }) });
  const playButton = h('button', { type: 'button', id: 'train-play', class: 'primary', onclick: () => (timer ? pause() : play()) }, 'Play');
  const stepButton = h('button', { type: 'button', id: 'train-step-btn', onclick: () => { pause(); step(1); } }, 'Step');
  const fastButton = h('button', { type: 'button', id: 'train-fast', onclick: () => { pause(); step(50); } }, '+50 steps');
  const resetButton = h('button', { type: 'button', id: 'train-reset', onclick: () => { pause(); reset(); } }, 'Reset');
  const classSelect = h('select', { id: 'train-class' }, h('option', { value: 1 }, 'class + (blue)'), h('option', { value: -1 }, 'class − (orange)'));
  const addButton = h('button', { type: 'button', id: 'train-add', onclick: () => addPoint(0, 0, Number(classSelect.value)) }, 'Add point');
  const removeButton = h('button', { type: 'button', id: 'train-remove', onclick: () => removePoint(selected) }, 'Remove selected point');
  const stepOut = h('output', { id: 'train-step', 'aria-live': 'off' });
  const live = h('p', { class: 'sr-only', 'aria-live': 'polite', id: 'train-live' });

  const panels = ['right', 'wrong'].map((which) => {
    const chart = h('div', { class: 'chart scatter drag-surface', tabindex: 0, role: 'group', id: `train-chart-${which}`,
      'aria-describedby': 'train-keys', 'aria-label': `${which === 'right' ? 'Correct' : 'Mistaken'} convention: dataset and decision boundary` });
    const title = h('h3', {});
    const readout = h('p', { class: 'train-readout', id: `train-readout-${which}` });
    const story = h('p', { class: 'hint story' });
    const caption = h('figcaption', {});
    chart.addEventListener('keydown', onKey);
    draggable(chart, {
      pick: (at) => {
        const st = ctx.state();
        const sx = at.svg.__plot.scale('x');
        const sy = at.svg.__plot.scale('y');
        let best = -1, bestD = 16;
        st.pts.forEach((p, i) => {
          const d = Math.hypot(sx.apply(p[0]) - at.px, sy.apply(p[1]) - at.py);
          if (d < bestD) { best = i; bestD = d; }
        });
        if (best < 0) {
          if (!(at.x >= DOMAIN[0] && at.x <= DOMAIN[1] && at.y >= DOMAIN[0] && at.y <= DOMAIN[1])) return null;
          addPoint(at.x, at.y, Number(classSelect.value));
          return ctx.state().pts.length - 1;
        }
        selected = best;
        render(ctx.state());
        return best;
      },
      move: (i, at) => movePoint(i, at.x, at.y, false),
      end: () => ctx.update({}, { history: true }),
    });
    chart.addEventListener('contextmenu', (event) => {
      const st = ctx.state();
      const svg = chart.querySelector('svg');
      if (!svg) return;
      const rect = svg.getBoundingClientRect();
      const sx = svg.__plot.scale('x'), sy = svg.__plot.scale('y');
      const k = (svg.viewBox.baseVal.width || rect.width) / rect.width;
      const i = st.pts.findIndex((p) => Math.hypot(sx.apply(p[0]) - (event.clientX - rect.left) * k, sy.apply(p[1]) - (event.clientY - rect.top) * k) < 16);
      if (i >= 0) { event.preventDefault(); removePoint(i); }
    });
    const panel = h('section', { class: `panel train-panel ${which}`, 'aria-labelledby': `train-${which}-h` },
      title, story, h('figure', { class: 'fig' }, chart, caption), readout);
    title.id = `train-${which}-h`;
    return { which, panel, chart, title, readout, caption, story };
  });
  const historyBox = h('div', { class: 'chart' });
  const historyCaption = h('figcaption', {});

  root.append(
    h('div', { class: 'train-controls', role: 'group', 'aria-label': 'Training controls' },
      h('div', { class: 'field' }, h('label', { for: 'train-loss' }, 'Loss'), lossSelect),
      h('div', { class: 'field' }, h('label', { for: 'train-lr' }, 'Learning rate'), lrInput),
      h('div', { class: 'buttons' }, playButton, stepButton, fastButton, resetButton),
      h('p', { class: 'step-count' }, 'Step ', stepOut, ` of ${MAX_STEPS}`)),
    h('div', { class: 'train-grid' }, panels.map((p) => p.panel)),
    h('div', { class: 'train-data', role: 'group', 'aria-label': 'Edit the dataset' },
      h('div', { class: 'field' }, h('label', { for: 'train-class' }, 'New points are'), classSelect),
      h('div', { class: 'buttons' }, addButton, removeButton),
      h('p', { class: 'hint', id: 'train-keys' }, 'Mouse: click empty space to add a point, drag to move, right-click to remove. Keyboard (on a chart): N / P select the next / previous point, arrows move it (Shift: faster), Delete removes it, + and − add a point at the centre.')),
    h('figure', { class: 'fig history' }, historyBox, historyCaption),
    live);

  function trainer() { return TRAINERS[ctx.state().tl]; }

  function step(count) {
    const st = ctx.state();
    const t = trainer();
    for (let k = 0; k < count && runs.right.step < MAX_STEPS; k++) {
      for (const which of ['right', 'wrong']) {
        const m = runs[which];
        const labels = labelsOf(st.pts, t[which]);
        trainStep(ctx.ml, t, m, st.pts, labels, st.lr);
        m.history.push({ step: m.step, ...evaluate(ctx.ml, t, m, st.pts, labels) });
      }
    }
    if (runs.right.step >= MAX_STEPS) pause();
    render(st);
    if (!timer) announce();
  }

  function play() {
    if (runs.right.step >= MAX_STEPS) reset();
    playButton.textContent = 'Pause';
    playButton.setAttribute('aria-pressed', 'true');
    timer = setInterval(() => step(1), 30);
  }

  function pause() {
    if (!timer) return;
    clearInterval(timer);
    timer = null;
    playButton.textContent = 'Play';
    playButton.setAttribute('aria-pressed', 'false');
    announce();
  }

  function reset() {
    runs.right = freshModel();
    runs.wrong = freshModel();
    render(ctx.state());
    announce();
  }

  function addPoint(x, y, c) {
    const pts = [...ctx.state().pts, [Math.round(x * 100) / 100, Math.round(y * 100) / 100, c]];
    selected = pts.length - 1;
    ctx.update({ pts });
  }
  function movePoint(i, x, y, history = true) {
    const st = ctx.state();
    if (!st.pts[i] || !Number.isFinite(x) || !Number.isFinite(y)) return;
    const clamp = (v) => Math.round(Math.max(DOMAIN[0], Math.min(DOMAIN[1], v)) * 100) / 100;
    const pts = st.pts.map((p, k) => (k === i ? [clamp(x), clamp(y), p[2]] : p));
    selected = i;
    ctx.update({ pts }, { history });
  }
  function removePoint(i) {
    const st = ctx.state();
    if (!st.pts[i]) return;
    const pts = st.pts.filter((_, k) => k !== i);
    selected = Math.max(0, Math.min(selected, pts.length - 1));
    ctx.update({ pts });
  }

  function onKey(event) {
    const st = ctx.state();
    const n = st.pts.length;
    const d = event.shiftKey ? 0.5 : 0.1;
    const p = st.pts[selected];
    const keys = {
      n: () => { selected = n ? (selected + 1) % n : 0; render(st); announcePoint(); },
      p: () => { selected = n ? (selected - 1 + n) % n : 0; render(st); announcePoint(); },
      ArrowLeft: () => p && movePoint(selected, p[0] - d, p[1]),
      ArrowRight: () => p && movePoint(selected, p[0] + d, p[1]),
      ArrowUp: () => p && movePoint(selected, p[0], p[1] + d),
      ArrowDown: () => p && movePoint(selected, p[0], p[1] - d),
      Delete: () => removePoint(selected),
      Backspace: () => removePoint(selected),
      '+': () => addPoint(0, 0, 1),
      '-': () => addPoint(0, 0, -1),
    };
    const action = keys[event.key] ?? keys[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
    if (event.key.startsWith('Arrow')) announcePoint();
  }

  function announcePoint() {
    const p = ctx.state().pts[selected];
    live.textContent = p ? `Point ${selected + 1} of ${ctx.state().pts.length}, class ${p[2] > 0 ? 'plus' : 'minus'}, at (${fmt(p[0], 1)}, ${fmt(p[1], 1)}).` : 'No points.';
  }

  function announce() {
    const st = ctx.state();
    const t = trainer();
    const a = evaluate(ctx.ml, t, runs.right, st.pts, labelsOf(st.pts, t.right));
    const b = evaluate(ctx.ml, t, runs.wrong, st.pts, labelsOf(st.pts, t.wrong));
    live.textContent = `Step ${runs.right.step}. Correct labels ${t.rightText}: loss ${fmt(a.loss, 3)}, accuracy ${Math.round(a.acc * 100)}%. Mistaken labels ${t.wrongText}: loss ${fmt(b.loss, 3)}, accuracy ${Math.round(b.acc * 100)}%.`;
  }

  function scatter(m, st, width) {
    const [w0, w1] = m.w;
    const b = m.b;
    let line = [];
    if (Math.abs(w1) > 1e-9 || Math.abs(w0) > 1e-9) {
      line = Math.abs(w1) >= Math.abs(w0)
        ? DOMAIN.map((x) => ({ x, y: -(w0 * x + b) / w1 }))
        : DOMAIN.map((y) => ({ x: -(w1 * y + b) / w0, y }));
    }
    const pts = st.pts.map((p, i) => ({ x: p[0], y: p[1], c: p[2], i }));
    const sel = st.pts[selected];
    return Plot.plot({
      width, height: width, marginLeft: 40, marginBottom: 36, marginTop: 26, marginRight: 12,
      style: { fontSize: '13px', background: 'transparent' },
      x: { domain: DOMAIN, label: 'feature 1 →', labelAnchor: 'right', grid: true },
      y: { domain: DOMAIN, label: '↑ feature 2', grid: true },
      color: { type: 'linear', domain: [-3, 0, 3], range: ['#fed7aa', '#ffffff', '#bfdbfe'], clamp: true },
      marks: [
        Plot.raster({ x1: DOMAIN[0], x2: DOMAIN[1], y1: DOMAIN[0], y2: DOMAIN[1], pixelSize: 6,
          fill: (x, y) => w0 * x + w1 * y + b }),
        Plot.line(line, { x: 'x', y: 'y', stroke: '#111827', strokeWidth: 2.5, clip: true }),
        Plot.dot(pts, { x: 'x', y: 'y', r: 9, fill: (d) => (d.c > 0 ? COLORS.pos : COLORS.neg), stroke: 'white', strokeWidth: 1.5 }),
        Plot.text(pts, { x: 'x', y: 'y', text: (d) => (d.c > 0 ? '+' : '−'), fill: 'white', fontWeight: 'bold', fontSize: 15 }),
        sel ? Plot.dot([sel], { x: '0', y: '1', r: 14, stroke: '#111827', strokeWidth: 2.5, strokeDasharray: '3,2' }) : null,
      ],
    });
  }

  let sizes = null;
  function measure() { sizes = { chart: panels[0].chart.clientWidth, root: root.clientWidth }; }
  function render(st) {
    if (!sizes) measure();
    const t = TRAINERS[st.tl];
    if (lossSelect.value !== st.tl) lossSelect.value = st.tl;
    if (document.activeElement !== lrInput) lrInput.value = String(st.lr);
    stepOut.textContent = String(runs.right.step);
    stepOut.dataset.step = String(runs.right.step);
    selected = Math.max(0, Math.min(selected, st.pts.length - 1));
    const width = Math.max(240, Math.min(480, sizes.chart || 360));
    const sig = JSON.stringify([st.pts, st.tl, st.lr, runs.right.w, runs.right.b, runs.wrong.w, runs.wrong.b, runs.right.step, selected, width, sizes.root]);
    const changed = sig !== lastSig;
    lastSig = sig;
    for (const p of panels) {
      const m = runs[p.which];
      const labels = labelsOf(st.pts, t[p.which]);
      const ev = evaluate(ctx.ml, t, m, st.pts, labels);
      p.title.textContent = p.which === 'right' ? `Correct: ${t.name} with labels ${t.rightText}` : `Mistaken: ${t.name} with labels ${t.wrongText}`;
      p.story.textContent = p.which === 'right' ? `The labels this loss expects: it learns a separating line.` : t.story;
      if (changed) mount(p.chart, scatter(m, st, width));
      fill(p.readout,
        h('span', {}, 'loss '), h('strong', { dataset: { value: ev.loss } }, fmt(ev.loss, 3)),
        h('span', {}, ' · accuracy '), h('strong', { class: 'acc', dataset: { value: ev.acc } }, Number.isNaN(ev.acc) ? '—' : `${Math.round(ev.acc * 100)}%`),
        h('span', {}, ` · w = (${fmt(m.w[0], 2)}, ${fmt(m.w[1], 2)}), b = ${fmt(m.b, 2)}`));
      p.caption.replaceChildren(h('span', {}, `${st.pts.length} points; the line is where the score is 0 (blue side: predicted +).`),
        srTable('Points', ['point', 'feature 1', 'feature 2', 'class', 'predicted'],
          st.pts.map((q, i) => [String(i + 1), fmt(q[0], 2), fmt(q[1], 2), q[2] > 0 ? '+' : '−', m.w[0] * q[0] + m.w[1] * q[1] + m.b > 0 ? '+' : '−'])));
    }
    if (!changed) return;
    const hist = ['right', 'wrong'].flatMap((which) => runs[which].history.map((e) => ({ ...e, run: which === 'right' ? `correct ${t.rightText}` : `mistaken ${t.wrongText}` })));
    const hw = Math.max(280, Math.min(860, sizes.root - 24 || 600));
    mount(historyBox, Plot.plot({
      width: hw, height: 220, marginLeft: 48, marginRight: 16, marginBottom: 36,
      style: { fontSize: '13px', background: 'transparent' },
      x: { domain: [0, MAX_STEPS], label: 'step →', labelAnchor: 'right', grid: true },
      y: { label: '↑ loss (as each run computes it)', grid: true, ...(hist.length ? {} : { domain: [0, 1] }) },
      color: { domain: [`correct ${t.rightText}`, `mistaken ${t.wrongText}`], range: [COLORS.pos, COLORS.bad], legend: true },
      marks: [Plot.ruleY([0], { stroke: '#9ca3af' }), Plot.line(hist.filter((d) => Number.isFinite(d.loss)), { x: 'step', y: 'loss', stroke: 'run', strokeWidth: 2.5 })],
    }));
    const last = (which) => runs[which].history.at(-1);
    historyCaption.replaceChildren(h('span', {}, runs.right.step
      ? `Loss over steps. After ${runs.right.step} steps: correct ${fmt(last('right').loss, 3)} (accuracy ${Math.round(last('right').acc * 100)}%), mistaken ${fmt(last('wrong').loss, 3)} (accuracy ${Math.round(last('wrong').acc * 100)}%).`
      : 'Loss over steps: press Play or Step.'));
  }

  return { render, measure, reset, pause, runs };
}
