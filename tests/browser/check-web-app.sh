#!/usr/bin/env bash
# The web app in a real browser (ctest: WebAppInChromium): a fresh store with one admin
# account, `gapfinder serve` on a free loopback port, and web-app.mjs driving headless
# Debian Chromium through sign-in, upload, findings and downloads, with axe-core on
# every page. Screenshots and the downloaded plan land in OUTPUT_DIR.
#   tests/browser/check-web-app.sh GAPFINDER_BINARY SAMPLES_DIR OUTPUT_DIR
set -euo pipefail
gapfinder=$1
samples=$2
out=$3
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
rm -f "$out"/*.png "$out"/*.xlsx  # only this run's screenshots and download
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

password='browser-test-password-1'
printf '%s\n' "$password" | "$gapfinder" user add analyst.admin --role admin --password-stdin --db "$work/store.db" >/dev/null
# Last year's wave is already stored, so the findings of the wave uploaded below have a
# trend by default.
"$gapfinder" ingest "$samples/citizens-panel-2024.csv" --survey citizens-panel --wave 2024 --db "$work/store.db" >/dev/null
# Two councils sharing the store, and their partnership's officer, who reads pooled
# findings only (the same bundled panel files stand in for each council's own).
for council in Blaby Charnwood; do "$gapfinder" organisation add "$council" --db "$work/store.db" >/dev/null; done
"$gapfinder" ingest "$samples/citizens-panel-2025.csv" --survey citizens-panel --wave 2025 --organisation Blaby --db "$work/store.db" >/dev/null
"$gapfinder" ingest "$samples/citizens-panel-2024.csv" --survey citizens-panel --wave 2025 --organisation Charnwood --db "$work/store.db" >/dev/null
"$gapfinder" partnership add "Test Partnership" --members "Blaby,Charnwood" --db "$work/store.db" >/dev/null
printf '%s\n' 'a-partnership-password-3' |
  "$gapfinder" user add pat.partnership --role viewer --organisation "Test Partnership" --password-stdin --db "$work/store.db" >/dev/null
# Made before the server starts: the background job opens its output itself, and the
# loop below could read the file before it exists (a race that failed CI now and then).
: >"$work/serve.log"
"$gapfinder" serve --port 0 --db "$work/store.db" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { echo "gapfinder serve did not start:"; cat "$work/serve.log"; exit 1; }

# An upload that must fail: row 5 says "Martian" where the sex question allows Female or Male.
awk 'NR==5{sub(/,Male,/,",Martian,")}1' "$samples/citizens-panel-2025.csv" >"$work/bad-panel-2025.csv"

GAPFINDER_URL="http://127.0.0.1:$port" GAPFINDER_USER=analyst.admin GAPFINDER_PASSWORD="$password" \
  node "$here/web-app.mjs" "$samples/citizens-panel-2025.csv" "$work/bad-panel-2025.csv" "$out"
