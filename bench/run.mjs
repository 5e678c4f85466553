// `npm run bench`: marginloss (its API, zero-copy tier, raw kernel, SIMD and baseline builds) against a
// tight JavaScript loop, the same loop with polynomial e^x, TensorFlow.js (wasm and cpu, idiomatic and
// expert) and native C (the same 128-bit kernels, and plain loops vectorised for this CPU), for all ten
// losses: the eight of issue 12 from one call on 10 elements to 10^7 elements, the two embedding losses
// at N = 10^4 rows of D = 128. A benchmark, not a test: it prints a table and
// the targets' PASS / MISS, writes bench/results/{latest.json,latest.md,chart.svg}, and exits 0 whatever
// the numbers are. This file builds, runs the native programs and one worker.mjs process per loss and
// shape group, repeats that --runs times, probes module memory, and reports.
//
//   node --expose-gc bench/run.mjs [--quick] [--runs N] [--only softMargin,crossEntropy]
//                                  [--modes forward,forward+backward] [--no-native] [--no-tfjs] [--no-build] [--no-memory]
//                                  [--out DIR]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { caseKey, summarise } from './aggregate.mjs';
import { LOSSES, MODES, SHAPES, setCount, shapesOf } from './cases.mjs';
import { chartSvg } from './chart.mjs';
import { freshPageMicroseconds } from './fresh-memory-probe.mjs';
import { IMPLS } from './columns.mjs';
import { buildNative, compilerVersion, pickCompiler, runNative } from './native.mjs';
import { agreementLine, consoleTable, markdown, targetsMarkdown } from './report.mjs';
import { evaluateTargets } from './targets.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const startCpu = process.cpuUsage();
const startLoad = os.loadavg()[0];
const log = (...a) => console.error(...a);

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string' },
    modes: { type: 'string', default: 'forward+backward' },
    'no-native': { type: 'boolean', default: false },
    'no-tfjs': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-memory': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
  },
});

// Full: 3 runs of 5 rounds of ~4 ms batches per implementation and case; --quick: one run, rough numbers.
const TIMING = args.quick
  ? { rounds: 3, batchMs: 2, warmupMs: 10, minWarmupCalls: 2, maxMsPerImpl: 20, minRounds: 2 }
  : { rounds: 5, batchMs: 4, warmupMs: 15, minWarmupCalls: 2, maxMsPerImpl: 80, minRounds: 3 };
