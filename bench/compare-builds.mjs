// Kernel speed of two builds side by side: node bench/compare-builds.mjs OLD_DIR [NEW_DIR, default js/wasm/]
// (each holding marginloss-simd.wasm and marginloss-baseline.wasm), both through this binding's zero-copy
// tier at 10^6 float32 elements (N = 10^4, C = 100 for the class and embedding losses), rounds interleaved. For a
// refactor that must not slow any kernel. This binding loads both, so both must have its exports (the
// _partial entries): for a build from before them, run this script from that build's own checkout.
import { readFileSync } from 'node:fs';
import { init } from '../js/index.js';
if (!process.argv[2]) throw new Error('usage: node bench/compare-builds.mjs OLD_DIR [NEW_DIR]');
const OLD = `${process.argv[2]}/`, NEW = `${process.argv[3] ?? new URL('../js/wasm', import.meta.url).pathname}/`;
const N = 1e6, ROWS = 1e4, C = 100;
function rnd(seed) { let s = seed >>> 0; return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32); }
const r = rnd(7);
const cases = {
  softMarginLoss: (ml, a) => ml.softMarginLoss(a.x, a.pm, { out: { grad: a.g } }),
  multilabelSoftMarginLoss: (ml, a) => ml.multilabelSoftMarginLoss(a.x, a.y01, { shape: [ROWS, C], out: { grad: a.g } }),
  multiMarginLoss: (ml, a) => ml.multiMarginLoss(a.x, a.idx, { shape: [ROWS, C], out: { grad: a.g } }),
  multilabelMarginLoss: (ml, a) => ml.multilabelMarginLoss(a.x, a.ml, { shape: [ROWS, C], out: { grad: a.g } }),
  bceWithLogitsLoss: (ml, a) => ml.bceWithLogitsLoss(a.x, a.y01, { out: { grad: a.g } }),
  crossEntropyLoss: (ml, a) => ml.crossEntropyLoss(a.x, a.idx, { shape: [ROWS, C], out: { grad: a.g } }),
  hingeEmbeddingLoss: (ml, a) => ml.hingeEmbeddingLoss(a.x, a.pm, { out: { grad: a.g } }),
  marginRankingLoss: (ml, a) => ml.marginRankingLoss(a.x, a.x2, a.pm, { out: { grad: a.g, grad2: a.g2 } }),
  cosineEmbeddingLoss: (ml, a) => ml.cosineEmbeddingLoss(a.x, a.x2, a.pmRows, { shape: [ROWS, C], out: { grad: a.g, grad2: a.g2 } }),
  tripletMarginLoss: (ml, a) => ml.tripletMarginLoss(a.x, a.x2, a.x3, { shape: [ROWS, C], out: { grad: a.g, grad2: a.g2, grad3: a.g3 } }),
};
const x = Float32Array.from({ length: N }, () => r() * 8 - 4);
const x2 = Float32Array.from({ length: N }, () => r() * 8 - 4);
const pm = Float32Array.from({ length: N }, () => (r() < 0.5 ? -1 : 1));
const y01 = Float32Array.from({ length: N }, () => (r() < 0.5 ? 0 : 1));
const idx = Int32Array.from({ length: ROWS }, () => Math.floor(r() * C));
const mlt = new Int32Array(N).fill(-1); for (let i = 0; i < ROWS; i++) { mlt[i * C] = idx[i]; mlt[i * C + 1] = (idx[i] + 7) % C; }
const x3 = Float32Array.from({ length: N }, () => r() * 8 - 4);
const pmRows = pm.slice(0, ROWS);
async function setup(dir, simd) {
  const ml = await init({ bytes: readFileSync(dir + `marginloss-${simd ? 'simd' : 'baseline'}.wasm`), instance: 'private' });
  const put = (T, src) => { const m = ml.alloc(T, src.length); m.array.set(src); return m; };
  return { ml, a: { x: put(Float32Array, x), x2: put(Float32Array, x2), pm: put(Float32Array, pm), y01: put(Float32Array, y01), idx: put(Int32Array, idx), ml: put(Int32Array, mlt), x3: put(Float32Array, x3), pmRows: put(Float32Array, pmRows), g: ml.alloc(Float32Array, N), g2: ml.alloc(Float32Array, N), g3: ml.alloc(Float32Array, N) } };
}
for (const simd of [true, false]) {
  const old = await setup(OLD, simd), neu = await setup(NEW, simd);
  for (const [name, call] of Object.entries(cases)) {
    const lo = call(old.ml, old.a).loss, ln = call(neu.ml, neu.a).loss;
    const times = { old: [], neu: [] };
    for (let round = 0; round < 25; round++) {
      for (const [k, s] of round % 2 ? [['old', old], ['neu', neu]] : [['neu', neu], ['old', old]]) {
        const t = process.hrtime.bigint(); call(s.ml, s.a); times[k].push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    const min = (v) => Math.min(...v), med = (v) => v.sort((a, b) => a - b)[v.length >> 1];
    console.log(`${simd ? 'simd    ' : 'baseline'} ${name.padEnd(26)} old ${min(times.old).toFixed(2)} ms  new ${min(times.neu).toFixed(2)} ms  new/old min ${(min(times.neu) / min(times.old)).toFixed(3)} med ${(med(times.neu) / med(times.old)).toFixed(3)}  same loss ${Object.is(lo, ln)}`);
  }
}
