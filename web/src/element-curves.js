/**
 * One element's loss ℓ and gradient ∂ℓ/∂x against its own score, for each label value it could have:
 * the data (every number from the package), two Plot charts and a caption whose sentences are chosen
 * from the data. Used by the explorer and the guided lesson.
 *
 *   const data = elementCurveData(ml, st, st.sel);          // st: the page's state (web/src/state.js)
 *   mount(box, elementLossChart(data, { width: 480 }));      // ℓ(x) per label, kinks, point, tangent
 *   mount(box2, elementGradChart(data, { width: 480 }));     // ∂ℓ/∂x per label, the point
 *   const { what, facts, summary } = describeElementCurve(data);
 *
 * What ℓ is, per kind of loss (describeElementCurve's `what` says it in words):
 * - elementwise and ranking losses: the element's (pair's) own term, reduction 'none';
 * - MultiLabelSoftMarginLoss: the class's own term w_c·ℓ_c (a one-class call); the sample's loss is
 *   the mean of the C terms, so plotting it would hide the term's shape under the other classes;
 * - CrossEntropy, MultiMargin, MultiLabelMargin: the one-sample loss as this class's score moves, the
 *   other scores fixed. For the two single-label losses the "label" is whether this class is the true
 *   class (1) or not (0; then the current true class, or another class when this one is it).
 * Kinks (corners of a hinge) are placed from the state's margins and scores (geometry), and kept only
 * where the package's own slopes left and right of them differ.
 */
import * as Plot from '@observablehq/plot';
import { COLORS } from './charts.js';
import { fmt, labelText } from './dom.js';
import { LOSSES, labelChoices, multilabelMarginTarget, run } from './losses.js';
import { SCORE_DOMAIN } from './state.js';

const SUB = '₀₁₂₃₄₅₆₇';
const SAMPLES = 201;
// Offset at which the package's one-sided slopes beside a kink are read.
const SIDE = 1e-7;

/** A label value as the page writes it: +1, 0, −1. */
/** The color of a label value (blue +1 / true class, orange −1, grey 0). */
export const labelColor = (v) => (v > 0 ? COLORS.pos : v < 0 ? COLORS.neg : COLORS.zero);

/** The name of score `index` of the loss: x₁, x1₀ (ranking), or x₂ for class 2. */
export function scoreName(def, index) {
  return def.kind === 'ranking' ? `x1${SUB[index]}` : `x${SUB[index]}`;
}

/** The label the element has in the state (for the single-label losses: 1 when it is the true class). */
export function currentLabel(def, st, index) {
  if (def.kind === 'multiclass') return index === st.t ? 1 : 0;
  if (def.fn === 'multilabelMarginLoss') return st.y[index] ? 1 : 0;
  return st.y[index];
}

// The true class used for the "not the true class" curve.
const otherClass = (st, index) => (st.t !== index ? st.t : index === 0 ? 1 : 0);

/** ℓ(x) and ∂ℓ/∂x of element `index` with label `label`, as a function of its score, from the package. */
function elementFunction(ml, st, index, label) {
  const def = LOSSES[st.loss];
  if (def.kind === 'multiclass') {
    const s = { ...st, t: label ? index : otherClass(st, index) };
    return { state: s, at: (x) => pick(run(ml, s, { index, value: x, reduction: 'none' }), 0, index) };
  }
  if (def.fn === 'multilabelSoftMarginLoss') {
    const options = { shape: [1, 1], reduction: 'none', ...(st.w ? { weight: [st.w[index]] } : {}) };
    const target = Float64Array.of(label);
    return { state: st, at: (x) => pick(ml.multilabelSoftMarginLoss(Float64Array.of(x), target, options), 0, 0) };
  }
  const y = [...st.y];
  y[index] = label;
  const s = { ...st, y };
  const lossAt = def.kind === 'multilabel' ? 0 : index;
  return { state: s, at: (x) => pick(run(ml, s, { index, value: x, reduction: 'none' }), lossAt, index) };
}

const pick = (result, lossAt, gradAt) => ({ loss: result.loss[lossAt], grad: result.grad[gradAt] });

