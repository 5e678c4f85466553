#!/usr/bin/env bash
# Everything `npm start` and `npm test` need on a fresh Debian machine: Debian's toolchain packages, the
# npm dependencies and the WebAssembly build. `setup.sh test` also installs what only the tests need
# (Chromium for the browser tests). Each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v emcc >/dev/null || missing+=(emscripten)
command -v cmake >/dev/null || missing+=(cmake)
command -v make >/dev/null || missing+=(make)
command -v cc >/dev/null || missing+=(gcc)
if [ "${1:-}" = test ]; then
  command -v clang >/dev/null || missing+=(clang)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund
fi

bash scripts/build-wasm.sh
