#!/usr/bin/env bash
# Installs what coropack needs on Debian 12 (only what is missing), then
# configures and builds it in build/.  Safe to run again.
#   utils/setup.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# lld-22: the LTO tests; chromium: the HTML report test (headless);
# dpkg-dev: cpack -G DEB.
for p in llvm-22-dev clang-22 llvm-22-tools libclang-rt-22-dev lld-22 cmake make gcc g++ \
         python3 dpkg-dev chromium; do
  have_pkg "$p" || need+=("$p")
done
if ((${#need[@]})); then
  echo "setup: installing ${need[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

cmake -S . -B "$BUILD" -DLLVM_DIR=/usr/lib/llvm-22/lib/cmake/llvm >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
echo "setup: built $BUILD/coropack.so"
