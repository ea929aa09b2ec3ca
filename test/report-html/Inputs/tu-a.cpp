#include "shared.h"

// left alone: one value kept across one suspend, nothing to share
generator<int> lone(int n) {
  int a = compute(n);
  co_yield 1;
  co_yield a;
}

// internal linkage, the same mangled name as tu-b.cpp's: its own row
static generator<int> local_gen(int n) {
  Big x;
  use(x);
  co_yield n;
  use(x);
}

int run_a(int n) {
  int s = 0;
  for (auto g = shared_phases(n); g.next();) s += g.value();
  for (auto g = lone(n); g.next();) s += g.value();
  for (auto g = local_gen(n); g.next();) s += g.value();
  return s;
}
