// Runs every JavaScript example in README.md and checks its `// →` annotations, whose numbers come from
// PyTorch 1.13 (docs/pytorch-compat.md's verified tables) or closed forms: the README cannot drift from the
// package. `// → V` checks the statement just above; `// a → V, b → W` checks variables a and b.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { init } from '../js/index.js';
import { assertAllClose, BUILDS } from './helpers.mjs';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const BLOCKS = [...README.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('→'));
const TOLERANCE = { rtol: 2e-6, atol: 1e-6 };
const AsyncFunction = (async () => {}).constructor;

// Rewrites a block into code that records each annotated value next to its expectation. The block's own
// import and init() lines give way to the build under test.
function instrument(block) {
  const out = [];
  for (const line of block.replace(/^(import .*|const ml = await init\(.*)$/gm, '').split('\n')) {
    const annotation = line.match(/^\/\/ (.*→.*)$/);
    if (!annotation) {
      out.push(line);
      continue;
    }
    for (const part of annotation[1].split(/,\s*(?=\w+ →)/)) {
      const [name, expected] = part.split('→').map((s) => s.trim());
      if (name) {
        out.push(`__checks.push([${JSON.stringify(name)}, ${name}, ${expected}]);`);
        continue;
      }
      let start = out.length - 1;
      while (start > 0 && /^\s/.test(out[start])) start--;
      const statement = out.splice(start).join('\n').replace(/;\s*$/, '');
      out.push(`__checks.push([${JSON.stringify(statement.slice(0, 40))}, (${statement}), ${expected}]);`);
    }
  }
  return out.join('\n');
}

for (const { name, simd } of BUILDS) {
  BLOCKS.forEach((block, i) => {
    test(`${name}: README example ${i + 1} prints what it says`, async () => {
      const ml = await init({ simd });
      const checks = [];
      await new AsyncFunction('ml', 'init', '__checks', instrument(block))(ml, init, checks);
      if (checks.length === 0) throw new Error('no annotation was checked');
      for (const [label, got, expected] of checks) assertAllClose(got, expected, TOLERANCE, label);
    });
  });
}
