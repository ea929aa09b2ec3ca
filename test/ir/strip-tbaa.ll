; -coro-pack-strip-tbaa: code inlined into the pieces after packing loses
; !tbaa on frame accesses; accesses through globals keep it.
; %x ([4 x i64]) is live in Unresumed only, %y ([4 x double]) in Suspend1
; only: packing puts both at frame offset 24.  @put.long and @put.double
; store through a variable index (BasicAA cannot place such an access, so
; only the tags would speak: long vs double, "no alias") and are inlined
; only after packing (cgscc(inline) comes after coro-pack here, as the
; await_suspend wrappers clang makes are inlined after coro-split); they are
; nounwind, as an unwinding call in r0 would keep %x live (state 0) there.
; With the option, every piece carries "coropack-strip-tbaa" and the pass
; drops the tags of the inlined frame stores; the stores to @g keep theirs.
; Without it (and without -coro-pack-remat-addresses, whose attribute would
; also mark the functions), nothing is marked and every tag stays.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack,cgscc(inline),function(coro-pack-strip-tbaa)' -coro-pack-strip-tbaa -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack,cgscc(inline),function(coro-pack-strip-tbaa)' -coro-pack-remat-addresses=false -coro-pack-strip-tbaa=false -S | FileCheck %s --check-prefix=OFF

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@g = global i64 0

define internal void @put.long(ptr captures(none) %p, i64 %i) alwaysinline nounwind {
  %e = getelementptr inbounds i64, ptr %p, i64 %i
  store i64 9, ptr %e, align 8, !tbaa !3
  store i64 1, ptr @g, align 8, !tbaa !3
  ret void
}

define internal void @put.double(ptr captures(none) %p, i64 %i) alwaysinline nounwind {
  %e = getelementptr inbounds double, ptr %p, i64 %i
  store double 2.5, ptr %e, align 8, !tbaa !5
  store i64 2, ptr @g, align 8, !tbaa !3
  ret void
}

define ptr @f(i64 %i) presplitcoroutine {
entry:
  %pr = alloca i64, align 8
  %x = alloca [4 x i64], align 8
  %y = alloca [4 x double], align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  call void @llvm.memset.p0.i64(ptr %x, i8 0, i64 32, i1 false)
  call void @put.long(ptr %x, i64 %i)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  %xe = getelementptr inbounds i64, ptr %x, i64 %i
  %xv = load i64, ptr %xe, align 8, !tbaa !3
  call void @consume(i64 %xv)
  call void @llvm.memset.p0.i64(ptr %y, i8 0, i64 32, i1 false)
  call void @put.double(ptr %y, i64 %i)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  %ye = getelementptr inbounds double, ptr %y, i64 %i
  %yv = load double, ptr %ye, align 8, !tbaa !5
  call void @consume.d(double %yv)
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

; The ramp: packed (both slots at 24), the inlined long store untagged.
; CHECK-LABEL: define ptr @f(
; CHECK-SAME: i64 %i) #[[ATTR:[0-9]+]] {
; CHECK: %x.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %y.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: store i64 9, ptr %e.i, align 8{{$}}
; CHECK: store i64 1, ptr @g, align 8, !tbaa [[LONG:![0-9]+]]

; CHECK-LABEL: define internal fastcc void @f.resume(
; CHECK-SAME: ptr noundef nonnull align 8 dereferenceable(72) %hdl) #[[ATTR]] {
; CHECK: %xv = load i64, ptr %xe, align 8{{$}}
; CHECK: store double 2.500000e+00, ptr %e.i, align 8{{$}}
; CHECK: store i64 2, ptr @g, align 8, !tbaa [[LONG]]
; CHECK-LABEL: define internal fastcc void @f.destroy(
; CHECK-SAME: #[[ATTR]] {
; CHECK: store double 2.500000e+00, ptr %e.i, align 8{{$}}
; CHECK-LABEL: define internal fastcc void @f.cleanup(
; CHECK-SAME: #[[ATTR]] {
; CHECK: store double 2.500000e+00, ptr %e.i, align 8{{$}}
; CHECK: attributes #[[ATTR]] = { {{.*}}"coropack-strip-tbaa"{{.*}} }

; OFF-LABEL: define ptr @f(i64 %i) {
; OFF: store i64 9, ptr %e.i, align 8, !tbaa [[OLONG:![0-9]+]]
; OFF: store i64 1, ptr @g, align 8, !tbaa [[OLONG]]
; OFF-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(72) %hdl) {
; OFF: store double 2.500000e+00, ptr %e.i, align 8, !tbaa [[ODOUBLE:![0-9]+]]
; OFF-NOT: coropack-strip-tbaa

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
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
