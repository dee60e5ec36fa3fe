#!/usr/bin/env bash
# The report in a real browser (ctest: ReportInChromium): ingests the bundled samples into
# a fresh store, writes the citizens-panel report as the README shows it, and checks it
# with check-report.mjs (no network requests, axe-core WCAG 2.2 AA, a screenshot); and the
# consultation's EqIA evidence (docs/eqia.md), which has no charts.
#   tests/browser/check-report.sh GAPFINDER_BINARY OUTPUT_DIR
set -euo pipefail
gapfinder=$1
out=$2
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$gapfinder" demo >/dev/null 2>&1 || { "$gapfinder" demo; exit 1; }
"$gapfinder" report --survey citizens-panel --wave 2025 --previous-wave 2024 --intersections -o "$out/report.html" 2>/dev/null
"$gapfinder" report --survey staff-survey --wave 2025 -o "$out/staff-report.html" 2>/dev/null
node "$here/check-report.mjs" "$out/report.html" "$out/report.png"
node "$here/check-report.mjs" "$out/staff-report.html" "$out/staff-report.png"
"$gapfinder" export eqia --survey library-consultation --wave 2025 -o "$out/eqia.html" 2>/dev/null
node "$here/check-report.mjs" "$out/eqia.html" "$out/eqia.png" no-charts
