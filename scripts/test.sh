#!/usr/bin/env bash
# Every test: the native C tests (plain and under ASan/UBSan), then the node:test suites of the built
# WebAssembly modules through the JS binding (each suite runs both builds).
set -euo pipefail
cd "$(dirname "$0")/.."

for flavour in plain sanitize; do
  sanitize=OFF
  [ "$flavour" = sanitize ] && sanitize=ON
  cmake -S c -B "build/native-$flavour" -DCMAKE_BUILD_TYPE=Debug -DML_SANITIZE=$sanitize >/dev/null
  cmake --build "build/native-$flavour" -j2 >/dev/null
  (cd "build/native-$flavour" && ctest --output-on-failure)
done

node --test wasm-tests/
