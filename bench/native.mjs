// Builds the library natively (c/CMakeLists.txt's own source list, so new kernels and vector layers are
// picked up as they land) once per flag set, links bench/native/bench.c against it, runs it and returns
// its JSON. The compiler defaults to clang: the same clang 14 that Emscripten uses for the WASM builds,
// so the only difference is the target. CC overrides it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// cmakeTarget: the benchmark library c/CMakeLists.txt defines for this flag set (used when present).
export const NATIVE_VARIANTS = [
  { id: 'native-sse41', flags: ['-O3', '-msse4.1'], cmakeTarget: 'marginloss_bench_sse41' },
  { id: 'native-march', flags: ['-O3', '-march=native'], cmakeTarget: 'marginloss_bench_native' },
];

function has(command) {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function pickCompiler() {
  if (process.env.CC) return process.env.CC;
  return has('clang') ? 'clang' : 'cc';
}

export function compilerVersion(cc) {
  try {
    return execFileSync(cc, ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
  } catch {
    return 'unknown';
  }
}

// Every .c file under c/src, for hosts without cmake.
function librarySources(dir = path.join(ROOT, 'c', 'src')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return librarySources(full);
    return entry.name.endsWith('.c') ? [full] : [];
  });
}

/**
 * Builds one variant; returns { exe, how }. Prefers the variant's benchmark library target from
 * c/CMakeLists.txt; without it, builds the plain `marginloss` target with the flags in CMAKE_C_FLAGS;
 * without cmake, compiles every .c file under c/src directly. Throws with the compiler's output on failure.
 */
export function buildNative(variant, cc, log) {
  const compilerDir = path.join(ROOT, 'build', 'bench-native', path.basename(cc));
  const exe = path.join(compilerDir, `bench-${variant.id}`);
  const flags = variant.flags.join(' ');
  const benchArgs = [...variant.flags, '-DNDEBUG', `-DML_BENCH_FLAGS="${flags}"`, `-I${path.join(ROOT, 'c', 'include')}`];
  const benchSource = path.join(ROOT, 'bench', 'native', 'bench.c');
  const run = (command, args) => execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  mkdirSync(compilerDir, { recursive: true });
  if (!has('cmake')) {
    log('bench: cmake not found; compiling c/src/**/*.c directly');
    run(cc, [...benchArgs, '-ffp-contract=off', `-I${path.join(ROOT, 'c', 'src')}`, ...librarySources(), benchSource, '-lm', '-o', exe]);
    return { exe, how: `${cc} ${flags} c/src/**/*.c` };
  }
  const configure = (dir, extra) =>
    run('cmake', ['-S', path.join(ROOT, 'c'), '-B', dir, `-DCMAKE_C_COMPILER=${cc}`, '-DCMAKE_BUILD_TYPE=Release', ...extra]);
  const shared = path.join(compilerDir, 'cmake');
  configure(shared, []);
  const targets = run('cmake', ['--build', shared, '--target', 'help']);
  let lib;
  let how;
  if (targets.includes(variant.cmakeTarget)) {
    run('cmake', ['--build', shared, '--target', variant.cmakeTarget, '-j', '2']);
    lib = path.join(shared, `lib${variant.cmakeTarget}.a`);
    how = `c/CMakeLists.txt target ${variant.cmakeTarget}`;
  } else {
    const dir = path.join(compilerDir, `cmake-${variant.id}`);
    configure(dir, [`-DCMAKE_C_FLAGS=${flags}`, '-DCMAKE_C_FLAGS_RELEASE=-DNDEBUG']);
    run('cmake', ['--build', dir, '--target', 'marginloss', '-j', '2']);
    lib = path.join(dir, 'libmarginloss.a');
    how = `c/CMakeLists.txt target marginloss with CMAKE_C_FLAGS="${flags}"`;
  }
  if (!existsSync(lib)) throw new Error(`cmake built no ${lib}`);
  run(cc, [...benchArgs, benchSource, lib, '-lm', '-o', exe]);
  return { exe, how };
}

/** Runs one built variant over `shapes` (and `losses`, C names); returns its JSON ({ flags, compiler, results }). */
export function runNative(exe, shapes, losses, { rounds, batchMs, warmupMs }) {
  const args = ['--shapes', shapes.map((s) => `${s.rows}x${s.classes}`).join(','), '--losses', losses.join(','),
    '--rounds', String(rounds), '--batch-ms', String(batchMs), '--warmup-ms', String(warmupMs)];
  const stdout = execFileSync(exe, args, { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(stdout);
}
