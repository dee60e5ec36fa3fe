#!/usr/bin/env bash
# Builds every fuzz target into ./build-fuzz (clang-14, libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs each one for a bounded time, one job at a time.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     SECONDS per target (default 30); TARGET is a
#                                             plugin id or csv-reader (default: all)
#
# Each target starts from its corpus in build-fuzz/corpus/<id> (kept between runs), the
# fixtures of its formats (tests/fixtures/, by extension), its regression files
# (tests/fuzz/regressions/<id>/) and a dictionary if there is one (tests/fuzz/dict/). Any
# crash, sanitizer report, plugin-contract breach, leak or hang fails the script; the input
# is saved in build-fuzz/artifacts/<id>/ (see docs/fuzzing.md for turning it into a
# regression test). Environment: GAPFINDER_FUZZ_BUILD_JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
shift || true
case "$seconds" in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;; esac
wanted=("$@")

command -v clang++-14 >/dev/null || { echo "clang++-14 is missing: run scripts/install-deps.sh" >&2; exit 2; }
build=build-fuzz
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DGAPFINDER_FUZZ=ON -DGAPFINDER_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target fuzzers --parallel "${GAPFINDER_FUZZ_BUILD_JOBS:-2}"

# ASan: report leaks, and fail on anything. UBSan: a report is a crash, with its stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}

failed=()
summary=()
for bin in "$build"/fuzz/fuzz-*; do
  [ -x "$bin" ] || continue
  read -r id extensions < <(GAPFINDER_FUZZ_INFO=1 "$bin")
  if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $id "* ]]; then continue; fi

  # Seeds: each fixture of the target's formats and each file in tests/fuzz/seeds/<id>/,
  # behind a control byte of 0 (no options, never stop; see tests/fuzz/fuzz_input.hpp).
  seeds="$build/seeds/$id"
  rm -rf "$seeds" && mkdir -p "$seeds"
  exts=()
  [ "$extensions" != "-" ] && IFS=';' read -ra exts <<<"$extensions"
  seed_files=()
  for ext in "${exts[@]}"; do
    while IFS= read -r -d '' f; do seed_files+=("$f"); done < <(find tests/fixtures -type f -iname "*$ext" -size -64k -print0)
  done
  if [ -d "tests/fuzz/seeds/$id" ]; then
    while IFS= read -r -d '' f; do seed_files+=("$f"); done < <(find "tests/fuzz/seeds/$id" -type f -print0)
  fi
  for f in "${seed_files[@]}"; do
    { printf '\0'; cat "$f"; } >"$seeds/$(basename "$f")"
  done
  corpus="$build/corpus/$id"
  artifacts="$build/artifacts/$id"
  log="$build/logs/$id.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  dirs=("$corpus" "$seeds")
  [ -d "tests/fuzz/regressions/$id" ] && dirs+=("tests/fuzz/regressions/$id")
  dict=()
  for name in "$id" "${id%-parts}" "${exts[@]#.}"; do
    if [ -f "tests/fuzz/dict/$name.dict" ]; then dict=("-dict=tests/fuzz/dict/$name.dict"); break; fi
  done

  echo "fuzzing $id for ${seconds}s (${dirs[*]} ${dict[*]})"
  status=0
  timeout --signal=KILL $((seconds * 2 + 120)) "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "${dirs[@]}" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    failed+=("$id")
    summary+=("$(printf '%-22s FAILED (exit %s)' "$id" "$status")")
    echo "---- $id failed (exit $status); the end of $log:" >&2
    tail -n 60 "$log" >&2
    echo "---- input(s) saved in $artifacts/:" >&2
    ls -1 "$artifacts" >&2 || true
  else
    summary+=("$(printf '%-22s ok  %8s runs  %6s exec/s  corpus %s files' "$id" "${runs:-?}" "${rate:-?}" "$(find "$corpus" -type f | wc -l)")")
  fi
done

printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (see docs/fuzzing.md: keep the input as a regression, fix the plugin)" >&2
  exit 1
fi
