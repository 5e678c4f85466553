// The embedding explorers' numbers, every one from the package (no DOM, importable in Node):
// - cosine: the pair's loss and gradients; its cosine, read off the package as 1 − the loss of the same
//   pair labelled y = +1; the loss under each label; the margin band, found by bisection on the
//   package's own y = −1 loss as x2 turns around x1.
// - triplet: the loss and the three gradients; the distances d(a, p), d(a, n), d(p, n), each the loss of
//   a call built so that it equals that distance (see distance()); the branch swap takes.
// Geometry for drawing (directions, the p-norm rings' shapes) is in plane-scenes.js.
import { COSINE_LABELS } from './embedding-state.js';

const pair = (a) => Float64Array.from(a);
const ONE = [1, 2]; // one row of two coordinates

/** The package's CosineEmbeddingLoss of one pair (x1, x2) with label y: { loss, grad, grad2 }. */
export function cosineCall(ml, x1, x2, y, margin) {
  const r = ml.cosineEmbeddingLoss(pair(x1), pair(x2), [y], { shape: ONE, margin });
  return { loss: r.loss, grad: Array.from(r.grad), grad2: Array.from(r.grad2) };
}

/** cos(x1, x2) as the package computes it (its ε included): the y = +1 loss is 1 − cos. */
export const packageCosine = (ml, x1, x2) => 1 - cosineCall(ml, x1, x2, 1, 0).loss;

const bands = new WeakMap();
/**
 * The margin band around x1: the directions of x2 at which the package charges a y = −1 pair
 * (loss > 0, i.e. cos > margin), as the half-width `half` (radians, 0 … π) of the wedge centred on x1's
 * direction. The cosine falls as x2 turns away from x1, so the y = −1 loss is positive on one interval
 * [0, half) of turning angles, found by bisection on package calls with a unit-length x2.
 */
export function cosineBand(ml, x1, margin) {
  if (!bands.has(ml)) bands.set(ml, new Map());
  const cache = bands.get(ml);
  const key = `${x1}|${margin}`;
  if (cache.has(key)) return cache.get(key);
  const from = Math.atan2(x1[1], x1[0]); // x1's direction; any direction when x1 = 0 (every cosine is 0)
  const pays = (delta) => cosineCall(ml, x1, [Math.cos(from + delta), Math.sin(from + delta)], -1, margin).loss > 0;
  let half;
  if (!pays(0)) half = 0;
  else if (pays(Math.PI)) half = Math.PI;
  else {
    let lo = 0;
    let hi = Math.PI;
    for (let k = 0; k < 48; k++) {
      const mid = (lo + hi) / 2;
      if (pays(mid)) lo = mid; else hi = mid;
    }
    half = (lo + hi) / 2;
  }
  const band = { from, half };
  cache.set(key, band);
  return band;
}

/** Everything the cosine explorer shows for state `st` (u = x1, v = x2, cy = y). */
export function cosineNumbers(ml, st) {
  const here = cosineCall(ml, st.u, st.v, st.cy, st.margin);
  const byLabel = Object.fromEntries(COSINE_LABELS.map((y) => [y, y === st.cy ? here : cosineCall(ml, st.u, st.v, y, st.margin)]));
  const cos = 1 - byLabel[1].loss;
  return {
    x1: st.u, x2: st.v, y: st.cy, margin: st.margin,
    ...here, cos, byLabel,
    // The angle the package's cosine stands for, for display (acos of a cosine rounded past ±1 is NaN).
    angle: (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI,
    band: cosineBand(ml, st.u, st.margin),
  };
}

/** The package's TripletMarginLoss options for the state. */
const tripletOptions = (st) => ({ shape: ONE, margin: st.margin, p: st.p, eps: st.eps, swap: st.sw });

/** The package's TripletMarginLoss of one triplet: { loss, grad, grad2, grad3 }. */
export function tripletCall(ml, a, p, n, options) {
  const r = ml.tripletMarginLoss(pair(a), pair(p), pair(n), options);
  return { loss: r.loss, grad: Array.from(r.grad), grad2: Array.from(r.grad2), grad3: Array.from(r.grad3) };
}

/**
 * d(x, z) = ‖x − z + eps‖_p as the package computes it (its eps, p and rounding), read off a triplet
 * call: with margin 0 and the negative at x + eps, where d(x, negative) vanishes (exactly for eps = 0,
 * within rounding of x otherwise, ~1e−16), the loss max(0, d(x, z) − d(x, negative)) is d(x, z).
 */
export function distance(ml, x, z, { p, eps }) {
  const atZero = x.map((v) => v + eps);
  return ml.tripletMarginLoss(pair(x), pair(z), pair(atZero), { shape: ONE, margin: 0, p, eps, grad: false }).loss;
}

/** The one package call the explorer makes for the state's pair or triplet (what the page times). */
export function embeddingCall(ml, st) {
  return st.loss === 'cosineEmbedding' ? cosineCall(ml, st.u, st.v, st.cy, st.margin) : tripletCall(ml, st.ta, st.tp, st.tn, tripletOptions(st));
}

/** Everything the triplet explorer shows for state `st` (ta, tp, tn: anchor, positive, negative). */
export function tripletNumbers(ml, st) {
  const options = tripletOptions(st);
  const here = tripletCall(ml, st.ta, st.tp, st.tn, options);
  const dPos = distance(ml, st.ta, st.tp, options);
  const dAN = distance(ml, st.ta, st.tn, options);
  const dPN = distance(ml, st.tp, st.tn, options);
  // Which distance is d⁻: d(a, n), or with swap the smaller of d(a, n) and d(p, n) (a tie splits).
  const branch = !st.sw || dAN < dPN ? 'an' : dPN < dAN ? 'pn' : 'tie';
  return {
    a: st.ta, pos: st.tp, neg: st.tn, margin: st.margin, p: st.p, eps: st.eps, swap: st.sw,
    ...here, dPos, dAN, dPN, branch, dNeg: branch === 'pn' ? dPN : dAN,
  };
}
