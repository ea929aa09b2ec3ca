#!/usr/bin/env python3
"""corofuzz program generator: random, well-defined C++20 coroutine programs.

    gen.py --seed N > prog.cpp          # also writes prog.opaque.cpp next to it
    gen.py --seed N -o prog.cpp         # same, explicit
    gen.py --seed N --opaque-out o.cpp  # main TU on stdout, opaque TU to o.cpp

A program is two translation units:

  * the main TU (the one built with and without the plugin): a task type
    (lazy, symmetric transfer), the same task marked
    [[clang::coro_await_elidable]], a generator, a FIFO scheduler and a few
    awaiters, then N random coroutines and a main() that drives them;
  * the opaque TU (always built without the plugin): functions that checksum
    and mutate the bytes of objects whose address is passed to them, and a
    registry of "escaped" objects (Esc<T>) that other coroutines (and main)
    mutate while their owners are suspended.  op_reg aborts if two live
    registered objects overlap, op_align reports misaligned objects.

Everything computed is folded into checksums; every event (function entry,
return, throw, catch, ...) is printed in order.  Programs are UB free by
construction: every variable is initialized in its declaration (on the same
line, so that a line-deleting reducer cannot create uninitialized reads),
arithmetic is unsigned, indices are in range, calls form a DAG (f_i only
calls f_j with j > i) and the estimated work per coroutine is bounded.

Each statement is on its own line and each block opener ends with '{' so
that utils/corofuzz/fuzz.py can reduce programs line by line.  The shared
type definitions sit between "corofuzz: begin-fixed"/"end-fixed" markers
(they must stay identical to the opaque TU's copy).
"""

import argparse
import os
import random
import sys

SCALARS = ["uint8_t", "uint16_t", "uint32_t", "uint64_t"]
SCALAR_SIZE = {"uint8_t": 1, "uint16_t": 2, "uint32_t": 4, "uint64_t": 8}

FIXED_BEGIN = "// corofuzz: begin-fixed"
FIXED_END = "// corofuzz: end-fixed"


# ---------------------------------------------------------------------------
# Types shared by both translation units.

class Struct:
    def __init__(self, idx, fields, align):
        self.idx = idx
        self.name = "S%d" % idx
        self.fields = fields  # list of (name, scalar or None, count, nested Struct or None)
        self.align = align

    def decl(self):
        head = "struct "
        if self.align:
            head += "alignas(%d) " % self.align
        lines = [head + self.name + " {"]
        for fname, sc, cnt, nested in self.fields:
            if nested is not None:
                lines.append("  %s %s;" % (nested.name, fname))
            elif cnt:
                lines.append("  %s %s[%d];" % (sc, fname, cnt))
            else:
                lines.append("  %s %s;" % (sc, fname))
        lines.append("};")
        return lines

    def natural_align(self):
        a = 1
        for fname, sc, cnt, nested in self.fields:
            a = max(a, nested.alignment() if nested is not None else SCALAR_SIZE[sc])
        return a

    def alignment(self):
        return max(self.align or 1, self.natural_align())

    def paths(self):
        """(suffix, scalar, count) of every scalar (array) member, recursively."""
        out = []
        for fname, sc, cnt, nested in self.fields:
            if nested is not None:
                for suf, s2, c2 in nested.paths():
                    out.append(("." + fname + suf, s2, c2))
            else:
                out.append(("." + fname, sc, cnt))
        return out

    def touch_fn(self):
        """Opaque-TU function: checksum every member, then mutate it."""
        L = ["unsigned op_touch_%s(%s *p, unsigned salt) {" % (self.name, self.name),
             "  unsigned h = salt * 2654435761u + %du;" % (self.idx + 1),
             "  if ((uintptr_t)p %% alignof(%s) != 0) std::printf(\"\\nMISALIGNED %s\\n\");" % (self.name, self.name)]
        for k, (fname, sc, cnt, nested) in enumerate(self.fields):
            mul = 3 + 2 * k
            if nested is not None:
                L.append("  h = h * 31u + op_touch_%s(&p->%s, salt + %du);" % (nested.name, fname, k))
            elif cnt:
                L.append("  for (unsigned i = 0; i < %du; ++i) {" % cnt)
                L.append("    h = h * 31u + fold64((uint64_t)p->%s[i]);" % fname)
                L.append("    p->%s[i] = (%s)((uint64_t)p->%s[i] * %du + salt + i);" % (fname, sc, fname, mul))
                L.append("  }")
            else:
                L.append("  h = h * 31u + fold64((uint64_t)p->%s);" % fname)
                L.append("  p->%s = (%s)((uint64_t)p->%s * %du + salt);" % (fname, sc, fname, mul))
        L += ["  omix(h);", "  return h;", "}"]
        return L


# ---------------------------------------------------------------------------
# Fixed parts of the main TU.

PRELUDE_TOP = r"""#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <utility>
"""

OPAQUE_DECLS = r"""// Opaque functions: defined in the opaque TU, which is never built with the
// plugin, so the optimizer cannot see through them.
unsigned op_u(unsigned x);
unsigned op_bytes(void *p, unsigned n, unsigned salt);
unsigned op_align(const void *p, unsigned align);
void op_reg(void *p, unsigned kind);
void op_unreg(void *p);
unsigned op_touchk(void *p, unsigned kind, unsigned salt);
unsigned op_poke(unsigned salt);
unsigned op_live();
unsigned long long op_sum();
"""

