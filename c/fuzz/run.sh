#!/usr/bin/env bash
# Builds the libFuzzer harnesses (one per loss; clang -fsanitize=fuzzer,address,undefined) and runs each
# for an equal share of a total time budget, starting from the committed seeds in c/fuzz/seeds/<loss>/.
# Usage: bash c/fuzz/run.sh [total-seconds, default 20]. Exits non-zero on any crash, leak, sanitizer
# report or contract violation (see fuzz_common.h); the reproducer is left in build/fuzz/.
# New corpus entries go to build/fuzz/corpus/<loss>/ (not committed); `bash c/fuzz/run.sh 600 --merge`
# merges what a longer run found back into the seeds.
set -euo pipefail
cd "$(dirname "$0")/../.."

total="${1:-20}"
merge="${2:-}"
losses=(soft_margin multilabel_soft_margin multi_margin multilabel_margin bce_with_logits cross_entropy
  hinge_embedding margin_ranking)
per_loss=$(( (total + ${#losses[@]} - 1) / ${#losses[@]} ))
out=build/fuzz
mkdir -p "$out"

clang_bin="${CLANG:-$(command -v clang || command -v clang-14)}"
cflags=(-g -O1 -std=c11 -ffp-contract=off -fno-omit-frame-pointer
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
  -Ic/include -Ic/src -Ic/fuzz)
# The native vector kernels (SSE4.1) are what the SIMD build runs; fuzz them where the compiler can.
if echo 'int main(void){return 0;}' | "$clang_bin" -msse4.1 -x c - -o /dev/null 2>/dev/null; then
  cflags+=(-msse4.1)
fi

# The library once, then one binary per harness.
objects=()
for source in c/src/*.c; do
  object="$out/$(basename "$source" .c).o"
  "$clang_bin" "${cflags[@]}" -fsanitize=fuzzer-no-link -c "$source" -o "$object"
  objects+=("$object")
done

for loss in "${losses[@]}"; do
  "$clang_bin" "${cflags[@]}" "c/fuzz/fuzz_$loss.c" "${objects[@]}" -lm -o "$out/fuzz_$loss"
done

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
