// Differential execution test: coroutines whose promise operator new does
// something with the frame size besides passing it on, as real libraries
// do.  header_gen puts a 16-byte header in front of the frame (malloc(n +
// 16)), records n there, and its sized operator delete aborts if it is
// given another size; recycled_gen keeps one freed block and reuses it for
// the next frame when the frame fits (n <= 256), recording every size it is
// asked for.  If the plugin shrank the frame but left one copy of the old
// size (in the header computation, the comparison, the sized delete), the
// program aborts with "size mismatch" or ASan reports a buffer overflow.
// use() (sized_allocators.opaque.cpp) checks that each Big survives its
// suspend.  Nothing printed depends on the frame's size or layout.
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

struct Big { char buf[64]; };
void use(Big &);
int compute(int);
void forget_gen(int);
unsigned long long opaque_checksum();
extern int g_current_gen;
static int next_gen_id = 0;

static unsigned long long sum = 14695981039346656037ull;
static void mix(long long v) {
  sum ^= (unsigned long long)v;
  sum *= 1099511628211ull;
}

struct header_alloc {
  static void *operator new(std::size_t n) {
    char *p = (char *)std::malloc(n + 16);
    if (!p) std::abort();
    std::memcpy(p, &n, sizeof n);
    return p + 16;
  }
  static void operator delete(void *q, std::size_t n) {
    char *p = (char *)q - 16;
    std::size_t m;
    std::memcpy(&m, p, sizeof m);
    if (m != n) {
      std::printf("size mismatch: allocated %zu, freed %zu\n", m, n);
      std::abort();
    }
    std::free(p);
  }
};

static void *cached_block;
static std::size_t cached_size, recycled_count;
struct recycling_alloc {
  static void *operator new(std::size_t n) {
    if (cached_block && n <= 256 && n <= cached_size) {
      void *p = cached_block;
      cached_block = nullptr;
      ++recycled_count;
      return p;
    }
    return ::operator new(n <= 256 ? 256 : n);
  }
  static void operator delete(void *p, std::size_t n) {
    if (!cached_block && n <= 256) {
      cached_block = p;
      cached_size = 256;
      return;
    }
    ::operator delete(p);
  }
};

template <class T, class Alloc> struct generator {
  struct promise_type : Alloc {
    T value{};
    int id = ++next_gen_id;
    generator get_return_object() {
      return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) {
      value = std::move(v);
      return {};
    }
    void return_void() {}
    void unhandled_exception() { throw; }
  };
  std::coroutine_handle<promise_type> h;
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~generator() {
    if (h) {
      forget_gen(h.promise().id);
      h.destroy();
    }
  }
  bool next() {
    if (!h || h.done()) return false;
    g_current_gen = h.promise().id;
    h.resume();
    return !h.done();
  }
  T &value() { return h.promise().value; }
};

generator<int, header_alloc> header_gen(int n) {
  { int a = compute(n); int b = compute(a); co_yield a + b; co_yield a * b; }
  { Big x; use(x); co_yield 1; use(x); }
  { Big y; use(y); co_yield 2; use(y); }
  { long p = compute(n + 1), q = compute(n + 2), r = compute(n + 3); co_yield (int)p; co_yield (int)(q + r); }
}

generator<int, recycling_alloc> recycled_gen(int n) {
  { int a = compute(n); int b = compute(a); co_yield a - b; co_yield a ^ b; }
  { Big x; use(x); co_yield 3; use(x); }
  { Big y; use(y); co_yield 4; use(y); }
  { long p = compute(n + 5), q = compute(n + 6), r = compute(n + 7); co_yield (int)(p - q); co_yield (int)r; }
}

template <class G> static int drain(G &g, const char *tag, int limit = -1) {
  int count = 0;
  while ((limit < 0 || count < limit) && g.next()) {
    std::printf("%s yield #%d = %d\n", tag, count, g.value());
    mix(g.value());
    ++count;
  }
  return count;
}

int main() {
  for (int n = 0; n < 3; ++n) {
    auto g = header_gen(n * 7 + 1);
    drain(g, "header");
  }
  for (int stop = 0; stop <= 6; ++stop) {
    auto g = header_gen(50 + stop);
    drain(g, "header early", stop);
  }
  for (int n = 0; n < 6; ++n) {
    auto a = recycled_gen(n);
    auto b = recycled_gen(n + 100);
    drain(a, "recycled a", n);
    drain(b, "recycled b");
  }
  std::printf("recycled %zu times\n", recycled_count);
  std::printf("checksum: %016llx %016llx\n", sum, opaque_checksum());
  return 0;
}
