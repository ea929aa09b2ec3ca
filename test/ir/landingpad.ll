; A spill read only on the exception path (a landing pad after the second
; suspend) stays live up to the invoke that unwinds there, so it must not
; share bytes with a spill written in between.
; %v is produced before the first suspend and read only in %lpad, reached
; when the invoke after the second suspend unwinds (live in Unresumed and
; Suspend1); %x is read right after the first suspend (Unresumed only); %w is
; written after the first suspend and read after the second (Suspend1 only).
; The unwind path marks the coroutine done (resume pointer null) and leaves
; with `resume`, which gives a third state (index 1, done: "Final") in which
; only the index is live.
; LLVM's frame: resume 0, destroy 8, promise 16, %v 24, %x 32, %w 40,
; index (i1) 48, 56 bytes.  %x and %w share 32; %v keeps 24 and overlaps
; neither (if the unwind edge were ignored %v would be dead and %w could take
; 24, giving 40 bytes); index 40; frame 48 bytes (= lower bound).
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -coro-pack-report=- -disable-output 2>&1 | FileCheck %s --check-prefix=REPORT

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine personality ptr @__gxx_personality_v0 {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  %v = call i64 @produce(i32 %n)
  %x = call i64 @produce(i32 2)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  call void @consume(i64 %x)
  %w = call i64 @produce(i32 1)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %w)
  invoke void @may_throw()
          to label %cleanup unwind label %lpad
lpad:
  %lp = landingpad { ptr, i32 }
          cleanup
  call void @consume(i64 %v)
  call void @llvm.coro.end(ptr %hdl, i1 true, token none)
  resume { ptr, i32 } %lp
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
; CHECK: %v.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %x.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: getelementptr inbounds nuw i8, ptr %hdl, i64 40
; CHECK-NEXT: store i1 false

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: %x.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: %w.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: %w.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: invoke void @may_throw()
; CHECK: landingpad
; CHECK: %v.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: store ptr null, ptr
; CHECK: resume { ptr, i32 } %lp
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 48)

; CHECK-LABEL: define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: call void @_ZdlPvm(ptr {{.*}}, i64 48)

; CHECK-LABEL: define internal fastcc void @f.cleanup(ptr noundef nonnull align 8 dereferenceable(48) %hdl)

; REMARK: remark: {{.*}}packed coroutine frame of f from 56 to 48 bytes (lower bound 48)

; REPORT: field   old   new  size align  kind     note Unresumed Suspend1 Final  type
; REPORT:     3    24    24     8     8  data                  X        X     .  i64
; REPORT-NEXT: 4    32    32     8     8  data                  X        .     .  i64
; REPORT-NEXT: 5    40    32     8     8  data                  .        X     .  i64
; REPORT-NEXT: 6    48    40     1     1  index                 X        X     X  i1
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
declare void @may_throw()
declare i32 @__gxx_personality_v0(...)
