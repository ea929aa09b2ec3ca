#!/usr/bin/env python3
"""corofuzz hostile IR: run coro-pack over mutated coroutine IR.

Seeds (prepared once, cached under --results/seeds):
  * test/ir/*.ll (full-line comments stripped),
  * clang++ -O1 -disable-llvm-passes output of test/programs/*.cpp and of
    gen.py programs (--gen-seeds),
  * /tmp/llvm-coro-tests/*.ll when that directory exists (LLVM's own
    coroutine tests upgraded to LLVM 22; optional, not part of the repo).
Every seed is normalised with `opt -passes=instnamer` (so that deleting an
instruction never breaks the numbering of unnamed values); a pre-split seed
also gives a split seed (its `cgscc(coro-split)` output), on which
`-passes=coro-pack` runs directly.

Each mutant applies 1..4 textual mutations (deterministic from --seed and the
mutant number): drop an instruction (uses -> poison), duplicate a load or
store, unreachable blocks that access frame/alloca addresses, new accesses
right after a pointer is defined (odd types, odd/negative GEP offsets,
ptrtoint/inttoptr round trips, volatile/atomic accesses, memcpy/memset of a
variable size, the address passed to an external call or stored away),
alloca sizes/alignments (0, 1, odd, 1<<20, align 1/4096), frame struct
fields (odd, zero-sized, nested types), dereferenceable/align attributes and
frame size constants of split functions, renamed pieces, and the switch ABI's
coro.id swapped for retcon.once.

Oracle per mutant:
  1. baseline: `opt -passes='cgscc(coro-split)'` (pre-split) or
     `opt -passes=verify` (split) without the plugin.  A mutant the verifier
     rejects is *invalid* (discarded; a few of them are also fed to
     `-disable-verify -passes=coro-pack`, which must fail cleanly, not
     crash); a crash of plain opt is LLVM's problem (*llvm-crash*, counted).
  2. `opt -load-pass-plugin=P
     -passes='cgscc(coro-split),coro-pack,function(coro-pack-remat),verify'`
     (or without coro-split) with remarks and the JSON report: no signal, no
     "PLEASE submit a bug report", no assertion, no timeout (20 s), exit 0;
     every coroutine of the report is either packed (with a passed remark)
     or unchanged with a missed remark naming it; every function that
     differs from the baseline belongs to a packed coroutine.
Failing mutants are kept in --results/fail-N (mutant.ll, report.txt,
reduced.ll after a cheap line-deletion reduction).

    mutate.py --quick              # 200 mutants (test/fuzz/hostile-quick.test)
    mutate.py --count 5000 --seed 7

Last line (stdout):
    corofuzz-hostile: M mutants, V valid, I invalid, L llvm-crashes, D llvm-nondeterministic;
        coroutines: P packed, U unchanged; broken inputs: B checked; crashes=C failures=F
Exit status 1 if C or F is not 0.
"""

import argparse
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

# The fuzzers run LLVM's full verifier on every function packing changed
# (-coro-pack-verify; the plugin's default is only the targeted rewrite
# check), through the environment so that every clang and opt sees it.
if "-coro-pack-verify" not in os.environ.get("COROPACK_OPTIONS", ""):
    os.environ["COROPACK_OPTIONS"] = (os.environ.get("COROPACK_OPTIONS", "") +
                                      " -coro-pack-verify").strip()

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LLVM_CORO_TESTS = "/tmp/llvm-coro-tests"
TIMEOUT = 20
CRASH_MARKERS = ("PLEASE submit a bug report", "Assertion", "Stack dump:",
                 "UNREACHABLE executed", "Segmentation fault")

ODD_TYPES = ["i1", "i7", "i128", "<3 x float>", "x86_fp80", "[3 x [2 x i16]]",
             "{ i8, { i32, i1 } }", "[0 x i32]", "{}", "<{ i8, i64 }>", "i33",
             "<2 x ptr>", "double", "half"]
ODD_SIZES = [0, 1, 3, 7, 13, 1 << 20, 255, 4097]
ODD_ALIGNS = [1, 2, 4096, 64, 32]
ODD_OFFSETS = [-1, -8, -16, -24, 1, 3, 7, 9, 17, 1000, -100000, 1 << 40, 4096]


# --------------------------------------------------------------------------
# running tools

def run(cmd, stdin_text=None, timeout=TIMEOUT):
    """(returncode or 'timeout', stdout, stderr)."""
    try:
        p = subprocess.run(cmd, input=stdin_text, capture_output=True,
                           text=True, timeout=timeout, errors="replace")
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        def s(x):
            if x is None:
                return ""
            return x if isinstance(x, str) else x.decode("utf-8", "replace")
        return "timeout", s(e.stdout), s(e.stderr)


def crashed(rc, err):
    if rc == "timeout":
        return True
    if isinstance(rc, int) and rc < 0:
        return True
    return any(m in err for m in CRASH_MARKERS)


