// What the embedding explorers draw on their planes, from the numbers of embedding-calls.js (no DOM):
// the cosine pair as two arrows from the origin with the margin band around x1, the triplet as three
// points with their distances and the p-norm balls the negative must stay out of, and every gradient as
// a purple arrow (−gradient: where one descent step moves the point). Shapes are geometry for the eye
// (a wedge's arc, a ball's outline); their sizes come from the package's numbers.
import { COLORS } from './charts.js';
import { fmt } from './dom.js';

const POINT_COLORS = { x1: COLORS.pos, x2: COLORS.good, a: '#111827', p: COLORS.pos, n: COLORS.neg };
/** The longest gradient arrow, in plane units: every −gradient is scaled by the same factor. */
export const ARROW_LENGTH = 1.2;
const FAR = 6; // beyond the plane's corners: a wedge drawn this far fills the view

const len = (g) => Math.hypot(g[0], g[1]);
const plus = (a, b, k = 1) => [a[0] + k * b[0], a[1] + k * b[1]];

/** The factor that makes the longest of `grads` ARROW_LENGTH long (0 when every gradient is 0). */
export function arrowScale(grads) {
  const longest = Math.max(...grads.map(len));
  return longest > 0 && Number.isFinite(longest) ? ARROW_LENGTH / longest : 0;
}

/** Descent arrows: from each point, −scale·gradient. */
function descentArrows(items, scale) {
  return items.filter(({ g }) => scale > 0 && len(g) * scale > 0.02)
    .map(({ at, g }) => ({ from: at, to: plus(at, g, -scale), stroke: COLORS.grad, width: 3 }));
}

/** Points of an arc of radius r from angle a0 to a1 (radians). */
function arc(r, a0, a1, steps = 90) {
  return Array.from({ length: steps + 1 }, (_, k) => {
    const t = a0 + ((a1 - a0) * k) / steps;
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}

/** The outline of the p-norm ball {z : ‖z − c‖_p = r}: a diamond for p = 1, a circle for p = 2. */
function pBall(center, r, p, steps = 180) {
  return Array.from({ length: steps }, (_, k) => {
    const t = (2 * Math.PI * k) / steps;
    const c = Math.cos(t);
    const s = Math.sin(t);
    return [center[0] + r * Math.sign(c) * Math.abs(c) ** (2 / p), center[1] + r * Math.sign(s) * Math.abs(s) ** (2 / p)];
  });
}

/** The cosine pair: n from cosineNumbers. */
export function cosineScene(n) {
  const { from, half } = n.band;
  const areas = half === 0 ? [] : [{
    points: half === Math.PI ? arc(FAR, 0, 2 * Math.PI) : [[0, 0], ...arc(FAR, from - half, from + half)],
    fill: COLORS.band, opacity: 0.6,
  }];
  const scale = arrowScale([n.grad, n.grad2]);
  const angles = [n.x1, n.x2].map((x) => Math.atan2(x[1], x[0]));
  let turn = angles[1] - angles[0];
  if (turn > Math.PI) turn -= 2 * Math.PI;
  if (turn < -Math.PI) turn += 2 * Math.PI;
  const bothNonZero = len(n.x1) > 0 && len(n.x2) > 0;
  const mid = angles[0] + turn / 2;
  const tip = (x, key) => (len(x) > 0 ? { at: x, text: key === 'x1' ? 'x₁' : 'x₂', color: POINT_COLORS[key], dx: 16 * Math.sign(x[0] || 1), dy: -14 } : null);
  return {
    areas,
    // The angle between the two vectors, as an arc (the angle printed is the package's cosine's).
    lines: bothNonZero && Math.abs(turn) > 0.02 ? [{ points: arc(0.7, angles[0], angles[0] + turn, 40), stroke: '#374151', width: 1.5 }] : [],
    arrows: [
      ...[['x1', n.x1], ['x2', n.x2]].filter(([, x]) => len(x) > 0).map(([key, x]) => ({ from: [0, 0], to: x, stroke: POINT_COLORS[key], width: 3.5, head: 14 })),
      ...descentArrows([{ at: n.x1, g: n.grad }, { at: n.x2, g: n.grad2 }], scale),
    ],
    handles: [{ id: 'u', at: n.x1, color: POINT_COLORS.x1 }, { id: 'v', at: n.x2, color: POINT_COLORS.x2 }],
    labels: [
      tip(n.x1, 'x1'), tip(n.x2, 'x2'),
      bothNonZero && Math.abs(turn) > 0.02 ? { at: [1.05 * Math.cos(mid), 1.05 * Math.sin(mid)], text: `${fmt(n.angle, 0)}°`, color: '#374151' } : null,
    ].filter(Boolean),
    scale,
  };
}

/** The triplet: n from tripletNumbers. The balls are centred at x + eps, where d(x, ·) is 0. */
export function tripletScene(n) {
  const shift = (x) => [x[0] + n.eps, x[1] + n.eps];
  const reach = n.dPos + n.margin;
  const centers = n.swap ? [n.a, n.pos] : [n.a];
  const scale = arrowScale([n.grad, n.grad2, n.grad3]);
  const midpoint = (x, z) => [(x[0] + z[0]) / 2, (x[1] + z[1]) / 2];
  return {
    areas: reach > 0 ? centers.map((c) => ({ points: pBall(shift(c), reach, n.p), fill: COLORS.band, opacity: 0.55 })) : [],
    rings: n.dPos > 0 ? [{ points: pBall(shift(n.a), n.dPos, n.p), stroke: POINT_COLORS.p, dash: '5,4' }] : [],
    lines: [
      { points: [n.a, n.pos], stroke: POINT_COLORS.p, width: 2.5 },
      { points: [n.a, n.neg], stroke: POINT_COLORS.n, width: 2.5 },
      ...(n.swap ? [{ points: [n.pos, n.neg], stroke: POINT_COLORS.n, width: 2, dash: '6,4' }] : []),
    ],
    arrows: descentArrows([{ at: n.a, g: n.grad }, { at: n.pos, g: n.grad2 }, { at: n.neg, g: n.grad3 }], scale),
    handles: [{ id: 'ta', at: n.a, color: POINT_COLORS.a }, { id: 'tp', at: n.pos, color: POINT_COLORS.p }, { id: 'tn', at: n.neg, color: POINT_COLORS.n }],
    labels: [
      { at: n.a, text: 'a', color: POINT_COLORS.a, dx: -16, dy: -14 },
      { at: n.pos, text: 'p', color: POINT_COLORS.p, dx: 16, dy: -14 },
      { at: n.neg, text: 'n', color: POINT_COLORS.n, dx: 16, dy: 14 },
      { at: midpoint(n.a, n.pos), text: fmt(n.dPos, 2), color: POINT_COLORS.p, dy: -12 },
      { at: midpoint(n.a, n.neg), text: fmt(n.dAN, 2), color: POINT_COLORS.n, dy: 14 },
      ...(n.swap ? [{ at: midpoint(n.pos, n.neg), text: fmt(n.dPN, 2), color: POINT_COLORS.n, dy: 14 }] : []),
    ],
    scale,
  };
}
