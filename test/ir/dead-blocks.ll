; Blocks that cannot run are not analysed and their frame GEPs are not
; moved.  This is spills-share.ll after coro-split, with one block added
; to f.resume that a constant branch never enters: it compares the
; addresses of two movable slots, which would keep the coroutine as it is
; if the block could run.  It cannot, so the frame is packed (48 -> 40,
; the two spills share offset 24), and the GEPs of that block, like those
; of the resume path that coro-split left dead in f.destroy (its suspend
; switch is on the constant 1), keep the old struct form: no analysis
; reached them and nothing executes them.  Live GEPs are moved.
; RUN: %opt < %s -passes=coro-pack -S | FileCheck %s
; RUN: %opt < %s -passes=coro-pack -pass-remarks=coro-pack -pass-remarks-missed=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK

; REMARK: remark: {{.*}}packed coroutine frame of f from 48 to 40 bytes (lower bound 40)
; REMARK-NOT: left unchanged

; CHECK-LABEL: define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: %index.addr = getelementptr inbounds nuw i8, ptr %hdl, i64 32
; CHECK: %a.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: never:
; CHECK-NEXT: %na = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
; CHECK-NEXT: %nb = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
; CHECK-NEXT: %same = icmp eq ptr %na, %nb

; CHECK-LABEL: define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: %index.addr = getelementptr inbounds nuw i8, ptr %hdl, i64 32
; CHECK: r0:
; CHECK-NEXT: %a.reload.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
; CHECK: call void @_ZdlPvm(ptr {{.*}}, i64 40)

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }
%f.Frame = type { ptr, ptr, %promise, i64, i64, i1 }

@f.resumers = private constant [3 x ptr] [ptr @f.resume, ptr @f.destroy, ptr @f.cleanup]

define ptr @f(i32 %n) {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr @f.resumers)
  %alloc = call ptr @_Znwm(i64 48)
  %hdl = call noalias nonnull ptr @llvm.coro.begin(token %id, ptr %alloc)
  %resume.addr = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 0
  store ptr @f.resume, ptr %resume.addr, align 8
  %destroy.addr = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 1
  store ptr @f.destroy, ptr %destroy.addr, align 8
  br label %AllocaSpillBB

AllocaSpillBB:                                    ; preds = %entry
  br label %PostSpill

PostSpill:                                        ; preds = %AllocaSpillBB
  %a = call i64 @produce(i32 %n)
  %a.spill.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
  store i64 %a, ptr %a.spill.addr, align 8
  br label %CoroSave

CoroSave:                                         ; preds = %PostSpill
  %index.addr4 = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 5
  store i1 false, ptr %index.addr4, align 1
  br label %CoroSuspend

CoroSuspend:                                      ; preds = %CoroSave
  br label %resume.0.landing

resume.0.landing:                                 ; preds = %CoroSuspend
  br label %AfterCoroSuspend

AfterCoroSuspend:                                 ; preds = %resume.0.landing
  switch i8 -1, label %suspend [
    i8 0, label %r0
    i8 1, label %cleanup
  ]

r0:                                               ; preds = %AfterCoroSuspend
  %a.reload.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
  %a.reload = load i64, ptr %a.reload.addr, align 8
  call void @consume(i64 %a.reload)
  %b = call i64 @produce(i32 1)
  %b.spill.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
  store i64 %b, ptr %b.spill.addr, align 8
  br label %CoroSave1

CoroSave1:                                        ; preds = %r0
  %index.addr5 = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 5
  store i1 true, ptr %index.addr5, align 1
  br label %CoroSuspend2

CoroSuspend2:                                     ; preds = %CoroSave1
  br label %resume.1.landing

resume.1.landing:                                 ; preds = %CoroSuspend2
  br label %AfterCoroSuspend3

AfterCoroSuspend3:                                ; preds = %resume.1.landing
  switch i8 -1, label %suspend [
    i8 0, label %r1
    i8 1, label %cleanup
  ]

r1:                                               ; preds = %AfterCoroSuspend3
  %b.reload.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
  %b.reload = load i64, ptr %b.reload.addr, align 8
  call void @consume(i64 %b.reload)
  br label %cleanup

cleanup:                                          ; preds = %r1, %AfterCoroSuspend3, %AfterCoroSuspend
  %mem = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @_ZdlPvm(ptr %mem, i64 48)
  br label %suspend

suspend:                                          ; preds = %cleanup, %AfterCoroSuspend3, %AfterCoroSuspend
  br label %CoroEnd

CoroEnd:                                          ; preds = %suspend
  br label %AfterCoroEnd

