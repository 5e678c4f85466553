// Runs page snippets as a user would paste them: each entry's JavaScript is written as a module file
// inside the package (so its `import ... from 'marginloss'` resolves to this package through package.json's
// "exports" self-reference) and imported, one at a time, with console.log captured: one process for all,
// instead of a Node start-up each.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './harness.mjs';

/** The text each entry's `js` printed, in order. `name`: the prefix of the temporary folder under build/. */
export async function printedBySnippets(entries, name) {
  await mkdir(join(ROOT, 'build'), { recursive: true });
  const dir = await mkdtemp(join(ROOT, 'build', `${name}-`));
  const log = console.log;
  const printed = [];
  try {
    for (const [i, entry] of entries.entries()) {
      const file = join(dir, `snippet-${i}.mjs`);
      await writeFile(file, entry.js);
      const lines = [];
      console.log = (...args) => lines.push(args.join(' '));
      try {
        await import(pathToFileURL(file).href);
      } finally {
        console.log = log;
      }
      printed.push(lines.join('\n'));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return printed;
}
