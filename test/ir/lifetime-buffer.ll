; Carried lifetime ends: an escaping buffer live across two suspends keeps
; its bytes through both, and gives them up after its lifetime ends.
; LLVM's frame: { ptr, ptr, %promise @16, [16 x i8] %buf @24, i64 %a @40,
; i64 %b @48, i64 %c @56, i2 @64 } = 72 bytes.  %buf escapes before the
; first suspend and ends after the second; %a lives across the first
; suspend, %b across the second, %c across the third.  Packed: %buf keeps
; 24..40, %a and %b share 40, %c takes %buf's bytes (dead by then), the
; index goes to 48 -> 56 bytes, the bound (16 + 8 + 16 + 8 + 1 -> 56).
; RUN: %opt < %s -passes='function(coro-pack-mark),cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='function(coro-pack-mark),cgscc(coro-split),coro-pack' -coro-pack-report=- -disable-output 2>&1 | FileCheck %s --check-prefix=REPORT

; CHECK-LABEL: define ptr @f(
; CHECK: call ptr @_Znwm(i64 56)
; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(56) %hdl)
; CHECK: %buf.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %a.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 40
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 40
; CHECK: call void @escape(ptr %buf.reload.addr)
; CHECK: %c.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24

; REPORT: coroutine f: packed, frame 72 -> 56 bytes (lower bound 56)
; REPORT: 3    24    24    16     8  data     end          X        X        .  [16 x i8]
; REPORT: 6    56    24     8     8  data                  .        .        X  i64

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %buf = alloca [16 x i8], align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  call void @llvm.lifetime.start.p0(ptr %buf)
  call void @escape(ptr %buf)
  %a = call i64 @produce(i32 %n)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup.buf]
r0:
  call void @consume(i64 %a)
  %b = call i64 @produce(i32 1)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup.buf]
r1:
  call void @consume(i64 %b)
  call void @escape(ptr %buf)
  call void @llvm.lifetime.end.p0(ptr %buf)
  %c = call i64 @produce(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %suspend [i8 0, label %r2
                                 i8 1, label %cleanup]
r2:
  call void @consume(i64 %c)
  br label %cleanup
cleanup.buf:
  call void @llvm.lifetime.end.p0(ptr %buf)
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
