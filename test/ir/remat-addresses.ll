; coro-pack-remat gives each user of a constant-offset GEP of an argument
; (a frame address) its own copy, right before it, so that no address value
; lives across a call; PHI and landingpad users keep the original (kept
; only for them), GEPs with a variable index or another base are left
; alone, and so is a function without the "coropack-remat" attribute
; (packing puts it on the functions it changed).  This undoes what GVN does
; to two slots that share bytes (one address value kept in a register
; across calls).
; RUN: %opt < %s -passes='function(coro-pack-remat)' -S | FileCheck %s

declare void @use(ptr)
declare void @use2(ptr, ptr)
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define void @marked(ptr %frame, i64 %i, i1 %c)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %x = getelementptr inbounds nuw i8, ptr %frame, i64 24
; CHECK-NEXT:    %v = getelementptr inbounds i8, ptr %frame, i64 %i
; CHECK-NEXT:    [[XE:%.*]] = getelementptr inbounds nuw i8, ptr %frame, i64 24
; CHECK-NEXT:    call void @use(ptr [[XE]])
; CHECK-NEXT:    br i1 %c, label %a, label %b
; CHECK:       a:
; CHECK-NEXT:    call void @use(ptr %v)
; CHECK-NEXT:    [[XA:%.*]] = getelementptr inbounds nuw i8, ptr %frame, i64 24
; CHECK-NEXT:    call void @use(ptr [[XA]])
; CHECK-NEXT:    [[XA2:%.*]] = getelementptr inbounds nuw i8, ptr %frame, i64 24
; CHECK-NEXT:    call void @use2(ptr [[XA2]], ptr [[XA2]])
; CHECK-NEXT:    br label %join
; CHECK:       b:
; CHECK-NEXT:    [[XB:%.*]] = getelementptr inbounds nuw i8, ptr %frame, i64 24
; CHECK-NEXT:    invoke void @use(ptr [[XB]])
; CHECK:       lp:
; CHECK-NEXT:    %pad = landingpad { ptr, i32 }
; CHECK-NEXT:    cleanup
; CHECK-NEXT:    [[XL:%.*]] = getelementptr inbounds nuw i8, ptr %frame, i64 24
; CHECK-NEXT:    call void @use(ptr [[XL]])
; CHECK:       join:
; CHECK-NEXT:    %p = phi ptr [ %x, %a ], [ %x, %b ]
; CHECK-NEXT:    call void @use(ptr %p)
define void @marked(ptr %frame, i64 %i, i1 %c) "coropack-remat" personality ptr @__gxx_personality_v0 {
entry:
  %x = getelementptr inbounds nuw i8, ptr %frame, i64 24
  %v = getelementptr inbounds i8, ptr %frame, i64 %i
  call void @use(ptr %x)
  br i1 %c, label %a, label %b
a:
  call void @use(ptr %v)
  call void @use(ptr %x)
  call void @use2(ptr %x, ptr %x)
  br label %join
b:
  invoke void @use(ptr %x) to label %join unwind label %lp
lp:
  %pad = landingpad { ptr, i32 } cleanup
  call void @use(ptr %x)
  resume { ptr, i32 } %pad
join:
  %p = phi ptr [ %x, %a ], [ %x, %b ]
  call void @use(ptr %p)
  ret void
}

; No PHI or pad user: the original goes, and the debug record naming it
; now names the frame argument at the same offset.  A GEP of a
; non-argument base stays as it was.
; CHECK-LABEL: define void @moved(ptr %frame, i1 %c)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %q = call ptr @get()
; CHECK-NEXT:    #dbg_value(ptr %frame, [[VAR:![0-9]+]], !DIExpression(DW_OP_plus_uconst, 40, DW_OP_stack_value)
; CHECK-NEXT:    %y = getelementptr inbounds nuw i8, ptr %q, i64 8
; CHECK-NEXT:    br i1 %c, label %a, label %b
; CHECK:       a:
; CHECK-NEXT:    [[ZA:%.*]] = getelementptr inbounds nuw i8, ptr %frame, i64 40
; CHECK-NEXT:    call void @use(ptr [[ZA]])
; CHECK-NEXT:    call void @use(ptr %y)
; CHECK:       b:
; CHECK-NEXT:    [[ZB:%.*]] = getelementptr inbounds nuw i8, ptr %frame, i64 40
; CHECK-NEXT:    call void @use(ptr [[ZB]])
; CHECK-NEXT:    call void @use(ptr %y)
declare ptr @get()
define void @moved(ptr %frame, i1 %c) "coropack-remat" !dbg !5 {
entry:
  %q = call ptr @get()
  %z = getelementptr inbounds nuw i8, ptr %frame, i64 40
    #dbg_value(ptr %z, !8, !DIExpression(), !9)
  %y = getelementptr inbounds nuw i8, ptr %q, i64 8
  br i1 %c, label %a, label %b
a:
  call void @use(ptr %z)
  call void @use(ptr %y)
  ret void
b:
  call void @use(ptr %z)
  call void @use(ptr %y)
  ret void
}

; No attribute: nothing changes.
; CHECK-LABEL: define void @unmarked(ptr %frame, i1 %c)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %z = getelementptr inbounds nuw i8, ptr %frame, i64 40
; CHECK-NEXT:    br i1 %c, label %a, label %b
; CHECK:       a:
; CHECK-NEXT:    call void @use(ptr %z)
; CHECK:       b:
; CHECK-NEXT:    call void @use(ptr %z)
define void @unmarked(ptr %frame, i1 %c) {
entry:
  %z = getelementptr inbounds nuw i8, ptr %frame, i64 40
  br i1 %c, label %a, label %b
a:
  call void @use(ptr %z)
  ret void
b:
  call void @use(ptr %z)
  ret void
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, emissionKind: FullDebug)
!1 = !DIFile(filename: "remat.cpp", directory: "/")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "moved", scope: !1, file: !1, line: 1, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!6 = !DISubroutineType(types: !{})
!7 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!8 = !DILocalVariable(name: "z", scope: !5, file: !1, line: 2, type: !10)
!9 = !DILocation(line: 2, scope: !5)
!10 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !7, size: 64)
