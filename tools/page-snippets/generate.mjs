// Runs the page's "copy as PyTorch" snippets in PyTorch and commits what they print.
//
//   node tools/page-snippets/generate.mjs        (needs Debian's python3-torch 1.13 at /usr/bin/python3)
//
// For every state of states.txt: snippets(state) from web/src/snippets.js, its Python text run unchanged
// (all in one interpreter, each in a fresh namespace: run-snippets.py), its printed loss and gradient
// parsed. Writes web/tests/fixtures/page-snippets.json = [{ query, py, js, torch: { loss, grad, grad2? } }];
// web/tests/snippets.test.mjs checks the page against it without needing torch. Fails on any snippet
// that raises or prints something unreadable.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { snippets } from '../../web/src/snippets.js';
import { fromQuery, sanitize } from '../../web/src/state.js';
import { parsePrinted, readStates, toJSONSafe } from './printed.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const OUT = here('../../web/tests/fixtures/page-snippets.json');

const queries = readStates(readFileSync(here('states.txt'), 'utf8'));
const duplicates = queries.filter((q, i) => queries.indexOf(q) !== i);
if (duplicates.length) throw new Error(`states.txt lists these twice: ${duplicates.join(' ')}`);
const code = queries.map((query) => ({ query, ...snippets(sanitize(fromQuery(query))) }));

const run = spawnSync(PYTHON, [here('run-snippets.py')], { input: JSON.stringify(code.map((c) => c.py)), encoding: 'utf8', maxBuffer: 1 << 26 });
if (run.status !== 0) throw new Error(`${PYTHON} failed:\n${run.stderr}`);
if (run.stderr.trim()) console.warn(run.stderr);
const results = JSON.parse(run.stdout);
const failed = results.map((r, i) => (r.error ? `?${queries[i]}\n${code[i].py}\n${r.error}` : null)).filter(Boolean);
if (failed.length) throw new Error(`${failed.length} snippet(s) failed in PyTorch:\n\n${failed.join('\n\n')}`);

const entries = code.map((c, i) => ({ query: c.query, py: c.py, js: c.js, torch: toJSONSafe(parsePrinted(results[i].stdout)) }));
// Pretty-printed, with each list of numbers on one line.
const json = JSON.stringify(entries, null, 2).replace(/\[\s*\n\s*([^[\]{}]*?)\s*\n\s*\]/g, (_, items) => `[${items.split(/,\s*\n\s*/).join(', ')}]`);
mkdirSync(here('../../web/tests/fixtures'), { recursive: true });
writeFileSync(OUT, `${json}\n`);
console.log(`${entries.length} snippets run in PyTorch; wrote ${OUT}`);
