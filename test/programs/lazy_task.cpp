// Differential execution test: lazy task<T> with symmetric transfer, chains of
// tasks awaiting each other, locals of many sizes/alignments live across
// suspensions, loops/branches around co_await, early co_return and an
// exception propagating through awaiting tasks.  Some awaits really suspend
// into a FIFO scheduler so that several task chains are interleaved.
#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <utility>

int opaque(int);
double opaque_d(double);
void fill(int *, int, int);
long long sum_ints(const int *, int);
void touch_floats(float *);
unsigned long long opaque_checksum();

static unsigned long long sum = 14695981039346656037ull;
static void mix(long long v) {
  sum ^= (unsigned long long)v;
  sum *= 1099511628211ull;
}

// ---------------------------------------------------------------------------
// A tiny FIFO scheduler.
struct scheduler {
  std::coroutine_handle<> q[64];
  int head = 0, tail = 0;
  void push(std::coroutine_handle<> h) {
    if (tail - head >= 64) {
      std::printf("scheduler overflow\n");
      std::terminate();
    }
    q[tail++ % 64] = h;
  }
  bool run_one() {
    if (head == tail) return false;
    std::coroutine_handle<> h = q[head++ % 64];
    h.resume();
    return true;
  }
} sched;

struct reschedule {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { sched.push(h); }
  void await_resume() const noexcept {}
};

// ---------------------------------------------------------------------------
struct my_error {
  int code;
};

template <class T> struct task {
  struct promise_type {
    std::coroutine_handle<> continuation;
    std::exception_ptr error;
    T value{};

    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        if (auto c = h.promise().continuation)
          return c;
        return std::noop_coroutine();
      }
      void await_resume() const noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { error = std::current_exception(); }
  };

  std::coroutine_handle<promise_type> h;

  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  task(const task &) = delete;
  task &operator=(const task &) = delete;
  ~task() {
    if (h) h.destroy();
  }

  struct awaiter {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
      h.promise().continuation = caller;
      return h; // symmetric transfer into the callee
    }
    T await_resume() {
      if (h.promise().error)
        std::rethrow_exception(h.promise().error);
      return std::move(h.promise().value);
    }
  };
  awaiter operator co_await() && noexcept { return awaiter{h}; }
};

// Drive a set of root tasks to completion via the scheduler.
template <class T> static void start(task<T> &t) { sched.push(t.h); }
static void run_all() {
  while (sched.run_one()) {
  }
}

// ---------------------------------------------------------------------------
struct Point {
  double x, y, z;
};
struct alignas(32) Vec8 {
  float v[8];
};
struct Mixed {
  char tag;
  long long big;
  short s[5];
};

task<int> leaf(int x) {
  int r = opaque(x);
  if (x % 3 == 0) co_await reschedule{};
  co_return r + 1;
}

task<int> thrower(int x) {
  int before = co_await leaf(x);
  if (before % 2 == 0 || x > 0) {
    co_await reschedule{};
    throw my_error{before + x};
  }
  co_return before;
}

task<double> dmath(double d, int n) {
  double acc = d;
  for (int i = 0; i < n; ++i) {
    acc = acc * 0.75 + opaque_d(acc);
    if (i % 2) co_await reschedule{};
  }
  co_return acc;
}

// Big mix of locals live across several suspensions.
task<long long> middle(int seed) {
  int arr[24];
  fill(arr, 24, seed);
  Point p{seed * 1.5, seed * -0.25, 3.0};
  Vec8 v;
  for (int i = 0; i < 8; ++i) v.v[i] = (float)(seed + i);
  Mixed m{'m', 1234567890123ll + seed, {1, 2, 3, 4, 5}};
  double d = seed / 8.0;

  int a = co_await leaf(seed);
  bool aligned = (reinterpret_cast<std::uintptr_t>(&v) % alignof(Vec8)) == 0;
  std::printf("  middle(%d): a=%d aligned=%d\n", seed, a, (int)aligned);
  mix(a);
  mix(aligned);

  touch_floats(v.v);
  co_await reschedule{};
  p.x += a;

  double dd = co_await dmath(d + p.x, 3);
  d += dd;

  long long acc = 0;
  for (int i = 0; i < 4; ++i) {
    if (arr[i] % 2) {
      acc += co_await leaf(arr[i]);
    } else {
      acc -= co_await leaf(arr[i] + 1);
      m.s[i] = (short)(m.s[i] + 1);
    }
  }

  if (seed == 5) {
    // early co_return with everything still live
    std::printf("  middle(%d): early return\n", seed);
    co_return acc + sum_ints(arr, 24) + m.big;
  }

  int b = co_await leaf(a + seed);
  touch_floats(v.v);
  aligned = (reinterpret_cast<std::uintptr_t>(&v) % alignof(Vec8)) == 0;
  mix(aligned);

  long long total = acc + b + sum_ints(arr, 24) + m.big + m.s[0] + m.s[1] + m.s[2] +
                    m.s[3] + m.s[4] + m.tag + (long long)(p.x * 4) +
                    (long long)(p.y * 4) + (long long)p.z + (long long)(d * 16);
  for (int i = 0; i < 8; ++i) total += (long long)v.v[i];
  std::printf("  middle(%d): acc=%lld b=%d d=%.6f total=%lld\n", seed, acc, b, d, total);
  co_return total;
}

