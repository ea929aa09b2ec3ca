; A spill live across three suspends must not share bytes with a spill live
; across only the third suspend; a spill live across only the first suspend
; does share with the latter.
; %a is produced before the first suspend and read after the third (live in
; Unresumed, Suspend1, Suspend2); %c is read right after the first suspend
; (live in Unresumed only); %b is produced after the second suspend and read
; after the third (live in Suspend2 only).
; LLVM's frame: resume 0, destroy 8, promise 16, %a 24, %c 32, %b 40,
; index (i2) 48, 56 bytes.  %b and %c never meet, so they share 32; %a keeps
; 24 and overlaps neither; the index moves down to 40 (frame 48 bytes, which
; is also the lower bound: 24 pinned + %a + one of %b/%c + index, aligned).
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -coro-pack-report=- -disable-output 2>&1 | FileCheck %s --check-prefix=REPORT

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
  %c = call i64 @produce(i32 2)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  call void @consume(i64 %c)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  %b = call i64 @produce(i32 1)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %suspend [i8 0, label %r2
                                 i8 1, label %cleanup]
r2:
  call void @consume(i64 %b)
  call void @consume(i64 %a)
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
; CHECK: %a.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %c.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: getelementptr inbounds nuw i8, ptr %hdl, i64 40
; CHECK-NEXT: store i2 0

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: %c.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: %b.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: %a.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24

; CHECK-LABEL: define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: call void @_ZdlPvm(ptr {{.*}}, i64 48)

; CHECK-LABEL: define internal fastcc void @f.cleanup(ptr noundef nonnull align 8 dereferenceable(48) %hdl)

; REMARK: remark: {{.*}}packed coroutine frame of f from 56 to 48 bytes (lower bound 48)
; REPORT: field   old   new  size align  kind     note Unresumed Suspend1 Suspend2  type
; REPORT:     3    24    24     8     8  data                  X        X        X  i64
; REPORT-NEXT: 4    32    32     8     8  data                  X        .        .  i64
; REPORT-NEXT: 5    40    32     8     8  data                  .        .        X  i64
; REPORT-NEXT: 6    48    40     1     1  index                 X        X        X  i2
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
