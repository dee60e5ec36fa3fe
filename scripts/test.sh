#!/usr/bin/env bash
# Quick start, part 2 (and what CI runs): install, build, and run every test (the store
# tests on SQLite and on a throwaway PostgreSQL server), then fuzz
# every plugin the same way on every run of a commit (scripts/fuzz.sh --ci: the committed
# inputs replayed, then GAPFINDER_FUZZ_RUNS runs per target from a fixed seed; 0 skips
# fuzzing). See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
# The store tests run on PostgreSQL too when its server is installed: a throwaway
# cluster for this run only, stopped however the run ends (scripts/pg-cluster.sh).
if scripts/pg-cluster.sh available; then
  GAPFINDER_TEST_PG_URL="$(scripts/pg-cluster.sh start)"
  export GAPFINDER_TEST_PG_URL
  trap 'scripts/pg-cluster.sh stop "$GAPFINDER_TEST_PG_URL"' EXIT
else
  echo "PostgreSQL is not installed: the store tests run on SQLite only"
fi
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 600
if [ "${GAPFINDER_FUZZ_RUNS:-50000}" != 0 ]; then
  scripts/fuzz.sh --ci
fi
