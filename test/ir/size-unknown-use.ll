; A use of the frame size that is not an allocation or deallocation of the
; frame leaves the coroutine unchanged, size included (brief rule 6: every
; copy of the size changes together or not at all).  Here %size is used by
; the free in %cleanup, so coro-split spills it: "store i64 56" into the
; frame is such a use.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  %a = call i64 @produce(i32 %n)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  call void @consume(i64 %a)
  %b = call i64 @produce(i32 1)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %b)
  br label %cleanup
cleanup:
  %mem = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @_ZdlPvm(ptr %mem, i64 %size)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; CHECK-LABEL: define ptr @f(
; CHECK: call ptr @_Znwm(i64 56)
; CHECK: %size.spill.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
; CHECK: store i64 56, ptr %size.spill.addr
; CHECK: %a.spill.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(56) %hdl)
; CHECK: %b.spill.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 5

; REMARK: remark: {{.*}}coroutine frame of f left unchanged (56 bytes): the frame size 56 is used by an instruction we do not understand (  store i64 56, ptr %size.spill.addr{{.*}}); keeping every copy of the size

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
declare i64 @produce(i32)
declare void @consume(i64)
