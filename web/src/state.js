// The page's whole state, its defaults, and its URL form: a link is a lesson. Only values that differ
// from the defaults are written, so the untouched page has a bare URL.
import { LOSSES, LOSS_IDS, REDUCTIONS } from './losses.js';

export const TRAIN_LOSSES = ['softMargin', 'bceWithLogits', 'multilabelSoftMargin'];
export const LAB_CASES = ['soft', 'bce', 'mlsm', 'mlm', 'mlsmlist', 'ranking', 'hinge'];

export const DEFAULT_POINTS = [
  [-1.4, 0.9, 1], [-0.6, 1.5, 1], [0.3, 1.1, 1], [-2.0, 0.2, 1], [0.8, 2.0, 1], [-1.0, 0.1, 1],
  [1.2, -0.3, -1], [0.4, -1.0, -1], [2.0, 0.6, -1], [1.6, -1.4, -1], [-0.4, -1.6, -1], [2.4, 1.6, -1],
  [-1.4, -1.2, -1], [0.6, -2.4, -1],
];

/** State of the explorer for `loss`, from the loss's worked example. */
export function lossExample(loss) {
  const def = LOSSES[loss];
  const ex = def.example;
  return {
    loss,
    x: [...ex.x],
    x2: ex.x2 ? [...ex.x2] : [0, 0, 0, 0],
    y: ex.y ? [...ex.y] : [0, 0, 0, 0],
    t: ex.t ?? 0,
    tf: 'list',
    red: 'mean',
    margin: ex.margin ?? def.defaults?.margin ?? null,
    p: 1,
    w: null,
    pw: null,
    ls: 0,
    ii: -100,
    sel: ex.sel ?? 0,
  };
}

export function defaultState() {
  return {
    ...lossExample('softMargin'),
    lx: -2, // the convention lab's score
    lab: 'soft',
    tl: 'softMargin', // the loss trained side by side
    lr: 0.5,
    pts: DEFAULT_POINTS.map((p) => [...p]),
    gl: 'index', // decision guide: label type
    go: 'perClass', // decision guide: outputs per sample
  };
}

const num = (s) => (s === '' || s == null ? NaN : Number(s));
const list = (s) => (s ? s.split(',').map(num) : null);
const round = (v) => Math.round(v * 1000) / 1000;
const fmtList = (a) => a.map(round).join(',');

// key: [read(string, state) → value or undefined, write(value) → string]
const CODEC = {
  loss: [(s) => (LOSS_IDS.includes(s) ? s : undefined), String],
  x: [list, fmtList], x2: [list, fmtList], y: [list, fmtList],
  t: [num, String], tf: [(s) => (s === 'multihot' ? s : 'list'), String],
  red: [(s) => (REDUCTIONS.includes(s) ? s : undefined), String],
  margin: [num, (v) => (v == null ? '' : String(round(v)))],
  p: [(s) => (s === '2' ? 2 : 1), String],
  w: [list, (v) => (v ? fmtList(v) : '')], pw: [list, (v) => (v ? fmtList(v) : '')],
  ls: [num, (v) => String(round(v))], ii: [num, String], sel: [num, String],
  lx: [num, (v) => String(round(v))], lab: [(s) => (LAB_CASES.includes(s) ? s : undefined), String],
  tl: [(s) => (TRAIN_LOSSES.includes(s) ? s : undefined), String], lr: [num, (v) => String(round(v))],
  pts: [(s) => (s ? s.split(';').map((p) => p.split(':').map(num)) : []),
    (v) => v.map((p) => `${round(p[0])}:${round(p[1])}:${p[2]}`).join(';')],
  gl: [String, String], go: [String, String],
};

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Encodes the state as a query string (without '?'), omitting defaults. */
export function toQuery(st) {
  const base = { ...defaultState(), ...lossExample(st.loss) };
  const params = new URLSearchParams();
  if (st.loss !== defaultState().loss) params.set('loss', st.loss);
  for (const [key, [, write]] of Object.entries(CODEC)) {
    if (key === 'loss' || same(st[key], base[key])) continue;
    params.set(key, write(st[key]));
  }
  return params.toString().replaceAll('%2C', ',').replaceAll('%3A', ':').replaceAll('%3B', ';');
}

/** Decodes a query string into a full, valid state (invalid or missing values fall back to defaults). */
export function fromQuery(query) {
  const params = new URLSearchParams(query);
  const loss = CODEC.loss[0](params.get('loss')) ?? defaultState().loss;
  const st = { ...defaultState(), ...lossExample(loss) };
  for (const [key, [read]] of Object.entries(CODEC)) {
    if (key === 'loss' || !params.has(key)) continue;
    const value = read(params.get(key));
    if (value !== undefined) st[key] = value;
  }
  return sanitize(st);
}

const finite = (v, fallback) => (Number.isFinite(v) ? v : fallback);

/** Makes every field consistent (lengths, ranges), whatever came in. */
export function sanitize(st) {
  const ex = lossExample(st.loss);
  const C = Math.min(8, Math.max(2, Array.isArray(st.x) ? st.x.length : 4));
  const fit = (a, fallback, lo, hi) => Array.from({ length: C }, (_, i) => {
    const v = finite(a?.[i], fallback?.[i] ?? 0);
    return Math.min(hi, Math.max(lo, v));
  });
  st.x = fit(st.x, ex.x, -6, 6);
  st.x2 = fit(st.x2, ex.x2, -6, 6);
  st.y = fit(st.y, ex.y, -1, 1).map(Math.round);
  st.t = Math.min(C - 1, Math.max(0, Math.round(finite(st.t, 0))));
  st.sel = Math.min(C - 1, Math.max(0, Math.round(finite(st.sel, 0))));
  st.margin = st.margin == null ? null : finite(st.margin, ex.margin);
  st.w = st.w ? fit(st.w, null, -10, 10) : null;
  st.pw = st.pw ? fit(st.pw, null, -10, 10) : null;
  st.ls = Math.min(1, Math.max(0, finite(st.ls, 0)));
  st.ii = Math.round(finite(st.ii, -100));
  st.lx = Math.min(6, Math.max(-6, finite(st.lx, -2)));
  st.lr = Math.min(5, Math.max(0.01, finite(st.lr, 0.5)));
  st.pts = (st.pts ?? []).filter((p) => p.length === 3 && p.every(Number.isFinite)).slice(0, 60)
    .map(([a, b, c]) => [Math.min(3, Math.max(-3, a)), Math.min(3, Math.max(-3, b)), c > 0 ? 1 : -1]);
  return st;
}
