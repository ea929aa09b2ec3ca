#!/bin/bash
# llvm-coro-tests.sh DIR [PLUGIN]
#
# Robustness run of coropack over a directory of LLVM IR files, meant for
# LLVM's own coroutine tests (llvm/test/Transforms/Coroutines/*.ll, kept
# outside this repository).  For every DIR/*.ll:
#
#   skip   plain `opt-22 -passes='cgscc(coro-split)'` already fails on it
#          (parse error with LLVM 22, needs other passes, ...)
#   crash  opt with the plugin crashes/aborts (exit code >= 128, or
#          'PLEASE submit a bug report' / 'Assertion' / 'Stack dump' /
#          'coropack: internal error' in stderr), times out, or fails
#          (including verification) while plain coro-split succeeds
#   ok     otherwise; counts the 'packed' and 'left unchanged' remarks
#
# One line per file:
#   ok|skip|crash FILE packed=N unchanged=M resume=R [MISMATCH]
# resume=R is the number of `<name>.resume` functions coro-split produced
# (switch-ABI clones; in the output but not in the input).  MISMATCH marks an
# ok file with packed+unchanged < R (a coroutine neither packed nor
# explained); EXTRA one with packed+unchanged > R (e.g. async/retcon
# coroutines, which get a 'left unchanged' remark but no .resume clone).
# Then a summary: totals, the 'left unchanged' reasons with counts (the
# coroutine's name replaced by <coro>, digit runs by N), and the first 30
# stderr lines of every crash.
# Exit status: 1 if any crash, 2 on usage errors or an unloadable plugin,
# else 0.
#
# Environment: OPT (default opt-22), TIMEOUT (seconds per opt call, 60).

set -u
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -d "$1" ]; then
  echo "usage: $0 DIR [PLUGIN]" >&2
  exit 2
fi
dir=${1%/}
here=$(cd "$(dirname "$0")" && pwd)
plugin=${2:-$here/../build/coropack.so}
opt=${OPT:-opt-22}
to=${TIMEOUT:-60}
if [ ! -f "$plugin" ]; then
  echo "$0: plugin $plugin not found" >&2
  exit 2
fi
case $plugin in /*) ;; *) plugin=$PWD/$plugin ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/llvm-coro-tests.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
# Run a private copy of the plugin, so that a rebuild during the run cannot
# make opt fail to load it half-way; check once that it loads at all.
cp "$plugin" "$tmp/coropack.so" || exit 2
plugin=$tmp/coropack.so
if ! echo 'define void @f() { ret void }' |
     timeout "$to" "$opt" -load-pass-plugin="$plugin" -passes=coro-pack \
       -disable-output 2>"$tmp/err"; then
  echo "$0: cannot run the plugin:" >&2
  head -n 5 "$tmp/err" >&2
  exit 2
fi
: > "$tmp/reasons"
: > "$tmp/crashes"

n_ok=0 n_skip=0 n_crash=0 n_mis=0 n_extra=0 t_packed=0 t_unch=0 t_res=0 nfiles=0
shopt -s nullglob
for f in "$dir"/*.ll; do
  nfiles=$((nfiles + 1))
  name=${f##*/}
  if ! timeout "$to" "$opt" -passes='cgscc(coro-split)' -S -o /dev/null "$f" \
       >/dev/null 2>"$tmp/plain.err"; then
    n_skip=$((n_skip + 1))
    echo "skip $name packed=0 unchanged=0 resume=0"
    continue
  fi
  # (grouped so that the shell's own "Segmentation fault" notice lands in
  # the log rather than on the terminal)
  { timeout "$to" "$opt" -load-pass-plugin="$plugin" \
      -passes='cgscc(coro-split),coro-pack' -verify-each \
      -pass-remarks=coro-pack -pass-remarks-missed=coro-pack \
      -S -o "$tmp/out.ll" "$f" >/dev/null; } 2>"$tmp/err"
  rc=$?
  packed=$(grep -c 'remark: .*packed coroutine frame of ' "$tmp/err")
  unch=$(grep -c 'remark: .*coroutine frame of .* left unchanged (' "$tmp/err")
  if [ "$rc" -ne 0 ] ||
     grep -q -e 'PLEASE submit a bug report' -e 'Assertion' -e 'Stack dump' \
             -e 'coropack: internal error' "$tmp/err"; then
    n_crash=$((n_crash + 1))
    echo "crash $name packed=$packed unchanged=$unch resume=0"
    {
      echo "--- $name (exit $rc$([ "$rc" -eq 124 ] && echo ', timeout'))"
      head -n 30 "$tmp/err"
    } >> "$tmp/crashes"
    continue
  fi
  # switch-ABI resume clones produced by coro-split: functions named
  # <ramp>.resume in the output that were not already in the input
  res_re='^define [^@]*@("[^"]*\.resume"|[-a-zA-Z$._0-9]*\.resume)\('
  res=$(( $(grep -c -E "$res_re" "$tmp/out.ll") - $(grep -c -E "$res_re" "$f") ))
  # reasons, with the coroutine's name replaced by <coro> and digit runs by N
  awk '{
      s = $0; k = index(s, "coroutine frame of "); if (!k) next
      s = substr(s, k + 19); e = index(s, " left unchanged ("); if (!e) next
      name = substr(s, 1, e - 1); s = substr(s, e + 17)
      c = index(s, "): "); if (!c) next
      r = substr(s, c + 3); out = ""
      while (name != "" && (i = index(r, name)) > 0) {
        b = substr(r, i - 1, 1); a = substr(r, i + length(name), 1)
        if ((i == 1 || b == " ") && a !~ /[A-Za-z0-9_$]/)
          out = out substr(r, 1, i - 1) "<coro>"
        else
          out = out substr(r, 1, i - 1 + length(name))
        r = substr(r, i + length(name))
      }
      r = out r; gsub(/[0-9]+/, "N", r); print r
    }' "$tmp/err" >> "$tmp/reasons"
  n_ok=$((n_ok + 1))
  t_packed=$((t_packed + packed)); t_unch=$((t_unch + unch)); t_res=$((t_res + res))
  mark=
  if [ $((packed + unch)) -lt "$res" ]; then mark=' MISMATCH'; n_mis=$((n_mis + 1))
  elif [ $((packed + unch)) -gt "$res" ]; then mark=' EXTRA'; n_extra=$((n_extra + 1)); fi
  echo "ok $name packed=$packed unchanged=$unch resume=$res$mark"
done

if [ "$nfiles" -eq 0 ]; then
  echo "$0: no .ll files in $dir" >&2
  exit 2
fi
echo
echo "summary: files=$nfiles ok=$n_ok skip=$n_skip crash=$n_crash"
echo "remarks: packed=$t_packed unchanged=$t_unch; .resume functions produced in ok files: $t_res"
echo "ok files with fewer remarks than .resume functions (MISMATCH): $n_mis; with more (EXTRA): $n_extra"
if [ -s "$tmp/reasons" ]; then
  echo "left-unchanged reasons:"
  sort "$tmp/reasons" | uniq -c | sort -k1,1nr -k2
fi
if [ -s "$tmp/crashes" ]; then
  echo
  echo "crashes (first 30 lines of stderr):"
  cat "$tmp/crashes"
fi
[ "$n_crash" -eq 0 ]
