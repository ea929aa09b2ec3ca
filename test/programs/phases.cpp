// Differential execution test: a generator whose frame has disjoint scopes
// (two Big buffers with non-overlapping lifetimes, scalars in other phases).
#include <coroutine>
#include <cstdio>
#include <exception>
#include <utility>

struct Big { char buf[64]; };
void use(Big &);
int compute(int);
void forget_gen(int);
unsigned long long opaque_checksum();
extern int g_current_gen;

static int next_gen_id = 0;

template <class T> struct generator {
  struct promise_type {
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
  generator(const generator &) = delete;
  generator &operator=(const generator &) = delete;
  ~generator() {
    if (h) {
      forget_gen(h.promise().id);
      h.destroy();
    }
  }

  // Resume; returns false when the coroutine finished.
  bool next() {
    if (!h || h.done())
      return false;
    g_current_gen = h.promise().id;
    h.resume();
    return !h.done();
  }
  T &value() { return h.promise().value; }
  int id() const { return h.promise().id; }
};

generator<int> phases(int n) {
  { int a = compute(n); int b = compute(a); co_yield a + b; co_yield a * b; }
  { Big x; use(x); co_yield 1; use(x); }
  { Big y; use(y); co_yield 2; use(y); }
  { long p = compute(n+1), q = compute(n+2), r = compute(n+3); co_yield (int)p; co_yield (int)(q+r); }
}

static unsigned long long sum = 14695981039346656037ull;
static void mix(long long v) {
  sum ^= (unsigned long long)v;
  sum *= 1099511628211ull;
}

// Drain at most `limit` values (limit < 0: all) and report them.
static int drain(generator<int> &g, const char *tag, int limit = -1) {
  int count = 0;
  while ((limit < 0 || count < limit) && g.next()) {
    std::printf("%s[gen %d] yield #%d = %d\n", tag, g.id(), count, g.value());
    mix(g.value());
    ++count;
  }
  std::printf("%s[gen %d] %s after %d values\n", tag, g.id(),
              g.h.done() ? "finished" : "stopped", count);
  return count;
}

int main() {
  // 1. Complete runs.
  for (int n = 0; n < 3; ++n) {
    auto g = phases(n * 11 + 1);
    drain(g, "full ");
  }

  // 2. Destroyed early at every possible suspension point
  //    (including before the first resume and while Big x / Big y are live).
  for (int stop = 0; stop <= 6; ++stop) {
    auto g = phases(100 + stop);
    drain(g, "early", stop);
    std::printf("early destroy after %d\n", stop);
  }

  // 3. Two instances interleaved, one destroyed in the middle.
  {
    auto a = phases(7);
    auto b = phases(8);
    for (int step = 0; step < 8; ++step) {
      bool ra = a.next();
      if (ra) { std::printf("inter A: %d\n", a.value()); mix(a.value()); }
      if (step == 3) {
        std::printf("inter: destroying B early\n");
        generator<int> dead = std::move(b);
        (void)dead;
      } else if (step < 3) {
        bool rb = b.next();
        if (rb) { std::printf("inter B: %d\n", b.value()); mix(b.value()); }
      }
      if (!ra) std::printf("inter A done at step %d\n", step);
    }
  }

  // 4. Many instances alive at the same time, resumed round-robin.
  {
    generator<int> gs[4] = {phases(20), phases(21), phases(22), phases(23)};
    bool any = true;
    int round = 0;
    while (any) {
      any = false;
      for (int i = 0; i < 4; ++i) {
        if ((i + round) % 3 == 0 && round < 6) continue; // skew the progress
        if (gs[i].next()) {
          any = true;
          std::printf("rr round %d gen %d: %d\n", round, i, gs[i].value());
          mix(gs[i].value() * (i + 1));
        }
      }
      ++round;
    }
  }

  // 5. Aggregate over many short-lived instances.
  long long total = 0;
  for (int n = 0; n < 40; ++n) {
    auto g = phases(n);
    int k = 0;
    while (g.next()) {
      total += (long long)g.value() * (k + 1);
      ++k;
    }
  }
  std::printf("aggregate total = %lld\n", total);
  mix(total);

  std::printf("checksum: %016llx %016llx\n", sum, opaque_checksum());
  return 0;
}
