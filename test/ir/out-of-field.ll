; An access through an array slot that lands outside the slot (one element
; before it, or two elements past its end) leaves the coroutine unchanged with
; a missed remark; the same coroutine reading inside the slot is packed.
; Each coroutine has %arr ([4 x i32], live in Unresumed only) and %b (i64,
; live in Suspend1 only).  LLVM's frame: resume 0, destroy 8, promise 16,
; %b 24, %arr 32 (field 4, 16 bytes), index (i1) 48, 56 bytes.
; @before loads from %arr - 4 (offset -4 in field 4), @past from element 5,
; i.e. %arr + 20 (offset 20, past the 16 bytes and past one-past-end): both
; keep their struct GEPs and 56 bytes.  @inside loads element 3 and is packed
; to 48 bytes (%arr and %b share 24, index 40).
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks=coro-pack -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=ERR

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @before(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %arr = alloca [4 x i32], align 4
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  call void @llvm.memset.p0.i64(ptr align 4 %arr, i8 0, i64 16, i1 false)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  %first = load i32, ptr %arr, align 4
  %before.p = getelementptr i8, ptr %arr, i64 -4
  %out = load i32, ptr %before.p, align 4
  %sum = add i32 %first, %out
  %b = call i64 @produce(i32 %sum)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %b)
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

define ptr @past(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %arr = alloca [4 x i32], align 4
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  call void @llvm.memset.p0.i64(ptr align 4 %arr, i8 0, i64 16, i1 false)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  %first = load i32, ptr %arr, align 4
  %past.p = getelementptr [4 x i32], ptr %arr, i64 0, i64 5
  %out = load i32, ptr %past.p, align 4
  %sum = add i32 %first, %out
  %b = call i64 @produce(i32 %sum)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %b)
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

define ptr @inside(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %arr = alloca [4 x i32], align 4
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  call void @llvm.memset.p0.i64(ptr align 4 %arr, i8 0, i64 16, i1 false)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  %first = load i32, ptr %arr, align 4
  %in.p = getelementptr [4 x i32], ptr %arr, i64 0, i64 3
  %out = load i32, ptr %in.p, align 4
  %sum = add i32 %first, %out
  %b = call i64 @produce(i32 %sum)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %b)
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

; CHECK-LABEL: define ptr @before(
; CHECK: call ptr @_Znwm(i64 56)
; CHECK: %arr.reload.addr = getelementptr inbounds %before.Frame, ptr %hdl, i32 0, i32 4
; CHECK: %before.p = getelementptr i8, ptr %arr.reload.addr, i64 -4
; CHECK: %b.spill.addr = getelementptr inbounds %before.Frame, ptr %hdl, i32 0, i32 3

; CHECK-LABEL: define ptr @past(
; CHECK: call ptr @_Znwm(i64 56)
; CHECK: %arr.reload.addr = getelementptr inbounds %past.Frame, ptr %hdl, i32 0, i32 4
; CHECK: %past.p = getelementptr [4 x i32], ptr %arr.reload.addr, i64 0, i64 5
; CHECK: %b.spill.addr = getelementptr inbounds %past.Frame, ptr %hdl, i32 0, i32 3

; CHECK-LABEL: define ptr @inside(
; CHECK: call ptr @_Znwm(i64 48)
; CHECK: %arr.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; The ramp's code after its suspend cannot run (coro-split made the
; suspend switch constant) and is left as it was:
; CHECK: switch i8 -1, label %suspend
; CHECK: %b.spill.addr = getelementptr inbounds %inside.Frame, ptr %hdl, i32 0, i32 3

; CHECK-LABEL: define internal fastcc void @before.resume(ptr noundef nonnull align 8 dereferenceable(56) %hdl)
; CHECK: %arr.reload.addr = getelementptr inbounds %before.Frame, ptr %hdl, i32 0, i32 4
; CHECK: %b.spill.addr = getelementptr inbounds %before.Frame, ptr %hdl, i32 0, i32 3
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 56)

; CHECK-LABEL: define internal fastcc void @past.resume(ptr noundef nonnull align 8 dereferenceable(56) %hdl)
; CHECK: %arr.reload.addr = getelementptr inbounds %past.Frame, ptr %hdl, i32 0, i32 4
; CHECK: %b.spill.addr = getelementptr inbounds %past.Frame, ptr %hdl, i32 0, i32 3
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 56)

; CHECK-LABEL: define internal fastcc void @inside.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: %arr.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 48)

; ERR: remark: {{.*}}coroutine frame of before left unchanged (56 bytes): an access through frame field 4 reaches outside it (offset -4 in a 16-byte slot)
; ERR: remark: {{.*}}coroutine frame of past left unchanged (56 bytes): an access through frame field 4 reaches outside it (offset 20 in a 16-byte slot)
; ERR: remark: {{.*}}packed coroutine frame of inside from 56 to 48 bytes (lower bound 48)

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
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
