// Finds, compiles and instantiates the WebAssembly module in Node and in browsers, with no Emscripten
// glue: the modules are standalone reactors whose only import is the memory-growth notification.
import { describe } from './describe.js';
import { fetchWasm } from './fetch-wasm.js';
import { KERNEL_EXPORTS } from './losses/index.js';

// The smallest module that uses a SIMD instruction (i32.const 0; i8x16.splat): engines without SIMD
// reject it, so validating it tells which build this engine can run.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code: i32.const 0, i8x16.splat, end
]);

// The exports marginloss's JS needs: a supplied module without them is someone else's module.
const REQUIRED_EXPORTS = [
  'memory', '_initialize', 'malloc', 'free', 'ml_status_name', 'ml_build_uses_simd', ...KERNEL_EXPORTS,
];

export function hasWebAssembly() {
  return typeof WebAssembly === 'object' && WebAssembly !== null && typeof WebAssembly.instantiate === 'function';
}

export const NO_WEBASSEMBLY = 'marginloss: this JavaScript engine has no WebAssembly support ' +
  '(globalThis.WebAssembly is missing or disabled)';

export function engineSupportsSimd() {
  return hasWebAssembly() && WebAssembly.validate(SIMD_PROBE);
}

// init({ module }) and init({ bytes }): checked before anything is loaded.
export function checkModuleSource(options) {
  const { module, bytes } = options;
  if (module !== undefined && bytes !== undefined) {
    throw new TypeError('init: pass options.module or options.bytes, not both');
  }
  if (module !== undefined && !(hasWebAssembly() && module instanceof WebAssembly.Module)) {
    throw new TypeError(`init: options.module must be a WebAssembly.Module; got ${describe(module)}`);
  }
  if (bytes !== undefined && !(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes) ||
      (typeof Response !== 'undefined' && bytes instanceof Response))) {
    throw new TypeError(
      `init: options.bytes must be the .wasm file's bytes (an ArrayBuffer, a typed array or a Response); got ${describe(bytes)}`,
    );
  }
}

// Hints for the failures users actually meet, appended to the engine's own message.
function hintFor(error, url) {
  const message = String(error?.message ?? error);
  if (/Content Security Policy|unsafe-eval|wasm-eval/i.test(message)) {
    return " The page's Content-Security-Policy forbids compiling WebAssembly: add 'wasm-unsafe-eval' to " +
      'script-src, or compile the module where it is allowed and pass it as init({ module }).';
  }
  if (url && (error?.code === 'ENOENT' || /HTTP 404/.test(message))) {
    return ' The .wasm file is missing: make sure js/wasm/ was shipped with the package and, with a bundler ' +
      "that does not copy it (esbuild, Rollup), copied next to the bundle as wasm/; or pass the bytes as " +
      'init({ bytes }) (README, Bundlers).';
  }
  if (/magic|CompileError|expected|section/i.test(message) || error instanceof WebAssembly.CompileError) {
    return ' The file is not a valid marginloss WebAssembly module (corrupt or truncated?).';
  }
  return '';
}

const NO_MODULE_URL = 'marginloss: import.meta.url is empty here (a CommonJS or IIFE bundle), so the ' +
  '.wasm files cannot be found: bundle as ESM (esbuild --format=esm), or pass the bytes as init({ bytes })';

// Literal `new URL(..., import.meta.url)` expressions so bundlers ship the .wasm files as assets.
function moduleUrl(simd) {
  // esbuild's CommonJS and IIFE outputs replace import.meta with {}.
  if (!import.meta.url) throw new Error(NO_MODULE_URL);
  return simd
    ? new URL('./wasm/marginloss-simd.wasm', import.meta.url)
    : new URL('./wasm/marginloss-baseline.wasm', import.meta.url);
}

async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof Response !== 'undefined' && source instanceof Response) {
    // instantiateStreaming needs the application/wasm MIME type; fall back for servers that omit it.
    try {
      return await WebAssembly.compileStreaming(source.clone());
    } catch {
      return WebAssembly.compile(await source.arrayBuffer());
    }
  }
  return WebAssembly.compile(source);
}

// Compiled modules, checked to be marginloss's, so that another instance (a private one) costs an
// instantiation, not a fetch and a compilation: the package's own files by build, a supplied module or
// bytes by the object passed (a Response can be read only once). A compiled module holds no instance and
// no memory. A failed load is not cached: the next init() tries again.
const compiledFiles = new Map();
const compiledSupplied = new WeakMap();

function compiled(options, simd) {
  const supplied = options.module ?? options.bytes;
  const cache = supplied === undefined ? compiledFiles : compiledSupplied;
  const key = supplied ?? (simd ? 'simd' : 'baseline');
  if (!cache.has(key)) {
    const compilation = compileChecked(options, simd);
    cache.set(key, compilation);
    compilation.catch(() => {
      if (cache.get(key) === compilation) cache.delete(key);
    });
  }
  return cache.get(key);
}

// Resolves to { module, what } (`what` names it in error messages).
async function compileChecked(options, simd) {
  const source = options.module ?? options.bytes;
  const url = source ? null : moduleUrl(simd);
  let module;
  try {
    module = await compile(source ?? (await fetchWasm(url)));
  } catch (error) {
    const what = url ? `${url}` : options.module ? 'the supplied module' : 'the supplied module bytes';
    throw new Error(`marginloss: could not load ${what}: ${error?.message ?? error}.${hintFor(error, url)}`, {
      cause: error,
    });
  }
  const what = url ? `${url}` : 'the supplied module';
  const exported = new Set(WebAssembly.Module.exports(module).map((entry) => entry.name));
  const missing = REQUIRED_EXPORTS.filter((name) => !exported.has(name));
  if (missing.length) {
    throw new Error(
      `marginloss: ${what} is not a marginloss module (missing exports: ${missing.slice(0, 4).join(', ')}` +
        `${missing.length > 4 ? ', …' : ''})`,
    );
  }
  return { module, what };
}

/**
 * Resolves to { exports, simd } of a new instance, with a memory of its own. `options.module` (a
 * WebAssembly.Module) or `options.bytes` (an ArrayBuffer or view) replace fetching; `options.simd` forces
 * a build, otherwise the engine decides. `simd` in the result is what the loaded module reports about itself.
 */
export async function loadModule(options, onMemoryGrowth) {
  if (!hasWebAssembly()) throw new Error(NO_WEBASSEMBLY);
  const simd = options.simd ?? engineSupportsSimd();
  if (simd && !engineSupportsSimd()) {
    throw new Error('marginloss: init({ simd: true }) but this engine has no WebAssembly SIMD support');
  }
  const { module, what } = await compiled(options, simd);
  const imports = { env: { emscripten_notify_memory_growth: onMemoryGrowth } };
  let exports;
  try {
    ({ exports } = await WebAssembly.instantiate(module, imports));
    exports._initialize();
  } catch (error) {
    throw new Error(`marginloss: could not instantiate ${what}: ${error?.message ?? error}.${hintFor(error, null)}`, {
      cause: error,
    });
  }
  // The module says which build it is: a supplied module or bytes may be either.
  return { exports, simd: exports.ml_build_uses_simd() === 1 };
}
