#!/usr/bin/env python3
"""Where the plugin's instructions go in a callgrind profile of a whole job.

    utils/bench/plugin_profile.py functions CG [--object coropack.so] [--top N] [--callers]
    utils/bench/plugin_profile.py lines CG --so PATH/coropack.so [--top N] [--inline]

CG is a callgrind output file of a run that loaded the plugin, e.g. the
`clang -cc1` job of `compile_time.sh --keep DIR` (the *.plug.cg files), or

    valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=x.cg \\
        opt-22 -load-pass-plugin=build/coropack.so -passes='...' in.ll

functions: the self instructions (Ir) of every function of the object, and
the inclusive Ir of the calls its functions make into other objects (the
LLVM-C and libc calls), grouped by callee; --callers splits the latter by
calling function.  Their sum is the plugin's whole cost.

lines: the self Ir of the object per source line, and the inclusive Ir of
the calls made from each line, by mapping the instruction addresses with
addr2line (needs --dump-instr=yes, and a build with debug information:
the default RelWithDebInfo build will do).  --inline names the chain of
inlined frames ("a.c:10 <- b.c:20").  callgrind_annotate gives no line for
a plugin loaded by clang (every line 0, "unidentified lines"), which is
why this maps the addresses itself (docs/benchmarks.md, section 13).
"""
import argparse
import collections
import re
import subprocess
import sys


def parse(path, objsub, want_addr):
    """Yields (kind, obj_of_fn, fn, target_obj, callee, addr, cost) for
    every cost line: kind 'self' or 'call'."""
    names = {"ob": {}, "fn": {}}
    npos = 1
    ob = fn = cob = cfn = None
    incall = False
    last = 0

    def resolve(kind, s):
        m = re.match(r"\((\d+)\)(?:\s+(.*))?", s)
        if not m:
            return s
        if m.group(2) is not None:
            names[kind][m.group(1)] = m.group(2)
        return names[kind].get(m.group(1), s)

    def num(tok):
        if tok.startswith("+"):
            return last + int(tok[1:], 0)
        if tok.startswith("-"):
            return last - int(tok[1:], 0)
        if tok == "*":
            return last
        return int(tok, 0)

    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("positions:"):
                npos = len(line.split()) - 1
            elif line.startswith("ob="):
                ob = resolve("ob", line[3:])
            elif line.startswith("fn="):
                fn = resolve("fn", line[3:])
                cob = None
            elif line.startswith("cob="):
                cob = resolve("ob", line[4:])
            elif line.startswith("cfn="):
                cfn = resolve("fn", line[4:])
            elif line.startswith("calls="):
                incall = True
            elif line[:1] and (line[0].isdigit() or line[0] in "+-*"):
                parts = line.split()
                if len(parts) < npos + 1:
                    continue
                addr = num(parts[0]) if want_addr else 0
                if want_addr:
                    last = addr
                cost = int(parts[npos])
                if incall:
                    target = cob if cob is not None else ob
                    yield ("call", ob, fn, target, cfn, addr, cost)
                    cob = None
                    incall = False
                else:
                    yield ("self", ob, fn, None, None, addr, cost)


def functions(args):
    selfc = collections.Counter()
    calls = collections.Counter()
    by_caller = collections.Counter()
    for kind, ob, fn, target, callee, _, cost in parse(args.cg, args.object, False):
        if not ob or args.object not in ob:
            continue
        if kind == "self":
            selfc[fn] += cost
        elif not (target and args.object in target):
            calls[callee] += cost
            by_caller[(fn, callee)] += cost
    total_self, total_calls = sum(selfc.values()), sum(calls.values())
    print("%s: %d Ir own code + %d Ir in calls out of it = %d" %
          (args.object, total_self, total_calls, total_self + total_calls))
    print("self:")
    for f, c in selfc.most_common(args.top):
        print("%14d  %s" % (c, f[:120]))
    print("calls out, by callee:")
    for f, c in calls.most_common(args.top):
        print("%14d  %s" % (c, f[:120]))
    if args.callers:
        print("calls out, by caller -> callee:")
        for (a, b), c in by_caller.most_common(args.top):
            print("%14d  %s -> %s" % (c, a[:50], b[:70]))


def lines(args):
    objsub = args.so.rsplit("/", 1)[-1]
    selfa = collections.Counter()
    calla = collections.Counter()
    for kind, ob, _, target, _, addr, cost in parse(args.cg, objsub, True):
        if not ob or objsub not in ob:
            continue
        (selfa if kind == "self" else calla)[addr] += cost
    addrs = sorted(set(selfa) | set(calla))
    if not addrs:
        sys.exit("plugin_profile: no instruction addresses of %s in %s "
                 "(record with --dump-instr=yes)" % (objsub, args.cg))
    cmd = ["addr2line", "-a", "-e", args.so] + (["-i"] if args.inline else [])
    out = subprocess.run(cmd + ["%x" % a for a in addrs], capture_output=True,
                         text=True, check=True).stdout.split("\n")
    where = {}
    cur = None
    for l in out:
        if l.startswith("0x"):
            cur = int(l, 16)
            where[cur] = []
        elif l and cur is not None:
            where[cur].append(re.sub(r" \(discriminator \d+\)", "", l).rsplit("/", 1)[-1])
    selfl, calll = collections.Counter(), collections.Counter()
    for a in addrs:
        key = " <- ".join(where.get(a, ["?"])[:3])
        selfl[key] += selfa.get(a, 0)
        calll[key] += calla.get(a, 0)
    print("%14s %14s  line" % ("self Ir", "calls Ir"))
    for k, c in selfl.most_common(args.top):
        print("%14d %14d  %s" % (c, calll[k], k))
    print("lines by the calls they make:")
    for k, c in calll.most_common(args.top):
        print("%14d  %s" % (c, k))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("functions")
    f.add_argument("cg")
    f.add_argument("--object", default="coropack.so")
    f.add_argument("--top", type=int, default=30)
    f.add_argument("--callers", action="store_true")
    l = sub.add_parser("lines")
    l.add_argument("cg")
    l.add_argument("--so", required=True, help="the plugin file that was profiled")
    l.add_argument("--top", type=int, default=40)
    l.add_argument("--inline", action="store_true")
    args = p.parse_args()
    try:
        (functions if args.cmd == "functions" else lines)(args)
    except BrokenPipeError:
        pass


if __name__ == "__main__":
    main()