# Esc<T, K>: an object whose address escapes into the opaque registry for its
# whole lifetime (op_poke mutates all of them, from anywhere).
ESC_DEF = r"""template <class T, unsigned K> struct Esc {
  T v;
  explicit Esc(unsigned salt) : v{} {
    op_reg(&v, K);
    op_touchk(&v, K, salt);
  }
  Esc(const Esc &) = delete;
  Esc &operator=(const Esc &) = delete;
  ~Esc() { op_unreg(&v); }
};
"""

RUNTIME = r"""static unsigned long long g_sum = 14695981039346656037ull;
static unsigned g_nev = 0;
static void mix(unsigned long long v) {
  g_sum ^= v;
  g_sum *= 1099511628211ull;
}
// Events are printed in order, 16 per line.
static void ev(unsigned id) {
  mix(id + 40503u);
  std::printf(g_nev % 16u == 15u ? "%u\n" : "%u ", id);
  ++g_nev;
}

struct Err {
  unsigned code;
};

// FIFO scheduler for awaits that really suspend.
struct Sched {
  std::coroutine_handle<> q[64];
  unsigned head = 0, tail = 0;
  void push(std::coroutine_handle<> h) {
    if (tail - head >= 64u) {
      std::printf("\nscheduler overflow\n");
      std::fflush(stdout);
      std::terminate();
    }
    q[tail++ % 64u] = h;
  }
  bool run_one() {
    if (head == tail) return false;
    std::coroutine_handle<> h = q[head++ % 64u];
    h.resume();
    return true;
  }
  void clear() { head = tail; }
} sched;

static void run_all() {
  while (sched.run_one()) {
  }
}

struct resched {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { sched.push(h); }
  void await_resume() const noexcept {}
};
// Suspends only when c is odd.
struct maybe {
  unsigned c;
  bool await_ready() const noexcept { return (c & 1u) == 0u; }
  void await_suspend(std::coroutine_handle<> h) { sched.push(h); }
  unsigned await_resume() const noexcept { return c * 3u + 1u; }
};
// bool await_suspend: resumes at once when c % 3 == 0.
struct bsusp {
  unsigned c;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    if (c % 3u == 0u) return false;
    sched.push(h);
    return true;
  }
  unsigned await_resume() { return op_u(c); }
};
// An awaiter with a payload that lives across its suspension.
struct fat {
  uint32_t d[8];
  explicit fat(unsigned s) : d{s, s + 1u, s * 3u, 4u, s ^ 5u, 6u, s + 7u, 8u} {}
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) {
    sched.push(h);
    return std::noop_coroutine();
  }
  unsigned await_resume() { return op_bytes(d, sizeof d, 5u); }
};
"""

TASK_TMPL = r"""// Lazy task, symmetric transfer to the awaiting coroutine at the end.
struct ATTR@NAME@ {
  struct promise_type {
    std::coroutine_handle<> cont;
    std::exception_ptr err;
    unsigned value = 0;
    @NAME@ get_return_object() { return @NAME@{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_aw {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        if (std::coroutine_handle<> c = h.promise().cont) return c;
        return std::noop_coroutine();
      }
      void await_resume() const noexcept {}
    };
    final_aw final_suspend() noexcept { return {}; }
    void return_value(unsigned v) { value = v; }
    void unhandled_exception() { err = std::current_exception(); }
  };
  std::coroutine_handle<promise_type> h;
  explicit @NAME@(std::coroutine_handle<promise_type> h) : h(h) {}
  @NAME@(@NAME@ &&o) noexcept : h(std::exchange(o.h, {})) {}
  @NAME@(const @NAME@ &) = delete;
  @NAME@ &operator=(const @NAME@ &) = delete;
  ~@NAME@() {
    if (h) h.destroy();
  }
  struct awaiter {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
      h.promise().cont = c;
      return h;
    }
    unsigned await_resume() {
      if (h.promise().err) std::rethrow_exception(h.promise().err);
      return h.promise().value;
    }
  };
  awaiter operator co_await() && noexcept { return awaiter{h}; }
};
"""

GEN_DEF = r"""// Generator; an exception escapes from next().
struct gen {
  struct promise_type {
    unsigned value = 0;
    gen get_return_object() { return gen{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(unsigned v) noexcept {
      value = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { throw; }
  };
  std::coroutine_handle<promise_type> h;
  explicit gen(std::coroutine_handle<promise_type> h) : h(h) {}
  gen(gen &&o) noexcept : h(std::exchange(o.h, {})) {}
  gen(const gen &) = delete;
  gen &operator=(const gen &) = delete;
  ~gen() {
    if (h) h.destroy();
  }
  bool next() {
    if (!h || h.done()) return false;
    h.resume();
    return !h.done();
  }
  unsigned get() const { return h.promise().value; }
};

template <class T> static void report(unsigned id, T &t) {
  if (!t.h.done()) {
    std::printf("\nroot %u: not done\n", id);
    mix(id);
    return;
  }
  if (t.h.promise().err) {
    try {
      std::rethrow_exception(t.h.promise().err);
    } catch (const Err &e) {
      std::printf("\nroot %u: threw %u\n", id, e.code);
      mix(e.code + 77u);
    }
    return;
  }
  std::printf("\nroot %u: %u\n", id, t.h.promise().value);
  mix(t.h.promise().value);
}
"""

