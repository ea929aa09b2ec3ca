// The program of the out-of-tree consumer project (test/install/): a
// generator whose locals live in disjoint phases, so that coropack lets
// them share frame bytes.  It prints what it yields, their sum, and the
// size the coroutine's frame was allocated with (96 bytes packed at -O2 and
// -O3, 104 without coropack).
#include <coroutine>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <utility>

static std::size_t frame_bytes = 0;

struct generator {
  struct promise_type {
    int value = 0;
    // Not inlined: the frame size reaches it only as the allocation's
    // argument, which coropack rewrites (a copy of the size stored
    // anywhere else would make coropack leave the frame alone).
    [[gnu::noinline]] static void *operator new(std::size_t n) {
      frame_bytes = n;
      if (void *p = std::malloc(n))
        return p;
      throw std::bad_alloc();
    }
    static void operator delete(void *p) { std::free(p); }
    generator get_return_object() {
      return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int v) {
      value = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };

  std::coroutine_handle<promise_type> h;
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  generator(const generator &) = delete;
  ~generator() {
    if (h)
      h.destroy();
  }
  bool next() {
    h.resume();
    return !h.done();
  }
  int value() const { return h.promise().value; }
};

struct Big {
  unsigned char buf[64];
};
[[gnu::noinline]] int compute(int x) { return x * 7 + 3; }
[[gnu::noinline]] void stir(Big &b, int seed) {
  for (int i = 0; i < 64; ++i)
    b.buf[i] = (unsigned char)(b.buf[i] + seed + i);
}
[[gnu::noinline]] int total(const Big &b) {
  int s = 0;
  for (unsigned char c : b.buf)
    s += c;
  return s;
}

// Three phases: two ints, then a 64-byte buffer, then three longs, each
// live across suspend points of its own phase only.  noinline: the frame
// is allocated, not elided into main's, so operator new sees its size.
[[gnu::noinline]] generator phases(int n) {
  {
    int a = compute(n), b = compute(a);
    co_yield a + b;
    co_yield a * b;
  }
  {
    Big x{};
    stir(x, n);
    co_yield total(x);
    stir(x, 1);
    co_yield total(x);
  }
  {
    long p = compute(n + 1), q = compute(n + 2), r = compute(n + 3);
    co_yield (int)p;
    co_yield (int)(q + r);
  }
}

int main() {
  generator g = phases(1);
  long sum = 0;
  int count = 0;
  while (g.next()) {
    std::printf("yield %d = %d\n", count++, g.value());
    sum += g.value();
  }
  std::printf("sum %ld after %d values\n", sum, count);
  std::printf("frame %zu bytes\n", frame_bytes);
  return 0;
}
