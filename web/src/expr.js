// A tiny expression tree for the explorer's "formula with the current numbers": the same tree is
// rendered (the text a learner reads) and evaluated (float64, plain Math), so a test can prove the text
// equals the package's number. Number leaves print every digit they need, so the text is the tree.
//
// Node: { op, args } or a leaf { op: 'num', value } / { op: 'named', name, of } (a value shown by name,
// e.g. S = e^1 + e^2.2, defined once beside the formula).

const node = (op, ...args) => ({ op, args });

export const num = (value) => ({ op: 'num', value });
/** A sub-expression shown as `name` and defined once (see `definitions`). */
export const named = (name, of) => ({ op: 'named', name, of });
export const add = (a, b) => node('add', a, b);
export const sub = (a, b) => node('sub', a, b);
export const mul = (a, b) => node('mul', a, b);
export const div = (a, b) => node('div', a, b);
/** −a; a number leaf is negated in place (exact), so −x with x = −0.5 reads 0.5, not −(−0.5). */
export const neg = (a) => (a.op === 'num' ? num(-a.value) : node('neg', a));
export const log = (a) => node('log', a);
/** log(1 + a), evaluated with Math.log1p. */
export const log1p = (a) => node('log1p', a);
export const exp = (a) => node('exp', a);
export const max = (a, b) => node('max', a, b);
export const pow = (a, k) => node('pow', a, num(k));
/** a₀ + a₁ + …, left to right; the empty sum is 0. */
export const sum = (items) => node('sum', ...items);

/** The tree's value in float64. */
export function evaluate(n) {
  const v = (i) => evaluate(n.args[i]);
  switch (n.op) {
    case 'num': return n.value;
    case 'named': return evaluate(n.of);
    case 'add': return v(0) + v(1);
    case 'sub': return v(0) - v(1);
    case 'mul': return v(0) * v(1);
    case 'div': return v(0) / v(1);
    case 'neg': return -v(0);
    case 'log': return Math.log(v(0));
    case 'log1p': return Math.log1p(v(0));
    case 'exp': return Math.exp(v(0));
    case 'max': return Math.max(v(0), v(1));
    case 'pow': { const a = v(0), k = v(1); return k === 2 ? a * a : a ** k; }
    case 'sum': return n.args.reduce((acc, item) => acc + evaluate(item), 0);
    default: throw new Error(`expr: unknown node '${n.op}'`);
  }
}

/** A number exactly as stored: the shortest text that parses back to it, with a real minus sign. */
export function formatNumber(v) {
  return (Object.is(v, -0) ? '0' : String(v)).replace('-', '−');
}

// Precedence of a rendered node: sums 1, a leading minus 1.5, products 2, powers 3, atoms 4.
const SUM = 1, NEG = 1.5, PRODUCT = 2, POWER = 3, ATOM = 4;

function precedence(n) {
  switch (n.op) {
    case 'num': return n.value < 0 ? NEG : ATOM;
    case 'add': case 'sub': return SUM;
    case 'sum': return n.args.length > 1 ? SUM : n.args.length ? precedence(n.args[0]) : ATOM;
    case 'neg': return NEG;
    case 'mul': case 'div': return PRODUCT;
    case 'pow': return POWER;
    default: return ATOM;
  }
}

const wrap = (n, below) => (precedence(n) < below ? `(${render(n)})` : render(n));

// A term of a sum node: a term that is itself a sum keeps its parentheses, so the terms stay visible
// (one per element, say). After the first, `+ a`, or `− a` for a negation or a negative number.
const firstTerm = (n) => wrap(n, NEG);
function term(n) {
  if (n.op === 'neg') return ` − ${wrap(n.args[0], PRODUCT)}`;
  if (n.op === 'num' && n.value < 0) return ` − ${formatNumber(-n.value)}`;
  return ` + ${wrap(n, NEG)}`;
}

/** The tree as text, with the parentheses the usual precedence needs (and those that keep a sum's
 *  terms apart), real minus signs, e^a, a², log(1 + a) for log1p. */
export function render(n) {
  const [a, b] = n.args ?? [];
  switch (n.op) {
    case 'num': return formatNumber(n.value);
    case 'named': return n.name;
    case 'add': return `${render(a)}${term(b)}`;
    case 'sum': return n.args.length ? `${firstTerm(a)}${n.args.slice(1).map(term).join('')}` : '0';
    case 'sub': return `${render(a)} − ${wrap(b, PRODUCT)}`;
    case 'mul': return `${wrap(a, PRODUCT)}·${wrap(b, PRODUCT)}`;
    case 'div': return `${wrap(a, PRODUCT)}/${wrap(b, ATOM)}`;
    case 'neg': return `−${wrap(a, PRODUCT)}`;
    case 'pow': return `${wrap(a, ATOM)}${b.value === 2 ? '²' : `^${render(b)}`}`;
    case 'log': return `log(${render(a)})`;
    case 'log1p': return `log(1 + ${render(a)})`;
    case 'exp': return `e^${(a.op === 'num' && a.value >= 0) || a.op === 'named' ? render(a) : `(${render(a)})`}`;
    case 'max': return `max(${render(a)}, ${render(b)})`;
    default: throw new Error(`expr: unknown node '${n.op}'`);
  }
}

/** Every node of the tree, named values' definitions included, depth first. */
export function nodes(n, out = []) {
  out.push(n);
  if (n.op === 'named') nodes(n.of, out);
  for (const child of n.args ?? []) nodes(child, out);
  return out;
}

/** The named values the tree uses, each once, in order of first use: [{ name, of }]. */
export function definitions(n) {
  const seen = new Map();
  for (const m of nodes(n)) if (m.op === 'named' && !seen.has(m.name)) seen.set(m.name, m);
  return [...seen.values()];
}
