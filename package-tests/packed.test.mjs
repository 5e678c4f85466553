// Tests what ships: `npm pack` (whose prepack builds both .wasm files) into a temporary directory, the
// tarball's contents and size, then installs it (offline: the tarball has no dependencies) into fresh
// projects and uses it from Node ESM, from TypeScript (tsc --noEmit --strict), from a Vite-built page in
// headless Chromium with a module Web Worker, and under Content-Security-Policies.
// Run: node --test package-tests/   (needs emscripten for the build and /usr/bin/chromium).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { inKilobytes, measure, statedInReadme } from '../scripts/sizes.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixture/', import.meta.url));
const BIN = (name, path) => join(ROOT, 'node_modules', name, path);
// The tarball must stay small. Both builds carry the vectorised kernels at -O3: -Os would make them
// smaller and every kernel slower.
const MAX_TARBALL_BYTES = 180_000;
// Exactly what users need: the JS (any .js under js/), the types, both builds and the documents.
const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'js/index.js', 'js/index.d.ts',
  'js/wasm/marginloss-simd.wasm', 'js/wasm/marginloss-baseline.wasm'];
const ALLOWED = [...REQUIRED.map((path) => new RegExp(`^${path.replace(/\./g, '\\.')}$`)), /^js\/([\w-]+\/)*[\w-]+\.js$/];

let work;
let tarball;
let packed;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 180_000, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

// A fresh project with the tarball installed.
function freshProject(name, files = {}) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: dir });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'marginloss-package-'));
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT }));
  packed = info;
  tarball = join(work, info.filename);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds exactly the JS, the types, both .wasm builds, README, LICENSE and CHANGELOG', () => {
  const paths = packed.files.map((file) => file.path).sort();
  for (const path of REQUIRED) assert.ok(paths.includes(path), `${path} is missing from the tarball`);
  const unexpected = paths.filter((path) => !ALLOWED.some((pattern) => pattern.test(path)));
  assert.deepEqual(unexpected, [], 'files users do not need');
  for (const wasm of ['js/wasm/marginloss-simd.wasm', 'js/wasm/marginloss-baseline.wasm']) {
    assert.ok(packed.files.find((file) => file.path === wasm).size > 1000, `${wasm} is empty`);
  }
  const bytes = statSync(tarball).size;
  assert.ok(bytes <= MAX_TARBALL_BYTES, `tarball ${bytes} bytes, budget ${MAX_TARBALL_BYTES}`);
  console.log(`# tarball ${packed.filename}: ${bytes} bytes packed, ${packed.unpackedSize} unpacked, ${paths.length} files`);
});

test("README's sizes are those of the tarball and the .wasm builds it packs (rerun scripts/sizes.mjs --write)", () => {
  const measured = inKilobytes(measure({ size: statSync(tarball).size, unpackedSize: packed.unpackedSize }));
  const stated = statedInReadme();
  for (const [what, kb] of Object.entries(measured)) {
    // README's own edits move the tarball by a few hundred bytes; anything more is a stale sentence.
    assert.ok(Math.abs(stated[what] - kb) <= Math.max(1, 0.02 * kb), `README says ${what} ${stated[what]} KB; measured ${kb} KB`);
  }
});

test('Node ESM: import from the installed package, both builds, one shared instance', () => {
  const dir = freshProject('node-esm', {
    'check.mjs': `import { init } from 'marginloss';
      const ml = await init();
      const again = await Promise.all([init(), init()]);
      const baseline = await init({ simd: false });
      const x = Float32Array.of(0.1, 0.2, 0.4, 0.8);
      console.log(JSON.stringify({
        shared: again.every((m) => m === ml),
        simd: ml.simd,
        loss: ml.multiMarginLoss(x, [3], { shape: [4] }).loss,
        baselineLoss: baseline.multiMarginLoss(x, [3], { shape: [4] }).loss,
      }));`,
  });
  const result = JSON.parse(run(process.execPath, ['check.mjs'], { cwd: dir }));
  assert.equal(result.shared, true);
  // docs/pytorch-compat.md#values-multi-margin: MultiMarginLoss doc example, 0.325.
  assert.ok(Math.abs(result.loss - 0.325) < 1e-6, JSON.stringify(result));
  assert.ok(Math.abs(result.baselineLoss - 0.325) < 1e-6, JSON.stringify(result));
});

