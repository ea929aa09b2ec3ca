#!/usr/bin/env bash
# Compile-time cost of coropack: instructions executed (callgrind Ir) by
#   opt-22 -passes='default<O2>' M.ll            (without the plugin)
#   opt-22 -load-pass-plugin=build/coropack.so -passes='default<O2>' M.ll
# on coroutine-heavy modules made from test/programs/*.cpp with
#   clang++-22 -std=c++20 -O2 -S -emit-llvm -Xclang -disable-llvm-passes
# Prints per module: Ir without, Ir with, the ratio, Ir with the plugin
# loaded but -coro-pack-disable (what loading and registering costs, and
# whatever the plugin does that the option does not turn off), and the plugin's own
# share: the inclusive Ir of its passes and of its before-pass callback
# (marking), i.e. the shim and C core including the LLVM-C calls they make.
#   utils/bench/compile_time.sh [BUILD_DIR] [SRC...]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
shift || true
PLUGIN=$PWD/$BUILD/coropack.so
SRCS=("$@")
[ ${#SRCS[@]} -gt 0 ] || SRCS=(test/programs/lazy_task.cpp test/programs/elidable.cpp test/programs/generator_misc.cpp)
if ! command -v valgrind >/dev/null; then
  echo "valgrind missing; installing" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y valgrind; else sudo apt-get install -y valgrind; fi
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ir_total() { # callgrind out file -> total Ir
  callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ && !t {gsub(",","",$1); print $1; t=1}'
}
ir_plugin() { # inclusive Ir of the plugin's passes and callbacks
  # callgrind lists one function under several names (with and without
  # the file, wrapper clones): take the largest line per entry point and
  # add the entry points up, which never nest.
  callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
    awk '{ c=$1; gsub(",","",c); k="" }
         /CoroPackCGSCCPass::run\(/ { k="cgscc" }
         /CoroPackModulePass::run\(/ { k="module" }
         /CoroPackUnmarkPass::run\(/ { k="unmark" }
         /CoroPackMarkPass::run\(/ { k="markpass" }
         /llvmGetPassPluginInfo.*lambda\(llvm::StringRef, llvm::Any\)/ { k="mark" }
         k != "" && c+0 > m[k] { m[k]=c+0 }
         END { for (k in m) s+=m[k]; print s+0 }'
}

printf '%-16s %6s %12s %12s %7s %12s %7s %11s %7s\n' module funcs "Ir without" "Ir with" ratio "Ir disabled" ratio "Ir plugin" share
for src in "${SRCS[@]}"; do
  name=$(basename "$src" .cpp)
  ll=$tmp/$name.ll
  clang++-22 -std=c++20 -O2 -S -emit-llvm -Xclang -disable-llvm-passes "$src" -o "$ll"
  nfun=$(grep -c '^define' "$ll")
  valgrind --tool=callgrind --callgrind-out-file="$tmp/$name.base.cg" \
    opt-22 -passes='default<O2>' "$ll" -o /dev/null 2>/dev/null
  valgrind --tool=callgrind --callgrind-out-file="$tmp/$name.plug.cg" \
    opt-22 -load-pass-plugin="$PLUGIN" -passes='default<O2>' "$ll" -o /dev/null 2>/dev/null
  valgrind --tool=callgrind --callgrind-out-file="$tmp/$name.dis.cg" \
    opt-22 -load-pass-plugin="$PLUGIN" -coro-pack-disable -passes='default<O2>' "$ll" -o /dev/null 2>/dev/null
  b=$(ir_total "$tmp/$name.base.cg")
  d=$(ir_total "$tmp/$name.dis.cg")
  p=$(ir_total "$tmp/$name.plug.cg")
  own=$(ir_plugin "$tmp/$name.plug.cg")
  awk -v n="$name" -v f="$nfun" -v b="$b" -v p="$p" -v d="$d" -v o="$own" 'BEGIN {
    printf "%-16s %6d %12d %12d %7.4f %12d %7.4f %11d %6.2f%%\n", n, f, b, p, p/b, d, d/b, o, 100*o/p }'
done
