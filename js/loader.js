// Finds, compiles and instantiates the WebAssembly module in Node and in browsers, with no Emscripten
// glue: the modules are standalone reactors whose only import is the memory-growth notification.

// The smallest module that uses a SIMD instruction (i32.const 0; i8x16.splat): engines without SIMD
// reject it, so validating it tells which build this engine can run.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code: i32.const 0, i8x16.splat, end
]);

export function engineSupportsSimd() {
  return WebAssembly.validate(SIMD_PROBE);
}

// Literal `new URL(..., import.meta.url)` expressions so bundlers ship the .wasm files as assets.
function moduleUrl(simd) {
  return simd
    ? new URL('./wasm/marginloss-simd.wasm', import.meta.url)
    : new URL('./wasm/marginloss-baseline.wasm', import.meta.url);
}

async function fetchBytes(url) {
  if (url.protocol === 'file:') {
    const { readFile } = await import(/* @vite-ignore */ 'node:fs/promises');
    return readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response;
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

/**
 * Resolves to { exports, simd }. `options.module` (a WebAssembly.Module) or `options.bytes` (an
 * ArrayBuffer or view) replace fetching; `options.simd` forces a build, otherwise the engine decides.
 */
export async function loadModule(options, onMemoryGrowth) {
  if (typeof WebAssembly !== 'object') {
    throw new Error('marginloss: this JavaScript engine has no WebAssembly support');
  }
  const simd = options.simd ?? engineSupportsSimd();
  if (simd && !engineSupportsSimd()) {
    throw new Error('marginloss: init({ simd: true }) but this engine has no WebAssembly SIMD support');
  }
  let source = options.module ?? options.bytes;
  const url = source ? null : moduleUrl(simd);
  let module;
  try {
    module = await compile(source ?? (await fetchBytes(url)));
  } catch (error) {
    const what = url ? `${url}` : 'the supplied module bytes';
    throw new Error(`marginloss: could not load ${what}: ${error.message}`, { cause: error });
  }
  const imports = { env: { emscripten_notify_memory_growth: onMemoryGrowth } };
  const { exports } = await WebAssembly.instantiate(module, imports);
  exports._initialize();
  return { exports, simd };
}
