// The decision guide as a chooser (label type × outputs per sample → the loss), and the current state as
// code for this package and for PyTorch ("copy as PyTorch").
import { fill, h, lit } from './dom.js';
import { LOSSES, diagnose, multilabelMarginTarget } from './losses.js';
import { lossExample } from './state.js';

export const LABEL_TYPES = [
  ['index', 'One class index per sample (e.g. 2)'],
  ['multihot', 'Several classes per sample, as a multi-hot row (e.g. [1, 0, 1, 0])'],
  ['list', 'Several classes per sample, as a list of indices (e.g. [2, 0])'],
  ['binary01', 'Yes / no, written 0 / 1'],
  ['binarypm', 'Yes / no, written −1 / +1'],
  ['distance', 'Similar / dissimilar pair with a distance, written +1 / −1'],
  ['pair', 'Which of two items should score higher, written +1 / −1'],
];
export const OUTPUTS = [
  ['one', 'One score per sample (or per label)'],
  ['perClass', 'One score per class (C scores per sample)'],
  ['two', 'Two scores to compare'],
];

/** The recommendation for a label type and output cardinality: { loss, why, alt }. */
export function choose(label, out) {
  const table = {
    index: { perClass: ['crossEntropy', 'Softmax cross-entropy is the default for single-label classification.', 'MultiMarginLoss if you want a hinge (an SVM-style margin) instead of probabilities.'],
      one: ['crossEntropy', 'One score cannot choose among C classes: output C scores and use CrossEntropyLoss.', null] },
    multihot: { perClass: ['multilabelSoftMargin', 'Logistic loss per class, averaged over classes; takes the multi-hot row as it is.', 'BCEWithLogitsLoss gives the same numbers (mean over all elements) and adds posWeight. Never feed −1 for absent classes.'] },
    list: { perClass: ['multilabelMargin', 'The multi-label hinge takes exactly this: class indices ended by −1.', 'Or convert to a multi-hot row and use MultiLabelSoftMarginLoss. Never pass the multi-hot row to MultiLabelMarginLoss.'] },
    binary01: { one: ['bceWithLogits', 'The standard binary loss on logits, for 0 / 1 labels.', 'SoftMarginLoss is the same loss but needs y = 2·t − 1 first.'],
      perClass: ['bceWithLogits', 'One 0 / 1 label per class is multi-label: BCEWithLogitsLoss element-wise.', 'MultiLabelSoftMarginLoss averages per sample instead.'] },
    binarypm: { one: ['softMargin', 'SoftMarginLoss is the logistic loss written for ±1 labels.', 'Or map t = (y + 1) / 2 and use BCEWithLogitsLoss. Never give ±1 to BCEWithLogitsLoss.'],
      perClass: ['softMargin', 'SoftMarginLoss works element-wise on ±1 labels of any shape.', 'Or map t = (y + 1) / 2 and use MultiLabelSoftMarginLoss.'] },
    distance: { one: ['hingeEmbedding', 'HingeEmbeddingLoss takes a distance and ±1: similar pairs pay the distance, dissimilar ones pay until margin apart.', 'Labels must be exactly ±1: a 0 gets both terms.'] },
    pair: { two: ['marginRanking', 'MarginRankingLoss(x1, x2, y) asks the preferred item to win by margin.', 'y must be ±1: y = 0 is a constant with no gradient.'] },
  };
  const row = table[label] ?? table.index;
  const hit = row[out];
  if (hit) return { loss: hit[0], why: hit[1], alt: hit[2], fits: true };
  const [first] = Object.entries(row);
  return { loss: first[1][0], why: `These labels go with ${OUTPUTS.find(([k]) => k === first[0])[1].toLowerCase()}. ${first[1][1]}`, alt: first[1][2], fits: false };
}

const jsArr = (a) => `[${a.map(lit).join(', ')}]`;
const pyArr = jsArr;
const intArr = (a) => `[${a.join(', ')}]`;

