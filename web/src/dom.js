// Small DOM and number-formatting helpers shared by the page's features.

/** h('div', { class: 'x', onclick }, child, ...) → element. Attributes starting with 'on' become listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && key !== 'list' && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

let ids = 0;
export const uid = (prefix = 'id') => `${prefix}-${++ids}`;

/** A number for display: fixed digits, a real minus sign, NaN and ±∞ spelled out. */
export function fmt(v, digits = 4) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  const s = (Object.is(v, -0) || Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);
  return s.replace('-', '−');
}

/** A label value as the page writes it: +1, 0, −1. */
export const labelText = (v) => (v > 0 ? `+${v}` : v < 0 ? `−${-v}` : '0');

/** A number or array for display. */
export const fmtAny = (v, digits = 4) => (typeof v === 'number' ? fmt(v, digits)
  : `[${Array.from(v, (e) => fmt(e, digits)).join(', ')}]`);

/** A number as a Python / JS literal. */
export const lit = (v) => (Number.isInteger(v) ? `${v}.` : String(Math.round(v * 1e6) / 1e6)).replace(/\.$/, '.0');

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** A visually hidden table (a chart's text alternative). */
export function srTable(caption, head, rows) {
  return h('div', { class: 'sr-only' }, h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}

export const classLabel = (i) => `class ${i}`;
