// Differential execution test for -coro-pack-demote: frame slots that are
// live in no suspend state leave the frame for an alloca of each piece.
//
// LLVM puts a temporary bound to a reference (the Subcase-like `Sub`, the
// shape of doctest's SUBCASE in cppcoro's task_tests) into the frame when
// its scope spans a co_await, although after the suspend it is only
// destroyed, and its destructor only writes: live in no suspend state, so
// it is demoted.  `Noisy` is the control: its destructor prints what its
// constructor stored, so its bytes are needed across the suspend; were it
// demoted, the resumed piece would print an uninitialised id.  Exceptions
// thrown and caught after the suspend run the destructors on the unwind
// path, and `inline_resume` resumes the coroutine from inside
// await_suspend (a second activation nested in the first: each has its
// own alloca).  Frame guards (Guard) abort on corrupted bytes.
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <utility>

struct Guard {
  int magic = 0x5eed;
  ~Guard() {
    if (magic != 0x5eed) {
      std::puts("frame corrupted");
      std::abort();
    }
  }
};

struct task {
  struct promise_type {
    int value = 0;
    Guard guard;
    std::coroutine_handle<> cont;
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto c = h.promise().cont;
        return c ? c : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(int v) { value = v; }
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> h;
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) : h(std::exchange(o.h, {})) {}
  ~task() {
    if (h) h.destroy();
  }
  bool await_ready() { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
    h.promise().cont = c;
    return h;
  }
  int await_resume() { return h.promise().value; }
};

// Read before the suspend (operator bool), only written after it.
struct Sub {
  int id;
  bool on;
  char pad[40];
  Sub(int i, int which);
  ~Sub();
  explicit operator bool() const { return on; }
};
__attribute__((noinline)) Sub::Sub(int i, int which) : id(i), on(i == which) {
  std::memset(pad, i, sizeof pad);
}
__attribute__((noinline)) Sub::~Sub() {
  id = -1;
  std::memset(pad, 0, sizeof pad);
}

// Its constructor's data are printed by its destructor, after the suspend.
struct Noisy {
  int id;
  explicit Noisy(int i);
  ~Noisy();
};
__attribute__((noinline)) Noisy::Noisy(int i) : id(i) {}
__attribute__((noinline)) Noisy::~Noisy() { std::printf("  ~Noisy %d\n", id); }

__attribute__((noinline)) void check(int line, bool ok) {
  std::printf("  check %d: %s\n", line, ok ? "ok" : "FAILED");
}
__attribute__((noinline)) void maybe_throw(int v) {
  if (v % 3 == 0) throw v;
}

struct inline_resume {
  bool await_ready() { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    h.resume(); // the coroutine runs on, nested, to its next suspend
    return true;
  }
  void await_resume() {}
};

task leaf(int x) { co_return x; }

task subcases(int which) {
  int sum = 0;
  if (const Sub &s1 = Sub(1, which)) {
    int r = co_await leaf(3);
    check(__LINE__, r == 3);
    sum += r;
  }
  if (const Sub &s2 = Sub(2, which)) {
    Noisy n(20 + which);
    auto t = leaf(4);
    int r = co_await t;
    check(__LINE__, r == 4);
    sum += r;
  }
  if (const Sub &s3 = Sub(3, which)) {
    int r = co_await leaf(which * 3);
    try {
      maybe_throw(r);
      check(__LINE__, false);
    } catch (int e) {
      check(__LINE__, e == 9);
      sum += e;
    }
  }
  if (const Sub &s4 = Sub(4, which)) {
    Noisy n(40 + which);
    co_await inline_resume{};
    int r = co_await leaf(5);
    check(__LINE__, r == 5);
    sum += r;
  }
  co_return sum + which * 100;
}

task driver() {
  int total = 0;
  for (int w = 0; w <= 5; ++w) {
    int v = co_await subcases(w);
    std::printf("subcases(%d) = %d\n", w, v);
    total += v;
  }
  co_return total;
}

int main() {
  task t = driver();
  t.h.resume();
  std::printf("total %d\n", t.h.promise().value);
  return 0;
}
