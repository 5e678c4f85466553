// The form both snippets print their numbers in, read back: one line per result, its name then a number
// or a list of numbers ('loss 0.25', 'grad [0.1, -0.2]'). Python spells non-finite values nan / inf,
// JavaScript NaN / Infinity. In the committed fixture (JSON) they are the strings "NaN", "Infinity".

const NON_FINITE = { nan: NaN, NaN: NaN, inf: Infinity, Infinity: Infinity, '-inf': -Infinity, '-Infinity': -Infinity };

function number(text) {
  if (text in NON_FINITE) return NON_FINITE[text];
  const v = Number(text);
  if (text === '' || Number.isNaN(v)) throw new Error(`not a number: '${text}'`);
  return v;
}

/** { loss, grad, grad2? } from a snippet's output; loss is a number or an array, grads are arrays. */
export function parsePrinted(output) {
  const out = {};
  for (const line of output.trim().split('\n')) {
    const m = /^(loss|grad|grad2) (.*)$/.exec(line);
    if (!m) throw new Error(`unexpected output line: '${line}'`);
    const text = m[2].trim();
    out[m[1]] = text.startsWith('[') ? (text === '[]' ? [] : text.slice(1, -1).split(',').map((s) => number(s.trim()))) : number(text);
  }
  if (out.loss === undefined || !out.grad) throw new Error(`no loss or grad in: ${output}`);
  return out;
}

/** JSON-safe copy of a parse result (non-finite numbers as strings), and back. */
export const toJSONSafe = (v) => (Array.isArray(v) ? v.map(toJSONSafe) : typeof v === 'number' && !Number.isFinite(v) ? String(v)
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, e]) => [k, toJSONSafe(e)])) : v);
export const fromJSONSafe = (v) => (Array.isArray(v) ? v.map(fromJSONSafe) : typeof v === 'string' ? number(v)
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, e]) => [k, fromJSONSafe(e)])) : v);

/** The committed list of page states: the query strings (without '?') of states.txt. */
export function readStates(text) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('?')).map((l) => l.slice(1));
}
