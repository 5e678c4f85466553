// The embedding explorers' state as code a learner can copy and run unchanged: this package in Node and
// PyTorch 1.13, both in float64, making the call the page makes (embedding-calls.js: one row, shape
// [1, 2], reduction 'mean') and printing the page's numbers in one form:
//   loss 0.71…
//   grad [a, b]       (x1's, or the anchor's)
//   grad2 [a, b]      (x2's, or the positive's)
//   grad3 [a, b]      (the negative's: TripletMarginLoss)
// web/tests/fixtures/generate-embedding-snippets.mjs runs them in PyTorch; embedding-snippets.test.mjs
// checks them.
import { checkLabels } from 'marginloss';
import { EMBEDDING_DEFAULTS } from './embedding-state.js';
import { LOSSES } from './losses.js';

// A float as a literal both languages read back as the same float64, with '.0' when whole.
const float = (v) => (/[.e]/.test(String(v)) ? String(v) : `${v}.0`);
const floats = (a) => `[${a.map(float).join(', ')}]`;
const jsList = (name) => `\`[\${${name}.join(', ')}]\``;

/** Each input's name in both languages, its values, and PyTorch's keyword arguments beside the package's
 *  options (only those that differ from the defaults, which are the same in both). */
function callOf(st) {
  const def = LOSSES[st.loss];
  if (def.kind === 'cosine') {
    const written = st.margin !== def.defaults.margin;
    return {
      inputs: [['x1', st.u], ['x2', st.v]], target: st.cy,
      options: written ? [['margin', float(st.margin)]] : [], kwargs: written ? [`margin=${float(st.margin)}`] : [],
    };
  }
  const set = [
    ['margin', st.margin !== def.defaults.margin, float(st.margin)],
    ['p', st.p !== def.defaults.p, float(st.p)],
    ['eps', st.eps !== EMBEDDING_DEFAULTS.eps, float(st.eps)],
    ['swap', st.sw, 'true'],
  ].filter(([, differs]) => differs);
  return {
    inputs: [['anchor', st.ta], ['positive', st.tp], ['negative', st.tn]], target: null,
    options: set.map(([key, , v]) => [key, v]),
    kwargs: set.map(([key, , v]) => `${key}=${key === 'swap' ? 'True' : v}`),
  };
}

/** { js, py } for an embedding explorer state. */
export function embeddingSnippets(st) {
  const def = LOSSES[st.loss];
  const { inputs, target, options, kwargs } = callOf(st);
  const names = inputs.map(([name]) => name);
  const grads = ['grad', 'grad2', 'grad3'].slice(0, inputs.length);
  const check = target === null ? { fits: true } : checkLabels(def.fn, [target], { shape: [1, 2] });
  const warning = (c) => (check.fits ? '' : `${c} WARNING: ${check.problem}.\n${c} Fix: ${check.fix}.\n`);
  const args = [...names, ...(target === null ? [] : ['y'])].join(', ');
  const jsOptions = [['shape', '[1, 2]'], ...options].map(([key, v]) => `${key}: ${v}`).join(', ');
  const js = [
    `${warning('//')}import { init } from 'marginloss';`,
    '',
    'const ml = await init();',
    ...inputs.map(([name, v]) => `const ${name} = Float64Array.from(${floats(v)}); // one row of 2 coordinates`),
    ...(target === null ? [] : [`const y = Float64Array.from([${float(target)}]);`]),
    `const { loss, ${grads.join(', ')} } = ml.${def.fn}(${args}, { ${jsOptions} });`,
    "console.log('loss', loss);",
    ...grads.map((g) => `console.log('${g}', ${jsList(g)});`),
  ].join('\n');
  const py = [
    `${warning('#')}import torch`,
    '',
    ...inputs.map(([name, v]) => `${name} = torch.tensor([${floats(v)}], dtype=torch.float64, requires_grad=True)`),
    ...(target === null ? [] : [`y = torch.tensor([${float(target)}], dtype=torch.float64)`]),
    `loss = torch.nn.${def.name}(${kwargs.join(', ')})(${args})`,
    'loss.backward()',
    "print('loss', loss.tolist())",
    ...grads.map((g, i) => `print('${g}', ${names[i]}.grad[0].tolist())`),
  ].join('\n');
  return { js, py };
}
