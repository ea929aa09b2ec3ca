// The binary tree of [[clang::coro_await_elidable]] tasks, clang++-22 -O2
// -mllvm -coro-elide-branch-ratio=0: every child frame is elided into its
// parent as an [N x i8] field.  Without the plugin they add up: 40, 136,
// 328, 712, 1480 bytes.  With it:
// * packing a child shrinks every [N x i8] copy of it in its parents
//   (brief rule 6);
// * a child's frame stays live from its first write to the end of the
//   parent (as LLVM has it): the parent destroys it through a handle
//   reloaded from the task object (~task: h.destroy()), which the plugin
//   does not follow, and [[clang::coro_await_elidable]] only promises that
//   the child does not outlive the parent.  Until commit 8268ad2 the plugin
//   ended a child frame with the task temporary its handle was stored in,
//   which is unsound when an awaiter copies the handle (issue 12, test
//   execution/named_task_outlives_awaiter.test); the tree then packed to
//   96, 152, 208, 264.
// Hand check of l1 (LLVM: 136 bytes): header 16 + promise 16, the two
// child frames of 40 (the first live from Suspend1 on, the second from
// Suspend2 on: they do not share), the task 8, x 4 (Unresumed and
// Suspend1, before the second child is written: it shares the second
// child's bytes), a 4 (Suspend2), index 1.  In Suspend2: 32 + 40 + 40 + 8 +
// 4 + 1 = 125 -> 128.  l2: 32 + 2 * 128 + 8 + 4 + 1 = 301 -> 304; each
// level adds two child frames: the sum of the children, minus 8.
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -mllvm -coro-elide-branch-ratio=0 -fpass-plugin=%plugin -mllvm -coro-pack-report=- -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -mllvm -coro-elide-branch-ratio=0 -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -mllvm -coro-elide-branch-ratio=0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=NOPLUGIN

// CHECK: coroutine _Z4leafi: left unchanged, frame 40 bytes (lower bound 40): no layout smaller than the current 40 bytes was found
// CHECK: coroutine _Z2l1i: packed, frame 136 -> 128 bytes (lower bound 128)
// CHECK: 3    32    32    40     8  data     esc          .        .        X     X  [40 x i8]
// CHECK: 4    72    72    40     8  data     esc          .        X        X     X  [40 x i8]
// CHECK: 6   120    32     4     4  data                  X        X        .     .  i32
// CHECK: coroutine _Z2l2i: packed, frame 312 -> 304 bytes (lower bound 304)
// CHECK: 3    32    32   128     8  data     esc          .        .        X     X  [128 x i8]
// CHECK: 4   160   160   128     8  data     esc          .        X        X     X  [128 x i8]
// CHECK: coroutine _Z2l3i: packed, frame 664 -> 656 bytes (lower bound 656)
// CHECK: [304 x i8]
// CHECK: coroutine _Z2l4i: packed, frame 1368 -> 1360 bytes (lower bound 1360)
// CHECK: [656 x i8]

// IR-LABEL: define dso_local void @_Z2l4i(
// IR: @_Znwm(i64 noundef 1360)
// IR-NOT: coropack.lifetime.end
// NOPLUGIN-LABEL: define dso_local void @_Z2l4i(
// NOPLUGIN: @_Znwm(i64 noundef 1480)

#include "../../examples/elidable.cpp"
