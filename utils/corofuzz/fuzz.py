#!/usr/bin/env python3
"""corofuzz driver: differential fuzzing of the coropack plugin.

For every seed: generate a program with gen.py, build it without and with
-fpass-plugin at -O0, -O1, -O2, -O3 and once more at -O1 with
-fsanitize=address,undefined -fno-sanitize-recover=all, run every binary and
compare exit status, stdout and stderr.  The base (no plugin) builds must
also agree with each other, exit 0 and be clean under the sanitizers: if not,
the program is invalid (a generator bug, or a clang bug such as
llvm/llvm-project#61900, see README.md), which is reported too.

On a mismatch the program is kept under --results, reduced by a line-level
delta reducer (oracle: the base build compiles, still runs clean under
ASan+UBSan, and the plugin build still differs in the same way) and the
reduced reproducer is written to test/fuzz-regressions/ as a lit test
(XFAIL: * -- a mismatch is a plugin bug to be fixed by hand).

--soak checks programs in batches (--batch K, default 8): K programs with
the same extra flags, each in its own namespace, in one binary; one reference
build without the plugin (-O1, ASan+UBSan) must run clean, and the plugin
builds at O0..O3 and asan-O1 must behave exactly like it.  A batch with any
problem is checked again program by program as above (see "Batched soak
mode" below and utils/corofuzz/README.md).

    fuzz.py --quick                 # 24 programs (the lit test)
    fuzz.py --soak 1000 -j 2        # 1000 programs, batches of 8, progress bar
    fuzz.py --seeds 17,42           # just these seeds
    fuzz.py --reduce-only results/seed-17   # reduce a kept program again

Summary line (stdout, last line):
    corofuzz: N programs x 4 levels: M mismatches, S sanitizer reports; frame bytes O2: A -> B (bound C)
Exit status: 0 if no mismatch, no sanitizer report and no invalid program.
"""

import argparse
import concurrent.futures
import difflib
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

# The fuzzers run LLVM's full verifier on every function packing changed
# (-coro-pack-verify; the plugin's default is only the targeted rewrite
# check), through the environment so that every clang and opt sees it.
if "-coro-pack-verify" not in os.environ.get("COROPACK_OPTIONS", ""):
    os.environ["COROPACK_OPTIONS"] = (os.environ.get("COROPACK_OPTIONS", "") +
                                      " -coro-pack-verify").strip()

LEVELS = ["0", "1", "2", "3"]
SAN_FLAGS = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
             "-fno-omit-frame-pointer"]
# name -> (optimization level, sanitizers?)
CONFIGS = [("O0", "0", False), ("O1", "1", False), ("O2", "2", False),
           ("O3", "3", False), ("asan-O1", "1", True)]
SAN_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
               "runtime error:", "UndefinedBehaviorSanitizer")


def log(msg):
    print(msg, flush=True)


def has_san_report(stderr):
    return any(m in stderr for m in SAN_MARKERS)


def short(text, n=12):
    lines = text.splitlines()
    if len(lines) > n:
        lines = lines[:n] + ["... (%d more lines)" % (len(lines) - n)]
    return "\n".join(lines)


def diff(a, b, la, lb, n=20):
    d = list(difflib.unified_diff(a.splitlines(), b.splitlines(), la, lb, n=1, lineterm=""))
    return short("\n".join(d), n)


class Builder:
    """Compiles and runs one (program, configuration)."""

    def __init__(self, args):
        self.clang = args.clang
        self.plugin = args.plugin
        self.plugin_flags = args.plugin_flags
        self.compile_timeout = args.compile_timeout
        self.run_timeout = args.run_timeout
        self.env = dict(os.environ)
        self.env["ASAN_OPTIONS"] = "detect_leaks=1:halt_on_error=1"
        self.env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"

    def flags(self, level, san, extra):
        # Warnings that flag UB a reduction could introduce are errors.
        f = [self.clang, "-std=c++20", "-O" + level, "-Werror=return-type",
             "-Werror=uninitialized", "-Werror=sometimes-uninitialized"]
        if san:
            f += SAN_FLAGS
        return f + shlex.split(extra)

    def compile(self, cmd):
        """(ok, log).  A compile that times out is tried once more with four
        times the time: on a loaded machine (a soak at nice 19 next to
        foreground builds) a 1-second compile was seen to take over 300 s
        of wall time, five times in 600 programs, none of them a plugin
        problem (utils/corofuzz/README.md)."""
        r = None
        for limit in (self.compile_timeout, 4 * self.compile_timeout):
            try:
                r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   timeout=limit)
                break
            except subprocess.TimeoutExpired:
                continue
        if r is None:
            return False, ("compile timed out twice (%g s, then %g s): " %
                           (self.compile_timeout, 4 * self.compile_timeout) +
                           " ".join(map(shlex.quote, cmd)))
        if r.returncode != 0:
            return False, ("$ " + " ".join(map(shlex.quote, cmd)) + "\n" +
                           short(r.stderr.decode("utf-8", "replace") +
                                 r.stdout.decode("utf-8", "replace"), 25))
        return True, ""

    def run(self, exe, timeout=None):
        """(rc or 'timeout', stdout, stderr)"""
        try:
            r = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=timeout or self.run_timeout, env=self.env,
                               cwd=os.path.dirname(exe))
        except subprocess.TimeoutExpired:
            return ("timeout", "", "")
        return (r.returncode, r.stdout.decode("utf-8", "replace"),
                r.stderr.decode("utf-8", "replace"))

    def opaque_obj(self, opaque_src, wd, level, san, extra):
        obj = os.path.join(wd, "opaque.o")
        ok, msg = self.compile(self.flags(level, san, extra) + ["-c", opaque_src, "-o", obj])
        return obj if ok else None, msg

    def build(self, src, obj, wd, level, san, extra, plugin, report=None):
        exe = os.path.join(wd, "plugin" if plugin else "base")
        cmd = self.flags(level, san, extra)
        if plugin:
            cmd.append("-fpass-plugin=" + self.plugin)
            cmd += shlex.split(self.plugin_flags)
            if report:
                cmd += ["-mllvm", "-coro-pack-report-json=" + report]
        cmd += [src, obj, "-o", exe]
        ok, msg = self.compile(cmd)
        return (exe if ok else None), msg


def classify(base, plug):
    """Kind of difference between two runs, None if they agree."""
    if base == plug:
        return None
    if plug[0] == "timeout":
        return "timeout"
    if plug[0] != 0:
        return "crash"
    return "output"


def describe(kind, base, plug):
    if kind == "compile":
        return "plugin build failed to compile"
    if kind == "timeout":
        return "plugin build timed out"
    if kind == "crash":
        return "plugin build exited %s (base: %s)" % (plug[0], base[0])
    parts = []
    if base[1] != plug[1]:
        parts.append("stdout differs")
    if base[2] != plug[2]:
        parts.append("stderr differs")
    return "; ".join(parts)


