// `npm run bench`: marginloss (SIMD and baseline builds) against a plain JavaScript loop, TensorFlow.js
// (wasm and cpu backends) and the same C compiled natively, for all eight losses, at 10^2, 10^4 and 10^6
// elements plus the page's one-call case, forward and forward+backward. A benchmark, not a test: it prints
// a table and the targets' PASS / MISS, writes bench/results/{latest.json,latest.md,chart*.svg}, and exits
// 0 whatever the numbers are. This file builds, runs the native program, starts one worker process
// (worker.mjs) per loss and shape, and reports.
//
//   node --expose-gc bench/run.mjs [--quick] [--only softMargin,crossEntropy] [--no-native] [--no-tfjs]
//                                  [--no-build] [--system-malloc] [--out DIR]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { LOSSES, MODES, SHAPES } from './cases.mjs';
import { chartSvg } from './chart.mjs';
import { buildNative, compilerVersion, NATIVE_VARIANTS, pickCompiler, runNative } from './native.mjs';
import { agreementLine, consoleTable, evaluateTargets, IMPLS, markdown, targetsMarkdown } from './report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const startCpu = process.cpuUsage();
const startLoad = os.loadavg()[0];
const log = (...a) => console.error(...a);

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-native': { type: 'boolean', default: false },
    'no-tfjs': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'system-malloc': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
  },
});

// Every implementation but the kernel-only ones allocates its outputs per call. With glibc's defaults,
// freed buffers go back to the OS and the next call's arrays page-fault in again, which on this VM costs
// as much as the loss itself (a 4 MB slice: about 4 ms instead of 0.4). The workers run with tunables
// that keep freed memory mapped, as a warm long-running process would, for every implementation alike;
// --system-malloc measures with the defaults.
const MALLOC_TUNABLES = 'glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=33554432:glibc.malloc.top_pad=67108864';
const workerEnv = args['system-malloc'] ? process.env
  : { ...process.env, GLIBC_TUNABLES: [process.env.GLIBC_TUNABLES, MALLOC_TUNABLES].filter(Boolean).join(':') };

// Full: ~110 ms of measurement per implementation and case (11 rounds of ~10 ms batches).
const TIMING = args.quick
  ? { rounds: 3, batchMs: 2, warmupMs: 20, minWarmupCalls: 2, maxMsPerImpl: 20, minRounds: 2 }
  : { rounds: 11, batchMs: 10, warmupMs: 40, minWarmupCalls: 2, maxMsPerImpl: 200, minRounds: 3 };
const NATIVE_TIMING = { rounds: TIMING.rounds, batchMs: TIMING.batchMs, warmupMs: TIMING.warmupMs };
const LOSS_TOLERANCE = 1e-5; // relative: the native builds' loss vs marginloss SIMD's

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

// Builds both native variants up front; they run per loss and shape (nativeRun), right before the
// in-process measurements of the same case, so both see the machine in the same state.
function nativeBuilds(cc) {
  const builds = [];
  for (const variant of NATIVE_VARIANTS) {
    try {
      log(`bench: building ${variant.id} (${cc} ${variant.flags.join(' ')})`);
      builds.push({ variant, ...buildNative(variant, cc, log) });
    } catch (error) {
      log(`bench: WARNING: ${variant.id} skipped: ${error.stderr?.toString() || error.message}`);
    }
  }
  return builds;
}

