// What the package suites share: packing the tarball, fresh projects with it installed (offline: the
// tarball has no dependencies), the repository's own tools (bundlers, tsc, Chromium's driver), a static
// server and pages in headless Chromium.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURE = fileURLToPath(new URL('./fixture/', import.meta.url));
// A file of one of the repository's devDependencies, run against a fresh project that does not have it.
export const BIN = (name, path) => join(ROOT, 'node_modules', name, path);

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 180_000, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

// `npm pack` into `dir` (its prepack builds both .wasm files): npm's JSON entry and the tarball's path.
export function pack(dir) {
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT }));
  return { info, tarball: join(dir, info.filename) };
}

// A fresh project in `dir` with the tarball installed and `files` written. `type` is its package.json
// "type" (npm init's default, CommonJS, when undefined).
export function freshProject(dir, tarball, { type, files = {} } = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fresh', private: true, type }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: dir });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

// Serves `dir` with the right MIME types on 127.0.0.1; a path whose first segment is a key of `policies`
// gets that Content-Security-Policy and is served from the rest of the path.
export function serve(dir, policies = {}) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
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

export async function launchChromium() {
  const { chromium } = await import(BIN('playwright-core', 'index.mjs'));
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Opens `url` and waits for the page to replace #out's 'loading' with JSON: { result, errors } where
// `errors` are the page's uncaught errors.
export async function loadPage(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'loading', null, { timeout: 30_000 });
    return { result: JSON.parse(await page.textContent('#out')), errors };
  } finally {
    await page.close();
  }
}
