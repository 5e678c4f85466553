// Training side by side: the same linear model, data and loss, trained with the labels the loss expects
// (left) and with the labels people mistakenly give it (right), for every family of losses. Beside each
// run's loss, accuracy, weight norm and calibration are drawn on scales of their own, and the verdicts
// under them say, from the live numbers, how the mistaken run fails. The models, steps and metrics live
// in train-models.js, the sentences in train-verdicts.js; this file is the controls and the drawing.
import { draggable, mount } from './charts.js';
import { fill, fmt, h, srTable } from './dom.js';
import { DATASETS, DOMAIN, binaryRows } from './train-data.js';
import {
  FAMILIES, FAMILY_IDS, TRAINERS, accuracyMeaning, createRun, datasetFor, retarget, trainStep, trainersOf,
} from './train-models.js';
import { LABEL_NAMES, RUN_COLORS, SCATTER, metricChart } from './train-plots.js';
import { MAX_POINTS } from './train-state.js';
import { verdicts } from './train-verdicts.js';
import './train.css';

const RUN_NAMES = { right: 'Correct', wrong: 'Mistaken' };
const pct = (v) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : '—');
const round2 = (v) => Math.round(v * 100) / 100;

// What each family's picture shows, for its caption.
const PICTURE = {
  binary: (t) => `The line is the decision boundary${t.id === 'hingeEmbedding' ? ' (distance d = softplus(w·p + b) equal to margin / 2)' : ''}: blue side predicted +, orange side −.`,
  multiclass: () => 'Each region is tinted by the class with the top score; points show their class (0, 1, 2).',
  multilabel: () => 'Each coloured line is where a label’s score is 0; points show their labels (· for none).',
  ranking: () => 'The plane is shaded by the score (darker = ranked higher); points show their grade (2 is best).',
};

