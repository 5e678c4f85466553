// The chart: vega-lite compiled to a vega view rendered headless to SVG (no canvas, no browser).
// One panel per loss; x = size, bars = the main implementations, y = ns per element on a log scale.
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { LOSSES, SHAPES } from './cases.mjs';
import { IMPLS } from './columns.mjs';

// The columns drawn (the others are in latest.md): marginloss's tiers, the competitors, native.
const DRAWN = ['ml-simd', 'ml-simd-out', 'ml-simd-zerocopy', 'ml-simd-kernel', 'js-tight', 'js-poly', 'tfjs-wasm',
  'tfjs-wasm-expert', 'native-same', 'native-best'];

export async function chartSvg(cases, mode) {
  const drawn = IMPLS.filter((impl) => DRAWN.includes(impl.id));
  const values = cases
    .filter((c) => c.mode === mode)
    .flatMap((c) =>
      drawn.filter((impl) => c.results[impl.id]).map((impl) => ({
        loss: LOSSES.find((l) => l.key === c.loss).api,
        size: c.shape.label,
        implementation: impl.short,
        nsPerElement: c.results[impl.id].nsPerElement,
      })),
    );
  const implOrder = drawn.map((i) => i.short).filter((s) => values.some((v) => v.implementation === s));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `marginloss vs alternatives, float32, ${mode}, reduction 'mean'`,
      subtitle: 'ns per element, log scale, lower is better (N=1,C=10: one call on 10 elements)',
    },
    data: { values },
    facet: { field: 'loss', type: 'nominal', title: null, sort: LOSSES.map((l) => l.api) },
    columns: 2,
    spec: {
      width: 560,
      height: 220,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'size', type: 'ordinal', sort: SHAPES.map((s) => s.label), title: null, axis: { labelAngle: 0 } },
        xOffset: { field: 'implementation', sort: implOrder },
        y: { field: 'nsPerElement', type: 'quantitative', scale: { type: 'log' }, stack: null, title: 'ns / element' },
        color: { field: 'implementation', type: 'nominal', sort: implOrder, title: 'implementation',
          scale: { scheme: 'tableau10' } },
      },
    },
    config: { background: 'white', font: 'sans-serif' },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
