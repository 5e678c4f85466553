// The competitor a JavaScript engineer would write: one tight loop per loss, the same formula as
// marginloss (reduction 'mean', float32 arrays in), computed in JavaScript numbers with Math.exp and
// Math.log1p: e^x once per element, reciprocals hoisted out of the loops, the gradient written into a
// Float32Array the caller allocates once and reuses, as a training loop would. Stable softplus:
// max(z, 0) + log1p(e^-|z|), and sigmoid(z) from the same e^-|z|. The embedding losses need no e^x, only
// one Math.sqrt per row and distance. The worker checks each against marginloss before timing it, so
// both sides do the same work.

export function softMarginLoss(x, y, grad) {
  const n = x.length;
  const scale = 1 / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = -y[i] * x[i];
    const e = Math.exp(-Math.abs(z));
    sum += Math.max(z, 0) + Math.log1p(e);
    if (grad !== null) grad[i] = (-y[i] * scale * (z >= 0 ? 1 : e)) / (1 + e);
  }
  return { loss: sum * scale, grad };
}

// BCE with logits, and multi-label soft margin (the same mean over rows of equal length): per element
// softplus(x) - y x, whose gradient is (sigmoid(x) - y) / n.
export function logisticLoss(x, y, grad) {
  const n = x.length;
  const scale = 1 / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const e = Math.exp(-Math.abs(v));
    sum += Math.max(v, 0) + Math.log1p(e) - y[i] * v;
    if (grad !== null) grad[i] = ((v >= 0 ? 1 : e) / (1 + e) - y[i]) * scale;
  }
  return { loss: sum * scale, grad };
}

// Per row: logsumexp - x[target]. The gradient buffer holds the row's e^(x - max) until it is scaled
// into softmax / rows.
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
        const e = Math.exp(x[i] - max);
        grad[i] = e;
        sum += e;
      }
      const toGrad = scale / sum;
      for (let i = base; i < end; i++) grad[i] *= toGrad;
      grad[base + target[r]] -= scale;
    } else {
      for (let i = base; i < end; i++) sum += Math.exp(x[i] - max);
    }
    total += max + Math.log(sum) - x[base + target[r]];
  }
  return { loss: total * scale, grad };
}

// p = 1, margin = 1, no weights: per row, the sum over i != target of max(0, 1 - x[target] + x[i]).
export function multiMarginLoss(x, target, rows, classes, grad) {
  const scale = 1 / (classes * rows);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    const t = base + target[r];
    const shift = 1 - x[t];
    let active = 0;
    for (let i = base; i < base + classes; i++) {
      const z = shift + x[i];
      if (z > 0 && i !== t) {
        total += z;
        active++;
        if (grad !== null) grad[i] = scale;
      } else if (grad !== null) {
        grad[i] = 0;
      }
    }
    if (grad !== null) grad[t] = -active * scale;
  }
  return { loss: total * scale, grad };
}

// Each target row lists class indices, ended by the first -1. isTarget: one row's flags, kept between calls.
let isTarget = new Uint8Array(0);
export function multilabelMarginLoss(x, target, rows, classes, grad) {
  if (isTarget.length < classes) isTarget = new Uint8Array(classes);
  const scale = 1 / (classes * rows);
  if (grad !== null) grad.fill(0);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    isTarget.fill(0, 0, classes);
    let listed = 0;
    while (listed < classes && target[base + listed] >= 0) isTarget[target[base + listed++]] = 1;
    for (let k = 0; k < listed; k++) {
      const j = base + target[base + k];
      const shift = 1 - x[j];
      let active = 0;
      for (let i = 0; i < classes; i++) {
        if (isTarget[i]) continue;
        const z = shift + x[base + i];
        if (z > 0) {
          total += z;
          active++;
          if (grad !== null) grad[base + i] += scale;
        }
      }
      if (grad !== null) grad[j] -= active * scale;
    }
  }
  return { loss: total * scale, grad };
}

// margin = 1: y = 1 gives x, y = -1 gives max(0, 1 - x).
export function hingeEmbeddingLoss(x, y, grad) {
  const n = x.length;
  const scale = 1 / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) {
      sum += x[i];
      if (grad !== null) grad[i] = scale;
    } else {
      const a = 1 - x[i];
      if (a > 0) sum += a;
      if (grad !== null) grad[i] = a >= 0 ? -scale : 0;
    }
  }
  return { loss: sum * scale, grad };
}

// margin = 0: max(0, -y (x1 - x2)).
export function marginRankingLoss(x1, x2, y, grad, grad2) {
  const n = x1.length;
  const scale = 1 / n;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = -y[i] * (x1[i] - x2[i]);
    if (v > 0) sum += v;
    if (grad !== null) {
      const g = v >= 0 ? -y[i] * scale : 0;
      grad[i] = g;
      grad2[i] = -g;
    }
  }
  return { loss: sum * scale, grad, grad2 };
}

// PyTorch's epsilon, 1e-12 as a float32, added to each squared norm.
const COSINE_EPS = Math.fround(1e-12);

