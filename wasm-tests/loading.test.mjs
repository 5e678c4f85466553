// Loading: init() shares one instance however often and concurrently it is called, and
// init({ instance: 'private' }) makes a new one each time; failed loads (missing or corrupt .wasm, a
// foreign module, no WebAssembly) reject with a clear message and are not cached; a caller-supplied
// WebAssembly.Module or bytes replace fetching; engines without SIMD get the baseline build, which
// contains no SIMD instruction.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init } from '../js/index.js';

const JS_DIR = fileURLToPath(new URL('../js/', import.meta.url));
const WASM = {
  simd: readFileSync(join(JS_DIR, 'wasm/marginloss-simd.wasm')),
  baseline: readFileSync(join(JS_DIR, 'wasm/marginloss-baseline.wasm')),
};
// Whether this engine runs WebAssembly SIMD: whether it accepts the SIMD build.
const ENGINE_HAS_SIMD = WebAssembly.validate(WASM.simd);

// docs/pytorch-compat.md#values-soft-margin: SoftMarginLoss of [0.5, −1, 2] with [1, −1, 1], 'sum' = 0.914267.
function assertWorks(ml) {
  const { loss } = ml.softMarginLoss(Float64Array.of(0.5, -1, 2), Float64Array.of(1, -1, 1), { reduction: 'sum' });
  assert.ok(Math.abs(loss - 0.914267) < 1e-6, `loss ${loss}`);
}

// A copy of js/ in a temporary directory, to break its .wasm files without touching the real ones.
function copyOfPackage() {
  const dir = mkdtempSync(join(tmpdir(), 'marginloss-load-'));
  cpSync(JS_DIR, join(dir, 'js'), { recursive: true });
  // The package's own package.json: "type": "module", and the "imports" that pick the Node file reader.
  cpSync(new URL('../package.json', import.meta.url), join(dir, 'package.json'));
  return dir;
}

function runNode(args, code) {
  return spawnSync(process.execPath, [...args, '--input-type=module', '-e', code], { encoding: 'utf8' });
}

test('init() called many times, concurrently, returns one shared instance per build', async () => {
  const all = await Promise.all(Array.from({ length: 100 }, (_, i) => init(i % 2 ? {} : undefined)));
  assert.ok(all.every((ml) => ml === all[0]));
  assert.equal(all[0].simd, ENGINE_HAS_SIMD, 'init() picks the SIMD build where the engine has SIMD');
  assert.equal(await init({ simd: ENGINE_HAS_SIMD }), all[0]);
  const baselines = await Promise.all([init({ simd: false }), init({ simd: false }), init({ simd: false })]);
  assert.ok(baselines.every((ml) => ml === baselines[0]));
  assert.notEqual(baselines[0], all[0]);
  assertWorks(all[0]);
  assertWorks(baselines[0]);
});

test('a caller-supplied WebAssembly.Module or bytes replaces fetching, shared per module', async () => {
  const module = await WebAssembly.compile(WASM.baseline);
  const [a, b] = await Promise.all([init({ module, simd: false }), init({ module, simd: false })]);
  assert.equal(a, b);
  assert.equal(a.simd, false);
  assertWorks(a);
  const fromBytes = await init({ bytes: WASM.simd });
  assertWorks(fromBytes);
  // Which build a supplied module is comes from the module itself, not from the engine or the flag.
  assert.equal(fromBytes.simd, true);
  assert.equal((await init({ bytes: WASM.baseline })).simd, false);
  assertWorks(await init({ bytes: new Uint8Array(WASM.baseline).buffer, simd: false }));
  assertWorks(await init({ bytes: new Response(WASM.baseline, { headers: { 'content-type': 'application/wasm' } }), simd: false }));
  // A ModuleArray of one instance is refused by another instead of reading its memory.
  const x = fromBytes.alloc(Float64Array, 1);
  assert.throws(() => a.softMarginLoss(x, [1]), /another init\(\) instance/);
});

test("init({ instance: 'private' }) instantiates anew each time, from the package's file or supplied bytes", async () => {
  const shared = await init();
  const [a, b] = await Promise.all([init({ instance: 'private' }), init({ instance: 'private' })]);
  assert.notEqual(a, b);
  assert.ok(a !== shared && b !== shared);
  assert.equal(a.simd, ENGINE_HAS_SIMD);
  assertWorks(a);
  assertWorks(b);
  // A Response's body can be read once: the second instance comes from the module compiled for the first.
  const response = new Response(WASM.baseline, { headers: { 'content-type': 'application/wasm' } });
  const fromResponse = [await init({ bytes: response, instance: 'private' }), await init({ bytes: response, instance: 'private' })];
  assert.notEqual(fromResponse[0], fromResponse[1]);
  for (const ml of fromResponse) {
    assert.equal(ml.simd, false);
    assertWorks(ml);
  }
  const module = await WebAssembly.compile(WASM.baseline);
  const shares = await init({ module });
  const fromModule = await init({ module, instance: 'private' });
  assert.notEqual(fromModule, shares);
  assertWorks(fromModule);
  // A private load that fails rejects like a shared one.
  await assert.rejects(init({ bytes: new Uint8Array(64), instance: 'private' }), /not a valid marginloss WebAssembly module/);
});

