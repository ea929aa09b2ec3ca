; Demoted slots (live in no suspend state: written after their suspend,
; never read there) that do not fit in the frame as laid out stay on the
; stack, in one stack area per function where slots that never meet share
; bytes.  %a and %b ([64 x i8], no lifetime markers, so coro-split gives
; each a field) are read before a suspend and only written after it, in
; two phases: each piece that uses them gets "coropack.stack" of 64 bytes
; with both at offset 0, and the frame keeps only what crosses suspends.
; %c (i16) is live in no suspend state too but fits in the frame as laid out
; (with the i32 that dies before it) without making it larger: it goes back
; into the frame and costs no stack.  160 -> 32 bytes.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -coro-pack-report=- -disable-output 2>&1 | FileCheck %s --check-prefix=REPORT
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -coro-pack-report-json=%t.json -disable-output
; RUN: FileCheck %s --check-prefix=JSON < %t.json

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %a = alloca [64 x i8], align 8
  %b = alloca [64 x i8], align 8
  %c = alloca i16, align 2
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  %v = call i64 @produce(i32 %n)
  store i64 %v, ptr %a
  %va = load i64, ptr %a
  call void @consume(i64 %va)
  store i16 7, ptr %c
  %vc = load i16, ptr %c
  %vcx = zext i16 %vc to i64
  call void @consume(i64 %vcx)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  store i64 0, ptr %a
  store i16 0, ptr %c
  %w = call i64 @produce(i32 2)
  store i64 %w, ptr %b
  %vb = load i64, ptr %b
  call void @consume(i64 %vb)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %suspend [i8 0, label %r2
                                 i8 1, label %cleanup]
r2:
  store i64 0, ptr %b
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

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @_Znwm(i64)
declare void @_ZdlPvm(ptr, i64)
declare i64 @produce(i32) nounwind
declare void @consume(i64) nounwind

; REPORT: coroutine f: packed, frame 160 -> 32 bytes (lower bound 32), 128 bytes moved to the stack (a stack area of 64 bytes)
; REPORT: 3    24     -    64     8  data     stack {{.*}}[64 x i8]
; REPORT-NEXT: 4    88     -    64     8  data     stack {{.*}}[64 x i8]
; REPORT-NEXT: 5   152    24     4     4  data {{.*}}i32
; REPORT-NEXT: 6   156    24     2     2  data {{[ .]+}}i16
; JSON: "field":3,{{[^}]*}}"demoted":true,"stack_offset":0,
; JSON-SAME: "field":4,{{[^}]*}}"demoted":true,"stack_offset":0,
; JSON-SAME: "field":6,"type":"i16",{{[^}]*}}"new_offset":24,{{[^}]*}}"live":[]}
; JSON-SAME: "stack_bytes":128,"stack_area":64
; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(32) %hdl)
; CHECK: %coropack.stack = alloca [64 x i8], align 8
; CHECK-NOT: alloca
; CHECK: store i64 %v, ptr %coropack.stack
; CHECK: store i64 %w, ptr %coropack.stack
