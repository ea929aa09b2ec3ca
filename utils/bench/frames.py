#!/usr/bin/env python3
"""Frame sizes across a corpus, with and without coropack.

    utils/bench/frames.py [--build build] [--levels O0,O1,O2,O3]
                          [--fuzz-seeds 1-20] [--no-fuzz]
                          [--no-asio | --install-asio] [-j 1]

Compiles every corpus source with clang++-22 -std=c++20 -On, the plugin
and -coro-pack-report-json, and prints per level: coroutines, total frame
bytes as coro-split laid them out (old_size), after coropack (new_size),
the sum of the lower bounds, and the share of coroutines whose frame is at
its bound.  Then the ten coroutines furthest from their bound.

Corpus: examples/*.cpp; test/programs/*.cpp (not *.opaque.cpp) once as is and
once with -mllvm -coro-elide-branch-ratio=0; programs of
utils/corofuzz/gen.py --seed N for the seed range (with the seed's own
flags), when the generator exists and works; asio's C++20 coroutine
examples (Debian's libasio-doc ships them as examples/cpp17/coroutines_ts,
built against libasio-dev's headers with ASIO_HAS_CO_AWAIT and
ASIO_HAS_STD_COROUTINE, which asio 1.22 does not detect for clang) when
they are installed; --install-asio installs both packages with apt-get
(about 90 MB), --no-asio leaves them out.
"""
import argparse
import concurrent.futures as cf
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ASIO_EXAMPLES = "/usr/share/doc/libasio-dev/examples/cpp17/coroutines_ts"
ASIO_FLAGS = ["-DASIO_HAS_CO_AWAIT=1", "-DASIO_HAS_STD_COROUTINE=1"]


def install_asio():
    cmd = ["apt-get", "install", "-y", "--no-install-recommends",
           "libasio-dev", "libasio-doc"]
    if os.geteuid() != 0:
        cmd = ["sudo"] + cmd
    print("frames.py: " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=False)


def group(label):
    if label.startswith("corofuzz"):
        return "corofuzz"
    if label.startswith("asio"):
        return "asio"
    return "project"


def corpus(tmp, seeds, use_fuzz, use_asio):
    items = []  # (label, path, extra flags)
    if use_asio:
        for p in sorted(glob.glob(os.path.join(ASIO_EXAMPLES, "*.cpp"))):
            items.append(("asio " + os.path.basename(p), p, ASIO_FLAGS))
    for p in sorted(glob.glob(os.path.join(ROOT, "examples", "*.cpp"))):
        items.append((os.path.relpath(p, ROOT), p, []))
    for p in sorted(glob.glob(os.path.join(ROOT, "test", "programs", "*.cpp"))):
        if p.endswith(".opaque.cpp"):
            continue
        rel = os.path.relpath(p, ROOT)
        items.append((rel, p, []))
        items.append((rel + "[ratio=0]", p,
                      ["-mllvm", "-coro-elide-branch-ratio=0"]))
    gen = os.path.join(ROOT, "utils", "corofuzz", "gen.py")
    nfuzz = 0
    if use_fuzz and os.path.isfile(gen):
        for s in seeds:
            out = os.path.join(tmp, "fuzz%d.cpp" % s)
            try:
                subprocess.run([sys.executable, gen, "--seed", str(s), "-o", out],
                               check=True, capture_output=True, timeout=60)
                fl = subprocess.run([sys.executable, gen, "--seed", str(s),
                                     "--print-flags"], check=True,
                                    capture_output=True, text=True,
                                    timeout=60).stdout.split()
            except (subprocess.SubprocessError, OSError) as e:
                print("frames.py: gen.py --seed %d failed (%s); no fuzz corpus"
                      % (s, e), file=sys.stderr)
                return items, 0
            items.append(("corofuzz seed %d" % s, out, fl))
            nfuzz += 1
    return items, nfuzz


def compile_one(args):
    plugin, level, label, path, extra, tmp, idx = args
    js = os.path.join(tmp, "r%d_%s.json" % (idx, level))
    cmd = ["clang++-22", "-std=c++20", "-" + level, "-fpass-plugin=" + plugin,
           "-mllvm", "-coro-pack-report-json=" + js, "-I",
           os.path.dirname(path), "-c", path, "-o", os.devnull] + extra
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return label, level, None, r.stderr[-400:]
    try:
        with open(js) as fh:
            return label, level, json.load(fh)["coroutines"], None
    except (OSError, ValueError) as e:  # no coroutine -> maybe no file
        return label, level, [], None


