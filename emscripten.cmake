# The WebAssembly build: Emscripten's toolchain (Debian's `emscripten` package) plus marginloss's flags.
#   cmake -S c -B build/wasm -DCMAKE_TOOLCHAIN_FILE=$PWD/emscripten.cmake && cmake --build build/wasm
# c/CMakeLists.txt then builds marginloss-simd.wasm (-msimd128) and marginloss-baseline.wasm.
#
# The modules are standalone reactors: no Emscripten JS glue, only a hand-written loader (js/loader.js).
# emmalloc keeps them small; memory growth adds the single import env.emscripten_notify_memory_growth,
# which the loader uses to know when its typed-array views went stale.

if(DEFINED ENV{EMSCRIPTEN_ROOT})
  set(ML_EMSCRIPTEN_ROOT "$ENV{EMSCRIPTEN_ROOT}")
else()
  set(ML_EMSCRIPTEN_ROOT "/usr/share/emscripten")
endif()
include("${ML_EMSCRIPTEN_ROOT}/cmake/Modules/Platform/Emscripten.cmake")

set(CMAKE_BUILD_TYPE Release CACHE STRING "" FORCE)
set(CMAKE_C_FLAGS_RELEASE "-O3 -DNDEBUG" CACHE STRING "" FORCE)

# The exports besides the losses; c/CMakeLists.txt adds ml_f32_<name> and ml_f64_<name> for every loss in
# ML_LOSSES (c/include/marginloss.h).
set(ML_WASM_EXPORTS malloc free ml_status_name ml_build_uses_simd CACHE INTERNAL "")

set(ML_WASM_LINK_FLAGS
  -O3
  --no-entry
  -sSTANDALONE_WASM=1
  -sMALLOC=emmalloc
  -sALLOW_MEMORY_GROWTH=1
  -sMAXIMUM_MEMORY=4GB
  -sINITIAL_MEMORY=1MB
  -sTOTAL_STACK=64KB
  -sFILESYSTEM=0
  CACHE INTERNAL "")
