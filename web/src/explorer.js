// The loss explorer: pick a loss, drag scores (on the number line or with sliders), set labels, the
// reduction and options; see the selected element's loss and gradient curves, every score's gradient,
// the contributions, the formula, a gradient check and the state as code.
import * as Plot from '@observablehq/plot';
import { COLORS, SCORE_DOMAIN, draggable, mount, numberLine } from './charts.js';
import { fill, fmt, fmtAny, h, labelText, srTable } from './dom.js';
import { describeElementCurve, elementCurveData, elementGradChart, elementLossChart, labelColor } from './element-curves.js';
import { formula } from './formula.js';
import { gradientCheck } from './gradcheck.js';
import { LOSSES, REDUCTIONS, contributions, diagnose, isEmbeddingKind, labelChoices, run } from './losses.js';
import { lossSelect } from './loss-select.js';
import { createVectorExplorer } from './vector-explorer.js';
import { snippets } from './snippets.js';
import { codePanel } from './code-panel.js';
import { SCORE_STEP, clampScore, snapScore } from './state.js';
import './explorer.css';

const SUB = '₀₁₂₃₄₅₆₇';
// One arrow press on a score slider moves the score this much (0.01 looked stuck); Page Up/Down move a
// tenth of the range.

/** Bars laid along rows, one row per score, the value written at the bar's end: readable at any width
 *  and for any number of scores (upright bars' labels collide on a phone). data: [{ label, value, text, color }]. */
function rowBars(data, { width, xLabel }) {
  const values = data.map((d) => d.value).filter(Number.isFinite);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  // Room for a value label (about 64 px with its gap) beyond the longest bar on either side: in a plot
  // area w px wide, pad / (span + 2·pad) · w = 64.
  const pad = (span * 64) / Math.max(40, width - 72 - 128);
  const finite = data.filter((d) => Number.isFinite(d.value));
  const label = { y: 'label', text: 'text', fontSize: 13, fontWeight: 600 };
  return Plot.plot({
    width, height: 56 + 28 * data.length, marginLeft: 56, marginRight: 16, marginTop: 8, marginBottom: 40,
    style: { fontSize: '14px', background: 'transparent', overflow: 'visible' },
    x: { domain: [lo - pad, hi + pad], label: `${xLabel} →`, labelAnchor: 'right', grid: true },
    y: { domain: data.map((d) => d.label), label: null, padding: 0.2 },
    marks: [
      Plot.barX(finite, { x: 'value', y: 'label', fill: 'color' }),
      Plot.ruleX([0], { stroke: '#374151' }),
      Plot.text(data.filter((d) => !(d.value < 0)), { ...label, x: (d) => (Number.isFinite(d.value) ? d.value : 0), textAnchor: 'start', dx: 5 }),
      Plot.text(data.filter((d) => d.value < 0), { ...label, x: 'value', textAnchor: 'end', dx: -5 }),
    ],
  });
}

function rowName(def, i) {
  if (def.kind === 'elementwise') return `x${SUB[i]}`;
  if (def.kind === 'ranking') return `pair ${i}`;
  return `class ${i}`;
}

