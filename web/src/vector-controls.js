// Form controls shared by the embedding explorers: a point's two coordinates (a slider and a number box
// each, the keyboard's way to move what the plane lets a pointer drag) and a labelled slider with its
// value. While a slider moves the URL follows without history entries; its `change` closes the gesture.
import { fmt, h } from './dom.js';
import { PLANE, PLANE_STEP, snapCoord } from './embedding-state.js';

const AXES = ['horizontal', 'vertical'];

/** A fieldset moving point `key` (u, v, ta, tp, tn) of the state: ids emb-<key>-0/1 and -0-n/-1-n. */
export function pointControls(ctx, key, legend, name) {
  const set = (i, value, history) => {
    const next = [...ctx.state()[key]];
    next[i] = snapCoord(value);
    ctx.update({ [key]: next }, { history });
  };
  return h('fieldset', { class: 'score-group point-group' },
    h('legend', {}, legend),
    AXES.map((axis, i) => {
      const id = `emb-${key}-${i}`;
      return h('div', { class: 'score-row' },
        h('label', { for: id }, h('span', { class: 'sr-only' }, `${name} `), axis),
        h('input', { type: 'range', id, min: PLANE[0], max: PLANE[1], step: PLANE_STEP,
          oninput: (e) => set(i, Number(e.target.value), false), onchange: () => ctx.update({}) }),
        h('input', { type: 'number', id: `${id}-n`, class: 'num', min: PLANE[0], max: PLANE[1], step: PLANE_STEP,
          'aria-label': `${name} ${axis} value`,
          onchange: (e) => e.target.value !== '' && Number.isFinite(Number(e.target.value)) && set(i, Number(e.target.value), true) }));
    }));
}

/** A slider for state key `key` within { min, max, step }, its value printed beside it (id emb-<key>). */
export function rangeField(ctx, key, label, { min, max, step }, hint) {
  const id = `emb-${key}`;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('div', { class: 'range-line' },
      h('input', { type: 'range', id, min, max, step,
        oninput: (e) => ctx.update({ [key]: Number(e.target.value) }, { history: false }), onchange: () => ctx.update({}) }),
      h('output', { id: `${id}-out`, for: id })),
    hint ? h('span', { class: 'hint' }, hint) : null);
}

/** Writes the state into the controls inside `root` (only where a value differs, so typing is kept). */
export function syncValues(root, pairs) {
  for (const [id, value] of pairs) {
    const el = root.querySelector(`#${id}`);
    if (!el) continue;
    if (el.type === 'checkbox') el.checked = Boolean(value);
    else if (el.tagName === 'OUTPUT') el.textContent = value;
    else if (el.value !== String(value)) el.value = String(value);
  }
}

/** The [id, value] pairs of a point's controls. */
export const pointValues = (key, at) => at.flatMap((v, i) => [[`emb-${key}-${i}`, v], [`emb-${key}-${i}-n`, v]]);
/** The [id, value] pairs of a slider and its printed value. */
export const rangeValues = (key, value, digits = 2) => [[`emb-${key}`, value], [`emb-${key}-out`, fmt(value, digits)]];