AfterCoroEnd:                                     ; preds = %CoroEnd
  ret ptr %hdl
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: read)
declare token @llvm.coro.id(i32, ptr readnone, ptr readonly captures(none), ptr) #0

; Function Attrs: nounwind memory(none)
declare i64 @llvm.coro.size.i64() #1

; Function Attrs: nounwind
declare ptr @llvm.coro.begin(token, ptr writeonly) #2

; Function Attrs: nounwind
declare i8 @llvm.coro.suspend(token, i1) #2

; Function Attrs: nounwind memory(argmem: read)
declare ptr @llvm.coro.free(token, ptr readonly captures(none)) #3

; Function Attrs: nounwind
declare void @llvm.coro.end(ptr, i1, token) #2

declare ptr @_Znwm(i64)

declare void @_ZdlPvm(ptr, i64)

declare i64 @produce(i32)

declare void @consume(i64)

declare void @flag(i1)

; Function Attrs: nomerge nounwind
declare token @llvm.coro.save(ptr) #4

define internal fastcc void @f.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl) {
entry.resume:
  br label %resume.entry

resume.entry:                                     ; preds = %entry.resume
  %index.addr = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 5
  %index = load i1, ptr %index.addr, align 1
  switch i1 %index, label %unreachable [
    i1 false, label %resume.0
    i1 true, label %resume.1
  ]

resume.0:                                         ; preds = %resume.entry
  br label %resume.0.landing

resume.0.landing:                                 ; preds = %resume.0
  br label %AfterCoroSuspend

AfterCoroSuspend:                                 ; preds = %resume.0.landing
  switch i8 0, label %suspend [
    i8 0, label %r0
    i8 1, label %cleanup
  ]

r0:                                               ; preds = %AfterCoroSuspend
  %a.reload.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
  %a.reload = load i64, ptr %a.reload.addr, align 8
  call void @consume(i64 %a.reload)
  %b = call i64 @produce(i32 1)
  %b.spill.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
  store i64 %b, ptr %b.spill.addr, align 8
  br label %CoroSave1

CoroSave1:                                        ; preds = %r0
  %index.addr5 = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 5
  store i1 true, ptr %index.addr5, align 1
  br label %CoroSuspend2

CoroSuspend2:                                     ; preds = %CoroSave1
  br label %resume.1.landing

resume.1:                                         ; preds = %resume.entry
  br label %resume.1.landing

resume.1.landing:                                 ; preds = %resume.1, %CoroSuspend2
  %0 = phi i8 [ -1, %CoroSuspend2 ], [ 0, %resume.1 ]
  br label %AfterCoroSuspend3

AfterCoroSuspend3:                                ; preds = %resume.1.landing
  switch i8 %0, label %suspend [
    i8 0, label %r1
    i8 1, label %cleanup
  ]

r1:                                               ; preds = %AfterCoroSuspend3
  %b.reload.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
  %b.reload = load i64, ptr %b.reload.addr, align 8
  call void @consume(i64 %b.reload)
  br i1 false, label %never, label %cleanup

never:                                            ; preds = %r1
  %na = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
  %nb = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
  %same = icmp eq ptr %na, %nb
  call void @flag(i1 %same)
  br label %cleanup

cleanup:                                          ; preds = %never, %r1, %AfterCoroSuspend3, %AfterCoroSuspend
  call void @_ZdlPvm(ptr %hdl, i64 48)
  br label %suspend

suspend:                                          ; preds = %cleanup, %AfterCoroSuspend3, %AfterCoroSuspend
  br label %CoroEnd

CoroEnd:                                          ; preds = %suspend
  ret void

unreachable:                                      ; preds = %resume.entry
  unreachable
}

