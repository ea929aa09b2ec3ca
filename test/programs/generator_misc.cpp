// Differential execution test: assorted generators.
//   * loops yielding, values live across every suspension
//   * a generator throwing after some yields (rethrown by unhandled_exception)
//   * a generator with suspend_never initial suspend
//   * generators consumed inside another generator
#include <coroutine>
#include <cstdio>
#include <cstring>
#include <exception>
#include <utility>

int opaque(int);
int scramble(int *, int);
double opaque_d(double);
unsigned long long opaque_checksum();

static unsigned long long sum = 14695981039346656037ull;
static void mix(long long v) {
  sum ^= (unsigned long long)v;
  sum *= 1099511628211ull;
}

struct gen_error {
  int code;
};

// Generator; Eager selects suspend_never as initial suspend.
template <class T, bool Eager = false> struct basic_generator {
  struct promise_type {
    T value{};
    bool fresh = false; // value produced but not yet handed out (eager start)
    basic_generator get_return_object() {
      return basic_generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    auto initial_suspend() noexcept {
      if constexpr (Eager)
        return std::suspend_never{};
      else
        return std::suspend_always{};
    }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) {
      value = std::move(v);
      fresh = true;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { throw; }
  };

  std::coroutine_handle<promise_type> h;
  explicit basic_generator(std::coroutine_handle<promise_type> h) : h(h) {}
  basic_generator(basic_generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  basic_generator(const basic_generator &) = delete;
  basic_generator &operator=(const basic_generator &) = delete;
  ~basic_generator() {
    if (h) h.destroy();
  }

  bool next() {
    if (!h || h.done()) return false;
    if (h.promise().fresh) {
      // eager generator: the first value is already there
      h.promise().fresh = false;
      if (Eager) return true;
    }
    h.resume();
    h.promise().fresh = false;
    return !h.done();
  }
  T &value() { return h.promise().value; }
};

template <class T> using generator = basic_generator<T, false>;
template <class T> using eager_generator = basic_generator<T, true>;

// ---------------------------------------------------------------------------
generator<int> counter(int from, int to, int step) {
  for (int i = from; i < to; i += step) co_yield i;
}

generator<long long> fib(int n) {
  long long a = 0, b = 1;
  for (int i = 0; i < n; ++i) {
    co_yield a;
    long long t = a + b;
    a = b;
    b = t;
  }
}

struct Triple {
  int a, b, c;
};

// Many values live across every suspension point.
generator<long long> all_live(int seed) {
  int arr[16];
  for (int i = 0; i < 16; ++i) arr[i] = seed * 3 + i;
  Triple t{seed, seed * 2, seed * 3};
  double d = seed * 0.125;
  char s[20];
  std::memcpy(s, "live-across-yields", 19);
  short sh = (short)(seed * 7);
  long long acc = 0;
  for (int round = 0; round < 6; ++round) {
    int k = scramble(arr, 16);
    acc += k;
    co_yield acc + t.a;
    t.a += arr[round];
    d = opaque_d(d);
    co_yield (long long)(d * 100) + t.b;
    t.b ^= k;
    co_yield (long long)s[round] + sh + t.c;
    sh = (short)(sh + 3);
  }
  co_yield acc + t.a + t.b + t.c + (long long)(d * 8) + sh + (long long)std::strlen(s);
}

// Throws after a few yields; the exception escapes to the consumer.
generator<int> throwing(int n, int throw_at) {
  int local[4] = {n, n + 1, n + 2, n + 3};
  for (int i = 0; i < n; ++i) {
    if (i == throw_at) throw gen_error{local[i % 4] * 100 + i};
    co_yield local[i % 4] + opaque(i);
  }
}

// Eager start: runs until the first co_yield during the call itself.
eager_generator<int> eager(int n) {
  std::printf("  eager(%d) started\n", n);
  int base = opaque(n);
  for (int i = 0; i < n; ++i) co_yield base + i * i;
  std::printf("  eager(%d) finishing\n", n);
}

// Nested generators: inner generators are locals of the outer frame.
generator<int> flatten(int rows) {
  for (int r = 0; r < rows; ++r) {
    generator<int> inner = counter(r * 10, r * 10 + r + 1, 1);
    int row_sum = 0;
    while (inner.next()) {
      row_sum += inner.value();
      co_yield inner.value();
    }
    co_yield -row_sum;
  }
}

generator<long long> zip_sum(int n) {
  generator<long long> f = fib(n);
  eager_generator<int> e = eager(n);
  generator<int> c = counter(0, 100, 7);
  long long carried = 0;
  while (f.next() && e.next()) {
    bool hc = c.next();
    carried += f.value();
    co_yield f.value() * 1000 + e.value() + (hc ? c.value() : -1);
  }
  co_yield carried;
}

// Generator consuming a throwing generator and handling the exception itself.
generator<int> guarded(int n) {
  generator<int> t = throwing(n, n / 2);
  int seen = 0;
  int code = 0;
  try {
    while (t.next()) {
      ++seen;
      co_yield t.value();
    }
  } catch (const gen_error &e) {
    code = e.code; // co_yield is not allowed inside a handler
  }
  if (code) co_yield -code;
  co_yield seen;
}

template <class G> static void print_all(const char *name, G &&g, int limit = 1000) {
  std::printf("%s:", name);
  int n = 0;
  while (n < limit && g.next()) {
    std::printf(" %lld", (long long)g.value());
    mix((long long)g.value());
    ++n;
  }
  std::printf("%s\n", n == limit ? " (stopped)" : "");
}

int main() {
  print_all("counter", counter(3, 40, 4));
  print_all("fib", fib(30));
  print_all("fib-early", fib(90), 5);
  print_all("all_live(1)", all_live(1));
  print_all("all_live(9)", all_live(9));
  print_all("all_live-early", all_live(4), 7);

  for (int throw_at = 0; throw_at < 4; ++throw_at) {
    generator<int> g = throwing(6, throw_at);
    std::printf("throwing(6,%d):", throw_at);
    try {
      while (g.next()) {
        std::printf(" %d", g.value());
        mix(g.value());
      }
      std::printf(" no exception\n");
    } catch (const gen_error &e) {
      std::printf(" caught %d done=%d\n", e.code, (int)g.h.done());
      mix(e.code);
    }
    // Resuming after the exception must report completion.
    std::printf("  after exception next()=%d\n", (int)g.next());
  }
  print_all("throwing-none", throwing(3, 99));

  {
    eager_generator<int> e = eager(4);
    std::printf("eager created\n");
    print_all("eager(4)", std::move(e));
  }
  {
    eager_generator<int> e = eager(0);
    std::printf("eager(0) created done=%d\n", (int)e.h.done());
    print_all("eager(0)", std::move(e));
  }
  {
    eager_generator<int> e = eager(5);
    print_all("eager-early", std::move(e), 2);
  }

  print_all("flatten", flatten(5));
  print_all("flatten-early", flatten(6), 9);
  print_all("zip_sum", zip_sum(12));
  print_all("zip_sum-early", zip_sum(12), 4);
  for (int n = 1; n < 7; ++n) {
    char name[16];
    std::snprintf(name, sizeof name, "guarded(%d)", n);
    print_all(name, guarded(n));
  }

  // Interleave several live generators.
  {
    generator<long long> a = all_live(2);
    generator<int> b = flatten(4);
    generator<long long> c = fib(20);
    long long x = 0;
    for (int i = 0; i < 25; ++i) {
      if (a.next()) x += a.value() * 3;
      if (i % 2 && b.next()) x -= b.value();
      if (c.next()) x ^= c.value();
    }
    std::printf("interleave: %lld\n", x);
    mix(x);
  }

  std::printf("checksum: %016llx %016llx\n", sum, opaque_checksum());
  return 0;
}
