#!/usr/bin/env bash
# Builds both WebAssembly modules (SIMD and baseline) with emscripten.cmake into js/wasm/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S c -B build/wasm -DCMAKE_TOOLCHAIN_FILE="$PWD/emscripten.cmake" >/dev/null
cmake --build build/wasm -j2 >/dev/null
mkdir -p js/wasm
for variant in simd baseline; do
  cp -p "build/wasm/marginloss-$variant.wasm" js/wasm/
done
