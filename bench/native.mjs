// The native programs: bench/native/CMakeLists.txt builds both (the one way this project compiles c/src
// is CMake), this runs them per case and returns their JSON. The compiler defaults to clang, the same
// clang 14 that Emscripten uses for the WASM builds, so the "same 128-bit C" column differs from the
// WASM kernel only in its target; CC overrides it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const NATIVE_PROGRAMS = [
  { id: 'native-same', target: 'bench-same' },
  { id: 'native-best', target: 'bench-best' },
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

/**
 * Configures bench/native with `cc` and builds the programs it defines (a program whose CMake target is
 * absent, e.g. bench-same on a compiler without -msse4.1, is left out). Returns [{ id, exe }]; throws with
 * CMake's output when CMake is missing or the build fails.
 */
export function buildNative(cc, log) {
  if (!has('cmake')) throw new Error('cmake not found: the native columns need it (c/ builds only through CMake)');
  const dir = path.join(ROOT, 'build', 'bench-native', path.basename(cc));
  mkdirSync(dir, { recursive: true });
  const run = (args) => execFileSync('cmake', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run(['-S', path.join(ROOT, 'bench', 'native'), '-B', dir, `-DCMAKE_C_COMPILER=${cc}`, '-DCMAKE_BUILD_TYPE=Release']);
  const available = run(['--build', dir, '--target', 'help']);
  const programs = NATIVE_PROGRAMS.filter((p) => available.includes(p.target));
  for (const p of NATIVE_PROGRAMS) if (!programs.includes(p)) log(`bench: WARNING: ${p.id} not built: bench/native/CMakeLists.txt defines no ${p.target} for ${cc}`);
  if (programs.length) run(['--build', dir, '-j', '2', '--target', ...programs.map((p) => p.target)]);
  return programs.map((p) => ({ id: p.id, exe: path.join(dir, p.target) })).filter((p) => existsSync(p.exe));
}

/**
 * Runs one program on one loss (C name) and shape; returns its JSON ({ flags, compiler, results }).
 * gradDir: where it writes the first input set's gradients, for the worker to check.
 */
export function runNative(exe, { loss, rows, classes, sets, modes, gradDir, timing }) {
  const args = ['--shapes', `${rows}x${classes}`, '--losses', loss, '--sets', String(sets), '--modes', modes.join(','),
    '--rounds', String(timing.rounds), '--batch-ms', String(timing.batchMs), '--warmup-ms', String(timing.warmupMs)];
  if (gradDir) args.push('--grad-dir', gradDir);
  const stdout = execFileSync(exe, args, { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(stdout);
}
