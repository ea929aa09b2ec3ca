; An allocation of another coroutine's frame whose size happens to equal
; this frame's is not a copy of this frame's size: a callee coroutine's ramp
; inlined into this one (libcoro's thread_pool test lambdas, where the
; inliner turned the callee's allocation into an invoke and its size tag was
; lost) allocates the callee's frame, stores the callee's resume function at
; offset 0, and the callee's resume function says how large that frame is
; (dereferenceable(48)).  @h is packed (48 -> 40) and the callee's 48 stays; in @k the
; resume function stored claims another size (56), nothing proves what the
; 48 is, and @k is left alone.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @h(i32 %n) presplitcoroutine personality ptr @pers {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
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
  %child = invoke ptr @_Znwm(i64 48) to label %made unwind label %lp
made:
  %cf = phi ptr [ %child, %r1 ]
  store ptr @child.resume, ptr %cf
  call void @start(ptr %cf)
  br label %cleanup
lp:
  %l = landingpad { ptr, i32 } cleanup
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

define ptr @k(i32 %n) presplitcoroutine personality ptr @pers {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
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
  %child = invoke ptr @_Znwm(i64 48) to label %made unwind label %lp
made:
  store ptr @other.resume, ptr %child
  call void @start(ptr %child)
  br label %cleanup
lp:
  %l = landingpad { ptr, i32 } cleanup
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

; the split pieces of two callee coroutines: only their frame parameters
; matter here
define internal fastcc void @child.resume(ptr noundef nonnull align 8 dereferenceable(48) %f) {
  ret void
}
define internal fastcc void @other.resume(ptr noundef nonnull align 8 dereferenceable(56) %f) {
  ret void
}

declare i32 @pers(...)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
declare void @start(ptr)
declare i64 @produce(i32)
declare void @consume(i64)

; CHECK-LABEL: define ptr @h(
; CHECK: %alloc = call ptr @_Znwm(i64 40)
; The ramp's code after its suspend cannot run (coro-split made the
; suspend switch constant): left as it was.
; CHECK: switch i8 -1, label %suspend
; CHECK: call void @_ZdlPvm(ptr %mem, i64 48)
; CHECK-LABEL: define ptr @k(
; CHECK: %alloc = call ptr @_Znwm(i64 48)
; CHECK-LABEL: define internal fastcc void @h.resume(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: %child = invoke ptr @_Znwm(i64 48)
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 40)
; CHECK-LABEL: define internal fastcc void @k.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; CHECK: %child = invoke ptr @_Znwm(i64 48)

; REMARK-NOT: of h left unchanged
; REMARK: coroutine frame of k left unchanged (48 bytes): the frame size 48 is used by an instruction we do not understand (  %child = invoke ptr @_Znwm(i64 48)