# --------------------------------------------------------------------------
# seeds

def strip_comments(text):
    return "\n".join(l for l in text.splitlines() if not l.lstrip().startswith(";")) + "\n"


def kind_of(text):
    if "presplitcoroutine" in text:
        return "pre"
    if re.search(r"^%\"?[^ ]*\.Frame\"? = type", text, re.M):
        return "split"
    return None


class Seeds:
    def __init__(self, args, cache):
        self.args = args
        self.cache = cache
        os.makedirs(cache, exist_ok=True)
        self.sources = []  # (name, loader)
        for f in sorted(glob.glob(os.path.join(REPO, "test", "ir", "*.ll"))):
            self.sources.append(("ir-" + os.path.basename(f)[:-3], ("ll", f)))
        if os.path.isdir(LLVM_CORO_TESTS) and not args.no_llvm_tests:
            for f in sorted(glob.glob(os.path.join(LLVM_CORO_TESTS, "*.ll"))):
                self.sources.append(("llvm-" + os.path.basename(f)[:-3], ("ll", f)))
        for f in sorted(glob.glob(os.path.join(REPO, "test", "programs", "*.cpp"))):
            if f.endswith(".opaque.cpp"):
                continue
            self.sources.append(("exec-" + os.path.basename(f)[:-4], ("cpp", f)))
        for s in args.gen_seeds:
            self.sources.append(("gen-%d" % s, ("gen", s)))
        self.loaded = {}  # name -> list of (kind, text) (pre and/or split)

    def get(self, name, how):
        if name in self.loaded:
            return self.loaded[name]
        out = []
        path = os.path.join(self.cache, name + ".ll")
        if os.path.exists(path + ".none"):
            self.loaded[name] = out
            return out
        if not os.path.exists(path):
            text = self.raw(name, how)
            if text is not None:
                rc, norm, _ = run([self.args.opt, "-passes=instnamer", "-S"], text)
                text = norm if rc == 0 else None
            if text is None or kind_of(text) is None:
                open(path + ".none", "w").close()
                self.loaded[name] = out
                return out
            with open(path, "w") as f:
                f.write(text)
        with open(path) as f:
            text = f.read()
        k = kind_of(text)
        out.append((k, text))
        if k == "pre":
            spath = os.path.join(self.cache, name + ".split.ll")
            if not os.path.exists(spath) and not os.path.exists(spath + ".none"):
                rc, st, _ = run([self.args.opt, "-passes=cgscc(coro-split),function(instnamer)",
                                 "-S"], text)
                if rc == 0 and kind_of(st) == "split":
                    with open(spath, "w") as f:
                        f.write(st)
                else:
                    open(spath + ".none", "w").close()
            if os.path.exists(spath):
                with open(spath) as f:
                    out.append(("split", f.read()))
        self.loaded[name] = out
        return out

    def raw(self, name, how):
        kind, x = how
        if kind == "ll":
            with open(x) as f:
                return strip_comments(f.read())
        with tempfile.TemporaryDirectory() as td:
            if kind == "gen":
                src = os.path.join(td, "p.cpp")
                rc, _, _ = run([sys.executable, os.path.join(HERE, "gen.py"), "--seed",
                                str(x), "--size", str(self.args.gen_size), "-o", src], timeout=60)
                if rc != 0:
                    return None
            else:
                src = x
            rc, out, _ = run([self.args.clang, "-std=c++20", "-O1", "-S", "-emit-llvm",
                              "-Xclang", "-disable-llvm-passes", "-o", "-", src], timeout=120)
            return out if rc == 0 else None


# --------------------------------------------------------------------------
# the IR as lines

DEF_RE = re.compile(r"^  (%[-\w.$]+) = (.*)$")
NAME_CHARS = r"[-\w.$]"


class Func:
    def __init__(self, name, start, end):
        self.name, self.start, self.end = name, start, end  # end: the "}" line


def functions(lines):
    out, cur = [], None
    for i, l in enumerate(lines):
        if l.startswith("define "):
            m = re.search(r"@(\"[^\"]+\"|[-\w.$]+)\(", l)
            cur = Func(m.group(1) if m else "?", i, None)
        elif l == "}" and cur is not None:
            cur.end = i
            out.append(cur)
            cur = None
    return out