function nativeRun(builds, loss, shape) {
  const results = {};
  for (const build of builds) {
    try {
      const json = runNative(build.exe, [shape], [loss.c], NATIVE_TIMING);
      build.flagsReported = json.flags;
      build.compiler = json.compiler;
      results[build.variant.id] = json.results;
    } catch (error) {
      log(`bench: WARNING: ${build.variant.id} ${loss.c} ${shape.label} failed: ${error.message}`);
    }
  }
  return results;
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

function gitInfo() {
  const git = (...a) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--', 'c', 'js').length > 0 };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

// ---- one loss at one shape: native, then a fresh worker process for everything in-process ----

function runWorker(loss, shapeIndices) {
  const config = {
    loss: loss.key, shapes: shapeIndices, quick: args.quick, tfjs: !args['no-tfjs'], wasm: wasm.files, timing: TIMING,
  };
  // --no-liftoff: WebAssembly (ours and tfjs') runs optimised code from the first call. With V8's baseline
  // tier, a long call started before tier-up stays slow to its end, and warm-up of a 10^6-element case is
  // only a few calls: the first implementation measured would look several times slower than it is.
  const child = spawnSync(process.execPath, ['--expose-gc', '--no-liftoff', path.join(ROOT, 'bench', 'worker.mjs'), JSON.stringify(config)],
    { cwd: ROOT, env: workerEnv, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) {
    const what = shapeIndices.map((i) => SHAPES[i].label).join(', ');
    log(`bench: WARNING: ${loss.api} ${what} failed (exit ${child.status ?? child.signal}); skipped`);
    return null;
  }
  return JSON.parse(child.stdout);
}

// The native timings of this loss and shape join the worker's cases, with the native loss checked too.
function addNative(c, native, loss, shape) {
  const refLoss = c.checks['ml-simd'].loss;
  for (const variant of NATIVE_VARIANTS) {
    const n = native[variant.id]?.find(
      (r) => r.loss === loss.c && r.rows === shape.rows && r.classes === shape.classes && r.mode === c.mode,
    );
    if (!n) continue;
    const ok = Math.abs(n.loss_value - refLoss) <= LOSS_TOLERANCE * Math.max(1, Math.abs(refLoss));
    c.checks[variant.id] = { loss: n.loss_value, agrees: ok, grad: null };
    if (!ok) log(`bench: WARNING: ${variant.id} ${loss.api} ${shape.label} ${c.mode}: loss ${n.loss_value} vs marginloss ${refLoss}`);
    const kernelTime = c.results['ml-simd-kernel']?.nsPerCall;
    c.results[variant.id] = {
      nsPerCall: n.ns_per_call,
      nsPerElement: n.ns_per_call / c.elements,
      ratio: kernelTime ? n.ns_per_call / kernelTime : null,
      reps: n.reps,
      rounds: n.rounds,
    };
  }
}

// ---- main ----

const wasm = wasmModules();
const cc = pickCompiler();
const nativeBuilt = args['no-native'] ? [] : nativeBuilds(cc);

const cases = [];
let tfjs = null;
// A full run isolates every loss and shape in its own worker; --quick shares one worker per loss.
const groups = args.quick ? [SHAPES.map((_, i) => i)] : SHAPES.map((_, i) => [i]);
for (const loss of losses) {
  for (const group of groups) {
    const native = group.map((i) => nativeRun(nativeBuilt, loss, SHAPES[i]));
    const t0 = performance.now();
    const out = runWorker(loss, group);
    if (!out) continue;
    log(`bench: ${loss.api}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    tfjs ??= out.tfjs;
    for (const c of out.cases) {
      const k = SHAPES.findIndex((s) => s.label === c.shape.label);
      addNative(c, native[group.indexOf(k)], loss, SHAPES[k]);
      cases.push(c);
    }
  }
}

const result = {
  meta: {
    date: new Date().toISOString(),
    node: process.versions.node,
    v8: process.versions.v8,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    git: gitInfo(),
    wasm: { source: wasm.source, files: Object.values(wasm.files).map((f) => path.relative(ROOT, f)), stale: wasm.stale },
    native: nativeBuilt.length
      ? { compiler: compilerVersion(cc), variants: nativeBuilt.map((b) => ({ id: b.variant.id, flags: b.flagsReported, build: b.how })) }
      : null,
    tfjs,
    options: { quick: args.quick, only: args.only ?? null, ...TIMING },
    malloc: args['system-malloc'] ? 'system default' : `GLIBC_TUNABLES=${MALLOC_TUNABLES}`,
    runtimeSeconds: 0,
    // Other processes on this machine skew every column alike; these say how busy it was.
    loadAverage: { start: startLoad, end: os.loadavg()[0] },
    cpuShare: 0,
  },
  implementations: IMPLS,
  cases,
  targets: evaluateTargets(cases),
};
result.meta.runtimeSeconds = (performance.now() - started) / 1000;
result.meta.cpuShare = cpuSeconds() / result.meta.runtimeSeconds; // CPU time of this run ÷ wall time

mkdirSync(args.out, { recursive: true });
writeFileSync(path.join(args.out, 'latest.json'), `${JSON.stringify(result, null, 1)}\n`);
writeFileSync(path.join(args.out, 'latest.md'), markdown(result));
for (const mode of MODES) {
  const name = mode === 'forward' ? 'chart-forward.svg' : 'chart.svg';
  try {
    writeFileSync(path.join(args.out, name), await chartSvg(cases, mode));
  } catch (error) {
    log(`bench: WARNING: ${name} not written: ${error.stack ?? error}`);
  }
}

console.log(consoleTable(cases));
console.log(`\n× = time ÷ marginloss SIMD's (native columns: ÷ the SIMD kernel alone); > 1: marginloss SIMD is faster.`);
console.log(`\n${agreementLine(cases)}`);
console.log(`\nTargets\n${targetsMarkdown(result.targets)}`);
console.log(`\nWrote ${path.relative(ROOT, args.out)}/{latest.json, latest.md, chart.svg, chart-forward.svg} in ${result.meta.runtimeSeconds.toFixed(0)} s` +
  `${args.quick ? ' (--quick: few rounds, rough numbers)' : ''}.`);