// A plain Node project has no DOM library: the declarations must not need it.
test('TypeScript: a typed example passes tsc --noEmit --strict (nodenext and bundler, with and without the DOM lib)', () => {
  const dir = freshProject('typescript', { 'example.ts': readFileSync(join(FIXTURE, 'example.ts'), 'utf8') });
  for (const [module, resolution, lib] of [
    ['nodenext', 'nodenext', ['es2022']],
    ['esnext', 'bundler', ['es2022', 'dom']],
  ]) {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'es2022', module, moduleResolution: resolution,
        lib, types: [], skipLibCheck: false,
      },
      files: ['example.ts'],
    }));
    const result = spawnSync(process.execPath, [BIN('typescript', 'bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, `tsc (${resolution}):\n${result.stdout}${result.stderr}`);
  }
});

// Serves `dir` with the right MIME types; paths under /csp-none/ and /csp-wasm/ get a
// Content-Security-Policy without and with 'wasm-unsafe-eval'.
function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const policies = {
    'csp-none': "default-src 'self'; script-src 'self'; worker-src 'self'",
    'csp-wasm': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'",
  };
  const server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const [, first] = path.split('/');
    const headers = {};
    if (policies[first]) {
      headers['content-security-policy'] = policies[first];
      path = path.slice(first.length + 1);
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    try {
      const body = readFileSync(file);
      response.writeHead(200, { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, headers);
      response.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('a Vite-built page and a module Web Worker use the package in headless Chromium; CSP is reported', async () => {
  const dir = freshProject('vite-page');
  for (const file of ['index.html', 'main.js', 'worker.js', 'vite.config.mjs']) cpSync(join(FIXTURE, file), join(dir, file));
  run(process.execPath, [BIN('vite', 'bin/vite.js'), 'build'], { cwd: dir });
  const assets = execFileSync('ls', [join(dir, 'dist/assets')], { encoding: 'utf8' });
  assert.match(assets, /marginloss-simd-.*\.wasm/, 'Vite shipped the SIMD build');
  assert.match(assets, /marginloss-baseline-.*\.wasm/, 'Vite shipped the baseline build');

  const { chromium } = await import(BIN('playwright-core', 'index.mjs'));
  const server = await serve(join(dir, 'dist'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const load = async (path) => {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${base}${path}`);
      await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'loading', null, { timeout: 30_000 });
      const text = await page.textContent('#out');
      await page.close();
      return { result: JSON.parse(text), errors };
    };

    for (const path of ['/', '/csp-wasm/']) {
      const { result, errors } = await load(path);
      assert.deepEqual(errors, []);
      assert.equal(result.error, undefined, `${path}: ${result.error}`);
      assert.equal(result.simd, true, 'Chromium runs the SIMD build');
      assert.equal(result.baselineSimd, false);
      assert.equal(result.shared, true);
      // docs/pytorch-compat.md#values-multi-margin (0.325) and docs/pytorch-compat.md#soft-margin ('sum' 0.914267).
      assert.ok(Math.abs(result.loss - 0.325) < 1e-6 && Math.abs(result.baselineLoss - 0.325) < 1e-6, JSON.stringify(result));
      assert.equal(result.worker.error, undefined, `worker: ${result.worker.error}`);
      assert.ok(Math.abs(result.worker.loss - 0.914267) < 1e-6, JSON.stringify(result.worker));
    }

    const { result } = await load('/csp-none/');
    assert.match(result.error ?? '', /marginloss: could not load .*Content-Security-Policy forbids compiling WebAssembly: add 'wasm-unsafe-eval'/);
  } finally {
    await browser.close();
    server.close();
  }
});
