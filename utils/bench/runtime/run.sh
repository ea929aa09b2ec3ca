#!/usr/bin/env bash
# Runtime effect of coropack at -O2: builds bench.cpp with and without the
# plugin (opaque.cpp and alloc.cpp always without), then
#  1. keeps COUNT (default 1,000,000) suspended coroutines alive in each
#     build and prints frame bytes allocated (counted by a replaced global
#     operator new) and peak RSS, with the with/without ratios;
#  2. counts instructions (callgrind, the measured function only) of ITERS
#     (default 10,000) round trips: resume/suspend of a cycling generator
#     (loop), of a task parked on an external event (tloop), and whole runs
#     of a two-level tree of elidable tasks (tree).
#   utils/bench/runtime/run.sh [BUILD_DIR] [COUNT] [ITERS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
BUILD=${1:-build}
COUNT=${2:-1000000}
ITERS=${3:-10000}
PLUGIN=$root/$BUILD/coropack.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CXX="clang++-22 -std=c++20 -O2"
$CXX -c "$here/opaque.cpp" -o "$tmp/opaque.o"
$CXX -c "$here/alloc.cpp" -o "$tmp/alloc.o"
$CXX -mllvm -coro-elide-branch-ratio=0 "$here/bench.cpp" "$tmp/opaque.o" "$tmp/alloc.o" -o "$tmp/without"
$CXX -mllvm -coro-elide-branch-ratio=0 -fpass-plugin="$PLUGIN" \
  -mllvm -coro-pack-report="$tmp/report.txt" "$here/bench.cpp" "$tmp/opaque.o" "$tmp/alloc.o" -o "$tmp/with"
grep '^coroutine' "$tmp/report.txt" | sed 's/^/  /'

get() { sed -n "s/.* $1 \([0-9]*\).*/\1/p" <<<"$2"; }
w=$("$tmp/without" mem "$COUNT")
p=$("$tmp/with" mem "$COUNT")
[ "$(get check "$w")" = "$(get check "$p")" ] || { echo "checksums differ" >&2; exit 1; }
printf '%-22s %14s %14s %8s\n' "$COUNT coroutines" without with ratio
for k in generator_frame task_frame frame_bytes frame_allocs peak_rss_kib; do
  a=$(get $k "$w"); b=$(get $k "$p")
  awk -v k="$k" -v a="$a" -v b="$b" 'BEGIN { printf "%-22s %14d %14d %8.3f\n", k, a, b, b/a }'
done

ir() { # BUILD MODE FUNC: callgrind Ir inside FUNC (its loop only)
  valgrind --tool=callgrind --toggle-collect="$3" \
    --callgrind-out-file="$tmp/$1.$2.cg" "$tmp/$1" "$2" "$ITERS" >"$tmp/$1.$2.out" 2>/dev/null
  callgrind_annotate "$tmp/$1.$2.cg" 2>/dev/null | awk '/PROGRAM TOTALS/ && !t {gsub(",","",$1); print $1; t=1}'
}
# round trips: generator cycling through phases, task parked on an event,
# and a whole run of a tree of elidable tasks (one frame allocation each)
printf '%-22s %14s %14s %8s %9s %9s\n' "$ITERS round trips" "Ir without" "Ir with" ratio "per w/o" "per with"
for m in "loop roundtrip(" "tloop roundtrip_task(" "tree roundtrip_tree("; do
  set -- $m
  a=$(ir without "$1" "$2*"); b=$(ir with "$1" "$2*")
  cmp -s "$tmp/without.$1.out" "$tmp/with.$1.out" || { echo "$1: checksums differ" >&2; exit 1; }
  awk -v k="$1" -v n="$ITERS" -v a="$a" -v b="$b" 'BEGIN {
    printf "%-22s %14d %14d %8.3f %9.2f %9.2f\n", k, a, b, b/a, a/n, b/n }'
done
