// The explorer's state as code a learner can copy and run unchanged: this package in Node (JavaScript)
// and PyTorch 1.13 ("copy as PyTorch"). Both compute in float64 like the page, make the very call `run()`
// makes (packageOptions, packageTarget), and print the page's numbers in one form:
//   loss 0.5981…        (a list [a, b, …] for reduction 'none')
//   grad [a, b, …]
//   grad2 [a, b, …]     (MarginRankingLoss: the gradient for x2)
// tools/page-snippets/ runs them in PyTorch for a list of states; web/tests/snippets.test.mjs checks them.
// The embedding losses' code is embedding-snippets.js's.
import { checkLabels } from 'marginloss';
import { embeddingSnippets } from './embedding-snippets.js';
import { LOSSES, isEmbeddingKind, packageOptions, packageTarget } from './losses.js';

// A float as a literal that both languages read back as the same float64 (JS's shortest round-trip
// digits, which Python reads exactly), written with a '.0' when whole so it reads as a float.
const float = (v) => (/[.e]/.test(String(v)) ? String(v) : `${v}.0`);
const floats = (a) => `[${Array.from(a, float).join(', ')}]`;
const ints = (a) => `[${Array.from(a).join(', ')}]`;

// Options left at their default (the same in PyTorch and the package) are not written.
const isDefault = (def, key, value) => (key === 'reduction' && value === 'mean') || (key === 'p' && value === 1)
  || (key === 'margin' && value === def.defaults?.margin);

// The package's option → PyTorch's constructor argument (`shape` is the input tensor's own shape).
const TORCH_KWARG = {
  reduction: (v) => `reduction='${v}'`,
  margin: (v) => `margin=${float(v)}`,
  p: (v) => `p=${v}`,
  weight: (v) => `weight=torch.tensor(${floats(v)}, dtype=torch.float64)`,
  posWeight: (v) => `pos_weight=torch.tensor(${floats(v)}, dtype=torch.float64)`,
  labelSmoothing: (v) => `label_smoothing=${float(v)}`,
  ignoreIndex: (v) => `ignore_index=${v}`,
};
const INTEGER_OPTIONS = new Set(['shape', 'p', 'ignoreIndex']);
function jsOption(key, v) {
  if (typeof v === 'string') return `'${v}'`;
  const literal = INTEGER_OPTIONS.has(key) ? String : float;
  return Array.isArray(v) ? `[${v.map((e) => literal(e)).join(', ')}]` : literal(v);
}
// A typed array printed as [a, b, …], the form Python prints a list in.
const jsList = (name) => `\`[\${${name}.join(', ')}]\``;

/** { js, py }: code that computes the state's loss and gradient with this package and with PyTorch. */
export function snippets(st) {
  const def = LOSSES[st.loss];
  if (isEmbeddingKind(def)) return embeddingSnippets(st);
  const ranking = def.kind === 'ranking';
  const options = packageOptions(def, st);
  const target = packageTarget(def, st);
  const written = Object.entries(options).filter(([key, value]) => !isDefault(def, key, value));
  const none = options.reduction === 'none';
  const perWhat = ranking ? 'pair' : def.kind === 'elementwise' ? 'element' : 'sample';

  // The label check the package itself offers (checkLabels), as a warning above both snippets.
  const check = checkLabels(def.fn, target, options);
  const warning = (c) => (check.fits ? '' : `${c} WARNING: ${check.problem}.\n${c} Fix: ${check.fix}.\n`);

  // JavaScript: the same typed arrays and options object `run()` passes.
  const jsTarget = target instanceof Float64Array ? `Float64Array.from(${floats(target)})` : ints(target);
  const jsOpts = written.map(([key, v]) => `${key}: ${jsOption(key, v)}`);
  const jsInputs = ranking
    ? [`const x1 = Float64Array.from(${floats(st.x)});`, `const x2 = Float64Array.from(${floats(st.x2)});`]
    : [`const x = Float64Array.from(${floats(st.x)});${options.shape ? ` // one sample, ${st.x.length} classes` : ''}`];
  const js = [
    `${warning('//')}import { init } from 'marginloss';`,
    '',
    'const ml = await init();',
    ...jsInputs,
    `const y = ${jsTarget};`,
    `const { loss, grad${ranking ? ', grad2' : ''} } = ml.${def.fn}(${ranking ? 'x1, x2' : 'x'}, y${jsOpts.length ? `, { ${jsOpts.join(', ')} }` : ''});`,
    `console.log('loss', ${none ? jsList('loss') : 'loss'});`,
    `console.log('grad', ${jsList('grad')});`,
    ...(ranking ? [`console.log('grad2', ${jsList('grad2')});`] : []),
  ].join('\n');

  // Python: the same numbers as float64 tensors; a class-kind input is one sample, shape (1, C).
  const batch = (s) => (options.shape ? `[${s}]` : s);
  const leaf = (name, values) => `${name} = torch.tensor(${batch(floats(values))}, dtype=torch.float64, requires_grad=True)`;
  const pyInputs = ranking ? [leaf('x1', st.x), leaf('x2', st.x2)] : [leaf('x', st.x)];
  let pyTarget;
  if (target instanceof Float64Array) pyTarget = `torch.tensor(${def.kind === 'multilabel' ? batch(floats(target)) : floats(target)}, dtype=torch.float64)`;
  else if (def.kind === 'multiclass') pyTarget = `torch.tensor(${ints(target)})  # the class index (int64)`;
  else pyTarget = `torch.tensor(${batch(ints(target))})  # ${st.tf === 'multihot' ? 'the mistake: a multi-hot row, read as class indices' : `the true classes${target.includes(-1) ? ', ended by -1' : ''} (int64)`}`;
  const kwargs = written.filter(([key]) => key !== 'shape').map(([key, v]) => TORCH_KWARG[key](v));
  const grad = (name) => `${name}.grad${options.shape ? '[0]' : ''}.tolist()`;
  const py = [
    `${warning('#')}import torch`,
    '',
    ...pyInputs,
    `y = ${pyTarget}`,
    `loss = torch.nn.${def.name}(${kwargs.join(', ')})(${ranking ? 'x1, x2' : 'x'}, y)`,
    none ? `loss.sum().backward()  # backward() needs a scalar; the sum gives each ${perWhat}'s loss gradient 1`
      : 'loss.backward()',
    "print('loss', loss.tolist())",
    `print('grad', ${grad(ranking ? 'x1' : 'x')})`,
    ...(ranking ? [`print('grad2', ${grad('x2')})`] : []),
  ].join('\n');
  return { js, py };
}