// margin 0, labels one per row: per row s = x1.x2, m1 = |x1|^2 + eps, m2 = |x2|^2 + eps (one pass: the
// three dot products), cos = s / sqrt(m1 m2); 1 - cos for y = 1, max(0, cos) for y = -1. The gradient
// rows a (x2 / sqrt(m1 m2) - cos x1 / m1) and a (x1 / sqrt(m1 m2) - cos x2 / m2), with a = -1/N for
// y = 1 and 1/N where y = -1 and cos >= 0; zeros otherwise.
export function cosineEmbeddingLoss(x1, x2, y, rows, dim, grad, grad2) {
  const scale = 1 / rows;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    const end = base + dim;
    let s = 0;
    let q1 = 0;
    let q2 = 0;
    for (let i = base; i < end; i++) {
      const u = x1[i];
      const v = x2[i];
      s += u * v;
      q1 += u * u;
      q2 += v * v;
    }
    const m1 = q1 + COSINE_EPS;
    const m2 = q2 + COSINE_EPS;
    const inverse = 1 / Math.sqrt(m1 * m2);
    const cos = s * inverse;
    let a = 0;
    if (y[r] === 1) {
      total += 1 - cos;
      a = -scale;
    } else if (y[r] === -1 && cos >= 0) {
      total += cos;
      a = scale;
    }
    if (grad === null) continue;
    if (a === 0) {
      grad.fill(0, base, end);
      grad2.fill(0, base, end);
    } else {
      const k = a * inverse;
      const k1 = (a * cos) / m1;
      const k2 = (a * cos) / m2;
      for (let i = base; i < end; i++) {
        const u = x1[i];
        const v = x2[i];
        grad[i] = k * v - k1 * u;
        grad2[i] = k * u - k2 * v;
      }
    }
  }
  return { loss: total * scale, grad, grad2 };
}

// F.pairwise_distance's eps (its default 1e-6, as a float32), added to every coordinate of a difference.
const TRIPLET_EPS = Math.fround(1e-6);

// margin 1, p = 2, no swap: per row d+ = |a - pos + eps|, d- = |a - neg + eps| (one pass), loss
// max(0, 1 + d+ - d-). Where that is >= 0: gp = (a - pos + eps) / (N d+), gn = (a - neg + eps) / (N d-),
// and the gradients gp - gn, -gp, gn (a distance of 0 contributes 0); zeros elsewhere. The first pass
// keeps the differences in the positive's and negative's gradient rows, so none is computed twice.
export function tripletMarginLoss(anchor, positive, negative, rows, dim, grad, grad2, grad3) {
  const scale = 1 / rows;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    const end = base + dim;
    let sp = 0;
    let sn = 0;
    if (grad === null) {
      for (let i = base; i < end; i++) {
        const dp = anchor[i] - positive[i] + TRIPLET_EPS;
        const dn = anchor[i] - negative[i] + TRIPLET_EPS;
        sp += dp * dp;
        sn += dn * dn;
      }
    } else {
      for (let i = base; i < end; i++) {
        const dp = anchor[i] - positive[i] + TRIPLET_EPS;
        const dn = anchor[i] - negative[i] + TRIPLET_EPS;
        grad2[i] = dp;
        grad3[i] = dn;
        sp += dp * dp;
        sn += dn * dn;
      }
    }
    const dPos = Math.sqrt(sp);
    const dNeg = Math.sqrt(sn);
    const z = 1 + dPos - dNeg;
    if (z >= 0) total += z;
    if (grad === null) continue;
    if (z >= 0) {
      const kp = dPos > 0 ? scale / dPos : 0;
      const kn = dNeg > 0 ? scale / dNeg : 0;
      for (let i = base; i < end; i++) {
        const gp = kp * grad2[i];
        const gn = kn * grad3[i];
        grad[i] = gp - gn;
        grad2[i] = -gp;
        grad3[i] = gn;
      }
    } else {
      grad.fill(0, base, end);
      grad2.fill(0, base, end);
      grad3.fill(0, base, end);
    }
  }
  return { loss: total * scale, grad, grad2, grad3 };
}

/**
 * A closure for calls of the JS loop of `loss` on `inputs`; `out` ({ grad, grad2?, grad3? } typed arrays
 * reused by every call) receives the gradients, or is null for the forward pass only.
 */
export function jsCall(loss, inputs, out) {
  const { x, x2, x3, y, t, rows, classes } = inputs;
  const grad = out?.grad ?? null;
  switch (loss.key) {
    case 'softMargin': return () => softMarginLoss(x, y, grad);
    case 'bceWithLogits':
    case 'multilabelSoftMargin': return () => logisticLoss(x, y, grad);
    case 'multiMargin': return () => multiMarginLoss(x, t, rows, classes, grad);
    case 'multilabelMargin': return () => multilabelMarginLoss(x, t, rows, classes, grad);
    case 'crossEntropy': return () => crossEntropyLoss(x, t, rows, classes, grad);
    case 'hingeEmbedding': return () => hingeEmbeddingLoss(x, y, grad);
    case 'marginRanking': return () => marginRankingLoss(x, x2, y, grad, out?.grad2 ?? null);
    case 'cosineEmbedding': return () => cosineEmbeddingLoss(x, x2, y, rows, classes, grad, out?.grad2 ?? null);
    case 'tripletMargin':
      return () => tripletMarginLoss(x, x2, x3, rows, classes, grad, out?.grad2 ?? null, out?.grad3 ?? null);
    default: throw new Error(`no JS loop for ${loss.key}`);
  }
}
