#include "shared.h"

// internal linkage, the same mangled name as tu-a.cpp's, a larger frame
static generator<int> local_gen(int n) {
  { Big x, y; use(x); use(y); co_yield n; use(x); use(y); }
  { Big z; use(z); co_yield n; use(z); }
}

int run_b(int n) {
  int s = 0;
  for (auto g = shared_phases(n); g.next();) s += g.value();
  for (auto g = local_gen(n); g.next();) s += g.value();
  return s;
}
