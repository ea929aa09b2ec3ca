// The binary tree of [[clang::coro_await_elidable]] tasks (precise-lifetime
// issue): elided children become fields of the parent's frame.
#define ELIDABLE 1
#include "task.h"

struct Big { char buf[128]; };
void consume(Big &);
int opaque(int);

task leaf(int x) { Big b; consume(b); co_return opaque(x) + b.buf[3]; }
task l1(int x) { int a = co_await leaf(x); int b = co_await leaf(x + 1); co_return a + b; }
task l2(int x) { int a = co_await l1(x); int b = co_await l1(x + 1); co_return a + b; }
task l3(int x) { int a = co_await l2(x); int b = co_await l2(x + 1); co_return a + b; }
task l4(int x) { int a = co_await l3(x); int b = co_await l3(x + 1); co_return a + b; }