/** JS (this package) and Python (PyTorch 1.13) code that compute the current state's loss. */
export function snippets(st) {
  const def = LOSSES[st.loss];
  const opts = [];
  const kw = [];
  const has = (k) => def.options.includes(k);
  if (def.kind === 'multiclass' || def.kind === 'multilabel') opts.push(`shape: [1, ${st.x.length}]`);
  if (st.red !== 'mean') { opts.push(`reduction: '${st.red}'`); kw.push(`reduction='${st.red}'`); }
  const margin = st.margin ?? def.defaults?.margin;
  if (has('margin') && margin !== def.defaults.margin) { opts.push(`margin: ${lit(margin)}`); kw.push(`margin=${lit(margin)}`); }
  if (has('p') && st.p === 2) { opts.push('p: 2'); kw.push('p=2'); }
  if (has('weight') && st.w) { opts.push(`weight: ${jsArr(st.w)}`); kw.push(`weight=torch.tensor(${pyArr(st.w)})`); }
  if (has('posWeight') && st.pw) { opts.push(`posWeight: ${jsArr(st.pw)}`); kw.push(`pos_weight=torch.tensor(${pyArr(st.pw)})`); }
  if (has('labelSmoothing') && st.ls) { opts.push(`labelSmoothing: ${lit(st.ls)}`); kw.push(`label_smoothing=${lit(st.ls)}`); }
  if (has('ignoreIndex') && st.ii !== -100) { opts.push(`ignoreIndex: ${st.ii}`); kw.push(`ignore_index=${st.ii}`); }
  const jsOpts = opts.length ? `, { ${opts.join(', ')} }` : '';
  const ctor = `torch.nn.${def.name}(${kw.join(', ')})`;
  const x = `x = torch.tensor(${def.kind === 'multiclass' || def.kind === 'multilabel' ? `[${pyArr(st.x)}]` : pyArr(st.x)}, requires_grad=True)`;
  let js;
  let py;
  const head = "import { init } from 'marginloss';\n\nconst ml = await init();\n";
  const tail = "\nconsole.log(loss, grad);";
  const pyTail = '\nloss.backward()\nprint(loss, x.grad)';
  switch (def.kind) {
    case 'elementwise':
      js = `${head}const x = Float64Array.from(${jsArr(st.x)});\nconst y = Float64Array.from(${jsArr(st.y)});\nconst { loss, grad } = ml.${def.fn}(x, y${jsOpts});${tail}`;
      py = `import torch\n\n${x}\ny = torch.tensor(${pyArr(st.y)})\nloss = ${ctor}(x, y)${pyTail}`;
      break;
    case 'ranking':
      js = `${head}const x1 = Float64Array.from(${jsArr(st.x)});\nconst x2 = Float64Array.from(${jsArr(st.x2)});\nconst y = Float64Array.from(${jsArr(st.y)});\nconst { loss, grad, grad2 } = ml.${def.fn}(x1, x2, y${jsOpts});\nconsole.log(loss, grad, grad2);`;
      py = `import torch\n\nx1 = torch.tensor(${pyArr(st.x)}, requires_grad=True)\nx2 = torch.tensor(${pyArr(st.x2)}, requires_grad=True)\ny = torch.tensor(${pyArr(st.y)})\nloss = ${ctor}(x1, x2, y)\nloss.backward()\nprint(loss, x1.grad, x2.grad)`;
      break;
    case 'multiclass':
      js = `${head}const x = Float64Array.from(${jsArr(st.x)}); // one sample, ${st.x.length} classes\nconst { loss, grad } = ml.${def.fn}(x, [${st.t}]${jsOpts});${tail}`;
      py = `import torch\n\n${x}\ny = torch.tensor([${st.t}])  # int64 class index\nloss = ${ctor}(x, y)${pyTail}`;
      break;
    default: {
      const target = def.fn === 'multilabelMarginLoss' ? intArr(multilabelMarginTarget(st)) : jsArr(st.y);
      const jsTarget = def.fn === 'multilabelMarginLoss' ? target : `Float64Array.from(${target})`;
      const comment = def.fn === 'multilabelMarginLoss' ? (st.tf === 'multihot' ? '  # BUG: a multi-hot row, read as class indices' : '  # class indices, ended by -1') : '';
      js = `${head}const x = Float64Array.from(${jsArr(st.x)}); // one sample, ${st.x.length} classes\nconst { loss, grad } = ml.${def.fn}(x, ${jsTarget}${jsOpts});${tail}`;
      py = `import torch\n\n${x}\ny = torch.tensor([${target}])${comment}\nloss = ${ctor}(x, y)${pyTail}`;
    }
  }
  const warnings = diagnose(st).map((p) => p.title);
  if (warnings.length) {
    js = `${warnings.map((w) => `// WARNING: ${w}`).join('\n')}\n${js}`;
    py = `${warnings.map((w) => `# WARNING: ${w}`).join('\n')}\n${py}`;
  }
  return { js, py };
}

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied to the clipboard.';
  } catch {
    status.textContent = 'Copying is blocked here: select the code and copy it by hand.';
  }
}

