// Module memory under copying calls, in a fresh process and a fresh SIMD instance: after one
// forward+backward call of 10^7 elements of every loss, then over `calls` calls of mixed sizes (every
// loss in turn, sizes log-uniform from 1 to 10^5 elements). Prints JSON: { initial, afterLargest,
// beforeMixed, afterMixed, calls } in bytes.
//
//   node bench/memory-probe.mjs '{"wasm":"path/marginloss-simd.wasm","calls":100000}'
import { readFileSync } from 'node:fs';

import { init } from '../js/index.js';
import { apiCall, LOSSES, makeInputSets, moduleBytes, shaped } from './cases.mjs';

const config = JSON.parse(process.argv[2]);
const ml = await init({ simd: true, bytes: readFileSync(config.wasm) });

// The first `rows` rows of an input set (its first `rows` elements when elementwise), as views, or as
// copies when `copy`.
function prefix(loss, set, rows, copy = false) {
  const rowShaped = shaped(loss);
  const classes = rowShaped ? set.classes : 1;
  const n = rows * classes;
  const part = (array, length) => (copy ? array.slice(0, length) : array.subarray(0, length));
  const cut = { rows: rowShaped ? rows : 1, classes: rowShaped ? classes : n, n, x: part(set.x, n) };
  if (set.x2) cut.x2 = part(set.x2, n);
  if (set.x3) cut.x3 = part(set.x3, n);
  if (set.y) cut.y = part(set.y, loss.targets === 'rowSign' ? rows : n);
  if (set.t) cut.t = part(set.t, loss.targets === 'list' ? n : rows);
  return cut;
}

const initial = moduleBytes(ml);
// Per loss: one call on 10^7 elements (10^5 rows of 100), then its first 10^5 elements kept for the mixed calls.
const sets = new Map();
for (const loss of LOSSES) {
  const [set] = makeInputSets(loss, 1e5, 100, 1);
  apiCall(ml, loss, set, true)();
  sets.set(loss.key, prefix(loss, set, shaped(loss) ? 1000 : 1e5, true));
}
const afterLargest = moduleBytes(ml);

// Sizes log-uniform in [1, 10^5] elements (whole rows of 100 for the class-dimension losses).
let seed = 0x2545f491;
const uniform = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const call = (i) => {
  const loss = LOSSES[i % LOSSES.length];
  const elements = Math.max(1, Math.round(10 ** (5 * uniform())));
  const rows = shaped(loss) ? Math.max(1, Math.round(elements / 100)) : elements;
  apiCall(ml, loss, prefix(loss, sets.get(loss.key), rows), true)();
};
const firstRound = Math.min(1000, config.calls);
for (let i = 0; i < firstRound; i++) call(i);
const beforeMixed = moduleBytes(ml);
for (let i = firstRound; i < config.calls; i++) call(i);
process.stdout.write(JSON.stringify({ initial, afterLargest, beforeMixed, afterMixed: moduleBytes(ml), calls: config.calls }));
