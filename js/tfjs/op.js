// One loss as a TensorFlow.js op. The core's kernels compute the loss and its gradient in one pass, so the
// forward pass makes that one call and keeps the gradient; the backward pass multiplies it by tfjs's
// upstream gradient dy. Every loss is linear in its upstream gradient (d(dy·L)/dx = dy·dL/dx, per loss
// value for 'none'), so this is what passing dy as the core's gradOutput gives, without a second call.
import { customGrad, mul, reshape, scalar, tensor, Tensor, tidy } from '@tensorflow/tfjs-core';

import { describe } from '../describe.js';
import { broadcastShape, inputNames, lossShape } from './layouts.js';

// Core options that tfjs supplies itself, refused with where the value comes from instead.
const FROM_TFJS = {
  shape: "is read from the input tensor's shape; leave it out",
  gradOutput: "is tfjs's upstream gradient (dy): tf.grad(f)(x, dy) passes it",
  grad: 'is computed with the loss and used when tfjs asks for it; leave it out',
  out: 'does not apply: the results are tensors; leave it out',
};
// Options that may be tensors: read once per call (they get no gradient, as in PyTorch).
const TENSOR_OPTIONS = ['weight', 'posWeight'];

export function describeValue(value) {
  if (!(value instanceof Tensor)) return describe(value);
  return `${value.dtype === 'int32' ? 'an' : 'a'} ${value.dtype} tensor of shape [${value.shape.join(', ')}]`;
}

export function checkTensor(fn, name, value) {
  // tfjs's instanceof is duck-typed, so tensors of another copy of tfjs-core pass too.
  if (value instanceof Tensor) return value;
  throw new TypeError(`${fn}: ${name} must be a tf.Tensor; got ${describeValue(value)}`);
}

// A tensor's values as the typed array its dtype names. tfjs's cpu backend casts int32 to float32 without
// converting the data, so a float32 tensor's dataSync() can be an Int32Array.
export function valuesOf(t) {
  const values = t.dataSync();
  const Type = t.dtype === 'float32' ? Float32Array : t.dtype === 'int32' ? Int32Array : null;
  return Type === null || values instanceof Type ? values : Type.from(values);
}

// A differentiable input: a float32 tensor (tfjs computes in float32, and so does the core for it).
// `shapes` names the shapes of `ranks` in the message, when they are not a loss's classes.
export function floatInput(fn, name, value, ranks = [0, Infinity], shapes) {
  checkTensor(fn, name, value);
  if (value.dtype !== 'float32') {
    throw new TypeError(`${fn}: ${name} must be a float32 tensor; got ${describeValue(value)}; ` +
      `cast it with tf.cast(${name}, 'float32')`);
  }
  const [min, max] = ranks;
  if (value.rank < min || value.rank > max) {
    const expected = shapes ?? (max === 2 ? '(C) or (N, C)' : '(C), (N, C) or (N, C, d1, ...)');
    throw new RangeError(`${fn}: ${name} must have shape ${expected}; got ${describeValue(value)}`);
  }
  return value;
}

// The options for the core: the caller's, with the shape read from the input and tensors read as arrays.
export function coreOptions(fn, options, shape) {
  if (options === undefined) return { shape };
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options) ||
      options instanceof Tensor) {
    throw new TypeError(`${fn}: options must be an object; got ${describeValue(options)}`);
  }
  const result = { ...options, shape };
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(FROM_TFJS, key)) throw new TypeError(`${fn}: options.${key} ${FROM_TFJS[key]}`);
  }
  for (const key of TENSOR_OPTIONS) {
    if (options[key] instanceof Tensor) result[key] = valuesOf(options[key]);
  }
  return result;
}

/**
 * The loss of `inputs` (checked float32 tensors) against `target` (the target's values as the core takes
 * them: a Float32Array or an Int32Array; null for a loss without one) as a tensor whose gradient flows to
 * every input. `options` are the caller's core options, checked by the core.
 */
export function applyLoss(core, layout, inputs, target, options) {
  const fn = layout.name;
  const shapes = inputs.map((x) => x.shape);
  const settings = coreOptions(fn, options, shapes[0]);
  const forward = (...args) => {
    // customGrad passes the inputs, then its `save` function.
    const arrays = args.slice(0, layout.inputs).map(valuesOf);
    const result = target === null ? core[fn](...arrays, settings) : core[fn](...arrays, target, settings);
    const value = typeof result.loss === 'number'
      ? scalar(result.loss, 'float32')
      : tensor(result.loss, lossShape(layout, shapes[0]), 'float32');
    const grads = [result.grad, result.grad2, result.grad3].slice(0, layout.inputs);
    const gradFunc = (dy) => tidy(() => {
      // A reduced loss has a scalar dy; a 'none' loss one per loss value, spread over the class axis.
      const upstream = dy.rank === 0 ? dy : reshape(dy, broadcastShape(layout, shapes[0]));
      return grads.map((grad, i) => mul(tensor(grad, shapes[i], 'float32'), upstream));
    });
    return { value, gradFunc };
  };
  return customGrad(forward)(...inputs);
}

// The target's values for the tensor op: float32 labels or probabilities, int32 class indices.
function targetValues(fn, layout, input, target) {
  checkTensor(fn, 'target', target);
  const { dtype } = target;
  if (layout.target === 'float' && dtype !== 'float32') {
    throw new TypeError(`${fn}: target must be a float32 tensor of labels; got ${describeValue(target)}; ` +
      "cast it with tf.cast(target, 'float32')");
  }
  if (layout.target === 'index' && dtype !== 'int32') {
    throw new TypeError(`${fn}: target must be an int32 tensor of class indices; got ${describeValue(target)}; ` +
      "cast it with tf.cast(target, 'int32')");
  }
  if (layout.target === 'index-or-probability') {
    if (dtype !== 'int32' && dtype !== 'float32') {
      throw new TypeError(`${fn}: target must be an int32 tensor of class indices or a float32 tensor of class ` +
        `probabilities; got ${describeValue(target)}`);
    }
    const perSample = lossShape(layout, input.shape).reduce((a, b) => a * b, 1);
    if (dtype === 'float32' && target.size === perSample && target.size !== input.size) {
      throw new RangeError(`${fn}: target is ${describeValue(target)}, read as class probabilities (the input's ` +
        `shape, [${input.shape.join(', ')}]), but it has one value per sample: if it holds class indices, ` +
        "cast it with tf.cast(target, 'int32')");
    }
  }
  return valuesOf(target);
}

// The public op: (input, target, options); (input1, input2, target, options) for two inputs; (anchor,
// positive, negative, options) for tripletMarginLoss. Inputs of one loss have one shape: nothing is
// broadcast, and the core, which sees only their lengths, could not tell [2, 3] from [3, 2].
export function lossOp(core, layout) {
  const fn = layout.name;
  const names = inputNames(layout);
  return (...args) => {
    const inputs = names.map((name, i) => floatInput(fn, name, args[i], layout.ranks, layout.shapes));
    inputs.forEach((x, i) => {
      if (x.shape.length !== inputs[0].shape.length || x.shape.some((d, k) => d !== inputs[0].shape[k])) {
        throw new RangeError(`${fn}: ${names[i]} must have ${names[0]}'s shape [${inputs[0].shape.join(', ')}]; ` +
          `got ${describeValue(x)}`);
      }
    });
    if (layout.target === null) return applyLoss(core, layout, inputs, null, args[layout.inputs]);
    const target = targetValues(fn, layout, inputs[0], args[layout.inputs]);
    return applyLoss(core, layout, inputs, target, args[layout.inputs + 1]);
  };
}
