// Fetches a .wasm file by URL: what browsers, Web Workers and every bundler's browser build use (the
// "default" branch of package.json's "#fetch-wasm" import). It imports nothing from Node, so no bundler
// has a `node:` module to resolve.

export async function fetchWasm(url) {
  if (url.protocol === 'file:') {
    // This code runs where the "node" condition was not chosen: a browser build run by Node, or a
    // runtime whose fetch() has no file: scheme.
    throw new Error(`cannot fetch ${url} here (a file: URL in a build made for browsers); ` +
      "bundle for Node (the \"node\" condition: esbuild --platform=node, webpack target 'node') or pass init({ bytes })");
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response;
}