def result_type(rhs):
    """The type of the value defined by `%x = rhs`, or None if not obvious."""
    rhs = re.sub(r"^(tail |musttail |notail )", "", rhs)
    op = rhs.split(" ", 1)[0]
    if op == "alloca":
        return "ptr"
    if op == "getelementptr":
        return None if "<" in rhs.split(",")[0] else "ptr"
    if op in ("load",):
        m = re.match(r"load (atomic )?(volatile )?([^,]+),", rhs)
        return m.group(3).strip() if m else None
    if op in ("icmp", "fcmp"):
        return None if "<" in rhs else "i1"
    if op in ("add", "sub", "mul", "and", "or", "xor", "shl", "lshr", "ashr", "udiv",
              "sdiv", "urem", "srem"):
        m = re.match(r"\w+ (?:(?:nuw|nsw|exact|disjoint) )*(i\d+) ", rhs)
        return m.group(1) if m else None
    if op in ("zext", "sext", "trunc", "ptrtoint", "inttoptr", "bitcast", "addrspacecast"):
        m = re.search(r" to ([^,]+?)(,|$)", rhs)
        return m.group(1).strip() if m else None
    if op == "call":
        m = re.match(r"call (?:fastcc |ccc |swiftcc |noundef |nonnull |zeroext |signext )*"
                     r"(ptr|i\d+|void|float|double|token) ", rhs)
        if m and m.group(1) not in ("void", "token"):
            return m.group(1)
        return None
    if op == "phi":
        m = re.match(r"phi (?:fast |nnan )*(ptr|i\d+|float|double) ", rhs)
        return m.group(1) if m else None
    return None


def replace_uses(lines, lo, hi, name, repl):
    pat = re.compile(r"(?<!" + NAME_CHARS + r")" + re.escape(name) + r"(?!" + NAME_CHARS + r")")
    for i in range(lo, hi):
        lines[i] = pat.sub(repl, lines[i])


