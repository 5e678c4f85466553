// marginloss: PyTorch's margin and multi-label classification losses, forward and backward, in
// WebAssembly. `init()` loads the module once; the returned object holds the ten loss functions.
import { LoadedModule } from './api.js';
import { labelsMode } from './labels/guard.js';
import { checkModuleSource, engineSupportsSimd, hasWebAssembly, loadModule, NO_WEBASSEMBLY } from './loader.js';
import { describe } from './validate.js';

// The label-convention guard and the decision guide need no WebAssembly: usable before init().
export { checkLabels, CONVENTIONS, LabelConventionError, recommendLoss } from './labels/index.js';

const INIT_OPTIONS = ['simd', 'module', 'bytes', 'labels', 'instance'];
// The shared instances' loads: the package's own builds by build; a supplied module or bytes by the object
// passed, then by build. Private instances are in neither, so nothing here keeps them alive.
const shared = new Map();
const suppliedShared = new WeakMap();

function checkInitOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`init: options must be an object; got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!INIT_OPTIONS.includes(key)) {
      throw new TypeError(`init: unknown option '${key}'; valid options are ${INIT_OPTIONS.map((k) => `'${k}'`).join(', ')}`);
    }
  }
  if (options.simd !== undefined && typeof options.simd !== 'boolean') {
    throw new TypeError(`init: options.simd must be true or false; got ${describe(options.simd)}`);
  }
  labelsMode('init: options.labels', options.labels);
  if (options.instance !== undefined && options.instance !== 'shared' && options.instance !== 'private') {
    throw new TypeError(`init: options.instance must be 'shared' or 'private'; got ${describe(options.instance)}`);
  }
}

function newInstance(options) {
  return loadModule(options, () => {}).then(({ exports, simd }) => new LoadedModule(exports, simd));
}

// The shared instance's load, started once per build (and per caller-supplied module or bytes).
function sharedLoad(options) {
  const source = options.module ?? options.bytes;
  const simd = options.simd ?? engineSupportsSimd();
  let cache = shared;
  if (source !== undefined) {
    cache = suppliedShared.get(source) ?? new Map();
    suppliedShared.set(source, cache);
  }
  const key = simd ? 'simd' : 'baseline';
  if (!cache.has(key)) {
    const load = newInstance({ ...options, simd });
    cache.set(key, load);
    // A failed load is not cached: the next init() tries again.
    load.catch(() => {
      if (cache.get(key) === load) cache.delete(key);
    });
  }
  return cache.get(key);
}

/**
 * Loads the WebAssembly module and resolves to the loss functions. Calls with the same build share one
 * instance (concurrent calls too). `simd` forces the SIMD (true) or baseline (false) build; `module` or
 * `bytes` supply the compiled module or its bytes for hosts that cannot fetch it. `labels: 'strict'` makes
 * 'strict' the losses' default `labels` option for the returned object only (the module stays shared).
 * `instance: 'private'` loads an instance of its own instead, shared with no one, whose memory is released
 * once the returned object (and every ModuleArray from it) is unreachable.
 */
export async function init(options = {}) {
  checkInitOptions(options);
  // Checked before anything touches WebAssembly; being async, init() rejects and never throws.
  if (!hasWebAssembly()) throw new Error(NO_WEBASSEMBLY);
  checkModuleSource(options);
  if (options.instance === 'private') {
    return (await newInstance(options)).api(options.labels);
  }
  // Each `labels` default has its own API object over the shared module, so asking for 'strict' never
  // changes the default for callers already holding the 'off' one.
  return (await sharedLoad(options)).api(options.labels);
}
