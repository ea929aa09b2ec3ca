// The binary tree of [[clang::coro_await_elidable]] tasks, clang++-22 -O2
// -mllvm -coro-elide-branch-ratio=0: every child frame is elided into its
// parent as an [N x i8] field.  Without the plugin they add up: 40, 136,
// 328, 712, 1480 bytes.  With it:
// * packing a child shrinks every [N x i8] copy of it in its parents
//   (brief rule 6);
// * a child's frame dies where its parent destroys it: ~task reloads the
//   handle from the task object and calls the destroy pointer
//   (llvm.coro.subfn.addr(h, 1)); before the parent's coro-split,
//   pass/owners.c proves that the task object still holds the child's
//   address there (the task's address only goes to await_suspend, which
//   only reads it) and marks that call; the child's slot ends right after
//   it.  So the two sequentially awaited children of a parent share bytes.
//   (Until commit 8268ad2 the end of any object the handle was stored in
//   ended the child, which is unsound when an awaiter copies the handle:
//   execution/named_task_outlives_awaiter.test.  Without the proof the
//   tree packs to 128, 304, 656, 1360 bytes only.)
// Hand check of l1 (LLVM: 136 bytes): header 16 + promise 16, the two
// child frames of 40 (one live in Suspend1, the other in Suspend2: they
// share), the task temporary 8, x 4, a 4, index 1.  The child, the task,
// x and a are all live where a is written (a = the child's result, read
// before the child is destroyed; x is still needed for the second call):
// 32 + 40 + 8 + 4 + 4 + 1 = 89 -> 96.  Each level adds one child frame of
// the level below minus the previous one: 96, 152, 208, 264 - linear.
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -mllvm -coro-elide-branch-ratio=0 -fpass-plugin=%plugin -mllvm -coro-pack-report=- -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -mllvm -coro-elide-branch-ratio=0 -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -mllvm -coro-elide-branch-ratio=0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=NOPLUGIN

// CHECK: coroutine _Z4leafi: left unchanged, frame 40 bytes (lower bound 40): no layout smaller than the current 40 bytes was found
// CHECK: coroutine _Z2l1i: packed, frame 136 -> 96 bytes (lower bound 96)
// CHECK: 3    32    32    40     8  data     end          .        .        X     .  [40 x i8]
// CHECK: 4    72    32    40     8  data     end          .        X        .     .  [40 x i8]
// CHECK: coroutine _Z2l2i: packed, frame 248 -> 152 bytes (lower bound 152)
// CHECK: 3    32    32    96     8  data     end          .        .        X     .  [96 x i8]
// CHECK: 4   128    32    96     8  data     end          .        X        .     .  [96 x i8]
// CHECK: coroutine _Z2l3i: packed, frame 360 -> 208 bytes (lower bound 208)
// CHECK: [152 x i8]
// CHECK: coroutine _Z2l4i: packed, frame 472 -> 264 bytes (lower bound 264)
// CHECK: [208 x i8]

// IR-LABEL: define dso_local void @_Z2l4i(
// IR: @_Znwm(i64 noundef 264)
// IR-NOT: coropack.lifetime.end
// NOPLUGIN-LABEL: define dso_local void @_Z2l4i(
// NOPLUGIN: @_Znwm(i64 noundef 1480)

#include "../../examples/elidable.cpp"
