// Which WebAssembly build runs the page, a link to the other one (?simd=0 / ?simd=1 reloads the page on
// it), and how long one call of the explorer's loss takes on it, measured here.
import { h } from './dom.js';
import { run } from './losses.js';
import { toQuery } from './state.js';

const CALLS = 2000;

/** Mean time of one package call for state `st`, in microseconds, over CALLS calls. */
export function timeOneCall(ml, st) {
  run(ml, st); // warm: the first call compiles the binding's paths
  const start = performance.now();
  for (let k = 0; k < CALLS; k++) run(ml, st);
  return ((performance.now() - start) * 1000) / CALLS;
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
      timing.textContent = `One call of the explorer’s loss (loss and gradient, ${st.x.length} scores) takes ${us.toFixed(2)} µs here, averaged over ${CALLS} calls.`;
    },
  };
}
