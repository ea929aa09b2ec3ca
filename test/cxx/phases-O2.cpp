// The phases example of the plugin issue, clang++-22 -O2: the frame that
// LLVM makes 112 bytes comes out 104 bytes with the plugin.
// LLVM's layout: promise i32 @16, n @20, a @24, b @28, q @32, r @36,
// Big (shared by x, y and an awaiter) @40..104, index @104, awaiter @105.
// The Big field escapes at the initial suspend (its bytes also hold the
// initial awaiter), so it stays live everywhere (conservative): the bound
// is 16 + 4 (promise) + 4 (n) + 64 + 1 + 1 + max(a+b, q+r) -> 104.
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -mllvm -coro-pack-report=- -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -Rpass=coro-pack -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -S -emit-llvm %s -o - | FileCheck %s --check-prefix=NOPLUGIN

// CHECK: coroutine _Z6phasesi: packed, frame 112 -> 104 bytes (lower bound 104)
// CHECK: field   old   new  size align  kind     note Unresumed Suspend1 Suspend2 Suspend3 Suspend4 Suspend5 Suspend6 Final  type
// n: live until the last compute
// CHECK:  3    20    20     4     4  data                  X        X        X        X        X        .        .     .  i32
// a, b: live across the two yields of the first block only
// CHECK:  4    24    {{[0-9]+}}     4     4  data                  .        X        .        .        .        .        .     .  i32
// CHECK:  5    28    {{[0-9]+}}     4     4  data                  .        X        .        .        .        .        .     .  i32
// q, r: live across the yield of p only
// CHECK:  6    32    {{[0-9]+}}     4     4  data                  .        .        .        .        .        X        .     .  i32
// CHECK:  7    36    {{[0-9]+}}     4     4  data                  .        .        .        .        .        X        .     .  i32
// CHECK:  8    40    {{[0-9]+}}    64     8  data     esc          X        X        X        X        X        X        X     X  %struct.Big

// REMARK: remark: packed coroutine frame of _Z6phasesi from 112 to 104 bytes (lower bound 104)

// IR-LABEL: define dso_local void @_Z6phasesi(
// IR: call {{.*}} ptr @_Znwm(i64 noundef 104)
// IR-LABEL: define internal fastcc void @_Z6phasesi.resume(ptr noundef nonnull align 8 dereferenceable(104)
// IR-LABEL: define internal fastcc void @_Z6phasesi.destroy(ptr noundef nonnull align 8 dereferenceable(104)
// IR: call void @_ZdlPvm(ptr noundef nonnull %{{.*}}, i64 noundef 104)

// NOPLUGIN: call {{.*}} ptr @_Znwm(i64 noundef 112)

#include "../../examples/phases.cpp"