define internal fastcc void @f.destroy(ptr noundef nonnull align 8 dereferenceable(48) %hdl) {
entry.destroy:
  br label %resume.entry

resume.entry:                                     ; preds = %entry.destroy
  %index.addr = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 5
  %index = load i1, ptr %index.addr, align 1
  switch i1 %index, label %unreachable [
    i1 false, label %resume.0
    i1 true, label %resume.1
  ]

resume.0:                                         ; preds = %resume.entry
  br label %resume.0.landing

resume.0.landing:                                 ; preds = %resume.0
  br label %AfterCoroSuspend

AfterCoroSuspend:                                 ; preds = %resume.0.landing
  switch i8 1, label %suspend [
    i8 0, label %r0
    i8 1, label %cleanup
  ]

r0:                                               ; preds = %AfterCoroSuspend
  %a.reload.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
  %a.reload = load i64, ptr %a.reload.addr, align 8
  call void @consume(i64 %a.reload)
  %b = call i64 @produce(i32 1)
  %b.spill.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
  store i64 %b, ptr %b.spill.addr, align 8
  br label %CoroSave1

CoroSave1:                                        ; preds = %r0
  %index.addr5 = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 5
  store i1 true, ptr %index.addr5, align 1
  br label %CoroSuspend2

CoroSuspend2:                                     ; preds = %CoroSave1
  br label %resume.1.landing

resume.1:                                         ; preds = %resume.entry
  br label %resume.1.landing

resume.1.landing:                                 ; preds = %resume.1, %CoroSuspend2
  %0 = phi i8 [ -1, %CoroSuspend2 ], [ 1, %resume.1 ]
  br label %AfterCoroSuspend3

AfterCoroSuspend3:                                ; preds = %resume.1.landing
  switch i8 %0, label %suspend [
    i8 0, label %r1
    i8 1, label %cleanup
  ]

r1:                                               ; preds = %AfterCoroSuspend3
  %b.reload.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
  %b.reload = load i64, ptr %b.reload.addr, align 8
  call void @consume(i64 %b.reload)
  br label %cleanup

cleanup:                                          ; preds = %r1, %AfterCoroSuspend3, %AfterCoroSuspend
  call void @_ZdlPvm(ptr %hdl, i64 48)
  br label %suspend

suspend:                                          ; preds = %cleanup, %AfterCoroSuspend3, %AfterCoroSuspend
  br label %CoroEnd

CoroEnd:                                          ; preds = %suspend
  ret void

unreachable:                                      ; preds = %resume.entry
  unreachable
}

define internal fastcc void @f.cleanup(ptr noundef nonnull align 8 dereferenceable(48) %hdl) {
entry.cleanup:
  br label %resume.entry

resume.entry:                                     ; preds = %entry.cleanup
  %index.addr = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 5
  %index = load i1, ptr %index.addr, align 1
  switch i1 %index, label %unreachable [
    i1 false, label %resume.0
    i1 true, label %resume.1
  ]

resume.0:                                         ; preds = %resume.entry
  br label %resume.0.landing

resume.0.landing:                                 ; preds = %resume.0
  br label %AfterCoroSuspend

AfterCoroSuspend:                                 ; preds = %resume.0.landing
  switch i8 1, label %suspend [
    i8 0, label %r0
    i8 1, label %cleanup
  ]

r0:                                               ; preds = %AfterCoroSuspend
  %a.reload.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 3
  %a.reload = load i64, ptr %a.reload.addr, align 8
  call void @consume(i64 %a.reload)
  %b = call i64 @produce(i32 1)
  %b.spill.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
  store i64 %b, ptr %b.spill.addr, align 8
  br label %CoroSave1

CoroSave1:                                        ; preds = %r0
  %index.addr5 = getelementptr inbounds nuw %f.Frame, ptr %hdl, i32 0, i32 5
  store i1 true, ptr %index.addr5, align 1
  br label %CoroSuspend2

CoroSuspend2:                                     ; preds = %CoroSave1
  br label %resume.1.landing

resume.1:                                         ; preds = %resume.entry
  br label %resume.1.landing

resume.1.landing:                                 ; preds = %resume.1, %CoroSuspend2
  %0 = phi i8 [ -1, %CoroSuspend2 ], [ 1, %resume.1 ]
  br label %AfterCoroSuspend3

AfterCoroSuspend3:                                ; preds = %resume.1.landing
  switch i8 %0, label %suspend [
    i8 0, label %r1
    i8 1, label %cleanup
  ]

r1:                                               ; preds = %AfterCoroSuspend3
  %b.reload.addr = getelementptr inbounds %f.Frame, ptr %hdl, i32 0, i32 4
  %b.reload = load i64, ptr %b.reload.addr, align 8
  call void @consume(i64 %b.reload)
  br label %cleanup

cleanup:                                          ; preds = %r1, %AfterCoroSuspend3, %AfterCoroSuspend
  call void @_ZdlPvm(ptr null, i64 48)
  br label %suspend

suspend:                                          ; preds = %cleanup, %AfterCoroSuspend3, %AfterCoroSuspend
  br label %CoroEnd

CoroEnd:                                          ; preds = %suspend
  ret void

unreachable:                                      ; preds = %resume.entry
  unreachable
}

attributes #0 = { nocallback nofree nosync nounwind willreturn memory(argmem: read) }
attributes #1 = { nounwind memory(none) }
attributes #2 = { nounwind }
attributes #3 = { nounwind memory(argmem: read) }
attributes #4 = { nomerge nounwind }
