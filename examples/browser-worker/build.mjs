// Builds the page into an output directory (dist/ here by default): the worker bundled with esbuild, the
// page and its script copied, and marginloss's two .wasm files in wasm/ beside the bundle, where the
// bundled loader looks for them (esbuild leaves new URL('./wasm/…', import.meta.url) as it is).
//   node examples/browser-worker/build.mjs [outdir]
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const outdir = process.argv[2] ?? join(here, 'dist');

await build({
  entryPoints: [join(here, 'worker.js')], bundle: true, format: 'esm', platform: 'browser', outdir, logLevel: 'warning',
});
for (const file of ['index.html', 'main.js']) copyFileSync(join(here, file), join(outdir, file));
mkdirSync(join(outdir, 'wasm'), { recursive: true });
for (const subpath of ['marginloss/wasm/simd.wasm', 'marginloss/wasm/baseline.wasm']) {
  const file = fileURLToPath(import.meta.resolve(subpath));
  copyFileSync(file, join(outdir, 'wasm', basename(file)));
}
console.log(`built ${outdir}`);
