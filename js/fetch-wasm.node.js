// Node's branch of package.json's "#fetch-wasm" import (runtimes and bundles that set the "node"
// condition): the package's own .wasm files are file: URLs, which Node's fetch() cannot read.
import { readFile } from 'node:fs/promises';

import { fetchWasm as fetchOverNetwork } from './fetch-wasm.js';

export function fetchWasm(url) {
  return url.protocol === 'file:' ? readFile(url) : fetchOverNetwork(url);
}
