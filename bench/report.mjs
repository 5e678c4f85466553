// Turning the summarised cases into the printed table and bench/results/latest.md.
import { ratioOf } from './aggregate.mjs';
import { LOSSES } from './cases.mjs';
import { COPY_COST, IMPLS } from './columns.mjs';

const apiName = (key) => LOSSES.find((l) => l.key === key).api;
const isCallCase = (c) => c.shape.label === 'N=1,C=10';

/** 3 significant digits, no exponent for the ranges that occur here. */
export function fmt(v) {
  if (v === undefined || v === null || !Number.isFinite(v)) return '—';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** A spread's median and unit, with its min–max over the runs when there were several: "8.6× (7.9–9.1)". */
export function fmtSpread(s, withRange = true, unit = '') {
  if (!s) return '—';
  return withRange && s.runs > 1 ? `${fmt(s.median)}${unit} (${fmt(s.min)}–${fmt(s.max)})` : `${fmt(s.median)}${unit}`;
}

// One implementation's cell: time (µs per call for N=1,C=10, ns per element otherwise) and × ratio.
function cell(c, impl, withRange) {
  const r = c.results[impl.id];
  if (!r) return c.skipped?.[impl.id] ? 'n/a' : '';
  const time = isCallCase(c) ? r.nsPerCall / 1000 : r.nsPerElement;
  return r.ratio ? `${fmt(time)} ×${fmtSpread(r.ratio, withRange)}` : fmt(time);
}

const copyCell = (c, withRange) => fmtSpread(ratioOf(c, COPY_COST.num, COPY_COST.den), withRange);
const sizeLabel = (c) => (isCallCase(c) ? `${c.shape.label} µs/call` : `${c.shape.label} ns/el`);
const modeLabel = (mode) => (mode === 'forward' ? 'fwd' : 'fwd+bwd');
const columns = (cases) => IMPLS.filter((impl) => cases.some((c) => c.results[impl.id]));

// The cells of one case row, the derived API ÷ 0-copy column after 0-copy.
function rowCells(c, impls, withRange) {
  return impls.flatMap((impl) => {
    const here = cell(c, impl, withRange);
    return impl.id === COPY_COST.den ? [here, copyCell(c, withRange)] : [here];
  });
}

function headers(impls) {
  return impls.flatMap((impl) => (impl.id === COPY_COST.den ? [impl.short, COPY_COST.short] : [impl.short]));
}

/** The console table: one block per loss, medians only. */
export function consoleTable(cases) {
  const impls = columns(cases);
  const names = headers(impls);
  const widths = [16, 8, ...names.map((s) => Math.max(11, s.length + 1))];
  const row = (cells) => cells.map((s, i) => (i < 2 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join(' ');
  const lines = [];
  for (const loss of LOSSES) {
    const mine = cases.filter((c) => c.loss === loss.key);
    if (!mine.length) continue;
    const tfjsName = loss.tfjs === 'ops' ? 'its formula in tf ops' : loss.tfjs;
    lines.push('', `${loss.api}${loss.tfjs ? `   (tfjs idiomatic: ${tfjsName}${loss.sameFormula ? '' : ', a different formula: time only'})` : ''}`);
    lines.push(row(['size', 'mode', ...names]));
    for (const c of mine) lines.push(row([sizeLabel(c), modeLabel(c.mode), ...rowCells(c, impls, false)]));
  }
  return lines.join('\n');
}

/** One sentence on the equal-work checks run before timing. */
export function agreementLine(cases) {
  let checked = 0;
  let grads = 0;
  let gradOff = 0;
  const disagreements = [];
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
    `${grads - gradOff} of ${grads} gradient checks match element by element (1e-5 of the largest)` +
    `${disagreements.length ? `; disagreeing (not timed unless tfjs): ${disagreements.join('; ')}` : ''}.`;
}

export function targetsMarkdown(targets) {
  const lines = ['| target | measured (median, min–max over runs) | needed | |', '|---|---:|---:|---|'];
  for (const t of targets) {
    const value = t.value ? fmtSpread(t.value, true, t.unit) : 'not measured';
    lines.push(`| ${t.name}${t.detail ? ` (${t.detail})` : ''} | ${value} | ${t.needed} | ${t.verdict} |`);
  }
  lines.push(...missReasons(targets));
  return lines.join('\n');
}

/** Lines after a targets table: each distinct reason once, for the targets the run missed. */
export function missReasons(targets) {
  const lines = [];
  const reasons = [];
  for (const t of targets) {
    if (t.verdict !== 'MISS' || !t.why) continue;
    const reason = reasons.find((r) => r.why === t.why);
    if (reason) reason.names.push(t.name);
    else reasons.push({ why: t.why, names: [t.name] });
  }
  if (reasons.length) {
    lines.push('', 'Why each missed target is missed, and what would close it:', '');
    for (const { why, names } of reasons) lines.push(`- ${names.map((n) => `*${n}*`).join('; ')}: ${why}`);
  }
  return lines;
}

/** The machine and run, in one paragraph. */
export function runLine(meta) {
  return `Machine: ${meta.cpu} (${meta.cores} cores), Node ${meta.node}, ${meta.native?.compiler ?? 'no native build'}; ` +
    `${meta.date}; ${meta.runs} run${meta.runs > 1 ? 's' : ''} of ${meta.options.rounds} interleaved rounds; ` +
    `allocator: ${meta.allocator}; git ${meta.git.commit}` +
    `${meta.git.dirty ? ' + uncommitted changes in c/ or js/' : ''}; WebAssembly ${meta.wasm.source}; ` +
    `total ${meta.runtimeSeconds.toFixed(0)} s. Load average ${meta.loadAverage.start.toFixed(1)} → ${meta.loadAverage.end.toFixed(1)}, ` +
    `the run used ${(100 * meta.cpuShare).toFixed(0)} % of a core on average: other processes share the machine, ` +
    'so absolute times carry their noise; the ratios, taken round by round within a run, much less.';
}

/** Markdown: the legend, one table over all cases, the checks, the targets and the run. */
export function markdown(result) {
  const { cases, targets, meta, memory } = result;
  const impls = columns(cases);
  const out = [];
  out.push(`Float32, reduction 'mean'. Each time is the median over ${meta.runs} run${meta.runs > 1 ? 's' : ''} of a run's ` +
    `median of ${meta.options.rounds} interleaved rounds; ns per element (µs per call for the N=1, C=10 row). ` +
    "**×** = this time ÷ the API's time for the same case (native columns: ÷ the WASM kernel's), taken round by round " +
    `within a run${meta.runs > 1 ? '; the median over the runs, with min–max in brackets' : ''}. Above 1: marginloss is faster. ` +
    `Every call cycles through up to 64 input sets drawn afresh (${meta.setsNote}).`, '');
  const names = headers(impls);
  out.push(`| loss | size | mode | ${names.join(' | ')} |`);
  out.push(`|---|---|---|${names.map(() => '---:').join('|')}|`);
  let previous = null;
  for (const c of cases) {
    const name = c.loss === previous ? '' : apiName(c.loss);
    previous = c.loss;
    out.push(`| ${name} | ${sizeLabel(c)} | ${modeLabel(c.mode)} | ${rowCells(c, impls, true).join(' | ')} |`);
  }
  out.push('', 'Columns:', ...impls.map((i) => `- **${i.short}**: ${i.label}`),
    `- **${COPY_COST.short}**: the API's time ÷ the zero-copy tier's, round by round: what the copies in and out cost`);
  out.push('', `Sizes: n elements; the class-dimension losses take rows of 16 classes up to n=1024 and of 100 classes from 10^4; ` +
    'the embedding losses (cosineEmbeddingLoss, tripletMarginLoss) run only at N=10^4 rows of D=128 (ns per element of one input). ' +
    'n/a: not measured for this case (the JSON says why: no such loss in tfjs, --quick, 10^7 measures only the copy path).');
  out.push('', `tfjs ${meta.tfjs?.version ?? ''} (wasm binary: ${meta.tfjs?.wasmBinary ?? 'n/a'}). Idiomatic: sigmoidCrossEntropy for ` +
    'softMargin (labels (y+1)/2), bceWithLogits and multilabelSoftMargin (unweighted: the same mean), ' +
    'softmaxCrossEntropy with one-hot labels for crossEntropy, and hingeLoss for hingeEmbedding ' +
    '(max(0, 1 − y·x), a different formula: time only); the embedding losses, which tfjs lacks, as their formulas in tf ops ' +
    'with tf.valueAndGrads. Expert: each loss\'s own formula in tf ops (all but multilabelMargin).');
  out.push('', agreementLine(cases));
  if (memory) {
    out.push('', `Module memory of a fresh SIMD instance: ${fmt(memory.initial / 2 ** 20)} MiB loaded, ` +
      `${fmt(memory.afterLargest / 2 ** 20)} MiB after a copying call of 10^7 elements of every loss, ` +
      `${fmt(memory.afterMixed / 2 ** 20)} MiB after ${memory.calls} more copying calls of mixed sizes ` +
      `(${fmt(memory.beforeMixed / 2 ** 20)} MiB after their first round).`);
  }
  out.push('', targetsMarkdown(targets));
  out.push('', runLine(meta));
  return `${out.join('\n')}\n`;
}