OPAQUE_RUNTIME = r"""static unsigned long long s_sum = 0xcbf29ce484222325ull;
static unsigned s_calls = 0;
static void omix(unsigned long long v) {
  s_sum ^= v + s_calls++;
  s_sum *= 0x100000001b3ull;
}
static unsigned fold64(uint64_t v) { return (unsigned)v ^ (unsigned)(v >> 32); }

unsigned op_u(unsigned x) {
  x ^= x >> 13;
  x *= 0x5bd1e995u;
  x ^= x >> 15;
  omix(x);
  return x;
}

unsigned op_bytes(void *p, unsigned n, unsigned salt) {
  unsigned char *b = (unsigned char *)p;
  unsigned h = salt * 16777619u + n;
  for (unsigned i = 0; i < n; ++i) {
    h = (h ^ b[i]) * 16777619u;
    b[i] = (unsigned char)(b[i] * 5u + salt + i);
  }
  omix(h);
  return h;
}

unsigned op_align(const void *p, unsigned align) {
  unsigned ok = ((uintptr_t)p % align) == 0;
  if (!ok) std::printf("\nMISALIGNED object (alignment %u)\n", align);
  omix(ok + align);
  return ok;
}

struct RegEntry {
  unsigned char *p;
  unsigned kind;
};
static RegEntry s_reg[512];
static unsigned s_nreg = 0;

void op_reg(void *p, unsigned kind) {
  unsigned char *b = (unsigned char *)p;
  for (unsigned i = 0; i < s_nreg; ++i) {
    unsigned char *q = s_reg[i].p;
    if (b < q + kind_size(s_reg[i].kind) && q < b + kind_size(kind)) {
      std::printf("\nOVERLAP: two live escaped objects share bytes (kinds %u, %u)\n", s_reg[i].kind, kind);
      std::fflush(stdout);
      std::abort();
    }
  }
  if (s_nreg == 512) {
    std::printf("\nregistry overflow\n");
    std::fflush(stdout);
    std::abort();
  }
  s_reg[s_nreg].p = b;
  s_reg[s_nreg].kind = kind;
  ++s_nreg;
  omix(kind + 1000u);
}

void op_unreg(void *p) {
  for (unsigned i = s_nreg; i-- > 0;) {
    if (s_reg[i].p == (unsigned char *)p) {
      omix(s_reg[i].kind + 2000u);
      for (unsigned j = i; j + 1 < s_nreg; ++j) s_reg[j] = s_reg[j + 1];
      --s_nreg;
      return;
    }
  }
  std::printf("\nop_unreg: object was not registered\n");
  std::fflush(stdout);
  std::abort();
}

unsigned op_poke(unsigned salt) {
  unsigned h = salt + s_nreg;
  for (unsigned i = 0; i < s_nreg; ++i) h = h * 31u + op_touchk(s_reg[i].p, s_reg[i].kind, salt + i);
  omix(h);
  return h;
}

unsigned op_live() { return s_nreg; }
unsigned long long op_sum() { return s_sum; }
"""


# ---------------------------------------------------------------------------

class Var:
    def __init__(self, name, kind, scalar=None, n=0, st=None, private=False):
        self.private = private  # address never taken: only member/element accesses
        self.name = name
        self.kind = kind      # scalar | array | struct | esc
        self.scalar = scalar  # scalar / element type
        self.n = n            # array length
        self.st = st          # Struct for struct / esc

    def obj(self):
        """The object expression (for &, copies and members)."""
        return self.name + ".v" if self.kind == "esc" else self.name


class Fn:
    def __init__(self, idx, kind):
        self.idx = idx
        self.kind = kind  # task | etask | gen
        self.name = "f%d" % idx
        self.sparam = None  # Struct of the by-value struct parameter, if any
        self.cost = 0
        self.lines = []

    @property
    def rtype(self):
        return self.kind


