// The packed tarball through the mainstream bundlers other than Vite, each with what README's Bundlers
// section says it needs and nothing else: webpack 5, esbuild and Rollup pages computing a loss in headless
// Chromium, webpack and esbuild builds for Node run by Node. The bundlers are the repository's
// devDependencies, run against a fresh project (a CommonJS one, npm init's default, so webpack's
// CommonJS output for Node runs as it is). packed.test.mjs runs this suite on its tarball: one `npm pack`
// (whose prepack rebuilds js/wasm/) per run, never two at once.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { BIN, FIXTURE, freshProject, launchChromium, loadPage, ROOT, run, serve } from './helpers.mjs';

let project;
let server;
let browser;

const bundler = (name, args) => run(join(ROOT, 'node_modules/.bin', name), args, { cwd: project });
const wasmFiles = (dir) => readdirSync(join(project, dir)).filter((file) => file.endsWith('.wasm'));

// README's step for esbuild and Rollup, which leave `new URL('./wasm/…', import.meta.url)` as it is:
// the package's .wasm files copied to wasm/ beside the bundle.
const copyWasm = (dir) => cpSync(join(project, 'node_modules/marginloss/js/wasm'), join(project, dir, 'wasm'), { recursive: true });

// A page in dist/`dir` that runs the bundle `script` (an ES module unless `classic`).
function writePage(dir, script, { classic = false } = {}) {
  const tag = classic ? `<script defer src="./${script}"></script>` : `<script type="module" src="./${script}"></script>`;
  writeFileSync(join(project, 'dist', dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${dir}</title>${tag}</head>` +
    '<body><pre id="out">loading</pre></body></html>');
}

const open = (dir) => loadPage(browser, `http://127.0.0.1:${server.address().port}/${dir}/`);

// Both builds loaded and gave MultiMarginLoss's documentation example, 0.325
// (docs/pytorch-compat.md#values-multi-margin); Chromium and Node both run the SIMD build.
function assertComputed({ result, errors = [] }) {
  assert.deepEqual(errors, []);
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.simd, true, 'the default build is SIMD');
  assert.equal(result.baselineSimd, false, 'init({ simd: false }) loaded the baseline build');
  assert.ok(Math.abs(result.loss - 0.325) < 1e-6 && Math.abs(result.baselineLoss - 0.325) < 1e-6, JSON.stringify(result));
}

// Runs a Node bundle from its own directory (nothing found through the project's node_modules).
const runNode = (dir, file) => JSON.parse(run(process.execPath, [file], { cwd: join(project, dir) }));

// Registers the suite. `packed()` gives { work, tarball } (a temporary directory and the tarball's path),
// read once the caller's own before() has packed.
export function bundlerSuite(packed) {
  describe('bundlers other than Vite', () => {
    before(async () => {
      const { work, tarball } = packed();
      project = freshProject(join(work, 'bundlers'), tarball);
      cpSync(join(FIXTURE, 'bundlers'), project, { recursive: true });
      server = await serve(join(project, 'dist'));
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      server?.close();
    });

    test('webpack 5, no configuration: a page (target web) emits both .wasm files and computes the loss', async () => {
      bundler('webpack', ['--mode', 'production', '--entry', './page.js', '--output-path', 'dist/webpack']);
      assert.equal(wasmFiles('dist/webpack').length, 2, 'webpack emitted both builds');
      writePage('webpack', 'main.js', { classic: true });
      assertComputed(await open('webpack'));
    });

    test('webpack 5, target node: the bundle reads the emitted .wasm files from disk', () => {
      bundler('webpack', ['--mode', 'production', '--target', 'node', '--entry', './node.js', '--output-path', 'dist/webpack-node']);
      assertComputed({ result: runNode('dist/webpack-node', 'main.js') });
    });

    test('esbuild, browser: an ESM bundle with the .wasm files copied to wasm/ beside it; without them, the hint says so', async () => {
      for (const dir of ['esbuild', 'esbuild-uncopied']) {
        bundler('esbuild', ['page.js', '--bundle', '--format=esm', '--platform=browser', '--log-level=warning', `--outdir=dist/${dir}`]);
        writePage(dir, 'page.js');
      }
      copyWasm('dist/esbuild');
      assertComputed(await open('esbuild'));
      const { result } = await open('esbuild-uncopied');
      assert.match(result.error ?? '', /HTTP 404 .*The \.wasm file is missing.*copied next to the bundle as wasm\/.*init\(\{ bytes \}\)/);
    });

    test('esbuild, browser: the init({ bytes }) recipe with --loader:.wasm=file and the wasm subpath exports', async () => {
      bundler('esbuild', ['bytes-page.js', '--bundle', '--format=esm', '--platform=browser', '--loader:.wasm=file',
        '--log-level=warning', '--outdir=dist/esbuild-bytes']);
      assert.equal(wasmFiles('dist/esbuild-bytes').length, 2, 'esbuild emitted both builds');
      writePage('esbuild-bytes', 'bytes-page.js');
      assertComputed(await open('esbuild-bytes'));
    });

    test('esbuild, platform node: an ESM bundle with the .wasm files beside it runs; a CommonJS one says why it cannot', () => {
      bundler('esbuild', ['node.js', '--bundle', '--platform=node', '--format=esm', '--log-level=error', '--outfile=dist/esbuild-node/main.mjs']);
      copyWasm('dist/esbuild-node');
      assertComputed({ result: runNode('dist/esbuild-node', 'main.mjs') });

      bundler('esbuild', ['node.js', '--bundle', '--platform=node', '--format=cjs', '--log-level=error', '--outfile=dist/esbuild-cjs/main.cjs']);
      const { error } = runNode('dist/esbuild-cjs', 'main.cjs');
      assert.match(error ?? '', /import\.meta\.url is empty here \(a CommonJS or IIFE bundle\).*bundle as ESM.*init\(\{ bytes \}\)/);
    });

    test('a bundle made for browsers also runs in Node (the file reader is reached without an import)', () => {
      bundler('esbuild', ['node.js', '--bundle', '--platform=browser', '--format=esm', '--log-level=error', '--outfile=dist/browser-in-node/main.mjs']);
      copyWasm('dist/browser-in-node');
      assertComputed({ result: runNode('dist/browser-in-node', 'main.mjs') });
    });

    test('Rollup with @rollup/plugin-node-resolve: a page with the .wasm files copied to wasm/ beside it', async () => {
      const plugin = pathToFileURL(BIN('@rollup/plugin-node-resolve', 'dist/es/index.js'));
      writeFileSync(join(project, 'rollup.config.mjs'), `import { nodeResolve } from '${plugin}';\n` +
        "export default { input: 'page.js', output: { dir: 'dist/rollup', format: 'es' }, plugins: [nodeResolve()] };\n");
      bundler('rollup', ['--config', 'rollup.config.mjs', '--silent']);
      copyWasm('dist/rollup');
      writePage('rollup', 'page.js');
      assertComputed(await open('rollup'));
    });
  });
}
