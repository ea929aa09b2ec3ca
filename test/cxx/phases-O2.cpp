// The phases example of the plugin issue, clang++-22 -O2: the frame that
// LLVM makes 112 bytes comes out 96 bytes with the plugin.
// LLVM's layout: promise i32 @16, n @20, a @24, b @28, q @32, r @36,
// Big (x and y, merged by LLVM; their lifetimes are disjoint) @40..104,
// index @104, the awaiters' field @105.
// Big's address escapes to use(), but the lifetime ends carried across
// coro-split (pass/mark.c) bound it: live only while suspended at the
// yields of its block (Suspend3, Suspend4).  The awaiters are only passed
// to clang's await_suspend wrappers, which never use them (dead).  The
// largest live set: header 16 + promise 4 + n 4 + Big 64 + index 1 = 89
// -> 96 = the lower bound; a, b, q go into Big's bytes, r into n's.
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -mllvm -coro-pack-report=- -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -Rpass=coro-pack -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -S -emit-llvm %s -o - | FileCheck %s --check-prefix=NOPLUGIN
// Without carried lifetime ends Big stays live from its escape to the end
// (Suspend3 on, note esc): q and r cannot use its bytes, but a and b can
// (they die before Big's first write) and q fits after index: still 96.
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -mllvm -coro-pack-lifetimes=false -mllvm -coro-pack-report=- -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CONS
// CONS: coroutine _Z6phasesi: packed, frame 112 -> 96 bytes
// CONS: 8    40    {{[0-9]+}}    64     8  data     esc          .        .        .        X        X        X        X     X  %struct.Big

// CHECK: coroutine _Z6phasesi: packed, frame 112 -> 96 bytes (lower bound 96)
// CHECK: field   old   new  size align  kind     note Unresumed Suspend1 Suspend2 Suspend3 Suspend4 Suspend5 Suspend6 Final  type
// n: live until the last compute
// CHECK:  3    20    20     4     4  data                  X        X        X        X        X        .        .     .  i32
// a, b: live across the two yields of the first block only
// CHECK:  4    24    [[A:[0-9]+]]     4     4  data                  .        X        .        .        .        .        .     .  i32
// CHECK:  5    28    {{[0-9]+}}     4     4  data                  .        X        .        .        .        .        .     .  i32
// q, r: live across the yield of p only
// CHECK:  6    32    {{[0-9]+}}     4     4  data                  .        .        .        .        .        X        .     .  i32
// CHECK:  7    36    {{[0-9]+}}     4     4  data                  .        .        .        .        .        X        .     .  i32
// Big: live in its own block's suspends only, and a sits in its bytes
// CHECK:  8    40    24    64     8  data     end          .        .        .        X        X        .        .     .  %struct.Big
// CHECK:  9   104    88     1     1  index                 X        X        X        X        X        X        X     X  i3
// CHECK: 10   105    {{[0-9]+}}     1     1  data     dead

// REMARK: remark: packed coroutine frame of _Z6phasesi from 112 to 96 bytes (lower bound 96)

// IR-LABEL: define dso_local void @_Z6phasesi(
// IR: call {{.*}} ptr @_Znwm(i64 noundef 96)
// IR-LABEL: define internal fastcc void @_Z6phasesi.resume(ptr noundef nonnull align 8 dereferenceable(96)
// IR-LABEL: define internal fastcc void @_Z6phasesi.destroy(ptr noundef nonnull align 8 dereferenceable(96)
// IR: call void @_ZdlPvm(ptr noundef nonnull %{{.*}}, i64 noundef 96)
// No marker of the lifetime-end step is left anywhere:
// IR-NOT: coropack.lifetime.end

// NOPLUGIN: call {{.*}} ptr @_Znwm(i64 noundef 112)

#include "../../examples/phases.cpp"
