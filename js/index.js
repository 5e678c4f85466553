// marginloss: PyTorch's margin and multi-label classification losses, forward and backward, in
// WebAssembly. `init()` loads the module once; the returned object holds the eight loss functions.
import { createApi } from './api.js';
import { engineSupportsSimd, loadModule } from './loader.js';
import { describe } from './validate.js';

const INIT_OPTIONS = ['simd', 'module', 'bytes'];
const shared = new Map();

function checkInitOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`init: options must be an object; got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!INIT_OPTIONS.includes(key)) {
      throw new TypeError(`init: unknown option '${key}'; valid options are 'simd', 'module', 'bytes'`);
    }
  }
  if (options.simd !== undefined && typeof options.simd !== 'boolean') {
    throw new TypeError(`init: options.simd must be true or false; got ${describe(options.simd)}`);
  }
}

/**
 * Loads the WebAssembly module and resolves to the loss functions. Calls with the same build share one
 * instance (concurrent calls too). `simd` forces the SIMD (true) or baseline (false) build; `module` or
 * `bytes` supply the compiled module or its bytes for hosts that cannot fetch it.
 */
export function init(options = {}) {
  try {
    checkInitOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const suppliesModule = options.module !== undefined || options.bytes !== undefined;
  const simd = options.simd ?? engineSupportsSimd();
  const key = suppliesModule ? null : simd ? 'simd' : 'baseline';
  if (key && shared.has(key)) return shared.get(key);
  const instance = loadModule({ ...options, simd }, () => {}).then(({ exports }) => createApi(exports, simd));
  if (key) {
    shared.set(key, instance);
    instance.catch(() => shared.delete(key));
  }
  return instance;
}
