// Turning measurements into the printed table, the markdown table, and the target verdicts.
import { LOSSES } from './cases.mjs';
import { pairedRatio } from './timing.mjs';

/**
 * The implementations, in column order. `ref`: what the × ratio divides by (API-level columns by the
 * marginloss SIMD call; native builds by the SIMD kernel alone, since neither copies).
 */
export const IMPLS = [
  { id: 'ml-simd', short: 'SIMD', label: 'marginloss SIMD (convenience API, copies included)', ref: null },
  { id: 'ml-baseline', short: 'baseline', label: 'marginloss baseline build (convenience API)', ref: 'ml-simd' },
  { id: 'ml-simd-strict', short: 'SIMD strict', label: "marginloss SIMD with labels: 'strict' (the label-convention check included)", ref: 'ml-simd' },
  { id: 'ml-simd-zerocopy', short: 'SIMD 0-copy', label: 'marginloss SIMD, zero-copy tier (ml.alloc, options.out)', ref: 'ml-simd' },
  { id: 'ml-simd-kernel', short: 'SIMD kernel', label: 'marginloss SIMD kernel alone (raw export, data in module memory)', ref: 'ml-simd' },
  { id: 'js-loop', short: 'JS loop', label: 'plain JavaScript loop, same formula', ref: 'ml-simd' },
  { id: 'tfjs-wasm', short: 'tfjs-wasm', label: 'TensorFlow.js wasm backend', ref: 'ml-simd' },
  { id: 'tfjs-cpu', short: 'tfjs-cpu', label: 'TensorFlow.js cpu backend', ref: 'ml-simd' },
  { id: 'native-sse41', short: 'native SSE4.1', label: 'same C, native -O3 -msse4.1', ref: 'ml-simd-kernel' },
  { id: 'native-march', short: 'native -march', label: 'same C, native -O3 -march=native', ref: 'ml-simd-kernel' },
];

const apiName = (key) => LOSSES.find((l) => l.key === key).api;
const isCallCase = (c) => c.shape.rows === 1 && c.shape.classes === 10;

