#!/usr/bin/env bash
# Quick start, part 2 (and what CI runs): install, build, and run every test, then fuzz
# every plugin for a bounded time (GAPFINDER_FUZZ_SECONDS per target, default 20; 0 skips
# fuzzing). See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 600
fuzz_seconds=${GAPFINDER_FUZZ_SECONDS:-20}
if [ "$fuzz_seconds" -gt 0 ]; then
  scripts/fuzz.sh "$fuzz_seconds"
fi
