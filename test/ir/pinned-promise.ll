; The header (resume/destroy pointers at 0 and 8) and the promise (field 2)
; never move, and "promise - 16" arithmetic (from_promise) back to the frame
; base is understood: the coroutine is still packed.
; LLVM's frame: { ptr, ptr, %promise (16 bytes @16), i64 @32, i64 @40, i1 @48 }
; = 56 bytes; %a and %b never live together -> both @32, index @40 -> 48.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64, i64 }
@handle = global ptr null

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  ; from_promise: the handle is the promise's address minus 16
  %base = getelementptr inbounds i8, ptr %pr, i64 -16
  store ptr %base, ptr @handle
  %second = getelementptr inbounds i8, ptr %pr, i64 8
  store i64 7, ptr %second
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
  %pv = load i64, ptr %second
  call void @consume(i64 %pv)
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

; CHECK-LABEL: define ptr @f(
; CHECK: call ptr @_Znwm(i64 48)
; CHECK: %resume.addr = getelementptr inbounds nuw i8, ptr %hdl, i64 0
; CHECK: %destroy.addr = getelementptr inbounds nuw i8, ptr %hdl, i64 8
; CHECK: [[PR:%.*]] = getelementptr inbounds i8, ptr %hdl, i64 16
; CHECK: %base = getelementptr inbounds i8, ptr [[PR]], i64 -16
; CHECK: store ptr %base, ptr @handle
; CHECK: %a.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 32

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: [[PR2:%.*]] = getelementptr inbounds i8, ptr %hdl, i64 16
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: %second{{.*}} = getelementptr inbounds i8, ptr [[PR2]], i64 8

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
