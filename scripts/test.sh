#!/usr/bin/env bash
# Every test: the native C tests (plain and under ASan/UBSan), a short libFuzzer run per loss, the
# node:test suites of both WebAssembly builds through the JS binding, the teaching page in headless
# Chromium, and the packed npm tarball installed into fresh projects.
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
node --test wasm-tests/
node --test web/tests/
node --test package-tests/
