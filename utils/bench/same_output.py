#!/usr/bin/env python3
"""Is the optimized IR the same with two builds of the plugin?

    utils/bench/same_output.py --before OLD.so --after NEW.so
                               [--levels O1,O2,O3] [--seeds 1-24] [-j 2] [--keep DIR]

For each test program (test/programs/*.cpp, not the .opaque.cpp halves)
and each corofuzz program (utils/corofuzz/gen.py --seed N, library shapes;
the seeds given), at each level, compiles
    clang++-22 -std=c++20 -O<n> -S -emit-llvm -fpass-plugin=PLUGIN SRC
once with each plugin and compares the two .ll files byte for byte, after
dropping the lines that name the source path (the ModuleID and
source_filename lines; the programs are compiled from the same path, so
they match anyway).  Prints one line per difference and a summary:
    same_output: N modules compared, D differ
Exit status 0 when none differ.  For a change that must not change what
the pass does (compile-time work, issue 14); the full verifier is on
(COROPACK_OPTIONS=-coro-pack-verify) in both builds.

Python 3 standard library only.
"""
import argparse
import concurrent.futures
import glob
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def seeds_of(spec):
    out = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def compile_ll(clang, plugin, src, level, out):
    env = dict(os.environ, COROPACK_OPTIONS="-coro-pack-verify")
    cmd = [clang, "-std=c++20", "-" + level, "-S", "-emit-llvm",
           "-fpass-plugin=" + plugin, src, "-o", out]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode:
        return "compile failed: " + " ".join(cmd) + "\n" + p.stderr[-2000:]
    with open(out) as f:
        lines = [l for l in f if not l.startswith(("; ModuleID", "source_filename"))]
    with open(out, "w") as f:
        f.writelines(lines)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--levels", default="O1,O2,O3")
    ap.add_argument("--seeds", default="1-24")
    ap.add_argument("--clang", default="clang++-22")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--keep", help="keep the .ll files here")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="same_output.")
    os.makedirs(work, exist_ok=True)
    srcs = sorted(s for s in glob.glob(os.path.join(ROOT, "test", "programs", "*.cpp"))
                  if not s.endswith(".opaque.cpp"))
    for n in seeds_of(a.seeds):
        src = os.path.join(work, "seed%d.cpp" % n)
        subprocess.run([sys.executable, os.path.join(ROOT, "utils", "corofuzz", "gen.py"),
                        "--seed", str(n), "-o", src], check=True)
        srcs.append(src)
    jobs = []
    for src in srcs:
        name = os.path.basename(src)[:-4]
        for lv in a.levels.split(","):
            jobs.append((src, name, lv))

    def one(job):
        src, name, lv = job
        outs = []
        for tag, plugin in (("before", a.before), ("after", a.after)):
            out = os.path.join(work, "%s.%s.%s.ll" % (name, lv, tag))
            err = compile_ll(a.clang, plugin, src, lv, out)
            if err:
                return "%s -%s: %s" % (name, lv, err)
            outs.append(out)
        with open(outs[0], "rb") as f0, open(outs[1], "rb") as f1:
            if f0.read() != f1.read():
                return "%s -%s: differs (diff %s %s)" % (name, lv, outs[0], outs[1])
        return None

    bad = 0
    with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
        for r in ex.map(one, jobs):
            if r:
                bad += 1
                print("same_output: " + r)
    print("same_output: %d modules compared, %d differ" % (len(jobs), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
