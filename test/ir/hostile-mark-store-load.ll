; Carrying lifetime ends across coro-split must not change coro-split's
; frame.  %h's address is only stored into %slot and loaded back, which
; LLVM's CoroFrame does not count as an escape as long as every user of
; %slot is a load, a store into it or a lifetime marker; a coropack marker
; beside lifetime.end(%slot) would be another user, make %h escape and put
; it in the frame (24 -> 32 bytes, found by utils/corofuzz/mutate.py).  So
; %slot gets no marker, and the frame is the one plain coro-split builds.
; @g: the same with a call on %slot in an unreachable block, which coro-split
; deletes before it builds the frame (so that user does not count either).
; RUN: opt < %s -passes='cgscc(coro-split)' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='function(coro-pack-mark)' -S | FileCheck %s --check-prefix=MARK

; CHECK: %f.Frame = type { ptr, ptr, i1 }
; CHECK: %g.Frame = type { ptr, ptr, i1 }
; CHECK-LABEL: define ptr @f(
; CHECK: call ptr @malloc(i32 24)
; CHECK: store ptr %h, ptr %slot, align 8
; CHECK-NOT: coropack.lifetime.end

; CHECK-LABEL: define ptr @g(
; CHECK: call ptr @malloc(i32 24)

; MARK-LABEL: define ptr @f(
; MARK: call void @llvm.lifetime.end.p0(ptr %slot)
; MARK-NOT: call void @coropack.lifetime.end(ptr %slot)
; MARK: call i8 @llvm.coro.suspend(
; MARK-LABEL: define ptr @g(
; MARK: call void @llvm.lifetime.end.p0(ptr %slot)
; MARK-NOT: call void @coropack.lifetime.end(ptr %slot)
; MARK: call i8 @llvm.coro.suspend(

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%handle = type { ptr }

define ptr @f() presplitcoroutine {
entry:
  %h = alloca %handle, align 8
  %slot = alloca ptr, i32 255, align 8
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i32 @llvm.coro.size.i32()
  %alloc = call ptr @malloc(i32 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  store ptr %h, ptr %slot, align 8
  %back = load ptr, ptr %slot, align 8
  call void @llvm.lifetime.end.p0(ptr %slot)
  %sp = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sp, label %suspend [i8 0, label %resume
                                 i8 1, label %cleanup]
resume:
  call void @use(ptr null)
  br label %cleanup
cleanup:
  %mem = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %mem)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @g() presplitcoroutine {
entry:
  %h = alloca %handle, align 8
  %slot = alloca ptr, i32 255, align 8
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i32 @llvm.coro.size.i32()
  %alloc = call ptr @malloc(i32 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  store ptr %h, ptr %slot, align 8
  %back = load ptr, ptr %slot, align 8
  call void @llvm.lifetime.end.p0(ptr %slot)
  %sp = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sp, label %suspend [i8 0, label %resume
                                 i8 1, label %cleanup]
resume:
  call void @use(ptr null)
  br label %cleanup
cleanup:
  %mem = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %mem)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
dead:
  call void @use(ptr %slot)
  unreachable
}

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i32 @llvm.coro.size.i32()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.lifetime.end.p0(ptr)
declare noalias ptr @malloc(i32)
declare void @free(ptr)
declare void @use(ptr)
