// The type tests of js/index.d.ts (types-tests/*.test-d.ts). First, the repo's TypeScript compiles them
// under types-tests/tsconfig.json (--strict) with no error, an unused `@ts-expect-error` being one. Then,
// with those directives removed, the line after each must raise the error code it names (and contain the
// `quoted` message fragment, when given), so that no expected error passes for another reason.
// By hand: node_modules/.bin/tsc -p types-tests
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const DIR = fileURLToPath(new URL('../types-tests/', import.meta.url));
// `// @ts-expect-error TS2322 `fragment` why`. Only a comment that begins with the directive is one, as for tsc.
const EXPECTATION = /^\s*\/\/ @ts-expect-error\b(?: TS(\d+))?(?: `([^`]*)`)?/;

const config = ts.getParsedCommandLineOfConfigFile(join(DIR, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
});
const testFiles = readdirSync(DIR).filter((name) => name.endsWith('.test-d.ts')).map((name) => join(DIR, name));

// The test program's diagnostics, with the test files' text passed through `rewrite`.
function diagnostics(rewrite = (text) => text, oldProgram = undefined) {
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile;
  host.readFile = (path) => {
    const text = readFile(path);
    return testFiles.includes(path) && text !== undefined ? rewrite(text) : text;
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, oldProgram });
  return { program, found: ts.getPreEmitDiagnostics(program) };
}

const withoutDirectives = (text) => text.split('\n').map((line) => (EXPECTATION.test(line) ? '' : line)).join('\n');

// By line (0-based) of `file`: each error's code and whole message.
function errorsByLine(found, file) {
  const raised = new Map();
  for (const d of found) {
    if (d.file?.fileName !== file) continue;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const error = { code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
    raised.set(line, [...(raised.get(line) ?? []), error]);
  }
  return raised;
}

let compiled;

test('types-tests/ compiles under --strict, every @ts-expect-error used', () => {
  assert.ok(testFiles.length >= 3, `the type tests are in ${DIR}`);
  for (const file of testFiles) assert.ok(config.fileNames.includes(file), `tsconfig.json includes ${file}`);
  compiled = diagnostics();
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => DIR, getNewLine: () => '\n' };
  assert.equal(compiled.found.length, 0, ts.formatDiagnostics(compiled.found, host));
});

test('each @ts-expect-error line raises the error it names, and no other line errs', () => {
  const { found } = diagnostics(withoutDirectives, compiled?.program);
  const problems = []; // every one, not the first alone
  let expectations = 0;
  for (const file of testFiles) {
    const text = readFileSync(file, 'utf8');
    const raised = errorsByLine(found, file);
    const expected = new Set();
    text.split('\n').forEach((line, i) => {
      const match = line.match(EXPECTATION);
      if (match === null) return;
      const [, code, fragment] = match;
      const where = `${file}:${i + 2}`;
      const errors = raised.get(i + 1) ?? [];
      expected.add(i + 1);
      expectations++;
      if (code === undefined) {
        problems.push(`${where}: the @ts-expect-error above names no error code (TSnnnn)`);
      } else if (!errors.some((e) => e.code === Number(code) && e.message.includes(fragment ?? ''))) {
        const wanted = `TS${code}${fragment === undefined ? '' : ` containing "${fragment}"`}`;
        problems.push(`${where}: expected ${wanted}; got ${JSON.stringify(errors)}`);
      }
    });
    for (const [line, errors] of raised) {
      if (!expected.has(line)) {
        problems.push(`${file}:${line + 1}: an error no @ts-expect-error expects: ${JSON.stringify(errors)}`);
      }
    }
    // An assertion left uncalled (`expectType(v).is<T>;`) is a statement that checks nothing.
    for (const statement of text.replace(/\/\/.*$/gm, '').split(';').map((s) => s.trim())) {
      if (statement.startsWith('expectType(') && !statement.endsWith(')')) {
        problems.push(`${file}: expectType(...).is<T> must be called: ${statement}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(expectations >= 30, `found ${expectations} expected errors`);
});