def opaque_objs(b, opq, sdir, extra):
    """The opaque TU does not depend on the plugin: build it once per seed,
    plain (-O1) and with the sanitizers.  {san: (obj or None, log)}"""
    out = {}
    for san in (False, True):
        d = os.path.join(sdir, "opaque-san" if san else "opaque")
        os.makedirs(d, exist_ok=True)
        out[san] = b.opaque_obj(opq, d, "1", san, extra)
    return out


def check_config(b, src, obj, wd, cfg, extra, want_report):
    """Build and run one configuration of one program (obj: the opaque TU's
    object, built for this configuration's sanitizer flags).  Returns a dict."""
    name, level, san = cfg
    os.makedirs(wd, exist_ok=True)
    res = {"cfg": name, "status": "ok", "detail": "", "stats": None, "base_out": None}
    base_exe, msg = b.build(src, obj, wd, level, san, extra, False)
    if base_exe is None:
        res.update(status="invalid", detail="base build failed to compile\n" + msg)
        return res
    report = os.path.join(wd, "report.json") if want_report else None
    plug_exe, msg = b.build(src, obj, wd, level, san, extra, True, report)
    if plug_exe is None:
        res.update(status="mismatch", kind="compile", detail="plugin build failed to compile\n" + msg)
        return res
    if report:
        try:
            with open(report) as fh:
                data = json.load(fh)
            cs = data.get("coroutines", [])
            res["stats"] = (sum(c["old_size"] for c in cs), sum(c["new_size"] for c in cs),
                            sum(c["lower_bound"] for c in cs), len(cs),
                            sum(1 for c in cs if c.get("packed")))
        except (OSError, ValueError, KeyError) as e:
            res["stats_error"] = str(e)
    base = b.run(base_exe)
    plug = b.run(plug_exe)
    res["base_out"] = base[1]
    res["san"] = san and (has_san_report(base[2]) or has_san_report(plug[2]))
    if base[0] != 0 or (san and has_san_report(base[2])):
        res.update(status="invalid",
                   detail="base run not clean (exit %s)\n%s" % (base[0], short(base[2], 25)))
        return res
    kind = classify(base, plug)
    if kind:
        det = describe(kind, base, plug) + "\n"
        if base[1] != plug[1]:
            det += diff(base[1], plug[1], "stdout.base", "stdout.plugin") + "\n"
        if base[2] != plug[2]:
            det += diff(base[2], plug[2], "stderr.base", "stderr.plugin") + "\n"
        res.update(status="mismatch", kind=kind, detail=det)
    return res


# ---------------------------------------------------------------------------
# Reducer.

def brace_delta(line):
    s = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    s = re.sub(r"'(\\.|[^'\\])*'", "''", s)
    s = s.split("//", 1)[0]
    return s.count("{") - s.count("}")


def protected_lines(lines):
    prot = set()
    inside = False
    for i, l in enumerate(lines):
        if l.strip() == gen.FIXED_BEGIN:
            inside = True
        if inside or l.startswith("// corofuzz"):
            prot.add(i)
        if l.strip() == gen.FIXED_END:
            inside = False
    return prot


def blocks(lines):
    """(opener, end, [inner boundaries]) for every line that opens a block."""
    out = []
    n = len(lines)
    for i, l in enumerate(lines):
        if not l.rstrip().endswith("{") or brace_delta(l) <= 0:
            continue
        depth = brace_delta(l)
        bounds = []
        j = i + 1
        while j < n:
            d = brace_delta(lines[j])
            s = lines[j].strip()
            if depth == 1 and s.startswith("}") and s.endswith("{") and d == 0:
                bounds.append(j)  # } else {, } catch (...) {
            depth += d
            if depth <= 0:
                break
            j += 1
        if j < n:
            out.append((i, j, bounds))
    return out


