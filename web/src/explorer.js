// The loss explorer: pick a loss, drag scores (on the number line or with sliders), set labels, the
// reduction and options; see the loss curve, gradients, contributions, the formula and a gradient check.
import { COLORS, SCORE_DOMAIN, barChart, curveChart, draggable, mount, numberLine } from './charts.js';
import { fill, fmt, fmtAny, h, srTable } from './dom.js';
import { formula } from './formula.js';
import { gradientCheck } from './gradcheck.js';
import { GROUPS, LOSSES, REDUCTIONS, contributions, diagnose, labelChoices, run, scalarLoss } from './losses.js';
import { lossExample } from './state.js';

const SUB = '₀₁₂₃₄₅₆₇';
const labelText = (v) => (v > 0 ? `+${v}` : v < 0 ? `−${-v}` : '0');
const labelColor = (v) => (v > 0 ? COLORS.pos : v < 0 ? COLORS.neg : COLORS.zero);
const round2 = (v) => Math.round(v * 100) / 100;

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
  const gradBox = h('div', { class: 'chart' });
  const gradCaption = h('figcaption', {});
  const contribBox = h('div', { class: 'chart' });
  const contribCaption = h('figcaption', {});
  const formulaBox = h('div', { class: 'formula' });
  const checkBox = h('div', { class: 'gradcheck' });
  let structureKey = '';
  let width = 640;

  root.append(
    h('div', { class: 'explorer-grid' },
      h('div', { class: 'panel controls-panel' }, controls),
      h('div', { class: 'panel outputs' },
        readout, diagnosis,
        h('figure', { class: 'fig' }, lineBox, lineCaption),
        h('div', { class: 'two-up' },
          h('figure', { class: 'fig' }, curveBox, curveCaption),
          h('div', { class: 'stack' },
            h('figure', { class: 'fig' }, gradBox, gradCaption),
            h('figure', { class: 'fig' }, contribBox, contribCaption))),
        h('section', { class: 'subpanel', 'aria-labelledby': 'formula-h' }, h('h3', { id: 'formula-h' }, 'Formula, with the current numbers'), formulaBox),
        h('section', { class: 'subpanel', 'aria-labelledby': 'gradcheck-h' },
          h('h3', { id: 'gradcheck-h' }, 'Gradient check: the kernel’s gradient vs a central finite difference'), checkBox))),
  );

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
      const v = round2(Math.max(SCORE_DOMAIN[0], Math.min(SCORE_DOMAIN[1], at.x)));
      const key = handle.which === 2 ? 'x2' : 'x';
      const next = [...st[key]];
      next[handle.i] = v;
      ctx.update({ [key]: next, sel: handle.i }, { history: false });
    },
    end: () => ctx.update({}, { history: true }),
  });

  function buildControls(st) {
    const def = LOSSES[st.loss];
    const C = st.x.length;
    const field = (id, label, input, hint) => h('div', { class: 'field' },
      h('label', { for: id }, label), input, hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null);

    const lossSelect = h('select', { id: 'ex-loss', onchange: (e) => ctx.update(lossExample(e.target.value), { label: 'loss' }) },
      GROUPS.map((g) => h('optgroup', { label: g.title },
        g.losses.map((id) => h('option', { value: id }, LOSSES[id].name)))));

    const scoreRows = st.x.map((_, i) => {
      const name = rowName(def, i);
      const slider = (key, idx, label) => {
        const id = `ex-${key}-${idx}`;
        const set = (v) => {
          const next = [...ctx.state()[key]];
          next[idx] = Math.max(-6, Math.min(6, v));
          ctx.update({ [key]: next, sel: idx });
        };
        return h('div', { class: 'score-row' },
          h('label', { for: id }, label),
          h('input', { type: 'range', id, min: SCORE_DOMAIN[0], max: SCORE_DOMAIN[1], step: 0.01, dataset: { key, idx },
            oninput: (e) => set(Number(e.target.value)), onfocus: () => ctx.state().sel !== idx && ctx.update({ sel: idx }, { history: false }) }),
          h('input', { type: 'number', id: `${id}-n`, class: 'num', step: 0.1, min: -6, max: 6, 'aria-label': `${label} value`, dataset: { key, idx },
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
      field('ex-loss', 'Loss', lossSelect),
      h('p', { class: 'blurb', id: 'ex-blurb' }),
      h('div', { class: 'scores' }, scoreRows),
      h('fieldset', { class: 'options' }, h('legend', {}, 'Reduction and options'), options),
      h('p', { class: 'hint' }, 'Tip: focus a slider and use the arrow keys; Page Up/Down take bigger steps.'));
    void C;
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
    sizes = new Map([lineBox, curveBox, gradBox, contribBox].map((b) => [b, b.clientWidth]));
  }
  function render(st) {
    if (!sizes) measure();
    const renderKey = JSON.stringify([st.loss, st.x, st.x2, st.y, st.t, st.tf, st.red, st.margin, st.p, st.w, st.pw, st.ls, st.ii, st.sel, [...sizes.values()]]);
    if (last && last.key === renderKey) return last.out;
    const def = LOSSES[st.loss];
    const key = `${st.loss}|${st.x.length}|${!!st.w}|${!!st.pw}`;
    if (key !== structureKey) {
      const focused = document.activeElement?.id;
      buildControls(st);
      structureKey = key;
      if (focused && controls.querySelector(`#${focused}`)) controls.querySelector(`#${focused}`).focus();
    }
    syncControls(st);
    const widthOf = (box, max) => Math.max(260, Math.min(max, sizes.get(box) || 600));
    width = widthOf(lineBox, 1000);

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

    // Loss curve against the selected score, one curve per possible label of that score.
    const sel = st.sel;
    const xs = Array.from({ length: 101 }, (_, k) => SCORE_DOMAIN[0] + (k / 100) * (SCORE_DOMAIN[1] - SCORE_DOMAIN[0]));
    const curveFor = (stVariant) => xs.map((x) => ({ x, y: scalarLoss(run(ctx.ml, stVariant, { index: sel, value: x }).loss, sel) }));
    const curves = [];
    if (def.kind === 'multiclass') {
      curves.push({ key: `true class ${st.t}`, points: curveFor(st), strong: true, color: COLORS.grad });
    } else {
      for (const v of labelChoices(def)) {
        const y = [...st.y];
        y[sel] = v;
        curves.push({ key: `${def.kind === 'multilabel' ? 'label' : 'y'} = ${labelText(v)}${v === st.y[sel] ? ' (current)' : ''}`,
          points: curveFor({ ...st, y }), strong: v === st.y[sel], color: labelColor(v) });
      }
    }
    const current = scalarLoss(lossValue, sel);
    const allY = curves.flatMap((c) => c.points.map((p) => p.y)).filter(Number.isFinite);
    const lo = Math.min(0, ...allY);
    const hi = Math.max(0.5, ...allY);
    mount(curveBox, curveChart(curves, { x: st.x[sel], y: current, text: fmt(current, 3), color: labelColor(def.kind === 'multiclass' ? 1 : st.y[sel]) },
      { width: widthOf(curveBox, 640), xLabel: `${def.kind === 'ranking' ? 'x1' : 'x'}${SUB[sel]} (${rowName(def, sel)})`, yLabel: st.red === 'none' ? `loss of ${rowName(def, sel)}` : `loss ('${st.red}')`, yDomain: [Math.max(lo, -8), Math.min(hi, 10)] }));
    const curveSummary = curves.map((c) => `${c.key}: at x = −5 → ${fmt(c.points[0].y, 3)}, at 0 → ${fmt(c.points[50].y, 3)}, at 5 → ${fmt(c.points[100].y, 3)}`).join('; ');
    curveCaption.replaceChildren(h('span', {}, `The loss as ${rowName(def, sel)}’s score moves (focus or drag another score to follow it); the dot is the current state, loss ${fmt(current)}.`),
      h('span', { class: 'sr-only' }, ` ${curveSummary}.`));

    // Gradient bars.
    const gradData = Array.from(grad, (g, i) => ({ label: def.kind === 'ranking' ? `x1${SUB[i]}` : rowName(def, i), value: g, text: fmt(g, 3), color: COLORS.grad }));
    if (grad2) grad2.forEach((g, i) => gradData.push({ label: `x2${SUB[i]}`, value: g, text: fmt(g, 3), color: '#a78bfa' }));
    mount(gradBox, barChart(gradData, { width: widthOf(gradBox, 520), yLabel: '∂loss/∂score', height: 200 }));
    const zeros = gradData.filter((d) => d.value === 0).map((d) => d.label);
    gradCaption.replaceChildren(h('span', {}, `Gradient for every score (from the kernel). ${zeros.length ? `Exactly zero for ${zeros.join(', ')}: those scores get no learning signal.` : 'No score has a zero gradient.'}`),
      srTable('Gradient per score', ['score', 'gradient'], gradData.map((d) => [d.label, fmt(d.value)])));

    // Contributions.
    const contrib = contributions(ctx.ml, st);
    const contribData = contrib.values.map((v, i) => ({ label: rowName(def, i), value: v, text: fmt(v, 3),
      color: contrib.targets?.has(i) ? '#93c5fd' : def.kind === 'multiclass' ? (i === st.t ? COLORS.pos : COLORS.zero) : labelColor(ys[i]) }));
    mount(contribBox, barChart(contribData, { width: widthOf(contribBox, 520), yLabel: contrib.label.split(' (')[0], height: 200 }));
    contribCaption.replaceChildren(h('span', {}, `${contrib.label[0].toUpperCase()}${contrib.label.slice(1)}, computed by the package.${contrib.targets ? ' True classes (light blue) pay nothing themselves.' : ''}`),
      srTable(contrib.label, ['row', 'value'], contribData.map((d) => [d.label, fmt(d.value)])));

    // Formula.
    const f = formula(st, lossValue);
    fill(formulaBox, h('p', { class: 'formula-general' }, f.general), h('p', { class: 'formula-sub', id: 'ex-formula' }, f.substituted));

    // Gradient check.
    fill(checkBox, gradientCheck(ctx.ml, st, result));

    last = { key: renderKey, out: { loss: lossValue, grad, problems } };
    return last.out;
  }

  return { render, measure };
}
