// The embedding explorers' part of the explorer state: the 2-D vectors and points a reader drags, the
// cosine pair's label, the triplet's options, and their URL form. Every loss's example carries these
// keys (lossExample spreads EMBEDDING_DEFAULTS), so switching losses resets them and an untouched
// embedding state writes nothing to the URL.
import { clamp, finite, fmtList, list, num, round } from './url-values.js';

/** The plane the vectors and points live on: each coordinate in [−3, 3], on a grid of 0.05. */
export const PLANE = [-3, 3];
export const PLANE_STEP = 0.05;
export const snapCoord = (v) => Number((Math.round(clamp(v, ...PLANE) / PLANE_STEP) * PLANE_STEP).toFixed(2));

/** What the sliders reach: the cosine margin (PyTorch suggests [−1, 1]), the triplet margin, p. */
export const COSINE_MARGIN = { min: -1, max: 1, step: 0.05 };
export const TRIPLET_MARGIN = { min: -1, max: 3, step: 0.1 };
export const TRIPLET_P = { min: 1, max: 4, step: 0.5 };
/** The cosine pair's label: the two that count, and the {0, 1} mistake. */
export const COSINE_LABELS = [1, -1, 0];
/** TripletMarginLoss's eps: PyTorch's default, or none. */
export const TRIPLET_EPS = [1e-6, 0];

// x1 = [3, 4] / 2 and x2 = [4, 3] / 2, the specification's reference pair (cos 0.96), labelled
// dissimilar: the untouched explorer shows a pair pushed apart. The triplet's negative is farther from
// the anchor than its positive, but by less than the margin: it still pays.
export const EMBEDDING_DEFAULTS = {
  u: [1.5, 2], v: [2, 1.5], cy: -1,
  ta: [-1.5, 0], tp: [0, 1], tn: [0.5, -0.5], sw: false, eps: 1e-6,
};

const point = [(s) => { const a = list(s); return a?.length === 2 ? a : undefined; }, fmtList];
export const EMBEDDING_CODEC = {
  u: point, v: point, ta: point, tp: point, tn: point,
  cy: [num, String],
  sw: [(s) => s === '1', (v) => (v ? '1' : '0')],
  eps: [num, String],
};

const onGrid = (step) => (v) => Math.round(v / step) * step;
const snapped = (v, { min, max, step }) => round(clamp(onGrid(step)(v), min, max));

/** Makes the embedding keys valid whatever came in; `kind` is the loss's kind ('cosine', 'triplet' or
 *  another), which decides the range of the shared keys margin and p. */
export function sanitizeEmbedding(st, kind) {
  for (const key of ['u', 'v', 'ta', 'tp', 'tn']) {
    const fallback = EMBEDDING_DEFAULTS[key];
    st[key] = [0, 1].map((i) => snapCoord(finite(st[key]?.[i], fallback[i])));
  }
  st.cy = COSINE_LABELS.includes(st.cy) ? st.cy : EMBEDDING_DEFAULTS.cy;
  st.sw = st.sw === true;
  st.eps = TRIPLET_EPS.includes(st.eps) ? st.eps : EMBEDDING_DEFAULTS.eps;
  if (kind === 'cosine') st.margin = snapped(finite(st.margin, 0), COSINE_MARGIN);
  if (kind === 'triplet') {
    st.margin = snapped(finite(st.margin, 1), TRIPLET_MARGIN);
    st.p = snapped(finite(st.p, 2), TRIPLET_P);
  }
}
