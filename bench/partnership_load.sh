#!/usr/bin/env bash
# A partnership's shared server under load: bench/partnership_load.sh [BUILD_DIR] (default
# build/). Builds nothing: it needs BUILD_DIR/gapfinder and BUILD_DIR/gapfinder_web_load,
# PostgreSQL's server programs (scripts/pg-cluster.sh) and /usr/bin/python3.
#
# Three councils (scripts/generate_partnership.py, 3,000 residents each) are organisations
# of one store, each with its own viewer, and each has ingested its own Citizen's Panel
# wave 2025. Then, in the same run, WEB_LOAD_CLIENTS (50) clients, spread over the three
# viewers, GET their own council's findings for WEB_LOAD_SECONDS (20):
#   1. sqlite:      today's set-up, one `gapfinder serve` on an SQLite file
#   2. postgresql-1: one `gapfinder serve` on a PostgreSQL database (a throwaway cluster):
#                   what the database server costs by itself
#   3. postgresql:  two `gapfinder serve` processes on that database, each client signing
#                   in on one and sending its requests to each in turn, as a round-robin
#                   proxy would: every other request rides on a session the other made
# and prints throughput and latency percentiles of both, with their ratio. Exits non-zero
# if any request failed (a non-2xx answer or a body whose size changed), if a council's
# findings differ between the two stores, or if a server does not stop cleanly.
# WEB_LOAD_RESULTS=DIR keeps the JSON of each run there.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
gapfinder=$build/gapfinder
load=$build/gapfinder_web_load
clients=${WEB_LOAD_CLIENTS:-50}
seconds=${WEB_LOAD_SECONDS:-20}
councils=("Blaby" "Charnwood" "Harborough")
for f in "$gapfinder" "$load"; do
  [ -x "$f" ] || { echo "partnership_load.sh: $f is missing; build first (cmake --build build)" >&2; exit 2; }
done
"$root/scripts/pg-cluster.sh" available ||
  { echo "partnership_load.sh: PostgreSQL is not installed (scripts/install-deps.sh installs it)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gapfinder-partnership-load.XXXXXX")
