// Reads a .wasm file by URL. Under Node the package's own files are file: URLs, which fetch() cannot read:
// there Node's fs reads them, reached through process.getBuiltinModule rather than an import, so no
// bundler meets a `node:` module and a browser can load this file unbundled.

export async function fetchWasm(url) {
  if (url.protocol === 'file:') {
    const fs = globalThis.process?.getBuiltinModule?.('node:fs/promises');
    if (!fs) {
      throw new Error(`cannot read ${url}: this runtime cannot fetch() file: URLs and is not Node ≥ 20.16 ` +
        '(process.getBuiltinModule); pass init({ bytes })');
    }
    return fs.readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response;
}
