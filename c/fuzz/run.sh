#!/usr/bin/env bash
# Builds the libFuzzer harnesses through c/CMakeLists.txt (-DML_FUZZ=ON: one executable per
# c/fuzz/fuzz_<loss>.c, clang -fsanitize=fuzzer,address,undefined) into build/fuzz/, and runs each for an
# equal share of a total time budget, starting from the committed seeds in c/fuzz/seeds/<loss>/.
# Usage: bash c/fuzz/run.sh [total-seconds, default 20]. Exits non-zero on any crash, leak, sanitizer
# report or contract violation (see fuzz_common.h); the reproducer is left in build/fuzz/.
# New corpus entries go to build/fuzz/corpus/<loss>/ (not committed); `bash c/fuzz/run.sh 600 --merge`
# merges what a longer run found back into the seeds.
set -euo pipefail
cd "$(dirname "$0")/../.."

total="${1:-20}"
merge="${2:-}"
losses=()
for harness in c/fuzz/fuzz_*.c; do
  loss="$(basename "$harness" .c)"
  losses+=("${loss#fuzz_}")
done
per_loss=$(( (total + ${#losses[@]} - 1) / ${#losses[@]} ))
out=build/fuzz

clang_bin="${CLANG:-$(command -v clang || command -v clang-14)}"
cmake -S c -B "$out" -DCMAKE_C_COMPILER="$clang_bin" -DCMAKE_BUILD_TYPE=Debug -DML_FUZZ=ON >/dev/null
cmake --build "$out" -j2 >/dev/null

status=0
for loss in "${losses[@]}"; do
  corpus="$out/corpus/$loss"
  mkdir -p "$corpus"
  echo "fuzz: $loss for ${per_loss}s"
  if ! (cd "$out" && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "./fuzz_$loss" -max_total_time="$per_loss" -max_len=512 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$loss-" "corpus/$loss" "../../c/fuzz/seeds/$loss" \
      >"fuzz_$loss.log" 2>&1); then
    echo "fuzz: $loss FAILED; log: $out/fuzz_$loss.log, reproducer: $out/$loss-*"
    tail -40 "$out/fuzz_$loss.log"
    status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "$out/fuzz_$loss.log" | tr '\n' ' '
    echo
  fi
  if [ "$merge" = --merge ]; then
    mkdir -p "c/fuzz/seeds/$loss"
    "$out/fuzz_$loss" -merge=1 -max_len=512 "c/fuzz/seeds/$loss" "$corpus" >/dev/null 2>&1
  fi
done
exit $status