servers=()
cluster=
stop_servers() {
  local status=0 pid
  for pid in "${servers[@]}"; do
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" || status=$?
  done
  servers=()
  return "$status"
}
cleanup() {
  stop_servers || true
  [ -z "$cluster" ] || "$root/scripts/pg-cluster.sh" stop "$cluster" || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

/usr/bin/python3 "$root/scripts/generate_partnership.py" --out "$tmp/data" --councils "${#councils[@]}" >/dev/null
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
users=()
for council in "${councils[@]}"; do users+=("viewer.$(tr 'A-Z ' 'a-z-' <<<"$council")"); done

# A store with the three councils, their viewers and their waves.
make_store() {  # make_store DB
  local db=$1 i
  for i in "${!councils[@]}"; do
    "$gapfinder" organisation add "${councils[$i]}" --db "$db" >/dev/null
    printf '%s\n' "$password" |
      "$gapfinder" user add "${users[$i]}" --role viewer --organisation "${councils[$i]}" --password-stdin --db "$db" >/dev/null
    "$gapfinder" ingest "$tmp/data/$(tr 'A-Z ' 'a-z-' <<<"${councils[$i]}")-citizens-panel-2025.csv" \
      --survey citizens-panel --wave 2025 --organisation "${councils[$i]}" --db "$db" >/dev/null 2>&1
  done
}

start_server() {  # start_server DB NAME: starts one, appends its pid to servers, prints its port
  local db=$1 name=$2 pid port=
  : >"$tmp/$name.out"
  "$gapfinder" serve --port 0 --bind 127.0.0.1 --max-connections-per-address 127 --db "$db" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  servers+=("$pid")
  for _ in $(seq 300); do
    port=$(sed -n 's|^gapfinder serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/$name.out")
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "partnership_load.sh: $name exited:" >&2; cat "$tmp/$name.err" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { echo "partnership_load.sh: $name printed no port within 30 s" >&2; exit 1; }
  echo "$port"
}

failed=0
findings=/api/surveys/citizens-panel/waves/2025/findings
run() {  # run NAME PORT...
  local name=$1 args=()
  shift
  for port in "$@"; do args+=(--port "$port"); done
  for user in "${users[@]}"; do args+=(--user "$user"); done
  echo "== $name: $clients clients over ${#users[@]} councils' viewers, $seconds s, $# server process(es), GET $findings"
  printf '%s\n' "$password" | "$load" --host 127.0.0.1 "${args[@]}" --password-stdin --clients "$clients" --seconds "$seconds" \
    --path "$findings" --json "$tmp/$name.json" || failed=1
  echo
}
check_logs() {
  local log
  for log in "$tmp"/*.err; do
    if grep -qi 'error' "$log"; then
      echo "partnership_load.sh: $(basename "$log" .err) logged errors:" >&2
      grep -i 'error' "$log" | head -20 >&2
      failed=1
    fi
  done
}

# 1. Today's set-up: one process, an SQLite file.
make_store "$tmp/store.db"
port=$(start_server "$tmp/store.db" sqlite-server)
run sqlite "$port"
stop_servers || { echo "partnership_load.sh: the SQLite server did not stop cleanly" >&2; failed=1; }

# 2. One process on a PostgreSQL database, then 3. two.
cluster=$("$root/scripts/pg-cluster.sh" start)
psql "$cluster" -q -c 'CREATE DATABASE gapfinder_load' >/dev/null
pg_store=${cluster/\/postgres\?//gapfinder_load?}
make_store "$pg_store"
port=$(start_server "$pg_store" postgresql-server-alone)
run postgresql-1 "$port"
stop_servers || { echo "partnership_load.sh: the PostgreSQL-backed server did not stop cleanly" >&2; failed=1; }
port_a=$(start_server "$pg_store" postgresql-server-a)
port_b=$(start_server "$pg_store" postgresql-server-b)
run postgresql "$port_a" "$port_b"
stop_servers || { echo "partnership_load.sh: a PostgreSQL-backed server did not stop cleanly" >&2; failed=1; }
check_logs

# Each council's findings from the two stores must be the same document (exact counts:
# each store perturbs with its own cell key secret).
for i in "${!councils[@]}"; do
  for store in "$tmp/store.db" "$pg_store"; do
    "$gapfinder" analyse --survey citizens-panel --wave 2025 --organisation "${councils[$i]}" --format json \
      --db "$store" -o "$tmp/cli-$i-$([ "$store" = "$tmp/store.db" ] && echo sqlite || echo pg).json" \
      >/dev/null 2>&1
  done
  cmp -s "$tmp/cli-$i-sqlite.json" "$tmp/cli-$i-pg.json" ||
    { echo "partnership_load.sh: ${councils[$i]}'s findings differ between SQLite and PostgreSQL" >&2; failed=1; }
done

python3 - "$tmp" <<'EOF' || failed=1
import json, sys
tmp = sys.argv[1]
runs = {n: json.load(open(f"{tmp}/{n}.json")) for n in ("sqlite", "postgresql-1", "postgresql")}
print("== Summary")
for name, label in (("sqlite", "1 process, SQLite      "), ("postgresql-1", "1 process, PostgreSQL  "),
                    ("postgresql", "2 processes, PostgreSQL")):
    r = runs[name]
    a = r["all"]
    print(f"{label}: {a['requests']} requests, {a['throughput_per_s']:.1f} req/s, latency ms median"
          f" {a['latency_ms']['median']:.1f}, p95 {a['latency_ms']['p95']:.1f}, p99 {a['latency_ms']['p99']:.1f};"
          f" errors {r['errors']}")
s, p = runs["sqlite"]["all"], runs["postgresql"]["all"]
print(f"ratios (2 x PostgreSQL / 1 x SQLite): throughput {p['throughput_per_s'] / s['throughput_per_s']:.2f}x,"
      f" p95 latency {p['latency_ms']['p95'] / s['latency_ms']['p95']:.2f}x")
EOF
if [ -n "${WEB_LOAD_RESULTS:-}" ]; then
  mkdir -p "$WEB_LOAD_RESULTS"
  for n in sqlite postgresql-1 postgresql; do cp "$tmp/$n.json" "$WEB_LOAD_RESULTS/partnership_load-$n.json"; done
fi
[ "$failed" = 0 ] && echo "partnership_load.sh: no errors" || echo "partnership_load.sh: FAILED"
exit "$failed"
