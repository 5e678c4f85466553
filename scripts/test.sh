#!/usr/bin/env bash
# Every test: the native C tests (plain and under ASan/UBSan), a short libFuzzer run per loss, the
# node:test suites of both WebAssembly builds through the JS binding (on this Node and on Node 18), the
# teaching page in headless Chromium, and the packed npm tarball installed into fresh projects.
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
# The package declares Node >= 18: the same suites on Node 18 (the npm registry's node@18 package).
[ -x build/node18/node_modules/.bin/node ] ||
  npm install --prefix build/node18 --no-audit --no-fund --no-save node@18 >/dev/null
build/node18/node_modules/.bin/node --test wasm-tests/*.test.mjs
node --test web/tests/*.test.mjs
node --test package-tests/*.test.mjs