test('bad init options reject with a TypeError before loading anything', async () => {
  await assert.rejects(init({ module: WASM.simd }), { name: 'TypeError', message: /options.module must be a WebAssembly.Module; got Buffer/ });
  await assert.rejects(init({ bytes: 'marginloss.wasm' }), { name: 'TypeError', message: /options.bytes must be the .wasm file's bytes/ });
  await assert.rejects(init({ bytes: WASM.simd, module: await WebAssembly.compile(WASM.simd) }), { name: 'TypeError', message: /not both/ });
  await assert.rejects(init({ simd: 'yes' }), { name: 'TypeError', message: /options.simd must be true or false/ });
  await assert.rejects(init({ wasm: WASM.simd }), { name: 'TypeError', message: /unknown option 'wasm'; valid options are .*'instance'/ });
  await assert.rejects(init({ instance: 'own' }), { name: 'TypeError', message: /init: options.instance must be 'shared' or 'private'; got string 'own'/ });
  await assert.rejects(init({ instance: true }), { name: 'TypeError', message: /options.instance must be 'shared' or 'private'; got boolean true/ });
  await assert.rejects(init(null), TypeError);
});

test('corrupt, truncated or foreign modules reject with a clear message', async () => {
  await assert.rejects(init({ bytes: WASM.simd.subarray(0, 100) }), /could not load the supplied module bytes: .*not a valid marginloss WebAssembly module/);
  await assert.rejects(init({ bytes: new Uint8Array(64) }), /could not load the supplied module bytes: .*not a valid marginloss WebAssembly module/);
  // A valid module that is not marginloss's: (module (func (export "f"))).
  const foreign = Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 4, 1, 2, 0, 11);
  await assert.rejects(init({ bytes: foreign }), /the supplied module is not a marginloss module \(missing exports: memory/);
  assertWorks(await init());
});

test('a missing .wasm file rejects naming the file, is not cached, and a later init() succeeds', async () => {
  const dir = copyOfPackage();
  try {
    const wasm = join(dir, 'js/wasm/marginloss-simd.wasm');
    const baseline = join(dir, 'js/wasm/marginloss-baseline.wasm');
    rmSync(wasm);
    rmSync(baseline);
    const copy = await import(pathToFileURL(join(dir, 'js/index.js')));
    const simd = ENGINE_HAS_SIMD;
    await assert.rejects(copy.init(), (error) => {
      assert.match(error.message, /marginloss: could not load file:.*marginloss-(simd|baseline)\.wasm: ENOENT/);
      assert.match(error.message, /The .wasm file is missing: make sure js\/wasm\/ was shipped/);
      return true;
    });
    writeFileSync(simd ? wasm : baseline, Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 0xff, 0xff));
    await assert.rejects(copy.init(), /could not load file:.*: .*not a valid marginloss WebAssembly module/);
    writeFileSync(simd ? wasm : baseline, simd ? WASM.simd : WASM.baseline);
    assertWorks(await copy.init());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without WebAssembly, init() rejects (never throws) with a clear message', () => {
  const code = `import { init } from ${JSON.stringify(pathToFileURL(join(JS_DIR, 'index.js')).href)};
    let promise;
    try { promise = init(); } catch (error) { console.log('threw', error.message); process.exit(0); }
    promise.then(() => console.log('resolved'), (error) => console.log('rejected', error.message));`;
  // Two ways to lose WebAssembly: a host that deletes it, and V8's --no-expose-wasm (Node 24 dropped the flag).
  const ways = [['--import', 'data:text/javascript,delete globalThis.WebAssembly']];
  if (runNode(['--no-expose-wasm'], '').status === 0) ways.push(['--no-expose-wasm']);
  for (const args of ways) {
    const { stdout, stderr } = runNode(args, code);
    assert.match(stdout, /^rejected marginloss: this JavaScript engine has no WebAssembly support/, `${args}: ${stdout}${stderr}`);
  }
});

test('an engine without SIMD gets the baseline build, and it works', () => {
  // Emulates such an engine: the SIMD probe (and any module with SIMD) fails validation and compilation.
  const hide = `const SIMD = (b) => { const u = b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength); return u.length < 64 && u.includes(0xfd); };
    const { validate } = WebAssembly; WebAssembly.validate = (b) => !SIMD(b) && validate(b);`;
  const code = `${hide}
    const { init } = await import(${JSON.stringify(pathToFileURL(join(JS_DIR, 'index.js')).href)});
    const ml = await init();
    const { loss } = ml.multiMarginLoss(Float32Array.of(0.1, 0.2, 0.4, 0.8), [3], { shape: [4] });
    console.log(JSON.stringify({ simd: ml.simd, loss }));
    await init({ simd: true }).then(() => console.log('simd loaded'), (e) => console.log(e.message));`;
  const { stdout, stderr } = runNode([], code);
  const [first, second] = stdout.trim().split('\n');
  const result = JSON.parse(first ?? 'null');
  assert.equal(result?.simd, false, stdout + stderr);
  assert.ok(Math.abs(result.loss - 0.325) < 1e-6); // docs/pytorch-compat.md#values-multi-margin
  assert.match(second, /init\(\{ simd: true \}\) but this engine has no WebAssembly SIMD support/);
});

test('the baseline .wasm validates with SIMD disabled; the SIMD build does not', () => {
  // Binaryen's wasm-opt (installed with Emscripten) validates against a feature set.
  const validate = (file) => spawnSync('wasm-opt', ['--all-features', '--disable-simd', file, '-o', '/dev/null'], { encoding: 'utf8' });
  const baseline = validate(join(JS_DIR, 'wasm/marginloss-baseline.wasm'));
  assert.equal(baseline.status, 0, baseline.stderr);
  assert.notEqual(validate(join(JS_DIR, 'wasm/marginloss-simd.wasm')).status, 0, 'the SIMD build uses SIMD');
  execFileSync('wasm-opt', ['--version']);
});
