// Shared by the browser tests: build the site once, serve it on a free localhost port, and drive
// Debian's Chromium headless through playwright-core.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds web/ into a directory of this test file's own (the test files run in parallel), serves it,
 *  launches Chromium. Resolves to { url, browser, close }. */
export async function startSite() {
  const dist = await mkdtemp(join(tmpdir(), 'marginloss-site-'));
  await build({ configFile: fileURLToPath(new URL('../vite.config.js', import.meta.url)), logLevel: 'error',
    build: { outDir: dist, emptyOutDir: true } });
  const { server, url } = await serve(dist, 0);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    headless: true,
  });
  await mkdir(SHOTS, { recursive: true });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await rm(dist, { recursive: true, force: true });
    },
  };
}

/** A new page at `path` with console errors, warnings and failed requests collected; waits until rendered. */
export async function openPage(site, path = '', viewport = { width: 1280, height: 800 }) {
  const context = await site.browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  // Warnings count too: Plot and Vite report misuse through console.warn.
  page.on('console', (message) => { if (['error', 'warning'].includes(message.type())) errors.push(`${message.type()}: ${message.text()}`); });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  await page.goto(new URL(path, site.url).href);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors, context };
}
