#!/usr/bin/env python3
"""Offset assignment quality: first fit vs the exact search.

    utils/bench/assign_quality.py [--build build] [--level O2]
                                  [--fuzz-seeds 1-20] [--no-fuzz] [-j 1]

Compiles the corpus of frames.py (same sources, same flags) with
clang++-22 -std=c++20 -On, the plugin and -coro-pack-report-json, and
reads per coroutine the JSON fields "heuristic_size" (first fit over three
orders), "assign_size" (the chosen layout), "assign" (how it was chosen:
heuristic, exact-optimal, exact-improved, search-budget, too-many-slots,
none = assignment did not run) and "lower_bound".  Prints how many
coroutines were searched, completed, improved; total bytes of first fit,
of the final layout and of the lower bounds, over the coroutines whose
assignment ran; and every coroutine where the exact search beat first fit.
"""
import argparse
import concurrent.futures as cf
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import frames  # noqa: E402  (corpus() and compile_one() of the frames benchmark)


def pct(a, b):
    return 100.0 * (a - b) / b if b else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(frames.ROOT, "build"))
    ap.add_argument("--level", default="O2")
    ap.add_argument("--fuzz-seeds", default="1-20")
    ap.add_argument("--no-fuzz", action="store_true")
    ap.add_argument("-j", type=int, default=1)
    a = ap.parse_args()
    plugin = os.path.join(os.path.abspath(a.build), "coropack.so")
    lo, _, hi = a.fuzz_seeds.partition("-")
    seeds = range(int(lo), int(hi or lo) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        items, nfuzz = frames.corpus(tmp, seeds, not a.no_fuzz)
        jobs = [(plugin, a.level, lab, p, ex, tmp, i)
                for i, (lab, p, ex) in enumerate(items)]
        with cf.ThreadPoolExecutor(max(1, a.j)) as pool:
            results = list(pool.map(frames.compile_one, jobs))
    print("corpus: %d sources (%d from corofuzz), -%s"
          % (len(items), nfuzz, a.level))
    every = []
    for label, _, cors, err in results:
        if cors is None:
            print("  %s: compile failed: %s"
                  % (label, err.strip().splitlines()[-1:]))
            continue
        every += [(label, c) for c in cors]
    ran = [(l, c) for l, c in every if c.get("assign", "none") != "none"]
    count = {}
    for _, c in ran:
        count[c["assign"]] = count.get(c["assign"], 0) + 1
    searched = sum(count.get(k, 0) for k in
                   ("exact-optimal", "exact-improved", "search-budget"))
    completed = count.get("exact-optimal", 0) + count.get("exact-improved", 0)
    improved = [(l, c) for l, c in ran if c["assign_size"] < c["heuristic_size"]]
    heur = sum(c["heuristic_size"] for _, c in ran)
    final = sum(c["assign_size"] for _, c in ran)
    lb = sum(c["lower_bound"] for _, c in ran)
    nodes = [c.get("search_nodes", 0) for _, c in ran]
    print()
    print("| coroutines | assigned | searched | completed | improved | budget out "
          "| too many slots | first fit bytes | final bytes | sum of bounds "
          "| first fit above bound | final above bound | most nodes |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: | ---: | ---: | ---: |")
    print("| %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.2f%% | %.2f%% | %d |"
          % (len(every), len(ran), searched, completed, len(improved),
             count.get("search-budget", 0), count.get("too-many-slots", 0),
             heur, final, lb, pct(heur, lb), pct(final, lb), max(nodes or [0])))
    print()
    print("coroutines where the exact search beat first fit:")
    print()
    print("| source | coroutine | movable slots | first fit | exact | bound "
          "| assign | nodes |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |")
    if not improved:
        print("| - | (none) | | | | | | |")
    for lab, c in improved:
        mov = sum(1 for s in c["slots"] if not s["pinned"] and s["size"])
        print("| %s | %s | %d | %d | %d | %d | %s | %d |"
              % (lab, c["name"][:40], mov, c["heuristic_size"], c["assign_size"],
                 c["lower_bound"], c["assign"], c.get("search_nodes", 0)))
    done = sorted(c.get("search_nodes", 0) for _, c in ran
                  if c["assign"] in ("exact-optimal", "exact-improved"))
    print()
    print("completed searches: %d, nodes: %d at the bound at once, median %d, "
          "max %d" % (len(done), sum(1 for x in done if x == 0),
                      done[len(done) // 2] if done else 0, done[-1] if done else 0))
    below = [(l, c) for l, c in ran if c["assign_size"] < c["lower_bound"]]
    print()
    print("below the bound (the bound would be wrong): %d%s"
          % (len(below), "".join("\n  %s %s" % (l, c["name"]) for l, c in below)))
    above = [(l, c) for l, c in ran if c["assign_size"] > c["lower_bound"]]
    print()
    print("still above the bound after assignment: %d coroutines" % len(above))
    print()
    print("| source | coroutine | movable slots | first fit | final | bound "
          "| assign | nodes |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |")
    for lab, c in above:
        mov = sum(1 for s in c["slots"] if not s["pinned"] and s["size"])
        print("| %s | %s | %d | %d | %d | %d | %s | %d |"
              % (lab, c["name"][:40], mov, c["heuristic_size"], c["assign_size"],
                 c["lower_bound"], c["assign"], c.get("search_nodes", 0)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
