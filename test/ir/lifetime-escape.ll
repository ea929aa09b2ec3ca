; Carried lifetime ends (pass/mark.c): an escaping awaiter-like slot is
; live from its escape to its lifetime end, not to the end of the
; coroutine, so a spill made after its end shares its bytes.
; LLVM's frame: { ptr, ptr, %promise @16, i64 %aw @24, i64 %b @32, i1 @40 }
; = 48 bytes.  %aw escapes to @escape before the first suspend and dies
; after it is read on resumption; %b is live across the second suspend.
; With the markers: %aw (Unresumed) and %b (Suspend1) share 24 -> 40.
; Without them (-coro-pack-lifetimes=false): conservative, 48 stays.
; A pipeline naming coro-pack gets the markers by itself, right before
; coro-split: the same result without the explicit coro-pack-mark.
; RUN: %opt < %s -passes='function(coro-pack-mark),cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='function(coro-pack-mark),cgscc(coro-split),coro-pack' -coro-pack-report=- -pass-remarks-analysis=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REPORT
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -coro-pack-lifetimes=false -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=CONS

; CHECK-LABEL: define ptr @f(
; CHECK: call ptr @_Znwm(i64 40)
; CHECK-NOT: coropack.lifetime.end
; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: %aw.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK-NOT: coropack.lifetime.end
; CHECK-LABEL: define internal fastcc void @f.destroy(

; REPORT: remark: {{.*}}1 slots of f have escaping addresses bounded by carried lifetime ends
; REPORT: coroutine f: packed, frame 48 -> 40 bytes (lower bound 40)
; REPORT: 3    24    24     8     8  data     end          X        .  i64
; REPORT: 4    32    24     8     8  data                  .        X  i64

; CONS: remark: {{.*}}coroutine frame of f left unchanged (48 bytes): no layout smaller than the current 48 bytes was found

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %aw = alloca i64, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  call void @llvm.lifetime.start.p0(ptr %aw)
  call void @escape(ptr %aw)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup.aw]
r0:
  %v = load i64, ptr %aw
  call void @consume(i64 %v)
  call void @llvm.lifetime.end.p0(ptr %aw)
  %b = call i64 @produce(i32 1)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %b)
  br label %cleanup
cleanup.aw:
  call void @llvm.lifetime.end.p0(ptr %aw)
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
