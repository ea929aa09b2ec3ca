// Frame addresses recomputed where they are used (pass/remat.c), through
// clang's -O2 pipeline.  In cycle(), `int a` (field 4) and `Big x` never
// live together: packing puts x at offset 24, a's offset.  GVN then makes
// the two addresses one value in the entry block of cycle.resume, used by
// the store and the load of a and by both calls use(x), all in other
// blocks; the backend would keep it in a callee-saved register across the
// calls (docs/benchmarks.md, section 4).  With the default
// -coro-pack-remat-addresses every block that uses it gets its own GEP,
// right before the use; with =false the entry block's GEP is used.
// RUN: %clangxx -std=c++20 -O2 -fpass-plugin=%plugin -mllvm -coro-pack-report=- -S -emit-llvm %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: %clangxx -std=c++20 -O2 -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 -fpass-plugin=%plugin -mllvm -coro-pack-remat-addresses=false -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OFF
#include <coroutine>
struct gen {
  struct promise_type {
    int v;
    gen get_return_object() { return gen{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int x) noexcept { v = x; return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
  std::coroutine_handle<promise_type> h;
};
struct Big { char b[64]; };
void use(Big &) noexcept;
int compute(int) noexcept;
gen cycle(int n) {
  for (;;) {
    { int a = compute(n); int b = compute(a); co_yield a + b; co_yield a * b; }
    { Big x; use(x); co_yield 1; use(x); }
  }
}

// REPORT: coroutine _Z5cyclei: packed, frame 104 -> 96 bytes
// REPORT:      4    24    24     4     4  data {{.*}} i32
// REPORT:      6    32    24    64     8  data {{.*}} %struct.Big

// CHECK-LABEL: define internal fastcc void @_Z5cyclei.resume(
// CHECK-NOT:   getelementptr inbounds nuw i8, ptr %0, i64 24
// CHECK:       [[A:%[0-9]+]] = getelementptr inbounds nuw i8, ptr %0, i64 24
// CHECK-NEXT:  store i32 %{{[0-9]+}}, ptr [[A]]
// CHECK:       [[L:%[0-9]+]] = getelementptr inbounds nuw i8, ptr %0, i64 24
// CHECK-NEXT:  load i32, ptr [[L]]
// CHECK:       [[X1:%[0-9]+]] = getelementptr inbounds nuw i8, ptr %0, i64 24
// CHECK-NEXT:  {{(tail )?}}call void @_Z3useR3Big(ptr {{.*}}[[X1]])
// CHECK:       [[X2:%[0-9]+]] = getelementptr inbounds nuw i8, ptr %0, i64 24
// CHECK-NEXT:  {{(tail )?}}call void @_Z3useR3Big(ptr {{.*}}[[X2]])
// CHECK-LABEL: define internal fastcc void @_Z5cyclei.destroy(

// OFF-LABEL: define internal fastcc void @_Z5cyclei.resume(
// OFF-NEXT:  [[X:%[0-9]+]] = getelementptr inbounds nuw i8, ptr %0, i64 24
// OFF:       store i32 %{{[0-9]+}}, ptr [[X]]
// OFF:       load i32, ptr [[X]]
// OFF:       {{(tail )?}}call void @_Z3useR3Big(ptr {{.*}}[[X]])
// OFF:       {{(tail )?}}call void @_Z3useR3Big(ptr {{.*}}[[X]])
// OFF-LABEL: define internal fastcc void @_Z5cyclei.destroy(
