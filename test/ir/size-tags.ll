; Copies of the frame size that an inlined operator new makes (a header in
; front of the frame: malloc(size + 16), the size recorded in the header, a
; recycling allocator's "does it fit" comparison and select) and the sized
; free of the destroy path are known to be the frame size: mark.c tags the
; users of llvm.coro.size before coro-split, and every tagged copy changes
; with the frame.  The constant 48 passed to @report is not tagged: it is
; equal to the size only by chance here, but the rewrite cannot know that,
; so in @g the coroutine is left alone, every copy of the size kept.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %fits = icmp ult i64 %size, 257
  %want = select i1 %fits, i64 256, i64 %size
  %hdr = add i64 %size, 16
  %raw = call ptr @malloc(i64 %hdr)
  store i64 %size, ptr %raw
  %alloc = getelementptr inbounds i8, ptr %raw, i64 16
  call void @note(i64 %want)
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
  br label %cleanup
cleanup:
  %mem = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %size2 = call i64 @llvm.coro.size.i64()
  %base = getelementptr inbounds i8, ptr %mem, i64 -16
  call void @free_sized(ptr %base, i64 %size2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @g(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %hdr = add i64 %size, 16
  %raw = call ptr @malloc(i64 %hdr)
  %alloc = getelementptr inbounds i8, ptr %raw, i64 16
  call void @report(i64 48)
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
  br label %cleanup
cleanup:
  %mem = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %base = getelementptr inbounds i8, ptr %mem, i64 -16
  call void @free(ptr %base)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @free_sized(ptr, i64)
declare void @note(i64)
declare void @report(i64)
declare i64 @produce(i32)
declare void @consume(i64)

; The header, the comparison, the select, the record and the sized free all
; follow the frame from 48 to 40 bytes:
; CHECK-LABEL: define ptr @f(
; CHECK: %fits = icmp ult i64 40, 257
; CHECK: %want = select i1 %fits, i64 256, i64 40
; CHECK: %hdr = add i64 40, 16
; CHECK: store i64 40, ptr %raw
; The ramp's cleanup path cannot run (coro-split made its suspend switch
; constant): left as it was, its sized free included.
; CHECK: switch i8 -1, label %suspend
; CHECK: call void @free_sized(ptr %base, i64 48)
; CHECK-LABEL: define ptr @g(
; CHECK: %hdr = add i64 48, 16
; CHECK: call void @report(i64 48)
; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: call void @free_sized(ptr %base, i64 40)
; CHECK-LABEL: define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: call void @free_sized(ptr %base, i64 40)
; CHECK-LABEL: define internal fastcc void @g.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)
; The tags are gone once the pieces are packed:
; CHECK-NOT: !coropack.size

; REMARK-NOT: of f left unchanged
; REMARK: coroutine frame of g left unchanged (48 bytes): the frame size 48 is used by an instruction we do not understand (  call void @report(i64 48) in g)
