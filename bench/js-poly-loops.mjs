// The second JavaScript competitor: the tight loops of js-loops.mjs with e^x and log1p evaluated by
// float32-grade polynomials instead of Math.exp and Math.log1p, the trade marginloss's own kernels make
// (results good to float32, not to double). Only the losses whose formula needs e^x or log1p have one;
// the others are the same loop as js-loops.mjs. bench/native/call_loops.c uses the same polynomials.

// 2^k for k in [-150, 0].
const POW2 = Float64Array.from({ length: 151 }, (_, i) => 2 ** (i - 150));
// Adding and subtracting 1.5 * 2^52 rounds a double to the nearest integer.
const ROUND = 6755399441055744;

/**
 * e^-a for a >= 0: e^-a = 2^k e^r with k = round(-a / ln2), |r| <= ln2 / 2, and e^r by a degree-5
 * polynomial fitted for relative error on that interval (7.6e-8 at most). a is clamped to 103, where
 * e^-a is below float32's smallest subnormal: beyond it every use here adds nothing a float32 holds.
 */
function expNeg(a) {
  const t = (a < 103 ? a : 103) * -Math.LOG2E;
  const k = t + ROUND - ROUND;
  const r = (t - k) * Math.LN2;
  const p = 1.000000071376958 + r * (0.9999996925740714 + r * (0.4999889749547297 + r * (0.16667574862426815 +
    r * (0.041915101077220455 + r * 0.008297524169318683))));
  return p * POW2[(k | 0) + 150];
}

/** log1p(e) for e in [0, 1]: e q(e), q of degree 8 fitted for relative error on [0, 1] (3.1e-8 at most). */
function log1pUnit(e) {
  return e * (0.9999999694579482 + e * (-0.49999490910755895 + e * (0.333190655464185 + e * (-0.24842793521960607 +
    e * (0.19105418386231823 + e * (-0.13662226104217715 + e * (0.07821607585521083 + e * (-0.029500263649285458 +
    e * 0.00523168609640752))))))));
}

export function softMarginLoss(x, y, grad) {
  const n = x.length;
  const scale = 1 / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = -y[i] * x[i];
    const e = expNeg(Math.abs(z));
    sum += Math.max(z, 0) + log1pUnit(e);
    if (grad !== null) grad[i] = (-y[i] * scale * (z >= 0 ? 1 : e)) / (1 + e);
  }
  return { loss: sum * scale, grad };
}

// BCE with logits and multi-label soft margin: softplus(x) - y x; gradient (sigmoid(x) - y) / n.
export function logisticLoss(x, y, grad) {
  const n = x.length;
  const scale = 1 / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const e = expNeg(Math.abs(v));
    sum += Math.max(v, 0) + log1pUnit(e) - y[i] * v;
    if (grad !== null) grad[i] = ((v >= 0 ? 1 : e) / (1 + e) - y[i]) * scale;
  }
  return { loss: sum * scale, grad };
}

// Per row: logsumexp - x[target] (one Math.log per row; the polynomial takes the per-element e^x).
export function crossEntropyLoss(x, target, rows, classes, grad) {
  const scale = 1 / rows;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    const end = base + classes;
    let max = -Infinity;
    for (let i = base; i < end; i++) if (x[i] > max) max = x[i];
    let sum = 0;
    if (grad !== null) {
      for (let i = base; i < end; i++) {
        const e = expNeg(max - x[i]);
        grad[i] = e;
        sum += e;
      }
      const toGrad = scale / sum;
      for (let i = base; i < end; i++) grad[i] *= toGrad;
      grad[base + target[r]] -= scale;
    } else {
      for (let i = base; i < end; i++) sum += expNeg(max - x[i]);
    }
    total += max + Math.log(sum) - x[base + target[r]];
  }
  return { loss: total * scale, grad };
}

/**
 * A closure for calls of the polynomial loop of `loss` on `inputs` (gradients into `out.grad`, or the
 * forward pass only when `out` is null); null for the losses without e^x or log1p.
 */
export function jsPolyCall(loss, inputs, out) {
  const { x, y, t, rows, classes } = inputs;
  const grad = out?.grad ?? null;
  switch (loss.key) {
    case 'softMargin': return () => softMarginLoss(x, y, grad);
    case 'bceWithLogits':
    case 'multilabelSoftMargin': return () => logisticLoss(x, y, grad);
    case 'crossEntropy': return () => crossEntropyLoss(x, t, rows, classes, grad);
    default: return null;
  }
}