/** Creates the explorer inside `root`. ctx: { ml, state(), update(patch, label), announce(text) }. */
export function createExplorer(root, ctx) {
  const controls = h('form', { class: 'controls', 'aria-label': 'Loss explorer controls', onsubmit: (e) => e.preventDefault() });
  const readout = h('div', { class: 'readout' });
  const diagnosis = h('div', { class: 'diagnosis' });
  const lineBox = h('div', { class: 'chart drag-surface', id: 'ex-numberline' });
  const lineCaption = h('figcaption', {});
  const curveBox = h('div', { class: 'chart' });
  const curveCaption = h('figcaption', {});
  const slopeBox = h('div', { class: 'chart' });
  const slopeCaption = h('figcaption', {});
  const curveFacts = h('ul', { class: 'curve-facts', id: 'ex-curve-facts' });
  const curveTitle = h('h3', { id: 'ex-curve-h' });
  const gradBox = h('div', { class: 'chart' });
  const gradCaption = h('figcaption', {});
  const contribBox = h('div', { class: 'chart' });
  const contribCaption = h('figcaption', {});
  const formulaBox = h('div', { class: 'formula' });
  const checkBox = h('div', { class: 'gradcheck' });
  const code = codePanel('', 'this state');
  let structureKey = '';
  let restoringFocus = false;

  // The view of the losses of scores; the embedding losses have a view of their own (vector-explorer.js).
  // Only the view of the current loss is in the page.
  const vectors = createVectorExplorer(ctx);
  const scoreView = h('div', { class: 'explorer-grid' },
      h('div', { class: 'panel controls-panel' }, controls),
      h('div', { class: 'panel outputs' },
        readout, diagnosis,
        h('figure', { class: 'fig' }, lineBox, lineCaption),
        h('section', { class: 'subpanel', 'aria-labelledby': 'ex-curve-h' }, curveTitle,
          h('div', { class: 'ex-pair' },
            h('figure', { class: 'fig' }, curveBox, curveCaption),
            h('figure', { class: 'fig' }, slopeBox, slopeCaption)),
          curveFacts),
        h('div', { class: 'ex-pair' },
          h('figure', { class: 'fig' }, gradBox, gradCaption),
          h('figure', { class: 'fig' }, contribBox, contribCaption)),
        h('section', { class: 'subpanel', 'aria-labelledby': 'formula-h' }, h('h3', { id: 'formula-h' }, 'Formula, with the current numbers'), formulaBox),
        h('section', { class: 'subpanel', 'aria-labelledby': 'gradcheck-h' },
          h('h3', { id: 'gradcheck-h' }, 'Gradient check: the kernel’s gradient vs a central finite difference'), checkBox),
        h('section', { class: 'subpanel', 'aria-labelledby': 'snippet-h' },
          h('h3', { id: 'snippet-h' }, 'This state as code'),
          code.elements)));
  root.append(scoreView);

  /** Puts `view` in the page if it is not, and returns a function that, once the view is drawn, gives
   *  focus back to the control that had it (the loss picker has the same id in both views); null when
   *  the view was already there. */
  function show(view) {
    if (root.firstElementChild === view) return null;
    const focused = document.activeElement?.id;
    root.replaceChildren(view);
    return () => { if (focused) view.querySelector(`#${CSS.escape(focused)}`)?.focus(); };
  }

  // Dragging a dot on the number line moves that score.
  draggable(lineBox, {
    pick: (at) => {
      const st = ctx.state();
      const plot = at.svg.__plot;
      const sy = plot.scale('y');
      const sx = plot.scale('x');
      const def = LOSSES[st.loss];
      let best = null;
      st.x.forEach((x, i) => {
        const cy = sy.apply(rowName(def, i)) + sy.bandwidth / 2;
        const candidates = [[x, 1], ...(def.kind === 'ranking' ? [[st.x2[i], 2]] : [])];
        for (const [value, which] of candidates) {
          const d = Math.hypot(sx.apply(value) - at.px, cy - at.py);
          if (d < 28 && (!best || d < best.d)) best = { i, which, d };
        }
      });
      return best;
    },
    move: (handle, at) => {
      if (!Number.isFinite(at.x)) return;
      const st = ctx.state();
      const v = snapScore(at.x); // on the sliders' grid
      const key = handle.which === 2 ? 'x2' : 'x';
      const next = [...st[key]];
      next[handle.i] = v;
      ctx.update({ [key]: next, sel: handle.i }, { history: false });
    },
    end: () => ctx.update({}, { history: true }),
  });

  function buildControls(st) {
    const def = LOSSES[st.loss];
    const field = (id, label, input, hint) => h('div', { class: 'field' },
      h('label', { for: id }, label), input, hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null);


    const scoreRows = st.x.map((_, i) => {
      const name = rowName(def, i);
      const slider = (key, idx, label) => {
        const id = `ex-${key}-${idx}`;
        // While a slider moves the URL follows without history entries; its `change` closes the gesture.
        const set = (v, history = true) => {
          const next = [...ctx.state()[key]];
          next[idx] = clampScore(v);
          ctx.update({ [key]: next, sel: idx }, { history });
        };
        return h('div', { class: 'score-row' },
          h('label', { for: id }, label),
          h('input', { type: 'range', id, min: SCORE_DOMAIN[0], max: SCORE_DOMAIN[1], step: SCORE_STEP, dataset: { key, idx },
            oninput: (e) => set(Number(e.target.value), false), onchange: () => ctx.update({}), onfocus: () => !restoringFocus && ctx.state().sel !== idx && ctx.update({ sel: idx }, { history: false }) }),
          h('input', { type: 'number', id: `${id}-n`, class: 'num', step: SCORE_STEP, min: SCORE_DOMAIN[0], max: SCORE_DOMAIN[1], 'aria-label': `${label} value`, dataset: { key, idx },
            onchange: (e) => Number.isFinite(Number(e.target.value)) && e.target.value !== '' && set(Number(e.target.value)) }));
      };
      const labelSel = def.kind === 'multiclass' ? null : h('select', {
        id: `ex-y-${i}`, class: 'label-select', dataset: { idx: i },
        onchange: (e) => { const y = [...ctx.state().y]; y[i] = Number(e.target.value); ctx.update({ y, sel: i }); },
      }, labelChoices(def).map((v) => h('option', { value: v }, `y = ${labelText(v)}`)));
      return h('fieldset', { class: 'score-group' },
        h('legend', {}, name),
        slider('x', i, def.kind === 'ranking' ? `x1${SUB[i]}` : `score x${SUB[i]}`),
        def.kind === 'ranking' ? slider('x2', i, `x2${SUB[i]}`) : null,
        labelSel ? h('div', { class: 'score-row' }, h('label', { for: `ex-y-${i}` }, def.kind === 'multilabel' ? 'label' : 'label y'), labelSel) : null);
    });

    const options = [];
    if (def.kind === 'multiclass') {
      options.push(field('ex-t', 'True class t', h('select', { id: 'ex-t', onchange: (e) => ctx.update({ t: Number(e.target.value) }) },
        st.x.map((_, i) => h('option', { value: i }, `class ${i}`)))));
    }
    if (def.fn === 'multilabelMarginLoss') {
      options.push(field('ex-tf', 'Target row passed as', h('select', { id: 'ex-tf', onchange: (e) => ctx.update({ tf: e.target.value }) },
        h('option', { value: 'list' }, 'index list ended by −1 (correct)'),
        h('option', { value: 'multihot' }, 'multi-hot row (the mistake)'))));
    }
    options.push(field('ex-red', 'Reduction', h('select', { id: 'ex-red', onchange: (e) => ctx.update({ red: e.target.value }) },
      REDUCTIONS.map((r) => h('option', { value: r }, `'${r}'`)))));
    if (def.options.includes('margin')) {
      options.push(field('ex-margin', 'margin', h('input', { type: 'number', id: 'ex-margin', step: 0.1, min: -5, max: 5, class: 'num',
        onchange: (e) => e.target.value !== '' && ctx.update({ margin: Number(e.target.value) }) })));
    }
    if (def.options.includes('p')) {
      options.push(field('ex-p', 'p', h('select', { id: 'ex-p', onchange: (e) => ctx.update({ p: Number(e.target.value) }) },
        h('option', { value: 1 }, '1 (hinge)'), h('option', { value: 2 }, '2 (squared hinge)'))));
    }
    if (def.options.includes('labelSmoothing')) {
      options.push(field('ex-ls', 'labelSmoothing', h('input', { type: 'range', id: 'ex-ls', min: 0, max: 1, step: 0.05,
        oninput: (e) => ctx.update({ ls: Number(e.target.value) }) }), h('output', { id: 'ex-ls-out', for: 'ex-ls' })));
    }
    if (def.options.includes('ignoreIndex')) {
      options.push(field('ex-ii', 'ignoreIndex', h('input', { type: 'number', id: 'ex-ii', step: 1, class: 'num',
        onchange: (e) => e.target.value !== '' && ctx.update({ ii: Math.round(Number(e.target.value)) }) }), 'default −100; set it to t to see NaN'));
    }
    for (const [key, label] of [['w', 'weight'], ['pw', 'posWeight']]) {
      const opt = key === 'w' ? 'weight' : 'posWeight';
      if (!def.options.includes(opt)) continue;
      const per = def.fn === 'multiMarginLoss' || def.kind !== 'elementwise' ? 'class' : 'element';
      const box = h('input', { type: 'checkbox', id: `ex-${key}-on`,
        onchange: (e) => ctx.update({ [key]: e.target.checked ? st.x.map(() => 1) : null }) });
      const inputs = st[key] ? h('div', { class: 'weights' }, st.x.map((_, i) => h('input', {
        type: 'number', step: 0.5, class: 'num', id: `ex-${key}-${i}`, 'aria-label': `${label} for ${per} ${i}`,
        onchange: (e) => { if (e.target.value === '') return; const w = [...ctx.state()[key]]; w[i] = Number(e.target.value); ctx.update({ [key]: w }); },
      }))) : null;
      options.push(h('div', { class: 'field' }, h('div', { class: 'check' }, box, h('label', { for: `ex-${key}-on` }, `${label} (one per ${per})`)), inputs));
    }

    fill(controls,
      field('ex-loss', 'Loss', lossSelect(ctx)),
      h('p', { class: 'blurb', id: 'ex-blurb' }),
      h('div', { class: 'scores' }, scoreRows),
      h('fieldset', { class: 'options' }, h('legend', {}, 'Reduction and options'), options),
      h('p', { class: 'hint' }, `Tip: focus a slider and use the arrow keys (${SCORE_STEP} a press); Page Up/Down take bigger steps.`));
  }

  function syncControls(st) {
    const def = LOSSES[st.loss];
    const set = (id, value) => {
      const el = controls.querySelector(`#${id}`);
      if (el && el.value !== String(value)) el.value = String(value);
    };
    set('ex-loss', st.loss);
    controls.querySelector('#ex-blurb').textContent = `${def.blurb} Expects ${def.convention}.`;
    st.x.forEach((v, i) => { set(`ex-x-${i}`, v); set(`ex-x-${i}-n`, v); });
    if (def.kind === 'ranking') st.x2.forEach((v, i) => { set(`ex-x2-${i}`, v); set(`ex-x2-${i}-n`, v); });
    st.y.forEach((v, i) => set(`ex-y-${i}`, v));
    set('ex-t', st.t);
    set('ex-tf', st.tf);
    set('ex-red', st.red);
    set('ex-margin', st.margin ?? def.defaults?.margin ?? '');
    set('ex-p', st.p);
    set('ex-ls', st.ls);
    const lsOut = controls.querySelector('#ex-ls-out');
    if (lsOut) lsOut.textContent = fmt(st.ls, 2);
    set('ex-ii', st.ii);
    for (const key of ['w', 'pw']) {
      const box = controls.querySelector(`#ex-${key}-on`);
      if (box) box.checked = !!st[key];
      st[key]?.forEach((v, i) => set(`ex-${key}-${i}`, v));
    }
    controls.querySelectorAll('.score-group').forEach((g, i) => g.classList.toggle('selected', i === st.sel));
  }

  let last = null;
  let sizes = null;
  // Chart widths, read once per frame before anything is written (reading after writes forces layout).
  function measure() {
    sizes = new Map([lineBox, curveBox, slopeBox, gradBox, contribBox].map((b) => [b, b.clientWidth]));
    vectors.measure();
  }
  function render(st) {
    if (isEmbeddingKind(LOSSES[st.loss])) {
      const refocus = show(vectors.element);
      if (refocus) vectors.measure();
      const out = vectors.render(st);
      refocus?.();
      return out;
    }
    const refocus = show(scoreView);
    // The view's picker from its last build takes focus now; a rebuild below hands it to the new one.
    refocus?.();
    if (refocus || !sizes) measure();
    const renderKey = JSON.stringify([st.loss, st.x, st.x2, st.y, st.t, st.tf, st.red, st.margin, st.p, st.w, st.pw, st.ls, st.ii, st.sel, [...sizes.values()]]);
    if (last && last.key === renderKey) return last.out;
    const def = LOSSES[st.loss];
    const key = `${st.loss}|${st.x.length}|${!!st.w}|${!!st.pw}`;
    if (key !== structureKey) {
      const focused = document.activeElement?.id;
      buildControls(st);
      structureKey = key;
      // Focus kept across a rebuild is not the reader choosing a score: it must not change the state
      // (after Back it would overwrite the entry Back landed on).
      if (focused) {
        restoringFocus = true;
        controls.querySelector(`#${CSS.escape(focused)}`)?.focus();
        restoringFocus = false;
      }
    }
    syncControls(st);
    const widthOf = (box, max) => Math.max(260, Math.min(max, sizes.get(box) || 600));
    const width = widthOf(lineBox, 1000);

    const result = run(ctx.ml, st);
    const grad = result.grad;
    const grad2 = result.grad2;
    const lossValue = result.loss;
    const isArray = typeof lossValue !== 'number';

    // Readout.
    const gradText = Array.from(grad, (g) => fmt(g)).join(', ');
    fill(readout,
      h('div', { class: 'big' },
        h('span', { class: 'big-label' }, `${def.name}(${st.red === 'none' ? "reduction='none'" : `'${st.red}'`}) =`),
        h('output', { id: 'ex-loss-value', class: 'big-value', dataset: { value: JSON.stringify(isArray ? Array.from(lossValue) : lossValue) } },
          fmtAny(lossValue))),
      h('div', { class: 'grad-line' }, h('span', {}, def.kind === 'ranking' ? '∂loss/∂x1 = ' : '∂loss/∂x = '),
        h('output', { id: 'ex-grad-value', dataset: { value: JSON.stringify(Array.from(grad)) } }, `[${gradText}]`),
        grad2 ? h('span', {}, '  ∂loss/∂x2 = ', h('output', { id: 'ex-grad2-value' }, `[${Array.from(grad2, (g) => fmt(g)).join(', ')}]`)) : null));

    // Diagnosis.
    const problems = diagnose(st);
    fill(diagnosis, problems.map((p) => h('div', { class: 'callout warn', role: 'note' }, h('strong', {}, p.title), h('p', {}, p.text))));

    // Number line.
    const ys = def.kind === 'multiclass' ? st.x.map((_, i) => (i === st.t ? 1 : 0)) : st.y;
    const rows = st.x.map((x, i) => ({
      label: rowName(def, i), x, grad: grad[i], color: def.kind === 'multiclass' ? (i === st.t ? COLORS.pos : COLORS.zero) : labelColor(ys[i]),
      ...(def.kind === 'ranking' ? { x2: st.x2[i], grad2: grad2[i] } : {}),
    }));
    let band = null;
    const rules = [{ x: 0 }];
    if (def.fn === 'multiMarginLoss') {
      const m = st.margin ?? 1;
      band = { x1: st.x[st.t] - m, x2: st.x[st.t], label: `margin ${fmt(m, 2)} below class ${st.t}` };
      rules.push({ x: st.x[st.t], color: COLORS.pos, dash: 'none' });
    } else if (def.fn === 'multilabelMarginLoss' && st.tf === 'list' && st.y.some(Boolean)) {
      const lowest = Math.min(...st.x.filter((_, i) => st.y[i]));
      band = { x1: lowest - 1, x2: lowest, label: 'margin 1 below the lowest true class' };
    } else if (def.fn === 'hingeEmbeddingLoss') {
      const m = st.margin ?? 1;
      band = { x1: Math.min(0, m), x2: m, label: `margin ${fmt(m, 2)}: y = −1 pays below it` };
    }
    const maxGrad = Math.max(1e-9, ...Array.from(grad, Math.abs), ...(grad2 ? Array.from(grad2, Math.abs) : []));
    const arrowScale = 1.5 / maxGrad;
    mount(lineBox, numberLine(rows, { width, band, rules, selected: st.sel, arrowScale }));
    lineCaption.replaceChildren(
      h('span', {}, `Scores on a number line (${def.kind === 'ranking' ? 'filled: x1, hollow: x2' : 'blue: label +1 or true class, orange: −1, grey: 0 / other'}). Drag a dot to move it. Purple arrows: the direction one gradient-descent step moves each score (−gradient, scaled so the longest is 1.5).`),
      srTable('Scores, labels and gradients', ['row', 'score', 'label', 'gradient'],
        rows.map((r, i) => [r.label, fmt(r.x, 2), def.kind === 'multiclass' ? (i === st.t ? 'true class' : '') : labelText(ys[i]), fmt(r.grad)])));

    // The selected element's loss and gradient against its own score, one curve per label value.
    const sel = st.sel;
    const curve = elementCurveData(ctx.ml, st, sel);
    const words = describeElementCurve(curve);
    const name = rowName(def, sel);
    curveTitle.textContent = `One element: ${name}’s loss ℓ and its slope against ${curve.xName}`;
    mount(curveBox, elementLossChart(curve, { width: widthOf(curveBox, 560) }));
    curveCaption.replaceChildren(
      h('span', {}, `ℓ against ${curve.xName} for each label (current solid, the others dashed; hollow circles: kinks). The purple line is the tangent at the dot; its slope is the package’s gradient. ${words.what}`),
      h('span', { class: 'sr-only' }, ` ${words.summary}`));
    mount(slopeBox, elementGradChart(curve, { width: widthOf(slopeBox, 560) }));
    slopeCaption.replaceChildren(h('span', {}, `∂ℓ/∂${curve.xName}, the tangent’s slope at every score, from the package (one curve per label, as in the loss chart); the dot is the current slope.`));
    fill(curveFacts, words.facts.map((text) => h('li', {}, text)));

    // Gradient of every score.
    const gradData = Array.from(grad, (g, i) => ({ label: def.kind === 'ranking' ? `x1${SUB[i]}` : rowName(def, i), value: g, text: fmt(g, 3), color: COLORS.grad }));
    if (grad2) grad2.forEach((g, i) => gradData.push({ label: `x2${SUB[i]}`, value: g, text: fmt(g, 3), color: '#a78bfa' }));
    mount(gradBox, rowBars(gradData, { width: widthOf(gradBox, 560), xLabel: '∂loss/∂score' }));
    const zeros = gradData.filter((d) => d.value === 0).map((d) => d.label);
    gradCaption.replaceChildren(h('span', {}, `Gradient of the ${st.red === 'none' ? 'summed ' : ''}loss for every score (from the kernel). ${zeros.length ? `Exactly zero for ${zeros.join(', ')}: those scores get no learning signal.` : 'No score has a zero gradient.'}`),
      srTable('Gradient per score', ['score', 'gradient'], gradData.map((d) => [d.label, fmt(d.value)])));

    // Contributions.
    const contrib = contributions(ctx.ml, st);
    const contribData = contrib.values.map((v, i) => ({ label: rowName(def, i), value: v, text: fmt(v, 3),
      color: contrib.targets?.has(i) ? '#93c5fd' : def.kind === 'multiclass' ? (i === st.t ? COLORS.pos : COLORS.zero) : labelColor(ys[i]) }));
    mount(contribBox, rowBars(contribData, { width: widthOf(contribBox, 560), xLabel: contrib.label.split(' (')[0] }));
    contribCaption.replaceChildren(h('span', {}, `${contrib.label[0].toUpperCase()}${contrib.label.slice(1)}, computed by the package.${contrib.targets ? ' True classes (light blue) pay nothing themselves.' : ''}`),
      srTable(contrib.label, ['row', 'value'], contribData.map((d) => [d.label, fmt(d.value)])));

    // Formula.
    const f = formula(st, lossValue);
    fill(formulaBox, h('p', { class: 'formula-general' }, f.general), h('p', { class: 'formula-sub', id: 'ex-formula' }, f.substituted));

    // Gradient check.
    fill(checkBox, gradientCheck(ctx.ml, st, result));

    // The same state as code.
    code.show(snippets(st));

    last = { key: renderKey, out: { loss: lossValue, grad, problems } };
    return last.out;
  }

  return { render, measure };
}