class Reducer:
    """Line-level delta reduction of a mismatching program.

    State: the main TU's lines and the opaque TU's lines.  Candidates remove
    whole blocks (functions, statements with their bodies), keep one branch
    of a block, remove chunks of lines, or drop a shared type from both TUs.
    A candidate is kept when the base build still compiles and runs clean
    (also under ASan+UBSan, with the same output) and the plugin build still
    differs from it in the same way (compile failure / crash / timeout /
    output)."""

    def __init__(self, args, builder, src_text, opaque_text, cfg, kind, extra, outdir):
        self.args = args
        self.b = builder
        self.state = (tuple(src_text.splitlines()), tuple(opaque_text.splitlines()))
        self.cfg = cfg
        self.kind = kind
        self.extra = extra
        self.jobs = max(1, args.jobs)
        self.cache = {}
        self.failed = set()
        self.failed_at = 1 << 30
        self.objs = {}
        self.tests = 0
        self.deadline = time.time() + args.reduce_time
        self.counter = 0
        self.lock = threading.Lock()
        self.wd = tempfile.mkdtemp(prefix="corofuzz-reduce-", dir=args.workdir or outdir)
        self.b.run_timeout = min(self.b.run_timeout, 5)

    @property
    def lines(self):
        return list(self.state[0])

    def opaque_obj(self, otext, san):
        """Object of the opaque TU (cached by content); None if it does not compile."""
        key = (hashlib.sha1(otext.encode()).hexdigest(), san)
        owner = False
        with self.lock:
            if key in self.objs:
                ev = self.objs[key]
            else:
                ev = self.objs[key] = threading.Event()
                ev.obj = None
                owner = True
        if owner:
            d = os.path.join(self.wd, "opaque-%s-%d" % (key[0][:12], san))
            os.makedirs(d, exist_ok=True)
            src = os.path.join(d, "opaque.cpp")
            with open(src, "w") as fh:
                fh.write(otext)
            ev.obj, _ = self.b.opaque_obj(src, d, "1", san, self.extra)
            ev.set()
        ev.wait()
        return ev.obj

    def interesting(self, state):
        text = "\n".join(state[0]) + "\n"
        otext = "\n".join(state[1]) + "\n"
        key = hashlib.sha1((text + "\0" + otext).encode()).hexdigest()
        with self.lock:
            if key in self.cache:
                return self.cache[key]
            self.counter += 1
            wd = os.path.join(self.wd, "c%d" % self.counter)
        os.makedirs(wd)
        try:
            ok = self._test(text, otext, wd)
        finally:
            shutil.rmtree(wd, ignore_errors=True)
        with self.lock:
            self.cache[key] = ok
            self.tests += 1
        return ok

    def _test(self, text, otext, wd):
        name, level, san = self.cfg
        obj = self.opaque_obj(otext, san)
        if obj is None:
            return False
        src = os.path.join(wd, "prog.cpp")
        with open(src, "w") as fh:
            fh.write(text)
        base_exe, _ = self.b.build(src, obj, wd, level, san, self.extra, False)
        if base_exe is None:
            return False
        plug_exe, _ = self.b.build(src, obj, wd, level, san, self.extra, True)
        base = None
        if self.kind == "compile":
            if plug_exe is not None:
                return False
        else:
            if plug_exe is None:
                return False
            base = self.b.run(base_exe)
            if base[0] != 0 or has_san_report(base[2]):
                return False
            plug = self.b.run(plug_exe)
            if classify(base, plug) != self.kind:
                return False
        # The base program must still be well defined: clean under ASan+UBSan
        # (and print the same thing there).
        if not san or self.kind == "compile":
            sobj = self.opaque_obj(otext, True)
            if sobj is None:
                return False
            sd = os.path.join(wd, "san")
            os.makedirs(sd)
            exe, _ = self.b.build(src, sobj, sd, level, True, self.extra, False)
            if exe is None:
                return False
            r = self.b.run(exe)
            if r[0] != 0 or has_san_report(r[2]):
                return False
            if base is not None and r[1] != base[1]:
                return False
        return True

    def out_of_time(self):
        return time.time() > self.deadline

    def try_batch(self, cands):
        """cands: list of (pos, state).  Returns the first interesting one."""
        if len(cands) == 1:
            return cands[0] if self.interesting(cands[0][1]) else None
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs) as ex:
            futs = [ex.submit(self.interesting, c) for _, c in cands]
            res = [f.result() for f in futs]
        for (pos, c), ok in zip(cands, res):
            if ok:
                return pos, c
        return None

    @staticmethod
    def change_key(target, old, new):
        """The edit old -> new without its context."""
        a = 0
        while a < len(new) and old[a] == new[a]:
            a += 1
        b = 0
        while b < len(new) - a and old[-1 - b] == new[-1 - b]:
            b += 1
        return (target, tuple(old[a:len(old) - b]), tuple(new[a:len(new) - b]))

    def run_pass(self, make, target=0):
        """make(lines, pos) -> (candidate lines, next pos) or None when done;
        target 0 reduces the main TU, 1 the opaque TU.  An edit that failed
        once is not tried again in another context until the program has
        shrunk by a fifth."""
        changed = False
        pos = 0
        total = len(self.state[0]) + len(self.state[1])
        if total < 0.8 * self.failed_at:
            self.failed = set()
            self.failed_at = total
        while not self.out_of_time():
            batch = []
            p = pos
            cur = self.state[target]
            while len(batch) < self.jobs:
                r = make(list(cur), p)
                if r is None:
                    break
                cand, nxt = r
                key = self.change_key(target, cur, tuple(cand))
                at, p = p, nxt
                if key in self.failed:
                    continue
                st = list(self.state)
                st[target] = tuple(cand)
                batch.append((at, tuple(st), key))
            if not batch:
                break
            hit = self.try_batch([(q, st) for q, st, _ in batch])
            if hit:
                pos, self.state = hit
                for q, st, key in batch:
                    if st is hit[1]:
                        if self.args.verbose:
                            log("  - " + " | ".join(l.strip() for l in key[1])[:150])
                        break
                    self.failed.add(key)
                changed = True
                self.progress()
            else:
                for _, _, key in batch:
                    self.failed.add(key)
                pos = p
        return changed

    def progress(self):
        if self.args.verbose:
            log("  reduce: %d + %d lines (%d tests)" % (len(self.state[0]), len(self.state[1]), self.tests))

    @staticmethod
    def chunk_maker(size):
        def make(lines, pos):
            prot = protected_lines(lines)
            while pos < len(lines):
                rng = range(pos, min(pos + size, len(lines)))
                if any(i in prot for i in rng):
                    pos += 1
                    continue
                if any(lines[i].strip() for i in rng):
                    return lines[:pos] + lines[pos + size:], pos + size
                pos += size
            return None
        return make

    @staticmethod
    def block_maker(mode, toplevel=False):
        """mode 'remove': drop a whole block; 'empty': drop its body;
        'first'/'last': keep one part."""
        def make(lines, pos):
            prot = protected_lines(lines)
            for i, j, bounds in blocks(lines):
                if i < pos or i in prot or j in prot:
                    continue
                if toplevel and lines[i][:1].isspace():
                    continue
                if mode == "remove":
                    return lines[:i] + lines[j + 1:], i + 1
                if mode == "empty" and j > i + 1:
                    return lines[:i + 1] + lines[j:], i + 1
                if mode == "first":
                    end = bounds[0] if bounds else j
                    return lines[:i] + lines[i + 1:end] + lines[j + 1:], i + 1
                if mode == "last" and bounds:
                    return lines[:i] + lines[bounds[-1] + 1:j] + lines[j + 1:], i + 1
            return None
        return make

    def type_pass(self):
        """Drop a shared type (definition in both TUs and its helpers)."""
        def drop(lines, name):
            out = []
            skip_to = -1
            bl = {i: j for i, j, _ in blocks(lines)}
            for i, l in enumerate(lines):
                if i <= skip_to:
                    continue
                s = l.strip()
                if (re.match(r"struct (alignas\(\d+\) )?%s \{$" % name, s) or
                        s.startswith("unsigned op_touch_%s(" % name) and s.endswith("{")) and i in bl:
                    skip_to = bl[i]
                    continue
                if l.endswith("// @" + name):
                    continue
                out.append(l)
            return tuple(out)
        names = re.findall(r"^struct (?:alignas\(\d+\) )?(S\d+) \{$", "\n".join(self.state[0]), re.M)
        for name in names:
            if self.out_of_time():
                break
            cand = (drop(self.state[0], name), drop(self.state[1], name))
            if cand != self.state and self.interesting(cand):
                self.state = cand
                self.progress()

    @staticmethod
    def stmt_maker():
        """Remove one statement line (a line ending in ';')."""
        def make(lines, pos):
            prot = protected_lines(lines)
            while pos < len(lines):
                l = lines[pos].rstrip()
                if pos not in prot and l.endswith(";") and brace_delta(l) == 0:
                    return lines[:pos] + lines[pos + 1:], pos + 1
                pos += 1
            return None
        return make

    def fixpoint(self, passes):
        while not self.out_of_time():
            before = self.state
            for make, target in passes:
                self.run_pass(make, target)
            if self.state == before:
                return

    def reduce(self):
        start = time.time()
        if not self.interesting(self.state):
            shutil.rmtree(self.wd, ignore_errors=True)
            return False, "the mismatch did not reproduce in the reducer"
        while not self.out_of_time():
            before = self.state
            # Coarse to fine: whole functions and types, nested blocks, one
            # branch of a block, single statements; then any line.
            self.fixpoint([(self.block_maker("remove", toplevel=True), 0),
                           (self.block_maker("remove"), 0),
                           (self.block_maker("empty"), 0)] +
                          [(self.chunk_maker(n), 0) for n in (32, 16, 8, 4)
                           if n * 8 <= len(self.state[0])] +
                          [(self.block_maker("first"), 0),
                           (self.block_maker("last"), 0),
                           (self.stmt_maker(), 0)])
            self.type_pass()
            self.fixpoint([(self.block_maker("remove"), 1), (self.stmt_maker(), 1)])
            for size in (2, 1):
                self.run_pass(self.chunk_maker(size))
            if self.state == before:
                break
        # blank lines never matter
        self.state = tuple(tuple(l for l in part if l.strip()) for part in self.state)
        shutil.rmtree(self.wd, ignore_errors=True)
        return True, "%d + %d lines, %d tests, %.0fs%s" % (
            len(self.state[0]), len(self.state[1]), self.tests, time.time() - start,
            " (time budget exhausted)" if self.out_of_time() else "")


