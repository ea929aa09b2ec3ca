// [[clang::coro_await_elidable]] tasks whose child frames outlive the
// co_await expression that elided them: the attribute only promises that a
// child does not outlive its caller.  Each child is kept alive past the
// awaiting expression by a different owner, while later frame data (Big)
// is filled and checked; each promise's destructor checks a guard value in
// its own bytes.  The plugin must keep every child frame live until the
// call that really destroys it (pass/owners.c proves which calls those are;
// docs/design.md, "Child frames").  The plugin of commit 8268ad2 ended a
// child frame with the task temporary and corrupted these programs.
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

struct keeper;
// Where the next awaited task hands its child over (null: it keeps it).
keeper *stash = nullptr;

struct [[clang::coro_await_elidable]] task {
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
        return h.promise().cont ? h.promise().cont : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(int v) { value = v; }
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> h;
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~task() {
    if (h) h.destroy();
  }
  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().cont = c;
    return h;
  }
  inline int await_resume() noexcept;
};

// Keeps a finished child alive until it goes out of scope.
struct keeper {
  std::coroutine_handle<task::promise_type> h;
  ~keeper() {
    if (h) h.destroy();
  }
};

int task::await_resume() noexcept {
  int v = h.promise().value;
  if (stash) {
    stash->h = std::exchange(h, {}); // the temporary no longer owns it
    stash = nullptr;
  }
  return v;
}

struct Big {
  char buf[144];
};
__attribute__((noinline)) void fill(Big &b, char c) { std::memset(b.buf, c, sizeof b.buf); }
__attribute__((noinline)) int use(Big &b) { return b.buf[9]; }

task leaf(int x) { co_return x; }

// The child's handle is taken over by a keeper local to the coroutine.
task kept_by_local(int x) {
  keeper k;
  stash = &k;
  int a = co_await leaf(x); // elided into this frame; k owns it after
  Big b;
  fill(b, 0x21);
  int c = co_await leaf(x + 1);
  co_return use(b) + a + c; // destroyed when k dies, after this
}

// Two children kept alive at once by keepers, the first one longer.
task two_kept(int x) {
  keeper outer_k;
  stash = &outer_k;
  int a = co_await leaf(x);
  Big b;
  fill(b, 0x13);
  int c;
  {
    keeper inner_k;
    stash = &inner_k;
    c = co_await leaf(x + 1);
    Big d;
    fill(d, 0x05);
    c += use(d);
  }
  int e = co_await leaf(x + 2);
  co_return use(b) + a + c + e;
}

int run(task t) {
  t.h.resume();
  return t.h.promise().value;
}

int main() {
  std::printf("%d\n", run(kept_by_local(1)));
  std::printf("%d\n", run(two_kept(2)));
  return 0;
}
