; A slot whose address escapes (passed to a call that may capture it) is
; live from the escape to the end of the coroutine: it may not share bytes
; with a spill live after the escape, but it does share with a spill that
; died before the escape.
; LLVM's frame: { ptr, ptr, %promise @16, i64 @24, i64 @32, i64 @40, i1 @48 }
; = 56 bytes.  %a dies before @escape(%buf); %b is written after it.
; Packed: %buf and %b apart, %a on top of one of them -> 48 bytes.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -coro-pack-report=- -pass-remarks-analysis=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REPORT

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %buf = alloca i64, align 8
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
  call void @escape(ptr %buf)
  %b = call i64 @produce(i32 1)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  call void @consume(i64 %b)
  %v = load i64, ptr %buf
  call void @consume(i64 %v)
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
; CHECK: call ptr @_Znwm(i64 48)
; CHECK-LABEL: define internal fastcc void @f.resume(
; CHECK-SAME: dereferenceable(48)
; CHECK: %buf.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 [[BUF:[0-9]+]]
; CHECK: %a.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 [[BUF]]
; CHECK: call void @escape(ptr {{.*}}%buf.reload.addr)
; CHECK-NOT: getelementptr inbounds i8, ptr %hdl, i64 [[BUF]]
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 {{[0-9]+}}
; CHECK: store i64 %b, ptr %b.spill.addr

; REPORT: remark: {{.*}}1 slots of f have escaping addresses and are kept live from the escape to the end of the coroutine (conservative: no lifetime end was carried across coro-split)
; REPORT: coroutine f: packed, frame 56 -> 48 bytes (lower bound 48)
; REPORT: field   old   new  size align  kind     note Unresumed Suspend1  type
; REPORT: 3    24    {{24|32}}     8     8  data     esc          .        X  i64
; REPORT: 4    32    {{24|32}}     8     8  data                  X        .  i64
; REPORT: 5    40    {{24|32}}     8     8  data                  .        X  i64
; REPORT: 6    48    40     1     1  index                 X        X  i1

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
; nounwind: a call that may unwind out of a clone leaves the coroutine in
; the state it is running in, which keeps an escaped slot live there too.
declare i64 @produce(i32) nounwind
declare void @consume(i64) nounwind
declare void @escape(ptr) nounwind
