// A tiny static server for the built page (web/dist): what `npm start` and the browser tests serve, so
// what is seen is what ships. Binds 127.0.0.1; `PORT=0` (the default here: 5173) picks a free port.
//   node web/serve.mjs [dir] [--port N]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain',
};

/** Serves `root` on 127.0.0.1:`port` (0 = any free port); resolves to { server, url }. */
export function serve(root, port = 0) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) throw Object.assign(new Error(), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      response.writeHead(error.code === 'ENOENT' || error.code === 'EISDIR' ? 404 : 500,
        { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolvePromise({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portFlag = args.indexOf('--port');
  const port = portFlag >= 0 ? Number(args[portFlag + 1]) : Number(process.env.PORT ?? 5173);
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--port')
    ?? fileURLToPath(new URL('./dist', import.meta.url));
  const { url } = await serve(dir, port).catch(async (error) => {
    if (error.code !== 'EADDRINUSE') throw error;
    console.log(`port ${port} is busy; picking a free one`);
    return serve(dir, 0);
  });
  console.log(`marginloss teaching page: ${url}  (Ctrl+C to stop)`);
}
