#!/usr/bin/env bash
# Installs everything gapfinder needs to build and test: Debian packages, and the npm
# packages of the browser checks as tests/browser/package-lock.json pins them.
# Idempotent: when everything is already present it prints nothing and exits 0.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-dev libboost-filesystem-dev
  libsqlite3-dev sqlite3
  libpq-dev                     # stores on a PostgreSQL server (core/store/postgresql.hpp)
  postgresql                    # scripts/pg-cluster.sh: the store tests against a real server
  python3                       # tests/attack: the attacker and its planted sample
  python3-snowballstemmer       # scripts/reference/recount_consultation_themes.py: Snowball stems in Python
  libpoco-dev
  libssl-dev
  libspdlog-dev
  libgtest-dev libgmock-dev
  libreadstat-dev
  libxlsxwriter-dev
  libstemmer-dev                # core/text: Snowball English stemming of comments
  libfasttext-dev               # core/text/classifier: supervised fastText, trained locally
  wbritish                      # core/text/redact: /usr/share/dict/british-english, the name detector's dictionary
  gnumeric                      # tests only: ssconvert saves coding workbooks as another spreadsheet program would
  clang-14 libclang-rt-14-dev   # scripts/fuzz.sh: libFuzzer and the sanitizers
  chromium                      # tests/browser: the report and the web app in a real browser
)
# Node.js and npm build the web pages (app/web/frontend: govuk-frontend, sass) and run
# the browser checks (playwright-core, axe-core). A machine whose
# node came from elsewhere (NodeSource ships npm inside its nodejs) keeps it.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser checks' npm packages, exactly as the committed lock file pins them.
browser="$(dirname "$0")/../tests/browser"
if [ ! -f "$browser/node_modules/.package-lock.json" ] || [ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
  echo "Installing the browser checks' npm packages (tests/browser)"
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