/** Where the element's hinge terms have their corners, from the state's geometry (before checking). */
function kinkCandidates(def, s, index) {
  const margin = s.margin ?? def.defaults?.margin;
  const others = s.x.map((_, j) => j).filter((j) => j !== index);
  switch (def.fn) {
    case 'hingeEmbeddingLoss': // every label but +1 pays max(0, margin − x)
      return s.y[index] === 1 ? [] : [margin];
    case 'marginRankingLoss': // max(0, −y·(x1 − x2) + margin) is 0 from x1 = x2 + margin / y on
      return s.y[index] === 0 ? [] : [s.x2[index] + margin / s.y[index]];
    case 'multiMarginLoss': { // max(0, margin − x_t + x_j)^p: a corner for p = 1 only
      if (s.p === 2) return [];
      return index === s.t ? others.map((j) => s.x[j] + margin) : [s.x[s.t] - margin];
    }
    case 'multilabelMarginLoss': { // max(0, 1 − (x_j − x_k)) for j in the target set, k outside it
      const list = multilabelMarginTarget(s);
      const end = list.findIndex((v) => v < 0);
      const targets = new Set(list.slice(0, end < 0 ? list.length : end));
      return targets.has(index) ? others.filter((k) => !targets.has(k)).map((k) => s.x[k] + 1)
        : [...targets].map((j) => s.x[j] - 1);
    }
    default:
      return [];
  }
}

function linspace([lo, hi], n) {
  return Array.from({ length: n }, (_, k) => lo + (k / (n - 1)) * (hi - lo));
}

/**
 * The curves of element `index` (default the selected one): for each label value, ℓ and ∂ℓ/∂x sampled
 * over the score domain, with the kinks; and the current point. Returns
 * { loss, name, kind, index, xName, domain, current: { label, x, loss, slope, atKink },
 *   curves: [{ label, key, color, current, trueClass?, points: [{ x, loss, grad }],
 *              kinks: [{ x, loss, left, right }] }] }.
 * `labels`: the label values to draw (default: the explorer's choices; [1, 0] for the single-label
 * losses, meaning "is the true class" / "is not").
 */
export function elementCurveData(ml, st, index = st.sel, { labels, domain = SCORE_DOMAIN } = {}) {
  const def = LOSSES[st.loss];
  const label = currentLabel(def, st, index);
  let values = labels ?? (def.kind === 'multiclass' ? [1, 0] : labelChoices(def));
  if (!values.includes(label)) values = [...values, label];
  const x = st.x[index];
  const inside = (v) => v > domain[0] && v < domain[1];

  const curves = values.map((value) => {
    const f = elementFunction(ml, st, index, value);
    const kinks = [...new Set(kinkCandidates(def, f.state, index))].filter(inside).sort((a, b) => a - b)
      .map((k) => ({ x: k, loss: f.at(k).loss, left: f.at(k - SIDE).grad, right: f.at(k + SIDE).grad }))
      .filter((k) => Math.abs(k.left - k.right) > 1e-9);
    const xs = [...linspace(domain, SAMPLES), ...kinks.flatMap((k) => [k.x - SIDE, k.x, k.x + SIDE])];
    if (value === label && x >= domain[0] && x <= domain[1]) xs.push(x);
    const points = [...new Set(xs)].sort((a, b) => a - b).map((v) => ({ x: v, ...f.at(v) }));
    return {
      label: value, key: curveKey(def, value, f.state, index, value === label), color: labelColor(value),
      current: value === label, ...(def.kind === 'multiclass' ? { trueClass: f.state.t } : {}), points, kinks,
    };
  });
  const mine = curves.find((c) => c.current);
  const here = elementFunction(ml, st, index, label).at(x);
  return {
    loss: st.loss, name: def.name, kind: def.kind, fn: def.fn, index, xName: scoreName(def, index), domain,
    x2: def.kind === 'ranking' ? st.x2[index] : undefined, classes: st.x.length,
    current: { label, x, loss: here.loss, slope: here.grad, atKink: mine.kinks.some((k) => k.x === x) },
    curves,
  };
}

function curveKey(def, value, s, index, current) {
  const mark = current ? ' (current)' : '';
  if (def.kind === 'multiclass') return `class ${s.t} is the true class${mark}`;
  if (def.fn === 'multilabelMarginLoss') return `${value ? 'in the target set' : 'not in the target set'}${mark}`;
  return `y = ${labelText(value)}${mark}`;
}

