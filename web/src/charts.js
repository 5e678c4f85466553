// Chart builders (Observable Plot) and the pointer-drag helper shared by the explorer and the trainer.
import * as Plot from '@observablehq/plot';
import { SCORE_DOMAIN, clampScore } from './state.js';

export const COLORS = {
  pos: '#1f6fb2', neg: '#c2410c', zero: '#6b7280', grad: '#7c3aed', band: '#fde68a', good: '#15803d', bad: '#b91c1c',
};
export { SCORE_DOMAIN };

const base = (width, height) => ({
  width, height, marginLeft: 56, marginRight: 16, marginTop: 16, marginBottom: 40,
  style: { fontSize: '14px', background: 'transparent', overflow: 'visible' },
});

/**
 * The scores on a number line, one row per element/class, with the −gradient as arrows (where gradient
 * descent would move each score), an optional margin band and rules. rows: [{ label, x, color, grad,
 * hollow, x2?, grad2? }].
 */
export function numberLine(rows, { width, band, rules = [], selected = -1, arrowScale = 1 }) {
  const labels = rows.map((r) => r.label);
  const points = rows.flatMap((r, i) => [
    { label: r.label, x: r.x, color: r.color, grad: r.grad, i, which: 1, hollow: false },
    ...(r.x2 !== undefined ? [{ label: r.label, x: r.x2, color: r.color, grad: r.grad2, i, which: 2, hollow: true }] : []),
  ]);
  const arrows = points.filter((p) => Math.abs(p.grad) > 1e-9)
    .map((p) => ({ ...p, x2: clampScore(p.x - arrowScale * p.grad) }));
  return Plot.plot({
    ...base(width, 48 + 52 * rows.length),
    marginLeft: 96,
    x: { domain: SCORE_DOMAIN, label: 'score →', grid: true, labelAnchor: 'right' },
    y: { domain: labels, label: null, padding: 0.1 },
    marks: [
      band ? Plot.rectX([band], { x1: 'x1', x2: 'x2', y1: band.rows?.[0], y2: band.rows?.[1], fill: COLORS.band, fillOpacity: 0.55 }) : null,
      band ? Plot.text([band], { x: (d) => (d.x1 + d.x2) / 2, frameAnchor: 'top', text: 'label', dy: -2, fill: '#92400e', fontSize: 14 }) : null,
      ...rules.map((r) => Plot.ruleX([r.x], { stroke: r.color ?? '#9ca3af', strokeDasharray: r.dash ?? '4,3' })),
      selected >= 0 ? Plot.cell([labels[selected]], { y: (d) => d, fill: '#e0f2fe', fillOpacity: 0.6, inset: 0 }) : null,
      Plot.arrow(arrows, { x1: 'x', x2: 'x2', y: 'label', stroke: COLORS.grad, strokeWidth: 2.5, headLength: 10 }),
      Plot.dot(points, {
        x: 'x', y: 'label', r: 9, stroke: 'color', fill: (d) => (d.hollow ? 'white' : d.color), strokeWidth: 2.5,
        className: 'ml-score-dots', title: (d) => `${d.label}: score ${d.x.toFixed(2)}`,
      }),
    ],
  });
}

/** Loss (or anything) against one score: curves [{ key, points: [{x, y}], strong }], the current point. */
export function curveChart(curves, current, { width, yLabel = 'loss', xLabel = 'score', height = 260, yDomain } = {}) {
  const data = curves.flatMap((c) => c.points.map((p) => ({ ...p, key: c.key, strong: c.strong })));
  const finite = data.filter((d) => Number.isFinite(d.y));
  return Plot.plot({
    ...base(width, height),
    x: { label: `${xLabel} →`, labelAnchor: 'right', grid: true },
    y: { label: `↑ ${yLabel}`, grid: true, domain: yDomain },
    color: { domain: curves.map((c) => c.key), range: curves.map((c) => c.color), legend: curves.length > 1 },
    marks: [
      Plot.ruleY([0], { stroke: '#9ca3af' }),
      Plot.line(finite, { clip: true, x: 'x', y: 'y', z: 'key', stroke: 'key', strokeWidth: (d) => (d.strong ? 3.5 : 1.8),
        strokeOpacity: (d) => (d.strong ? 1 : 0.7), strokeDasharray: (d) => (d.strong ? null : '6,4') }),
      ...[current].flat().filter(Boolean).flatMap((c, k) => [
        k === 0 ? Plot.ruleX([c.x], { stroke: '#9ca3af', strokeDasharray: '2,3' }) : null,
        Number.isFinite(c.y) ? Plot.dot([c], { x: 'x', y: 'y', r: 7, fill: c.color ?? COLORS.grad, stroke: 'white', strokeWidth: 2 }) : null,
        Number.isFinite(c.y) ? Plot.text([c], { x: 'x', y: 'y', text: (d) => d.text, dy: c.dy ?? -16, dx: c.dx ?? 0, textAnchor: c.anchor ?? 'middle', fontWeight: 'bold', fontSize: 14, fill: c.color ?? 'currentColor', stroke: 'white', strokeWidth: 4, paintOrder: 'stroke' }) : null,
      ]),
    ],
  });
}

/**
 * Makes `container` a drag surface for the Plot currently inside it: `pick(px, py, svg)` returns a handle
 * or null at pointer-down, `move(handle, x, y)` gets data coordinates (via the plot's own scales).
 */
export function draggable(container, { pick, move, end }) {
  let handle = null;
  const toData = (event) => {
    const svg = container.querySelector('svg');
    if (!svg) return null;
    const rect = svg.getBoundingClientRect();
    const plot = svg.closest('figure.plot-wrap') ?? svg;
    const scaleX = (svg.viewBox?.baseVal?.width || rect.width) / rect.width;
    const px = (event.clientX - rect.left) * scaleX;
    const py = (event.clientY - rect.top) * scaleX;
    const sx = svg.__plot?.scale('x');
    const sy = svg.__plot?.scale('y');
    return { px, py, x: sx?.invert ? sx.invert(px) : NaN, y: sy?.invert ? sy.invert(py) : NaN, svg, plot };
  };
  container.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    const at = toData(event);
    if (!at) return;
    handle = pick(at, event);
    if (handle === null || handle === undefined) return;
    event.preventDefault();
    container.setPointerCapture(event.pointerId);
  });
  container.addEventListener('pointermove', (event) => {
    if (handle === null || handle === undefined) return;
    const at = toData(event);
    if (at) move(handle, at);
  });
  const stop = () => {
    if (handle !== null && handle !== undefined) end?.(handle);
    handle = null;
  };
  container.addEventListener('pointerup', stop);
  container.addEventListener('pointercancel', stop);
}

/** Puts a Plot into `container`, remembering the plot for its scales (used by `draggable`). The chart is
 *  a picture for sighted readers: every caller gives it a caption and a text table, so the whole plot
 *  (its SVG and any legend) is hidden from assistive technology, and the aria-labels Plot puts on its
 *  <g> groups (prohibited on elements without a role) are dropped. */
export function mount(container, plot) {
  const svg = plot.tagName.toLowerCase() === 'svg' ? plot : plot.querySelector('svg:not(.plot-swatches svg)') ?? plot.querySelector('svg');
  svg.__plot = plot;
  for (const el of plot.querySelectorAll('[aria-label], [aria-description]')) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  plot.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  container.replaceChildren(plot);
  return plot;
}
