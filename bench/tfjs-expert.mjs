// TensorFlow.js the way an expert would use it for a training step: the inputs made into tensors once
// and kept (as a model's activations would be), constants precomputed, the gradient written out
// analytically with tf ops (sigmoid, softplus, softmax, step, rsqrt) instead of autodiff, and the results
// read back once at the end of the call. Each loss's own formula, so every one is checked against
// marginloss (hingeEmbedding included, unlike tfjs's hingeLoss). multilabelMargin's pairs over a per-row
// target list have no tensor formulation short of materialising every pair: it has none.
import { shaped } from './cases.mjs';

/**
 * Returns { fn: () => { loss, grad, grad2?, grad3? }, free } for `loss` on `inputs` on the active
 * backend, or null when there is no expert version.
 */
export function tfjsExpertCall(tf, loss, inputs, withGrad) {
  const { x, x2, x3, y, t, rows, classes, n } = inputs;
  const shape = shaped(loss) ? [rows, classes] : [n];
  // The resident tensors: made inside one tf.tidy, which disposes the intermediates of their making.
  const resident = [];
  const keep = (tensor) => {
    resident.push(tf.keep(tensor));
    return tensor;
  };
  // body() returns [loss] or [loss, grad(, grad2(, grad3))] as tensors, inside tf.tidy.
  const body = tf.tidy(() => expertBody(tf, loss, { x, x2, x3, y, t, rows, classes, n, shape }, withGrad, keep));
  if (!body) {
    tf.dispose(resident);
    return null;
  }
  const fn = () => {
    const tensors = tf.tidy(body);
    const result = {
      loss: tensors[0].dataSync()[0],
      grad: withGrad ? tensors[1].dataSync() : null,
      grad2: tensors[2] ? tensors[2].dataSync() : undefined,
      grad3: tensors[3] ? tensors[3].dataSync() : undefined,
    };
    tf.dispose(tensors);
    return result;
  };
  return { fn, free: () => tf.dispose(resident) };
}

