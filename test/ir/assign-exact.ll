; The exact search of assign.c beats first fit over all its three orders.
; RUN: %opt -passes='cgscc(coro-split),print<coro-pack>' %s -disable-output 2>&1 | FileCheck %s
; RUN: %opt -passes='cgscc(coro-split),coro-pack' -coro-pack-report-json=%t.json %s -S | FileCheck %s --check-prefix=IR
; RUN: FileCheck %s --check-prefix=JSON < %t.json
; RUN: env COROPACK_NO_EXACT=1 %opt -passes='cgscc(coro-split),print<coro-pack>' %s -disable-output 2>&1 | FileCheck %s --check-prefix=HEUR
;
; No calls between the suspends (loads and stores of globals only), so
; nothing can re-enter the coroutine while a value is still to be read, and
; the slots are live exactly across these suspends (index i2 across all):
;   b [2 x i64] 16 bytes align 8: suspend 2       (Suspend1 in the report)
;   a [3 x i16]  6 bytes align 2: suspends 2 to 4
;   c i64        8 bytes align 8: suspends 3 to 4
;   d i32        4 bytes align 4: suspend 3
;   e [5 x i8]   5 bytes align 1: suspend 3
; b interferes with a and the index only; c, d, e, a and the index all
; interfere.  Pinned: resume, destroy, promise = 24 bytes.  Lower bound:
; 24 + 8 + 4 + 5 + 6 + 1 = 48 (the live set at suspend 3), and it is met:
;   b @24..40, c @24..32, d @32..36, e @36..41, index @41, a @42..48.
; First fit needs 56 in each order (slots of the current layout are placed
; at the lowest aligned offset clear of the placed slots they interfere
; with; header and promise hold 0..24):
;   largest first (b c a e d index): b 24, c 24, a 40, e 32..37, d cannot
;     go to 32 (e) or 40 (a): 48..52 -> 56.
;   most interfering first (a index c e d b): a 24, index 30, c 32, e 40,
;     d 48..52, b 32 -> 56.
;   field order (b c d a e index): b 24, c 24, d 32, a 40, e 46..51,
;     index 51 -> 56.

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f() presplitcoroutine {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  %a = load [3 x i16], ptr @in_a
  %b = load [2 x i64], ptr @in_b
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %suspend [i8 0, label %r2
                                 i8 1, label %cleanup]
r2:
  store [2 x i64] %b, ptr @out_b
  %c = load i64, ptr @in_c
  %d = load i32, ptr @in_d
  %e = load [5 x i8], ptr @in_e
  %s3 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s3, label %suspend [i8 0, label %r3
                                 i8 1, label %cleanup]
r3:
  store i32 %d, ptr @out_d
  store [5 x i8] %e, ptr @out_e
  %s4 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s4, label %suspend [i8 0, label %r4
                                 i8 1, label %cleanup]
r4:
  store [3 x i16] %a, ptr @out_a
  store i64 %c, ptr @out_c
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
@in_a = external global [3 x i16]
@in_b = external global [2 x i64]
@in_c = external global i64
@in_d = external global i32
@in_e = external global [5 x i8]
@out_a = external global [3 x i16]
@out_b = external global [2 x i64]
@out_c = external global i64
@out_d = external global i32
@out_e = external global [5 x i8]

; CHECK: coroutine f: packed, frame 64 -> 48 bytes (lower bound 48)
; CHECK:      3    24    24    16     8  data          .        X        .        .  [2 x i64]
; CHECK-NEXT: 4    40    24     8     8  data          .        .        X        X  i64
; CHECK-NEXT: 5    48    32     4     4  data          .        .        X        .  i32
; CHECK-NEXT: 6    52    42     6     2  data          .        X        X        X  [3 x i16]
; CHECK-NEXT: 7    58    36     5     1  data          .        .        X        .  [5 x i8]
; CHECK-NEXT: 8    63    41     1     1  index         X        X        X        X  i2

; IR-LABEL: define ptr @f(
; IR: call ptr @_Znwm(i64 48)
; IR-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl)

; JSON: "name":"f","packed":true
; JSON-SAME: "heuristic_size":56,"assign_size":48,"assign":"exact-improved"

; HEUR: coroutine f: packed, frame 64 -> 56 bytes (lower bound 48)
