#!/usr/bin/env bash
# Builds fuzz targets into ./build-fuzz (clang-14, libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs each one, one job at a time. Two modes:
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   explore: each target for SECONDS (default 30)
#                                           from random seeds, growing a corpus kept in
#                                           build-fuzz/corpus/<id> between runs
#   scripts/fuzz.sh --ci [TARGET...]        what CI runs, as nearly a function of the commit
#                                           as libFuzzer allows: replay every committed
#                                           input, then a fixed number of runs from a fixed
#                                           seed into a fresh corpus (docs/fuzzing.md)
#
# TARGET is a plugin id, xlsx-parts or csv-reader (default: all); only the targets named
# are built. Each target starts from the fixtures of its formats (tests/fixtures/, by
# extension), its seeds (tests/fuzz/seeds/<id>/), its regression files
# (tests/fuzz/regressions/<id>/) and a dictionary if there is one (tests/fuzz/dict/). Any
# crash, sanitizer report, plugin-contract breach, leak or hang fails the script; the input
# is saved in build-fuzz/artifacts/<id>/ (see docs/fuzzing.md for turning it into a
# regression test). Environment: GAPFINDER_FUZZ_BUILD_JOBS (default 2); with --ci,
# GAPFINDER_FUZZ_RUNS (runs per target, replay included, default 50000) and
# GAPFINDER_FUZZ_SEED (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."

ci=0
if [ "${1:-}" = --ci ]; then
  ci=1
  shift
  seconds=0
  runs=${GAPFINDER_FUZZ_RUNS:-50000}
  seed=${GAPFINDER_FUZZ_SEED:-1}
  case "$runs$seed" in '' | *[!0-9]*) echo "GAPFINDER_FUZZ_RUNS and GAPFINDER_FUZZ_SEED must be whole numbers" >&2; exit 2 ;; esac
else
  seconds=${1:-30}
  shift || true
  case "$seconds" in '' | *[!0-9]* | 0) echo "usage: scripts/fuzz.sh [SECONDS>0] [TARGET...] | scripts/fuzz.sh --ci [TARGET...]" >&2; exit 2 ;; esac
fi
wanted=("$@")

