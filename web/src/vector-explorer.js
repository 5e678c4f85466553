// The explorer's view for the embedding losses: 2-D vectors or points dragged on a plane (or moved with
// sliders), the loss and every gradient from the package, the gradients drawn as arrows, sentences
// chosen by the live numbers, and the state as code. The loss-specific parts are cosine-view.js and
// triplet-view.js.
import { codePanel } from './code-panel.js';
import { cosineView } from './cosine-view.js';
import { fill, h } from './dom.js';
import { embeddingSnippets } from './embedding-snippets.js';
import { snapCoord } from './embedding-state.js';
import { lossSelect } from './loss-select.js';
import { LOSSES } from './losses.js';
import { dragHandles, drawPlane } from './plane.js';
import { tripletView } from './triplet-view.js';
import './vector-explorer.css';

const VIEWS = { cosine: cosineView, triplet: tripletView };
const PLANE_SIZE = { min: 260, max: 520, fallback: 420 };

/** Creates the view; ctx: { ml, state(), update(patch, opts) }. Returns { element, render(st), measure() }. */
export function createVectorExplorer(ctx) {
  const controls = h('form', { class: 'controls', 'aria-label': 'Embedding explorer controls', onsubmit: (e) => e.preventDefault() });
  const readout = h('div', { class: 'readout' });
  const diagnosis = h('div', { class: 'diagnosis' });
  const planeBox = h('div', { class: 'chart drag-surface plane-box', id: 'emb-plane' });
  const caption = h('figcaption', {});
  const sentences = h('div', { class: 'verdict', id: 'emb-sentences' });
  // The same ids as the score view's code panel: only one view is in the page at a time.
  const code = codePanel('', 'this state');
  const element = h('div', { class: 'explorer-grid' },
    h('div', { class: 'panel controls-panel' }, controls),
    h('div', { class: 'panel outputs' }, readout, diagnosis,
      h('div', { class: 'emb-pair' },
        h('figure', { class: 'fig' }, planeBox, caption),
        h('section', { class: 'emb-words', 'aria-labelledby': 'emb-words-h' },
          h('h3', { id: 'emb-words-h' }, 'What the numbers say'), sentences)),
      h('section', { class: 'subpanel', 'aria-labelledby': 'emb-snippet-h' },
        h('h3', { id: 'emb-snippet-h' }, 'This state as code'), code.elements)));

  dragHandles(planeBox, {
    move: (key, [x, y]) => {
      const at = [snapCoord(x), snapCoord(y)];
      const now = ctx.state()[key];
      if (now[0] !== at[0] || now[1] !== at[1]) ctx.update({ [key]: at }, { history: false });
    },
    end: () => ctx.update({}),
  });

  let built = '';
  let width = 0;
  let last = null;
  function measure() { width = planeBox.clientWidth; }

  function build(st, view) {
    const focused = document.activeElement?.id;
    const def = LOSSES[st.loss];
    fill(controls,
      h('div', { class: 'field' }, h('label', { for: 'ex-loss' }, 'Loss'), lossSelect(ctx)),
      h('p', { class: 'blurb', id: 'ex-blurb' }, `${def.blurb} Expects ${def.convention}.`),
      view.controls(ctx),
      h('p', { class: 'hint' }, 'Tip: drag a point on the plane, or focus a slider and use the arrow keys (0.05 a press); Page Up/Down take bigger steps.'));
    built = st.loss;
    if (focused) controls.querySelector(`#${CSS.escape(focused)}`)?.focus();
  }

  function render(st) {
    const def = LOSSES[st.loss];
    const view = VIEWS[def.kind];
    const size = Math.max(PLANE_SIZE.min, Math.min(PLANE_SIZE.max, width || PLANE_SIZE.fallback));
    const key = JSON.stringify([st.loss, st.u, st.v, st.cy, st.margin, st.ta, st.tp, st.tn, st.p, st.sw, st.eps, size]);
    if (last?.key === key) return last.out;
    if (built !== st.loss) build(st, view);
    view.sync(controls, st);
    controls.querySelector('#ex-loss').value = st.loss;

    const n = view.numbers(ctx.ml, st);
    const problems = view.problems(st);
    fill(readout, view.readout(n, def));
    fill(diagnosis, problems.map((p) => h('div', { class: 'callout warn', role: 'note' }, h('strong', {}, p.title), h('p', {}, p.text))));
    drawPlane(planeBox, view.scene(n), size);
    fill(caption, view.caption(n));
    fill(sentences, view.sentences(n).map((s) => h('p', {}, s.text)));
    code.show(embeddingSnippets(st));
    const out = { loss: n.loss, grad: [n.grad, n.grad2, n.grad3].filter(Boolean).flat(), problems, spoken: view.spoken(n, def) };
    last = { key, out };
    return out;
  }

  return { element, render, measure };
}