const RUNS = Number(args.runs ?? (args.quick ? 1 : 3));
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs ${args.runs}: a whole number of runs, at least 1`);
const MIXED_CALLS = args.quick ? 1e4 : 1e5; // the memory probe's copying calls of mixed sizes

const modes = args.modes.split(',');
for (const mode of modes) if (!MODES.includes(mode)) throw new Error(`--modes ${args.modes}: use ${MODES.join(', ')}`);
const losses = args.only
  ? LOSSES.filter((l) => args.only.split(',').some((name) => name === l.key || name === l.api))
  : LOSSES;
if (!losses.length) throw new Error(`--only ${args.only}: no such loss; use ${LOSSES.map((l) => l.key).join(', ')}`);

// ---- builds ----

function newestMtime(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }, 0);
}

// The WebAssembly modules measured: built from c/ now, in the bench's own cmake directory with the
// project's toolchain file (same flags as `npm run build`, without touching js/wasm or build/wasm), so
// the WASM and native columns run the same sources. --no-build, or a failed build, measures js/wasm/.
function wasmModules() {
  const shipped = (variant) => path.join(ROOT, 'js', 'wasm', `marginloss-${variant}.wasm`);
  let files = { simd: shipped('simd'), baseline: shipped('baseline') };
  let source = 'js/wasm (npm run build)';
  if (!args['no-build']) {
    const dir = path.join(ROOT, 'build', 'bench-wasm');
    try {
      const run = (a) => execFileSync('cmake', a, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      run(['-S', 'c', '-B', dir, `-DCMAKE_TOOLCHAIN_FILE=${path.join(ROOT, 'emscripten.cmake')}`]);
      run(['--build', dir, '-j', '2']);
      files = { simd: path.join(dir, 'marginloss-simd.wasm'), baseline: path.join(dir, 'marginloss-baseline.wasm') };
      source = 'built from c/ into build/bench-wasm with emscripten.cmake';
    } catch (error) {
      log(`bench: WARNING: the WebAssembly build failed; measuring js/wasm instead.\n${error.stderr ?? error}`);
    }
  }
  const oldest = Math.min(...Object.values(files).map((f) => statSync(f).mtimeMs));
  const sources = Math.max(newestMtime(path.join(ROOT, 'c', 'src')), newestMtime(path.join(ROOT, 'c', 'include')),
    statSync(path.join(ROOT, 'c', 'CMakeLists.txt')).mtimeMs);
  const stale = sources > oldest;
  if (stale) log('bench: WARNING: c/ is newer than the .wasm modules: the WASM and native columns may run different code');
  return { files, source, stale };
}

function nativePrograms(cc) {
  try {
    log(`bench: building the native programs with ${cc}`);
    return buildNative(cc, log);
  } catch (error) {
    log(`bench: WARNING: native columns skipped: ${error.stderr?.toString() || error.message}`);
    return [];
  }
}

// ---- one loss and shape group: the native programs, then a fresh worker process ----

const GRADS = path.join(ROOT, 'build', 'bench-native', 'gradients');
const nativeInfo = {};

// Runs every native program on one loss and shape; returns { timings: { mode: { id: timing } }, checks:
// { id: { loss: { mode: value }, gradFile } } }. Gradients are written on the first run, up to 10^6.
function nativeRun(programs, loss, shape, runIndex) {
  const timings = {};
  const checks = {};
  const n = shape.rows * shape.classes;
  for (const program of programs) {
    const gradDir = runIndex === 0 && n <= 1e6 ? path.join(GRADS, program.id) : null;
    if (gradDir) mkdirSync(gradDir, { recursive: true });
    try {
      const json = runNative(program.exe, {
        loss: loss.c, rows: shape.rows, classes: shape.classes, sets: setCount(n), modes, gradDir, timing: TIMING,
      });
      nativeInfo[program.id] = { flags: json.flags, compiler: json.compiler };
      checks[program.id] = { loss: {}, gradFile: gradDir ? path.join(gradDir, `${loss.c}-${shape.rows}x${shape.classes}.f32`) : null };
      for (const r of json.results) {
        checks[program.id].loss[r.mode] = r.loss_value;
        (timings[r.mode] ??= {})[program.id] = { nsPerCall: r.ns_per_call, reps: r.reps, rounds: r.rounds, samples: null };
      }
    } catch (error) {
      log(`bench: WARNING: ${program.id} ${loss.c} ${shape.label} failed: ${error.message}`);
    }
  }
  return { timings, checks };
}

function runWorker(loss, shapeIndices, native) {
  const config = {
    loss: loss.key, shapes: shapeIndices, modes, quick: args.quick, tfjs: !args['no-tfjs'], wasm: wasm.files,
    timing: TIMING, native: Object.fromEntries(shapeIndices.map((i) => [i, native[i].checks])),
  };
  // --no-liftoff: WebAssembly (ours and tfjs') runs optimised code from the first call. With V8's baseline
  // tier, a long call started before tier-up stays slow to its end, and warm-up of a 10^6-element case is
  // only a few calls: the first implementation measured would look several times slower than it is.
  const child = spawnSync(process.execPath, ['--expose-gc', '--no-liftoff', path.join(ROOT, 'bench', 'worker.mjs'), JSON.stringify(config)],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) {
    const what = shapeIndices.map((i) => SHAPES[i].label).join(', ');
    log(`bench: WARNING: ${loss.api} ${what} failed (exit ${child.status ?? child.signal}); skipped`);
    return null;
  }
  return JSON.parse(child.stdout);
}

function memoryProbe() {
  const child = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'memory-probe.mjs'),
    JSON.stringify({ wasm: wasm.files.simd, calls: MIXED_CALLS })], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) {
    log(`bench: WARNING: the memory probe failed (exit ${child.status ?? child.signal})`);
    return null;
  }
  return JSON.parse(child.stdout);
}

// CPU seconds of this process and its finished children (the workers, native runs and builds).
function cpuSeconds() {
  const { user, system } = process.cpuUsage(startCpu);
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (user + system) / 1e6 + (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in ticks
  } catch {
    return (user + system) / 1e6;
  }
}

// The vector features of this CPU that bound the native columns (Linux; empty elsewhere).
function cpuFeatures() {
  try {
    const flags = new Set(readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)[1].trim().split(/\s+/));
    return [['avx512f', 'AVX-512'], ['avx2', 'AVX2'], ['fma', 'FMA'], ['sse4_1', 'SSE4.1']].filter(([f]) => flags.has(f)).map(([, name]) => name);
  } catch {
    return [];
  }
}

function gitInfo() {
  const git = (...a) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--', 'c', 'js').length > 0 };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

// ---- main ----

const wasm = wasmModules();
const cc = pickCompiler();
const programs = args['no-native'] ? [] : nativePrograms(cc);

// Per loss, the shape indices of each worker process. A full run isolates the 10^7 shape (hundreds of MB
// of inputs) in a worker of its own; --quick leaves it out and uses one worker per loss.
function groupsOf(loss) {
  const mine = shapesOf(loss).filter((i) => !(args.quick && SHAPES[i].copyPath));
  if (args.quick) return [mine];
  return [...new Set(mine.map((i) => SHAPES[i].group))].map((g) => mine.filter((i) => SHAPES[i].group === g));
}
const byKey = new Map();
let tfjs = null;
for (let runIndex = 0; runIndex < RUNS; runIndex++) {
  for (const loss of losses) {
    for (const group of groupsOf(loss)) {
      const t0 = performance.now();
      const native = Object.fromEntries(group.map((i) => [i, nativeRun(programs, loss, SHAPES[i], runIndex)]));
      const out = runWorker(loss, group, native);
      if (!out) continue;
      log(`bench: run ${runIndex + 1}/${RUNS} ${loss.api} ${group.map((i) => SHAPES[i].label).join(' ')}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      tfjs ??= out.tfjs;
      for (const c of out.cases) {
        const shapeIndex = SHAPES.findIndex((s) => s.label === c.shape.label);
        const timings = { ...c.timings, ...native[shapeIndex].timings[c.mode] };
        const key = caseKey(c);
        if (!byKey.has(key)) {
          const { timings: _timings, ...first } = c;
          byKey.set(key, { ...first, runs: [] });
        }
        byKey.get(key).runs.push({ timings });
      }
    }
  }
}
rmSync(GRADS, { recursive: true, force: true });
const memory = args['no-memory'] ? null : memoryProbe();