def write_regression(args, seed, cfg, kind, detail, extra, main_text, opaque_text,
                     validated=True):
    name, level, san = cfg
    tdir = args.regressions
    idir = os.path.join(tdir, "Inputs")
    os.makedirs(idir, exist_ok=True)
    base = "seed%d-%s" % (seed, name)
    with open(os.path.join(idir, base + ".cpp"), "w") as fh:
        fh.write(main_text)
    with open(os.path.join(idir, base + ".opaque.cpp"), "w") as fh:
        fh.write(opaque_text)
    flags = ["--levels", level]
    extra_all = extra
    if san:
        flags.append("--asan")
        extra_all = ("-fsanitize=undefined -fno-sanitize-recover=all " + extra).strip()
    if extra_all:
        flags += ["--extra-flags", '"%s"' % extra_all]
    if args.plugin_flags:
        # difftest has no flags for the plugin build alone: spell it out.
        common = "%%clangxx -std=c++20 -O%s %s%s" % (
            level, " ".join(SAN_FLAGS) + " " if san else "", extra + " " if extra else "")
        inputs = "%%S/Inputs/%s.cpp %%S/Inputs/%s.opaque.cpp" % (base, base)
        env = "env ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 " if san else ""
        run = ["; RUN: %s%s -o %%t.base" % (common, inputs),
               "; RUN: %s-fpass-plugin=%%plugin %s %s -o %%t.plugin" % (common, args.plugin_flags, inputs),
               "; RUN: %s%%t.base > %%t.base.out 2>&1" % env,
               "; RUN: %s%%t.plugin > %%t.plugin.out 2>&1" % env,
               "; RUN: diff %t.base.out %t.plugin.out"]
    else:
        run = ["; RUN: %%difftest %s --workdir %%t %%S/Inputs/%s.cpp | FileCheck %%s" % (" ".join(flags), base),
               "; CHECK: 1/1 passed"]
    what = describe_first_line(detail)
    test = [
        "; corofuzz seed %d (utils/corofuzz/gen.py --seed %d%s), reduced: at %s the" % (
            seed, seed, ("" if args.size == 1.0 else " --size %g" % args.size) +
            (" --classic" if args.classic else ""), name),
        "; build with the plugin differs from the build without it: %s." % what,
        ("; The program is well defined (the build without the plugin is clean under"
         if validated else
         "; WARNING: the build without the plugin is NOT clean at every level under"),
        ("; ASan+UBSan at -O0..-O3).  FIXME: describe the miscompile, then fix the"
         if validated else
         "; ASan+UBSan: check that this is a plugin bug.  FIXME: describe it, fix the"),
        "; plugin and drop the XFAIL.",
        "; XFAIL: *",
    ] + run + [""]
    path = os.path.join(tdir, base + ".test")
    with open(path, "w") as fh:
        fh.write("\n".join(test))
    return path


def describe_first_line(detail):
    return detail.splitlines()[0] if detail else "?"


def validate(args, builder, text, otext, extra):
    """Check that the build without the plugin is clean under ASan+UBSan at
    every level and prints the same thing.  Returns a list of problems."""
    wd = tempfile.mkdtemp(prefix="corofuzz-validate-", dir=args.workdir)
    problems = []
    try:
        src = os.path.join(wd, "prog.cpp")
        opq = os.path.join(wd, "prog.opaque.cpp")
        with open(src, "w") as fh:
            fh.write(text)
        with open(opq, "w") as fh:
            fh.write(otext)
        obj, msg = builder.opaque_obj(opq, wd, "1", True, extra)
        if obj is None:
            return ["opaque TU does not compile"]
        outs = {}
        for level in LEVELS:
            d = os.path.join(wd, "O" + level)
            os.makedirs(d)
            exe, msg = builder.build(src, obj, d, level, True, extra, False)
            if exe is None:
                problems.append("O%s: does not compile" % level)
                continue
            r = builder.run(exe)
            if r[0] != 0 or has_san_report(r[2]):
                problems.append("O%s: not clean under ASan+UBSan (exit %s)" % (level, r[0]))
            outs[level] = r[1]
        if len(set(outs.values())) > 1:
            problems.append("output differs between levels")
    finally:
        shutil.rmtree(wd, ignore_errors=True)
    return problems


def reduce_problem(args, builder, pdir, seed, cfg, kind, detail, extra):
    with open(os.path.join(pdir, "prog.cpp")) as fh:
        text = fh.read()
    with open(os.path.join(pdir, "prog.opaque.cpp")) as fh:
        opaque_text = fh.read()
    log("corofuzz: reducing seed %d (%s, %s), budget %ds ..." % (seed, cfg[0], kind, args.reduce_time))
    r = Reducer(args, builder, text, opaque_text, cfg, kind, extra, pdir)
    ok, msg = r.reduce()
    if not ok:
        log("corofuzz: seed %d: %s" % (seed, msg))
        return None
    reduced = "\n".join(r.state[0]) + "\n"
    opaque_text = "\n".join(r.state[1]) + "\n"
    with open(os.path.join(pdir, "reduced.cpp"), "w") as fh:
        fh.write(reduced)
    with open(os.path.join(pdir, "reduced.opaque.cpp"), "w") as fh:
        fh.write(opaque_text)
    problems = validate(args, builder, reduced, opaque_text, extra)
    if problems:
        log("corofuzz: seed %d: WARNING: the reduced program is not well defined "
            "without the plugin: %s" % (seed, "; ".join(problems)))
        detail += "\nWARNING (validation of the reduced program): " + "; ".join(problems)
    path = write_regression(args, seed, cfg, kind, detail, extra, reduced, opaque_text,
                            validated=not problems)
    log("corofuzz: seed %d reduced (%s) -> %s" % (seed, msg, os.path.relpath(path)))
    return path


# ---------------------------------------------------------------------------

