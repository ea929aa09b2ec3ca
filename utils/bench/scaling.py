#!/usr/bin/env python3
"""How coropack's time and memory grow with suspend points and slots,
against coro-split's on the same module.

    utils/bench/scaling.py [--build build] [--S 5,10,15,20,25]
                           [--N 10,100,1000,3000,10000] [--limit 60] [--keep DIR]
    utils/bench/scaling.py --emit S,N      (the pre-split IR only)

(The default grid is small so that it runs in a few minutes; the large
points of docs/benchmarks.md, S and N up to 10,000, are given with --S and
--N.)

For each (S suspend points, N slots) it writes a pre-split switch-ABI
coroutine in LLVM IR: slot i is an i64 produced (call @produce) before
suspend point a_i and consumed (call @consume) after suspend point b_i,
a_i < b_i <= a_i + 4, a_i pseudo-random (fixed seed), so coro-split
spills N values into the frame, about 2.5 N / S of them live per state.
Then three opt-22 runs on it, each with -disable-output:

  parse   -passes=verify                                   peak RSS P0
  split   -passes='cgscc(coro-split)'                      peak RSS P1
  both    -load-pass-plugin -passes='cgscc(coro-split),coro-pack'
          -time-passes -pass-remarks=coro-pack             peak RSS P2

Time: the wall-clock seconds -time-passes gives CoroSplitPass and the
coro-pack module pass in the same run ("both").  Memory: what each adds
to the peak resident set, coro-split P1 - P0, coropack P2 - P1 (the
bytes it holds on top of the split module).  A row (fixed S) stops at the
first point over --limit seconds.  Prints a table (ok: coropack's time and
memory at most coro-split's), then log-log least-squares growth exponents
of both passes' times: time ~ N^k per row, time ~ S^k per column.
"""
import argparse
import math
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

HEAD = """target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
declare i64 @produce(i64)
declare void @consume(i64)
"""


def gen_ir(S, N, seed=1):
    rnd = random.Random(seed * 1000003 + S * 7 + N)
    defs = [[] for _ in range(S + 1)]
    uses = [[] for _ in range(S + 1)]
    for i in range(N):
        a = rnd.randrange(S)
        b = min(S, a + rnd.randint(1, 4))
        defs[a].append(i)
        uses[b].append(i)
    out = [HEAD, "define ptr @f(i64 %n) presplitcoroutine {", "entry:",
           "  %pr = alloca %promise, align 8",
           "  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)",
           "  %size = call i64 @llvm.coro.size.i64()",
           "  %alloc = call ptr @_Znwm(i64 %size)",
           "  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)"]
    for k in range(S + 1):
        if k:
            out.append("r%d:" % k)
        for i in uses[k]:
            out.append("  call void @consume(i64 %%v%d)" % i)
        for i in defs[k]:
            out.append("  %%v%d = call i64 @produce(i64 %d)" % (i, i))
        if k < S:
            out.append("  %%s%d = call i8 @llvm.coro.suspend(token none, i1 false)" % k)
            out.append("  switch i8 %%s%d, label %%suspend [i8 0, label %%r%d\n"
                       "                                i8 1, label %%cleanup]"
                       % (k, k + 1))
        else:
            out.append("  br label %cleanup")
    out += ["cleanup:",
            "  %mem = call ptr @llvm.coro.free(token %id, ptr %hdl)",
            "  %size2 = call i64 @llvm.coro.size.i64()",
            "  call void @_ZdlPvm(ptr %mem, i64 %size2)",
            "  br label %suspend",
            "suspend:",
            "  call void @llvm.coro.end(ptr %hdl, i1 false, token none)",
            "  ret ptr %hdl", "}", ""]
    return "\n".join(out)


def timed(cmd, limit, want_stderr=False):
    """-> (seconds, peak RSS KiB, returncode or 'timeout', stdout, or the
    tool's stderr with want_stderr)"""
    tv = shutil.which("time") and os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-v"] if tv else []) + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    # own process group: on timeout kill /usr/bin/time and the tool under it
    p = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return time.monotonic() - t0, None, "timeout", ""
    r = subprocess.CompletedProcess(full, p.returncode, out, err)
    dt = time.monotonic() - t0
    rss = None
    if tv:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
        rss = int(m.group(1)) if m else None
    else:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rss = after if after > before else None  # max over children so far
    return dt, rss, r.returncode, r.stderr if want_stderr else r.stdout


