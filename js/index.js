// marginloss: PyTorch's margin and multi-label classification losses, forward and backward, in
// WebAssembly. `init()` loads the module once; the returned object holds the eight loss functions.
import { createApi, withLabelsDefault } from './api.js';
import { labelsMode } from './labels/guard.js';
import { checkModuleSource, engineSupportsSimd, hasWebAssembly, loadModule, NO_WEBASSEMBLY } from './loader.js';
import { describe } from './validate.js';

// The label-convention guard and the decision guide need no WebAssembly: usable before init().
export { checkLabels, CONVENTIONS, LabelConventionError, recommendLoss } from './labels/index.js';

const INIT_OPTIONS = ['simd', 'module', 'bytes', 'labels'];
const shared = new Map();
const suppliedShared = new WeakMap();

function checkInitOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`init: options must be an object; got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!INIT_OPTIONS.includes(key)) {
      throw new TypeError(`init: unknown option '${key}'; valid options are 'simd', 'module', 'bytes', 'labels'`);
    }
  }
  if (options.simd !== undefined && typeof options.simd !== 'boolean') {
    throw new TypeError(`init: options.simd must be true or false; got ${describe(options.simd)}`);
  }
  labelsMode('init: options.labels', options.labels);
}

// The shared instance as this caller asked for it: `labels` other than 'off' gets its own API object over
// the same module, so the default never changes for callers already holding the shared one.
function withLabels(instance, labels = 'off') {
  return labels === 'off' ? instance : instance.then((api) => withLabelsDefault(api, labels));
}

/**
 * Loads the WebAssembly module and resolves to the loss functions. Calls with the same build share one
 * instance (concurrent calls too). `simd` forces the SIMD (true) or baseline (false) build; `module` or
 * `bytes` supply the compiled module or its bytes for hosts that cannot fetch it. `labels: 'strict'` makes
 * 'strict' the losses' default `labels` option for the returned object only (the module stays shared).
 */
export function init(options = {}) {
  try {
    checkInitOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  // Checked before anything touches WebAssembly, so every failure is a rejection, never a throw.
  if (!hasWebAssembly()) return Promise.reject(new Error(NO_WEBASSEMBLY));
  try {
    checkModuleSource(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const source = options.module ?? options.bytes;
  const simd = options.simd ?? engineSupportsSimd();
  // One instance per build, and per caller-supplied module or bytes (held weakly).
  let cache = shared;
  if (source !== undefined) {
    cache = suppliedShared.get(source) ?? new Map();
    suppliedShared.set(source, cache);
  }
  const key = simd ? 'simd' : 'baseline';
  if (cache.has(key)) return withLabels(cache.get(key), options.labels);
  const instance = loadModule({ ...options, simd }, () => {}).then(({ exports, simd: built }) => createApi(exports, built));
  cache.set(key, instance);
  // A failed load is not cached: the next init() tries again.
  instance.catch(() => {
    if (cache.get(key) === instance) cache.delete(key);
  });
  return withLabels(instance, options.labels);
}