class Stats:
    def __init__(self):
        self.frames = {l: [0, 0, 0, 0, 0] for l in LEVELS}
        self.programs = 0
        self.mismatches = []   # (seed, cfg, kind, detail)
        self.invalid = []      # (seed, cfg, detail)
        self.san_reports = 0
        self.stats_errors = 0


def process_seed_results(args, stats, seed, sdir, results, extra):
    """Called once all configurations of a seed are done."""
    stats.programs += 1
    problems = []
    for res in results:
        if res.get("san"):
            stats.san_reports += 1
        if res["status"] == "mismatch":
            stats.mismatches.append((seed, res["cfg"], res["kind"], res["detail"]))
            problems.append("MISMATCH seed %d %s: %s" % (seed, res["cfg"], describe_first_line(res["detail"])))
        elif res["status"] == "invalid":
            stats.invalid.append((seed, res["cfg"], res["detail"]))
            problems.append("INVALID seed %d %s: %s" % (seed, res["cfg"], describe_first_line(res["detail"])))
        if res["stats"]:
            lv = res["cfg"][1:]
            for k in range(5):
                stats.frames[lv][k] += res["stats"][k]
        elif res["status"] == "ok" and not res["cfg"].startswith("asan") and not args.no_stats:
            stats.stats_errors += 1
    # The base builds must agree with each other (else the program is not
    # deterministic / has UB).
    outs = [(r["cfg"], r["base_out"]) for r in results if r["base_out"] is not None and r["status"] != "invalid"]
    for cfg, out in outs[1:]:
        if out != outs[0][1]:
            stats.invalid.append((seed, cfg, "base builds disagree (%s vs %s)" % (outs[0][0], cfg)))
            problems.append("INVALID seed %d: base output at %s differs from %s" % (seed, cfg, outs[0][0]))
            break
    return problems


def snapshot_plugin(args, workroot):
    """Use a private copy of the plugin: the one in the build tree may be
    rebuilt while a long run is going on."""
    with open(args.plugin, "rb") as fh:
        data = fh.read()
    digest = hashlib.sha256(data).hexdigest()[:12]
    copy = os.path.join(workroot, "coropack-%s.so" % digest)
    with open(copy, "wb") as fh:
        fh.write(data)
    os.chmod(copy, 0o755)
    return copy, digest


# ---------------------------------------------------------------------------
# Batched soak mode.
#
# K programs with the same extra flags are merged into one binary: the main
# TUs after their shared #includes, each in its own namespace cfz<seed> with
# main() renamed to cfz_main(), and a driver main() that runs them in turn,
# printing "== seed N" before each; the opaque TUs likewise.  Every name a
# program defines (types, globals, static state, the opaque TU's registry and
# checksums) is then private to that program, and the programs run one after
# the other exactly as they would alone.  One reference build without the
# plugin (-O1, ASan+UBSan) must run clean; each plugin build (O0..O3 and
# asan-O1) must exit, print and report on stderr exactly what the reference
# does.  A batch with any problem is checked again program by program with
# the full per-program check (base and plugin build at every level), which
# names the seed, keeps it and reduces it as before.

REF_CFG = ("ref-asan-O1", "1", True)
BATCH_MAIN = "cfz_main"


def batch_safe(main_text, opaque_text):
    """Can this program be put in a namespace next to others?  gen.py's
    programs can (no macros, no extern "C", no replaced operator new/delete,
    no namespaces, no exit: a program ends by returning from main or by
    aborting, which fails the batch); anything unusual is checked alone."""
    bad = re.compile(r'extern\s+"C"|operator\s+(new|delete)|^\s*(using\s+)?namespace\b|'
                     r'\b(atexit|at_quick_exit|quick_exit|exit|_Exit|%s)\s*\(' % BATCH_MAIN)
    for text in (main_text, opaque_text):
        for l in text.splitlines():
            if l.lstrip().startswith("#") and not l.startswith("#include <"):
                return False
            if bad.search(l):
                return False
    mains = [l for l in main_text.splitlines() if re.search(r"\bmain\s*\(", l)]
    return mains == ["int main() {"] and not re.search(r"\bmain\s*\(", opaque_text)


def merge_batch(progs):
    """progs: [(seed, main_text, opaque_text)] -> (main TU, opaque TU)."""
    def split(text):
        inc = [l for l in text.splitlines() if l.startswith("#include")]
        body = [l for l in text.splitlines() if not l.startswith("#include")]
        return inc, body
    m_inc, m_body, o_inc, o_body = [], [], [], []
    for seed, mt, ot in progs:
        inc, body = split(mt)
        m_inc += [i for i in inc if i not in m_inc]
        body = ["int %s() {" % BATCH_MAIN if l == "int main() {" else l for l in body]
        m_body += ["", "namespace cfz%d {" % seed] + body + ["}  // namespace cfz%d" % seed]
        inc, body = split(ot)
        o_inc += [i for i in inc if i not in o_inc]
        o_body += ["", "namespace cfz%d {" % seed] + body + ["}  // namespace cfz%d" % seed]
    drv = ["", "// corofuzz batch driver", "int main() {", "  int rc = 0;"]
    for seed, _, _ in progs:
        drv += ['  std::printf("== seed %d\\n");' % seed,
                "  std::fflush(stdout);",
                "  if (int r = cfz%d::%s()) {" % (seed, BATCH_MAIN),
                '    std::printf("\\n== seed %d returned %%d\\n", r);' % seed,
                "    rc = 1;",
                "  }",
                "  std::fflush(stdout);"]
    drv += ['  std::printf("== batch done\\n");', "  return rc;", "}"]
    if "#include <cstdio>" not in m_inc:
        m_inc.append("#include <cstdio>")
    head = ["// corofuzz batch: seeds %s" % " ".join(str(p[0]) for p in progs)]
    return ("\n".join(head + m_inc + m_body + drv) + "\n",
            "\n".join(head + o_inc + o_body) + "\n")


def split_sections(out):
    """stdout of a batch -> {seed: text}."""
    secs = {}
    cur = None
    for l in out.splitlines(True):
        m = re.match(r"== (?:seed (\d+)|batch done)\n?$", l)
        if m and m.group(1) is None:
            cur = None
        elif m:
            cur = int(m.group(1))
            secs[cur] = ""
        elif cur is not None:
            secs[cur] += l
    return secs


def first_bad_seed(seeds, ref_out, out):
    a, b = split_sections(ref_out), split_sections(out)
    for s in seeds:
        if a.get(s) != b.get(s):
            return s
    return None


def read_report_stats(path):
    with open(path) as fh:
        data = json.load(fh)
    cs = data.get("coroutines", [])
    return (sum(c["old_size"] for c in cs), sum(c["new_size"] for c in cs),
            sum(c["lower_bound"] for c in cs), len(cs),
            sum(1 for c in cs if c.get("packed")))