export function createGuide(root, ctx) {
  const labelSelect = h('select', { id: 'guide-label', onchange: (e) => ctx.update({ gl: e.target.value }) },
    LABEL_TYPES.map(([v, t]) => h('option', { value: v }, t)));
  const outSelect = h('select', { id: 'guide-out', onchange: (e) => ctx.update({ go: e.target.value }) },
    OUTPUTS.map(([v, t]) => h('option', { value: v }, t)));
  const result = h('div', { class: 'guide-result', 'aria-live': 'polite' });
  const jsCode = h('code', { id: 'snippet-js' });
  const pyCode = h('code', { id: 'snippet-py' });
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  const snippetTitle = h('h3', { id: 'snippet-h' });
  root.append(
    h('div', { class: 'guide-grid' },
      h('div', { class: 'panel' },
        h('div', { class: 'field' }, h('label', { for: 'guide-label' }, '1. What are your labels?'), labelSelect),
        h('div', { class: 'field' }, h('label', { for: 'guide-out' }, '2. What does your model output?'), outSelect),
        result,
        h('details', { class: 'guide-table' }, h('summary', {}, 'The whole guide as a table'),
          h('table', { class: 'data' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Labels'), h('th', { scope: 'col' }, 'Outputs'), h('th', { scope: 'col' }, 'Loss'))),
            h('tbody', {}, LABEL_TYPES.flatMap(([lv, lt]) => OUTPUTS.map(([ov, ot]) => [lv, lt, ov, ot, choose(lv, ov)])
              .filter((r) => r[4].fits).map(([, lt2, , ot2, c]) => h('tr', {}, h('td', {}, lt2), h('td', {}, ot2), h('td', {}, LOSSES[c.loss].name)))))))),
      h('section', { class: 'panel snippets', 'aria-labelledby': 'snippet-h' },
        snippetTitle,
        h('div', { class: 'snippet' }, h('div', { class: 'snippet-head' }, h('span', {}, 'marginloss (JavaScript)'),
          h('button', { type: 'button', id: 'copy-js', onclick: () => copy(jsCode.textContent, status) }, 'Copy as JavaScript')), h('pre', {}, jsCode)),
        h('div', { class: 'snippet' }, h('div', { class: 'snippet-head' }, h('span', {}, 'PyTorch 1.13'),
          h('button', { type: 'button', id: 'copy-py', onclick: () => copy(pyCode.textContent, status) }, 'Copy as PyTorch')), h('pre', {}, pyCode)),
        status)));

  function render(st) {
    labelSelect.value = st.gl;
    outSelect.value = st.go;
    const c = choose(st.gl, st.go);
    const def = LOSSES[c.loss];
    fill(result,
      h('p', { class: 'choice' }, c.fits ? 'Use ' : 'Use instead ', h('strong', { id: 'guide-choice' }, def.name), ` — expects ${def.convention}.`),
      h('p', {}, c.why), c.alt ? h('p', { class: 'hint' }, c.alt) : null,
      h('button', { type: 'button', class: 'primary', id: 'guide-open', onclick: () => ctx.openExplorer(lossExample(c.loss)) },
        st.loss === c.loss ? `Back to ${def.name} in the explorer` : `Open ${def.name} in the explorer`));
    const s = snippets(st);
    snippetTitle.textContent = `The explorer’s current ${LOSSES[st.loss].name} as code`;
    jsCode.textContent = s.js;
    pyCode.textContent = s.py;
  }
  return { render };
}
