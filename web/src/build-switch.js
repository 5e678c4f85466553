// Which WebAssembly build runs the page, a link to the other one (?simd=0 / ?simd=1 reloads the page on
// it), and how long one call of the explorer's loss takes on it, measured here.
import { h } from './dom.js';
import { embeddingCall } from './embedding-calls.js';
import { LOSSES, isEmbeddingKind, run } from './losses.js';
import { toQuery } from './state.js';

const CALLS = 2000;

/** Mean time of one package call for state `st`, in microseconds, over CALLS calls. */
export function timeOneCall(ml, st) {
  const call = isEmbeddingKind(LOSSES[st.loss]) ? () => embeddingCall(ml, st) : () => run(ml, st);
  call(); // warm: the first call compiles the binding's paths
  const start = performance.now();
  for (let k = 0; k < CALLS; k++) call();
  return ((performance.now() - start) * 1000) / CALLS;
}

/** What one call of the state's loss computes, in words. */
function oneCall(st) {
  const { kind } = LOSSES[st.loss];
  if (kind === 'cosine') return 'loss and two gradients, one pair of 2-D vectors';
  if (kind === 'triplet') return 'loss and three gradients, one triplet of 2-D points';
  return `loss and gradient, ${st.x.length} scores`;
}

export function createBuildSwitch(root, ctx) {
  const timing = h('span', { id: 'build-timing' });
  const other = h('a', { id: 'build-switch' });
  const name = ctx.ml.simd ? 'SIMD' : 'baseline';
  root.replaceChildren(
    h('span', { id: 'build-name', dataset: { simd: String(ctx.ml.simd) } }, `WebAssembly ${name} build loaded: every number below is computed by it. `),
    timing, ' ', other);
  let lastKey = '';
  return {
    render(st) {
      other.textContent = ctx.ml.simd ? 'Run the page on the baseline build' : 'Run the page on the SIMD build';
      other.href = `?${toQuery({ ...st, simd: !ctx.ml.simd })}`;
      const key = `${st.loss}|${st.red}|${st.x.length}`;
      if (key === lastKey) return;
      lastKey = key;
      const us = timeOneCall(ctx.ml, st);
      timing.dataset.us = String(us);
      timing.textContent = `One call of the explorer’s loss (${oneCall(st)}) takes ${us.toFixed(2)} µs here, averaged over ${CALLS} calls.`;
    },
  };
}
