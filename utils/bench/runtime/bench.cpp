// Runtime benchmark of coropack (built with and without the plugin by
// run.sh).  Shapes as in examples/phases.cpp (generator) and
// examples/task.h (lazy task); the opaque functions live in opaque.cpp,
// always built without the plugin.
//   bench mem [COUNT]   keep COUNT suspended coroutines alive (half
//                       generators, half tasks): prints frame bytes
//                       allocated, allocations, peak RSS
//   bench loop [ITERS]  resume/suspend round trips of a cycling generator
//                       (roundtrip() is what callgrind measures)
//   bench tloop [ITERS] resume/suspend round trips of a task parked on an
//                       external event (roundtrip_task())
//   bench tree [ITERS]  ITERS runs of a two-level tree of elidable tasks,
//                       children's frames inside the root's (roundtrip_tree())
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>
#include <sys/resource.h>

#include "../../../examples/generator.h"
#define ELIDABLE 1  // co_await of a task is elidable (only the tree uses it)
#include "../../../examples/task.h"

// Counting global operator new/delete: alloc.cpp, a separate TU.  (Defined
// here, operator new is inlined into the ramps, its use of the frame size
// is not understood by coropack and the coroutines are left unpacked.)
extern unsigned long long g_bytes, g_calls;

struct Big { char buf[64]; };
struct Buf { long v[8]; };
void use(Big &);
int compute(int);
int opaque(int);
void fill(Buf &);

// ---- generator: examples/phases.cpp
generator<int> phases(int n) {
  { int a = compute(n); int b = compute(a); co_yield a + b; co_yield a * b; }
  { Big x; use(x); co_yield 1; use(x); }
  { Big y; use(y); co_yield 2; use(y); }
  { long p = compute(n + 1), q = compute(n + 2), r = compute(n + 3); co_yield (int)p; co_yield (int)(q + r); }
}

// ---- task: parked on an external event, phases of locals that never meet
static std::vector<std::coroutine_handle<>> *g_parked;
struct park {
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { g_parked->push_back(h); }
  void await_resume() noexcept {}
};
task job(int x) {
  { int a = opaque(x); co_await park{}; x += a; }
  { Buf b; fill(b); co_await park{}; x += (int)b.v[2]; fill(b); }
  { Buf c; fill(c); co_await park{}; x += (int)c.v[3]; fill(c); }
  co_return x;
}

// ---- round trip: a generator cycling through the phases forever
generator<int> cycle(int n) {
  for (;;) {
    { int a = compute(n); int b = compute(a); co_yield a + b; co_yield a * b; }
    { Big x; use(x); co_yield 1; use(x); }
    { Big y; use(y); co_yield 2; use(y); }
    { long p = compute(n + 1), q = compute(n + 2); co_yield (int)p; co_yield (int)(q + n); }
  }
}
__attribute__((noinline)) long roundtrip(generator<int> &g, long iters) {
  long s = 0;
  for (long i = 0; i < iters; i++) {
    g.next();
    s += g.value();
  }
  return s;
}

// ---- round trip 2: a task parked on an external event, resumed forever,
// phases of scalars that never meet (job() above keeps its buffers: they
// escape to fill(), so it cannot be packed)
static std::coroutine_handle<> g_slot;
static long g_sink;
struct park1 {
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { g_slot = h; }
  void await_resume() noexcept {}
};
task worker(int x) {
  for (;;) {
    { int a = opaque(x), b = opaque(a); co_await park1{}; x += opaque(a) + opaque(b); }
    { long p = opaque(x + 1), q = opaque(x + 2); co_await park1{}; x += opaque((int)p) ^ opaque((int)q); }
    { long r = opaque(x + 3), t = opaque(x + 4); co_await park1{}; x += opaque((int)r) - opaque((int)t); }
    g_sink = x;
  }
}
__attribute__((noinline)) long roundtrip_task(long iters) {
  long s = 0;
  for (long i = 0; i < iters; i++) {
    g_slot.resume();
    s += g_sink;
  }
  return s;
}

// ---- round trip 3: a tree of elidable tasks (examples/elidable.cpp's
// leaf/l1/l2); each run allocates l2's frame, which holds its children's
task leaf(int x) { Big b; use(b); co_return opaque(x) + b.buf[3]; }
task l1(int x) { int a = co_await leaf(x); int b = co_await leaf(x + 1); co_return a + b; }
task l2(int x) { int a = co_await l1(x); int b = co_await l1(x + 1); co_return a + b; }
__attribute__((noinline)) long roundtrip_tree(long iters) {
  long s = 0;
  for (long i = 0; i < iters; i++) {
    task t = l2((int)i);
    t.h.resume();
    s += t.h.promise().value;
  }
  return s;
}

static long peak_rss_kib() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "mem";
  if (!std::strcmp(mode, "loop")) {
    long iters = argc > 2 ? std::atol(argv[2]) : 100000;
    auto g = cycle(3);
    std::printf("checksum %ld\n", roundtrip(g, iters));
    return 0;
  }
  if (!std::strcmp(mode, "tloop")) {
    long iters = argc > 2 ? std::atol(argv[2]) : 100000;
    task t = worker(3);
    t.h.resume();  // runs to its first park
    std::printf("checksum %ld\n", roundtrip_task(iters));
    return 0;
  }
  if (!std::strcmp(mode, "tree")) {
    long iters = argc > 2 ? std::atol(argv[2]) : 100000;
    std::printf("checksum %ld\n", roundtrip_tree(iters));
    return 0;
  }
  long count = argc > 2 ? std::atol(argv[2]) : 1000000;
  std::vector<generator<int>> gens;
  std::vector<task> tasks;
  std::vector<std::coroutine_handle<>> parked;
  gens.reserve(count / 2);
  tasks.reserve(count - count / 2);
  parked.reserve(count - count / 2);
  g_parked = &parked;
  unsigned long long b0 = g_bytes, c0 = g_calls;
  long check = 0;
  for (long i = 0; i < count / 2; i++) {
    gens.push_back(phases((int)i));
    gens.back().next();  // suspended at its first co_yield
    check += gens.back().value();
  }
  unsigned long long gbytes = g_bytes - b0;
  for (long i = count / 2; i < count; i++) {
    tasks.push_back(job((int)i));
    tasks.back().h.resume();  // runs to its first park
  }
  unsigned long long tbytes = g_bytes - b0 - gbytes;
  std::printf("coroutines %ld frame_allocs %llu frame_bytes %llu "
              "generator_frame %llu task_frame %llu peak_rss_kib %ld check %ld\n",
              count, g_calls - c0, g_bytes - b0, gbytes / (count / 2),
              tbytes / (count - count / 2), peak_rss_kib(), check);
  return 0;
}