class Gen:
    def __init__(self, seed, size=1.0):
        self.seed = seed
        self.rng = random.Random(seed)
        self.size = size
        self.evid = 0
        self.fns = []
        self.max_align = 16

    # -- helpers ------------------------------------------------------------
    def r(self, a, b):
        return self.rng.randint(a, b)

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)

    def wpick(self, table):
        tot = sum(w for _, w in table)
        x = self.rng.random() * tot
        for item, w in table:
            x -= w
            if x < 0:
                return item
        return table[-1][0]

    def new_ev(self):
        self.evid += 1
        return self.evid

    def k(self, a=1, b=97):
        return "%du" % self.r(a, b)

    # -- types --------------------------------------------------------------
    def gen_types(self):
        self.structs = []
        n = self.r(3, 7)
        for i in range(n):
            fields = []
            for f in range(self.r(1, 4)):
                fname = "f%d" % f
                if self.structs and self.chance(0.15):
                    fields.append((fname, None, 0, self.pick(self.structs)))
                    continue
                sc = self.pick(SCALARS)
                cnt = 0
                if self.chance(0.5):
                    cnt = self.wpick([(self.r(2, 6), 4), (self.r(7, 24), 3), (self.r(25, 64), 1)])
                fields.append((fname, sc, cnt, None))
            st = Struct(i, fields, None)
            align = self.wpick([(None, 5), (8, 1), (16, 2), (32, 2), (64, 2)])
            if align and align > st.natural_align():
                st.align = align
            self.structs.append(st)

    # -- expressions --------------------------------------------------------
    def simple_operands(self, ctx):
        ops = ["acc", "p0", "p1"] + ctx.loopvars
        ops += ["(unsigned)" + v.name for v in ctx.visible() if v.kind == "scalar"]
        return ops

    def simple(self, ctx):
        x = self.rng.random()
        if x < 0.15:
            return self.k(0, 1000)
        a = self.pick(self.simple_operands(ctx))
        if x < 0.5:
            return a
        b = self.pick(self.simple_operands(ctx))
        op = self.pick(["+", "^", "*"])
        if op == "*":
            return "(%s * %s + %s)" % (a, self.k(3, 99), b)
        return "(%s %s %s)" % (a, op, b)

    def memread(self, ctx):
        """A read of a memory object element (array element, struct member)."""
        objs = [v for v in ctx.visible() if v.kind in ("array", "struct", "esc")]
        if not objs:
            return None
        v = self.pick(objs)
        if v.kind == "array":
            if ctx.loopvars and self.chance(0.4):
                idx = "%s %% %du" % (self.pick(ctx.loopvars), v.n)
            else:
                idx = "%d" % self.r(0, v.n - 1)
            return "(unsigned)%s[%s]" % (v.name, idx)
        suf, sc, cnt = self.pick(v.st.paths())
        if cnt:
            suf += "[%d]" % self.r(0, cnt - 1)
        return "(unsigned)%s%s" % (v.obj(), suf)

    def pure(self, ctx):
        terms = []
        for _ in range(self.r(1, 3)):
            if self.chance(0.5):
                m = self.memread(ctx)
                terms.append(m if m else self.simple(ctx))
            else:
                terms.append(self.simple(ctx))
        e = terms[0]
        for t in terms[1:]:
            op = self.pick(["+", "^", "*", "-", ">>"])
            if op == ">>":
                e = "(%s ^ (%s >> %du))" % (e, t, self.r(1, 15))
            elif op == "*":
                e = "(%s * %s + %s)" % (e, self.k(3, 99), t)
            else:
                e = "(%s %s %s)" % (e, op, t)
        return e

    def cond(self, ctx, rare=False):
        if rare:
            n = self.r(4, 9)
            return "(%s) %% %du == %du" % (self.simple(ctx), n, self.r(0, n - 1))
        x = self.rng.random()
        if x < 0.4:
            n = self.r(2, 5)
            return "(%s) %% %du < %du" % (self.simple(ctx), n, self.r(1, n - 1))
        if x < 0.7:
            return "(op_u(%s) & %du) != 0u" % (self.simple(ctx), self.pick([1, 2, 4, 8]))
        m = self.memread(ctx)
        if m:
            return "(%s & 1u) == 0u" % m
        return "(%s & 3u) != 0u" % self.simple(ctx)

    # -- statements ---------------------------------------------------------
    def emit(self, ctx, line):
        ctx.fn.lines.append("  " * ctx.indent + line)

    def decl(self, ctx):
        name = "v%d" % ctx.nvar
        ctx.nvar += 1
        kind = self.wpick([("scalar", 4), ("array", 3), ("struct", 3), ("esc", 2)])
        # A private object never has its address taken (only element and
        # member accesses, copies): at -O0 it is still a frame slot with a
        # precise liveness, at -O1+ it may be split into SSA values.
        private = kind != "esc" and self.chance(0.5)
        if kind == "scalar":
            sc = self.pick(SCALARS)
            self.emit(ctx, "%s %s = (%s)(%s);" % (sc, name, sc, self.pure(ctx)))
            v = Var(name, "scalar", scalar=sc, private=private)
        elif kind == "array":
            sc = self.pick(SCALARS)
            n = self.wpick([(self.r(1, 4), 2), (self.r(5, 16), 4), (self.r(17, 48), 2), (self.r(49, 200), 1)])
            al = ""
            if self.chance(0.25):
                a = self.pick([16, 32, 64])
                al = "alignas(%d) " % a
                self.max_align = max(self.max_align, a)
            if self.chance(0.4):
                init = "{}"
            else:
                hi = 250 if sc == "uint8_t" else 60000
                init = "{" + ", ".join(self.k(0, hi) for _ in range(self.r(1, min(n, 6)))) + "}"
            self.emit(ctx, "%s%s %s[%d] = %s;" % (al, sc, name, n, init))
            v = Var(name, "array", scalar=sc, n=n, private=private)
        elif kind == "struct":
            st = self.pick(self.structs)
            self.emit(ctx, "%s %s{};" % (st.name, name))
            v = Var(name, "struct", st=st, private=private)
        else:
            st = self.pick(self.structs)
            self.emit(ctx, "Esc<%s, %du> %s{%s};" % (st.name, st.idx, name, self.k(1, 500)))
            v = Var(name, "esc", st=st)
        ctx.scopes[-1].append(v)
        ctx.cost += 1
        # Usually give it content right away.
        if v.kind in ("array", "struct"):
            if not v.private and self.chance(0.6):
                self.touch(ctx, v)
            elif v.private:
                for _ in range(self.r(0, 2)):
                    self.mutate_var(ctx, v)
        return v

    def touch(self, ctx, v):
        s = self.k(1, 200)
        if v.kind == "array" or v.kind == "scalar":
            self.emit(ctx, "acc = acc * 31u + op_bytes(&%s, sizeof %s, %s);" % (v.name, v.name, s))
        else:
            self.emit(ctx, "acc = acc * 31u + op_touch_%s(&%s, %s);" % (v.st.name, v.obj(), s))
        ctx.cost += 1

    def fold(self, ctx, v):
        """A use of the whole object (keeps it live up to here)."""
        if v.kind == "scalar":
            self.emit(ctx, "acc = acc * 31u + (unsigned)%s;" % v.name)
        elif not v.private:
            self.touch(ctx, v)
        elif v.kind == "array":
            j = "j%d" % ctx.nvar
            ctx.nvar += 1
            self.emit(ctx, "for (unsigned %s = 0; %s < %du; ++%s) acc = acc * 31u + (unsigned)%s[%s];" %
                      (j, j, v.n, j, v.name, j))
            ctx.cost += 1
        else:
            for suf, sc, cnt in v.st.paths():
                if cnt:
                    suf += "[%d]" % self.r(0, cnt - 1)
                self.emit(ctx, "acc = acc * 31u + (unsigned)%s%s;" % (v.obj(), suf))
            ctx.cost += 1

    def mutate(self, ctx):
        vs = ctx.visible()
        if not vs:
            return False
        self.mutate_var(ctx, self.pick(vs))
        return True

    def mutate_var(self, ctx, v):
        if v.kind == "scalar":
            self.emit(ctx, "%s = (%s)((unsigned)%s * %s + %s);" % (v.name, v.scalar, v.name, self.k(3, 99), self.pure(ctx)))
        elif v.kind == "array":
            if ctx.loopvars and self.chance(0.4):
                idx = "%s %% %du" % (self.pick(ctx.loopvars), v.n)
            else:
                idx = "%d" % self.r(0, v.n - 1)
            self.emit(ctx, "%s[%s] = (%s)((uint64_t)%s[%s] * %s + %s);" % (v.name, idx, v.scalar, v.name, idx, self.k(3, 99), self.pure(ctx)))
        else:
            # whole-struct copy from another object of the same type, or a member
            same = [w for w in ctx.visible() if w is not v and w.kind in ("struct", "esc") and w.st is v.st]
            if same and self.chance(0.35):
                w = self.pick(same)
                self.emit(ctx, "%s = %s;" % (v.obj(), w.obj()))
            else:
                suf, sc, cnt = self.pick(v.st.paths())
                if cnt:
                    suf += "[%d]" % self.r(0, cnt - 1)
                lhs = v.obj() + suf
                self.emit(ctx, "%s = (%s)((uint64_t)%s * %s + %s);" % (lhs, sc, lhs, self.k(3, 99), self.pure(ctx)))
        ctx.cost += 1

    def opaque_call(self, ctx):
        x = self.rng.random()
        objs = [v for v in ctx.visible() if not v.private]
        if x < 0.3 or not objs:
            self.emit(ctx, "acc ^= op_u(%s);" % self.pure(ctx))
        elif x < 0.75:
            self.touch(ctx, self.pick(objs))
        elif x < 0.85:
            v = self.pick(objs)
            self.emit(ctx, "acc += op_align(&%s, alignof(decltype(%s)));" % (v.obj(), v.obj()))
        else:
            self.emit(ctx, "acc = acc * 31u + op_poke(%s);" % self.k(1, 300))
        ctx.cost += 1

    def call_args(self, ctx, f):
        args = [self.pure(ctx), self.simple(ctx)]
        if f.sparam is not None:
            same = [v for v in ctx.visible() if v.kind in ("struct", "esc") and v.st is f.sparam]
            if same and self.chance(0.7):
                args.append(self.pick(same).obj())
            else:
                args.append("%s{}" % f.sparam.name)
        return "%s(%s)" % (f.name, ", ".join(args))

    def children(self, ctx, kinds):
        lim = ctx.budget - ctx.cost
        return [f for f in self.fns if f.idx > ctx.fn.idx and f.kind in kinds and f.cost * ctx.mult <= lim]

    def suspend(self, ctx):
        x = self.rng.random()
        ctx.cost += 1
        if x < 0.35:
            self.emit(ctx, "co_await resched{};")
        elif x < 0.6:
            self.emit(ctx, "acc += co_await maybe{%s};" % self.simple(ctx))
        elif x < 0.8:
            self.emit(ctx, "acc ^= co_await bsusp{%s};" % self.simple(ctx))
        else:
            self.emit(ctx, "acc = acc * 31u + co_await fat{%s};" % self.simple(ctx))

    def await_child(self, ctx):
        # etasks prefer etasks (nested elidable chains)
        kinds = ("etask",) if ctx.fn.kind == "etask" and self.chance(0.7) else ("task", "etask")
        cands = self.children(ctx, kinds)
        if not cands:
            return False
        f = self.pick(cands)
        ctx.cost += f.cost * ctx.mult + 1
        self.emit(ctx, "acc = acc * 31u + co_await %s;" % self.call_args(ctx, f))
        return True

    def deferred(self, ctx):
        cands = self.children(ctx, ("task", "etask"))
        if not cands:
            return False
        f = self.pick(cands)
        t = "t%d" % ctx.nvar
        ctx.nvar += 1
        self.emit(ctx, "{")
        ctx.indent += 1
        ctx.scopes.append([])
        self.emit(ctx, "%s %s = %s;" % (f.kind, t, self.call_args(ctx, f)))
        self.block_body(ctx, self.r(1, 3))
        self.emit(ctx, "if (%s) {" % self.cond(ctx))
        ctx.indent += 1
        ctx.cost += f.cost * ctx.mult + 1
        self.emit(ctx, "acc = acc * 31u + co_await std::move(%s);" % t)
        ctx.indent -= 1
        self.emit(ctx, "}")
        self.close_scope(ctx)
        ctx.indent -= 1
        self.emit(ctx, "}")
        return True

    def consume_gen(self, ctx):
        cands = self.children(ctx, ("gen",))
        if not cands:
            return False
        f = self.pick(cands)
        g = "g%d" % ctx.nvar
        n = "n%d" % ctx.nvar
        ctx.nvar += 1
        lim = self.r(1, 6)
        self.emit(ctx, "{")
        ctx.indent += 1
        ctx.scopes.append([])
        self.emit(ctx, "gen %s = %s;" % (g, self.call_args(ctx, f)))
        self.emit(ctx, "for (unsigned %s = 0; %s < %du && %s.next(); ++%s) {" % (n, n, lim, g, n))
        ctx.indent += 1
        ctx.cost += f.cost * ctx.mult + 1
        self.emit(ctx, "acc = acc * 31u + %s.get();" % g)
        old = ctx.mult
        ctx.mult *= lim
        ctx.loopvars.append(n)
        ctx.scopes.append([])
        self.block_body(ctx, self.r(0, 2))
        self.close_scope(ctx)
        ctx.loopvars.pop()
        ctx.mult = old
        ctx.indent -= 1
        self.emit(ctx, "}")
        self.close_scope(ctx)
        ctx.indent -= 1
        self.emit(ctx, "}")
        return True

    def close_scope(self, ctx):
        vs = ctx.scopes.pop()
        for v in vs:
            if self.chance(0.5):
                self.fold(ctx, v)

    def sub_block(self, ctx, n, loopvar=None, mult=1, catch=False):
        old_mult, old_catch = ctx.mult, ctx.in_catch
        ctx.mult *= mult
        ctx.in_catch = ctx.in_catch or catch
        ctx.indent += 1
        ctx.depth += 1
        if loopvar:
            ctx.loopvars.append(loopvar)
        ctx.scopes.append([])
        self.block_body(ctx, n)
        self.close_scope(ctx)
        if loopvar:
            ctx.loopvars.pop()
        ctx.depth -= 1
        ctx.indent -= 1
        ctx.mult, ctx.in_catch = old_mult, old_catch

    def ret_expr(self, ctx):
        return "acc ^ %s" % self.simple(ctx)

    def early_return(self, ctx):
        self.emit(ctx, "if (%s) {" % self.cond(ctx, rare=True))
        ctx.indent += 1
        self.emit(ctx, "ev(%du);" % self.new_ev())
        if ctx.fn.kind == "gen":
            self.emit(ctx, "co_return;")
        else:
            self.emit(ctx, "co_return %s;" % self.ret_expr(ctx))
        ctx.indent -= 1
        self.emit(ctx, "}")

    def throw(self, ctx):
        self.emit(ctx, "if (%s) {" % self.cond(ctx, rare=True))
        ctx.indent += 1
        self.emit(ctx, "ev(%du);" % self.new_ev())
        self.emit(ctx, "throw Err{%s};" % self.simple(ctx))
        ctx.indent -= 1
        self.emit(ctx, "}")

    def statement(self, ctx):
        can_susp = not ctx.in_catch
        is_gen = ctx.fn.kind == "gen"
        deep = ctx.depth >= 3
        over = ctx.cost >= ctx.budget
        table = [("decl", 16), ("acc", 8), ("opaque", 10), ("mutate", 9), ("ev", 3)]
        if can_susp and not is_gen:
            table += [("suspend", 12), ("await", 11), ("deferred", 3)]
        if can_susp and is_gen:
            table += [("yield", 14)]
        if can_susp:
            table += [("consume", 5)]
        if not deep and not over:
            table += [("if", 6), ("loop", 5), ("block", 8)]
            if not ctx.in_catch:
                table += [("try", 4)]
        table += [("throw", 2), ("return", 1.5)]
        what = self.wpick(table)
        if what == "decl":
            self.decl(ctx)
        elif what == "acc":
            self.emit(ctx, "acc = acc * %s + %s;" % (self.k(3, 99), self.pure(ctx)))
            ctx.cost += 1
        elif what == "opaque":
            self.opaque_call(ctx)
        elif what == "mutate":
            if not self.mutate(ctx):
                self.decl(ctx)
        elif what == "ev":
            self.emit(ctx, "ev(%du);" % self.new_ev())
            ctx.cost += 1
        elif what == "suspend":
            self.suspend(ctx)
        elif what == "await":
            if not self.await_child(ctx):
                self.suspend(ctx)
        elif what == "deferred":
            if not self.deferred(ctx):
                self.suspend(ctx)
        elif what == "yield":
            self.emit(ctx, "co_yield %s;" % self.pure(ctx))
            ctx.cost += 1
        elif what == "consume":
            if not self.consume_gen(ctx):
                self.decl(ctx)
        elif what == "if":
            self.emit(ctx, "if (%s) {" % self.cond(ctx))
            self.sub_block(ctx, self.r(1, 3))
            if self.chance(0.5):
                self.emit(ctx, "} else {")
                self.sub_block(ctx, self.r(1, 3))
            self.emit(ctx, "}")
        elif what == "loop":
            i = "i%d" % ctx.nvar
            ctx.nvar += 1
            n = self.r(1, 4)
            self.emit(ctx, "for (unsigned %s = 0; %s < %du; ++%s) {" % (i, i, n, i))
            self.sub_block(ctx, self.r(1, 4), loopvar=i, mult=n)
            self.emit(ctx, "}")
        elif what == "block":
            self.emit(ctx, "{")
            self.sub_block(ctx, self.r(2, 5))
            self.emit(ctx, "}")
        elif what == "try":
            self.emit(ctx, "try {")
            self.sub_block(ctx, self.r(2, 5))
            self.emit(ctx, "} catch (const Err &e) {")
            ctx.indent += 1
            self.emit(ctx, "ev(%du);" % self.new_ev())
            self.emit(ctx, "acc = acc * 31u + e.code;")
            ctx.indent -= 1
            self.sub_block(ctx, self.r(0, 2), catch=True)
            self.emit(ctx, "}")
        elif what == "throw":
            self.throw(ctx)
        elif what == "return":
            self.early_return(ctx)

    def block_body(self, ctx, n):
        for _ in range(n):
            self.statement(ctx)

    # -- functions ----------------------------------------------------------
    def gen_fn(self, f):
        ctx = Ctx(f, budget=self.r(40, int(300 * self.size)))
        params = "unsigned p0, unsigned p1"
        if f.sparam is not None:
            params += ", %s p2" % f.sparam.name
        f.lines.append("%s %s(%s) {" % (f.kind, f.name, params))
        ctx.indent = 1
        self.emit(ctx, "unsigned acc = p0 * 2654435761u + p1;")
        self.emit(ctx, "ev(%du);" % self.new_ev())
        if f.sparam is not None:
            ctx.scopes[-1].append(Var("p2", "struct", st=f.sparam))
        n = self.r(3, int(12 * self.size))
        self.block_body(ctx, n)
        # Keep a few of the function-scope objects alive to the end.
        for v in ctx.scopes[-1]:
            if self.chance(0.6):
                self.fold(ctx, v)
        self.emit(ctx, "ev(%du);" % self.new_ev())
        if f.kind == "gen":
            self.emit(ctx, "co_yield acc;")
        else:
            self.emit(ctx, "co_return acc;")
        f.lines.append("}")
        f.cost = ctx.cost + 2

    def generate(self):
        self.gen_types()
        nf = self.r(4, max(5, int(10 * self.size)))
        kinds = []
        for i in range(nf):
            if i < 2:
                kinds.append(self.pick(["task", "etask"]))
            else:
                kinds.append(self.wpick([("task", 35), ("etask", 35), ("gen", 30)]))
        self.fns = []
        for i in reversed(range(nf)):
            f = Fn(i, kinds[i])
            if self.chance(0.2):
                f.sparam = self.pick(self.structs)
            self.gen_fn(f)
            self.fns.append(f)
        self.fns.sort(key=lambda f: f.idx)
        # Without -fcoro-aligned-allocation, clang allocates coroutine frames
        # with plain operator new (16-byte aligned) and does not realign
        # over-aligned locals and parameter copies in them (measured with
        # clang 22 at -O0): programs with such objects need it.  Others get
        # it half of the time (the plugin must handle both allocators).
        self.max_align = max([self.max_align] + [st.alignment() for st in self.structs])
        flags = []
        if self.max_align > 16 or self.chance(0.5):
            flags.append("-fcoro-aligned-allocation")
        if self.chance(0.35):
            flags.append("-mllvm -coro-elide-branch-ratio=0")
        self.flags = " ".join(flags)

    # -- main ---------------------------------------------------------------
    def main_fn(self):
        L = ["int main() {", '  std::printf("corofuzz seed %d\\n");' % self.seed]
        tasks = [f for f in self.fns if f.kind != "gen"]
        gens = [f for f in self.fns if f.kind == "gen"]

        def args(f):
            a = [self.k(0, 999), self.k(0, 999)]
            if f.sparam is not None:
                a.append("%s{}" % f.sparam.name)
            return ", ".join(a)

        # Phase A: several roots interleaved through the scheduler.
        roots = [tasks[0]] + [self.pick(tasks) for _ in range(self.r(0, 2))]
        L.append("  {")
        for i, f in enumerate(roots):
            L.append("    %s r%d = %s(%s);" % (f.kind, i, f.name, args(f)))
        for i in range(len(roots)):
            L.append("    sched.push(r%d.h);" % i)
        L.append("    run_all();")
        for i in range(len(roots)):
            L.append("    report(%du, r%d);" % (i, i))
        L.append("  }")
        L.append('  std::printf("\\nphase A %016llx live %u\\n", g_sum, op_live());')
        # Phase B: roots destroyed while suspended after a few steps.
        for b in range(self.r(1, 2)):
            f = self.pick(tasks[:2]) if len(tasks) > 1 else tasks[0]
            steps = sorted(set(self.r(1, 14) for _ in range(self.r(2, 5))))
            L.append("  for (unsigned steps : {%s}) {" % ", ".join("%du" % s for s in steps))
            L.append("    %s r = %s(steps, %s);" % (f.kind, f.name, args(f).split(", ", 1)[1]))
            L.append("    sched.push(r.h);")
            L.append("    for (unsigned k = 0; k < steps; ++k) sched.run_one();")
            L.append('    std::printf("\\npartial %u done %d live %u\\n", steps, (int)r.h.done(), op_live());')
            L.append("    mix(op_poke(steps));")
            L.append("    if (r.h.done()) {")
            L.append("      report(100u + steps, r);")
            L.append("    } else {")
            L.append("      sched.clear();")
            L.append("    }")
            L.append("  }")
        L.append('  std::printf("\\nphase B %016llx live %u\\n", g_sum, op_live());')
        # A root that is never started.
        f = self.pick(tasks)
        L.append("  {")
        L.append("    %s never = %s(%s);" % (f.kind, f.name, args(f)))
        L.append("  }")
        # Generators pulled from main (some abandoned early).
        for f in gens[: self.r(0, 2)]:
            L.append("  try {")
            L.append("    gen g = %s(%s);" % (f.name, args(f)))
            L.append("    for (unsigned n = 0; n < %du && g.next(); ++n) {" % self.r(1, 8))
            L.append('      std::printf("\\ngen %s: %%u\\n", g.get());' % f.name)
            L.append("      mix(g.get());")
            L.append("    }")
            L.append("  } catch (const Err &e) {")
            L.append('    std::printf("\\ngen %s threw %%u\\n", e.code);' % f.name)
            L.append("    mix(e.code);")
            L.append("  }")
        L.append('  std::printf("\\nchecksum %016llx %016llx events %u live %u\\n", g_sum, op_sum(), g_nev, op_live());')
        L.append("  return 0;")
        L.append("}")
        return L

    # -- output -------------------------------------------------------------
    def types_lines(self):
        L = [FIXED_BEGIN, "// Types shared with the opaque TU."]
        for st in self.structs:
            L += st.decl()
        L.append(FIXED_END)
        return L

    def main_tu(self):
        L = ["// corofuzz seed %d (utils/corofuzz/gen.py); opaque TU in the .opaque.cpp sibling" % self.seed]
        L.append("// corofuzz-flags: %s" % self.flags)
        L += PRELUDE_TOP.splitlines()
        L.append("")
        L += self.types_lines()
        L.append("")
        L += OPAQUE_DECLS.splitlines()
        for st in self.structs:
            L.append("unsigned op_touch_%s(%s *p, unsigned salt); // @%s" % (st.name, st.name, st.name))
        L.append("")
        L += ESC_DEF.splitlines()
        L += RUNTIME.splitlines()
        L += TASK_TMPL.replace("ATTR", "").replace("@NAME@", "task").splitlines()
        L += TASK_TMPL.replace("ATTR", "[[clang::coro_await_elidable]] ").replace("@NAME@", "etask").splitlines()
        L += GEN_DEF.splitlines()
        L.append("")
        L.append("// ---- generated coroutines (f_i only calls f_j, j > i) ----")
        for f in sorted(self.fns, key=lambda f: -f.idx):
            L += f.lines
            L.append("")
        L += self.main_fn()
        return "\n".join(L) + "\n"

    def opaque_tu(self):
        L = ["// corofuzz seed %d: opaque helpers (never built with the plugin)" % self.seed,
             "#include <cstdint>", "#include <cstdio>", "#include <cstdlib>", ""]
        L += self.types_lines()
        L.append("")
        # One line per type, tagged, so that the reducer can drop a type.
        L.append("static unsigned kind_size(unsigned kind) {")
        L.append("  switch (kind) {")
        for st in self.structs:
            L.append("  case %du: return sizeof(%s); // @%s" % (st.idx, st.name, st.name))
        L.append("  }")
        L.append("  return 1;")
        L.append("}")
        L.append("unsigned op_touchk(void *p, unsigned kind, unsigned salt);")
        L += OPAQUE_RUNTIME.splitlines()
        L.append("")
        for st in self.structs:
            L += st.touch_fn()
            L.append("")
        L.append("unsigned op_touchk(void *p, unsigned kind, unsigned salt) {")
        L.append("  switch (kind) {")
        for st in self.structs:
            L.append("  case %du: return op_touch_%s((%s *)p, salt); // @%s" % (st.idx, st.name, st.name, st.name))
        L.append("  }")
        L.append('  std::printf("\\nbad kind %u\\n", kind);')
        L.append("  std::abort();")
        L.append("}")
        return "\n".join(L) + "\n"


