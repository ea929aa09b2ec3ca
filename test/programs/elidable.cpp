// Differential execution test: a [[clang::coro_await_elidable]] lazy task with
// symmetric transfer.  Immediately-awaited child tasks are candidates for
// CoroAnnotationElide, i.e. their frames get placed inside the parent frame.
// Try with and without `-mllvm -coro-elide-branch-ratio=0`.
#include <coroutine>
#include <cstdio>
#include <exception>
#include <utility>

struct Big { char buf[128]; };
void consume(Big &);
int opaque(int);
int verify(const Big &);
unsigned long long opaque_checksum();

static unsigned long long sum = 14695981039346656037ull;
static void mix(long long v) {
  sum ^= (unsigned long long)v;
  sum *= 1099511628211ull;
}

// Very small FIFO of suspended coroutines (for awaits that really suspend).
static std::coroutine_handle<> queue[32];
static int q_head = 0, q_tail = 0;
struct reschedule {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    if (q_tail - q_head >= 32) std::terminate();
    queue[q_tail++ % 32] = h;
  }
  void await_resume() const noexcept {}
};

struct [[clang::coro_await_elidable]] task {
  struct promise_type {
    std::coroutine_handle<> continuation;
    std::exception_ptr error;
    int value = 0;

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
    void return_value(int v) { value = v; }
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
      return h;
    }
    int await_resume() {
      if (h.promise().error) std::rethrow_exception(h.promise().error);
      return h.promise().value;
    }
  };
  awaiter operator co_await() && noexcept { return awaiter{h}; }
};

// sync_wait-like driver: start the task, run queued continuations until done.
static int sync_wait(task t) {
  t.h.resume();
  while (!t.h.done()) {
    if (q_head == q_tail) {
      std::printf("sync_wait: deadlock\n");
      std::terminate();
    }
    queue[q_head++ % 32].resume();
  }
  if (t.h.promise().error) std::rethrow_exception(t.h.promise().error);
  return t.h.promise().value;
}

task leaf(int x) { Big b; consume(b); co_return opaque(x) + b.buf[3]; }
task l1(int x) { int a = co_await leaf(x); int b = co_await leaf(x+1); co_return a + b; }
task l2(int x) { int a = co_await l1(x); int b = co_await l1(x+1); co_return a + b; }
task l3(int x) { int a = co_await l2(x); int b = co_await l2(x+1); co_return a + b; }
task l4(int x) { int a = co_await l3(x); int b = co_await l3(x+1); co_return a + b; }

// Leaf whose Big buffer is live across a real suspension.
task sleepy_leaf(int x) {
  Big b;
  consume(b);
  int before = verify(b);
  co_await reschedule{};
  int after = verify(b);
  if (before != after) std::printf("  sleepy_leaf(%d): buffer CORRUPTED\n", x);
  co_return opaque(x) + b.buf[5] + (before == after);
}

// Children awaited in a loop.
task loop_children(int n) {
  int s = 0;
  for (int i = 0; i < n; ++i) {
    s += co_await leaf(i * 3);
    if (i % 3 == 2) s -= co_await l1(i);
  }
  co_return s;
}

// Children awaited in branches (branch-ratio sensitive elision).
task branchy(int x) {
  int r = opaque(x);
  if (r % 7 == 0) {
    r += co_await l3(x);           // rarely taken
  } else if (r % 2) {
    r += co_await l1(x);
    r += co_await sleepy_leaf(x);
  } else {
    Big local;
    consume(local);
    r -= co_await leaf(x);
    r += local.buf[7] + verify(local) % 97;
  }
  switch (x % 3) {
  case 0: r += co_await leaf(x + 100); break;
  case 1: r += co_await sleepy_leaf(x + 200); break;
  default: break;
  }
  co_return r;
}

// Mixed: sleepy children nested in the tree, with a loop at the top.
task sleepy_l1(int x) { int a = co_await sleepy_leaf(x); int b = co_await leaf(x+1); co_return a - b; }
task sleepy_l2(int x) {
  int acc = 0;
  for (int i = 0; i < 3; ++i) acc += co_await sleepy_l1(x + i);
  Big keep;
  consume(keep);
  acc += co_await branchy(x);
  acc += verify(keep) % 1000;
  co_return acc;
}

int main() {
  for (int x = 0; x < 3; ++x) {
    int r = sync_wait(l4(x));
    std::printf("l4(%d) = %d\n", x, r);
    mix(r);
  }
  int r3 = sync_wait(l3(42));
  std::printf("l3(42) = %d\n", r3);
  mix(r3);

  for (int n : {0, 1, 5, 9}) {
    int r = sync_wait(loop_children(n));
    std::printf("loop_children(%d) = %d\n", n, r);
    mix(r);
  }
  for (int x = 0; x < 24; ++x) {
    int r = sync_wait(branchy(x));
    std::printf("branchy(%d) = %d\n", x, r);
    mix(r);
  }
  for (int x = 0; x < 4; ++x) {
    int r = sync_wait(sleepy_l2(x * 5));
    std::printf("sleepy_l2(%d) = %d\n", x * 5, r);
    mix(r);
  }
  std::printf("checksum: %016llx %016llx\n", sum, opaque_checksum());
  return 0;
}
