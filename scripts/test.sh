#!/usr/bin/env bash
# Every test: the native C tests (plain and under ASan/UBSan), a short libFuzzer run per loss, the
# node:test suites of both WebAssembly builds through the JS binding, the examples and the TensorFlow.js
# adapter (on this Node and on Node 22, 24 and 26), the teaching page in headless Chromium, and the packed
# npm tarball installed into fresh projects (on each Node line too).
set -euo pipefail
cd "$(dirname "$0")/.."

for flavour in plain sanitize; do
  sanitize=OFF
  [ "$flavour" = sanitize ] && sanitize=ON
  cmake -S c -B "build/native-$flavour" -DCMAKE_BUILD_TYPE=Debug -DML_SANITIZE=$sanitize >/dev/null
  cmake --build "build/native-$flavour" -j2 >/dev/null
  (cd "build/native-$flavour" && ctest --output-on-failure)
done

bash c/fuzz/run.sh 20
node --test wasm-tests/*.test.mjs
# The maintained Node lines as well as this machine's: npm's node@N packages (fetched once into build/).
for line in 22 24 26; do
  node_bin="build/node$line/node_modules/.bin/node"
  [ -x "$node_bin" ] || npm install --prefix "build/node$line" --no-audit --no-fund --no-save "node@$line" >/dev/null
  echo "Node $("$node_bin" --version):"
  "$node_bin" --test wasm-tests/*.test.mjs
done
node --test web/tests/*.test.mjs
node --test package-tests/*.test.mjs
for line in 22 24 26; do
  echo "Node $("build/node$line/node_modules/.bin/node" --version): the packed tarball"
  "build/node$line/node_modules/.bin/node" --test package-tests/*.test.mjs
done
