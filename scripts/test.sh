#!/usr/bin/env bash
# Quick start, part 2 (and what CI runs): install, build, and run every test, then fuzz
# every plugin the same way on every run of a commit (scripts/fuzz.sh --ci: the committed
# inputs replayed, then GAPFINDER_FUZZ_RUNS runs per target from a fixed seed; 0 skips
# fuzzing). See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 600
if [ "${GAPFINDER_FUZZ_RUNS:-50000}" != 0 ]; then
  scripts/fuzz.sh --ci
fi