// Cases in the order of LOSSES, SHAPES and MODES.
const order = (c) => [LOSSES.findIndex((l) => l.key === c.loss), SHAPES.findIndex((s) => s.label === c.shape.label), MODES.indexOf(c.mode)];
const cases = [...byKey.values()].map(summarise).sort((a, b) => {
  const [x, y] = [order(a), order(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
});

const result = {
  meta: {
    date: new Date().toISOString(),
    node: process.versions.node,
    v8: process.versions.v8,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    cpuFeatures: cpuFeatures(),
    git: gitInfo(),
    wasm: { source: wasm.source, files: Object.values(wasm.files).map((f) => path.relative(ROOT, f)), stale: wasm.stale },
    native: programs.length
      ? { compiler: compilerVersion(cc), programs: programs.map((p) => ({ id: p.id, ...nativeInfo[p.id] })) }
      : null,
    tfjs,
    // No allocator tuning of its own: the workers inherit this environment, as a user's process would.
    allocator: process.env.GLIBC_TUNABLES ? `GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES} (from the environment)` : 'defaults (GLIBC_TUNABLES unset)',
    runs: RUNS,
    options: { quick: args.quick, only: args.only ?? null, modes, ...TIMING },
    setsNote: `input sets per size: ${SHAPES.map((s) => `${s.label} ${setCount(s.rows * s.classes)}`).join(', ')}`,
    runtimeSeconds: 0,
    // Other processes on this machine skew every column alike; these say how busy it was.
    loadAverage: { start: startLoad, end: os.loadavg()[0] },
    cpuShare: 0,
    // What a fresh result array's memory costs here, apart from marginloss (fresh-memory-probe.mjs).
    freshMemory: freshPageMicroseconds(),
  },
  implementations: IMPLS,
  memory,
  cases,
  targets: evaluateTargets(cases, memory),
};
result.meta.runtimeSeconds = (performance.now() - started) / 1000;
result.meta.cpuShare = cpuSeconds() / result.meta.runtimeSeconds; // CPU time of this run ÷ wall time

mkdirSync(args.out, { recursive: true });
writeFileSync(path.join(args.out, 'latest.json'), `${JSON.stringify(result)}\n`);
writeFileSync(path.join(args.out, 'latest.md'), markdown(result));
for (const mode of modes) {
  const name = mode === 'forward' ? 'chart-forward.svg' : 'chart.svg';
  try {
    writeFileSync(path.join(args.out, name), await chartSvg(cases, mode));
  } catch (error) {
    log(`bench: WARNING: ${name} not written: ${error.stack ?? error}`);
  }
}

console.log(consoleTable(cases));
console.log(`\n× = time ÷ the API's (native columns: ÷ the WASM kernel's); > 1: marginloss is faster.${RUNS > 1 ? ` Medians over ${RUNS} runs.` : ''}`);
console.log(`\n${agreementLine(cases)}`);
console.log(`\nTargets\n${targetsMarkdown(result.targets)}`);
console.log(`\nWrote ${path.relative(ROOT, args.out)}/{latest.json, latest.md, chart.svg} in ${result.meta.runtimeSeconds.toFixed(0)} s` +
  `${args.quick ? ' (--quick: few rounds, rough numbers)' : ''}. Update README.md's speed section: node bench/readme.mjs`);
