// Writes README.md's speed section, between the markers <!-- bench:start ... --> and <!-- bench:end -->,
// from bench/results/latest.json: every number and every comparison in it comes from that run, so the
// README cannot claim what the benchmark did not measure. Run after `npm run bench`.
//
//   node bench/readme.mjs [path/to/latest.json]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ratioOf } from './aggregate.mjs';
import { LOSSES } from './cases.mjs';
import { fmt, fmtSpread, missReasons } from './report.mjs';
import { crossovers } from './targets.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = /<!-- bench:start[^\n]*-->\n/;
const END = '<!-- bench:end -->';
const FB = 'forward+backward';

const apiName = (key) => LOSSES.find((l) => l.key === key).api;
const pretty = (label) => label.replace(/\^(\d+)/g, (_, d) => [...d].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[c]).join(''));
const find = (cases, loss, label) => cases.find((c) => c.loss === loss && c.shape.label === label && c.mode === FB);

// "a–b" over the medians of a list of spreads (or one value), with `unit`.
function range(spreads, unit = '×') {
  const medians = spreads.filter(Boolean).map((s) => s.median);
  if (!medians.length) return 'not measured';
  const lo = Math.min(...medians);
  const hi = Math.max(...medians);
  return fmt(lo) === fmt(hi) ? `${fmt(lo)}${unit}` : `${fmt(lo)}–${fmt(hi)}${unit}`;
}


// The headline size of a loss: 10^6 elements (N=10^4, C=100 with classes); the embedding losses' N=10^4, D=128.
const headlineLabel = (loss) => (loss.embedding ? 'N=10^4,D=128' : '10^6');
const headlineName = (loss) => (loss.embedding ? 'N=10⁴, D=128' : loss.classDim ? 'N=10⁴, C=100' : '10⁶');

