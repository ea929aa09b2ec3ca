; The suspend index moves into a hole that packing opens.
; LLVM's frame: { ptr, ptr, %promise (i32 @16), i32 %c @20, i64 %a @24,
; i32 %e @32, i32 %d @36, i1 index @40 } = 48 bytes (41 rounded to 8).
; %c (first suspend only) and %d (second only) share @20, which frees
; 36..40: the index (1 byte, accessed with align 1, old offset 40) goes
; there and the frame ends at 40.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -coro-pack-report=- -disable-output 2>&1 | FileCheck %s --check-prefix=REPORT

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i32 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 4
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  %a = call i64 @produce(i32 %n)
  %c = call i32 @produce32(i32 1)
  %e = call i32 @produce32(i32 3)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  call void @consume32(i32 %c)
  %d = call i32 @produce32(i32 2)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %a)
  call void @consume32(i32 %d)
  call void @consume32(i32 %e)
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
; CHECK: call ptr @_Znwm(i64 40)
; CHECK: %index.addr{{[0-9]*}} = getelementptr inbounds nuw i8, ptr %hdl, i64 36
; CHECK-NEXT: store i1 false, ptr %index.addr{{[0-9]*}}, align 1
; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: %index.addr = getelementptr inbounds nuw i8, ptr %hdl, i64 36
; CHECK-NEXT: %index = load i1, ptr %index.addr, align 1

; REPORT: coroutine f: packed, frame 48 -> 40 bytes (lower bound 40)
; REPORT: 3    20    20     4     4  data                  X        .  i32
; REPORT: 4    24    24     8     8  data                  X        X  i64
; REPORT: 5    32    32     4     4  data                  X        X  i32
; REPORT: 6    36    20     4     4  data                  .        X  i32
; REPORT: 7    40    36     1     1  index                 X        X  i1

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
declare i64 @produce(i32) nounwind
declare void @consume(i64) nounwind
declare i32 @produce32(i32) nounwind
declare void @consume32(i32) nounwind
