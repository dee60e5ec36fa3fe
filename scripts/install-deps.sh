#!/usr/bin/env bash
# Installs everything gapfinder needs to build and test, from Debian packages only.
# Idempotent: when every package is already present it prints nothing and exits 0.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-dev libboost-filesystem-dev
  libsqlite3-dev sqlite3
  libpoco-dev
  libssl-dev
  libspdlog-dev
  libgtest-dev libgmock-dev
  libreadstat-dev
  libxlsxwriter-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