command -v clang++-14 >/dev/null || { echo "clang++-14 is missing: run scripts/install-deps.sh" >&2; exit 2; }
build=build-fuzz
# The launcher compiles with paths relative to build-fuzz/, so that the targets do not
# depend on where the checkout is: the sanitizers keep the source paths in the program,
# and their length moved its globals (tests/fuzz/relative-paths.sh).
launcher="$PWD/tests/fuzz/relative-paths.sh"
# Make does not recompile when only the launcher changes: objects compiled before it, with
# another version of it or in another folder are thrown away once.
stamp="$build/relative-paths.stamp"
launcher_id="$launcher $(sha256sum <"$launcher")"
stale=0
if [ -f "$build/CMakeCache.txt" ] && [ "$(cat "$stamp" 2>/dev/null)" != "$launcher_id" ]; then stale=1; fi
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_C_COMPILER_LAUNCHER="$launcher" -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DGAPFINDER_FUZZ=ON -DGAPFINDER_BUILD_TESTS=OFF >/dev/null
[ "$stale" -eq 0 ] || cmake --build "$build" --target clean >/dev/null
printf '%s\n' "$launcher_id" >"$stamp"
if [ ${#wanted[@]} -gt 0 ]; then
  known=$(cmake --build "$build" --target help | sed -n 's/^\.\.\. fuzz-//p' | sort)
  targets=()
  for id in "${wanted[@]}"; do
    if ! grep -qx -- "$id" <<<"$known"; then
      echo "scripts/fuzz.sh: no fuzz target \"$id\"; the targets are: $(echo $known)" >&2
      exit 2
    fi
    targets+=(--target "fuzz-$id")
  done
  cmake --build "$build" "${targets[@]}" --parallel "${GAPFINDER_FUZZ_BUILD_JOBS:-2}"
else
  cmake --build "$build" --target fuzzers --parallel "${GAPFINDER_FUZZ_BUILD_JOBS:-2}"
fi

# ASan: report leaks, and fail on anything. UBSan: a report is a crash, with its stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}

# --ci: the same run on every machine. Besides the seed and the run count, that takes
# fixed addresses and no corpus reloading (-reload=0; libFuzzer rereads its folder on a
# timer). Addresses matter because libFuzzer's CMP tracing (-use_cmp, on by default)
# records the operands of every comparison in our code, pointers included (std::string's
# "is the buffer the local one" test compares stack addresses), and its CMP mutation
# writes them into inputs: a stack address that differs by 0x40 makes a different input
# from then on. So: address randomisation off (setarch -R), and the target started with
# the same environment every time (env -i and a fixed list below), because the kernel
# copies the environment (and the arguments, all relative paths here) to the top of the
# stack, so one more variable, another PWD or OLDPWD, or a longer checkout path moved every
# stack address (docs/fuzzing.md, "CI"). Installing packages also moves the libraries (the
# loader maps /etc/ld.so.cache below them), so compare runs made between the same installs.
fixed=()
if [ "$ci" -eq 1 ]; then
  fixed=(env -i PATH=/usr/lib/llvm-14/bin:/usr/local/bin:/usr/bin:/bin LC_ALL=C TZ=UTC
    "ASAN_OPTIONS=$ASAN_OPTIONS" "UBSAN_OPTIONS=$UBSAN_OPTIONS")
  if setarch "$(uname -m)" -R true 2>/dev/null; then
    fixed+=(setarch "$(uname -m)" -R)
  else
    echo "warning: cannot turn off address randomisation here (setarch -R); the coverage counts may vary between runs" >&2
  fi
fi

failed=()
summary=()
for bin in "$build"/fuzz/fuzz-*; do
  [ -x "$bin" ] || continue
  read -r id extensions < <(GAPFINDER_FUZZ_INFO=1 "$bin")
  if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $id "* ]]; then continue; fi

  # Seeds: each fixture of the target's formats and each file in tests/fuzz/seeds/<id>/,
  # behind a control byte of 0 (no options, never stop; see tests/fuzz/fuzz_input.hpp),
  # and each regression input of tests/fuzz/regressions/<id>/ as it is.
  seeds="$build/seeds/$id"
  rm -rf "$seeds" && mkdir -p "$seeds"
  exts=()
  [ "$extensions" != "-" ] && IFS=';' read -ra exts <<<"$extensions"
  seed_files=()
  for ext in "${exts[@]}"; do
    while IFS= read -r -d '' f; do seed_files+=("$f"); done < <(find tests/fixtures -type f -iname "*$ext" -size -64k -print0 | sort -z)
  done
  if [ -d "tests/fuzz/seeds/$id" ]; then
    while IFS= read -r -d '' f; do seed_files+=("$f"); done < <(find "tests/fuzz/seeds/$id" -type f -print0 | sort -z)
  fi
  # Written in a fixed order under numbered names, so that libFuzzer lists them in the
  # same order on every machine (it sorts inputs by size only, so ties keep that order).
  i=0
  for f in "${seed_files[@]}"; do
    i=$((i + 1))
    { printf '\0'; cat "$f"; } >"$seeds/$(printf '%04d' "$i")-$(basename "$f")"
  done
  if [ -d "tests/fuzz/regressions/$id" ]; then  # raw fuzz inputs, control byte included
    while IFS= read -r -d '' f; do
      i=$((i + 1))
      cp "$f" "$seeds/$(printf '%04d' "$i")-$(basename "$f")"
    done < <(find "tests/fuzz/regressions/$id" -type f -print0 | sort -z)
  fi
  artifacts="$build/artifacts/$id"
  log="$build/logs/$id.log"
  if [ "$ci" -eq 1 ]; then
    # A fresh corpus each time: what the run finds depends on the commit alone.
    corpus="$build/ci-corpus/$id"
    rm -rf "$corpus"
  else
    corpus="$build/corpus/$id"
  fi
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  dirs=("$corpus" "$seeds")
  dict=()
  for name in "$id" "${id%-parts}" "${exts[@]#.}"; do
    if [ -f "tests/fuzz/dict/$name.dict" ]; then dict=("-dict=tests/fuzz/dict/$name.dict"); break; fi
  done
  if [ "$ci" -eq 1 ]; then
    # libFuzzer first runs every input in the folders (the replay), then mutates them
    # until -runs inputs have run in all.
    limits=(-seed="$seed" -runs="$runs" -reload=0)
    echo "fuzzing $id: replay, then $runs runs from seed $seed (${dirs[*]} ${dict[*]})"
    budget=1800
  else
    limits=(-max_total_time="$seconds")
    echo "fuzzing $id for ${seconds}s (${dirs[*]} ${dict[*]})"
    budget=$((seconds * 2 + 120))
  fi

  status=0
  timeout --signal=KILL "$budget" "${fixed[@]}" "$bin" "${limits[@]}" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "${dirs[@]}" >"$log" 2>&1 || status=$?
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    failed+=("$id")
    summary+=("$(printf '%-22s FAILED (exit %s)' "$id" "$status")")
    echo "---- $id failed (exit $status); the end of $log:" >&2
    tail -n 60 "$log" >&2
    echo "---- input(s) saved in $artifacts/:" >&2
    ls -1 "$artifacts" >&2 || true
  elif [ "$ci" -eq 1 ]; then
    # No rates here: this line must read the same on every run of the commit.
    inited=$(grep -m1 -o 'INITED cov: [0-9]* ft: [0-9]* corp: [0-9]*' "$log" || echo "INITED ?")
    done_line=$(grep -o 'DONE *cov: [0-9]* ft: [0-9]* corp: [0-9]*' "$log" | tail -1 || true)
    summary+=("$(printf '%-22s ok  %8s runs  replay: %s  end: %s' "$id" "${executed:-?}" "${inited#INITED }" "${done_line:-?}")")
  else
    summary+=("$(printf '%-22s ok  %8s runs  %6s exec/s  corpus %s files' "$id" "${executed:-?}" "${rate:-?}" "$(find "$corpus" -type f | wc -l)")")
  fi
done

printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (see docs/fuzzing.md: keep the input as a regression, fix the plugin)" >&2
  exit 1
fi
