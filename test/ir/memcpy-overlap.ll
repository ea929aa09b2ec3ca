; A memcpy from one slot into another must not end up copying between
; partially overlapping ranges once the slots are packed: llvm.memcpy's source
; and destination must be equal or disjoint (LangRef), so the slot copied from
; and the slot copied into must not share bytes even when the source is dead
; after the memcpy.
; %a ([16 x i8]) is set before the first suspend and read only by
; `memcpy(%b, %a + 4, 8)` after it (Unresumed only); %b ([16 x i8]) is written
; by that memcpy and read after the second suspend (Suspend1 only); %x (i64)
; is read after the first suspend, before the memcpy (Unresumed only).
; LLVM's frame: resume 0, destroy 8, promise 16, %b 24, %a 40, %x 56,
; index (i1) 64, 72 bytes.  Correct packing:
; %a and %x interfere (both live in Unresumed), %a and %b interfere (the
; memcpy reads one and writes the other), %b and %x may share:
; 24 + 16 + 16 + 1 -> 64 bytes, with %a and %b at different offsets
; (a regression test: the pass once gave 56 bytes with %a and %b both at
; 24, turning the copy into memcpy(hdl+24, hdl+28, 8), overlapping and not
; equal, undefined behaviour; it depended on the order of the allocas).
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %b = alloca [16 x i8], align 8
  %a = alloca [16 x i8], align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  call void @llvm.memset.p0.i64(ptr align 8 %a, i8 1, i64 16, i1 false)
  %x = call i64 @produce(i32 %n)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  call void @consume(i64 %x)
  %a.4 = getelementptr inbounds i8, ptr %a, i64 4
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %b, ptr align 4 %a.4, i64 8, i1 false)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  %b.x = load i64, ptr %b, align 8
  call void @consume(i64 %b.x)
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

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(64) %hdl)
; CHECK: %b.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 [[B:[0-9]+]]
; CHECK-NOT: %a.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 [[B]]{{$}}
; CHECK: %x.reload.addr = getelementptr inbounds i8, ptr %hdl, i64
; CHECK: call void @llvm.memcpy.p0.p0.i64(ptr align 8 %b.reload.addr, ptr align 4 %a.4, i64 8, i1 false)

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
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