def check_batch(b, bdir, seeds, main_text, opaque_text, extra, want_stats):
    """Build and run one batch.  Returns a dict: ok, problem (text), suspect
    (seed or None), cfg, stats {level: tuple}, stats_errors."""
    os.makedirs(bdir, exist_ok=True)
    src = os.path.join(bdir, "batch.cpp")
    opq = os.path.join(bdir, "batch.opaque.cpp")
    with open(src, "w") as fh:
        fh.write(main_text)
    with open(opq, "w") as fh:
        fh.write(opaque_text)
    res = {"ok": False, "problem": "", "suspect": None, "cfg": None, "stats": {},
           "stats_errors": 0, "san": False}
    timeout = max(b.run_timeout, 2.0 * len(seeds))
    objs = {}
    for san in (False, True):
        d = os.path.join(bdir, "opaque-san" if san else "opaque")
        os.makedirs(d, exist_ok=True)
        obj, msg = b.opaque_obj(opq, d, "1", san, extra)
        if obj is None:
            res.update(problem="opaque TU failed to compile\n" + msg, cfg="opaque")
            return res
        objs[san] = obj
    name, level, san = REF_CFG
    wd = os.path.join(bdir, name)
    os.makedirs(wd)
    exe, msg = b.build(src, objs[san], wd, level, san, extra, False)
    if exe is None:
        res.update(problem="reference build failed to compile\n" + msg, cfg=name)
        return res
    ref = b.run(exe, timeout)
    if ref[0] != 0 or has_san_report(ref[2]) or not ref[1].endswith("== batch done\n") or \
            sorted(split_sections(ref[1])) != sorted(seeds):
        secs = split_sections(ref[1])
        res.update(problem="reference run not clean (exit %s)\n%s" % (ref[0], short(ref[2], 25)),
                   cfg=name, san=has_san_report(ref[2]),
                   suspect=max(secs, key=seeds.index) if secs else None)
        return res
    for cfg in CONFIGS:
        name, level, san = cfg
        wd = os.path.join(bdir, name)
        os.makedirs(wd)
        report = os.path.join(wd, "report.json") if want_stats and not san else None
        exe, msg = b.build(src, objs[san], wd, level, san, extra, True, report)
        if exe is None:
            res.update(problem="plugin build failed to compile\n" + msg, cfg=name)
            return res
        if report:
            try:
                res["stats"][level] = read_report_stats(report)
            except (OSError, ValueError, KeyError):
                res["stats_errors"] += 1
        plug = b.run(exe, timeout)
        kind = classify(ref, plug)
        if kind:
            det = describe(kind, ref, plug).replace("base", "reference") + "\n"
            if ref[1] != plug[1]:
                det += diff(ref[1], plug[1], "stdout.ref", "stdout.plugin") + "\n"
            if ref[2] != plug[2]:
                det += diff(ref[2], plug[2], "stderr.ref", "stderr.plugin") + "\n"
            res.update(problem=det, cfg=name, san=san and has_san_report(plug[2]),
                       suspect=first_bad_seed(seeds, ref[1], plug[1]))
            return res
    res["ok"] = True
    return res


def check_seed_alone(args, b, workroot, seed):
    """The full per-program check of one seed (what --quick does for every
    seed).  Returns (sdir, extra, results in CONFIGS order)."""
    sdir = os.path.join(workroot, "seed-%d" % seed)
    if os.path.exists(sdir):
        shutil.rmtree(sdir)
    os.makedirs(sdir)
    main_text, opaque_text, extra = gen.generate(seed, args.size, args.classic, args.scopes)
    src = os.path.join(sdir, "prog.cpp")
    opq = os.path.join(sdir, "prog.opaque.cpp")
    with open(src, "w") as fh:
        fh.write(main_text)
    with open(opq, "w") as fh:
        fh.write(opaque_text)
    objs = opaque_objs(b, opq, sdir, extra)
    results = []
    for cfg in CONFIGS:
        if objs[cfg[2]][0] is None:
            results.append({"cfg": cfg[0], "status": "invalid", "stats": None, "base_out": None,
                            "detail": "opaque TU failed to compile\n" + objs[cfg[2]][1]})
            continue
        results.append(check_config(b, src, objs[cfg[2]][0], os.path.join(sdir, cfg[0]), cfg,
                                    extra, not cfg[2] and not args.no_stats))
    return sdir, extra, results


