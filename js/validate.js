// Argument checks at the API edge. Every failure names the function, the argument, what was expected
// and what came, as a TypeError (wrong kind of value) or RangeError (right kind, wrong value or size).

import { describe } from './describe.js';
import { ModuleArray } from './module-array.js';

export { describe };

export const REDUCTIONS = { none: 0, mean: 1, sum: 2 };

// The kernels take 32-bit sizes (wasm32 size_t): no dimension may exceed this.
const MAX_DIMENSION = 0x7fff_ffff;

// A typed array whose buffer was transferred (postMessage, structuredClone, ArrayBuffer#transfer) reads
// as empty; it must be an error, not a silently empty batch.
function isDetached(view) {
  if (view.byteLength !== 0) return false;
  const buffer = view.buffer;
  if (typeof buffer.detached === 'boolean') return buffer.detached;
  if (typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer) return false;
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

// A ModuleArray must still own its memory: a freed one would read whatever took its place.
function checkLive(fn, name, value) {
  if (value instanceof ModuleArray && value.freed) {
    throw new TypeError(`${fn}: ${name} is a ModuleArray that was freed`);
  }
}

// `name` + `suffix` names the argument (split so that a hot call builds no string).
function checkAttached(fn, name, view, suffix = '') {
  if (isDetached(view)) {
    throw new TypeError(
      `${fn}: ${name}${suffix}'s buffer is detached (it was transferred, e.g. by postMessage or structuredClone); ` +
        'pass an array whose buffer is still usable',
    );
  }
}

function editDistance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function commonPrefixLength(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

// The candidate a typo most likely meant: a near spelling, or one sharing its first four letters
// (`reduce` for `reduction`, `pos_weight` for `posWeight`).
function closest(name, candidates) {
  const lower = name.toLowerCase();
  let best = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const distance = commonPrefixLength(lower, c) >= Math.min(4, lower.length, c.length) ? 1 : editDistance(lower, c);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

// What an absent options object reads as: shared, so a call allocates none.
const NONE = Object.freeze({});

// The options object, with every key checked against the loss's own list: a typo such as `reduce` must
// not be silently ignored.
export function checkOptions(fn, options, allowed) {
  if (options === undefined) return NONE;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new TypeError(`${fn}: options must be an object; got ${describe(options)}`);
  }
  // for-in allocates no array of keys; the inherited keys it also visits are skipped, as Object.keys does.
  for (const key in options) {
    if (Object.hasOwn(options, key) && !allowed.includes(key)) {
      const guess = closest(key, allowed);
      const hint = guess ? ` (did you mean '${guess}'?)` : '';
      throw new TypeError(
        `${fn}: unknown option '${key}'${hint}; valid options are ${allowed.map((k) => `'${k}'`).join(', ')}`,
      );
    }
  }
  return options;
}

// Names other libraries (and PyTorch's deprecated arguments) use for a reduction.
const REDUCTION_SYNONYMS = {
  avg: 'mean', average: 'mean', elementwise_mean: 'mean', batchmean: 'mean', total: 'sum', sum_over_batch_size: 'mean',
};

export function reductionCode(fn, reduction = 'mean') {
  if (typeof reduction !== 'string' || !(reduction in REDUCTIONS) || !Object.hasOwn(REDUCTIONS, reduction)) {
    const guess = typeof reduction === 'string'
      ? REDUCTION_SYNONYMS[reduction.toLowerCase()] ?? closest(reduction, Object.keys(REDUCTIONS)) : null;
    const hint = guess ? ` (did you mean '${guess}'?)` : '';
    throw new RangeError(
      `${fn}: options.reduction must be 'none', 'mean' or 'sum'; got ${describe(reduction)}${hint}`,
    );
  }
  return REDUCTIONS[reduction];
}

// The dtype of a float input, as its array type (Float32Array or Float64Array): the input's type decides
// the computation and the type of the results.
export function inputType(fn, name, value) {
  checkLive(fn, name, value);
  if (value instanceof ModuleArray) {
    if (value.type === Float32Array || value.type === Float64Array) return value.type;
  } else if (value instanceof Float32Array || value instanceof Float64Array) {
    checkAttached(fn, name, value);
    return value instanceof Float32Array ? Float32Array : Float64Array;
  }
  throw new TypeError(
    `${fn}: ${name} must be a Float32Array or Float64Array (or a ModuleArray of one); got ${describe(value)}`,
  );
}

// Shape rules for losses without a class dimension: any shape, optional (1-D when absent).
export const ELEMENTWISE_SHAPE = { required: false, dims: [0, Infinity] };

// The input's shape: an array of non-negative integers whose product is the input's length.
// `dims` is [min, max] number of dimensions. Without a shape, the input is 1-D (when allowed); `expected`
// says what a required shape is.
export function checkShape(fn, shape, length,
  { required, dims: [minDims, maxDims], expected = "the input's shape, e.g. [N, C]" }) {
  if (shape === undefined) {
    if (required) throw new TypeError(`${fn}: options.shape is required (${expected}); got undefined`);
    return [length];
  }
  if (!Array.isArray(shape)) {
    throw new TypeError(`${fn}: options.shape must be an array of dimension sizes; got ${describe(shape)}`);
  }
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new (typeof d === 'number' ? RangeError : TypeError)(
        `${fn}: options.shape[${i}] must be a non-negative integer; got ${describe(d)} in [${shape.map(String).join(', ')}]`,
      );
    }
    if (d > MAX_DIMENSION) {
      throw new RangeError(
        `${fn}: options.shape[${i}] = ${d} is larger than the module can address (at most ${MAX_DIMENSION})`,
      );
    }
  }
  if (shape.length < minDims || shape.length > maxDims) {
    const range = minDims === maxDims ? `${minDims}` : maxDims === Infinity ? `at least ${minDims}` : `${minDims} to ${maxDims}`;
    throw new RangeError(`${fn}: options.shape must have ${range} dimensions; got [${shape.join(', ')}]`);
  }
  const product = shape.reduce((a, b) => a * b, 1);
  if (product !== length) {
    throw new RangeError(
      `${fn}: options.shape [${shape.join(', ')}] holds ${product} elements but the input has ${length}`,
    );
  }
  return shape;
}

