// The decision guide: three questions answered by the package's own recommendLoss (one source of truth
// for the page, the README and user code), the chosen loss as code, and a link into the explorer.
import { CONVENTIONS, recommendLoss } from 'marginloss';
import { codePanel } from './code-panel.js';
import { fill, h } from './dom.js';
import { GUIDE_CHOICES } from './guide-state.js';
import { LOSSES, LOSS_IDS } from './losses.js';
import { snippets } from './snippets.js';
import { lossExample } from './state.js';

// The guide's questions: each answer's words, keyed by recommendLoss's ids (guide-state.js lists them).
const PER_SAMPLE_TEXT = {
  binary: 'a yes / no answer per score',
  'single-label': 'exactly one class out of C',
  'multi-label': 'any number of classes out of C',
  pair: 'a similar / dissimilar pair (from its distance)',
  ranking: 'a ranked pair (which should score higher)',
  'embedding-pair': 'a similar / dissimilar pair of embeddings (vectors)',
  triplet: 'an anchor, a positive and a negative embedding',
};
const LABEL_TEXT = { any: 'not sure / let the guide pick', ...CONVENTIONS };
const STYLE_TEXT = { any: 'either (let the guide pick)', probabilistic: 'probabilities (logistic / softmax)', margin: 'a margin (hinge, SVM-style)' };
const words = (key, text) => GUIDE_CHOICES[key].map((id) => [id, text[id]]);
const PER_SAMPLE = words('go', PER_SAMPLE_TEXT);
const LABEL_FORMATS = words('gl', LABEL_TEXT);
const STYLES = words('gs', STYLE_TEXT);

/** The page's loss id for a package function name ('softMarginLoss' → 'softMargin'). */
const pageId = (fn) => LOSS_IDS.find((id) => LOSSES[id].fn === fn);

/** recommendLoss for the guide's answers: { ok: true, id, ...recommendation } or { ok: false, message }. */
export function choose({ go, gl, gs }) {
  try {
    const query = { perSample: go };
    if (gl !== 'any') query.labels = gl;
    if (gs !== 'any') query.style = gs;
    const r = recommendLoss(query);
    return { ok: true, id: pageId(r.loss), ...r };
  } catch (error) {
    return { ok: false, message: error.message.replace(/^recommendLoss: /, '') };
  }
}

/** Every answer the guide gives, for its table: [{ go, gl, gs, choice }] where recommendLoss answers. */
function allAnswers() {
  return PER_SAMPLE.flatMap(([go]) => STYLES.filter(([gs]) => gs !== 'any')
    .flatMap(([gs]) => LABEL_FORMATS.map(([gl]) => ({ go, gl, gs, choice: choose({ go, gl, gs }) }))))
    .filter((row) => row.choice.ok);
}

const select = (id, options, onchange) => h('select', { id, onchange },
  options.map(([value, text]) => h('option', { value }, text)));

export function createGuide(root, ctx) {
  const perSampleSelect = select('guide-out', PER_SAMPLE, (e) => ctx.update({ go: e.target.value }));
  const labelSelect = select('guide-label', LABEL_FORMATS, (e) => ctx.update({ gl: e.target.value }));
  const styleSelect = select('guide-style', STYLES, (e) => ctx.update({ gs: e.target.value }));
  const result = h('div', { class: 'guide-result', 'aria-live': 'polite' });
  const code = codePanel('guide-', 'the chosen loss');
  const snippetTitle = h('h3', { id: 'guide-snippet-h' });
  const table = h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ['Each sample is', 'Labels you have', 'Style', 'Loss', 'Convert first'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, allAnswers().map(({ go, gl, gs, choice }) => h('tr', {},
      h('td', {}, PER_SAMPLE.find(([id]) => id === go)[1]), h('td', {}, LABEL_FORMATS.find(([id]) => id === gl)[1]),
      h('td', {}, STYLE_TEXT[gs]), h('td', {}, LOSSES[choice.id].name), h('td', {}, choice.convert ?? '—')))));
  root.append(
    h('div', { class: 'guide-grid' },
      h('div', { class: 'panel' },
        h('div', { class: 'field' }, h('label', { for: 'guide-out' }, '1. Each sample is'), perSampleSelect),
        h('div', { class: 'field' }, h('label', { for: 'guide-label' }, '2. The labels you have are'), labelSelect),
        h('div', { class: 'field' }, h('label', { for: 'guide-style' }, '3. You want'), styleSelect),
        result,
        h('p', { class: 'hint' }, 'The answers come from the package’s ', h('code', {}, 'recommendLoss'), ', the same function your code can call.'),
        h('details', { class: 'guide-table' }, h('summary', {}, 'Every answer the guide gives, as a table'),
          h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'The decision guide as a table' }, table))),
      h('section', { class: 'panel snippets', 'aria-labelledby': 'guide-snippet-h' },
        snippetTitle,
        code.elements)));

  let lastKey = '';
  function render(st) {
    const key = `${st.go}|${st.gl}|${st.gs}|${st.loss}`;
    if (key === lastKey) return;
    lastKey = key;
    perSampleSelect.value = st.go;
    labelSelect.value = st.gl;
    styleSelect.value = st.gs;
    const c = choose(st);
    if (!c.ok) {
      fill(result, h('p', { class: 'choice', id: 'guide-choice-none' }, 'No loss fits these answers: ', c.message, '.'));
      snippetTitle.textContent = 'Code for the chosen loss';
      code.show({ js: '', py: '' });
      return;
    }
    const def = LOSSES[c.id];
    const example = lossExample(c.id);
    fill(result,
      h('p', { class: 'choice' }, 'Use ', h('strong', { id: 'guide-choice' }, def.name), '.'),
      h('p', {}, `Why: ${c.why}.`),
      h('p', {}, `Target: ${c.target}.`),
      c.convert ? h('p', { class: 'callout warn', id: 'guide-convert' }, `Convert your labels first: ${c.convert}.`) : null,
      h('button', { type: 'button', class: 'primary', id: 'guide-open', onclick: () => ctx.openExplorer(example) },
        st.loss === c.id ? `Back to ${def.name} in the explorer` : `Open ${def.name} in the explorer`));
    snippetTitle.textContent = `${def.name} on its worked example, as code`;
    code.show(snippets(example));
  }
  return { render };
}
