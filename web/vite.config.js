// Vite builds the teaching page from web/ into web/dist/: relative asset URLs (base './') so the site
// works from any static host and any sub-path; the package itself is imported through the 'marginloss'
// alias, so its .wasm files ship as hashed assets found by js/loader.js's `new URL(..., import.meta.url)`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  resolve: { alias: { marginloss: here('../js/index.js') } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 900,
  },
  server: { host: '127.0.0.1', fs: { allow: [here('..')] } },
  preview: { host: '127.0.0.1' },
});
