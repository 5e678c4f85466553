// marginloss: PyTorch's margin and multi-label classification losses, forward and backward, in
// WebAssembly. `init()` loads the module once; the returned object holds the eight loss functions.
import { LoadedModule } from './api.js';
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
    const load = loadModule({ ...options, simd }, () => {}).then(({ exports, simd: built }) => new LoadedModule(exports, built));
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
 */
export async function init(options = {}) {
  checkInitOptions(options);
  // Checked before anything touches WebAssembly; being async, init() rejects and never throws.
  if (!hasWebAssembly()) throw new Error(NO_WEBASSEMBLY);
  checkModuleSource(options);
  // Each `labels` default has its own API object over the shared module, so asking for 'strict' never
  // changes the default for callers already holding the 'off' one.
  return (await sharedLoad(options)).api(options.labels);
}
