#!/usr/bin/env bash
# The main job: compile the example coroutines with clang++-22 -O2 with the
# plugin and print the before/after frame report of each.
#   utils/examples.sh [BUILD_DIR] [-O0|-O1|-O2|-O3]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OPT=${2:--O2}
PLUGIN=$PWD/$BUILD/coropack.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in examples/*.cpp; do
  echo "=== $src ($OPT)"
  clang++-22 -std=c++20 "$OPT" -fpass-plugin="$PLUGIN" \
    -mllvm -coro-pack-report=- -mllvm -coro-elide-branch-ratio=0 \
    -c "$src" -o "$tmp/out.o"
done