def guess(c):
    """Why a coroutine is above its bound, guessed from the JSON."""
    movable = [s for s in c["slots"] if not s.get("pinned")]
    pre = "" if c.get("packed") else "unchanged; "
    if not c.get("packed") and "no layout smaller" not in (c.get("reason") or ""):
        r = (c.get("reason") or "?")
        return "not packed: " + (r if len(r) <= 90 else r[:87] + "...")
    if any(s.get("escapes") and not s.get("lifetime_end") for s in movable):
        return pre + "conservative escape"
    amax = max([s["align"] for s in movable] or [1])
    return pre + "alignment/assignment (max align %d)" % amax


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--levels", default="O0,O1,O2,O3")
    ap.add_argument("--fuzz-seeds", default="1-20")
    ap.add_argument("--no-fuzz", action="store_true")
    ap.add_argument("--no-asio", action="store_true",
                    help="leave asio's examples out of the corpus")
    ap.add_argument("--install-asio", action="store_true",
                    help="apt-get install libasio-dev libasio-doc if missing")
    ap.add_argument("-j", type=int, default=1)
    a = ap.parse_args()
    if a.install_asio and not a.no_asio and not os.path.isdir(ASIO_EXAMPLES):
        install_asio()
    use_asio = not a.no_asio and os.path.isdir(ASIO_EXAMPLES)
    if not a.no_asio and not use_asio:
        print("frames.py: asio examples not found (%s); --install-asio adds them"
              % ASIO_EXAMPLES, file=sys.stderr)
    plugin = os.path.join(os.path.abspath(a.build), "coropack.so")
    lo, _, hi = a.fuzz_seeds.partition("-")
    seeds = range(int(lo), int(hi or lo) + 1)
    levels = a.levels.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        items, nfuzz = corpus(tmp, seeds, not a.no_fuzz, use_asio)
        jobs = [(plugin, lv, lab, p, ex, tmp, i)
                for i, (lab, p, ex) in enumerate(items) for lv in levels]
        with cf.ThreadPoolExecutor(max(1, a.j)) as pool:
            results = list(pool.map(compile_one, jobs))
    nasio = sum(1 for it in items if group(it[0]) == "asio")
    print("corpus: %d sources (%d from corofuzz, seeds %s; %d asio examples)"
          % (len(items), nfuzz, a.fuzz_seeds if nfuzz else "-", nasio))
    rows, every = {}, []
    for label, level, cors, err in results:
        if cors is None:
            print("  %s -%s: compile failed: %s" % (label, level,
                                                   err.strip().splitlines()[-1:]))
            continue
        for c in cors:
            every.append((level, label, c))
    print()
    print("| level | coroutines | packed | old bytes | new bytes | saved | "
          "sum of bounds | at bound |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for lv in levels:
        cs = [c for l, _, c in every if l == lv]
        n = len(cs)
        old = sum(c["old_size"] for c in cs)
        new = sum(c["new_size"] for c in cs)
        lb = sum(c["lower_bound"] for c in cs)
        packed = sum(1 for c in cs if c["packed"])
        atb = sum(1 for c in cs if c["new_size"] <= c["lower_bound"])
        print("| -%s | %d | %d | %d | %d | %.1f%% | %d | %d (%.0f%%) |"
              % (lv, n, packed, old, new, 100.0 * (old - new) / old if old else 0,
                 lb, atb, 100.0 * atb / n if n else 0))
    print()
    print("by source group:")
    print()
    print("| group | level | coroutines | packed | old bytes | new bytes | saved | "
          "sum of bounds | at bound |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for g in ("project", "corofuzz", "asio"):
        for lv in levels:
            cs = [c for l, lab, c in every if l == lv and group(lab) == g]
            if not cs:
                continue
            n, old = len(cs), sum(c["old_size"] for c in cs)
            new = sum(c["new_size"] for c in cs)
            print("| %s | -%s | %d | %d | %d | %d | %.1f%% | %d | %d |"
                  % (g, lv, n, sum(1 for c in cs if c["packed"]), old, new,
                     100.0 * (old - new) / old if old else 0,
                     sum(c["lower_bound"] for c in cs),
                     sum(1 for c in cs if c["new_size"] <= c["lower_bound"])))
    print()
    print("why coroutines were left unchanged (all levels):")
    print()
    why = {}
    for _, _, c in every:
        if not c["packed"]:
            r = re.sub(r"\d+", "N", (c.get("reason") or "?").split("(")[0].strip())
            r = r if len(r) < 70 else r[:67] + "..."
            why[r] = why.get(r, 0) + 1
    for r, k in sorted(why.items(), key=lambda t: -t[1]):
        print("  %5d  %s" % (k, r))
    print()
    print("ten coroutines furthest from their bound (new - bound):")
    print()
    print("| level | source | coroutine | old | new | bound | gap | guess |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | --- |")
    far = sorted((t for t in every
                  if t[2]["new_size"] > t[2]["lower_bound"]),
                 key=lambda t: -(t[2]["new_size"] - t[2]["lower_bound"]))
    if not far:
        print("| - | (none: every coroutine is at its lower bound) | | | | | | |")
    for lv, lab, c in far[:10]:
        print("| -%s | %s | %s | %d | %d | %d | %d | %s |"
              % (lv, lab, c["name"][:40], c["old_size"], c["new_size"],
                 c["lower_bound"], c["new_size"] - c["lower_bound"], guess(c)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