/** 3 significant digits, no exponent for the ranges that occur here. */
export function fmt(v) {
  if (v === undefined || v === null || !Number.isFinite(v)) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

// The cell of one implementation: time (µs/call for the N=1,C=10 case, ns/element otherwise) and ×ratio.
function cell(c, impl) {
  const r = c.results[impl.id];
  if (!r) return c.skipped?.[impl.id] ? 'n/a' : '';
  const time = isCallCase(c) ? r.nsPerCall / 1000 : r.nsPerElement;
  return impl.ref && Number.isFinite(r.ratio) ? `${fmt(time)} ×${fmt(r.ratio)}` : fmt(time);
}

const sizeLabel = (c) => (isCallCase(c) ? `${c.shape.label} µs/call` : `${c.shape.label} ns/el`);
const modeLabel = (mode) => (mode === 'forward' ? 'fwd' : 'fwd+bwd');

function columns(cases) {
  return IMPLS.filter((impl) => cases.some((c) => c.results[impl.id]));
}

/** The console table: one block per loss. */
export function consoleTable(cases) {
  const impls = columns(cases);
  const lines = [];
  const widths = [18, 8, ...impls.map((i) => Math.max(12, i.short.length + 1))];
  const row = (cells) => cells.map((s, i) => (i < 2 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join(' ');
  for (const loss of LOSSES) {
    const mine = cases.filter((c) => c.loss === loss.key);
    if (!mine.length) continue;
    lines.push('', `${loss.api}${loss.tfjs ? `   (tfjs: ${loss.tfjs}${loss.sameFormula ? '' : ', a different formula: time only'})` : ''}`);
    lines.push(row(['size', 'mode', ...impls.map((i) => i.short)]));
    for (const c of mine) lines.push(row([sizeLabel(c), modeLabel(c.mode), ...impls.map((i) => cell(c, i))]));
  }
  return lines.join('\n');
}

/** Markdown: the legend, one table over all cases, and the targets. */
export function markdown(result) {
  const { cases, targets, meta } = result;
  const impls = columns(cases);
  const out = [];
  out.push(`Float32, reduction 'mean'. Times are medians of ${meta.options.rounds} interleaved rounds after warm-up; ` +
    'ns per element (µs per call for the N=1, C=10 row). ' +
    '**×** = this time ÷ marginloss SIMD\'s time for the same case, the median of per-round ratios ' +
    '(native columns: the native median ÷ the SIMD kernel\'s median, as neither copies; the native program runs ' +
    'in its own process just before). Above 1 means marginloss SIMD is faster.', '');
  out.push(`| loss | size | mode | ${impls.map((i) => i.short).join(' | ')} |`);
  out.push(`|---|---|---|${impls.map(() => '---:').join('|')}|`);
  let previous = null;
  for (const c of cases) {
    const name = c.loss === previous ? '' : apiName(c.loss);
    previous = c.loss;
    out.push(`| ${name} | ${sizeLabel(c)} | ${modeLabel(c.mode)} | ${impls.map((i) => cell(c, i)).join(' | ')} |`);
  }
  out.push('', 'Columns:', ...impls.map((i) => `- **${i.short}**: ${i.label}`));
  out.push('', `tfjs ${meta.tfjs?.version ?? ''} (wasm binary: ${meta.tfjs?.wasmBinary ?? 'n/a'}) runs sigmoidCrossEntropy for ` +
    'softMargin (labels (y+1)/2), bceWithLogits and multilabelSoftMargin (unweighted: the same mean), ' +
    'softmaxCrossEntropy with one-hot labels for crossEntropy, and hingeLoss for hingeEmbedding ' +
    '(max(0, 1 − y·x), a different formula: time only). Gradients by tf.valueAndGrad over the logits; ' +
    'tensors made from the typed arrays and read back with dataSync in every call.');
  out.push('', agreementLine(cases));
  out.push('', targetsMarkdown(targets));
  out.push('', `Machine: ${meta.cpu} (${meta.cores} cores), Node ${meta.node}, ${meta.native?.compiler ?? 'no native build'}; ` +
    `${meta.date}; malloc: ${meta.malloc}; git ${meta.git.commit}${meta.git.dirty ? ' + uncommitted changes in c/ or js/' : ''}; WebAssembly ${meta.wasm.source}; ` +
    `total ${meta.runtimeSeconds.toFixed(0)} s. Load average ${meta.loadAverage.start.toFixed(1)} → ${meta.loadAverage.end.toFixed(1)}, ` +
    `the run used ${(100 * meta.cpuShare).toFixed(0)} % of a core on average: other processes share the machine, ` +
    'so absolute times carry their noise; the interleaved ratios much less.');
  return out.join('\n') + '\n';
}

/** One sentence on the equal-work checks run before timing. */
export function agreementLine(cases) {
  let checked = 0;
  const disagreements = [];
  let grads = 0;
  let gradOff = 0;
  for (const c of cases) {
    for (const [id, check] of Object.entries(c.checks)) {
      if (check.agrees === undefined || check.note) continue;
      checked++;
      if (!check.agrees) disagreements.push(`${id} ${apiName(c.loss)} ${c.shape.label} ${modeLabel(c.mode)}`);
      if (check.grad) {
        grads++;
        if (check.grad.mismatched > 0) gradOff++;
      }
    }
  }
  return `Equal work: ${checked - disagreements.length} of ${checked} loss values agree with marginloss SIMD's ` +
    '(1e-5 relative; tfjs 1e-4), and ' +
    `${grads - gradOff} of ${grads} gradient checks match element by element` +
    `${disagreements.length ? `; disagreeing (not timed if a JS loop): ${disagreements.join('; ')}` : ''}.`;
}

export function targetsMarkdown(targets) {
  const lines = ['| target | measured | needed | |', '|---|---:|---:|---|'];
  for (const t of targets) {
    lines.push(`| ${t.name} | ${Number.isFinite(t.value) ? fmt(t.value) + t.unit : 'not measured'} | ${t.needed} | ${t.verdict} |`);
  }
  return lines.join('\n');
}

// ---- targets ----

function find(cases, loss, rows, classes, mode) {
  return cases.find((c) => c.loss === loss && c.shape.rows === rows && c.shape.classes === classes && c.mode === mode);
}

function verdict(value, pass) {
  if (!Number.isFinite(value)) return 'NOT MEASURED';
  return pass ? 'PASS' : 'MISS';
}

/** Each target of the issue, with the measured value and PASS / MISS (never a failure of the run). */
export function evaluateTargets(cases) {
  const targets = [];
  const add = (name, value, unit, needed, pass) => targets.push({ name, value, unit, needed, verdict: verdict(value, pass(value)) });
  const fb = 'forward+backward';
  const big = { rows: 10000, classes: 100 };
  for (const key of ['softMargin', 'bceWithLogits']) {
    const c = find(cases, key, big.rows, big.classes, fb);
    const r = (id) => c?.results[id]?.ratio;
    const api = apiName(key);
    add(`${api}, fwd+bwd 10^6, API vs tfjs-wasm sigmoidCrossEntropy valueAndGrad`, r('tfjs-wasm'), '×', '≥ 20×', (v) => v >= 20);
    add(`${api}, fwd+bwd 10^6, API vs plain JS loop`, r('js-loop'), '×', '≥ 8×', (v) => v >= 8);
    add(`${api}, fwd+bwd 10^6, SIMD kernel time ÷ native -msse4.1`, 1 / r('native-sse41'), '×', '≤ 1.3×', (v) => v <= 1.3);
  }
  {
    const c = find(cases, 'crossEntropy', big.rows, big.classes, fb);
    add('crossEntropyLoss, fwd+bwd N=10^4 C=100, API vs tfjs-wasm softmaxCrossEntropy', c?.results['tfjs-wasm']?.ratio, '×', '≥ 10×', (v) => v >= 10);
  }
  for (const key of ['multiMargin', 'multilabelMargin']) {
    const c = find(cases, key, big.rows, big.classes, fb);
    add(`${apiName(key)}, fwd+bwd N=10^4 C=100, SIMD kernel time ÷ native -msse4.1`,
      1 / c?.results['native-sse41']?.ratio, '×', '≤ 1.5×', (v) => v <= 1.5);
  }
  for (const loss of LOSSES) {
    const c = find(cases, loss.key, 1, 10, fb);
    const us = c?.results['ml-simd']?.nsPerCall / 1000;
    add(`${loss.api}, one fwd+bwd call N=1 C=10, API median`, us, ' µs', '≤ 2 µs', (v) => v <= 2);
  }
  {
    // Baseline build vs JS loop, every case: the worst ratio (baseline time ÷ JS time) decides.
    let worst = null;
    const slower = new Map(); // size label -> cases where the baseline is slower
    let compared = 0;
    for (const c of cases) {
      const b = c.results['ml-baseline'];
      const j = c.results['js-loop'];
      if (!b || !j) continue;
      const ratio = pairedRatio(b, j);
      compared++;
      if (ratio > 1) slower.set(c.shape.label, (slower.get(c.shape.label) ?? 0) + 1);
      if (!worst || ratio > worst.ratio) worst = { ratio, c };
    }
    const bySize = [...slower].map(([size, count]) => `${count} at ${size}`).join(', ');
    const where = worst
      ? ` (worst: ${apiName(worst.c.loss)} ${worst.c.shape.label} ${modeLabel(worst.c.mode)}; slower in ${bySize || 'none'} of ${compared} cases)`
      : '';
    add(`baseline build never slower than the plain JS loop: max baseline time ÷ JS time${where}`,
      worst?.ratio, '×', '≤ 1×', (v) => v <= 1);
  }
  return targets;
}

