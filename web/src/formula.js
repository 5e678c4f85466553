// Each loss's formula, then the same formula with the current numbers substituted. Text only: the value
// after '=' is the package's result, passed in.
import { fmt, fmtAny } from './dom.js';
import { LOSSES, multilabelMarginTarget } from './losses.js';

const n = (v) => fmt(v, 2).replace(/\.?0+$/, '') || '0';
const par = (v) => (v < 0 ? `(${n(v)})` : n(v));

function reduce(terms, red, count) {
  if (red === 'none') return `[${terms.join(', ')}]`;
  const sum = terms.join(' + ');
  return red === 'sum' ? sum : `(${sum}) / ${count}`;
}

/** { general, substituted } for the state, with `loss` (the package's value) at the end. */
export function formula(st, loss) {
  const def = LOSSES[st.loss];
  const C = st.x.length;
  const wOf = (i) => (st.w ? `${par(st.w[i])}·` : '');
  const red = st.red;
  const redText = red === 'mean' ? 'mean over' : red === 'sum' ? 'sum over' : 'one value per';
  let general;
  let terms;
  let count = C;
  switch (def.fn) {
    case 'softMarginLoss':
      general = `ℓᵢ = log(1 + e^(−yᵢ·xᵢ));  loss = ${redText} i`;
      terms = st.x.map((x, i) => `log(1 + e^(−${par(st.y[i])}·${par(x)}))`);
      break;
    case 'bceWithLogitsLoss':
      general = `ℓᵢ = ${st.w ? 'wᵢ·' : ''}[(1 − yᵢ)·xᵢ + ${st.pw ? '(1 + (pwᵢ − 1)·yᵢ)·' : ''}log(1 + e^(−xᵢ))];  loss = ${redText} i`;
      terms = st.x.map((x, i) => `${wOf(i)}[(1 − ${par(st.y[i])})·${par(x)} + ${st.pw ? `(1 + ${par(st.pw[i] - 1)}·${par(st.y[i])})·` : ''}log(1 + e^(${par(-x)}))]`);
      break;
    case 'hingeEmbeddingLoss': {
      const m = st.margin ?? 1;
      general = `ℓᵢ = xᵢ if yᵢ = 1;  max(0, margin − xᵢ) if yᵢ = −1;  both terms for any other y;  loss = ${redText} i`;
      terms = st.x.map((x, i) => (st.y[i] === 1 ? par(x) : st.y[i] === -1 ? `max(0, ${n(m)} − ${par(x)})`
        : `${par(x)} + max(0, ${n(m)} − ${par(x)})`));
      break;
    }
    case 'marginRankingLoss': {
      const m = st.margin ?? 0;
      general = `ℓᵢ = max(0, −yᵢ·(x1ᵢ − x2ᵢ) + margin);  loss = ${redText} pair i`;
      terms = st.x.map((x, i) => `max(0, −${par(st.y[i])}·(${n(x)} − ${par(st.x2[i])}) + ${n(m)})`);
      break;
    }
    case 'crossEntropyLoss': {
      general = `loss = −${st.w ? 'w[t]·' : ''}log( e^(x[t]) / Σ_c e^(x[c]) )${st.ls ? '  with label smoothing ε: (1 − ε)·that + (ε/C)·Σ_c −log softmax(x)[c]' : ''}`;
      const sub = `−${wOf(st.t)}log( e^(${n(st.x[st.t])}) / (${st.x.map((x) => `e^(${n(x)})`).join(' + ')}) )`;
      return { general, substituted: st.t === st.ii ? `target ${st.t} = ignoreIndex: 0 / 0 = ${fmtAny(loss)}` : `${sub}${st.ls ? ` (ε = ${n(st.ls)})` : ''} = ${fmtAny(loss)}` };
    }
    case 'multiMarginLoss': {
      const m = st.margin ?? 1;
      const p = st.p === 2 ? '²' : '';
      general = `loss = (1/C)·Σ_{i≠t} ${st.w ? 'w[t]·' : ''}max(0, margin − x[t] + x[i])${p}`;
      const parts = st.x.flatMap((x, i) => (i === st.t ? [] : [`max(0, ${n(m)} − ${par(st.x[st.t])} + ${par(x)})${p}`]));
      const body = `(1/${C})·${st.w ? `${par(st.w[st.t])}·` : ''}[${parts.join(' + ')}]`;
      return { general, substituted: `${body} = ${fmtAny(loss)}` };
    }
    case 'multilabelMarginLoss': {
      const target = multilabelMarginTarget(st);
      const end = target.findIndex((v) => v < 0);
      const list = end < 0 ? target : target.slice(0, end);
      const T = new Set(list);
      general = 'loss = (1/C)·Σ_{j in the list} Σ_{i ∉ T} max(0, 1 − (x[j] − x[i]))';
      const parts = list.flatMap((j) => st.x.flatMap((x, i) => (T.has(i) ? [] : [`max(0, 1 − (${n(st.x[j])} − ${par(x)}))`])));
      return { general, substituted: `target row [${target.join(', ')}] → list [${list.join(', ')}]:  (1/${C})·[${parts.join(' + ') || '0'}] = ${fmtAny(loss)}` };
    }
    case 'multilabelSoftMarginLoss':
      general = `loss = −(1/C)·Σ_c ${st.w ? 'w_c·' : ''}[y_c·log σ(x_c) + (1 − y_c)·log σ(−x_c)]`;
      terms = st.x.map((x, c) => `${wOf(c)}[${par(st.y[c])}·log σ(${n(x)}) + ${par(1 - st.y[c])}·log σ(${par(-x)})]`);
      return { general, substituted: `−(1/${C})·(${terms.join(' + ')}) = ${fmtAny(loss)}` };
    default:
      return { general: '', substituted: '' };
  }
  return { general, substituted: `${reduce(terms, red, count)} = ${fmtAny(loss)}` };
}
