// A named task owns its child's frame (placed in the caller's frame by
// LLVM's CoroElide) until the task is destroyed, not until the awaiter that
// copied its handle dies.  Data created after the co_await (Big) must not
// share bytes with that frame while the owner is alive: ~task runs the
// child's cleanup, whose promise destructor checks its own bytes (Guard).
// The plugin of commit 8268ad2 gave Big the child frame's bytes and this
// program aborted at -O1..-O3 (the shape of cppcoro's task_tests crash).
// Three owners: a named task awaited as an lvalue through a separate
// awaiter; a task that is its own awaiter; a task moved into a second owner.
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

struct Guard {
  int magic = 0x1234;
  ~Guard() {
    if (magic != 0x1234) {
      std::puts("frame corrupted");
      std::abort();
    }
  }
};

// The promise both task types share; its Guard checks the promise's bytes
// when the child is destroyed.
template <class Task> struct basic_promise {
  int value = 0;
  Guard guard;
  std::coroutine_handle<> cont;
  Task get_return_object() {
    return Task{std::coroutine_handle<basic_promise>::from_promise(*this)};
  }
  std::suspend_always initial_suspend() noexcept { return {}; }
  struct final_awaiter {
    bool await_ready() noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<basic_promise> h) noexcept {
      return h.promise().cont ? h.promise().cont : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }
  void return_value(int v) { value = v; }
  void unhandled_exception() {}
};

// Owns the handle and destroys the child in its destructor.
template <class Task> struct owner {
  using promise_type = basic_promise<Task>;
  std::coroutine_handle<promise_type> h;
  explicit owner(std::coroutine_handle<promise_type> h) : h(h) {}
  owner(owner &&o) : h(std::exchange(o.h, {})) {}
  ~owner() {
    if (h) h.destroy();
  }
};

// The common library design: operator co_await returns a separate awaiter
// holding a copy of the handle.
struct task : owner<task> {
  using owner::owner;
  struct awaiter {
    std::coroutine_handle<promise_type> h;
    bool await_ready() { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
      h.promise().cont = c;
      return h;
    }
    int await_resume() { return h.promise().value; }
  };
  awaiter operator co_await() & { return awaiter{h}; }
  awaiter operator co_await() && { return awaiter{h}; }
};

// A task that is its own awaiter.
struct self_task : owner<self_task> {
  using owner::owner;
  bool await_ready() { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
    h.promise().cont = c;
    return h;
  }
  int await_resume() { return h.promise().value; }
};

struct Big {
  char buf[144];
};
__attribute__((noinline)) void fill(Big &b, char c) { std::memset(b.buf, c, sizeof b.buf); }
__attribute__((noinline)) int use(Big &b) { return b.buf[7]; }

task f() { co_return 3; }
task g() { co_return 4; }
self_task s() { co_return 5; }

task lvalue_owner() {
  auto t = f();       // owns f's frame until lvalue_owner ends
  int x = co_await t; // the awaiter's copy of the handle dies here
  Big b;
  fill(b, 0x5a);      // must not share bytes with t's elided frame
  int y = co_await g();
  co_return use(b) + x + y; // 90 + 3 + 4
}

task self_owner() {
  auto t = s();
  int x = co_await t;
  Big b;
  fill(b, 0x11);
  int y = co_await g();
  co_return use(b) + x + y; // 17 + 5 + 4
}

task moved_owner() {
  auto t = f();
  int x = co_await t;
  task second = std::move(t); // the child now belongs to second
  Big b;
  fill(b, 0x22);
  int y = co_await g();
  co_return use(b) + x + y; // 34 + 3 + 4
}

int run(task t) {
  t.h.resume();
  return t.h.promise().value;
}

int main() {
  std::printf("%d\n", run(lvalue_owner()));
  std::printf("%d\n", run(self_owner()));
  std::printf("%d\n", run(moved_owner()));
  return 0;
}
