; A slot whose lifetime end is missing on one path stays conservative: the
; same coroutine as lifetime-escape.ll, but %aw's lifetime ends on one
; branch only, so it may still be live (its address escaped) when %b is
; live: they must not share, and the frame stays at LLVM's 48 bytes.
; RUN: %opt < %s -passes='function(coro-pack-mark),cgscc(coro-split),coro-pack' -coro-pack-report=- -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s

; CHECK: remark: {{.*}}coroutine frame of f left unchanged (48 bytes): no layout smaller than the current 48 bytes was found
; CHECK: 3    24    24     8     8  data     end          X        X  i64
; CHECK: 4    32    32     8     8  data                  .        X  i64

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
  %c = call i1 @cond()
  br i1 %c, label %end.aw, label %join
end.aw:
  call void @llvm.lifetime.end.p0(ptr %aw)
  br label %join
join:
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
