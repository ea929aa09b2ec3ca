#!/usr/bin/env bash
# Compile-time cost of coropack on whole clang compiles: the instructions
# (callgrind Ir) of the `clang -cc1` job of
#   clang++-22 -std=c++20 <level> -c TU                      (without)
#   clang++-22 -std=c++20 <level> -fpass-plugin=PLUGIN -c TU (with)
# at each level (default: "-O2" and "-O2 -g"), on
#   - the project's coroutine-heavy programs (test/programs/{lazy_task,
#     elidable,generator_misc}.cpp; or the SRC files given),
#   - a generated TU with GEN coroutines (utils/bench/many_coroutines.py,
#     default 300; --gen 0 leaves it out),
#   - real TUs given with --log LOG:SOURCE (LOG: a realsuite-compiles.jsonl
#     of utils/realsuite.py's baseline build; SOURCE: the end of a compiled
#     source path; its command line is replayed in its directory, with its
#     -O/-g flags replaced by the level's).
# Prints per TU and level: Ir without, Ir with, the ratio, and the plugin's
# own share of "Ir with" (the inclusive Ir of its passes and of its
# before-pass callback if one was registered, i.e. the shim and C core with
# the LLVM-C calls they make; not what LLVM spends running our passes).  Runs up to -j jobs at once (Ir counts do not depend on load).
# -j N runs N TUs at once, each with its two variants in parallel.
#   utils/bench/compile_time.sh [--build DIR] [--levels "-O2;-O2 -g"] [--gen N]
#       [--log LOG:SOURCE]... [-j N] [--keep DIR] [SRC...]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=build
LEVELS="-O2;-O2 -g"
GEN=300
JOBS=1
KEEP=
LOGS=()
SRCS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD=$2; shift 2 ;;
    --levels) LEVELS=$2; shift 2 ;;
    --gen) GEN=$2; shift 2 ;;
    --log) LOGS+=("$2"); shift 2 ;;
    -j) JOBS=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) echo "compile_time.sh: unknown option $1" >&2; exit 2 ;;
    *) SRCS+=("$1"); shift ;;
  esac
done
case "$BUILD" in /*) PLUGIN=$BUILD/coropack.so ;; *) PLUGIN=$ROOT/$BUILD/coropack.so ;; esac
[ -f "$PLUGIN" ] || { echo "compile_time.sh: no plugin at $PLUGIN" >&2; exit 2; }
[ ${#SRCS[@]} -gt 0 ] ||
  SRCS=(test/programs/lazy_task.cpp test/programs/elidable.cpp test/programs/generator_misc.cpp)
if ! command -v valgrind >/dev/null; then
  echo "valgrind missing; installing" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y valgrind; else sudo apt-get install -y valgrind; fi
fi
if [ -n "$KEEP" ]; then tmp=$KEEP; mkdir -p "$tmp"; else tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; fi

# One job per (TU, level): NAME<TAB>DIR<TAB>LEVEL<TAB>ARGV (NUL-free, shell-quoted)
jobs=$tmp/jobs.txt
: > "$jobs"
for src in "${SRCS[@]}"; do
  name=$(basename "$src" .cpp)
  case "$src" in /*) ;; *) src=$ROOT/$src ;; esac
  IFS=';' read -ra lv <<< "$LEVELS"
  for l in "${lv[@]}"; do
    printf '%s\t%s\t%s\t%s\n' "$name" "$ROOT" "$l" "clang++-22 -std=c++20 $src" >> "$jobs"
  done
done
if [ "$GEN" != 0 ]; then
  python3 utils/bench/many_coroutines.py "$GEN" > "$tmp/many$GEN.cpp"
  IFS=';' read -ra lv <<< "$LEVELS"
  for l in "${lv[@]}"; do
    printf '%s\t%s\t%s\t%s\n' "many$GEN" "$tmp" "$l" "clang++-22 -std=c++20 $tmp/many$GEN.cpp" >> "$jobs"
  done
fi
for spec in ${LOGS[@]+"${LOGS[@]}"}; do
  python3 - "$spec" "$LEVELS" >> "$jobs" <<'EOF'
import json, os, shlex, sys
log, src = sys.argv[1].rsplit(":", 1)
for line in open(log):
    r = json.loads(line)
    a = r["argv"]
    if "-c" in a and a[a.index("-c") + 1].endswith(src):
        break
else:
    sys.exit("compile_time.sh: %s not compiled in %s" % (src, log))
keep, skip = [], False
for i, x in enumerate(a):
    if skip:
        skip = False
        continue
    if x in ("-o", "-MF", "-MT"):
        skip = True
        continue
    if x.startswith(("-O", "-g", "-MD", "-fpass-plugin", "-mllvm")) or (i and a[i - 1] == "-mllvm"):
        continue
    keep.append(x)
name = os.path.basename(src)[:-4]
for l in sys.argv[2].split(";"):
    print("%s\t%s\t%s\t%s" % (name, r["cwd"], l, " ".join(shlex.quote(x) for x in keep)))
EOF
done

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
         /CoroPackMarkLastPass::run\(|CoroPackMarkLastPass, llvm::AnalysisManager.*>::run\(/ { k="marklast" }
         /CoroPackLateModulePass::run\(/ { k="late" }
         /CoroPackStripTBAAPass::run\(/ { k="strip" }
         /llvmGetPassPluginInfo.*lambda\(llvm::StringRef, llvm::Any\)/ { k="mark" }
         k != "" && c+0 > m[k] { m[k]=c+0 }
         END { for (k in m) s+=m[k]; print s+0 }'
}
# run_one I: the I-th job, both variants; prints the result line
run_one() {
  local line name dir level argv tag
  line=$(sed -n "${1}p" "$jobs")
  IFS=$'\t' read -r name dir level argv <<< "$line"
  tag=$name.$(echo "$level" | tr -c 'A-Za-z0-9\n' '_')
  for v in base plug; do
    local extra=""
    [ $v = plug ] && extra="-fpass-plugin=$PLUGIN"
    # the -cc1 job of the driver, run by itself under callgrind; the two
    # variants at once (-j counts TUs)
    local cc1
    cc1=$(cd "$dir" && eval "$argv $level $extra -c -o $tmp/$tag.$v.o -###" 2>&1 |
          grep -- '"-cc1"' | head -1)
    (cd "$dir" && eval "valgrind --tool=callgrind --callgrind-out-file=$tmp/$tag.$v.cg $cc1" \
       > "$tmp/$tag.$v.log" 2>&1) &
  done
  wait
  local b p own
  b=$(ir_total "$tmp/$tag.base.cg")
  p=$(ir_total "$tmp/$tag.plug.cg")
  own=$(ir_plugin "$tmp/$tag.plug.cg")
  awk -v n="$name" -v l="$level" -v b="$b" -v p="$p" -v o="$own" 'BEGIN {
    printf "%-22s %-7s %14.0f %14.0f %7.4f %12.0f %6.2f%%\n", n, l, b, p, p/b, o, 100*o/p }'
}
export -f run_one ir_total ir_plugin
export jobs tmp PLUGIN
printf '%-22s %-7s %14s %14s %7s %12s %7s\n' TU level "Ir without" "Ir with" ratio "Ir plugin" share
n=$(wc -l < "$jobs")
seq 1 "$n" | xargs -P "$JOBS" -I{} bash -c 'run_one {}'