const num = (v) => (v === 0 ? '0' : fmt(v, 4));
// Positions: kinks and scores have at most 3 decimals (URL precision), written without trailing zeros.
const at = (v) => fmt(v, 3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
// The largest |ℓ| or |∂ℓ/∂x| below which a value is printed as 0 is fmt's; "exactly" needs === 0.
const isFlat = (c) => c.points.every((p) => p.grad === 0 && p.loss === c.points[0].loss);

/** Runs of consecutive samples where ℓ and ∂ℓ/∂x are both exactly 0, as bounds [{ x, open }, { x, open }].
 *  A run that starts just beside a kink is open there: at the kink itself the package returns a
 *  one-sided slope, not 0. */
function deadZones({ points, kinks }) {
  const runs = [];
  const dead = (p) => p?.loss === 0 && p.grad === 0;
  const besideKink = (p, q) => q && kinks.some((k) => k.x === q.x);
  points.forEach((p, k) => {
    if (!dead(p) || dead(points[k - 1])) return;
    let end = k;
    while (dead(points[end + 1])) end += 1;
    if (end === k) return;
    const before = points[k - 1];
    const after = points[end + 1];
    runs.push([besideKink(p, before) ? { x: before.x, open: true } : { x: p.x, open: false },
      besideKink(points[end], after) ? { x: after.x, open: true } : { x: points[end].x, open: false }]);
  });
  return runs;
}

/** What ℓ is, in one sentence (see the header). */
function describeWhat(data, def) {
  const { xName, index } = data;
  switch (data.kind) {
    case 'elementwise':
      return `ℓ is ${xName}’s own term (reduction 'none'): 'mean' averages these terms over the elements, 'sum' adds them.`;
    case 'ranking':
      return `ℓ is pair ${index}’s own term (reduction 'none') as x1${SUB[index]} moves, with x2${SUB[index]} = ${at(data.x2)} fixed.`;
    case 'multiclass':
      return `ℓ is the one-sample loss as class ${index}’s score ${xName} moves, the other scores fixed: with class ${index} as the true class, and with class ${data.curves.find((c) => !c.label).trueClass} as the true class.`;
    default:
      return def.fn === 'multilabelSoftMarginLoss'
        ? `ℓ is class ${index}’s own term (a one-class call, its weight included); the sample’s loss is the mean of the ${data.classes} class terms.`
        : `ℓ is the one-sample loss as class ${index}’s score ${xName} moves, the other scores fixed, with class ${index} in the target set or not.`;
  }
}

/**
 * Words for the data: `what` (what ℓ is), `facts` (sentences, each chosen by a condition on the
 * sampled numbers) and `summary` (per-curve values at the ends and the point, for screen readers).
 */
export function describeElementCurve(data) {
  const { xName, current, domain } = data;
  const def = LOSSES[data.loss];
  const what = describeWhat(data, def);

  const facts = [];
  const mine = data.curves.find((c) => c.current);
  if (isFlat(mine)) {
    facts.push(`${mine.key}: flat: ℓ = ${num(mine.points[0].loss)} for every score and ∂ℓ/∂x = 0, so this element never learns.`);
  } else {
    const low = mine.points.reduce((a, b) => (b.loss < a.loss ? b : a));
    if (low.loss < 0) facts.push(`ℓ is negative on part of the range: ${num(low.loss)} at ${xName} = ${at(low.x)}.`);
    for (const [from, to] of deadZones(mine)) {
      const edge = !to.open && to.x === domain[1] ? ' (the plot’s right edge)' : !from.open && from.x === domain[0] ? ' (from the plot’s left edge)' : '';
      facts.push(`ℓ = 0 and ∂ℓ/∂x = 0 exactly for ${at(from.x)} ${from.open ? '<' : '≤'} ${xName} ${to.open ? '<' : '≤'} ${at(to.x)}${edge}: no learning signal there.`);
    }
    for (const k of mine.kinks) facts.push(`A kink at ${xName} = ${at(k.x)}: the slope jumps from ${num(k.left)} to ${num(k.right)}.`);
  }
  for (const c of data.curves) if (!c.current && isFlat(c)) facts.push(`${c.key}: flat at ℓ = ${num(c.points[0].loss)}, ∂ℓ/∂x = 0.`);
  const move = current.slope < 0 ? 'a gradient-descent step raises the score'
    : current.slope > 0 ? 'a gradient-descent step lowers the score' : 'gradient descent leaves the score where it is';
  facts.push(`At ${xName} = ${at(current.x)}: ℓ = ${num(current.loss)}, slope ∂ℓ/∂x = ${num(current.slope)}`
    + `${current.atKink ? ' (at the kink the package returns PyTorch’s choice of slope)' : ''}: ${move}.`);

  const summary = data.curves.map((c) => {
    const first = c.points[0];
    const last = c.points[c.points.length - 1];
    return `${c.key}: at ${xName} = ${at(first.x)} ℓ = ${num(first.loss)} and ∂ℓ/∂x = ${num(first.grad)}; at ${at(last.x)} ℓ = ${num(last.loss)} and ∂ℓ/∂x = ${num(last.grad)}.`;
  }).join(' ');
  return { what, facts, summary };
}

const frame = (width, height) => ({
  width, height, marginLeft: 56, marginRight: 16, marginTop: 20, marginBottom: 40,
  style: { fontSize: '14px', background: 'transparent', overflow: 'visible' },
});

const colorScale = (data) => ({
  domain: data.curves.map((c) => c.key), range: data.curves.map((c) => c.color),
  legend: data.curves.length > 1, style: { fontSize: '14px' },
});

function extent(values, pad) {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(pad, ...finite);
  const m = (hi - lo) * 0.08 || 1;
  return [lo - (lo < 0 ? m : 0), hi + m];
}

// One line per label value: the current one solid and thick, the others dashed; `z` is the key.
const curveLines = (data, y, points = (c) => c.points) => data.curves.map((c) => Plot.line(
  points(c).map((p) => ({ x: p.x, y: p[y], key: c.key })),
  { x: 'x', y: 'y', z: 'key', stroke: 'key', clip: true, strokeWidth: c.current ? 3.5 : 1.8,
    strokeOpacity: c.current ? 1 : 0.75, strokeDasharray: c.current ? null : '6,4' }));

/** ℓ(x) per label value, the kinks (hollow circles), the current point and its tangent. */
export function elementLossChart(data, { width = 480, height = 240 } = {}) {
  const c = data.current;
  const mine = data.curves.find((k) => k.current);
  const span = (data.domain[1] - data.domain[0]) * 0.15;
  const tangent = Number.isFinite(c.slope) && Number.isFinite(c.loss)
    ? [c.x - span, c.x + span].map((x) => ({ x, y: c.loss + c.slope * (x - c.x) })) : [];
  const kinks = data.curves.flatMap((k) => k.kinks.map((p) => ({ ...p, color: k.color })));
  return Plot.plot({
    ...frame(width, height),
    x: { domain: data.domain, label: `${data.xName} →`, labelAnchor: 'right', grid: true },
    y: { label: '↑ ℓ', grid: true, domain: extent(data.curves.flatMap((k) => k.points.map((p) => p.loss)), 0.5) },
    color: colorScale(data),
    marks: [
      Plot.ruleY([0], { stroke: '#9ca3af' }),
      ...curveLines(data, 'loss'),
      Plot.line(tangent, { x: 'x', y: 'y', z: null, stroke: COLORS.grad, strokeWidth: 2, clip: true }),
      Plot.dot(kinks, { x: 'x', y: 'loss', r: 5, stroke: 'color', fill: 'white', strokeWidth: 2 }),
      Number.isFinite(c.loss) ? Plot.dot([c], { x: 'x', y: 'loss', r: 7, fill: mine.color, stroke: 'white', strokeWidth: 2 }) : null,
      Number.isFinite(c.loss) ? Plot.text([c], { x: 'x', y: 'loss', text: (d) => `ℓ = ${fmt(d.loss, 3)}`, dy: -16,
        fontWeight: 'bold', fontSize: 14, fill: mine.color, stroke: 'white', strokeWidth: 4, paintOrder: 'stroke' }) : null,
    ],
  });
}

/** ∂ℓ/∂x per label value (broken at the kinks, where the slope jumps) with the current point. */
export function elementGradChart(data, { width = 480, height = 200 } = {}) {
  const c = data.current;
  const mine = data.curves.find((k) => k.current);
  // The exact kink sample is dropped and replaced by a gap: the two sides are drawn up to the corner.
  const broken = (k) => k.points.map((p) => (k.kinks.some((q) => q.x === p.x) ? { x: p.x, grad: NaN } : p));
  return Plot.plot({
    ...frame(width, height),
    x: { domain: data.domain, label: `${data.xName} →`, labelAnchor: 'right', grid: true },
    y: { label: '↑ ∂ℓ/∂x', grid: true, domain: extent(data.curves.flatMap((k) => k.points.map((p) => p.grad)), 0.25) },
    color: colorScale(data),
    marks: [
      Plot.ruleY([0], { stroke: '#9ca3af' }),
      Plot.ruleX(mine.kinks, { x: 'x', stroke: '#9ca3af', strokeDasharray: '2,3' }),
      ...curveLines(data, 'grad', broken),
      Number.isFinite(c.slope) ? Plot.dot([c], { x: 'x', y: 'slope', r: 7, fill: mine.color, stroke: 'white', strokeWidth: 2 }) : null,
      Number.isFinite(c.slope) ? Plot.text([c], { x: 'x', y: 'slope', text: (d) => `slope ${fmt(d.slope, 3)}`, dy: -16,
        fontWeight: 'bold', fontSize: 14, fill: mine.color, stroke: 'white', strokeWidth: 4, paintOrder: 'stroke' }) : null,
    ],
  });
}
