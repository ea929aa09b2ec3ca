; A split frame type larger than the clones' dereferenceable (a field made
; wider by hand) is given up on in discovery, before its slots are read: the
; coroutine is left unchanged with a remark, and the report lists it with no
; slots (it used to read the unfilled slots and crash).
; RUN: %opt < %s -passes=coro-pack -S | FileCheck %s
; RUN: %opt < %s -passes=coro-pack -pass-remarks-missed=coro-pack -coro-pack-report-json=%t.json -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: FileCheck %s --check-prefix=JSON < %t.json

; CHECK-LABEL: define ptr @f(
; CHECK: %x.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: %x.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
; CHECK-LABEL: define internal fastcc void @f.destroy(
; CHECK: call void @_ZdlPvm(ptr %hdl, i64 48)

; REMARK: remark: {{.*}}coroutine frame of f left unchanged (64 bytes): f.resume says dereferenceable(40), less than the 64 bytes of the frame type

; JSON: {"name":"f","packed":false,{{.*}}"slots":[]

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }
%f.Frame = type { ptr, ptr, %promise, <3 x float>, i1 }

@f.resumers = private constant [3 x ptr] [ptr @f.resume, ptr @f.destroy, ptr @f.cleanup]

define ptr @f(i32 %n) {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr @f.resumers)
  %alloc = call ptr @_Znwm(i64 48)
  %hdl = call noalias nonnull ptr @llvm.coro.begin(token %id, ptr %alloc)
  %resume.addr = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 0
  store ptr @f.resume, ptr %resume.addr, align 8
  %destroy.addr = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 1
  store ptr @f.destroy, ptr %destroy.addr, align 8
  %x.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
  store <3 x float> zeroinitializer, ptr %x.addr, align 16
  ret ptr %hdl
}

define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(40) %hdl) {
entry:
  %x.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
  %x = load <3 x float>, ptr %x.addr, align 16
  call void @use(<3 x float> %x)
  %resume.addr = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 0
  store ptr null, ptr %resume.addr, align 8
  ret void
}

define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(40) %hdl) {
entry:
  call void @_ZdlPvm(ptr %hdl, i64 48)
  ret void
}

define internal fastcc void @f.cleanup(ptr noundef nonnull align 8 dereferenceable(40) %hdl) {
entry:
  ret void
}

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare ptr @llvm.coro.begin(token, ptr)
declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
declare void @use(<3 x float>)
