; A debug record with several locations (a DIArgList), one of them the
; frame pointer: "DW_OP_LLVM_arg 0, DW_OP_plus_uconst OFF" addresses a slot
; and OFF moves with it, like a single location's offset (cppcoro's
; generator_tests at -O2 -g: "(end - begin) >> 2" of a vector in the
; frame; until issue 13 such a record left the coroutine alone: "a debug
; record combines the frame pointer with other locations").  Same frame as
; debuginfo.ll: %y moves from 32 to 24.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S | FileCheck %s
; RUN: %opt < %s -passes='cgscc(coro-split)' -S | FileCheck %s --check-prefix=BEFORE
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks=coro-pack -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }

define ptr @f(i32 %n) presplitcoroutine !dbg !5 {
entry:
  %pr = alloca %promise, align 8
  %x = alloca i64, align 8
  %y = alloca i64, align 8
    #dbg_declare(ptr %x, !10, !DIExpression(), !12)
    #dbg_declare(ptr %y, !11, !DIExpression(), !12)
  %id = call token @llvm.coro.id(i32 16, ptr %pr, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %alloc = call ptr @_Znwm(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %alloc)
  %a = call i64 @produce(i32 %n)
  store i64 %a, ptr %x
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %r0
                                 i8 1, label %cleanup]
r0:
  %xv = load i64, ptr %x
  call void @consume(i64 %xv)
  %b = call i64 @produce(i32 1)
  store i64 %b, ptr %y
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %r1
                                 i8 1, label %cleanup]
r1:
  %yv = load i64, ptr %y
    #dbg_value(!DIArgList(ptr %hdl, i64 %yv), !13, !DIExpression(DW_OP_LLVM_arg, 0, DW_OP_plus_uconst, 32, DW_OP_deref, DW_OP_LLVM_arg, 1, DW_OP_minus, DW_OP_stack_value), !12)
  call void @consume(i64 %yv)
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

; BEFORE-LABEL: define internal fastcc void @f.resume(
; BEFORE: #dbg_value(!DIArgList(ptr %hdl.debug, i64 %yv), !{{[0-9]+}}, !DIExpression(DW_OP_deref, DW_OP_LLVM_arg, 0, DW_OP_plus_uconst, 32, DW_OP_deref, DW_OP_LLVM_arg, 1, DW_OP_minus, DW_OP_stack_value)

; z's expression reads y through the frame pointer: y's slot moves from 32
; to 24, so does the offset after DW_OP_LLVM_arg 0 in the clones (location
; 0 is the alloca holding the frame pointer; coro-split's salvage puts its
; DW_OP_deref in front of the whole expression); the other location (%yv)
; is left as it is.
; The ramp's copy of the record is in code that cannot run after
; coro-split (its suspend switches are on the constant -1): left as it was.
; CHECK-LABEL: define ptr @f(
; CHECK: switch i8 -1, label %suspend
; CHECK: #dbg_value(!DIArgList(ptr %hdl, i64 %yv), !{{[0-9]+}}, !DIExpression(DW_OP_LLVM_arg, 0, DW_OP_plus_uconst, 32, DW_OP_deref, DW_OP_LLVM_arg, 1, DW_OP_minus, DW_OP_stack_value)
; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(40)
; CHECK: #dbg_value(!DIArgList(ptr %hdl.debug, i64 %yv), !{{[0-9]+}}, !DIExpression(DW_OP_deref, DW_OP_LLVM_arg, 0, DW_OP_plus_uconst, 24, DW_OP_deref, DW_OP_LLVM_arg, 1, DW_OP_minus, DW_OP_stack_value)
; CHECK-LABEL: define internal fastcc void @f.destroy(
; CHECK-NOT: DW_OP_plus_uconst, 32
; CHECK: DW_OP_plus_uconst, 24, DW_OP_deref, DW_OP_LLVM_arg, 1
; REMARK-NOT: left unchanged
; REMARK: packed coroutine frame of f from 48 to 40 bytes

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

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "hand", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "f.cpp", directory: "/")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !6, scopeLine: 1, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !9)
!6 = !DISubroutineType(types: !7)
!7 = !{!8}
!8 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!9 = !{!10, !11, !13}
!10 = !DILocalVariable(name: "x", scope: !5, file: !1, line: 2, type: !8)
!11 = !DILocalVariable(name: "y", scope: !5, file: !1, line: 3, type: !8)
!12 = !DILocation(line: 2, column: 1, scope: !5)
!13 = !DILocalVariable(name: "z", scope: !5, file: !1, line: 4, type: !8)