function checkLength(fn, name, value, length, meaning) {
  if (value.length !== length) {
    throw new RangeError(`${fn}: ${name} must have ${length} elements (${meaning}); got ${describe(value)}`);
  }
}

// `value` itself when it is a `Type` array (or a ModuleArray of one) that is usable and of the right
// length; null when it is some other kind of value.
function arrayOfType(fn, name, value, Type, length, meaning) {
  const typed = value instanceof Type;
  if (!typed && !(value instanceof ModuleArray && value.type === Type)) return null;
  checkLive(fn, name, value);
  if (typed) checkAttached(fn, name, value);
  checkLength(fn, name, value, length, meaning);
  return value;
}

// A float array of the input's dtype (`Type`): the same typed array, or a plain array of numbers converted.
export function floatArray(fn, name, value, Type, length, meaning) {
  const same = arrayOfType(fn, name, value, Type, length, meaning);
  if (same) return same;
  if (Array.isArray(value)) {
    checkLength(fn, name, value, length, meaning);
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'number') {
        throw new TypeError(`${fn}: ${name}[${i}] must be a number; got ${describe(value[i])}`);
      }
    }
    return Type.from(value);
  }
  // Labels as bytes (0/1 or -1/+1 masks): exact in either float type, converted while copying.
  if (value instanceof Uint8Array || value instanceof Int8Array) {
    checkAttached(fn, name, value);
    checkLength(fn, name, value, length, meaning);
    return Type.from(value);
  }
  throw new TypeError(
    `${fn}: ${name} must be a ${Type.name} (the input's dtype), an array of numbers, or a Uint8Array or ` +
      `Int8Array of labels; got ${describe(value)}`,
  );
}

// Class indices as an Int32Array: the same array, or a plain array of integers converted.
export function indexArray(fn, name, value, length, meaning) {
  const same = arrayOfType(fn, name, value, Int32Array, length, meaning);
  if (same) return same;
  if (Array.isArray(value)) {
    checkLength(fn, name, value, length, meaning);
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x8000_0000 || v > 0x7fff_ffff) {
        throw new (typeof v === 'number' ? RangeError : TypeError)(`${fn}: ${name}[${i}] must be an integer class index; got ${describe(v)}`);
      }
    }
    return Int32Array.from(value);
  }
  throw new TypeError(`${fn}: ${name} must be an Int32Array or an array of integers; got ${describe(value)}`);
}

export function finiteNumber(fn, name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new (typeof value === 'number' ? RangeError : TypeError)(
      `${fn}: options.${name} must be a finite number; got ${describe(value)}`,
    );
  }
  return value;
}

export function int32(fn, name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) {
    throw new (typeof value === 'number' ? RangeError : TypeError)(
      `${fn}: options.${name} must be a 32-bit integer; got ${describe(value)}`,
    );
  }
  return value;
}

// The upstream gradient, as an array for the kernel or null for ones: one value per loss output for
// 'none', a single number for 'mean' and 'sum'.
export function gradOutputArray(fn, value, reduction, Type, outputLength) {
  if (value === undefined) return null;
  if (reduction === REDUCTIONS.none) {
    return floatArray(fn, 'options.gradOutput', value, Type, outputLength, "one per loss output with reduction 'none'");
  }
  if (typeof value !== 'number') {
    throw new TypeError(
      `${fn}: options.gradOutput must be a number when the loss is reduced ('mean' or 'sum'); got ${describe(value)}`,
    );
  }
  return Type.of(value);
}

export function wantsGrad(fn, value) {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') {
    throw new TypeError(`${fn}: options.grad must be true or false; got ${describe(value)}`);
  }
  return value;
}

// One array of options.out (`key`: loss, grad or grad2): a typed array of the input's dtype, which the
// result is copied into once the kernel has succeeded, or a ModuleArray of one, which the kernel writes in
// place (the zero-copy tier).
export function outArray(fn, key, value, Type, length) {
  const inModule = value instanceof ModuleArray;
  if (inModule ? value.type !== Type : !(value instanceof Type)) {
    throw new TypeError(`${fn}: options.out.${key} must be a ${Type.name} (the input's dtype) ` +
      `or a ModuleArray of one; got ${describe(value)}`);
  }
  if (!inModule) checkAttached(fn, 'options.out.', value, key);
  if (value.length !== length) {
    throw new RangeError(`${fn}: options.out.${key} must have ${length} elements; got ${describe(value)}`);
  }
  if (inModule && value.freed) {
    throw new TypeError(`${fn}: options.out.${key} is a ModuleArray that was freed`);
  }
  return value;
}
