// The page's whole state, its defaults, and its URL form: a link is a lesson. Only values that differ
// from the defaults are written, so the untouched page has a bare URL. Each feature that keeps state of
// its own (lab, training, lesson) describes it as a part: { defaults(), codec, sanitize(st) }.
import { EMBEDDING_CODEC, EMBEDDING_DEFAULTS, sanitizeEmbedding } from './embedding-state.js';
import { LOSSES, LOSS_IDS, REDUCTIONS, isEmbeddingKind } from './losses.js';
import { GUIDE_CHOICES, GUIDE_DEFAULTS } from './guide-state.js';
import { LAB_PART } from './lab-state.js';
import { LESSON_PART } from './lesson-state.js';
import { TRAIN_PART } from './train-state.js';
import { clamp, finite, fmtList, list, num, round } from './url-values.js';

/** The scores the explorer's sliders and number line reach: state never holds a score beyond them. */
export const SCORE_DOMAIN = [-5, 5];
/** How finely a slider or a drag moves a score: coarse enough that one arrow press visibly moves it. */
export const SCORE_STEP = 0.05;
export const clampScore = (v) => Math.min(SCORE_DOMAIN[1], Math.max(SCORE_DOMAIN[0], v));
/** A score inside the domain, on the sliders' grid (what a drag sets). */
export const snapScore = (v) => Number((Math.round(clampScore(v) / SCORE_STEP) * SCORE_STEP).toFixed(2));

/** State of the explorer for `loss`, from the loss's worked example (the embedding losses' examples hold
 *  only what differs from EMBEDDING_DEFAULTS; their score fields are unused placeholders). */
export function lossExample(loss) {
  const def = LOSSES[loss];
  const ex = def.example;
  return {
    loss,
    x: ex.x ? [...ex.x] : [0, 0, 0, 0],
    x2: ex.x2 ? [...ex.x2] : [0, 0, 0, 0],
    y: ex.y ? [...ex.y] : [0, 0, 0, 0],
    t: ex.t ?? 0,
    tf: 'list',
    red: 'mean',
    margin: ex.margin ?? def.defaults?.margin ?? null,
    p: ex.p ?? 1,
    w: null,
    pw: null,
    ls: 0,
    ii: -100,
    sel: ex.sel ?? 0,
    ...structuredClone(EMBEDDING_DEFAULTS),
  };
}

// The explorer's and the decision guide's keys: [read(string) → value or undefined, write(value) → string].
const EXPLORER_CODEC = {
  x: [list, fmtList], x2: [list, fmtList], y: [list, fmtList],
  t: [num, String], tf: [(s) => (s === 'multihot' ? s : 'list'), String],
  red: [(s) => (REDUCTIONS.includes(s) ? s : undefined), String],
  margin: [num, (v) => (v == null ? '' : String(round(v)))],
  p: [num, String],
  w: [list, (v) => (v ? fmtList(v) : '')], pw: [list, (v) => (v ? fmtList(v) : '')],
  ls: [num, (v) => String(round(v))], ii: [num, String], sel: [num, String],
  gl: [String, String], go: [String, String], gs: [String, String],
  simd: [(s) => (s === '0' ? false : undefined), (v) => (v ? '1' : '0')],
  ...EMBEDDING_CODEC,
};

const PARTS = [LAB_PART, TRAIN_PART, LESSON_PART];
const CODEC = Object.assign({}, EXPLORER_CODEC, ...PARTS.map((part) => part.codec));

export function defaultState() {
  return {
    ...lossExample('softMargin'),
    ...GUIDE_DEFAULTS, // the decision guide's answers: go (each sample is), gl (labels), gs (style)
    simd: true, // which WebAssembly build runs the page (?simd=0: the baseline build)
    ...Object.assign({}, ...PARTS.map((part) => part.defaults())),
  };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Encodes the state as a query string (without '?'), omitting defaults. */
export function toQuery(st) {
  const base = { ...defaultState(), ...lossExample(st.loss) };
  const params = new URLSearchParams();
  if (st.loss !== defaultState().loss) params.set('loss', st.loss);
  for (const [key, [, write]] of Object.entries(CODEC)) {
    if (same(st[key], base[key])) continue;
    params.set(key, write(st[key]));
  }
  return params.toString().replaceAll('%2C', ',').replaceAll('%3A', ':').replaceAll('%3B', ';');
}

/** Decodes a query string into a full, valid state (invalid or missing values fall back to defaults). */
export function fromQuery(query) {
  const params = new URLSearchParams(query);
  const loss = LOSS_IDS.includes(params.get('loss')) ? params.get('loss') : defaultState().loss;
  const st = { ...defaultState(), ...lossExample(loss) };
  for (const [key, [read]] of Object.entries(CODEC)) {
    if (!params.has(key)) continue;
    const value = read(params.get(key));
    if (value !== undefined) st[key] = value;
  }
  return sanitize(st);
}

/** Makes every field consistent (lengths, ranges), whatever came in. */
export function sanitize(st) {
  const ex = lossExample(st.loss);
  const C = Math.min(8, Math.max(2, Array.isArray(st.x) ? st.x.length : 4));
  const fit = (a, fallback, lo, hi) => Array.from({ length: C }, (_, i) => clamp(finite(a?.[i], fallback?.[i] ?? 0), lo, hi));
  st.x = fit(st.x, ex.x, ...SCORE_DOMAIN);
  st.x2 = fit(st.x2, ex.x2, ...SCORE_DOMAIN);
  // A label missing from the URL becomes 1, which every convention accepts: padding with 0 would
  // invent the {0, 1} mistake the page teaches about.
  st.y = fit(st.y, Array(C).fill(1), -1, 1).map(Math.round);
  st.t = clamp(Math.round(finite(st.t, 0)), 0, C - 1);
  st.sel = clamp(Math.round(finite(st.sel, 0)), 0, C - 1);
  st.margin = st.margin == null ? null : finite(st.margin, ex.margin);
  st.w = st.w ? fit(st.w, null, -10, 10) : null;
  st.pw = st.pw ? fit(st.pw, null, -10, 10) : null;
  st.ls = clamp(finite(st.ls, 0), 0, 1);
  st.ii = Math.round(finite(st.ii, -100));
  const def = LOSSES[st.loss];
  // p is MultiMarginLoss's 1 or 2 (the other losses of scores ignore it), TripletMarginLoss's norm order.
  if (def.kind !== 'triplet') st.p = st.p === 2 ? 2 : 1;
  sanitizeEmbedding(st, def.kind);
  // One pair or one triplet: every reduction gives the same number, so the state keeps the default.
  if (isEmbeddingKind(def)) st.red = 'mean';
  st.simd = st.simd !== false;
  for (const [key, choices] of Object.entries(GUIDE_CHOICES)) if (!choices.includes(st[key])) st[key] = GUIDE_DEFAULTS[key];
  for (const part of PARTS) part.sanitize(st);
  return st;
}
