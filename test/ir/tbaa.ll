; Accesses to slots that end up sharing bytes lose !tbaa; accesses to a slot
; that shares nothing and to the pinned promise keep it.
; %x (alloca i64, !tbaa long) is live in Unresumed only, %y (alloca double,
; !tbaa double) in Suspend1 only: they share, and a long store / double load
; through the same bytes must not be assumed not to alias.  %k (alloca i32,
; !tbaa int) is live in both states and shares nothing; the promise (field 2,
; !tbaa long) is pinned.
; LLVM's frame: resume 0, destroy 8, promise 16, %x 24, %y 32, %k 40 (i32),
; index (i1) 44, 48 bytes.  Packed: %x 24, %y 24, %k 32, index 36, 40 bytes
; (= lower bound: 24 pinned + 8 + 4 + 1, aligned to 8).
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %x = alloca i64, align 8
  %y = alloca double, align 8
  %k = alloca i32, align 4
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  store i64 7, ptr %pr, align 8, !tbaa !3
  %n64 = sext i32 %n to i64
  store i64 %n64, ptr %x, align 8, !tbaa !3
  store i32 %n, ptr %k, align 4, !tbaa !7
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  %xv = load i64, ptr %x, align 8, !tbaa !3
  call void @consume(i64 %xv)
  store double 1.5, ptr %y, align 8, !tbaa !5
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  %yv = load double, ptr %y, align 8, !tbaa !5
  call void @consume.d(double %yv)
  %kv = load i32, ptr %k, align 4, !tbaa !7
  %pv = load i64, ptr %pr, align 8, !tbaa !3
  %kv64 = sext i32 %kv to i64
  %kp = add i64 %kv64, %pv
  call void @consume(i64 %kp)
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
; CHECK: %x.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %y.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %k.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 32
; CHECK: %pr.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 16
; CHECK: store i64 7, ptr %pr.reload.addr, align 8, !tbaa [[LONG:![0-9]+]]
; CHECK: store i64 %n64, ptr %x.reload.addr, align 8{{$}}
; CHECK: store i32 %n, ptr %k.reload.addr, align 4, !tbaa [[INT:![0-9]+]]

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: %x.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %y.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %xv = load i64, ptr %x.reload.addr, align 8{{$}}
; CHECK: store double 1.500000e+00, ptr %y.reload.addr, align 8{{$}}
; CHECK: %yv = load double, ptr %y.reload.addr, align 8{{$}}
; CHECK: %kv = load i32, ptr %k.reload.addr, align 4, !tbaa [[INT]]
; CHECK: %pv = load i64, ptr %pr.reload.addr, align 8, !tbaa [[LONG]]

; In .destroy and .cleanup the first resume path (r0) cannot run: its
; suspend switch is on the constant 1 there.  Code that cannot run is left
; as it was, !tbaa included; r1 is entered through a phi and is analysed.
; CHECK-LABEL: define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: switch i8 1, label %suspend
; CHECK: %xv = load i64, ptr %x.reload.addr, align 8, !tbaa [[LONG]]
; CHECK: store double 1.500000e+00, ptr %y.reload.addr, align 8, !tbaa
; CHECK: %yv = load double, ptr %y.reload.addr, align 8{{$}}
; CHECK: %pv = load i64, ptr %pr.reload.addr, align 8, !tbaa [[LONG]]

; CHECK-LABEL: define internal fastcc void @f.cleanup(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: switch i8 1, label %suspend
; CHECK: %xv = load i64, ptr %x.reload.addr, align 8, !tbaa [[LONG]]
; CHECK: %yv = load double, ptr %y.reload.addr, align 8{{$}}
; CHECK: %pv = load i64, ptr %pr.reload.addr, align 8, !tbaa [[LONG]]

; CHECK-DAG: [[LONG]] = !{[[LONGTY:![0-9]+]], [[LONGTY]], i64 0}
; CHECK-DAG: [[LONGTY]] = !{!"long",
; CHECK-DAG: [[INT]] = !{[[INTTY:![0-9]+]], [[INTTY]], i64 0}
; CHECK-DAG: [[INTTY]] = !{!"int",

; REMARK: remark: {{.*}}packed coroutine frame of f from 48 to 40 bytes (lower bound 40)

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
declare void @consume(i64)
declare void @consume.d(double)

!0 = !{!"Simple C++ TBAA"}
!1 = !{!"omnipotent char", !0, i64 0}
!2 = !{!"long", !1, i64 0}
!3 = !{!2, !2, i64 0}
!4 = !{!"double", !1, i64 0}
!5 = !{!4, !4, i64 0}
!6 = !{!"int", !1, i64 0}
!7 = !{!6, !6, i64 0}
