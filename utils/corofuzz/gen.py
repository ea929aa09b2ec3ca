#!/usr/bin/env python3
"""corofuzz program generator: random, well-defined C++20 coroutine programs.

    gen.py --seed N > prog.cpp          # also writes prog.opaque.cpp next to it
    gen.py --seed N -o prog.cpp         # same, explicit
    gen.py --seed N --opaque-out o.cpp  # main TU on stdout, opaque TU to o.cpp
    gen.py --classic --seed N ...       # the programs of the generator before
                                        # the library shapes, byte for byte

A program is two translation units:

  * the main TU (the one built with and without the plugin): a task type
    (lazy, symmetric transfer), the same task marked
    [[clang::coro_await_elidable]], a generator, a FIFO scheduler and a few
    awaiters, then N random coroutines and a main() that drives them;
    also (not with --classic) the shapes of real task and generator
    libraries: tasks whose operator co_await returns an awaiter holding a
    copy of the handle, tasks that are their own awaiter, eager tasks,
    reference-counted shared tasks, generators with iterators,
    fire-and-forget coroutines and sync_wait; named owners awaited as
    lvalues, moved, reassigned, in members, arrays, std::optional and
    std::vector, children started before they are awaited (when_all);
    every promise checks its own bytes (Guard) and aborts with "frame
    corrupted" (utils/corofuzz/README.md, "Library shapes");
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

# The end of a task promise: symmetric transfer to the awaiting coroutine at
# final suspend, a value, the exception kept (TASK_TMPL and lib_task).
TASK_PROMISE_TAIL = r"""    struct final_aw {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        if (std::coroutine_handle<> c = h.promise().cont) return c;
        return std::noop_coroutine();
      }
      void await_resume() const noexcept {}
    };
    final_aw final_suspend() noexcept { return {}; }
    void return_value(unsigned v) { value = v; }
    void unhandled_exception() { err = std::current_exception(); }"""

TASK_TMPL = r"""// Lazy task, symmetric transfer to the awaiting coroutine at the end.
struct ATTR@NAME@ {
  struct promise_type {
    std::coroutine_handle<> cont;
    std::exception_ptr err;
    unsigned value = 0;
    @NAME@ get_return_object() { return @NAME@{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
@TASK_PROMISE_TAIL@
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
""".replace("@TASK_PROMISE_TAIL@", TASK_PROMISE_TAIL)

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
# Library shapes (default mode; --classic leaves all of this out).  The task,
# generator and driver types below copy what real coroutine libraries do
# (cppcoro, folly::coro, libcoro, async_simple): awaiters holding a copy of
# the handle, tasks awaited as lvalues and kept in named variables, members,
# arrays, std::optional and std::vector, tasks started before they are
# awaited (when_all), reference-counted shared tasks, generators whose
# promise points at the yielded object, sync_wait and fire-and-forget.
# Every promise has a Guard whose bytes are checked when the promise dies and
# when its result is read: bytes of a child frame that something else wrote
# abort the program with "frame corrupted".

LIB_INCLUDES = r"""#include <cstdlib>
"""

LIB_OPAQUE_DECLS = r"""void op_fill(void *p, unsigned n, unsigned salt);
unsigned op_check(const void *p, unsigned n, unsigned salt);
"""

GUARD_DEF = r"""// A promise member that checks its own bytes when it dies and whenever a
// result is read.  Word 0 is the frame's serial number: the owner keeps a
// copy and checks it when it reads a result.  The others follow from it;
// the destructor clears word 1 after its check, so a promise destroyed twice
// (a frame of the same type laid over it and destroyed first) fails too.
// Volatile, so that the optimizer can neither fold the checks away nor drop
// the last store.  Checked out of line, and task destructors stay as small
// as real ones: a destructor that is not inlined keeps the task in memory,
// and CoroElide only puts a child frame in its caller when the handle is a
// register, and only when its walk from the child's creation to its
// destructions meets few enough blocks.
static unsigned g_serial = 0;
[[noreturn]] __attribute__((noinline, cold)) static void guard_fail(const char *what, unsigned i, unsigned v, unsigned want) noexcept {
  std::printf("\nframe corrupted: guard word %u is %08x, not %08x (%s)\n", i, v, want, what);
  std::fflush(stdout);
  std::abort();
}
struct Guard {
  volatile uint32_t w[8];
  Guard() {
    unsigned s = ++g_serial;
    w[0] = s;
    for (unsigned i = 1; i < 8u; ++i) w[i] = (s + i) * 0x9e3779b9u;
  }
  Guard(const Guard &) = delete;
  Guard &operator=(const Guard &) = delete;
  unsigned serial() const noexcept { return w[0]; }
  void check(const char *what, unsigned serial = 0u) const noexcept;
  ~Guard() {
    check("promise destroyed");
    w[1] = 0u;
  }
};
__attribute__((noinline)) void Guard::check(const char *what, unsigned serial) const noexcept {
  unsigned s = w[0];
  if (serial != 0u && s != serial) guard_fail(what, 0u, s, serial);
  for (unsigned i = 1; i < 8u; ++i) {
    unsigned v = w[i];
    if (v != (s + i) * 0x9e3779b9u) guard_fail(what, i, v, (s + i) * 0x9e3779b9u);
  }
}
"""

# @NAME@, @INIT@ (suspend_always: lazy, suspend_never: eager), @STARTED@ and
# @AWAIT@ (a separate awaiter holding a copy of the handle, or the task is
# its own awaiter).
LTASK_TMPL = r"""// @DOC@
struct @NAME@ {
  struct promise_type {
    Guard guard;
    std::coroutine_handle<> cont;
    std::exception_ptr err;
    unsigned value = 0;
    bool started = @STARTED@;
    // checked before the other members die (a corrupted exception_ptr
    // would crash first)
    ~promise_type() { guard.check("@NAME@ promise destroyed"); }
    @NAME@ get_return_object() { return @NAME@{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    @INIT@ initial_suspend() noexcept { return {}; }
@TASK_PROMISE_TAIL@
  };
  std::coroutine_handle<promise_type> h;
  unsigned id;  // serial of the frame it owns
  explicit @NAME@(std::coroutine_handle<promise_type> h) : h(h), id(h.promise().guard.serial()) {}
  @NAME@(@NAME@ &&o) noexcept : h(std::exchange(o.h, {})), id(o.id) {}
  @NAME@ &operator=(@NAME@ &&o) noexcept {
    if (this != &o) {
      if (h) h.destroy();
      h = std::exchange(o.h, {});
      id = o.id;
    }
    return *this;
  }
  ~@NAME@() {
    if (h) h.destroy();
  }
  // The members below only pass the handle on, never the task's address:
  // a task whose address escapes stays in memory, and CoroElide only puts a
  // child frame in its caller when the handle is a register.
  static unsigned get(std::coroutine_handle<promise_type> h, unsigned id) {
    h.promise().guard.check("@NAME@ result", id);
    if (h.promise().err) std::rethrow_exception(h.promise().err);
    return h.promise().value;
  }
  static void start_h(std::coroutine_handle<promise_type> h) {
    if (h.promise().started) return;
    h.promise().started = true;
    h.resume();
  }
  // when_all: run the task up to its first suspension now; it must be
  // awaited (ready()) before its owner dies.
  void start() const { start_h(h); }
  unsigned result() const { return get(h, id); }
  static std::coroutine_handle<> enter(std::coroutine_handle<promise_type> h, std::coroutine_handle<> c) noexcept {
    h.promise().cont = c;
    if (h.promise().started) return std::noop_coroutine();
    h.promise().started = true;
    return h;
  }
  // when_ready: waits, does not rethrow (result() does).
  struct ready_aw {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return h.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept { return enter(h, c); }
    void await_resume() const noexcept {}
  };
  ready_aw ready() const noexcept { return ready_aw{h}; }
@AWAIT@};
"""

LTASK_SEPARATE = r"""  // operator co_await returns an awaiter holding a copy of the handle.
  struct awaiter {
    std::coroutine_handle<promise_type> h;
    unsigned id;
    bool await_ready() const noexcept { return h.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept { return enter(h, c); }
    unsigned await_resume() { return get(h, id); }
  };
  awaiter operator co_await() & noexcept { return awaiter{h, id}; }
  awaiter operator co_await() && noexcept { return awaiter{h, id}; }
"""

LTASK_OWN = r"""  // The task is its own awaiter.
  bool await_ready() const noexcept { return h.done(); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept { return enter(h, c); }
  unsigned await_resume() { return result(); }
"""

SHTASK_DEF = r"""// Shared task: reference counted, any number of awaiters, the first one
// starts it; the waiter nodes live in the awaiters, in the frames of the
// awaiting coroutines; the last reference destroys the frame.
struct sh_waiter {
  std::coroutine_handle<> h;
  sh_waiter *next;
};
struct shtask {
  struct promise_type {
    Guard guard;
    unsigned refs = 1;
    bool started = false;
    unsigned value = 0;
    std::exception_ptr err;
    sh_waiter *waiters = nullptr;
    ~promise_type() { guard.check("shtask promise destroyed"); }
    shtask get_return_object() { return shtask{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_aw {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        sh_waiter *w = std::exchange(h.promise().waiters, nullptr);
        if (!w) return std::noop_coroutine();
        for (sh_waiter *o = w->next; o; o = o->next) sched.push(o->h);
        return w->h;
      }
      void await_resume() const noexcept {}
    };
    final_aw final_suspend() noexcept { return {}; }
    void return_value(unsigned v) { value = v; }
    void unhandled_exception() { err = std::current_exception(); }
  };
  std::coroutine_handle<promise_type> h;
  unsigned id;
  explicit shtask(std::coroutine_handle<promise_type> h) : h(h), id(h.promise().guard.serial()) {}
  shtask(const shtask &o) noexcept : h(o.h), id(o.id) {
    if (h) ++h.promise().refs;
  }
  shtask(shtask &&o) noexcept : h(std::exchange(o.h, {})), id(o.id) {}
  shtask &operator=(shtask o) noexcept {
    std::swap(h, o.h);
    std::swap(id, o.id);
    return *this;
  }
  ~shtask() {
    if (h && --h.promise().refs == 0u) h.destroy();
  }
  struct awaiter;
  awaiter operator co_await() const & noexcept;
};
// The awaiter holds a reference (a copy of the shtask) and the waiter node.
struct shtask::awaiter {
  shtask keep;
  sh_waiter node;
  bool await_ready() const noexcept { return keep.h.done(); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    promise_type &p = keep.h.promise();
    node.h = c;
    node.next = p.waiters;
    p.waiters = &node;
    if (p.started) return std::noop_coroutine();
    p.started = true;
    return keep.h;
  }
  unsigned await_resume() {
    keep.h.promise().guard.check("shtask await", keep.id);
    if (keep.h.promise().err) std::rethrow_exception(keep.h.promise().err);
    return keep.h.promise().value;
  }
};
inline shtask::awaiter shtask::operator co_await() const & noexcept { return awaiter{*this, {}}; }
"""

IGEN_DEF = r"""// Generator with iterators: yield_value keeps the address of the yielded
// object (alive in the generator's frame while it is suspended), iterators
// hold a copy of the handle, an exception is rethrown to the consumer.
struct igen {
  struct promise_type {
    Guard guard;
    const unsigned *cur = nullptr;
    std::exception_ptr err;
    ~promise_type() { guard.check("igen promise destroyed"); }
    igen get_return_object() { return igen{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(const unsigned &v) noexcept {
      cur = &v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { err = std::current_exception(); }
  };
  struct sentinel {};
  struct iterator {
    std::coroutine_handle<promise_type> h;
    unsigned id;
    unsigned operator*() const {
      h.promise().guard.check("igen value", id);
      return *h.promise().cur;
    }
    iterator &operator++() {
      h.resume();
      if (h.done() && h.promise().err) std::rethrow_exception(h.promise().err);
      return *this;
    }
    bool operator==(sentinel) const noexcept { return h.done(); }
  };
  std::coroutine_handle<promise_type> h;
  unsigned id;
  bool begun = false;
  explicit igen(std::coroutine_handle<promise_type> h) : h(h), id(h.promise().guard.serial()) {}
  igen(igen &&o) noexcept : h(std::exchange(o.h, {})), id(o.id), begun(o.begun) {}
  igen(const igen &) = delete;
  igen &operator=(const igen &) = delete;
  ~igen() {
    if (h) h.destroy();
  }
  // The first begin() runs to the first value; later ones continue there.
  iterator begin() {
    if (!begun) {
      begun = true;
      h.resume();
      if (h.done() && h.promise().err) std::rethrow_exception(h.promise().err);
    }
    return iterator{h, id};
  }
  sentinel end() const noexcept { return {}; }
};
"""

FIRE_DEF = r"""// Fire and forget: eager (suspend_never at both ends), destroys itself at
// the end; main destroys those left suspended when it drops the queue.
struct fire_promise;
static fire_promise *g_fires = nullptr;
struct fire {
  using promise_type = fire_promise;
};
struct fire_promise {
  Guard guard;
  fire_promise *prev = nullptr;
  fire_promise *next = nullptr;
  fire_promise() : next(g_fires) {
    if (next) next->prev = this;
    g_fires = this;
  }
  ~fire_promise() {
    if (prev) {
      prev->next = next;
    } else {
      g_fires = next;
    }
    if (next) next->prev = prev;
  }
  fire get_return_object() noexcept { return {}; }
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() {
    try {
      throw;
    } catch (const Err &e) {
      std::printf("\nfire threw %u\n", e.code);
      mix(e.code + 99u);
    }
  }
};
static void destroy_fires() {
  while (g_fires) std::coroutine_handle<fire_promise>::from_promise(*g_fires).destroy();
}
"""

DRIVERS_DEF = r"""// sync_wait: a driver coroutine awaits the task, the caller runs the
// scheduler until the driver is done.
struct swtask {
  struct promise_type {
    Guard guard;
    std::exception_ptr err;
    unsigned value = 0;
    ~promise_type() { guard.check("swtask promise destroyed"); }
    swtask get_return_object() { return swtask{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(unsigned v) { value = v; }
    void unhandled_exception() { err = std::current_exception(); }
  };
  std::coroutine_handle<promise_type> h;
  explicit swtask(std::coroutine_handle<promise_type> h) : h(h) {}
  swtask(swtask &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~swtask() {
    if (h) h.destroy();
  }
};
template <class A> swtask sw_body(A &&a) {
  co_return co_await static_cast<A &&>(a);
}
template <class A> unsigned sync_wait(A &&a) {
  swtask w = sw_body<A>(static_cast<A &&>(a));
  w.h.resume();
  while (!w.h.done()) {
    if (!sched.run_one()) {
      std::printf("\nsync_wait: nothing to run\n");
      std::fflush(stdout);
      std::abort();
    }
  }
  w.h.promise().guard.check("sync_wait");
  if (w.h.promise().err) std::rethrow_exception(w.h.promise().err);
  return w.h.promise().value;
}
// Ownership moved into another coroutine's frame (a by-value parameter).
template <class T> ltask relay(T t, unsigned salt) {
  unsigned v = co_await std::move(t);
  co_return v * 2654435761u + salt;
}
// One of several awaiters of a shared task.
template <class S> ltask sh_wait(S s, unsigned salt) {
  unsigned v = co_await s;
  co_return v * 3u + salt;
}
template <class A, class B> struct Pair {
  A a;
  B b;
};
"""

LIB_OPAQUE_RUNTIME = r"""
void op_fill(void *p, unsigned n, unsigned salt) {
  unsigned char *b = (unsigned char *)p;
  for (unsigned i = 0; i < n; ++i) b[i] = (unsigned char)(salt * 7u + i * 13u + 1u);
}

unsigned op_check(const void *p, unsigned n, unsigned salt) {
  const unsigned char *b = (const unsigned char *)p;
  unsigned h = salt;
  for (unsigned i = 0; i < n; ++i) {
    if (b[i] != (unsigned char)(salt * 7u + i * 13u + 1u)) {
      std::printf("\nframe corrupted: byte %u of a %u-byte buffer (salt %u)\n", i, n, salt);
      std::fflush(stdout);
      std::abort();
    }
    h = h * 31u + b[i];
  }
  omix(h);
  return h;
}
"""

LAZY = ("task", "etask", "ltask", "otask")   # lazy tasks: roots, named owners
VALUE = LAZY + ("eager", "shtask")           # co_await f() gives a value
GENS = ("gen", "igen")
STARTABLE = ("ltask", "otask", "eager")      # start(), ready(), result()


def lib_task(name, doc, eager, own):
    t = LTASK_TMPL.replace("@TASK_PROMISE_TAIL@", TASK_PROMISE_TAIL)
    t = t.replace("@AWAIT@", LTASK_OWN if own else LTASK_SEPARATE)
    t = t.replace("@DOC@", doc)
    t = t.replace("@INIT@", "std::suspend_never" if eager else "std::suspend_always")
    t = t.replace("@STARTED@", "true" if eager else "false")
    return t.replace("@NAME@", name)



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
        self.tiny = False   # a leaf with (almost) nothing in it
        self.cost = 0
        self.lines = []

    @property
    def rtype(self):
        return self.kind


class Gen:
    def __init__(self, seed, size=1.0, classic=False, scopes=False):
        self.seed = seed
        # classic: the programs of the generator before the library shapes
        # (byte for byte: same random draws, same prelude), for seeds named
        # in old reports and tests.
        self.classic = classic
        # scopes: reference-bound temporaries spanning suspends (SCOPE_DEF)
        self.scopes = scopes
        self.nscope = 0
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

    def await_child(self, ctx, avoid=None):
        # etasks prefer etasks (nested elidable chains)
        kinds = ("etask",) if ctx.fn.kind == "etask" and self.chance(0.7) else VALUE
        cands = self.children(ctx, kinds)
        if avoid is not None and len(cands) > 1:
            # another callee than the owned child's
            cands = [f for f in cands if f is not avoid]
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
        if ctx.fn.kind in GENS or ctx.fn.kind == "fire":
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

    # -- library shapes -----------------------------------------------------
    def fresh(self, ctx, prefix):
        name = "%s%d" % (prefix, ctx.nvar)
        ctx.nvar += 1
        return name

    def open_block(self, ctx):
        self.emit(ctx, "{")
        ctx.indent += 1
        ctx.depth += 1
        ctx.scopes.append([])

    def close_block(self, ctx):
        self.close_scope(ctx)
        ctx.depth -= 1
        ctx.indent -= 1
        self.emit(ctx, "}")

    def take(self, ctx, kinds):
        """A child of one of kinds that fits the budget, charged; or None.
        Focused coroutines prefer tiny children."""
        cands = self.children(ctx, kinds)
        if not cands:
            return None
        tiny = [f for f in cands if f.tiny]
        if ctx.focused and tiny and self.chance(0.7):
            cands = tiny
        f = self.pick(cands)
        ctx.cost += f.cost * ctx.mult + 1
        return f

    def aw(self, kind, expr):
        """co_await operand for a task that expr keeps owning."""
        if kind in ("task", "etask"):
            return "std::move(%s)" % expr  # only operator co_await() &&
        return expr if self.chance(0.75) else "std::move(%s)" % expr

    def reread(self, kind, expr):
        """The result of an awaited task, read again from its promise."""
        if kind in ("task", "etask"):
            return "%s.h.promise().value" % expr
        return "%s.result()" % expr

    def nothrow_region(self, ctx, n):
        old = ctx.nothrow
        ctx.nothrow = True
        self.block_body(ctx, n)
        ctx.nothrow = old

    def frame_data(self, ctx, compact=False, avoid=None):
        """A buffer filled now and checked after a suspension: frame data
        that comes and goes while earlier children are still owned.
        compact: nothing else in between, and a big buffer (see named():
        the state where it is live should be the one that sets the frame's
        size, so that a layout reaching the lower bound must reuse every
        byte not live there, a child frame taken for dead included)."""
        b = self.fresh(ctx, "b")
        salt = self.r(1, 250)
        if compact or self.chance(0.65):
            sc = self.pick(SCALARS)
            if compact:
                n = self.r(200, 600) // SCALAR_SIZE[sc]
            else:
                n = self.wpick([(self.r(2, 16), 3), (self.r(17, 64), 3), (self.r(65, 160), 1)])
            al = ""
            if self.chance(0.25):
                a = self.pick([16, 32, 64])
                al = "alignas(%d) " % a
                self.max_align = max(self.max_align, a)
            self.emit(ctx, "%s%s %s[%d] = {};" % (al, sc, b, n))
        else:
            st = self.pick(self.structs)
            self.emit(ctx, "%s %s{};" % (st.name, b))
        self.emit(ctx, "op_fill(&%s, sizeof %s, %du);" % (b, b, salt))
        ctx.cost += 2
        if ctx.fn.kind in GENS:
            self.emit(ctx, "co_yield %s;" % self.pure(ctx))
            ctx.cost += 1
        elif ctx.nothrow or self.chance(0.2 if compact else 0.5) or not self.await_child(ctx, avoid):
            self.suspend(ctx)
        if not compact:
            self.block_body(ctx, self.r(0, 2))
        self.emit(ctx, "acc = acc * 31u + op_check(&%s, sizeof %s, %du);" % (b, b, salt))

    def named(self, ctx):
        """A task kept in a named owner (a local, moved to another local or
        into a coroutine parameter, reassigned, a Pair member, an array
        element, a std::optional, std::vector elements), awaited as an
        lvalue, then frame data while the owner still holds the finished
        child, then its result read again.  Compact ones (half) have no
        other statements in between: CoroElide gives up on a child when its
        walk from the child's creation to its destructions meets more than
        32 blocks per destruction, so only small regions get the child's
        frame put in the caller's, where packing can get it wrong."""
        compact = ctx.force_compact or self.chance(0.8 if ctx.focused else 0.5)
        if compact:
            # owners that SROA can turn into registers
            holder = self.wpick([("local", 6), ("move", 2), ("reassign", 2), ("pair", 1), ("array", 1),
                                 ("optional", 0.5), ("vector", 1)])
        else:
            holder = self.wpick([("local", 3), ("move", 2), ("relay", 1.5), ("reassign", 2),
                                 ("pair", 1.5), ("array", 1.5), ("optional", 2.5), ("vector", 3.5)])
        first = self.take(ctx, LAZY)
        if first is None:
            return False
        k = first.kind
        if holder == "reassign" and k not in ("ltask", "otask"):
            holder = "local"
        more = []
        if holder in ("pair", "array", "vector"):
            for _ in range(1 if holder == "pair" else self.r(1, 2)):
                g = self.take(ctx, LAZY if holder == "pair" else (k,))
                if g is not None:
                    more.append(g)
            if not more and holder == "pair":
                holder = "local"
        t = self.fresh(ctx, "t")
        # At the top of the body (half of the time, most of the time in
        # focused coroutines) the owners live to the end of the coroutine;
        # measured on 8268ad2: only such owners had their elided child
        # frame taken for dead (owners in an inner block did not).
        scoped = ctx.depth > 0 or not (ctx.force_compact or self.chance(0.8 if ctx.focused else 0.5))
        if scoped:
            self.open_block(ctx)
        objs = []  # (kind, expression) of every owned task
        if holder == "pair":
            g = more[0]
            self.emit(ctx, "Pair<%s, %s> %s{%s, %s};" % (k, g.kind, t, self.call_args(ctx, first),
                                                       self.call_args(ctx, g)))
            objs = [(k, t + ".a"), (g.kind, t + ".b")]
        elif holder == "array":
            fs = [first] + more
            self.emit(ctx, "%s %s[%d] = {%s};" % (k, t, len(fs), ", ".join(self.call_args(ctx, f) for f in fs)))
            objs = [(k, "%s[%d]" % (t, i)) for i in range(len(fs))]
        elif holder == "vector":
            self.emit(ctx, "std::vector<%s> %s;" % (k, t))
            for f in [first] + more:
                self.emit(ctx, "%s.push_back(%s);" % (t, self.call_args(ctx, f)))
        elif holder == "optional":
            self.emit(ctx, "std::optional<%s> %s;" % (k, t))
            self.emit(ctx, "if (%s) {" % self.cond(ctx))
            self.emit(ctx, "  %s.emplace(%s);" % (t, self.call_args(ctx, first)))
            self.emit(ctx, "}")
        else:
            self.emit(ctx, "%s %s = %s;" % (k, t, self.call_args(ctx, first)))
            objs = [(k, t)]
        if not compact:
            self.block_body(ctx, self.r(0, 2))
        if holder == "move":
            u = self.fresh(ctx, "u")
            self.emit(ctx, "%s %s = std::move(%s);" % (k, u, t))
            objs = [(k, u)]
        if holder == "relay":
            self.emit(ctx, "acc = acc * 31u + co_await relay(std::move(%s), %s);" % (t, self.k(1, 999)))
            objs = []
        elif holder == "vector":
            x = self.fresh(ctx, "x")
            self.emit(ctx, "for (%s &%s : %s) {" % (k, x, t))
            self.emit(ctx, "  acc = acc * 31u + co_await %s;" % self.aw(k, x))
            self.emit(ctx, "}")
        elif holder == "optional":
            self.emit(ctx, "if (%s) {" % t)
            self.emit(ctx, "  acc = acc * 31u + co_await %s;" % self.aw(k, "*" + t))
            self.emit(ctx, "}")
        else:
            order = objs[:]
            self.rng.shuffle(order)
            for i, (kk, e) in enumerate(order):
                self.emit(ctx, "acc = acc * 31u + co_await %s;" % self.aw(kk, e))
                if i + 1 < len(order) and not compact:
                    self.block_body(ctx, self.r(0, 1))
        self.frame_data(ctx, compact, avoid=first)
        if holder == "reassign":
            g = self.take(ctx, (k,))
            if g is not None:
                self.emit(ctx, "%s = %s;" % (t, self.call_args(ctx, g)))
                if not compact:
                    self.block_body(ctx, self.r(0, 1))
                self.emit(ctx, "acc = acc * 31u + co_await %s;" % self.aw(k, t))
                if self.chance(0.5):
                    self.frame_data(ctx, compact)
        for kk, e in objs:
            if self.chance(0.7):
                self.emit(ctx, "acc = acc * 31u + %s;" % self.reread(kk, e))
        if holder == "vector" and self.chance(0.7):
            self.emit(ctx, "acc = acc * 31u + %s;" % self.reread(k, t + "[0]"))
        if holder == "optional":
            if self.chance(0.7):
                self.emit(ctx, "if (%s) {" % t)
                self.emit(ctx, "  acc = acc * 31u + %s;" % self.reread(k, "(*%s)" % t))
                self.emit(ctx, "}")
            if self.chance(0.5):
                self.emit(ctx, "%s.reset();" % t)
                self.frame_data(ctx, compact)
        elif holder == "vector" and self.chance(0.5):
            self.emit(ctx, "%s.clear();" % t)
            self.frame_data(ctx, compact)
        elif self.chance(0.3):
            self.frame_data(ctx, compact)
        if scoped:
            self.close_block(ctx)
        return True

    def results(self, ctx, exprs):
        order = exprs[:]
        self.rng.shuffle(order)
        for e in order:
            self.emit(ctx, "try {")
            self.emit(ctx, "  acc = acc * 31u + %s.result();" % e)
            self.emit(ctx, "} catch (const Err &e) {")
            self.emit(ctx, "  ev(%du);" % self.new_ev())
            self.emit(ctx, "  acc = acc * 31u + e.code;")
            self.emit(ctx, "}")

    def start_and_wait(self, ctx, tasks):
        """when_all: start the lazy ones, work that cannot leave the scope,
        wait for all in any order (ready(): no rethrow), then the results."""
        for kind, e in tasks:
            if kind != "eager" and self.chance(0.7):
                self.emit(ctx, "%s.start();" % e)
        self.nothrow_region(ctx, self.r(1, 3))
        order = [e for _, e in tasks]
        self.rng.shuffle(order)
        for e in order:
            self.emit(ctx, "co_await %s.ready();" % e)
        if self.chance(0.4):
            self.frame_data(ctx)
        self.results(ctx, [e for _, e in tasks])

    def whenall(self, ctx):
        """Several children alive at once: started (or eager) before any is
        awaited, awaited in any order."""
        n = self.r(2, 3)
        first = self.take(ctx, STARTABLE)
        if first is None:
            return False
        as_array = self.chance(0.3)
        fs = [first]
        for _ in range(n - 1):
            g = self.take(ctx, (first.kind,) if as_array else STARTABLE)
            if g is not None:
                fs.append(g)
        w = self.fresh(ctx, "w")
        scoped = ctx.depth > 0 or not self.chance(0.6 if ctx.focused else 0.3)
        if scoped:
            self.open_block(ctx)
        if as_array:
            self.emit(ctx, "%s %s[%d] = {%s};" % (first.kind, w, len(fs), ", ".join(self.call_args(ctx, f) for f in fs)))
            tasks = [(first.kind, "%s[%d]" % (w, i)) for i in range(len(fs))]
        else:
            tasks = []
            for i, f in enumerate(fs):
                self.emit(ctx, "%s %s_%d = %s;" % (f.kind, w, i, self.call_args(ctx, f)))
                tasks.append((f.kind, "%s_%d" % (w, i)))
        self.start_and_wait(ctx, tasks)
        if scoped:
            self.close_block(ctx)
        return True

    def shared(self, ctx):
        """A reference-counted shared task: copies, two waiters at once (or
        the owner awaiting a copy), frame data, copy assignment or
        reassignment, awaited again when done."""
        f = self.take(ctx, ("shtask",))
        if f is None:
            return False
        s = self.fresh(ctx, "s")
        self.open_block(ctx)
        self.emit(ctx, "shtask %s = %s;" % (s, self.call_args(ctx, f)))
        self.emit(ctx, "shtask %s_c = %s;" % (s, s))
        if self.chance(0.5):
            ctx.cost += 4
            self.emit(ctx, "ltask %s_a = sh_wait(%s, %s);" % (s, s, self.k(1, 999)))
            self.emit(ctx, "ltask %s_b = sh_wait(%s_c, %s);" % (s, s, self.k(1, 999)))
            self.start_and_wait(ctx, [("ltask", s + "_a"), ("ltask", s + "_b")])
        else:
            self.block_body(ctx, self.r(0, 2))
            self.emit(ctx, "acc = acc * 31u + co_await %s_c;" % s)
        self.frame_data(ctx)
        g = self.take(ctx, ("shtask",)) if self.chance(0.4) else None
        if g is not None:
            self.emit(ctx, "%s = %s;" % (s, self.call_args(ctx, g)))
        elif self.chance(0.5):
            self.emit(ctx, "%s_c = %s;" % (s, s))
        self.emit(ctx, "acc = acc * 31u + co_await %s;" % s)
        self.close_block(ctx)
        return True

    def igen_consume(self, ctx):
        """A generator partially consumed (range-for, break), frame data
        while it is suspended, then consumed on through an iterator."""
        f = self.take(ctx, ("igen",))
        if f is None:
            return False
        g = self.fresh(ctx, "g")
        self.open_block(ctx)
        self.emit(ctx, "igen %s = %s;" % (g, self.call_args(ctx, f)))
        self.emit(ctx, "unsigned %s_n = 0;" % g)
        self.emit(ctx, "for (unsigned %s_y : %s) {" % (g, g))
        ctx.indent += 1
        self.emit(ctx, "acc = acc * 31u + %s_y;" % g)
        if self.chance(0.3):
            if ctx.fn.kind in GENS:
                self.emit(ctx, "co_yield %s_y;" % g)
            else:
                self.suspend(ctx)
        self.emit(ctx, "if (++%s_n >= %du) break;" % (g, self.r(1, 3)))
        ctx.indent -= 1
        self.emit(ctx, "}")
        self.frame_data(ctx)
        if self.chance(0.7):
            self.emit(ctx, "{")
            self.emit(ctx, "  igen::iterator %s_it = %s.begin();" % (g, g))
            self.emit(ctx, "  for (unsigned %s_k = 0; %s_k < %du && %s_it != %s.end(); ++%s_k) {" %
                      (g, g, self.r(1, 4), g, g, g))
            self.emit(ctx, "    acc = acc * 31u + *%s_it;" % g)
            self.emit(ctx, "    ++%s_it;" % g)
            self.emit(ctx, "  }")
            self.emit(ctx, "}")
        if self.chance(0.4):
            self.frame_data(ctx)
        self.close_block(ctx)
        return True

    def spawn(self, ctx):
        """Fire and forget: a child that starts at once and owns itself."""
        f = self.take(ctx, ("fire",))
        if f is None:
            return False
        self.emit(ctx, "%s;" % self.call_args(ctx, f))
        return True

    def statement(self, ctx):
        can_susp = not ctx.in_catch
        is_gen = ctx.fn.kind in GENS
        deep = ctx.depth >= 3
        over = ctx.cost >= ctx.budget
        table = [("decl", 16), ("acc", 8), ("opaque", 10), ("mutate", 9), ("ev", 3)]
        if ctx.nothrow:
            # Between start() and ready(): nothing may leave the scope of
            # the started tasks (no throw, no co_return, no await of a child
            # that may throw).
            table += [("suspend", 12), ("spawn", 2)]
            if not deep and not over:
                table += [("if", 6), ("loop", 5), ("block", 8)]
        elif ctx.focused and can_susp and not is_gen and not deep:
            # a small coroutine built around owned children, like those of
            # the task libraries' own tests
            table = [("named", 12), ("whenall", 5), ("shared", 2), ("igen", 2), ("decl", 3),
                     ("acc", 2), ("opaque", 2), ("suspend", 3), ("await", 3)]
        else:
            if can_susp and not is_gen:
                table += [("suspend", 12), ("await", 11), ("deferred", 3)]
                if not self.classic:
                    table += [("named", 9), ("whenall", 3), ("shared", 2.5), ("spawn", 2)]
            if can_susp and is_gen:
                table += [("yield", 14)]
            if can_susp:
                table += [("consume", 5)]
                if not self.classic:
                    table += [("igen", 4)]
            if not deep and not over:
                table += [("if", 6), ("loop", 5), ("block", 8)]
                if not ctx.in_catch:
                    table += [("try", 4)]
                if self.scopes and can_susp and not is_gen:
                    table += [("scope", 6)]
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
        elif what == "named":
            if not self.named(ctx):
                self.suspend(ctx)
        elif what == "whenall":
            if not self.whenall(ctx):
                self.suspend(ctx)
        elif what == "shared":
            if not self.shared(ctx):
                self.suspend(ctx)
        elif what == "igen":
            if not self.igen_consume(ctx):
                self.decl(ctx)
        elif what == "spawn":
            if not self.spawn(ctx):
                self.decl(ctx)
        elif what == "scope":
            self.scope(ctx)

    def scope(self, ctx):
        """doctest's SUBCASE: a temporary bound to a reference for a block
        that suspends.  Scope's destructor only writes, so its bytes are
        dead after the suspend (-coro-pack-demote moves such a slot out of
        the frame); LoudScope's destructor reports its id, so its bytes are
        needed after the suspend."""
        self.nscope += 1
        t = "LoudScope" if self.chance(0.4) else "Scope"
        self.emit(ctx, "if (const %s &sc%d = %s(%s, acc)) {" % (t, self.nscope, t, self.k(1, 9999)))
        ctx.indent += 1
        if self.chance(0.5) or not self.await_child(ctx):
            self.suspend(ctx)
        ctx.indent -= 1
        self.sub_block(ctx, self.r(1, 3))
        self.emit(ctx, "}")

    def block_body(self, ctx, n):
        for _ in range(n):
            self.statement(ctx)

    # -- functions ----------------------------------------------------------
    def gen_tiny(self, f):
        """A leaf like most coroutines of the task libraries' tests
        (`co_return 123;`): its frame is small, its ramp and its clean-up
        are inlined wherever it is called, and CoroElide puts its frame in
        the caller's."""
        f.lines.append("%s %s(unsigned p0, unsigned p1) {" % (f.kind, f.name))
        x = self.r(0, 2)
        if x == 1:
            f.lines.append("  co_await resched{};")
        elif x == 2:
            f.lines.append("  p1 += co_await maybe{p0};")
        f.lines.append("  co_return p0 * %s + p1;" % self.k(3, 999))
        f.lines.append("}")
        f.cost = 3

    def gen_fn(self, f):
        if f.tiny:
            return self.gen_tiny(f)
        ctx = Ctx(f, budget=self.r(40, int(300 * self.size)))
        forced = f.idx == self.focus_idx
        ctx.focused = forced or (not self.classic and f.kind in VALUE + ("fire",) and self.chance(0.5))
        if ctx.focused:
            # it needs lazy children it can afford (self.fns holds the
            # functions after this one): at least two awaits of the cheapest
            lazy = [g.cost for g in self.fns if g.kind in LAZY]
            if lazy:
                ctx.budget = max(ctx.budget, 2 * min(lazy) + 20)
            else:
                ctx.focused = False
        params = "unsigned p0, unsigned p1"
        if f.sparam is not None:
            params += ", %s p2" % f.sparam.name
        f.lines.append("%s %s(%s) {" % (f.kind, f.name, params))
        ctx.indent = 1
        self.emit(ctx, "unsigned acc = p0 * 2654435761u + p1;")
        self.emit(ctx, "ev(%du);" % self.new_ev())
        if f.sparam is not None:
            ctx.scopes[-1].append(Var("p2", "struct", st=f.sparam))
        n = self.r(1, 3) if ctx.focused else self.r(3, int(12 * self.size))
        if forced:
            # the shape that found the bug of 8268ad2 (README): an owner at
            # the top of the body, its child's result, data, another child
            ctx.force_compact = True
            if self.named(ctx):
                n -= 1
            ctx.force_compact = False
        self.block_body(ctx, n)
        # Keep a few of the function-scope objects alive to the end.
        for v in ctx.scopes[-1]:
            if self.chance(0.6):
                self.fold(ctx, v)
        self.emit(ctx, "ev(%du);" % self.new_ev())
        if f.kind in GENS:
            self.emit(ctx, "co_yield acc;")
        elif f.kind == "fire":
            self.emit(ctx, "mix(acc);")
            self.emit(ctx, "co_return;")
        else:
            self.emit(ctx, "co_return acc;")
        f.lines.append("}")
        f.cost = ctx.cost + 2

    def generate(self):
        self.gen_types()
        nf = self.r(4, max(5, int(10 * self.size)))
        kinds = []
        for i in range(nf):
            if self.classic:
                if i < 2:
                    kinds.append(self.pick(["task", "etask"]))
                else:
                    kinds.append(self.wpick([("task", 35), ("etask", 35), ("gen", 30)]))
            elif i < 2:
                # roots: lazy tasks
                kinds.append(self.wpick([("task", 1), ("etask", 1), ("ltask", 2), ("otask", 1)]))
            else:
                kinds.append(self.wpick([("task", 9), ("etask", 9), ("gen", 7), ("ltask", 24),
                                         ("otask", 10), ("eager", 7), ("shtask", 8),
                                         ("igen", 12), ("fire", 5)]))
        # One coroutine per program is focused for sure: one with at least
        # two lazy tasks after it (an owned child and another to await).
        self.focus_idx = -1
        if not self.classic:
            cands = [i for i in range(nf) if kinds[i] in VALUE + ("fire",)
                     and sum(1 for j in range(i + 1, nf) if kinds[j] in LAZY) >= 2]
            if cands:
                self.focus_idx = self.pick(cands)
        self.fns = []
        for i in reversed(range(nf)):
            f = Fn(i, kinds[i])
            if not self.classic and i >= 2 and f.kind in LAZY and self.chance(0.4):
                f.tiny = True
            elif self.chance(0.2):
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
        tasks = [f for f in self.fns if f.kind in LAZY]
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
            if not self.classic:
                L.append("      destroy_fires();")
            L.append("    }")
            L.append("  }")
        if not self.classic:
            L.append("  run_all();")
        L.append('  std::printf("\\nphase B %016llx live %u\\n", g_sum, op_live());')
        if not self.classic:
            L += self.main_lib(args)
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
        if not self.classic:
            L.append("  run_all();")
            L.append("  destroy_fires();")
        L.append('  std::printf("\\nchecksum %016llx %016llx events %u live %u\\n", g_sum, op_sum(), g_nev, op_live());')
        L.append("  return 0;")
        L.append("}")
        return L

    def main_lib(self, args):
        """main's part for the library shapes: sync_wait on a temporary or a
        named task, fire-and-forget children, generators through
        range-for."""
        L = []
        values = [f for f in self.fns if f.kind in VALUE]
        for i in range(self.r(1, 2)):
            f = self.pick(values)
            named = f.kind in LAZY and self.chance(0.5)
            L.append("  try {")
            if named:
                L.append("    %s t = %s(%s);" % (f.kind, f.name, args(f)))
                L.append("    unsigned v = sync_wait(%s);" % self.aw(f.kind, "t"))
            else:
                L.append("    unsigned v = sync_wait(%s(%s));" % (f.name, args(f)))
            L.append('    std::printf("\\nsync_wait %s: %%u\\n", v);' % f.name)
            L.append("    mix(v);")
            if named:
                L.append("    mix(%s);" % self.reread(f.kind, "t"))
            L.append("  } catch (const Err &e) {")
            L.append('    std::printf("\\nsync_wait %s threw %%u\\n", e.code);' % f.name)
            L.append("    mix(e.code);")
            L.append("  }")
            L.append("  run_all();")
        fires = [f for f in self.fns if f.kind == "fire"]
        for f in fires[: self.r(0, 2)]:
            L.append("  %s(%s);" % (f.name, args(f)))
            L.append("  run_all();")
        igens = [f for f in self.fns if f.kind == "igen"]
        for f in igens[: self.r(0, 2)]:
            L.append("  try {")
            L.append("    igen g = %s(%s);" % (f.name, args(f)))
            L.append("    unsigned n = 0;")
            L.append("    for (unsigned y : g) {")
            L.append('      std::printf("\\nigen %s: %%u\\n", y);' % f.name)
            L.append("      mix(y);")
            L.append("      if (++n >= %du) break;" % self.r(1, 8))
            L.append("    }")
            L.append("  } catch (const Err &e) {")
            L.append('    std::printf("\\nigen %s threw %%u\\n", e.code);' % f.name)
            L.append("    mix(e.code);")
            L.append("  }")
        L.append('  std::printf("\\nphase S %016llx live %u\\n", g_sum, op_live());')
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
        lib = not self.classic
        L += PRELUDE_TOP.splitlines()
        if lib:
            L += LIB_INCLUDES.splitlines()
            # only where used: each costs about 0.2 s per -O2 compile
            body = "\n".join(l for f in self.fns for l in f.lines)
            if "std::optional<" in body:
                L.append("#include <optional>")
            if "std::vector<" in body:
                L.append("#include <vector>")
        L.append("")
        L += self.types_lines()
        L.append("")
        L += OPAQUE_DECLS.splitlines()
        if lib:
            L += LIB_OPAQUE_DECLS.splitlines()
        for st in self.structs:
            L.append("unsigned op_touch_%s(%s *p, unsigned salt); // @%s" % (st.name, st.name, st.name))
        L.append("")
        L += ESC_DEF.splitlines()
        if lib:
            # a deeper queue: started children and fire-and-forget
            # coroutines wait in it next to the awaiting chains
            L += RUNTIME.replace("q[64]", "q[256]").replace(">= 64u", ">= 256u") \
                        .replace("% 64u", "% 256u").splitlines()
            L += GUARD_DEF.splitlines()
        else:
            L += RUNTIME.splitlines()
        if self.scopes:
            L += SCOPE_DEF.splitlines()
        task_t, gen_t = TASK_TMPL, GEN_DEF
        if lib:
            # every promise checks its bytes when it dies
            task_t = task_t.replace("  struct promise_type {\n", "  struct promise_type {\n    Guard guard;\n"
                                    "    ~promise_type() { guard.check(\"promise destroyed\"); }\n")
            gen_t = gen_t.replace("  struct promise_type {\n", "  struct promise_type {\n    Guard guard;\n"
                                  "    ~promise_type() { guard.check(\"gen promise destroyed\"); }\n")
        L += task_t.replace("ATTR", "").replace("@NAME@", "task").splitlines()
        L += task_t.replace("ATTR", "[[clang::coro_await_elidable]] ").replace("@NAME@", "etask").splitlines()
        L += gen_t.splitlines()
        if lib:
            L += lib_task("ltask", "Task whose operator co_await returns a separate awaiter (cppcoro, libcoro).",
                          False, False).splitlines()
            L += lib_task("otask", "Task that is its own awaiter.", False, True).splitlines()
            L += lib_task("eager", "Eager task: runs from its call to its first suspension.",
                          True, False).splitlines()
            L += SHTASK_DEF.splitlines()
            L += IGEN_DEF.splitlines()
            L += FIRE_DEF.splitlines()
            L += DRIVERS_DEF.splitlines()
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
        if not self.classic:
            L += LIB_OPAQUE_RUNTIME.splitlines()
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
        self.nothrow = False
        self.focused = False
        self.force_compact = False
        self.loopvars = []
        self.scopes = [[]]
        self.nvar = 0

    def visible(self):
        return [v for s in self.scopes for v in s]


SCOPE_DEF = r"""// gen.py --scopes: doctest's SUBCASE shape.  A temporary bound to a
// reference lives for its block; LLVM keeps it in the frame when the block
// suspends.  Scope is read before the suspend (operator bool) and only
// written after it (its destructor); LoudScope's destructor reads its id.
struct Scope {
  unsigned id;
  bool on;
  unsigned char pad[40];
  Scope(unsigned i, unsigned a);
  ~Scope();
  explicit operator bool() const { return on; }
};
__attribute__((noinline)) Scope::Scope(unsigned i, unsigned a) : id(i), on(((a ^ i) & 3u) != 0u) {
  for (unsigned k = 0; k < sizeof pad; ++k) pad[k] = (unsigned char)(i + k);
}
__attribute__((noinline)) Scope::~Scope() {
  id = 0u;
  for (unsigned k = 0; k < sizeof pad; ++k) pad[k] = 0u;
}
struct LoudScope : Scope {
  LoudScope(unsigned i, unsigned a) : Scope(i, a) {}
  ~LoudScope() { ev(id); }
};
"""


def generate(seed, size=1.0, classic=False, scopes=False):
    g = Gen(seed, size, classic, scopes)
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
    p.add_argument("--classic", action="store_true",
                   help="the programs of the generator before the library "
                   "shapes (task/etask/gen only), byte for byte")
    p.add_argument("--scopes", action="store_true",
                   help="also blocks held by a reference-bound temporary across "
                   "a suspend (doctest's SUBCASE; frame slots that "
                   "-coro-pack-demote moves to the stack)")
    p.add_argument("--print-flags", action="store_true",
                   help="print only the extra compiler flags of this seed")
    a = p.parse_args(argv)
    main_tu, opaque_tu, flags = generate(a.seed, a.size, a.classic, a.scopes)
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
