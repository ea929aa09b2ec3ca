; A value read only on the destroy path of the final suspend stays live in the
; Final state; values dead by then share bytes with a value that is live only
; in Final.
; %b is produced before the first suspend and read only in %final.cleanup,
; which the destroy clone runs when the coroutine is destroyed at the final
; suspend (live in Unresumed, Suspend1, Final); %a is read after the first
; suspend (Unresumed only), %c after the second (Suspend1 only), and %e is
; produced after the second suspend and read in %final.cleanup (Final only).
; The final suspend stores no index, only a null resume pointer, so Final is
; (index 1, done).
; LLVM's frame: resume 0, destroy 8, promise 16, %a 24, %b 32, %c 40, %e 48,
; index (i2) 56, 64 bytes.  %a, %c and %e share 24; %b keeps 32 and overlaps
; none of them; index 40; frame 48 bytes (= lower bound: 24 pinned + %b + one
; other spill + index, aligned to 8).
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
  %b = call i64 @produce(i32 7)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  call void @consume(i64 %a)
  %c = call i64 @produce(i32 1)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %c)
  %e = call i64 @produce(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %final.cleanup]
final.cleanup:
  call void @release(i64 %b)
  call void @release(i64 %e)
  br label %cleanup
cleanup:
  %mem = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %size2 = call i64 @llvm.coro.size.i64()
  call void @_ZdlPvm(ptr %mem, i64 %size2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
unreach:
  unreachable
}

; CHECK-LABEL: define ptr @f(
; CHECK: call ptr @_Znwm(i64 48)
; CHECK: %a.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: getelementptr inbounds nuw i8, ptr %hdl, i64 40
; CHECK-NEXT: store i2 0

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: %a.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %c.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %c.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %e.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: store ptr null, ptr %ResumeFn.addr

; CHECK-LABEL: define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: icmp eq ptr %{{.*}}, null
; CHECK: final.cleanup:
; CHECK: %e.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: call void @release(i64 %b.reload)
; CHECK: call void @release(i64 %e.reload)
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 48)

; CHECK-LABEL: define internal fastcc void @f.cleanup(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: final.cleanup:
; CHECK: %b.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 32

; REMARK: remark: {{.*}}packed coroutine frame of f from 64 to 48 bytes (lower bound 48)

; REPORT: field   old   new  size align  kind     note Unresumed Suspend1 Final  type
; REPORT:     3    24    24     8     8  data                  X        .     .  i64
; REPORT-NEXT: 4    32    32     8     8  data                  X        X     X  i64
; REPORT-NEXT: 5    40    24     8     8  data                  .        X     .  i64
; REPORT-NEXT: 6    48    24     8     8  data                  .        .     X  i64
; REPORT-NEXT: 7    56    40     1     1  index                 X        X     X  i2
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
declare void @release(i64)
