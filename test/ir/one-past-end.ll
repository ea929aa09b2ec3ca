; A one-past-the-end pointer of an array slot belongs to that slot: the
; coroutine is still packed.
; After the first suspend a loop sums %arr ([4 x i32]) by index and stops when
; the next element pointer equals the one-past-end pointer
; `gep [4 x i32], %arr, 0, 4`; then the last element is read through the
; other spelling of one-past-end, `gep i8, %arr, 16`, minus 4.  %arr is live
; in Unresumed only; %b is produced after the loop and read after the second
; suspend (Suspend1 only), so they share.
; LLVM's frame: resume 0, destroy 8, promise 16, %b 24, %arr 32 (16 bytes),
; index (i1) 48, 56 bytes.  Packed: %arr 24, %b 24, index 40, 48 bytes
; (= lower bound: 24 pinned + 16 + 1, aligned to 8).
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks=coro-pack -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %arr = alloca [4 x i32], align 4
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  store i32 %n, ptr %arr, align 4
  %e1 = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 1
  store i32 1, ptr %e1, align 4
  %e2 = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 2
  store i32 2, ptr %e2, align 4
  %e3 = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 3
  store i32 3, ptr %e3, align 4
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  %end = getelementptr inbounds [4 x i32], ptr %arr, i64 0, i64 4
  br label %loop
loop:
  %i = phi i64 [ 0, %r0 ], [ %i.next, %loop ]
  %sum = phi i32 [ 0, %r0 ], [ %sum.next, %loop ]
  %p = getelementptr inbounds i32, ptr %arr, i64 %i
  %v = load i32, ptr %p, align 4
  %sum.next = add i32 %sum, %v
  %i.next = add i64 %i, 1
  %p.next = getelementptr inbounds i32, ptr %arr, i64 %i.next
  %at.end = icmp eq ptr %p.next, %end
  br i1 %at.end, label %summed, label %loop
summed:
  %end.b = getelementptr inbounds i8, ptr %arr, i64 16
  %last.p = getelementptr inbounds i8, ptr %end.b, i64 -4
  %last = load i32, ptr %last.p, align 4
  %total = add i32 %sum.next, %last
  %b = call i64 @produce(i32 %total)
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

; CHECK-LABEL: define ptr @f(
; CHECK: call ptr @_Znwm(i64 48)
; CHECK: %arr.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: store i32 %n, ptr %arr.reload.addr
; CHECK: getelementptr inbounds nuw i8, ptr %hdl, i64 40
; CHECK-NEXT: store i1 false

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: %arr.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %end = getelementptr inbounds [4 x i32], ptr %arr.reload.addr, i64 0, i64 4
; CHECK: %p.next = getelementptr inbounds i32, ptr %arr.reload.addr, i64 %i.next
; CHECK: %at.end = icmp eq ptr %p.next, %end
; CHECK: %end.b = getelementptr inbounds i8, ptr %arr.reload.addr, i64 16
; CHECK: %last.p = getelementptr inbounds i8, ptr %end.b, i64 -4
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 48)

; CHECK-LABEL: define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(48) %hdl)

; REMARK-NOT: left unchanged
; REMARK: remark: {{.*}}packed coroutine frame of f from 56 to 48 bytes (lower bound 48)
; REMARK-NOT: left unchanged
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