// The headline rows: every loss at its headline size.
function headlineTable(cases) {
  const columns = [
    ['ml-simd', 'API'], ['ml-simd-out', 'API, reused `out`'], ['ml-simd-zerocopy', 'zero-copy'],
    ['ml-simd-kernel', 'kernel alone'], ['js-tight', 'tight JS loop'], ['js-poly', 'polynomial JS loop'],
    ['tfjs-wasm', 'tfjs-wasm'], ['tfjs-wasm-expert', 'tfjs-wasm expert'], ['native-same', 'same C, native'],
    ['native-best', 'best native C'],
  ];
  const competitors = new Set(['js-tight', 'js-poly', 'tfjs-wasm', 'tfjs-wasm-expert']);
  const lines = [`| forward+backward | ${columns.map(([, name]) => name).join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`];
  for (const loss of LOSSES) {
    const c = find(cases, loss.key, headlineLabel(loss));
    if (!c) continue;
    const api = c.results['ml-simd-out'] ? 'ml-simd-out' : 'ml-simd';
    const cells = columns.map(([id]) => {
      const r = c.results[id];
      if (!r) return '—';
      if (!competitors.has(id)) return fmt(r.nsPerElement);
      const ratio = ratioOf(c, id, api);
      const spread = ratio?.runs > 1 ? `, ${fmt(ratio.min)}–${fmt(ratio.max)}` : '';
      return ratio ? `${fmt(r.nsPerElement)} (${fmt(ratio.median)}×${spread})` : fmt(r.nsPerElement);
    });
    lines.push(`| ${loss.api}, ${headlineName(loss)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

// The spreads of num ÷ den at one size over every loss that has both.
function acrossLosses(cases, label, num, den) {
  return LOSSES.map((l) => find(cases, l.key, label)).filter(Boolean).map((c) => ratioOf(c, num, den)).filter(Boolean);
}

function sentences(result) {
  const { cases, meta, memory } = result;
  const out = [];
  const big = (num, den) => LOSSES.map((l) => find(cases, l.key, headlineLabel(l))).filter(Boolean)
    .map((c) => ratioOf(c, num, den)).filter(Boolean);
  const reference = cases.some((c) => c.results['ml-simd-out']) ? 'ml-simd-out' : 'ml-simd';
  const refName = reference === 'ml-simd-out' ? 'the API with a reused `options.out`' : 'the API';
  out.push(`- Against ${refName} at the sizes above, the tight JS loop (\`Math.exp\`; \`Math.sqrt\` for the embedding losses) takes ${range(big('js-tight', reference))} ` +
    `as long, the polynomial JS loop ${range(big('js-poly', reference))}, tfjs-wasm ${range(big('tfjs-wasm', reference))} ` +
    `(idiomatic: autodiff, tensors made per call) and ${range(big('tfjs-wasm-expert', reference))} (expert: resident ` +
    'tensors, analytic gradient), comparing the medians across the losses in the table.');
  const copies = (num) => ['10^6', '10^7'].map((label) => [label, acrossLosses(cases, label, num, 'ml-simd-zerocopy')])
    .filter(([, spreads]) => spreads.length).map(([label, spreads]) => `${range(spreads)} at ${pretty(label)}`).join(' and ');
  const copied = LOSSES.filter((l) => ['10^6', '10^7'].some((label) => find(cases, l.key, label))).length;
  out.push(`- What the copies cost, as the API's time ÷ the zero-copy tier's over the ${copied} losses measured at those ` +
    `sizes: with fresh result arrays ${copies('ml-simd') || 'not measured'}; with a reused \`options.out\` ` +
    `${copies('ml-simd-out') || 'not measured'}.`);
  const fresh = meta.freshMemory;
  if (fresh) {
    const perArray = (fresh.microsecondsPerPage * fresh.arrayBytes) / 4096 / 1000;
    out.push(`- Most of the fresh-array cost is this machine's, not the copies': memory a process touches for the first ` +
      `time costs ${fresh.microsecondsPerPage.toFixed(1)} µs per 4 KiB page here (measured by the bench, bench/fresh-memory-probe.mjs), ` +
      `so each new ${fresh.arrayBytes / 2 ** 20} MiB result array (10⁶ float32 values) costs ${perArray.toFixed(1)} ms before ` +
      'anything is computed. A reused `options.out`, or the zero-copy tier, pays none of it.');
  }
  const calls = LOSSES.map((l) => find(cases, l.key, 'N=1,C=10')?.results['ml-simd']).filter(Boolean)
    .map((r) => ({ median: r.nsPerCall / 1000 }));
  out.push(`- One call on N = 1, C = 10 (the teaching page's case) takes ${range(calls, ' µs')} through the API. ` +
    'The smallest size from which the API beats the tight JS loop at every larger size: ' +
    `${pretty(crossovers(cases, 'ml-simd')) || 'not measured'}; with a reused \`options.out\`: ` +
    `${pretty(crossovers(cases, 'ml-simd-out')) || 'not measured'}.`);
  const baselineVsJs = ['10^4', '10^6', 'N=10^4,D=128'].flatMap((label) => acrossLosses(cases, label, 'ml-baseline', 'js-tight'));
  out.push(`- The baseline build (for engines without SIMD) takes ${range(big('ml-baseline', 'ml-simd'))} the SIMD API's ` +
    `time at the sizes above, and ${range(baselineVsJs)} the tight JS loop's from 10⁴ up (fresh inputs every call, so no loop ` +
    'replays branches it has learnt).');
  const best = meta.native?.programs?.find((p) => p.id === 'native-best');
  out.push(`- Native: the same 128-bit C compiled for this CPU takes ${range(big('native-same', 'ml-simd-kernel'))} the WASM ` +
    `kernel's time; plain C loops of the same formulas compiled \`${best?.flags ?? 'n/a'}\`` +
    `${meta.cpuFeatures?.length ? ` (this CPU: ${meta.cpuFeatures.join(', ')})` : ''} take ${range(big('native-best', 'ml-simd-kernel'))}: ` +
    'the machine\'s ceiling, wider than WebAssembly\'s 128-bit SIMD and with FMA.');
  if (memory) {
    const MiB = 2 ** 20;
    out.push(`- Module memory: ${fmt(memory.afterLargest / MiB)} MiB after a copying call of 10⁷ elements of every loss ` +
      `(${fmt(memory.initial / MiB)} MiB when loaded), ${fmt(memory.afterMixed / MiB)} MiB after ` +
      `${memory.calls.toLocaleString('en')} copying calls of mixed sizes.`);
  }
  return out.join('\n');
}

function targetsTable(targets) {
  const lines = ['| target (issues 12, 14) | measured | needed | |', '|---|---:|---:|---|'];
  for (const t of targets) {
    const value = t.value ? fmtSpread(t.value, true, t.unit) : 'not measured';
    lines.push(`| ${pretty(t.name)}${t.detail ? ` (${pretty(t.detail)})` : ''} | ${value} | ${t.needed} | ${t.verdict} |`);
  }
  lines.push(...missReasons(targets).map((line) => line.replace(/\*([^*]+)\*/g, (_, name) => `*${pretty(name)}*`)));
  return lines.join('\n');
}

export function speedSection(result) {
  const { meta } = result;
  const when = meta.date.slice(0, 10);
  return [
    `One invocation of \`npm run bench\` on ${when}: ${meta.cpu} (${meta.cores} cores), Node ${meta.node}, ` +
      `${meta.runs} run${meta.runs > 1 ? 's' : ''}, load average ${meta.loadAverage.start.toFixed(1)} → ` +
      `${meta.loadAverage.end.toFixed(1)}${meta.options.quick ? ' (--quick: rough numbers)' : ''}. Float32, reduction ` +
      "'mean', ns per element, medians over the runs; after a competitor's time, its time ÷ the API's with a reused " +
      `\`options.out\`${meta.runs > 1 ? ' (median, min–max over the runs)' : ''}, taken round by round within a run. ` +
      '`bench/results/latest.md` in the repository has every size and column.',
    '',
    headlineTable(result.cases),
    '',
    sentences(result),
    '',
    targetsTable(result.targets),
    '',
  ].join('\n');
}

/** README text with the section between the markers replaced. */
export function splice(readme, section) {
  const start = readme.match(START);
  const end = readme.indexOf(END);
  if (!start || end < start.index) throw new Error('README.md: no <!-- bench:start ... --> … <!-- bench:end --> markers');
  const from = start.index + start[0].length;
  return `${readme.slice(0, from)}${section}${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = process.argv[2] ?? path.join(ROOT, 'bench', 'results', 'latest.json');
  const result = JSON.parse(readFileSync(json, 'utf8'));
  const file = path.join(ROOT, 'README.md');
  writeFileSync(file, splice(readFileSync(file, 'utf8'), speedSection(result)));
  console.log(`README.md: speed section written from ${path.relative(ROOT, json)}`);
}
