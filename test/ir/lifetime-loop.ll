; Carried lifetime ends in a loop: an escaping object created and
; destroyed in every iteration (a suspend inside) is dead after the loop,
; so a spill made after the loop shares its bytes.
; LLVM's frame: { ptr, ptr, %promise @16, i64 %obj @24, i64 %b @32,
; i32 %n @40, i32 %i @44, i1 @48 } = 56 bytes.  Packed: %obj (Suspend0)
; and %b (Suspend1) share 24 -> 48 bytes.  (Suspend0 is re-entered from the
; loop, so it is not "Unresumed".)
; RUN: %opt < %s -passes='function(coro-pack-mark),cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='function(coro-pack-mark),cgscc(coro-split),coro-pack' -coro-pack-report=- -disable-output 2>&1 | FileCheck %s --check-prefix=REPORT

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: %obj.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24

; REPORT: coroutine f: packed, frame 56 -> 48 bytes (lower bound 48)
; REPORT: field   old   new  size align  kind     note Suspend0 Suspend1  type
; REPORT: 3    24    24     8     8  data     end         X        .  i64
; REPORT: 4    32    24     8     8  data                 .        X  i64

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %obj = alloca i64, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body.end ]
  call void @llvm.lifetime.start.p0(ptr %obj)
  call void @escape(ptr %obj)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %body.end
                                 i8 1, label %cleanup.obj]
body.end:
  %v = load i64, ptr %obj
  call void @consume(i64 %v)
  call void @llvm.lifetime.end.p0(ptr %obj)
  %i.next = add i32 %i, 1
  %more = icmp slt i32 %i.next, %n
  br i1 %more, label %loop, label %after
after:
  %b = call i64 @produce(i32 1)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %b)
  br label %cleanup
cleanup.obj:
  call void @llvm.lifetime.end.p0(ptr %obj)
  br label %cleanup
cleanup:
  %mem = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %size2 = call i64 @llvm.coro.size.i64()
  call void @_ZdlPvm(ptr %mem, i64 %size2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.lifetime.start.p0(ptr)
declare void @llvm.lifetime.end.p0(ptr)
declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
declare i64 @produce(i32) nounwind
declare void @consume(i64) nounwind
declare void @escape(ptr) nounwind
declare i1 @cond() nounwind
