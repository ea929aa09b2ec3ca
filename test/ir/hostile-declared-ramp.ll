; A coroutine whose ramp is only declared (its frame type used by code
; elsewhere, as in LLVM's coro-spill-corobegin.ll) is left alone, and the
; missed remark is attached to a function that has a body (LLVM drops
; remarks on declarations; every coroutine in the report must have one).
; RUN: %opt < %s -passes=coro-pack -S | FileCheck %s
; RUN: %opt < %s -passes=coro-pack -pass-remarks-missed=coro-pack -coro-pack-report-json=%t.json -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: FileCheck %s --check-prefix=JSON < %t.json

; CHECK-LABEL: define void @h(
; CHECK: %v.addr = getelementptr inbounds %g.Frame, ptr %p, i32 0, i32 3
; CHECK: store i32 1, ptr %v.addr, align 4

; REMARK: remark: {{.*}}coroutine frame of g left unchanged (24 bytes): no g.resume/.destroy clones: not a split switch-ABI coroutine

; JSON: {"name":"g","packed":false,

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%g.Frame = type { ptr, ptr, i32, i32 }

declare ptr @g()

define void @h(ptr %p) {
entry:
  %v.addr = getelementptr inbounds %g.Frame, ptr %p, i32 0, i32 3
  store i32 1, ptr %v.addr, align 4
  ret void
}
