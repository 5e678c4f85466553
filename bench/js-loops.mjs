// The competitor a JavaScript engineer would write: one tight loop per loss, the same formula as
// marginloss (reduction 'mean', float32 arrays in), computed in JavaScript numbers with Math.exp and
// Math.log1p: e^x once per element, reciprocals hoisted out of the loops, the gradient written into a
// Float32Array the caller allocates once and reuses, as a training loop would. Stable softplus:
// max(z, 0) + log1p(e^-|z|), and sigmoid(z) from the same e^-|z|. The worker checks each against
// marginloss before timing it, so both sides do the same work.

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

/**
 * A closure for calls of the JS loop of `loss` on `inputs`; `out` ({ grad, grad2? } typed arrays reused
 * by every call) receives the gradients, or is null for the forward pass only.
 */
export function jsCall(loss, inputs, out) {
  const { x, x2, y, t, rows, classes } = inputs;
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
    default: throw new Error(`no JS loop for ${loss.key}`);
  }
}
