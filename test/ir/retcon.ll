; A returned-continuation (retcon) coroutine is not a switch-ABI coroutine:
; it is left exactly as coro-split made it, with a remark saying why.
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -S > %t.packed.ll
; RUN: opt < %s -passes='cgscc(coro-split)' -S > %t.split.ll
; The only difference: the module-level note that f was examined.
; RUN: grep -v -e '^!coropack.examined' -e '^!0 = !{!"f"}' %t.packed.ll | diff -B %t.split.ll -
; RUN: grep '^!coropack.examined = ' %t.packed.ll
; RUN: %opt < %s -passes='cgscc(coro-split),coro-pack' -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s
; CHECK: remark: {{.*}}coroutine frame of f left unchanged ({{[0-9]+}} bytes): no f.resume/.destroy clones: not a split switch-ABI coroutine (retcon and async ABIs are left alone)

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define {ptr, i64} @f(ptr %buffer, i64 %n) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id.retcon(i32 8, i32 8, ptr %buffer, ptr @prototype, ptr @allocate, ptr @deallocate)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %big = call i64 @produce(i64 %n)
  br label %loop

loop:
  %n.val = phi i64 [ %n, %entry ], [ %inc, %resume ]
  %unwind0 = call i1 (...) @llvm.coro.suspend.retcon.i1(i64 %n.val)
  br i1 %unwind0, label %cleanup, label %resume

resume:
  %inc = add i64 %n.val, %big
  br label %loop

cleanup:
  call void @llvm.coro.end(ptr %hdl, i1 0, token none)
  unreachable
}

declare token @llvm.coro.id.retcon(i32, i32, ptr, ptr, ptr, ptr)
declare ptr @llvm.coro.begin(token, ptr)
declare i1 @llvm.coro.suspend.retcon.i1(...)
declare void @llvm.coro.end(ptr, i1, token)
declare {ptr, i64} @prototype(ptr, i1 zeroext)
declare noalias ptr @allocate(i32 %size)
declare void @deallocate(ptr %ptr)
declare i64 @produce(i64)
