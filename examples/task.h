// A lazy task<T> with symmetric transfer; ELIDABLE marks it
// [[clang::coro_await_elidable]] when defined.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

#ifdef ELIDABLE
#define TASK_ATTR [[clang::coro_await_elidable]]
#else
#define TASK_ATTR
#endif

struct TASK_ATTR task {
  struct promise_type {
    int value = 0;
    std::coroutine_handle<> cont = std::noop_coroutine();
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().cont;
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(int v) noexcept { value = v; }
    void unhandled_exception() { std::terminate(); }
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
  int await_resume() noexcept { return h.promise().value; }
};
