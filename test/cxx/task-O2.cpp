// A lazy task with symmetric transfer, clang++-22 -O2: the parent awaits
// two children in sequence.  The parameter x is only needed until the
// first child is created (state Unresumed); the buffer is created after
// that (it escapes to fill(), and its carried lifetime end is the end of
// the body): x shares the buffer's bytes (LLVM: 120 bytes, packed 112 =
// header 16 + promise 16 + Buf 64 + task 8 + c 4 + index 1 -> 112).  The
// child itself (only the initial suspend carries data) has nothing to
// share and is left alone with the reason.
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -mllvm -coro-pack-report=- -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -Rpass-missed=coro-pack -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSED

// CHECK: coroutine _Z5childi: left unchanged, frame 40 bytes (lower bound 40): no layout smaller than the current 40 bytes was found
// CHECK: coroutine _Z6parenti: packed, frame 120 -> 112 bytes (lower bound 112)
// CHECK: 3    32    32    64     8  data     end          .        X        X     .  %struct.Buf
// CHECK: 4    96    96     8     8  data                  .        .        X     .  %struct.task
// CHECK: 5   104    32     4     4  data                  X        .        .     .  i32
// MISSED: remark: coroutine frame of _Z5childi left unchanged (40 bytes): no layout smaller than the current 40 bytes was found

#include "../../examples/task.cpp"
