// The binary tree of [[clang::coro_await_elidable]] tasks, clang++-22 -O2
// -mllvm -coro-elide-branch-ratio=0: every child frame is elided into its
// parent as an [N x i8] field.  Packing a child shrinks every [N x i8] copy
// of it in its parents (brief rule 6), and the parent packs on top of that.
// Hand check of l1 (LLVM: 136 bytes): header 16, promise 16, two child
// frames of 40 (they escape: live from creation to the end), the task
// temporary 8, x 4, a 4, index 1.  x is dead once the second child is
// created, so it shares the second child's bytes; the largest live set is
// 32 + 40 + 40 + 8 + 4 + 1 = 125 -> 128 = the bound.  l2 gets two 128-byte
// l1 frames: LLVM 32 + 256 + 8 + 4 + 4 + 1 -> 312, packed to 304, and so on.
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -mllvm -coro-elide-branch-ratio=0 -fpass-plugin=%plugin -mllvm -coro-pack-report=- -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -mllvm -coro-elide-branch-ratio=0 -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -mllvm -coro-elide-branch-ratio=0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=NOPLUGIN

// CHECK: coroutine _Z4leafi: left unchanged, frame 40 bytes (lower bound 40): no layout smaller than the current 40 bytes was found
// CHECK: coroutine _Z2l1i: packed, frame 136 -> 128 bytes (lower bound 128)
// CHECK: 3    32    32    40     8  data     esc          .        .        X     X  [40 x i8]
// CHECK: 4    72    72    40     8  data     esc          .        X        X     X  [40 x i8]
// CHECK: 6   120    32     4     4  data                  X        X        .     .  i32
// CHECK: coroutine _Z2l2i: packed, frame 312 -> 304 bytes (lower bound 304)
// CHECK: [128 x i8]
// CHECK: coroutine _Z2l3i: packed, frame 664 -> 656 bytes (lower bound 656)
// CHECK: [304 x i8]
// CHECK: coroutine _Z2l4i: packed, frame 1368 -> 1360 bytes (lower bound 1360)
// CHECK: [656 x i8]

// IR-LABEL: define dso_local void @_Z2l4i(
// IR: @_Znwm(i64 noundef 1360)
// NOPLUGIN-LABEL: define dso_local void @_Z2l4i(
// NOPLUGIN: @_Znwm(i64 noundef 1480)

#include "../../examples/elidable.cpp"