function expertBody(tf, loss, { x, x2, x3, y, t, rows, classes, n, shape }, withGrad, keep) {
  const scalar = (v) => keep(tf.scalar(v, 'float32'));
  const one = scalar(1);
  const xT = keep(tf.tensor(x, shape, 'float32'));
  const oneHot = () => tf.cast(tf.oneHot(tf.tensor1d(t, 'int32'), classes), 'float32');
  const targetIndices = () => keep(tf.tensor2d(Array.from(t, (c, r) => [r, c]), [rows, 2], 'int32'));
  let body = null;
  switch (loss.key) {
    case 'softMargin': {
      // softplus(-y x); gradient -y sigmoid(-y x) / n.
      const negY = keep(tf.tensor(y.map((v) => -v), shape, 'float32'));
      const negYOverN = keep(tf.div(negY, n));
      body = () => {
        const z = tf.mul(negY, xT);
        const value = tf.mean(tf.softplus(z));
        return withGrad ? [value, tf.mul(negYOverN, tf.sigmoid(z))] : [value];
      };
      break;
    }
    case 'bceWithLogits':
    case 'multilabelSoftMargin': {
      // softplus(x) - y x (the mean over rows of equal length is the mean over all); gradient (sigmoid(x) - y) / n.
      const yT = keep(tf.tensor(y, shape, 'float32'));
      const invN = scalar(1 / n);
      body = () => {
        const value = tf.mean(tf.sub(tf.softplus(xT), tf.mul(yT, xT)));
        return withGrad ? [value, tf.mul(tf.sub(tf.sigmoid(xT), yT), invN)] : [value];
      };
      break;
    }
    case 'crossEntropy': {
      // -log softmax(x)[target], averaged over rows; gradient (softmax - one-hot) / rows.
      const targets = keep(oneHot());
      const indices = targetIndices();
      const invRows = scalar(1 / rows);
      body = () => {
        const p = tf.softmax(xT);
        const value = tf.neg(tf.mean(tf.log(tf.gatherND(p, indices))));
        return withGrad ? [value, tf.mul(tf.sub(p, targets), invRows)] : [value];
      };
      break;
    }
    case 'multiMargin': {
      // max(0, 1 - x[target] + x[i]) over i != target, summed and divided by classes and rows.
      const notTarget = keep(tf.sub(one, oneHot()));
      const targets = keep(oneHot());
      const indices = targetIndices();
      const scale = scalar(1 / (rows * classes));
      body = () => {
        const z = tf.add(tf.sub(one, tf.expandDims(tf.gatherND(xT, indices), 1)), xT);
        const value = tf.mul(tf.sum(tf.mul(tf.relu(z), notTarget)), scale);
        if (!withGrad) return [value];
        const active = tf.mul(tf.step(z), notTarget);
        const grad = tf.mul(tf.sub(active, tf.mul(targets, tf.sum(active, 1, true))), scale);
        return [value, grad];
      };
      break;
    }
    case 'hingeEmbedding': {
      // margin 1: x where y = 1, max(0, 1 - x) elsewhere; gradient 1/n, or -1/n where 1 - x >= 0.
      const positive = keep(tf.equal(tf.tensor(y, shape, 'float32'), 1));
      const invN = keep(tf.fill(shape, 1 / n));
      const negInvN = scalar(-1 / n);
      body = () => {
        const slack = tf.sub(one, xT);
        const value = tf.mean(tf.where(positive, xT, tf.relu(slack)));
        if (!withGrad) return [value];
        return [value, tf.where(positive, invN, tf.mul(tf.step(slack), negInvN))];
      };
      break;
    }
    case 'marginRanking': {
      // margin 0: max(0, -y (x1 - x2)); gradients -y/n and y/n where that is positive.
      const x2T = keep(tf.tensor(x2, shape, 'float32'));
      const negY = keep(tf.tensor(y.map((v) => -v), shape, 'float32'));
      const negYOverN = keep(tf.div(negY, n));
      body = () => {
        const v = tf.mul(negY, tf.sub(xT, x2T));
        const value = tf.mean(tf.relu(v));
        if (!withGrad) return [value];
        const grad = tf.mul(tf.step(v), negYOverN);
        return [value, grad, tf.neg(grad)];
      };
      break;
    }
    case 'cosineEmbedding': {
      // margin 0. Per row cos = s / sqrt(m1 m2) (s = x1.x2, m = |x|^2 + eps); the mean of 1 - cos over
      // y = 1 and max(0, cos) over y = -1; gradients a (x2 / sqrt(m1 m2) - cos x1 / m1) and
      // a (x1 / sqrt(m1 m2) - cos x2 / m2) with a = -1/N for y = 1, 1/N where y = -1 and cos >= 0.
      const x2T = keep(tf.tensor(x2, shape, 'float32'));
      const labels = tf.tensor(y, [rows, 1], 'float32');
      const similar = keep(tf.cast(tf.equal(labels, 1), 'float32'));
      const dissimilar = keep(tf.cast(tf.equal(labels, -1), 'float32'));
      const similarGrad = keep(tf.mul(similar, -1 / rows));
      const dissimilarGrad = keep(tf.mul(dissimilar, 1 / rows));
      const eps = scalar(Math.fround(1e-12));
      const invRows = scalar(1 / rows);
      body = () => {
        const m1 = tf.add(tf.sum(tf.square(xT), 1, true), eps);
        const m2 = tf.add(tf.sum(tf.square(x2T), 1, true), eps);
        const inverse = tf.rsqrt(tf.mul(m1, m2));
        const cos = tf.mul(tf.sum(tf.mul(xT, x2T), 1, true), inverse);
        const perPair = tf.add(tf.mul(similar, tf.sub(one, cos)), tf.mul(dissimilar, tf.relu(cos)));
        const value = tf.mul(tf.sum(perPair), invRows);
        if (!withGrad) return [value];
        const a = tf.add(similarGrad, tf.mul(dissimilarGrad, tf.cast(tf.greaterEqual(cos, 0), 'float32')));
        const k = tf.mul(a, inverse);
        const aCos = tf.mul(a, cos);
        return [value, tf.sub(tf.mul(k, x2T), tf.mul(tf.div(aCos, m1), xT)),
          tf.sub(tf.mul(k, xT), tf.mul(tf.div(aCos, m2), x2T))];
      };
      break;
    }
    case 'tripletMargin': {
      // margin 1, p = 2, no swap: max(0, 1 + d+ - d-), d = |difference + eps|; where that is >= 0,
      // gp = (a - pos + eps) / (N d+), gn = (a - neg + eps) / (N d-), gradients gp - gn, -gp, gn.
      const positiveT = keep(tf.tensor(x2, shape, 'float32'));
      const negativeT = keep(tf.tensor(x3, shape, 'float32'));
      const eps = scalar(Math.fround(1e-6));
      const invRows = scalar(1 / rows);
      body = () => {
        const dp = tf.add(tf.sub(xT, positiveT), eps);
        const dn = tf.add(tf.sub(xT, negativeT), eps);
        const dPos = tf.sqrt(tf.sum(tf.square(dp), 1, true));
        const dNeg = tf.sqrt(tf.sum(tf.square(dn), 1, true));
        const z = tf.add(tf.sub(dPos, dNeg), one);
        const value = tf.mean(tf.relu(z));
        if (!withGrad) return [value];
        // Per row first (N values), then one multiply per element; a distance of 0 contributes 0.
        const active = tf.mul(tf.cast(tf.greaterEqual(z, 0), 'float32'), invRows);
        const gp = tf.mul(dp, tf.divNoNan(active, dPos));
        const gn = tf.mul(dn, tf.divNoNan(active, dNeg));
        return [value, tf.sub(gp, gn), tf.neg(gp), gn];
      };
      break;
    }
    default:
      break;
  }
  return body;
}
