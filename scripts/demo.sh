#!/usr/bin/env bash
# Quick start, part 1: install what is needed, build, and run the main job on the
# bundled sample surveys (the store is ./gapfinder.db).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/gapfinder demo "$@"
