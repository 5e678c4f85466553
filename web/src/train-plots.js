// The training section's charts (Observable Plot): each family's dataset with what the model predicts
// over the plane, and one small chart per metric over the steps. Lines get an explicit z (the run), so
// Plot never guesses series from a high-cardinality channel.
import * as Plot from '@observablehq/plot';
import { COLORS } from './charts.js';
import { DOMAIN } from './train-data.js';
import { scores } from './train-models.js';

export const RUN_COLORS = { right: COLORS.pos, wrong: COLORS.bad };
/** Class / label colours, strong (points) and light (the plane's regions). */
export const CLASS_COLORS = ['#1f6fb2', '#c2410c', '#15803d'];
const CLASS_LIGHT = ['#dbeafe', '#ffedd5', '#dcfce7'];
export const LABEL_NAMES = ['A', 'B', 'C'];

const frame = (width) => ({
  width, height: width, marginLeft: 40, marginBottom: 36, marginTop: 20, marginRight: 12,
  style: { fontSize: '13px', background: 'transparent' },
  x: { domain: DOMAIN, label: 'feature 1 →', labelAnchor: 'right', grid: true },
  y: { domain: DOMAIN, label: '↑ feature 2', grid: true },
});

// The segment of the line W·p + b = level inside the plane (empty when W is 0).
function levelLine([w0, w1], b, level) {
  if (Math.abs(w0) < 1e-9 && Math.abs(w1) < 1e-9) return [];
  return Math.abs(w1) >= Math.abs(w0)
    ? DOMAIN.map((x) => ({ x, y: (level - b - w0 * x) / w1 }))
    : DOMAIN.map((y) => ({ x: (level - b - w1 * y) / w0, y }));
}
const scoreAt = (m, k, x, y) => scores(m, [[x, y]])[k];
const raster = (fill) => Plot.raster({ x1: DOMAIN[0], x2: DOMAIN[1], y1: DOMAIN[0], y2: DOMAIN[1], pixelSize: 6, fill });

/** Binary: blue where the model predicts +, orange where −, the boundary line, the points (+ / −). */
function binaryPlot(trainer, d, m, { width, selected }) {
  const pts = d.X.map((p, i) => ({ x: p[0], y: p[1], c: d.cls[i] }));
  const sel = pts[selected];
  return Plot.plot({
    ...frame(width),
    color: { type: 'linear', domain: [-3, 0, 3], range: ['#fed7aa', '#ffffff', '#bfdbfe'], clamp: true },
    marks: [
      raster((x, y) => trainer.decision(scoreAt(m, 0, x, y))),
      Plot.line(levelLine(m.W[0], m.b[0], trainer.boundaryScore), { x: 'x', y: 'y', z: null, stroke: '#111827', strokeWidth: 2.5, clip: true }),
      Plot.dot(pts, { x: 'x', y: 'y', r: 8, fill: (p) => (p.c > 0 ? COLORS.pos : COLORS.neg), stroke: 'white', strokeWidth: 1.5 }),
      Plot.text(pts, { x: 'x', y: 'y', text: (p) => (p.c > 0 ? '+' : '−'), fill: 'white', fontWeight: 'bold', fontSize: 14 }),
      sel ? Plot.dot([sel], { x: 'x', y: 'y', r: 13, stroke: '#111827', strokeWidth: 2.5, strokeDasharray: '3,2' }) : null,
    ],
  });
}

/** Three classes: each region tinted by the class with the top score, the points by their class. */
function multiclassPlot(trainer, d, m, { width }) {
  const pts = d.X.map((p, i) => ({ x: p[0], y: p[1], c: d.cls[i] }));
  const top = (x, y) => { const s = scores(m, [[x, y]]); return s.indexOf(Math.max(...s)); };
  return Plot.plot({
    ...frame(width),
    color: { type: 'ordinal', domain: [0, 1, 2], range: CLASS_LIGHT },
    marks: [
      raster(top),
      Plot.dot(pts, { x: 'x', y: 'y', r: 8, fill: (p) => CLASS_COLORS[p.c], stroke: 'white', strokeWidth: 1.5 }),
      Plot.text(pts, { x: 'x', y: 'y', text: (p) => String(p.c), fill: 'white', fontWeight: 'bold', fontSize: 12 }),
    ],
  });
}

/** Three labels: each label's line where its score is 0, each point with its letters (· for none). */
function multilabelPlot(trainer, d, m, { width }) {
  const pts = d.X.map((p, i) => ({ x: p[0], y: p[1], text: d.sets[i].map((v, j) => (v ? LABEL_NAMES[j] : '')).join('') || '·' }));
  const lines = m.W.flatMap((w, k) => levelLine(w, m.b[k], 0).map((p) => ({ ...p, k })));
  return Plot.plot({
    ...frame(width),
    marks: [
      Plot.line(lines, { x: 'x', y: 'y', z: 'k', stroke: (p) => CLASS_COLORS[p.k], strokeWidth: 2.5, clip: true }),
      Plot.text(lines.filter((_, i) => i % 2 === 1), { x: 'x', y: 'y', text: (p) => LABEL_NAMES[p.k], fill: (p) => CLASS_COLORS[p.k], fontWeight: 'bold', fontSize: 14, clip: true, dx: -8, dy: 8 }),
      Plot.dot(pts, { x: 'x', y: 'y', r: 10, fill: 'white', stroke: '#374151' }),
      Plot.text(pts, { x: 'x', y: 'y', text: 'text', fill: '#111827', fontWeight: 'bold', fontSize: 10 }),
    ],
  });
}

/** Ranking: the plane shaded by the model's score, the points by their grade (0, 1, 2). */
function rankingPlot(trainer, d, m, { width }) {
  const pts = d.X.map((p, i) => ({ x: p[0], y: p[1], g: d.grade[i] }));
  return Plot.plot({
    ...frame(width),
    color: { type: 'linear', domain: [-3, 3], range: ['#ffffff', '#ddd6fe'], clamp: true },
    marks: [
      raster((x, y) => scoreAt(m, 0, x, y)),
      Plot.dot(pts, { x: 'x', y: 'y', r: 8, fill: (p) => ['#9ca3af', '#6d28d9', '#2e1065'][p.g], stroke: 'white', strokeWidth: 1.5 }),
      Plot.text(pts, { x: 'x', y: 'y', text: (p) => String(p.g), fill: 'white', fontWeight: 'bold', fontSize: 12 }),
    ],
  });
}

export const SCATTER = { binary: binaryPlot, multiclass: multiclassPlot, multilabel: multilabelPlot, ranking: rankingPlot };

/**
 * One metric over the steps: series [{ run, color, points: [{ step, value }] }] on the metric's own
 * y scale. Only finite values are drawn.
 */
export function metricChart(series, { width, height = 170, yLabel, yDomain, xMax }) {
  const data = series.flatMap((s) => s.points.filter((p) => Number.isFinite(p.value)).map((p) => ({ ...p, run: s.run })));
  return Plot.plot({
    width, height, marginLeft: 52, marginRight: 14, marginTop: 16, marginBottom: 34,
    style: { fontSize: '12px', background: 'transparent' },
    x: { domain: [0, xMax], label: 'step →', labelAnchor: 'right', grid: true },
    y: { label: `↑ ${yLabel}`, grid: true, domain: yDomain, nice: !yDomain },
    color: { domain: series.map((s) => s.run), range: series.map((s) => s.color) },
    marks: [
      Plot.ruleY([0], { stroke: '#9ca3af' }),
      Plot.line(data, { x: 'step', y: 'value', z: 'run', stroke: 'run', strokeWidth: 2.5 }),
    ],
  });
}
