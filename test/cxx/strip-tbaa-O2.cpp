// -coro-pack-strip-tbaa through clang's -O2 pipeline (docs/design.md, "TBAA
// inside callees").  In g, two awaiters of different types are never alive
// together; coro-split's own alloca merging gives them one frame field, and
// coropack packs the frame (a Big live only before the loop shares bytes
// with them).  Their await_suspend index the awaiter's array with a
// variable; clang's await_suspend wrappers are inlined after coro-split, so
// in the final g.resume an int store and a float store hit the same bytes
// through variable indices, tagged int and float ("no alias").  With
// -coro-pack-strip-tbaa=false the tags stay (LLVM's behaviour, with or
// without the plugin); with it (the default since issue 12), the functions
// of every packed coroutine are marked and the tags of their frame
// accesses are dropped.  The awaiters' stores through the global @out keep
// their tags.  `unchanged` is the same loop without the Big: its frame is
// at its bound, coropack leaves it alone, and it keeps its tags (a
// coroutine left alone stays exactly as it was).
// RUN: %clangxx -std=c++20 -O2 -fpass-plugin=%plugin -mllvm -coro-pack-report=- -S -emit-llvm %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: %clangxx -std=c++20 -O2 -fpass-plugin=%plugin -mllvm -coro-pack-strip-tbaa=false -S -emit-llvm %s -o - | FileCheck %s --check-prefix=DEFAULT
// RUN: %clangxx -std=c++20 -O2 -fpass-plugin=%plugin -mllvm -coro-pack-strip-tbaa -S -emit-llvm %s -o - | FileCheck %s --check-prefix=STRIP
// On by default since issue 12:
// RUN: %clangxx -std=c++20 -O2 -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=STRIP,UNCHANGED
#include <coroutine>
struct gen {
  struct promise_type {
    gen get_return_object() { return gen{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
  std::coroutine_handle<promise_type> h;
};
void sink(int);
int pick(int);
int out;
struct AwI {
  int i; int v[8];
  bool await_ready() noexcept { return false; }
  bool await_suspend(std::coroutine_handle<>) noexcept { v[i] = 7; out = 1; return v[(i + 1) & 7] != 0; }
  int await_resume() noexcept { return v[i]; }
};
struct AwF {
  int i; float f[8];
  bool await_ready() noexcept { return false; }
  bool await_suspend(std::coroutine_handle<>) noexcept { f[i] = 2.5f; out = 2; return f[(i + 3) & 7] > 1.0f; }
  int await_resume() noexcept { return (int)f[i]; }
};
struct Big { char buf[64]; };
void consume(Big &);
gen g(int n) {
  {
    Big b; // live only before the loop: the awaiters can take its bytes
    consume(b);
    co_await std::suspend_always{};
    consume(b);
  }
  for (;;) {
    sink(co_await AwI{pick(n) & 7, {}});
    sink(co_await AwF{pick(n + 1) & 7, {}});
  }
}
gen unchanged(int n) {
  for (;;) {
    sink(co_await AwI{pick(n) & 7, {}});
    sink(co_await AwF{pick(n + 1) & 7, {}});
  }
}

// REPORT: coroutine _Z1gi: packed, frame 128 -> 88 bytes (lower bound 88)
// REPORT: 3 17 17 64 1 data end {{.*}} %struct.Big
// REPORT: 5 84 20 36 4 data {{.*}} %struct.AwI
// REPORT: coroutine _Z9unchangedi: left unchanged, frame 64 bytes (lower bound 64)

// Both arrays start at frame + 24 (AwI/AwF's field moved to 20, then int i).
// DEFAULT-LABEL: define internal fastcc void @_Z1gi.resume(
// DEFAULT: [[VI:%[0-9]+]] = getelementptr inbounds nuw i8, ptr %0, i64 24
// DEFAULT: [[PI:%[0-9]+]] = getelementptr inbounds nuw i32, ptr [[VI]], i64 %{{[0-9]+}}
// DEFAULT: store i32 7, ptr [[PI]], align 4, !tbaa [[INT:![0-9]+]]
// DEFAULT: [[PF:%[0-9]+]] = getelementptr inbounds nuw float, ptr [[VF:%[0-9]+]], i64 %{{[0-9]+}}
// DEFAULT: store float 2.500000e+00, ptr [[PF]], align 4, !tbaa [[FLOAT:![0-9]+]]
// DEFAULT-LABEL: define
// DEFAULT-DAG: [[INT]] = !{[[INTTY:![0-9]+]], [[INTTY]], i64 0}
// DEFAULT-DAG: [[INTTY]] = !{!"int",
// DEFAULT-DAG: [[FLOAT]] = !{[[FLOATTY:![0-9]+]], [[FLOATTY]], i64 0}
// DEFAULT-DAG: [[FLOATTY]] = !{!"float",

// STRIP-LABEL: define internal fastcc void @_Z1gi.resume(
// STRIP: [[PI:%[0-9]+]] = getelementptr inbounds nuw i32, ptr %{{[0-9]+}}, i64 %{{[0-9]+}}
// STRIP: store i32 7, ptr [[PI]], align 4{{$}}
// STRIP: store i32 1, ptr @out, align 4, !tbaa
// STRIP: [[PF:%[0-9]+]] = getelementptr inbounds nuw float, ptr %{{[0-9]+}}, i64 %{{[0-9]+}}
// STRIP: store float 2.500000e+00, ptr [[PF]], align 4{{$}}
// STRIP: store i32 2, ptr @out, align 4, !tbaa

// UNCHANGED-LABEL: define internal fastcc void @_Z9unchangedi.resume(
// UNCHANGED: store i32 7, ptr %{{[0-9]+}}, align 4, !tbaa
// UNCHANGED: store float 2.500000e+00, ptr %{{[0-9]+}}, align 4, !tbaa
