// Included by tu-a.cpp and tu-b.cpp: shared_phases is inline, so both TUs
// compile it (one row on the page, "2 TUs").
#pragma once
#include "generator.h"

struct Big { char buf[64]; };
void use(Big &);
int compute(int);

// packed: examples/phases.cpp, whose phases' locals never meet
inline generator<int> shared_phases(int n) {
  { int a = compute(n); int b = compute(a); co_yield a + b; co_yield a * b; }
  { Big x; use(x); co_yield 1; use(x); }
  { Big y; use(y); co_yield 2; use(y); }
  { long p = compute(n + 1), q = compute(n + 2), r = compute(n + 3); co_yield (int)p; co_yield (int)(q + r); }
}
