#!/usr/bin/env bash
# Installs every Debian 12 package that Chorus needs to build, test and benchmark.
# Idempotent: packages already present are left alone. Run as root or with sudo.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git clang clang-format libclang-rt-14-dev
  libcli11-dev nlohmann-json3-dev libsimdjson-dev libcpp-httplib-dev libspdlog-dev libfmt-dev
  libutf8proc-dev libxxhash-dev libzstd-dev libjemalloc-dev libsqlite3-dev librdkafka-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libxapian-dev
  python3 python3-numpy chromium
)
# Node.js and npm run the real-client and browser tests. A machine that already has them (for
# example from another distribution channel) keeps its own; otherwise Debian's are installed.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
