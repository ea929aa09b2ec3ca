// A lazy task with symmetric transfer awaiting two children in sequence.
#include "task.h"

struct Buf { long v[8]; };
int opaque(int);
void fill(Buf &);

task child(int x) { co_return opaque(x); }

task parent(int x) {
  int a = co_await child(x);
  Buf b;
  fill(b);
  int c = co_await child(a + (int)b.v[2]);
  co_return a + c;
}
