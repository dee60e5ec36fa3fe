#!/usr/bin/env bash
# The web server under load, on loopback: bench/web_load.sh [BUILD_DIR] (default build/).
# Builds nothing: it needs BUILD_DIR/gapfinder and BUILD_DIR/gapfinder_web_load. Makes a
# temporary store with the demo data and a viewer account, starts `gapfinder serve --port 0`
# on 127.0.0.1, then in the same run:
#   1. WEB_LOAD_CLIENTS (50) clients for WEB_LOAD_SECONDS (20) GET the findings of
#      WEB_LOAD_SURVEY (citizens-panel) wave WEB_LOAD_WAVE (2025)  <- the load test
#   2. the same clients for WEB_LOAD_ME_SECONDS (as 1) GET /api/me, the cheapest
#      authenticated endpoint: the server's own cost per request
#   3. one client for WEB_LOAD_SINGLE_SECONDS (5) GETs the findings: latency unloaded
#   4. `gapfinder analyse --format json --counts perturbed` of the same wave, WEB_LOAD_CLI_RUNS (5) times: the
#      same analysis without HTTP (median wall time of the whole command)
# and prints the ratios between them. Exits non-zero if any request failed, if the
# findings over HTTP differ in size from the command's, or if the server does not stop
# cleanly on SIGINT. WEB_LOAD_RESULTS=DIR keeps the JSON of each run there.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
gapfinder=$build/gapfinder
load=$build/gapfinder_web_load
clients=${WEB_LOAD_CLIENTS:-50}
seconds=${WEB_LOAD_SECONDS:-20}
me_seconds=${WEB_LOAD_ME_SECONDS:-$seconds}
single_seconds=${WEB_LOAD_SINGLE_SECONDS:-5}
cli_runs=${WEB_LOAD_CLI_RUNS:-5}
survey=${WEB_LOAD_SURVEY:-citizens-panel}
wave=${WEB_LOAD_WAVE:-2025}
for f in "$gapfinder" "$load"; do
  [ -x "$f" ] || { echo "web_load.sh: $f is missing; build first (cmake --build build)" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gapfinder-web-load.XXXXXX")
server=
stop_server() {
  [ -n "$server" ] || return 0
  local status=0
  kill -INT "$server" 2>/dev/null || true
  wait "$server" || status=$?
  server=
  return "$status"
}
cleanup() {
  stop_server || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db=$tmp/store.db
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
(cd "$tmp" && "$gapfinder" demo --db "$db" >demo.log 2>&1) || { cat "$tmp/demo.log" >&2; exit 1; }
printf '%s\n' "$password" | "$gapfinder" user add loadtest --role viewer --password-stdin --db "$db" >/dev/null

# All the load's clients come from 127.0.0.1, as no real clients would: the cap on
# connections per address (64 by default) is raised for them to just under the total.
# Made before the server starts: the background job opens its output itself, and the
# loop below could read the file before it exists (a race that failed CI now and then).
: >"$tmp/serve.out"
"$gapfinder" serve --port 0 --bind 127.0.0.1 --max-connections-per-address 127 --db "$db" >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
port=
for _ in $(seq 300); do
  port=$(sed -n 's|^gapfinder serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.out")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { echo "web_load.sh: gapfinder serve exited:" >&2; cat "$tmp/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "web_load.sh: gapfinder serve printed no port within 30 s" >&2; exit 1; }

findings=/api/surveys/$survey/waves/$wave/findings
failed=0
run() {  # run NAME CLIENTS SECONDS PATH
  echo "== $1: $2 client(s), $3 s, GET $4"
  printf '%s\n' "$password" | "$load" --host 127.0.0.1 --port "$port" --user loadtest --password-stdin \
    --clients "$2" --seconds "$3" --path "$4" --json "$tmp/$1.json" || failed=1
  echo
}
run findings "$clients" "$seconds" "$findings"
run me "$clients" "$me_seconds" /api/me
run findings-single 1 "$single_seconds" "$findings"

echo "== gapfinder analyse --survey $survey --wave $wave --format json, $cli_runs runs"
times=()
for _ in $(seq "$cli_runs"); do
  start=$(date +%s%N)
  "$gapfinder" analyse --survey "$survey" --wave "$wave" --format json --counts perturbed --db "$db" -o "$tmp/cli.json" >/dev/null 2>&1
  times+=($(( ($(date +%s%N) - start) / 1000 )))
done
cli_us=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (cli_runs + 1) / 2 ))p")
cli_bytes=$(wc -c <"$tmp/cli.json")
echo "runs (ms): $(printf '%s\n' "${times[@]}" | awk '{printf "%s%.1f", (NR > 1 ? ", " : ""), $1 / 1000}'); median $(awk -v u="$cli_us" 'BEGIN{printf "%.1f", u/1000}') ms; $cli_bytes bytes"
echo

if ! stop_server; then
  echo "web_load.sh: gapfinder serve did not stop cleanly on SIGINT:" >&2
  cat "$tmp/serve.err" >&2
  failed=1
fi
if grep -qi 'error' "$tmp/serve.err"; then
  echo "web_load.sh: the server logged errors:" >&2
  grep -i 'error' "$tmp/serve.err" | head -20 >&2
  failed=1
fi

# The ratios, from the runs' JSON (python3 only reads what the runs wrote).
python3 - "$tmp" "$cli_us" "$cli_bytes" <<'EOF' || failed=1
import json, sys
tmp, cli_us, cli_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = {n: json.load(open(f"{tmp}/{n}.json")) for n in ("findings", "me", "findings-single")}
f, me, single = (runs[n]["all"] for n in ("findings", "me", "findings-single"))
body = runs["findings"]["paths"][0]["body_bytes"]
cli_ms = cli_us / 1000
print("== Summary")
print(f"findings under load: {f['throughput_per_s']:.1f} req/s, latency ms median {f['latency_ms']['median']:.1f},"
      f" p95 {f['latency_ms']['p95']:.1f}, p99 {f['latency_ms']['p99']:.1f}, max {f['latency_ms']['max']:.1f};"
      f" errors {runs['findings']['errors']}")
print(f"/api/me under load:  {me['throughput_per_s']:.1f} req/s, latency ms median {me['latency_ms']['median']:.2f},"
      f" p95 {me['latency_ms']['p95']:.2f}; errors {runs['me']['errors']}")
print(f"findings, 1 client:  latency ms median {single['latency_ms']['median']:.2f}, p95 {single['latency_ms']['p95']:.2f}")
print(f"gapfinder analyse:   median {cli_ms:.1f} ms for the whole command")
print(f"ratios: findings per request at saturation (1 / throughput) = {1000 / f['throughput_per_s']:.2f} ms;"
      f" /api/me throughput / findings throughput = {me['throughput_per_s'] / f['throughput_per_s']:.1f}x;"
      f" findings unloaded latency / analyse command = {single['latency_ms']['median'] / cli_ms:.2f}x")
if body != cli_bytes:
    print(f"FAIL: the findings over HTTP are {body} bytes, gapfinder analyse wrote {cli_bytes}")
    sys.exit(1)
EOF
if [ -n "${WEB_LOAD_RESULTS:-}" ]; then
  mkdir -p "$WEB_LOAD_RESULTS"
  for n in findings me findings-single; do cp "$tmp/$n.json" "$WEB_LOAD_RESULTS/web_load-$n.json"; done
fi
[ "$failed" = 0 ] && echo "web_load.sh: no errors" || echo "web_load.sh: FAILED"
exit "$failed"