export function createTrainer(root, ctx) {
  let data = null;
  let runs = null;
  let dataKey = '';
  let runsFor = '';
  let drawnKey = '';
  let timer = null;
  let selected = 0;

  const familySelect = h('select', { id: 'train-family', onchange: (e) => { pause(); ctx.update({ tl: trainersOf(e.target.value)[0] }); } },
    FAMILY_IDS.map((id) => h('option', { value: id }, FAMILIES[id].name)));
  const lossSelect = h('select', { id: 'train-loss', onchange: (e) => { pause(); ctx.update({ tl: e.target.value }); } });
  const dataSelect = h('select', { id: 'train-dataset', onchange: (e) => { pause(); ctx.update({ ds: e.target.value, pts: null }); } },
    Object.entries(DATASETS).map(([id, name]) => h('option', { value: id }, name)));
  const lrInput = h('input', { type: 'number', id: 'train-lr', class: 'num', min: 0.01, max: 5, step: 0.05,
    onchange: (e) => e.target.value !== '' && ctx.update({ lr: Number(e.target.value) }) });
  const playButton = h('button', { type: 'button', id: 'train-play', class: 'primary', 'aria-pressed': 'false', onclick: () => (timer ? pause() : play()) }, 'Play');
  const stepButton = h('button', { type: 'button', id: 'train-step-btn', onclick: () => { pause(); step(1); } }, 'Step');
  const fastButton = h('button', { type: 'button', id: 'train-fast', onclick: () => { pause(); step(50); } }, '+50 steps');
  const resetButton = h('button', { type: 'button', id: 'train-reset', onclick: () => { pause(); reset(); } }, 'Reset');
  const stepOut = h('output', { id: 'train-step', 'aria-live': 'off' });
  const live = h('p', { class: 'sr-only', 'aria-live': 'polite', id: 'train-live' });

  const classSelect = h('select', { id: 'train-class' }, h('option', { value: 1 }, 'class + (blue)'), h('option', { value: -1 }, 'class − (orange)'));
  const addButton = h('button', { type: 'button', id: 'train-add', onclick: () => addPoint(0, 0, Number(classSelect.value)) }, 'Add point');
  const removeButton = h('button', { type: 'button', id: 'train-remove', onclick: () => removePoint(selected) }, 'Remove selected point');
  const editRow = h('div', { class: 'train-data', role: 'group', 'aria-label': 'Edit the dataset' },
    h('div', { class: 'field' }, h('label', { for: 'train-class' }, 'New points are'), classSelect),
    h('div', { class: 'buttons' }, addButton, removeButton),
    h('p', { class: 'hint', id: 'train-keys' }, 'Mouse: click empty space to add a point, drag to move, right-click to remove. Keyboard (on a chart): N / P select the next / previous point, arrows move it (Shift: faster), Delete removes it, + and − add a point at the centre.'));

  const panels = ['right', 'wrong'].map((which) => {
    const chart = h('div', { class: 'chart scatter', role: 'group', id: `train-chart-${which}`,
      'aria-label': `${RUN_NAMES[which]} run: dataset and what the model predicts` });
    chart.addEventListener('keydown', onKey);
    draggable(chart, { pick: (at) => pick(at), move: (i, at) => movePoint(i, at.x, at.y, false), end: () => ctx.update({}) });
    chart.addEventListener('contextmenu', onContextMenu);
    const lossBox = h('div', { class: 'chart' });
    const parts = {
      which, chart, lossBox,
      title: h('h3', { id: `train-${which}-h` }),
      story: h('p', { class: 'hint story' }),
      caption: h('figcaption', {}),
      lossCaption: h('figcaption', {}),
      readout: h('p', { class: 'train-readout', id: `train-readout-${which}` }),
    };
    parts.panel = h('section', { class: `panel train-panel ${which}`, 'aria-labelledby': `train-${which}-h` },
      parts.title, parts.story, parts.readout,
      h('div', { class: 'train-figs' },
        h('figure', { class: 'fig' }, chart, parts.caption),
        h('figure', { class: 'fig' }, lossBox, parts.lossCaption)));
    return parts;
  });

  const verdictList = h('ul', { class: 'train-verdicts', id: 'train-verdicts' });
  const metrics = ['acc', 'norm', 'ece'].map((key) => ({ key, box: h('div', { class: 'chart' }), caption: h('figcaption', {}) }));
  const legend = h('p', { class: 'train-legend' },
    h('span', { class: 'swatch right' }), 'correct labels ', h('span', { class: 'swatch wrong' }), 'mistaken labels');

  root.append(
    h('div', { class: 'train-controls', role: 'group', 'aria-label': 'Training controls' },
      h('div', { class: 'field' }, h('label', { for: 'train-family' }, 'Task'), familySelect),
      h('div', { class: 'field' }, h('label', { for: 'train-loss' }, 'Loss'), lossSelect),
      h('div', { class: 'field' }, h('label', { for: 'train-dataset' }, 'Dataset'), dataSelect),
      h('div', { class: 'field' }, h('label', { for: 'train-lr' }, 'Learning rate'), lrInput),
      h('div', { class: 'buttons' }, playButton, stepButton, fastButton, resetButton),
      h('p', { class: 'step-count' }, 'Step ', stepOut)),
    h('div', { class: 'train-grid' }, panels.map((p) => p.panel)),
    editRow,
    h('section', { class: 'panel train-compare', 'aria-labelledby': 'train-compare-h' },
      h('h3', { id: 'train-compare-h' }, 'What went wrong, in numbers'),
      verdictList, legend,
      h('div', { class: 'train-metrics' }, metrics.map((m) => h('figure', { class: 'fig' }, m.box, m.caption)))),
    live);

  const trainer = () => TRAINERS[ctx.state().tl];
  const family = () => trainer().family;
  const editable = () => family() === 'binary';

  /** Rebuilds the data and both runs when the loss, dataset or points changed. */
  function sync(st) {
    const key = JSON.stringify([st.tl, st.ds, st.pts]);
    if (key === dataKey) return;
    const t = TRAINERS[st.tl];
    dataKey = key;
    data = datasetFor(t.family, st.ds, st.pts);
    // Editing points keeps the models (training goes on); a new loss or dataset starts over.
    if (runs && runsFor === `${st.tl} ${st.ds}`) for (const run of Object.values(runs)) retarget(ctx.ml, t, data, run);
    else runs = { right: createRun(ctx.ml, t, data, 'right'), wrong: createRun(ctx.ml, t, data, 'wrong') };
    runsFor = `${st.tl} ${st.ds}`;
  }

  function step(count) {
    const st = ctx.state();
    sync(st);
    const t = trainer();
    for (let k = 0; k < count; k++) for (const run of Object.values(runs)) trainStep(ctx.ml, t, data, run, st.lr);
    render(st);
    if (!timer) announce();
  }

  function play() {
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
    dataKey = '';
    runs = null;
    render(ctx.state());
    announce();
  }

  // Dataset editing (binary family): the rows start from the dataset's own points.
  const rows = () => ctx.state().pts ?? binaryRows(data);
  function addPoint(x, y, c) {
    if (!editable() || rows().length >= MAX_POINTS) return;
    const pts = [...rows(), [round2(x), round2(y), c]];
    selected = pts.length - 1;
    ctx.update({ pts });
  }
  function movePoint(i, x, y, history = true) {
    const all = rows();
    if (!all[i] || !Number.isFinite(x) || !Number.isFinite(y)) return;
    const clamp = (v) => round2(Math.max(DOMAIN[0], Math.min(DOMAIN[1], v)));
    selected = i;
    ctx.update({ pts: all.map((p, k) => (k === i ? [clamp(x), clamp(y), p[2]] : p)) }, { history });
  }
  function removePoint(i) {
    const all = rows();
    if (!all[i] || all.length <= 2) return;
    const pts = all.filter((_, k) => k !== i);
    selected = Math.max(0, Math.min(selected, pts.length - 1));
    ctx.update({ pts });
  }
  function nearest(svg, px, py) {
    const sx = svg.__plot.scale('x');
    const sy = svg.__plot.scale('y');
    let best = -1, bestD = 16;
    rows().forEach((p, i) => {
      const d = Math.hypot(sx.apply(p[0]) - px, sy.apply(p[1]) - py);
      if (d < bestD) { best = i; bestD = d; }
    });
    return best;
  }
  function pick(at) {
    if (!editable()) return null;
    const best = nearest(at.svg, at.px, at.py);
    if (best >= 0) { selected = best; render(ctx.state()); return best; }
    if (!(at.x >= DOMAIN[0] && at.x <= DOMAIN[1] && at.y >= DOMAIN[0] && at.y <= DOMAIN[1])) return null;
    addPoint(at.x, at.y, Number(classSelect.value));
    return rows().length - 1;
  }
  function onContextMenu(event) {
    const svg = event.currentTarget.querySelector('svg');
    if (!editable() || !svg) return;
    const rect = svg.getBoundingClientRect();
    const k = (svg.viewBox.baseVal.width || rect.width) / rect.width;
    const i = nearest(svg, (event.clientX - rect.left) * k, (event.clientY - rect.top) * k);
    if (i >= 0) { event.preventDefault(); removePoint(i); }
  }
  function onKey(event) {
    if (!editable()) return;
    const all = rows();
    const n = all.length;
    const d = event.shiftKey ? 0.5 : 0.1;
    const p = all[selected];
    const keys = {
      n: () => { selected = n ? (selected + 1) % n : 0; render(ctx.state()); announcePoint(); },
      p: () => { selected = n ? (selected - 1 + n) % n : 0; render(ctx.state()); announcePoint(); },
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
    const p = rows()[selected];
    live.textContent = p ? `Point ${selected + 1} of ${rows().length}, class ${p[2] > 0 ? 'plus' : 'minus'}, at (${fmt(p[0], 1)}, ${fmt(p[1], 1)}).` : 'No points.';
  }

  function summary(run) {
    if (run.error) return `${RUN_NAMES[run.which]} labels: stopped, ${run.error.message}`;
    return `${RUN_NAMES[run.which]} labels: loss ${fmt(run.now.loss, 3)}, accuracy ${pct(run.now.acc)}`;
  }
  function announce() {
    if (!runs) return;
    live.textContent = `Step ${runs.right.step}. ${summary(runs.right)}. ${summary(runs.wrong)}. ${verdicts(trainer(), runs.right, runs.wrong).map((v) => v.text).join(' ')}`;
  }

  function readout(run, t) {
    if (run.error) {
      return [h('span', { class: 'error-text' }, `${run.error.name}: ${run.error.message}`),
        h('strong', { hidden: true, dataset: { value: 'null' } }), h('strong', { hidden: true, dataset: { value: 'null' } })];
    }
    const item = (label, value, text, extra = {}) => h('span', { class: 'metric' }, `${label} `, h('strong', { dataset: { value: JSON.stringify(value) }, ...extra }, text));
    return [
      item('loss', run.now.loss, fmt(run.now.loss, 3)),
      item('accuracy', run.now.acc, pct(run.now.acc), { class: 'acc' }),
      item('‖W, b‖', run.now.norm, fmt(run.now.norm, 2)),
      t.probabilities ? item('calibration error', run.now.ece, fmt(run.now.ece, 2)) : h('span', { class: 'metric' }, 'scores, not probabilities'),
    ];
  }

  // Up to 11 evenly spaced history entries: a chart's text alternative.
  const samples = (history) => history.filter((_, i) => i % Math.max(1, Math.ceil(history.length / 10)) === 0 || i === history.length - 1);

  let sizes = null;
  function measure() { sizes = { chart: panels[0].chart.clientWidth, metric: metrics[0].box.clientWidth }; }

  function render(st) {
    if (!sizes) measure();
    sync(st);
    const t = TRAINERS[st.tl];
    const fam = FAMILIES[t.family];
    selected = Math.max(0, Math.min(selected, data.X.length - 1));
    const width = Math.round(Math.max(240, Math.min(420, sizes.chart || 360)));
    const metricWidth = Math.round(Math.max(240, Math.min(520, sizes.metric || 360)));
    const key = JSON.stringify([dataKey, st.lr, runs.right.step, runs.wrong.step, selected, width, metricWidth, runs.right.now?.loss]);
    if (key === drawnKey) return;
    drawnKey = key;

    familySelect.value = t.family;
    if (lossSelect.dataset.family !== t.family) {
      lossSelect.replaceChildren(...trainersOf(t.family).map((id) => h('option', { value: id }, TRAINERS[id].name)));
      lossSelect.dataset.family = t.family;
    }
    lossSelect.value = st.tl;
    dataSelect.value = st.ds;
    if (document.activeElement !== lrInput) lrInput.value = String(st.lr);
    stepOut.textContent = String(runs.right.step);
    stepOut.dataset.step = String(runs.right.step);
    editRow.hidden = !editable();

    const xMax = Math.max(50, runs.right.step);
    for (const p of panels) {
      const run = runs[p.which];
      p.title.textContent = `${RUN_NAMES[p.which]}: ${t.name} with ${t[p.which].text}`;
      p.story.textContent = p.which === 'right' ? `The labels this loss expects. Accuracy: ${accuracyMeaning(t)}.` : t.story;
      p.chart.classList.toggle('drag-surface', editable());
      if (editable()) { p.chart.tabIndex = 0; p.chart.setAttribute('aria-describedby', 'train-keys'); } else { p.chart.removeAttribute('tabindex'); p.chart.removeAttribute('aria-describedby'); }
      fill(p.readout, readout(run, t));
      mount(p.chart, SCATTER[t.family](t, data, run.model, { width, selected: editable() ? selected : -1 }));
      p.caption.replaceChildren(h('span', {}, `${data.X.length} points. ${PICTURE[t.family](t)}`),
        srTable('Points', ['point', 'feature 1', 'feature 2', 'label'],
          data.X.map((q, i) => [String(i + 1), fmt(q[0], 2), fmt(q[1], 2), pointLabel(data, t.family, i)])));
      const lossPoints = run.history.map((e) => ({ step: e.step, value: e.loss }));
      p.lossBox.hidden = Boolean(run.error);
      if (!run.error) {
        mount(p.lossBox, metricChart([{ run: RUN_NAMES[p.which], color: RUN_COLORS[p.which], points: lossPoints }],
          { width, height: 170, yLabel: 'loss (own scale)', xMax }));
      }
      p.lossCaption.replaceChildren(h('span', {}, run.error
        ? 'No loss: the run stopped before its first step.'
        : `The ${RUN_NAMES[p.which].toLowerCase()} run's loss over the steps, on a scale of its own (mean over ${run.now.examples} ${fam.unit}).`),
      srTable('Loss over steps', ['step', 'loss'], samples(run.history).map((e) => [String(e.step), fmt(e.loss, 4)])));
    }

    const said = verdicts(t, runs.right, runs.wrong);
    fill(verdictList, said.map((v) => h('li', { dataset: { verdict: v.id } }, v.text)));

    const series = (field) => ['right', 'wrong'].map((which) => ({
      run: RUN_NAMES[which], color: RUN_COLORS[which], points: runs[which].history.map((e) => ({ step: e.step, value: e[field] })),
    }));
    const spec = {
      acc: { label: 'accuracy', domain: [0, 1], text: `Accuracy (${accuracyMeaning(t)}).`, f: pct },
      norm: { label: '‖W, b‖', text: 'Weight norm ‖W, b‖: how large the parameters have grown.', f: (v) => fmt(v, 2) },
      ece: { label: 'calibration error', domain: [0, 1], text: t.probabilities
        ? 'Calibration error: the mean gap between how sure the model is and how often it is right (0 = its probabilities can be trusted).'
        : `Calibration: none — ${t.name}'s scores are not probabilities.`, f: (v) => fmt(v, 3) },
    };
    for (const m of metrics) {
      const s = spec[m.key];
      m.box.hidden = m.key === 'ece' && !t.probabilities;
      if (!m.box.hidden) mount(m.box, metricChart(series(m.key), { width: metricWidth, height: 160, yLabel: s.label, yDomain: s.domain, xMax }));
      fill(m.caption, h('span', {}, s.text), m.box.hidden ? null : srTable(s.label, ['step', 'correct', 'mistaken'], samples(runs.right.history).map((e) => {
          const w = runs.wrong.history.find((x) => x.step === e.step);
          return [String(e.step), s.f(e[m.key]), w ? s.f(w[m.key]) : '—'];
        })));
    }
  }

  return { render, measure, reset, pause, get runs() { return runs; } };
}

/** A point's label in words, for the charts' text alternative. */
function pointLabel(d, family, i) {
  if (family === 'binary') return d.cls[i] > 0 ? '+' : '−';
  if (family === 'multiclass') return `class ${d.cls[i]}`;
  if (family === 'multilabel') return d.sets[i].map((v, j) => (v ? LABEL_NAMES[j] : '')).join('') || 'none';
  return `grade ${d.grade[i]}`;
}