def fit(points, tmin=0.0, semilog=False):
    """Least-squares slope of ln y against ln x (semilog: against x)."""
    pts = [(x if semilog else math.log(x), math.log(y))
           for x, y in points if y > 0 and y >= tmin]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx if sxx else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--S", default="5,10,15,20,25")
    ap.add_argument("--N", default="10,100,1000,3000,10000")
    ap.add_argument("--limit", type=float, default=60.0)
    ap.add_argument("--keep", help="keep the generated IR in this directory")
    ap.add_argument("--fit-min", type=float, default=0.5,
                    help="fit only points at least this many seconds (the "
                    "first ~0.1 s is process start and IR parsing)")
    ap.add_argument("--emit", metavar="S,N",
                    help="only print the pre-split IR for S suspend points and "
                    "N slots (tests use it)")
    a = ap.parse_args()
    if a.emit:
        S, N = (int(x) for x in a.emit.split(","))
        sys.stdout.write(gen_ir(S, N))
        return 0
    plugin = os.path.join(os.path.abspath(a.build), "coropack.so")
    Ss = [int(x) for x in a.S.split(",")]
    Ns = [int(x) for x in a.N.split(",")]
    tmp = a.keep or tempfile.mkdtemp()
    os.makedirs(tmp, exist_ok=True)
    res, res_split = {}, {}
    print("| S | N | frame old -> new (bound) | coro-split s | coropack s "
          "| coro-split MiB | coropack MiB | ok |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |", flush=True)
    mib = lambda k: "%.1f" % (k / 1024.0) if k is not None else "-"
    for S in Ss:
        for N in Ns:
            pre = os.path.join(tmp, "s%d_n%d.pre.ll" % (S, N))
            with open(pre, "w") as fh:
                fh.write(gen_ir(S, N))
            opt = ["opt-22", "-disable-output", pre]
            _, p0, rc0, _ = timed(opt + ["-passes=verify"], a.limit)
            _, p1, rc1, _ = timed(opt + ["-passes=cgscc(coro-split)"], 2 * a.limit)
            dt, p2, rc2, err = timed(opt + ["-load-pass-plugin=" + plugin,
                                            "-passes=cgscc(coro-split),coro-pack",
                                            "-time-passes", "-pass-remarks=coro-pack"],
                                     2 * a.limit, want_stderr=True)
            if "timeout" in (rc0, rc1, rc2) or rc2 != 0:
                print("| %d | %d | %s after %.1f s | | | | | |"
                      % (S, N, "timeout" if rc2 == "timeout" else "exit %s" % rc2, dt),
                      flush=True)
                break
            ts = re.search(r"\s([0-9.]+) \([ 0-9.]+%\)\s+CoroSplitPass\n", err)
            tp = re.search(r"\s([0-9.]+) \([ 0-9.]+%\)\s+\S*CoroPackModulePass\n", err)
            m = re.search(r"from (\d+) to (\d+) bytes \(lower bound (\d+)\)", err)
            frame = "%s -> %s (%s)" % m.groups() if m else "not packed"
            split_t = float(ts.group(1)) if ts else float("nan")
            pack_t = float(tp.group(1)) if tp else float("nan")
            ms = p1 - p0 if p1 is not None and p0 is not None else None
            mp = max(p2 - p1, 0) if p2 is not None and p1 is not None else None
            ok = pack_t <= split_t and (ms is None or mp is None or mp <= ms)
            res[(S, N)] = pack_t
            res_split[(S, N)] = split_t
            print("| %d | %d | %s | %.3f | %.3f | %s | %s | %s |"
                  % (S, N, frame, split_t, pack_t, mib(ms), mib(mp), "yes" if ok else "NO"),
                  flush=True)
            if not a.keep:
                os.unlink(pre)
            if dt > a.limit:
                break
    print()
    print("growth exponents (log-log least squares of the passes' wall time, "
          "points >= %.2g s):" % a.fit_min)
    for name, r in (("coropack", res), ("coro-split", res_split)):
        for S in Ss:
            k = fit([(N, r[(S, N)]) for N in Ns if (S, N) in r], a.fit_min)
            if k is not None:
                print("  %-10s S=%-6d time ~ N^%.2f" % (name, S, k))
        for N in Ns:
            pts = [(S, r[(S, N)]) for S in Ss if (S, N) in r]
            k = fit(pts, a.fit_min)
            if k is not None:
                print("  %-10s N=%-6d time ~ S^%.2f" % (name, N, k))
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