def run_fuzz(args):
    os.makedirs(args.results, exist_ok=True)
    workroot = tempfile.mkdtemp(prefix="corofuzz-work-", dir=args.workdir or args.results)
    orig_plugin = args.plugin
    args.plugin, digest = snapshot_plugin(args, workroot)
    b = Builder(args)
    if args.verbose or args.progress:
        log("corofuzz: plugin %s (sha256 %s)%s, %d programs from seed %d, -j %d%s" %
            (orig_plugin, digest, " " + args.plugin_flags if args.plugin_flags else "",
             len(args.seed_list), args.seed_list[0], args.jobs,
             ", batches of %d" % args.batch if args.batch > 1 else ""))
    stats = Stats()
    kept = []  # (seed, pdir, first mismatching cfg, kind, detail, extra)
    t0 = time.time()
    total = len(args.seed_list)
    show_progress = args.progress
    last_bar = [0.0]
    inflight = [0]  # programs being checked

    def bar(force=False):
        if not show_progress:
            return
        now = time.time()
        if not force and now - last_bar[0] < 0.5:
            return
        last_bar[0] = now
        done = stats.programs
        el = now - t0
        rate = done / el if el > 0 else 0.0
        w = 30
        frac = done / total if total else 1.0
        if rate > 0:
            # Time to check the programs still to do; with a time limit, no
            # new program starts after it, but those under way finish.
            eta = (total - done) / rate
            if args.time_limit:
                eta = min(eta, max(0.0, args.time_limit - el) + inflight[0] / rate)
            eta_s = fmt_t(eta)
        else:
            eta_s = "?"
        if args.time_limit:
            frac = max(frac, min(1.0, el / args.time_limit))
        fill = int(w * frac)
        line = "[%s%s] %d/%d programs, %d mismatches, %d invalid, %.2f prog/s, %s elapsed, ETA %s" % (
            "#" * fill, "." * (w - fill), done, total, len(stats.mismatches), len(stats.invalid),
            rate, fmt_t(el), eta_s)
        sys.stderr.write("\r" + line + "\033[K")
        sys.stderr.flush()

    def emit(msg):
        if show_progress:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
        log(msg)

    def keep(name, src_dir, text):
        pdir = os.path.join(args.results, name)
        if os.path.exists(pdir):
            shutil.rmtree(pdir)
        shutil.copytree(src_dir, pdir)
        with open(os.path.join(pdir, "report.txt"), "w") as fh:
            fh.write(text)
        return pdir

    def seed_done(seed, sdir, extra, results):
        problems = process_seed_results(args, stats, seed, sdir, results, extra)
        if problems:
            text = "seed %d, extra flags: %r\n\n" % (seed, extra)
            for r in results:
                text += "== %s: %s\n%s\n" % (r["cfg"], r["status"], r["detail"])
            pdir = keep("seed-%d" % seed, sdir, text)
            for p in problems:
                emit(p + "  [kept in %s]" % pdir)
            for r in results:
                if r["status"] == "mismatch":
                    emit("    " + "\n    ".join(short(r["detail"], 14).splitlines()))
                    break
            mm = [r for r in results if r["status"] == "mismatch"]
            if mm:
                cfg = next(c for c in CONFIGS if c[0] == mm[0]["cfg"])
                kept.append((seed, pdir, cfg, mm[0]["kind"], mm[0]["detail"], extra))
        shutil.rmtree(sdir, ignore_errors=True)
        return bool(problems)

    def seed_job(seed):
        sdir, extra, results = check_seed_alone(args, b, workroot, seed)
        return [(seed, sdir, extra, results)], None

    def batch_job(bid, progs, extra):
        """Check a batch; on any problem check its programs one by one."""
        seeds = [p[0] for p in progs]
        bdir = os.path.join(workroot, "batch-%d" % bid)
        mt, ot = merge_batch(progs)
        res = check_batch(b, bdir, seeds, mt, ot, extra, not args.no_stats)
        res.update(seeds=seeds, bdir=bdir, extra=extra)
        if res["ok"]:
            return None, res
        alone = []
        for s in seeds:
            sdir, ex, results = check_seed_alone(args, b, workroot, s)
            alone.append((s, sdir, ex, results))
        return alone, res

    def batch_done(alone, res):
        found = False
        if alone is None:
            stats.programs += len(res["seeds"])
            for lv, st in res["stats"].items():
                for k in range(5):
                    stats.frames[lv][k] += st[k]
            stats.stats_errors += res["stats_errors"]
        else:
            for seed, sdir, extra, results in alone:
                found = seed_done(seed, sdir, extra, results) or found
        if res is not None and not res["ok"]:
            if not found:
                # The batch failed, no program alone does: still a failure,
                # pinned to the first program whose output differs.
                bid = os.path.basename(res["bdir"])
                text = ("batch of seeds %s (extra flags %r) fails at %s, no program alone does;"
                        " first differing program: seed %s\n\n%s\n" %
                        (" ".join(map(str, res["seeds"])), res["extra"], res["cfg"],
                         res["suspect"], res["problem"]))
                pdir = keep(bid, res["bdir"], text)
                sus = res["suspect"] if res["suspect"] is not None else res["seeds"][0]
                if res["cfg"] in (REF_CFG[0], "opaque"):
                    stats.invalid.append((sus, res["cfg"], res["problem"]))
                    emit("INVALID batch (seed %s) %s: %s  [kept in %s]" %
                         (sus, res["cfg"], describe_first_line(res["problem"]), pdir))
                else:
                    stats.mismatches.append((sus, res["cfg"], "batch", res["problem"]))
                    emit("MISMATCH batch (seed %s) %s: %s  [kept in %s]" %
                         (sus, res["cfg"], describe_first_line(res["problem"]), pdir))
                    emit("    " + "\n    ".join(short(res["problem"], 14).splitlines()))
                if res["san"]:
                    stats.san_reports += 1
            elif args.verbose:
                emit("corofuzz: batch %s failed at %s, checked one by one" %
                     (" ".join(map(str, res["seeds"])), res["cfg"]))
            shutil.rmtree(res["bdir"], ignore_errors=True)
        elif res is not None:
            shutil.rmtree(res["bdir"], ignore_errors=True)

    stop = False
    it = iter(args.seed_list)
    buckets = {}  # extra flags -> [(seed, main, opaque)]
    nbatch = [0]

    def next_job(ex):
        """Submit the next job, or return None when there is none."""
        nonlocal stop
        while not stop:
            if args.time_limit and time.time() - t0 > args.time_limit:
                stop = True
                break
            try:
                s = next(it)
            except StopIteration:
                break
            if args.batch <= 1:
                inflight[0] += 1
                return ex.submit(seed_job, s), 1
            main_text, opaque_text, extra = gen.generate(s, args.size, args.classic, args.scopes)
            if not batch_safe(main_text, opaque_text):
                inflight[0] += 1
                return ex.submit(seed_job, s), 1
            bk = buckets.setdefault(extra, [])
            bk.append((s, main_text, opaque_text))
            if len(bk) >= args.batch:
                del buckets[extra]
                nbatch[0] += 1
                inflight[0] += len(bk)
                return ex.submit(batch_job, nbatch[0], bk, extra), len(bk)
        # No more seeds (or out of time): the partial batches of the seeds
        # generated so far, unless the time is up.
        if not stop:
            for extra in sorted(buckets):
                bk = buckets.pop(extra)
                nbatch[0] += 1
                inflight[0] += len(bk)
                return ex.submit(batch_job, nbatch[0], bk, extra), len(bk)
        return None

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = {}
        # Per-program jobs: keep a few seeds queued; batches: one per worker
        # and one waiting.
        window = max(2, args.jobs * 2) if args.batch <= 1 else args.jobs + 1

        def feed():
            while len(futs) < window:
                j = next_job(ex)
                if j is None:
                    return
                futs[j[0]] = j[1]

        feed()
        while futs:
            done, _ = concurrent.futures.wait(list(futs), timeout=0.5,
                                              return_when=concurrent.futures.FIRST_COMPLETED)
            for f in done:
                inflight[0] -= futs.pop(f)
                alone, res = f.result()
                batch_done(alone, res)
            feed()
            bar()
    bar(force=True)
    if show_progress:
        sys.stderr.write("\n")
    elapsed = time.time() - t0

    # Reduce (after the run, so that the soak's timing stays meaningful).
    if kept and not args.no_reduce:
        for seed, pdir, cfg, kind, detail, extra in kept[: args.max_reduce]:
            reduce_problem(args, b, pdir, seed, cfg, kind, detail, extra)
        if len(kept) > args.max_reduce:
            log("corofuzz: %d more mismatching programs not reduced (--max-reduce %d)" %
                (len(kept) - args.max_reduce, args.max_reduce))
    shutil.rmtree(workroot, ignore_errors=True)
    args.plugin = orig_plugin

    for l in LEVELS:
        old, new, bound, nco, npk = stats.frames[l]
        pct = 100.0 * (old - new) / old if old else 0.0
        log("frame bytes O%s: %d -> %d (bound %d), %d coroutines, %d packed, -%.1f%%" %
            (l, old, new, bound, nco, npk, pct))
    if stats.stats_errors:
        log("corofuzz: %d plugin builds without a usable frame report" % stats.stats_errors)
    if stats.invalid:
        bad = sorted(set(s for s, _, _ in stats.invalid))
        log("corofuzz: %d invalid programs (the build without the plugin misbehaves: "
            "a generator or clang bug, see utils/corofuzz/README.md): seeds %s" %
            (len(bad), ", ".join(map(str, bad))))
    if stats.mismatches:
        log("corofuzz: mismatching seeds: %s" % ", ".join(
            "%d(%s)" % (s, c) for s, c, _, _ in stats.mismatches))
    log("corofuzz: %.0fs wall, -j %d" % (elapsed, args.jobs))
    o2 = stats.frames["2"]
    log("corofuzz: %d programs x %d levels: %d mismatches, %d sanitizer reports; "
        "frame bytes O2: %d -> %d (bound %d)" %
        (stats.programs, len(LEVELS), len(stats.mismatches), stats.san_reports, o2[0], o2[1], o2[2]))
    return 1 if (stats.mismatches or stats.san_reports or stats.invalid) else 0


