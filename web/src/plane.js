// A square 2-D plane drawn as SVG, for the embedding explorers: filled areas (the margin band, the
// p-norm balls), outlines, lines, labels, arrows (vectors, gradients) and draggable handles. The
// scene comes from plane-scenes.js; this file only draws it and turns pointer drags into plane
// coordinates. The drawing is a picture for sighted readers (aria-hidden): each explorer gives it a
// caption and a text table, and sliders move every handle from the keyboard.

const SVG = 'http://www.w3.org/2000/svg';
/** The coordinates the plane shows on each axis (the handles stay within ±3, their labels need room). */
export const VIEW = [-3.5, 3.5];
const GRID = [-3, -2, -1, 0, 1, 2, 3];
const PICK_RADIUS = 26; // px: how close to a handle a pointer-down must land to grab it

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Pixel ↔ plane conversions for a plane `size` px wide. */
function scales(size) {
  const span = VIEW[1] - VIEW[0];
  return {
    px: ([x, y]) => [((x - VIEW[0]) / span) * size, ((VIEW[1] - y) / span) * size],
    plane: (px, py) => [VIEW[0] + (px / size) * span, VIEW[1] - (py / size) * span],
  };
}

const path = (points, px, close) => points.map((p, i) => `${i ? 'L' : 'M'}${px(p).map((v) => v.toFixed(1)).join(',')}`).join('') + (close ? 'Z' : '');

function arrow(g, from, to, { stroke, width = 2.5, dash, head = 11 }, px) {
  const [x1, y1] = px(from);
  const [x2, y2] = px(to);
  const len = Math.hypot(x2 - x1, y2 - y1);
  if (len < 0.5) return;
  const ux = (x2 - x1) / len;
  const uy = (y2 - y1) / len;
  const h = Math.min(head, len * 0.6);
  // The shaft stops where the head starts, so a thick line does not poke through the point.
  g.append(el('line', { x1, y1, x2: x2 - ux * h * 0.8, y2: y2 - uy * h * 0.8, stroke, 'stroke-width': width, 'stroke-dasharray': dash, 'stroke-linecap': 'round' }));
  const wing = h * 0.45;
  g.append(el('polygon', {
    points: [[x2, y2], [x2 - ux * h - uy * wing, y2 - uy * h + ux * wing], [x2 - ux * h + uy * wing, y2 - uy * h - ux * wing]]
      .map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' '),
    fill: stroke,
  }));
}

function label(g, { at, text, color = '#111827', dx = 0, dy = 0, anchor = 'middle', weight = 600 }, px) {
  const [x, y] = px(at);
  g.append(el('text', { x: x + dx, y: y + dy, 'text-anchor': anchor, 'dominant-baseline': 'middle', fill: color, 'font-size': 14, 'font-weight': weight,
    stroke: 'white', 'stroke-width': 4, 'paint-order': 'stroke' }, text));
}

/** Draws `scene` into `container` as a `size`-px square SVG. scene: { areas, rings, lines, arrows,
 *  handles, labels } (plane-scenes.js). */
export function drawPlane(container, scene, size) {
  const { px } = scales(size);
  const svg = el('svg', { viewBox: `0 0 ${size} ${size}`, width: size, height: size, 'aria-hidden': 'true', focusable: 'false', class: 'plane' });
  const layer = el('g');
  svg.append(el('rect', { x: 0, y: 0, width: size, height: size, fill: '#fafafa', stroke: '#d1d5db' }), layer);
  for (const v of GRID) {
    const [gx] = px([v, 0]);
    const [, gy] = px([0, v]);
    const axis = v === 0;
    layer.append(el('line', { x1: gx, y1: 0, x2: gx, y2: size, stroke: axis ? '#9ca3af' : '#e5e7eb', 'stroke-width': axis ? 1.5 : 1 }));
    layer.append(el('line', { x1: 0, y1: gy, x2: size, y2: gy, stroke: axis ? '#9ca3af' : '#e5e7eb', 'stroke-width': axis ? 1.5 : 1 }));
    if (axis) continue;
    const tick = String(v).replace('-', '−');
    label(layer, { at: [v, 0], text: tick, color: '#6b7280', dy: 14, weight: 400 }, px);
    label(layer, { at: [0, v], text: tick, color: '#6b7280', dx: -16, weight: 400 }, px);
  }
  for (const a of scene.areas ?? []) layer.append(el('path', { d: path(a.points, px, true), fill: a.fill, 'fill-opacity': a.opacity ?? 0.5 }));
  for (const r of scene.rings ?? []) layer.append(el('path', { d: path(r.points, px, true), fill: 'none', stroke: r.stroke, 'stroke-width': r.width ?? 1.5, 'stroke-dasharray': r.dash }));
  for (const l of scene.lines ?? []) {
    layer.append(el('path', { d: path(l.points, px, false), stroke: l.stroke, 'stroke-width': l.width ?? 2, 'stroke-dasharray': l.dash, fill: 'none' }));
  }
  for (const a of scene.arrows ?? []) arrow(layer, a.from, a.to, a, px);
  for (const h of scene.handles ?? []) {
    const [cx, cy] = px(h.at);
    layer.append(el('circle', { cx, cy, r: 9, fill: h.hollow ? 'white' : h.color, stroke: h.color, 'stroke-width': 3, class: 'handle', 'data-id': h.id }));
  }
  for (const l of scene.labels ?? []) label(layer, l, px);
  container.replaceChildren(svg);
  container.__plane = { size, ...scales(size), handles: scene.handles ?? [] };
}

/** Makes `container` (whose plane drawPlane keeps current) a drag surface: a pointer-down near a handle
 *  grabs it; move(id, [x, y]) gets plane coordinates while it moves; end() when it is let go. */
export function dragHandles(container, { move, end }) {
  let grabbed = null;
  const at = (event) => {
    const plane = container.__plane;
    const svg = container.querySelector('svg');
    if (!plane || !svg) return null;
    const rect = svg.getBoundingClientRect();
    const k = plane.size / rect.width; // the SVG may be drawn narrower than its viewBox
    const px = (event.clientX - rect.left) * k;
    const py = (event.clientY - rect.top) * k;
    return { px, py, k, point: plane.plane(px, py), plane };
  };
  container.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    const where = at(event);
    if (!where) return;
    let best = null;
    for (const h of where.plane.handles) {
      const [hx, hy] = where.plane.px(h.at);
      const distance = Math.hypot(hx - where.px, hy - where.py) / where.k;
      if (distance < PICK_RADIUS && (!best || distance < best.distance)) best = { id: h.id, distance };
    }
    if (!best) return;
    grabbed = best.id;
    event.preventDefault();
    container.setPointerCapture(event.pointerId);
  });
  container.addEventListener('pointermove', (event) => {
    if (grabbed === null) return;
    const where = at(event);
    if (where) move(grabbed, where.point);
  });
  const stop = () => {
    if (grabbed !== null) end();
    grabbed = null;
  };
  container.addEventListener('pointerup', stop);
  container.addEventListener('pointercancel', stop);
}
