// A two-layer classifier on plain typed arrays, trained with marginloss's crossEntropyLoss:
//
//   hidden = relu(x · W1 + b1)        x: (batch, inputs)   W1: (inputs, hidden)
//   logits = hidden · W2 + b2                              W2: (hidden, classes)
//   loss   = crossEntropyLoss(logits, labels)
//
// marginloss gives the loss and d loss / d logits in one call; the backward pass below carries that
// gradient back to every parameter by the chain rule. Every buffer is allocated once, for the largest
// batch, and reused each step (options.out for marginloss's gradient): a step allocates no arrays.
// It runs anywhere JavaScript does: the Node example and the browser worker both use it.

// out (rows × cols) = a (rows × inner) · b (inner × cols) + bias (cols), row-major.
function matMulAddBias(out, a, b, bias, rows, inner, cols) {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = bias[c];
      for (let k = 0; k < inner; k++) sum += a[r * inner + k] * b[k * cols + c];
      out[r * cols + c] = sum;
    }
  }
}

// out (inner × cols) = aᵀ · g, with a (rows × inner) and g (rows × cols): a weight's gradient.
function transposedTimes(out, a, g, rows, inner, cols) {
  out.fill(0);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < inner; k++) {
      const ark = a[r * inner + k];
      for (let c = 0; c < cols; c++) out[k * cols + c] += ark * g[r * cols + c];
    }
  }
}

// out (cols) = the column sums of g (rows × cols): a bias's gradient.
function columnSums(out, g, rows, cols) {
  out.fill(0);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c] += g[r * cols + c];
}

// Uniform in ±sqrt(6 / fanIn) (He initialisation, for ReLU layers).
function initialWeights(random, fanIn, fanOut) {
  const limit = Math.sqrt(6 / fanIn);
  return Float32Array.from({ length: fanIn * fanOut }, () => (2 * random() - 1) * limit);
}

export class TwoLayerNet {
  constructor({ inputs, hidden, classes, maxBatch, random }) {
    Object.assign(this, { inputs, hidden, classes });
    this.W1 = initialWeights(random, inputs, hidden);
    this.b1 = new Float32Array(hidden);
    this.W2 = initialWeights(random, hidden, classes);
    this.b2 = new Float32Array(classes);
    // Activations, kept from the forward pass for the backward pass.
    this.preActivation = new Float32Array(maxBatch * hidden);
    this.hiddenOut = new Float32Array(maxBatch * hidden);
    this.logits = new Float32Array(maxBatch * classes);
    // Gradients: d loss / d (each of the above), and of each parameter.
    this.dLogits = new Float32Array(maxBatch * classes);
    this.dHidden = new Float32Array(maxBatch * hidden);
    this.dW1 = new Float32Array(inputs * hidden);
    this.db1 = new Float32Array(hidden);
    this.dW2 = new Float32Array(hidden * classes);
    this.db2 = new Float32Array(classes);
  }

  // The logits of `batch` rows of `x`, in this.logits (and the activations the backward pass needs).
  forward(x, batch) {
    const { inputs, hidden, classes } = this;
    matMulAddBias(this.preActivation, x, this.W1, this.b1, batch, inputs, hidden);
    for (let i = 0; i < batch * hidden; i++) this.hiddenOut[i] = Math.max(0, this.preActivation[i]);
    matMulAddBias(this.logits, this.hiddenOut, this.W2, this.b2, batch, hidden, classes);
    return this.logits.subarray(0, batch * classes);
  }

  // One step of gradient descent on the mean cross-entropy of `labels` (Int32Array); returns the loss.
  step(ml, x, labels, learningRate) {
    const batch = labels.length;
    const { inputs, hidden, classes } = this;
    const logits = this.forward(x, batch);
    const dLogits = this.dLogits.subarray(0, batch * classes);

    // 1. marginloss: the loss, and d loss / d logits written into dLogits.
    const { loss } = ml.crossEntropyLoss(logits, labels, { shape: [batch, classes], out: { grad: dLogits } });

    // 2. logits = hidden · W2 + b2:  dW2 = hiddenᵀ · dLogits,  db2 = Σ_rows dLogits,  dHidden = dLogits · W2ᵀ.
    transposedTimes(this.dW2, this.hiddenOut, dLogits, batch, hidden, classes);
    columnSums(this.db2, dLogits, batch, classes);
    const dHidden = this.dHidden;
    for (let r = 0; r < batch; r++) {
      for (let h = 0; h < hidden; h++) {
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += dLogits[r * classes + c] * this.W2[h * classes + c];
        // 3. hidden = relu(preActivation): the gradient passes where the unit was active.
        dHidden[r * hidden + h] = this.preActivation[r * hidden + h] > 0 ? sum : 0;
      }
    }

    // 4. preActivation = x · W1 + b1:  dW1 = xᵀ · dPreActivation,  db1 = Σ_rows dPreActivation.
    transposedTimes(this.dW1, x, dHidden, batch, inputs, hidden);
    columnSums(this.db1, dHidden, batch, hidden);

    // 5. Gradient descent on every parameter.
    for (const [p, dp] of [[this.W1, this.dW1], [this.b1, this.db1], [this.W2, this.dW2], [this.b2, this.db2]]) {
      for (let i = 0; i < p.length; i++) p[i] -= learningRate * dp[i];
    }
    return loss;
  }

  // The fraction of `labels` the largest logit gets right.
  accuracy(x, labels) {
    const { classes } = this;
    const logits = this.forward(x, labels.length);
    let right = 0;
    for (let r = 0; r < labels.length; r++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (logits[r * classes + c] > logits[r * classes + best]) best = c;
      if (best === labels[r]) right++;
    }
    return right / labels.length;
  }
}
