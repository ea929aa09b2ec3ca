; Allocas written with llvm.memset / llvm.memcpy (whole-slot and partial
; writes, constant lengths): buffers live in disjoint suspend states share
; bytes; a buffer memcpy'd into another while the source is still live does
; not share with it; a partial write does not end a slot's live range.
; %a: whole memset before the first suspend, read after it, copied into %b
;     and read once more (live in Unresumed and up to that last read);
; %b: written by the whole memcpy from %a, read after the second suspend
;     (Suspend1 only, but written while %a is live: they interfere);
; %c: whole memcpy from @g before the first suspend, its high half rewritten
;     by a partial memset after it, its low half read after the second
;     suspend (live in Unresumed and Suspend1: the partial memset kills
;     nothing);
; %d: whole memset after the last read of %a, read after the second suspend
;     (Suspend1 only): shares with %a.
; LLVM's frame: resume 0, destroy 8, promise 16, %a 24, %b 40, %c 56, %d 72,
; index (i1) 88, 96 bytes.  Packed: %a 24, %b 40, %c 56, %d 24, index 72,
; 80 bytes (= lower bound: at the memcpy %a, %b, %c and the index are live,
; 24 + 48 + 1 rounded up to 8).
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -coro-pack-report=- -disable-output 2>&1 | FileCheck %s --check-prefix=REPORT

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

@g = private unnamed_addr constant [16 x i8] c"0123456789abcdef", align 8

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %a = alloca [16 x i8], align 8
  %b = alloca [16 x i8], align 8
  %c = alloca [16 x i8], align 8
  %d = alloca [16 x i8], align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  call void @llvm.memset.p0.i64(ptr align 8 %a, i8 0, i64 16, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %c, ptr align 8 @g, i64 16, i1 false)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  %a.hi = getelementptr inbounds i8, ptr %a, i64 8
  %a.x = load i64, ptr %a.hi, align 8
  call void @consume(i64 %a.x)
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %b, ptr align 8 %a, i64 16, i1 false)
  %a.y = load i64, ptr %a, align 8
  call void @consume(i64 %a.y)
  %c.hi = getelementptr inbounds i8, ptr %c, i64 8
  call void @llvm.memset.p0.i64(ptr align 8 %c.hi, i8 7, i64 8, i1 false)
  call void @llvm.memset.p0.i64(ptr align 8 %d, i8 1, i64 16, i1 false)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  %b.x = load i64, ptr %b, align 8
  call void @consume(i64 %b.x)
  %c.x = load i64, ptr %c, align 8
  call void @consume(i64 %c.x)
  %d.hi = getelementptr inbounds i8, ptr %d, i64 8
  %d.x = load i64, ptr %d.hi, align 8
  call void @consume(i64 %d.x)
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
; CHECK: call ptr @_Znwm(i64 80)
; CHECK: %a.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 40
; CHECK: %c.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 56
; CHECK: %d.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: call void @llvm.memset.p0.i64(ptr align 8 %a.reload.addr, i8 0, i64 16, i1 false)
; CHECK: call void @llvm.memcpy.p0.p0.i64(ptr align 8 %c.reload.addr, ptr align 8 @g, i64 16, i1 false)
; CHECK: getelementptr inbounds nuw i8, ptr %hdl, i64 72
; CHECK-NEXT: store i1 false

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(80) %hdl)
; CHECK: %a.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 40
; CHECK: %c.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 56
; CHECK: %d.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: call void @llvm.memcpy.p0.p0.i64(ptr align 8 %b.reload.addr, ptr align 8 %a.reload.addr, i64 16, i1 false)
; CHECK: %c.hi = getelementptr inbounds i8, ptr %c.reload.addr, i64 8
; CHECK: call void @llvm.memset.p0.i64(ptr align 8 %c.hi, i8 7, i64 8, i1 false)
; CHECK: call void @llvm.memset.p0.i64(ptr align 8 %d.reload.addr, i8 1, i64 16, i1 false)
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 80)

; CHECK-LABEL: define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(80) %hdl)
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 80)

; CHECK-LABEL: define internal fastcc void @f.cleanup(ptr noundef nonnull align 8 dereferenceable(80) %hdl)

; REMARK: remark: {{.*}}packed coroutine frame of f from 96 to 80 bytes (lower bound 80)

; REPORT: field   old   new  size align  kind     note Unresumed Suspend1  type
; REPORT:     3    24    24    16     8  data                  X        .  [16 x i8]
; REPORT-NEXT: 4    40    40    16     8  data                  .        X  [16 x i8]
; REPORT-NEXT: 5    56    56    16     8  data                  X        X  [16 x i8]
; REPORT-NEXT: 6    72    24    16     8  data                  .        X  [16 x i8]
; REPORT-NEXT: 7    88    72     1     1  index                 X        X  i1
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
declare void @consume(i64)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