class Mutator:
    def __init__(self, rng, lines, kind):
        self.rng, self.lines, self.kind = rng, lines, kind
        self.decls = []
        self.k = 0
        self.applied = []

    def uid(self):
        self.k += 1
        return "cfz%d" % self.k

    def pick_func(self):
        fs = functions(self.lines)
        if not fs:
            return None
        coro = [f for f in fs if "presplitcoroutine" in self.lines[f.start]
                or re.search(r"\.(resume|destroy|cleanup|noalloc)\"?\(", self.lines[f.start])
                or any(".Frame" in self.lines[i] for i in range(f.start, min(f.end, f.start + 200)))]
        if coro and self.rng.random() < 0.85:
            return self.rng.choice(coro)
        return self.rng.choice(fs)

    def pick_func_with_ptrs(self):
        """(function, its pointer values), or (None, []) when the picked
        function has none."""
        f = self.pick_func()
        return (f, self.ptr_values(f)) if f else (None, [])

    def defs(self, f, pred=None):
        out = []
        for i in range(f.start + 1, f.end):
            m = DEF_RE.match(self.lines[i])
            if m and (pred is None or pred(m.group(1), m.group(2))):
                out.append((i, m.group(1), m.group(2)))
        return out

    def ptr_values(self, f):
        vals = [(i, n) for i, n, r in self.defs(f) if result_type(r) == "ptr"
                and not r.startswith("phi") and "musttail" not in r
                and not r.startswith("invoke") and not r.startswith("landingpad")]
        # parameters of pointer type
        for m in re.finditer(r"ptr [^,()%]*?(%[-\w.$]+)", self.lines[f.start]):
            vals.append((f.start, m.group(1)))
        return vals

    def declare(self, d):
        self.decls.append(d)

    # ---- access snippets on a pointer p; returns lines
    def snippet(self, p):
        r, u = self.rng, self.uid()
        t = r.choice(ODD_TYPES + ["i8", "i32", "i64", "ptr"])
        c = r.randrange(10)
        if c == 0:
            return ["  store %s zeroinitializer, ptr %s, align 1" % (t, p)]
        if c == 1:
            return ["  %%%s = load %s, ptr %s, align %d" % (u, t, p, r.choice([1, 8, 4096]))]
        if c == 2:
            off = r.choice(ODD_OFFSETS)
            ib = r.choice(["", "inbounds "])
            return ["  %%%s.g = getelementptr %si8, ptr %s, i64 %d" % (u, ib, p, off),
                    r.choice(["  store %s zeroinitializer, ptr %%%s.g, align 1" % (t, u),
                              "  %%%s.l = load %s, ptr %%%s.g, align 1" % (u, t, u),
                              "  call void @%s.use(ptr %%%s.g)" % (u, u)])] + \
                self._decl_use(u)
        if c == 3:
            off = r.choice(ODD_OFFSETS)
            return ["  %%%s.i = ptrtoint ptr %s to i64" % (u, p),
                    "  %%%s.j = add i64 %%%s.i, %d" % (u, u, off),
                    "  %%%s.q = inttoptr i64 %%%s.j to ptr" % (u, u),
                    "  store i32 7, ptr %%%s.q, align 4" % u]
        if c == 4:
            return [r.choice([
                "  store volatile i64 0, ptr %s, align 8" % p,
                "  %%%s = load volatile i16, ptr %s, align 2" % (u, p),
                "  %%%s = load atomic i64, ptr %s seq_cst, align 8" % (u, p),
                "  store atomic i32 1, ptr %s release, align 4" % p,
                "  %%%s = atomicrmw add ptr %s, i32 1 seq_cst, align 4" % (u, p),
                "  %%%s = cmpxchg ptr %s, i64 0, i64 1 seq_cst seq_cst, align 8" % (u, p)])]
        if c == 5:
            self.declare("declare i64 @%s.size()" % u)
            self.declare("@%s.buf = global [64 x i8] zeroinitializer" % u)
            which = r.randrange(3)
            vol = r.choice(["false", "true"])
            line = ["  call void @llvm.memset.p0.i64(ptr %s, i8 0, i64 %%%s.n, i1 %s)" % (p, u, vol),
                    "  call void @llvm.memcpy.p0.p0.i64(ptr %s, ptr @%s.buf, i64 %%%s.n, i1 %s)" % (p, u, u, vol),
                    "  call void @llvm.memmove.p0.p0.i64(ptr @%s.buf, ptr %s, i64 %%%s.n, i1 %s)" % (u, p, u, vol)][which]
            return ["  %%%s.n = call i64 @%s.size()" % (u, u), line]
        if c == 6:
            attr = r.choice(["", "captures(none) ", "readonly captures(none) ", "byval(i64) ",
                             "nonnull dereferenceable(4096) "])
            self.declare("declare void @%s.ext(ptr)" % u)
            return ["  call void @%s.ext(ptr %s%s)" % (u, attr, p)]
        if c == 7:
            self.declare("@%s.g = global ptr null" % u)
            return ["  store ptr %s, ptr @%s.g, align 8" % (p, u)]
        if c == 8:
            return ["  %%%s = icmp ult ptr %s, %s" % (u, p, r.choice(["null", p])),
                    "  %%%s.s = select i1 %%%s, ptr %s, ptr null" % (u, u, p),
                    "  store i8 1, ptr %%%s.s, align 1" % u]
        return ["  call void @llvm.memcpy.p0.p0.i64(ptr %s, ptr %s, i64 %d, i1 false)"
                % (p, p, r.choice([0, 1, 8, 64, 1 << 20]))]

    def _decl_use(self, u):
        self.declare("declare void @%s.use(ptr)" % u)
        return []

    # ---- mutations; each returns True if it changed something
    def m_drop(self):
        f = self.pick_func()
        if not f:
            return False
        cands = []
        for i in range(f.start + 1, f.end):
            l = self.lines[i]
            if not l.startswith("  ") or l.startswith("  ;"):
                continue
            m = DEF_RE.match(l)
            if m:
                t = result_type(m.group(2))
                if t and "musttail" not in l:
                    cands.append((i, m.group(1), t))
            elif re.match(r"  (store|call void|tail call void|fence)", l):
                cands.append((i, None, None))
        if not cands:
            return False
        i, name, t = self.rng.choice(cands)
        self.applied.append("drop " + self.lines[i].strip()[:60])
        del self.lines[i]
        if name:
            replace_uses(self.lines, f.start, f.end - 1, name, "poison")
        return True

    def m_dup(self):
        f = self.pick_func()
        if not f:
            return False
        cands = [i for i in range(f.start + 1, f.end)
                 if re.match(r"  (store |%[-\w.$]+ = load )", self.lines[i])]
        if not cands:
            return False
        i = self.rng.choice(cands)
        l = self.lines[i]
        m = DEF_RE.match(l)
        if m:
            l = "  %%%s = %s" % (self.uid(), m.group(2))
        self.lines.insert(i + 1, l)
        self.applied.append("dup " + l.strip()[:60])
        return True

    def m_dead_block(self):
        f, ps = self.pick_func_with_ptrs()
        if not ps:
            return False
        body = []
        for _ in range(self.rng.randint(1, 3)):
            body += self.snippet(self.rng.choice(ps)[1])
        lab = self.uid() + ".dead"
        self.lines[f.end:f.end] = [lab + ":"] + body + ["  unreachable"]
        self.applied.append("dead block in " + f.name)
        return True

    def m_access(self):
        f, ps = self.pick_func_with_ptrs()
        if not ps:
            return False
        i, p = self.rng.choice(ps)
        if i == f.start:  # a parameter: after the first non-phi line of the entry
            i = f.start + 1
            while i < f.end and (self.lines[i].endswith(":") or " = phi " in self.lines[i]
                                 or self.lines[i].strip() == ""):
                i += 1
            i -= 1
        sn = self.snippet(p)
        self.lines[i + 1:i + 1] = sn
        self.applied.append("access %s: %s" % (p, sn[-1].strip()[:70] if sn else ""))
        return True

    def m_alloca(self):
        f = self.pick_func()
        if not f:
            return False
        al = [(i, n, r) for i, n, r in self.defs(f) if r.startswith("alloca ")]
        if not al:
            return False
        i, n, r = self.rng.choice(al)
        m = re.match(r"alloca (?:inalloca )?(.+?)(?:, (i\d+) (\d+))?(?:, align (\d+))?(, addrspace.*)?$", r)
        if not m:
            return False
        ty, cty, cnt, al_, rest = m.groups()
        c = self.rng.randrange(4)
        if c == 0:
            ty = "[%d x i8]" % self.rng.choice(ODD_SIZES)
        elif c == 1:
            ty = self.rng.choice(ODD_TYPES[:-1])
        elif c == 2:
            cty, cnt = "i32", str(self.rng.choice(ODD_SIZES))
        else:
            al_ = str(self.rng.choice(ODD_ALIGNS))
        new = "alloca " + ty + (", %s %s" % (cty, cnt) if cnt else "") + \
            (", align " + al_ if al_ else "") + (rest or "")
        self.lines[i] = "  %s = %s" % (n, new)
        self.applied.append("alloca %s: %s" % (n, new))
        return True

    def m_frame_type(self):
        idx = [i for i, l in enumerate(self.lines) if re.match(r"^%\"?[^ ]*\.Frame\"? = type \{", l)]
        if not idx:
            return False
        i = self.rng.choice(idx)
        m = re.match(r"^(\S+ = type )\{ (.*) \}$", self.lines[i])
        if not m:
            return False
        fields = split_top(m.group(2))
        c = self.rng.randrange(3)
        if c == 0 and len(fields) > 3:
            j = self.rng.randrange(3, len(fields))
            fields[j] = self.rng.choice(ODD_TYPES)
        elif c == 1:
            fields.append(self.rng.choice(ODD_TYPES + ["[%d x i8]" % (1 << 20)]))
        else:
            if len(fields) <= 3:
                return False
            j = self.rng.randrange(3, len(fields))
            fields[j] = "[%d x %s]" % (self.rng.choice([0, 1, 2]), fields[j])
        self.lines[i] = m.group(1) + "{ " + ", ".join(fields) + " }"
        self.applied.append("frame type: " + self.lines[i][:100])
        return True

    def m_attr(self):
        cands = [i for i, l in enumerate(self.lines)
                 if re.search(r"(dereferenceable\(\d+\)|align \d+\) |@_Znwm\(i64 \d+\)|_ZdlPvm\(ptr [^,]+, i64 \d+\))", l)]
        if not cands:
            return False
        i = self.rng.choice(cands)
        l = self.lines[i]
        c = self.rng.randrange(3)
        v = self.rng.choice([0, 1, 8, 16, 24, 4096, 1 << 20])
        if c == 0:
            l = re.sub(r"dereferenceable\(\d+\)", "dereferenceable(%d)" % max(v, 1), l, count=1)
        elif c == 1:
            l = re.sub(r"\balign \d+\b", "align %d" % self.rng.choice([1, 4, 64, 4096]), l, count=1)
        else:
            l = re.sub(r"(@_Znwm\(i64 |_ZdlPvm\(ptr [^,]+, i64 )\d+", lambda m: m.group(1) + str(v), l, count=1)
        if l == self.lines[i]:
            return False
        self.lines[i] = l
        self.applied.append("attr: " + l.strip()[:80])
        return True

    def m_rename_piece(self):
        text = "\n".join(self.lines)
        names = re.findall(r"@([-\w$]+)\.(resume|destroy|cleanup|noalloc)\b", text)
        if not names:
            return False
        base, suf = self.rng.choice(names)
        new = self.rng.choice(["x", "2"])
        pat = re.compile(r"@" + re.escape(base) + r"\." + suf + r"(?!" + NAME_CHARS + ")")
        self.lines[:] = [pat.sub("@%s.%s%s" % (base, suf, new), l) for l in self.lines]
        self.applied.append("rename @%s.%s" % (base, suf))
        return True

    def m_retcon(self):
        cands = [i for i, l in enumerate(self.lines) if "call token @llvm.coro.id(" in l]
        if not cands:
            return False
        i = self.rng.choice(cands)
        m = DEF_RE.match(self.lines[i])
        if not m:
            return False
        u = self.uid()
        self.lines[i] = ("  %s = call token @llvm.coro.id.retcon.once(i32 32, i32 8, ptr @%s.buf, "
                         "ptr @%s.proto, ptr @%s.alloc, ptr @%s.dealloc)" % (m.group(1), u, u, u, u))
        self.declare("@%s.buf = global [32 x i8] zeroinitializer, align 8" % u)
        self.declare("declare void @%s.proto(ptr, i1)" % u)
        self.declare("declare ptr @%s.alloc(i64)" % u)
        self.declare("declare void @%s.dealloc(ptr)" % u)
        self.applied.append("retcon.once")
        return True

    def m_switch_case(self):
        f = self.pick_func()
        if not f:
            return False
        cands = [i for i in range(f.start, f.end) if re.match(r"  switch i\d+ ", self.lines[i])]
        if not cands:
            return False
        i = self.rng.choice(cands)
        # drop the first case line following the switch (cases span lines)
        j = i + 1
        if j < f.end and re.match(r"\s+i\d+ -?\d+, label %", self.lines[j]) and self.lines[j].strip().endswith("]") is False:
            del self.lines[j]
            self.applied.append("switch: drop a case")
            return True
        return False

    def m_swap(self):
        """Swap two adjacent instructions (often breaks dominance: such a
        mutant is invalid and feeds the broken-input check)."""
        f = self.pick_func()
        if not f:
            return False
        cands = [i for i in range(f.start + 1, f.end - 1)
                 if DEF_RE.match(self.lines[i]) and DEF_RE.match(self.lines[i + 1])]
        if not cands:
            return False
        i = self.rng.choice(cands)
        self.lines[i], self.lines[i + 1] = self.lines[i + 1], self.lines[i]
        self.applied.append("swap " + self.lines[i].strip()[:40])
        return True

    def mutate(self, n):
        ops = [(self.m_drop, 4), (self.m_dup, 2), (self.m_dead_block, 3), (self.m_access, 6),
               (self.m_alloca, 3 if self.kind == "pre" else 1), (self.m_frame_type, 2 if self.kind == "split" else 0),
               (self.m_attr, 2 if self.kind == "split" else 1), (self.m_rename_piece, 1 if self.kind == "split" else 0),
               (self.m_retcon, 1 if self.kind == "pre" else 0), (self.m_switch_case, 1), (self.m_swap, 1)]
        ops = [(o, w) for o, w in ops if w]
        done, tries = 0, 0
        while done < n and tries < 4 * n + 8:
            tries += 1
            op = self.rng.choices([o for o, _ in ops], [w for _, w in ops])[0]
            if op():
                done += 1
        text = "\n".join(self.lines) + "\n"
        for d in self.decls:
            m = re.match(r"declare \S+ (@[-\w.$]+)\(", d)
            if m and re.search(r"^declare .*" + re.escape(m.group(1)) + r"\(", text, re.M):
                continue
            text += d + "\n"
        for intr, decl in (("@llvm.memset.p0.i64", "declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)"),
                           ("@llvm.memcpy.p0.p0.i64", "declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)"),
                           ("@llvm.memmove.p0.p0.i64", "declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)"),
                           ("@llvm.coro.id.retcon.once", "declare token @llvm.coro.id.retcon.once(i32, i32, ptr, ptr, ptr, ptr)")):
            if intr + "(" in text and not re.search(r"^declare [^\n]*" + re.escape(intr) + r"\(", text, re.M):
                text += decl + "\n"
        return text


