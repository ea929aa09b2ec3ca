; The frame of a .noalloc variant inlined into a caller (what
; coro-annotation-elide does) is rewritten with the coroutine: the caller's
; alloca [N x i8], its struct GEPs on %g.Frame and the dereferenceable(N)
; of the calls that pass it change together with the clones.
; The module below is coro-split's output for the coroutine of
; spills-share.ll (renamed @g; frame 48 bytes, packed to 40) plus a
; hand-written caller (at the end) holding the frame in an alloca.
; RUN: %opt < %s -passes=coro-pack -S | FileCheck %s
; RUN: %opt < %s -passes=coro-pack -pass-remarks=coro-pack -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK

; CHECK-LABEL: define internal fastcc void @g.resume(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; CHECK: %a.reload.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK: %b.spill.addr = getelementptr inbounds i8, ptr %hdl, i64 24
; CHECK-LABEL: define internal fastcc void @g.cleanup(ptr noundef nonnull align 8 dereferenceable(40) %hdl)
; The first resume path cannot run in .cleanup (its suspend switch is on
; the constant 1): left as it was, struct GEPs included.
; CHECK: switch i8 1, label %suspend
; CHECK: %a.reload.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 3
; CHECK-LABEL: define i64 @caller(
; CHECK: %fr = alloca [40 x i8], align 8
; CHECK: %resume.addr = getelementptr inbounds nuw i8, ptr %fr, i64 0
; CHECK: %a.spill.addr = getelementptr inbounds i8, ptr %fr, i64 24
; CHECK: %index.addr = getelementptr inbounds nuw i8, ptr %fr, i64 32
; CHECK: call fastcc void @g.resume(ptr nonnull align 8 dereferenceable(40) %fr)
; CHECK: call fastcc void @g.cleanup(ptr nonnull align 8 dereferenceable(40) %fr)
; CHECK-NOT: %g.Frame, ptr

; REMARK: remark: {{.*}}packed coroutine frame of g from 48 to 40 bytes (lower bound 40)

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%promise = type { i64 }
%g.Frame = type { ptr, ptr, %promise, i64, i64, i1 }

@g.resumers = private constant [3 x ptr] [ptr @g.resume, ptr @g.destroy, ptr @g.cleanup]

define ptr @g(i32 %n) {
entry:
  %pr = alloca %promise, align 8
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr @g.resumers)
  %alloc = call ptr @_Znwm(i64 48)
  %hdl = call noalias nonnull ptr @llvm.coro.begin(token %id, ptr %alloc)
  %resume.addr = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 0
  store ptr @g.resume, ptr %resume.addr, align 8
  %destroy.addr = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 1
  store ptr @g.destroy, ptr %destroy.addr, align 8
  br label %AllocaSpillBB

AllocaSpillBB:                                    ; preds = %entry
  br label %PostSpill

PostSpill:                                        ; preds = %AllocaSpillBB
  %a = call i64 @produce(i32 %n)
  %a.spill.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 3
  store i64 %a, ptr %a.spill.addr, align 8
  br label %CoroSave

CoroSave:                                         ; preds = %PostSpill
  %index.addr4 = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 5
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
  %a.reload.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 3
  %a.reload = load i64, ptr %a.reload.addr, align 8
  call void @consume(i64 %a.reload)
  %b = call i64 @produce(i32 1)
  %b.spill.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 4
  store i64 %b, ptr %b.spill.addr, align 8
  br label %CoroSave1

CoroSave1:                                        ; preds = %r0
  %index.addr5 = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 5
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
  %b.reload.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 4
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

; Function Attrs: nomerge nounwind
declare token @llvm.coro.save(ptr) #4

define internal fastcc void @g.resume(ptr noundef nonnull align 8 dereferenceable(48) %hdl) {
entry.resume:
  br label %resume.entry

resume.entry:                                     ; preds = %entry.resume
  %index.addr = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 5
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
  %a.reload.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 3
  %a.reload = load i64, ptr %a.reload.addr, align 8
  call void @consume(i64 %a.reload)
  %b = call i64 @produce(i32 1)
  %b.spill.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 4
  store i64 %b, ptr %b.spill.addr, align 8
  br label %CoroSave1

CoroSave1:                                        ; preds = %r0
  %index.addr5 = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 5
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
  %b.reload.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 4
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

define internal fastcc void @g.destroy(ptr noundef nonnull align 8 dereferenceable(48) %hdl) {
entry.destroy:
  br label %resume.entry

resume.entry:                                     ; preds = %entry.destroy
  %index.addr = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 5
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
  %a.reload.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 3
  %a.reload = load i64, ptr %a.reload.addr, align 8
  call void @consume(i64 %a.reload)
  %b = call i64 @produce(i32 1)
  %b.spill.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 4
  store i64 %b, ptr %b.spill.addr, align 8
  br label %CoroSave1

CoroSave1:                                        ; preds = %r0
  %index.addr5 = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 5
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
  %b.reload.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 4
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

define internal fastcc void @g.cleanup(ptr noundef nonnull align 8 dereferenceable(48) %hdl) {
entry.cleanup:
  br label %resume.entry

resume.entry:                                     ; preds = %entry.cleanup
  %index.addr = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 5
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
  %a.reload.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 3
  %a.reload = load i64, ptr %a.reload.addr, align 8
  call void @consume(i64 %a.reload)
  %b = call i64 @produce(i32 1)
  %b.spill.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 4
  store i64 %b, ptr %b.spill.addr, align 8
  br label %CoroSave1

CoroSave1:                                        ; preds = %r0
  %index.addr5 = getelementptr inbounds nuw %g.Frame, ptr %hdl, i32 0, i32 5
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
  %b.reload.addr = getelementptr inbounds %g.Frame, ptr %hdl, i32 0, i32 4
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

define i64 @caller(i32 %n) {
entry:
  %fr = alloca [48 x i8], align 8
  ; the inlined .noalloc ramp, working on the caller's frame
  %resume.addr = getelementptr inbounds nuw %g.Frame, ptr %fr, i32 0, i32 0
  store ptr @g.resume, ptr %resume.addr, align 8
  %destroy.addr = getelementptr inbounds nuw %g.Frame, ptr %fr, i32 0, i32 1
  store ptr @g.cleanup, ptr %destroy.addr, align 8
  %a = call i64 @produce(i32 %n)
  %a.spill.addr = getelementptr inbounds %g.Frame, ptr %fr, i32 0, i32 3
  store i64 %a, ptr %a.spill.addr, align 8
  %index.addr = getelementptr inbounds nuw %g.Frame, ptr %fr, i32 0, i32 5
  store i1 false, ptr %index.addr, align 1
  ; the caller drives the child through its handle, then cleans it up
  call fastcc void @g.resume(ptr nonnull align 8 dereferenceable(48) %fr)
  call fastcc void @g.cleanup(ptr nonnull align 8 dereferenceable(48) %fr)
  ret i64 %a
}
