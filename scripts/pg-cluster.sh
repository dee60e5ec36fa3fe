#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests (docs/deployment.md):
#   scripts/pg-cluster.sh start   creates a cluster in a new temporary folder, starts it
#                                 on a free port, listening on a unix socket in that
#                                 folder only, and prints its URL (for GAPFINDER_TEST_PG_URL)
#   scripts/pg-cluster.sh stop URL  stops that cluster and removes its folder
#   scripts/pg-cluster.sh available  exits 0 when PostgreSQL's server programs are installed
# PostgreSQL refuses to run as root: run as root, the cluster belongs to the postgres user.
# Durability is off (fsync, synchronous_commit): the cluster is gone after the tests.
set -euo pipefail

server_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) "$(pg_config --bindir 2>/dev/null || true)"; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-}" in
  available)
    server_bin >/dev/null
    ;;
  start)
    bin="$(server_bin)" || { echo "pg-cluster.sh: PostgreSQL's initdb is not installed (apt-get install postgresql)" >&2; exit 1; }
    dir="$(mktemp -d /tmp/gapfinder-pg.XXXXXX)"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port="$(free_port)"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@/postgres?host=$dir&port=$port"
    ;;
  stop)
    url="${2:?pg-cluster.sh stop URL: give the URL start printed}"
    dir="$(sed -n 's/.*[?&]host=\([^&]*\).*/\1/p' <<<"$url")"
    case "$dir" in /tmp/gapfinder-pg.*) ;; *) echo "pg-cluster.sh: $url is not a cluster this script started" >&2; exit 1;; esac
    bin="$(server_bin)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg-cluster.sh start | stop URL | available" >&2
    exit 2
    ;;
esac