def split_top(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "{[<(":
            depth += 1
        elif ch in "}]>)":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


# --------------------------------------------------------------------------
# the oracle

def func_texts(text):
    """function name -> normalised text (attribute groups inlined, metadata
    numbers erased)."""
    groups = dict(re.findall(r"^attributes (#\d+) = \{ (.*) \}$", text, re.M))
    out, cur, buf = {}, None, []
    for l in text.splitlines():
        if l.startswith("define "):
            m = re.search(r"@(\"[^\"]+\"|[-\w.$]+)\(", l)
            cur, buf = (m.group(1) if m else "?"), []
        if cur is not None:
            l = re.sub(r"#\d+\b", lambda m: "{" + groups.get(m.group(0), m.group(0)) + "}", l)
            l = re.sub(r"!\d+\b", "!N", l)
            buf.append(l)
            if l == "}":
                out[cur] = "\n".join(buf)
                cur = None
    return out


def drop_dead_geps(ftext):
    lines = ftext.split("\n")
    out = []
    for l in lines:
        m = re.match(r"  (%[-\w.$]+) = getelementptr [^\n]*\.Frame\"?, ", l)
        if m:
            pat = re.compile(re.escape(m.group(1)) + r"(?!" + NAME_CHARS + ")")
            if sum(len(pat.findall(x)) for x in lines) == 1:
                continue
        out.append(l)
    return "\n".join(out)


def piece_base(name):
    m = re.match(r"^(.*)\.(resume|destroy|cleanup|noalloc)$", name)
    return m.group(1) if m else name


class Oracle:
    def __init__(self, args, work):
        self.args, self.work = args, work

    def check(self, text, kind):
        """('invalid'|'llvm-crash'|'ok'|'crash'|'fail', detail, stats)."""
        a = self.args
        inp = os.path.join(self.work, "in.ll")
        with open(inp, "w") as f:
            f.write(text)
        base_pipe = "cgscc(coro-split)" if kind == "pre" else "verify"
        rc, base, err = run([a.opt, "-passes=" + base_pipe, "-S", inp])
        if crashed(rc, err):
            return "llvm-crash", err[-2000:], None
        if rc != 0:
            return "invalid", err[:500], None
        js = os.path.join(self.work, "r.json")
        if os.path.exists(js):
            os.unlink(js)
        # coro-pack-remat: what clang runs before codegen on the functions
        # packing changed (pass/remat.c)
        pipe = ("cgscc(coro-split),coro-pack,function(coro-pack-remat),verify" if kind == "pre"
                else "coro-pack,function(coro-pack-remat),verify")
        rc, out, err = run([a.opt, "-load-pass-plugin=" + a.plugin, "-passes=" + pipe, "-S",
                            "-pass-remarks=coro-pack", "-pass-remarks-missed=coro-pack",
                            "-coro-pack-report-json=" + js, inp])
        if crashed(rc, err):
            return "crash", "rc=%s\n%s" % (rc, err[-4000:]), None
        if rc != 0:
            return "fail", "exit status %s\n%s" % (rc, err[-3000:]), None
        try:
            with open(js) as f:
                rep = json.load(f)
        except (OSError, ValueError) as e:
            return "fail", "no readable JSON report: %s" % e, None
        packed, unchanged = set(), set()
        problems = []
        for e in rep.get("coroutines", []):
            n = e.get("name")
            if e.get("packed"):
                packed.add(n)
                if "packed coroutine frame of %s " % n not in err:
                    problems.append("packed %s without a passed remark" % n)
            else:
                unchanged.add(n)
                if "coroutine frame of %s left unchanged" % n not in err:
                    problems.append("%s not packed and no missed remark names it" % n)
        bf, of = func_texts(base), func_texts(out)
        # Known and left alone: deleting a carried lifetime end can leave the
        # frame GEP coro-split made for its operand unused, while plain
        # coro-split sometimes leaves such a GEP too (for the lifetime.end
        # it deletes): unused frame GEPs are ignored on both sides.
        bf = {k: drop_dead_geps(v) for k, v in bf.items()}
        of = {k: drop_dead_geps(v) for k, v in of.items()}
        for name in sorted(set(bf) | set(of)):
            if bf.get(name) == of.get(name):
                continue
            owner = piece_base(name)
            if owner in packed:
                continue
            if any(("%%%s.Frame" % p) in bf.get(name, "") or ('%%"%s.Frame"' % p) in bf.get(name, "")
                   for p in packed):
                continue
            # callees whose frame parameter's dereferenceable was lowered
            strip = lambda s: re.sub(r"dereferenceable(_or_null)?\(\d+\)", "", s or "")
            if packed and strip(bf.get(name)) == strip(of.get(name)):
                continue
            why = "reported unchanged" if owner in unchanged else "not in the report"
            problems.append("function %s changed (%s)" % (name, why))
        if problems and kind == "pre" and any(" changed (" in x for x in problems):
            # coro-split itself is not always deterministic (measured: the
            # frame order of LLVM's coro-alloca-aliases-determinism.ll with
            # coro.begin moved after the aliases differs between two runs of
            # plain opt): LLVM's problem, not a change made by coro-pack
            for _ in range(2):
                rc2, base2, _ = run([a.opt, "-passes=" + base_pipe, "-S", inp])
                if rc2 == 0 and base2 != base:
                    return "llvm-nondet", "plain coro-split output differs between runs", None
        if problems:
            return "fail", "\n".join(problems), None
        return "ok", "", (len(packed), len(unchanged))

    def check_broken(self, text):
        """A module the verifier rejects, fed to coro-pack with the input
        verifier off: a clean error (or nothing), never a crash."""
        inp = os.path.join(self.work, "broken.ll")
        with open(inp, "w") as f:
            f.write(text)
        a = self.args
        rc, _, err = run([a.opt, "-load-pass-plugin=" + a.plugin, "-disable-verify",
                          "-passes=coro-pack", "-disable-output", inp])
        if crashed(rc, err):
            return "crash", err[-4000:]
        return "ok", ""


def reduce(oracle, text, kind, status, budget_s):
    """Line deletion (chunks, then single lines) while the mutant still
    fails the same way."""
    lines = text.splitlines()
    t0 = time.time()
    chunk = max(1, len(lines) // 8)
    while chunk >= 1 and time.time() - t0 < budget_s:
        i = 0
        while i < len(lines) and time.time() - t0 < budget_s:
            cand = lines[:i] + lines[i + chunk:]
            st, _, _ = oracle.check("\n".join(cand) + "\n", kind)
            if st == status:
                lines = cand
            else:
                i += chunk
        chunk //= 2
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="200 mutants")
    ap.add_argument("--count", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--opt", default=shutil.which("opt-22") or "opt")
    ap.add_argument("--clang", default=shutil.which("clang++-22") or "clang++")
    ap.add_argument("--plugin", default=os.path.join(REPO, "build", "coropack.so"))
    ap.add_argument("--results", default="corofuzz-hostile-results")
    ap.add_argument("--seed-cache", default=None, help="default: RESULTS/seeds")
    ap.add_argument("--gen-seeds", default=None,
                    help="gen.py seeds used as seed programs (default 1,2,3; --quick: 1)")
    ap.add_argument("--gen-size", type=int, default=1)
    ap.add_argument("--no-llvm-tests", action="store_true")
    ap.add_argument("--broken", type=int, default=8, help="invalid mutants also fed to coro-pack")
    ap.add_argument("--reduce-time", type=float, default=30)
    ap.add_argument("--no-reduce", action="store_true")
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if a.gen_seeds is None:
        a.gen_seeds = "1" if a.quick else "1,2,3"
    a.gen_seeds = [int(x) for x in a.gen_seeds.split(",") if x.strip()]
    count = a.count if a.count is not None else (200 if a.quick else 1000)
    if a.quick:
        a.no_reduce = True if a.count is None else a.no_reduce
    a.plugin = os.path.abspath(a.plugin)
    os.makedirs(a.results, exist_ok=True)
    # the plugin is copied: rebuilding it during a run does no harm
    work = tempfile.mkdtemp(prefix="corofuzz-hostile-")
    plug = os.path.join(work, "coropack.so")
    shutil.copy(a.plugin, plug)
    a.plugin = plug
    seeds = Seeds(a, a.seed_cache or os.path.join(a.results, "seeds"))
    oracle = Oracle(a, work)
    st = dict(mutants=0, valid=0, invalid=0, llvm=0, packed=0, unchanged=0, crashes=0,
              failures=0, broken=0, nondet=0)
    t0 = time.time()
    nfail = 0
    try:
        i = -1
        while st["mutants"] < count:
            i += 1
            if a.time_limit and time.time() - t0 > a.time_limit:
                break
            rng = random.Random("%d:%d" % (a.seed, i))
            # a category first (test/ir, llvm, exec, gen), then a seed: the
            # 157 LLVM tests would otherwise crowd out the packable seeds
            cats = sorted({n.split("-", 1)[0] for n, _ in seeds.sources})
            cat = rng.choice(cats)
            name, how = rng.choice([x for x in seeds.sources if x[0].startswith(cat + "-")])
            variants = seeds.get(name, how)
            if not variants:
                continue
            kind, text = rng.choice(variants)
            mu = Mutator(rng, text.splitlines(), kind)
            mtext = mu.mutate(rng.randint(1, 4))
            st["mutants"] += 1
            status, detail, stats = oracle.check(mtext, kind)
            if a.verbose:
                print("%d %s/%s %s %s" % (i, name, kind, status, "; ".join(mu.applied)), file=sys.stderr)
            if status == "invalid":
                st["invalid"] += 1
                if st["broken"] < a.broken:
                    st["broken"] += 1
                    bs, bd = oracle.check_broken(mtext)
                    if bs == "crash":
                        status, detail = "crash", "non-verifying input crashed coro-pack:\n" + bd
                        st["crashes"] += 1
                if status == "invalid":
                    continue
            elif status == "llvm-crash":
                st["llvm"] += 1
                continue
            elif status == "llvm-nondet":
                st["valid"] += 1
                st["nondet"] += 1
                continue
            else:
                st["valid"] += 1
            if status == "ok":
                st["packed"] += stats[0]
                st["unchanged"] += stats[1]
                continue
            if status == "crash" and not detail.startswith("non-verifying"):
                st["crashes"] += 1
            elif status == "fail":
                st["failures"] += 1
            nfail += 1
            d = os.path.join(a.results, "fail-%d-%d" % (a.seed, i))
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "mutant.ll"), "w") as f:
                f.write(mtext)
            with open(os.path.join(d, "report.txt"), "w") as f:
                f.write("seed %s (%s), mutant %d of --seed %d: %s\nmutations:\n  %s\n\n%s\n"
                        % (name, kind, i, a.seed, status, "\n  ".join(mu.applied), detail))
            print("%s: %s (%s, %s): %s" % (status.upper(), d, name, kind,
                                           detail.strip().splitlines()[0] if detail.strip() else ""))
            if not a.no_reduce and not detail.startswith("non-verifying"):
                red = reduce(oracle, mtext, kind, status, a.reduce_time)
                with open(os.path.join(d, "reduced.ll"), "w") as f:
                    f.write(red)
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("corofuzz-hostile: %d mutants, %d valid, %d invalid, %d llvm-crashes, "
          "%d llvm-nondeterministic; coroutines: %d packed, %d unchanged; broken inputs: "
          "%d checked; crashes=%d failures=%d"
          % (st["mutants"], st["valid"], st["invalid"], st["llvm"], st["nondet"], st["packed"],
             st["unchanged"], st["broken"], st["crashes"], st["failures"]))
    return 1 if st["crashes"] or st["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