task<int> catcher(int x) {
  char name[13];
  std::memcpy(name, "catcher-tag!", 13);
  int local = opaque(x);
  int result = 0;
  try {
    result = co_await thrower(x);
    std::printf("  catcher(%d): no exception, %d\n", x, result);
  } catch (const my_error &e) {
    std::printf("  catcher(%d): caught my_error code=%d\n", x, e.code);
    result = -e.code;
  }
  int after = co_await leaf(local);
  std::printf("  catcher(%d): %s local=%d after=%d\n", x, name, local, after);
  co_return result + after;
}

// Exception crosses two task frames before being caught.
task<int> rethrow_mid(int x) {
  long long keep[3] = {x * 1ll, x * 2ll, x * 3ll};
  int r = co_await thrower(x);
  co_return r + (int)keep[2];
}

task<int> catcher2(int x) {
  int r = 0;
  try {
    r = co_await rethrow_mid(x);
  } catch (const my_error &e) {
    r = 1000 + e.code;
  }
  co_return r;
}

task<long long> top(int seed) {
  long long r = 0;
  int i = 0;
  while (i < 3) {
    long long m = co_await middle(seed + i);
    r += m;
    if (m % 5 == 0) {
      std::printf("  top(%d): skipping at %d\n", seed, i);
      i += 2;
      continue;
    }
    ++i;
  }
  int c = co_await catcher(seed);
  int c2 = co_await catcher2(seed + 1);
  std::printf("  top(%d): r=%lld c=%d c2=%d\n", seed, r, c, c2);
  co_return r + c + c2;
}

// Long synchronous chain (symmetric transfer must not grow the stack).
task<int> chain(int depth) {
  if (depth == 0) co_return opaque(depth);
  int below = co_await chain(depth - 1);
  co_return below + depth;
}

int main() {
  // Several chains interleaved through the scheduler.
  {
    task<long long> t1 = top(1);
    task<long long> t2 = top(4);
    task<long long> t3 = top(9);
    start(t1);
    start(t2);
    start(t3);
    run_all();
    long long r1 = t1.h.promise().value, r2 = t2.h.promise().value,
              r3 = t3.h.promise().value;
    std::printf("top results: %lld %lld %lld (done %d%d%d)\n", r1, r2, r3,
                (int)t1.h.done(), (int)t2.h.done(), (int)t3.h.done());
    mix(r1);
    mix(r2);
    mix(r3);
  }

  // A task that is never started, and tasks destroyed while suspended at
  // various depths (inside a nested await, or at their own suspension
  // point).  Frames of the whole suspended chain must be torn down cleanly.
  {
    task<long long> never = middle(3);
    (void)never;
    for (int steps = 1; steps <= 6; ++steps) {
      task<long long> half = middle(6 + steps);
      start(half);
      for (int i = 0; i < steps; ++i) sched.run_one();
      std::printf("partial(%d) done=%d\n", steps, (int)half.h.done());
      if (half.h.done()) {
        mix(half.h.promise().value);
        continue;
      }
      // Everything still queued belongs to `half`'s chain: drop it, then
      // destroy the suspended chain.
      sched.head = sched.tail;
    }
  }

  {
    task<int> c = chain(5000);
    start(c);
    run_all();
    std::printf("chain(5000) = %d\n", c.h.promise().value);
    mix(c.h.promise().value);
  }

  {
    task<int> e = catcher(-3);
    start(e);
    run_all();
    std::printf("catcher(-3) = %d\n", e.h.promise().value);
    mix(e.h.promise().value);
  }

  std::printf("checksum: %016llx %016llx\n", sum, opaque_checksum());
  return 0;
}