class Ctx:
    def __init__(self, fn, budget):
        self.fn = fn
        self.budget = budget
        self.cost = 0
        self.mult = 1
        self.indent = 0
        self.depth = 0
        self.in_catch = False
        self.loopvars = []
        self.scopes = [[]]
        self.nvar = 0

    def visible(self):
        return [v for s in self.scopes for v in s]


def generate(seed, size=1.0):
    g = Gen(seed, size)
    g.generate()
    return g.main_tu(), g.opaque_tu(), g.flags


def opaque_path_for(main_path):
    base = main_path[:-4] if main_path.endswith(".cpp") else main_path
    return base + ".opaque.cpp"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--size", type=float, default=1.0,
                   help="scale of the program (functions, statements, work)")
    p.add_argument("-o", "--output", help="write the main TU here and the opaque "
                   "TU to its .opaque.cpp sibling (default: main TU on stdout)")
    p.add_argument("--opaque-out", help="where to write the opaque TU (default: "
                   "the .opaque.cpp sibling of -o, or of stdout when it is a "
                   "regular file)")
    p.add_argument("--print-flags", action="store_true",
                   help="print only the extra compiler flags of this seed")
    a = p.parse_args(argv)
    main_tu, opaque_tu, flags = generate(a.seed, a.size)
    if a.print_flags:
        print(flags)
        return 0
    opaque_out = a.opaque_out
    if a.output:
        with open(a.output, "w") as fh:
            fh.write(main_tu)
        if not opaque_out:
            opaque_out = opaque_path_for(a.output)
    else:
        if not opaque_out:
            # `gen.py --seed N > prog.cpp`: put the opaque TU next to prog.cpp.
            try:
                target = os.readlink("/proc/self/fd/1")
            except OSError:
                target = ""
            if target.startswith("/") and os.path.isfile(target):
                opaque_out = opaque_path_for(target)
            else:
                print("gen.py: stdout is not a file; the opaque TU is not "
                      "written (use -o or --opaque-out)", file=sys.stderr)
        sys.stdout.write(main_tu)
        sys.stdout.flush()
    if opaque_out:
        with open(opaque_out, "w") as fh:
            fh.write(opaque_tu)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