def fmt_t(s):
    s = int(s)
    return "%d:%02d" % (s // 60, s % 60) if s < 3600 else "%d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60)


def program_flags(text):
    """The extra compiler flags recorded in a generated program's header."""
    m = re.search(r"^// corofuzz-flags:(.*)$", text, re.M)
    return m.group(1).strip() if m else ""


def reduce_only(args):
    """Re-reduce a program kept in a results directory (seed-N)."""
    pdir = os.path.abspath(args.reduce_only)
    with open(os.path.join(pdir, "prog.cpp")) as fh:
        text = fh.read()
    m = re.search(r"seed (\d+)", text.split("\n", 1)[0])
    seed = int(m.group(1)) if m else 0
    extra = program_flags(text)
    wd = tempfile.mkdtemp(prefix="corofuzz-recheck-", dir=args.workdir or pdir)
    try:
        orig_plugin = args.plugin
        args.plugin, digest = snapshot_plugin(args, wd)
        b = Builder(args)
        # find the first mismatching configuration again
        for cfg in CONFIGS:
            if args.config and cfg[0] != args.config:
                continue
            cwd = os.path.join(wd, cfg[0])
            os.makedirs(cwd)
            obj, msg = opaque_objs(b, os.path.join(pdir, "prog.opaque.cpp"), cwd, extra)[cfg[2]]
            res = check_config(b, os.path.join(pdir, "prog.cpp"), obj, cwd, cfg, extra, False)
            if res["status"] == "mismatch":
                return 0 if reduce_problem(args, b, pdir, seed, cfg, res["kind"], res["detail"], extra) else 1
        log("corofuzz: no mismatch reproduced in %s" % pdir)
        return 1
    finally:
        shutil.rmtree(wd, ignore_errors=True)
        args.plugin = orig_plugin


def parse_args(argv):
    p = argparse.ArgumentParser(description="Differential fuzzing of the coropack plugin.",
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 1)[1])
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="24 programs (default mode)")
    mode.add_argument("--soak", type=int, metavar="N", help="N programs, with a progress bar")
    mode.add_argument("--seeds", help="comma separated seeds")
    mode.add_argument("--reduce-only", metavar="DIR", help="reduce the program kept in DIR")
    p.add_argument("--seed-start", type=int, default=None,
                   help="first seed (default: 1 for --quick, 1000 for --soak)")
    p.add_argument("--clang", default="clang++-22")
    p.add_argument("--plugin", default=os.path.join(REPO, "build", "coropack.so"))
    p.add_argument("--plugin-flags", default="",
                   help="extra flags for the builds with the plugin only, e.g. "
                        "\"-mllvm -coro-pack-lifetimes\"")
    p.add_argument("--no-stats", action="store_true",
                   help="do not ask the plugin for -coro-pack-report-json frame statistics")
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--batch", type=int, default=None, metavar="K",
                   help="check K programs (same extra flags) per binary against one "
                        "reference build; failing batches are checked program by "
                        "program (default: 8 with --soak, else 1 = every program alone)")
    p.add_argument("--size", type=float, default=None,
                   help="program size scale (gen.py --size; default 0.7 for --quick, else 1)")
    p.add_argument("--classic", action="store_true",
                   help="gen.py --classic: the programs of the generator before the "
                   "library shapes (to check seeds named in old results again)")
    p.add_argument("--scopes", action="store_true",
                   help="gen.py --scopes: also reference-bound temporaries spanning a "
                   "suspend (what -coro-pack-demote moves to the stack; use with "
                   "--plugin-flags \"-mllvm -coro-pack-demote\")")
    p.add_argument("--results", default="corofuzz-results",
                   help="where mismatching programs are kept (default: %(default)s)")
    p.add_argument("--regressions", default=os.path.join(REPO, "test", "fuzz-regressions"),
                   help="where reduced reproducers go as lit tests (default: %(default)s)")
    p.add_argument("--workdir", default="/dev/shm" if os.access("/dev/shm", os.W_OK) else None,
                   help="where programs are built (default: %(default)s)")
    p.add_argument("--no-reduce", action="store_true", help="keep mismatches, do not reduce")
    p.add_argument("--max-reduce", type=int, default=3, help="reduce at most this many programs")
    p.add_argument("--reduce-time", type=int, default=1200, help="seconds per reduction")
    p.add_argument("--config", help="with --reduce-only: the configuration (O0..O3, asan-O1)")
    p.add_argument("--time-limit", type=float, default=0,
                   help="stop starting new programs after this many seconds")
    p.add_argument("--progress", action="store_true", default=None,
                   help="show the progress bar (default: on with --soak)")
    p.add_argument("--compile-timeout", type=float, default=300)
    p.add_argument("--run-timeout", type=float, default=20)
    p.add_argument("-v", "--verbose", action="store_true")
    a = p.parse_args(argv)
    if a.soak is not None:
        start = 1000 if a.seed_start is None else a.seed_start
        a.seed_list = range(start, start + a.soak)
        if a.progress is None:
            a.progress = True
    elif a.seeds:
        a.seed_list = [int(s) for s in a.seeds.split(",") if s.strip()]
    else:
        start = 1 if a.seed_start is None else a.seed_start
        a.seed_list = range(start, start + 24)
        if a.size is None:
            a.size = 0.7
    if a.size is None:
        a.size = 1.0
    if a.batch is None:
        a.batch = 8 if a.soak is not None else 1
    a.progress = bool(a.progress)
    a.results = os.path.abspath(a.results)
    a.plugin = os.path.abspath(a.plugin)
    return a


def main(argv):
    args = parse_args(argv)
    if not os.path.exists(args.plugin):
        print("corofuzz: plugin %s does not exist" % args.plugin, file=sys.stderr)
        return 2
    if shutil.which(args.clang) is None and not os.path.exists(args.clang):
        print("corofuzz: compiler %s not found" % args.clang, file=sys.stderr)
        return 2
    if args.reduce_only:
        return reduce_only(args)
    return run_fuzz(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
