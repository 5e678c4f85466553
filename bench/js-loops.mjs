// The baseline a JavaScript developer would write: one plain loop per loss, the same formula as
// marginloss (reduction 'mean', float32 arrays in, a fresh Float32Array gradient out), computed in
// JavaScript numbers with Math.exp / Math.log1p. Stable softplus: max(z, 0) + log1p(exp(-|z|)).
// run.mjs checks each against marginloss before timing it, so both sides do the same work.

export function softMarginLoss(x, y, withGrad) {
  const n = x.length;
  const grad = withGrad ? new Float32Array(n) : null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = -y[i] * x[i];
    const e = Math.exp(-Math.abs(z));
    sum += Math.max(z, 0) + Math.log1p(e);
    if (grad) {
      const sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      grad[i] = (-y[i] * sigmoid) / n;
    }
  }
  return { loss: sum / n, grad };
}

export function bceWithLogitsLoss(x, y, withGrad) {
  const n = x.length;
  const grad = withGrad ? new Float32Array(n) : null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(-Math.abs(x[i]));
    // (1 - y) x + softplus(-x)
    sum += (1 - y[i]) * x[i] + Math.max(-x[i], 0) + Math.log1p(e);
    if (grad) {
      const sigmoid = x[i] >= 0 ? 1 / (1 + e) : e / (1 + e);
      grad[i] = (sigmoid - y[i]) / n;
    }
  }
  return { loss: sum / n, grad };
}

export function multilabelSoftMarginLoss(x, y, rows, classes, withGrad) {
  const grad = withGrad ? new Float32Array(x.length) : null;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let row = 0;
    for (let c = 0; c < classes; c++) {
      const i = r * classes + c;
      const e = Math.exp(-Math.abs(x[i]));
      const log1pe = Math.log1p(e);
      // y softplus(-x) + (1 - y) softplus(x)
      row += y[i] * (Math.max(-x[i], 0) + log1pe) + (1 - y[i]) * (Math.max(x[i], 0) + log1pe);
      if (grad) {
        const sigmoid = x[i] >= 0 ? 1 / (1 + e) : e / (1 + e);
        grad[i] = (sigmoid - y[i]) / classes / rows;
      }
    }
    total += row / classes;
  }
  return { loss: total / rows, grad };
}

// p = 1, margin = 1, no weights.
export function multiMarginLoss(x, target, rows, classes, withGrad) {
  const grad = withGrad ? new Float32Array(x.length) : null;
  const scale = 1 / (classes * rows);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    const t = target[r];
    const xt = x[base + t];
    let row = 0;
    let active = 0;
    for (let i = 0; i < classes; i++) {
      if (i === t) continue;
      const z = 1 - xt + x[base + i];
      if (z > 0) {
        row += z;
        active++;
        if (grad) grad[base + i] = scale;
      }
    }
    if (grad) grad[base + t] = -active * scale;
    total += row / classes;
  }
  return { loss: total / rows, grad };
}

// Each target row lists class indices, ended by the first -1.
export function multilabelMarginLoss(x, target, rows, classes, withGrad) {
  const grad = withGrad ? new Float32Array(x.length) : null;
  const isTarget = new Uint8Array(classes);
  const scale = 1 / (classes * rows);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    isTarget.fill(0);
    let length = 0;
    while (length < classes && target[base + length] >= 0) {
      isTarget[target[base + length]] = 1;
      length++;
    }
    let row = 0;
    for (let k = 0; k < length; k++) {
      const j = target[base + k];
      for (let i = 0; i < classes; i++) {
        if (isTarget[i]) continue;
        const z = 1 - x[base + j] + x[base + i];
        if (z > 0) {
          row += z;
          if (grad) {
            grad[base + j] -= scale;
            grad[base + i] += scale;
          }
        }
      }
    }
    total += row / classes;
  }
  return { loss: total / rows, grad };
}

export function crossEntropyLoss(x, target, rows, classes, withGrad) {
  const grad = withGrad ? new Float32Array(x.length) : null;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, x[base + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(x[base + c] - max);
    const logSumExp = max + Math.log(sum);
    total += logSumExp - x[base + target[r]];
    if (grad) {
      for (let c = 0; c < classes; c++) {
        const softmax = Math.exp(x[base + c] - logSumExp);
        grad[base + c] = (softmax - (c === target[r] ? 1 : 0)) / rows;
      }
    }
  }
  return { loss: total / rows, grad };
}

// margin = 1: y = 1 gives x, y = -1 gives max(0, 1 - x).
export function hingeEmbeddingLoss(x, y, withGrad) {
  const n = x.length;
  const grad = withGrad ? new Float32Array(n) : null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) {
      sum += x[i];
      if (grad) grad[i] = 1 / n;
    } else {
      const a = 1 - x[i];
      sum += Math.max(a, 0);
      if (grad) grad[i] = a >= 0 ? -1 / n : 0;
    }
  }
  return { loss: sum / n, grad };
}

// margin = 0: max(0, -y (x1 - x2)).
export function marginRankingLoss(x1, x2, y, withGrad) {
  const n = x1.length;
  const grad = withGrad ? new Float32Array(n) : null;
  const grad2 = withGrad ? new Float32Array(n) : null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = -y[i] * (x1[i] - x2[i]);
    sum += Math.max(v, 0);
    if (grad && v >= 0) {
      grad[i] = -y[i] / n;
      grad2[i] = y[i] / n;
    }
  }
  return { loss: sum / n, grad, grad2 };
}

/** A closure for one call of the JS loop of `loss` on `inputs`. */
export function jsCall(loss, inputs, withGrad) {
  const { x, x2, y, t, rows, classes } = inputs;
  switch (loss.key) {
    case 'softMargin': return () => softMarginLoss(x, y, withGrad);
    case 'bceWithLogits': return () => bceWithLogitsLoss(x, y, withGrad);
    case 'multilabelSoftMargin': return () => multilabelSoftMarginLoss(x, y, rows, classes, withGrad);
    case 'multiMargin': return () => multiMarginLoss(x, t, rows, classes, withGrad);
    case 'multilabelMargin': return () => multilabelMarginLoss(x, t, rows, classes, withGrad);
    case 'crossEntropy': return () => crossEntropyLoss(x, t, rows, classes, withGrad);
    case 'hingeEmbedding': return () => hingeEmbeddingLoss(x, y, withGrad);
    case 'marginRanking': return () => marginRankingLoss(x, x2, y, withGrad);
    default: throw new Error(`no JS loop for ${loss.key}`);
  }
}
