; Which calls destroy an elided child frame through its owner (pass/owners.c):
; before coro-split, a call of llvm.coro.subfn.addr(h, 1) whose handle h is
; loaded from an alloca that must hold the child's address on every path gets
; `coropack.destroys.next(child)` right before it.  Where the proof fails the
; call gets nothing, and the child frame stays live to the end of the caller.
; A child frame is an alloca whose first bytes receive a `.resume` function
; (the inlined ramp of the child).
; RUN: %opt < %s -passes='function(coro-pack-mark)' -S | FileCheck %s

declare ptr @llvm.coro.subfn.addr(ptr, i8)
declare void @g.resume(ptr)
declare void @reads(ptr readonly captures(none))
declare void @writes(ptr captures(none))
declare void @may_throw()
declare void @terminate() noreturn nounwind
declare i32 @__gxx_personality_v0(...)

; the owner holds the child from the store to the destroy; the owner's
; address only goes to a read-only, non-capturing parameter
; CHECK-LABEL: define void @proven(
; CHECK: %fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
; CHECK-NEXT: call void @coropack.destroys.next(ptr %child)
; CHECK-NEXT: call void %fn(ptr %h)
define void @proven() presplitcoroutine {
  %child = alloca [40 x i8], align 8
  %owner = alloca ptr, align 8
  store ptr @g.resume, ptr %child, align 8
  store ptr %child, ptr %owner, align 8
  call void @reads(ptr %owner)
  %h = load ptr, ptr %owner, align 8
  %fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call void %fn(ptr %h)
  ret void
}

; moved to a second owner (task(task&&): load, store, null the first)
; CHECK-LABEL: define void @moved(
; CHECK: call void @coropack.destroys.next(ptr %child)
; CHECK-NEXT: call void %fn(ptr %h)
define void @moved() presplitcoroutine {
  %child = alloca [40 x i8], align 8
  %first = alloca ptr, align 8
  %second = alloca ptr, align 8
  store ptr @g.resume, ptr %child, align 8
  store ptr %child, ptr %first, align 8
  %v = load ptr, ptr %first, align 8
  store ptr %v, ptr %second, align 8
  store ptr null, ptr %first, align 8
  %h = load ptr, ptr %second, align 8
  %fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call void %fn(ptr %h)
  ret void
}

; the owner is overwritten on one path: the handle may be another one
; CHECK-LABEL: define void @overwritten_on_a_path(
; CHECK-NOT: coropack.destroys.next
; CHECK: ret void
define void @overwritten_on_a_path(i1 %c, ptr %other) presplitcoroutine {
  %child = alloca [40 x i8], align 8
  %owner = alloca ptr, align 8
  store ptr @g.resume, ptr %child, align 8
  store ptr %child, ptr %owner, align 8
  br i1 %c, label %swap, label %join
swap:
  store ptr %other, ptr %owner, align 8
  br label %join
join:
  %h = load ptr, ptr %owner, align 8
  %fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call void %fn(ptr %h)
  ret void
}

; the owner's address reaches a parameter that may write it
; CHECK-LABEL: define void @owner_written_by_callee(
; CHECK-NOT: coropack.destroys.next
; CHECK: ret void
define void @owner_written_by_callee() presplitcoroutine {
  %child = alloca [40 x i8], align 8
  %owner = alloca ptr, align 8
  store ptr @g.resume, ptr %child, align 8
  store ptr %child, ptr %owner, align 8
  call void @writes(ptr %owner)
  %h = load ptr, ptr %owner, align 8
  %fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call void %fn(ptr %h)
  ret void
}

; index 0 is resume, not destroy
; CHECK-LABEL: define void @resume_is_not_destroy(
; CHECK-NOT: coropack.destroys.next
; CHECK: ret void
define void @resume_is_not_destroy() presplitcoroutine {
  %child = alloca [40 x i8], align 8
  %owner = alloca ptr, align 8
  store ptr @g.resume, ptr %child, align 8
  store ptr %child, ptr %owner, align 8
  %h = load ptr, ptr %owner, align 8
  %fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 0)
  call void %fn(ptr %h)
  ret void
}

; a destroy that may unwind into code that goes on is not taken; one whose
; unwind destination only terminates (a noexcept ~task) is
; CHECK-LABEL: define void @invokes(
; CHECK: %fn1 = call ptr @llvm.coro.subfn.addr(ptr %h1, i8 1)
; CHECK-NEXT: invoke void %fn1(ptr %h1)
; CHECK: %fn2 = call ptr @llvm.coro.subfn.addr(ptr %h2, i8 1)
; CHECK-NEXT: call void @coropack.destroys.next(ptr %child2)
; CHECK-NEXT: invoke void %fn2(ptr %h2)
define void @invokes() presplitcoroutine personality ptr @__gxx_personality_v0 {
  %child1 = alloca [40 x i8], align 8
  %child2 = alloca [40 x i8], align 8
  %o1 = alloca ptr, align 8
  %o2 = alloca ptr, align 8
  store ptr @g.resume, ptr %child1, align 8
  store ptr @g.resume, ptr %child2, align 8
  store ptr %child1, ptr %o1, align 8
  store ptr %child2, ptr %o2, align 8
  %h1 = load ptr, ptr %o1, align 8
  %fn1 = call ptr @llvm.coro.subfn.addr(ptr %h1, i8 1)
  invoke void %fn1(ptr %h1) to label %next unwind label %goes_on
next:
  %h2 = load ptr, ptr %o2, align 8
  %fn2 = call ptr @llvm.coro.subfn.addr(ptr %h2, i8 1)
  invoke void %fn2(ptr %h2) to label %done unwind label %terminates
done:
  ret void
goes_on:
  %lp = landingpad { ptr, i32 } cleanup
  call void @may_throw()
  resume { ptr, i32 } %lp
terminates:
  %lp2 = landingpad { ptr, i32 } catch ptr null
  %x = extractvalue { ptr, i32 } %lp2, 0
  call void @terminate()
  unreachable
}

; CHECK: declare void @coropack.destroys.next(ptr captures(none))
