/*
 * mark.c - carry lifetime ends across coro-split.
 *
 * coro-split deletes the llvm.lifetime.end markers of the allocas it moves
 * into the frame, and the LLVM 22 verifier accepts lifetime markers only on
 * allocas, so after splitting nothing says when an escaping frame object
 * dies.  This stage runs on each pre-split coroutine right before
 * coro-split (in the default pipelines the shim runs it as the last pass of
 * the function's simplification, which only PostOrderFunctionAttrs follows
 * before coro-split; in hand-written ones from a before-pass callback of
 * CoroSplitPass: no optimisation pass ever sees a marker) and
 * puts, beside each llvm.lifetime.end of an alloca, a call
 *
 *     call void @coropack.lifetime.end(ptr %alloca)
 *
 * to a declaration whose parameter is captures(none) and whose memory
 * effects are argmem: readwrite, so no pass can move an access of the
 * alloca across it.  Measured (design brief, test/ir/mark-frame-unchanged,
 * test/cxx/mark-invisible): such a call beside a lifetime.end does not change
 * which allocas go to the frame, and coro-split rewrites its operand to the
 * frame address.  Exception: an alloca a pointer is stored into and loaded
 * back from (cp_store_then_load) gets no marker.  The packing reads it as "the slot dies here" and deletes
 * the markers of every coroutine it examines, packed or not, in the same
 * CGSCC visit that follows the split: the ramp the inliner later weighs
 * for the callers holds none (fuzz seed 4: a marker left in a ramp kept
 * it from being inlined, and CoroElide then did not elide its frame).  A
 * module clean-up (OptimizerEarly and OptimizerLast extension points)
 * deletes whatever is left (coroutines not split in this pipeline, ThinLTO
 * pre-link) together with the declaration.
 *
 * Elided child frames (the alloca [N x i8] of a callee coroutine, from
 * CoroElide or coro-annotation-elide) have no lifetime markers and get
 * none here.  Until commit 8268ad2 they got one beside the lifetime.end of
 * every alloca their address was stored into, on the theory that the task
 * temporary of a co_await owns the child; but an awaiter holding a copy of
 * the handle is such an alloca too, and the owner (a named task) lives on
 * and destroys the child later: cppcoro's task_tests crashed
 * (test/execution/named-task-outlives-awaiter.test).  The death of a child
 * frame is now read after splitting from the call that destroys it
 * (access.c, cp_is_elided_cleanup; docs/design.md, "Child frames").
 *
 * Cost: one walk over the instructions of the function.
 */
#include "coro.h"

#include <stdio.h>
#include <string.h>

#define CP_MARKER "coropack.lifetime.end"
#define CP_MARKER_DESTROYS "coropack.destroys.next"
#define CP_SIZE_MD "coropack.size"
/* on a function while instructions in it may carry CP_SIZE_MD */
#define CP_ATTR_SIZE_TAGS "coropack-size-tags"

/* cp_marker_fn: the marker function of module m, a declaration created
   on first use.  A declaration, not a definition: LLVM's lazy call graph
   has no node for declarations, so adding and deleting calls to it inside
   the CGSCC walk never changes a call edge (adding a defined function from
   a function pass would be a call-graph edit LLVM does not allow).  If a
   marker ever survived to code generation the link would fail on the
   undefined symbol instead of the program misbehaving. */
static LLVMValueRef cp_marker_fn(LLVMModuleRef m, const char *name) {
  LLVMValueRef f = LLVMGetNamedFunction(m, name);
  if (f) return f;
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  LLVMTypeRef fty = LLVMFunctionType(LLVMVoidTypeInContext(ctx), &ptr, 1, 0);
  f = LLVMAddFunction(m, name, fty);
  /* nomerge: SimplifyCFG must not sink two markers into one with a phi */
  static const char *const fn_attrs[] = {"nounwind", "willreturn", "nofree", "nosync",
                                         "nomerge"};
  for (unsigned i = 0; i < sizeof fn_attrs / sizeof *fn_attrs; i++) {
    unsigned k = LLVMGetEnumAttributeKindForName(fn_attrs[i], strlen(fn_attrs[i]));
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, k, 0));
  }
  /* memory(argmem: readwrite): ModRef (3) for the argument location (0) */
  unsigned km = LLVMGetEnumAttributeKindForName("memory", 6);
  LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(ctx, km, 3));
  unsigned kc = LLVMGetEnumAttributeKindForName("captures", 8);
  LLVMAddAttributeAtIndex(f, 1, LLVMCreateEnumAttribute(ctx, kc, 0));
  return f;
}

/* cp_destroys_marker: see coro.h. */
LLVMValueRef cp_destroys_marker(LLVMModuleRef m) { return cp_marker_fn(m, CP_MARKER_DESTROYS); }

/* cp_is_marker_call: see coro.h. */
int cp_is_marker_call(LLVMValueRef call) {
  LLVMValueRef callee = LLVMGetCalledValue(call);
  if (!callee || !LLVMIsAFunction(callee)) return 0;
  size_t n = 0;
  const char *nm = LLVMGetValueName2(callee, &n);
  if (n == sizeof CP_MARKER - 1 && memcmp(nm, CP_MARKER, n) == 0) return CP_MARK_END;
  if (n == sizeof CP_MARKER_DESTROYS - 1 && memcmp(nm, CP_MARKER_DESTROYS, n) == 0)
    return CP_MARK_DESTROYS;
  return 0;
}

/* cp_marker_fns: see coro.h. */
void cp_marker_fns(LLVMModuleRef m, LLVMValueRef *end, LLVMValueRef *destroys) {
  *end = LLVMGetNamedFunction(m, CP_MARKER);
  *destroys = LLVMGetNamedFunction(m, CP_MARKER_DESTROYS);
}

/* cp_calls_prefix: see coro.h. */
int cp_calls_prefix(LLVMValueRef I, const char *prefix) {
  if (!LLVMIsACallInst(I)) return 0;
  LLVMValueRef callee = LLVMGetCalledValue(I);
  if (!callee || !LLVMIsAFunction(callee)) return 0;
  size_t n = 0, k = strlen(prefix);
  const char *nm = LLVMGetValueName2(callee, &n);
  return n >= k && memcmp(nm, prefix, k) == 0;
}


/* cp_is_child_frame: is alloca a the frame of an elided callee coroutine?
   Its first bytes receive the callee's resume function (what the inlined
   .noalloc ramp does first); by the time the caller is simplified its
   struct GEPs have become byte offsets (measured), so the store is the
   signature. */
static int cp_is_child_frame(LLVMValueRef a) {
  for (LLVMUseRef u = LLVMGetFirstUse(a); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef st = LLVMGetUser(u);
    if (!LLVMIsAStoreInst(st) || LLVMGetOperand(st, 1) != a) continue;
    LLVMValueRef fn = LLVMGetOperand(st, 0);
    if (!LLVMIsAFunction(fn)) continue;
    size_t n = 0;
    const char *nm = LLVMGetValueName2(fn, &n);
    if (n > 7 && memcmp(nm + n - 7, ".resume", 7) == 0) return 1;
  }
  return 0;
}

/* cp_add_marker_after: a marker for ptr right after instruction at,
   unless the markers already there include one (a hand-written pipeline
   may mark twice). */
static int cp_add_marker_after(LLVMBuilderRef b, LLVMValueRef marker, LLVMValueRef at,
                               LLVMValueRef ptr) {
  LLVMValueRef next = LLVMGetNextInstruction(at);
  if (!next) return 0;
  for (LLVMValueRef I = next; I && LLVMIsACallInst(I) && cp_is_marker_call(I);
       I = LLVMGetNextInstruction(I))
    if (LLVMGetOperand(I, 0) == ptr) return 0;
  LLVMPositionBuilderBefore(b, next);
  LLVMBuildCall2(b, LLVMGlobalGetValueType(marker), marker, &ptr, 1, "");
  return 1;
}

/* cp_holds_handle: is a coroutine handle (an llvm.coro.begin result, or
   an elided child frame) stored into alloca a?  Such allocas (task and
   generator objects) get no marker of their own.  This was needed when
   markers were put in earlier in the pipeline (CoroElide read a call
   touching them as a possible escape of the handle: fuzz seed 4); now
   that no pass runs between marking and coro-split it only costs the
   precision of these handle-sized slots, and is kept until a fuzz soak
   has run without it. */
static int cp_holds_handle(LLVMValueRef a) {
  for (LLVMUseRef u = LLVMGetFirstUse(a); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef st = LLVMGetUser(u);
    if (LLVMIsAGetElementPtrInst(st) && LLVMGetOperand(st, 0) == a) {
      if (cp_holds_handle(st)) return 1;
      continue;
    }
    if (!LLVMIsAStoreInst(st) || LLVMGetOperand(st, 1) != a) continue;
    LLVMValueRef v = LLVMGetOperand(st, 0);
    if (LLVMIsAAllocaInst(v) && cp_is_child_frame(v)) return 1;
    if (LLVMIsACallInst(v)) {
      LLVMValueRef callee = LLVMGetCalledValue(v);
      size_t n = 0;
      const char *nm = callee ? LLVMGetValueName2(callee, &n) : "";
      if (n >= 15 && strncmp(nm, "llvm.coro.begin", 15) == 0) return 1;
    }
  }
  return 0;
}

static int cp_is_lifetime_call(LLVMValueRef I) { return cp_calls_prefix(I, "llvm.lifetime."); }

/* cp_store_then_load: would a marker on alloca a change coro-split's
   frame?  LLVM's CoroFrame (AllocaUseVisitor::visitStoreInst) does not
   count a pointer stored into an alloca as escaping when every user of that
   alloca (through bitcasts) is a load, a store into it or a lifetime
   intrinsic: the loads are aliases instead.  A marker is another user, so
   it would make the stored pointer's alloca escape and move it into the
   frame (found by utils/corofuzz/mutate.py on LLVM's coro-alloca-06.ll
   with an `alloca ptr, i32 255`: the frame grew from 24 to 32 bytes,
   test/ir/hostile-mark-store-load.ll).  Such an alloca gets no marker when
   a pointer is stored into it. */
/* The blocks reachable from the entry, computed on first use: coro-split
   deletes unreachable blocks before it builds the frame, so users there do
   not count (found by mutate.py: a call on the alloca in a dead block). */
typedef struct cp_reach {
  LLVMValueRef fn;
  int done;
  cp_arena arena;
  cp_pmap live;
} cp_reach;

static int cp_reachable(cp_reach *r, LLVMBasicBlockRef bb) {
  if (!r->done) {
    r->done = 1;
    cp_pmap_init(&r->live, &r->arena, 64);
    cp_vec work = {0};
    LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(r->fn);
    cp_pmap_put(&r->live, entry, 1);
    cp_vec_push(&r->arena, &work, entry);
    while (work.n) {
      LLVMBasicBlockRef b = work.v[--work.n];
      LLVMValueRef t = LLVMGetBasicBlockTerminator(b);
      unsigned ns = t ? LLVMGetNumSuccessors(t) : 0;
      for (unsigned i = 0; i < ns; i++) {
        LLVMBasicBlockRef s = LLVMGetSuccessor(t, i);
        if (cp_pmap_get(&r->live, s, 0)) continue;
        cp_pmap_put(&r->live, s, 1);
        cp_vec_push(&r->arena, &work, s);
      }
    }
  }
  return cp_pmap_get(&r->live, bb, 0) != 0;
}

static int cp_store_then_load(cp_reach *r, LLVMValueRef a) {
  int stores_ptr = 0;
  for (LLVMUseRef u = LLVMGetFirstUse(a); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef I = LLVMGetUser(u);
    if (LLVMIsALoadInst(I)) continue;
    if (LLVMIsAInstruction(I) && !cp_reachable(r, LLVMGetInstructionParent(I))) continue;
    if (LLVMIsAStoreInst(I) && LLVMGetOperand(I, 1) == a) {
      if (LLVMGetTypeKind(LLVMTypeOf(LLVMGetOperand(I, 0))) == LLVMPointerTypeKind)
        stores_ptr = 1;
      if (LLVMGetOperand(I, 0) != a) continue;
      return 0;
    }
    if (cp_is_lifetime_call(I) || (LLVMIsACallInst(I) && cp_is_marker_call(I))) continue;
    if (LLVMIsABitCastInst(I)) {
      if (cp_store_then_load(r, I)) return 1;
      /* LLVM follows bitcasts as the same location: any other user there
         makes the store an escape anyway */
      int simple = 1;
      for (LLVMUseRef v = LLVMGetFirstUse(I); v && simple; v = LLVMGetNextUse(v)) {
        LLVMValueRef J = LLVMGetUser(v);
        simple = LLVMIsALoadInst(J) || cp_is_lifetime_call(J) ||
                 (LLVMIsAStoreInst(J) && LLVMGetOperand(J, 1) == I && LLVMGetOperand(J, 0) != I);
      }
      if (simple) continue;
    }
    return 0; /* another user: LLVM treats stored pointers as escaping already */
  }
  return stores_ptr;
}

/* cp_is_markable_child: may the destruction of alloca a be marked?  An
   elided child frame that a marker would not move into the frame (the
   frame builder's store-then-load exception, cp_store_then_load). */
static int cp_is_markable_child(LLVMValueRef a, void *reach) {
  return cp_is_child_frame(a) && !cp_store_then_load(reach, a);
}

/* cp_size_kind: the metadata kind that tags copies of the frame size. */
static unsigned cp_size_kind(LLVMContextRef ctx) {
  return LLVMGetMDKindIDInContext(ctx, CP_SIZE_MD, sizeof CP_SIZE_MD - 1);
}

/* cp_mark_size_uses: tag every user of llvm.coro.size in the pre-split
   coroutine fn with
       !coropack.size !{!"<fn's name>", i32 K...}
   "operands K of this instruction are the size of fn's frame".  coro-split
   replaces llvm.coro.size by a constant and leaves its users (and their
   metadata) alone, so after splitting the rewrite knows which constants
   are copies of this frame's size (an inlined operator new's header
   arithmetic, a recycling allocator's comparison, a sized delete) and
   which constants only happen to be equal to it.  The name tells the tag
   of a callee coroutine whose ramp was inlined later apart from the
   caller's own: they stay through the CGSCC walk, so that a callee's
   sized delete inlined into its caller is known to be the callee's (a
   call that does not unwind keeps its metadata when inlined; an invoke
   made from a call loses it: rewrite.c, cp_is_callee_frame_alloc), and
   the module clean-up after the walk (coropack_unmark_module) deletes
   them.  Unknown metadata changes no decision of any pass
   (test/cxx/mark-invisible.test) and passes that cannot keep it drop it,
   which makes a copy unknown again, never wrongly known. */
static int cp_mark_size_uses(LLVMValueRef fn, const cp_vec *sizes) {
  LLVMModuleRef m = LLVMGetGlobalParent(fn);
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  unsigned kind = cp_size_kind(ctx);
  size_t nl = 0;
  const char *name = LLVMGetValueName2(fn, &nl);
  int tagged = 0;
  for (size_t si = 0; si < sizes->n; si++) {
    LLVMValueRef S = sizes->v[si];
    for (LLVMUseRef u = LLVMGetFirstUse(S); u; u = LLVMGetNextUse(u)) {
      LLVMValueRef U = LLVMGetUser(u);
      if (!LLVMIsAInstruction(U)) continue;
      LLVMMetadataRef ops[16];
      unsigned n = 0;
      ops[n++] = LLVMMDStringInContext2(ctx, name, nl);
      int no = LLVMGetNumOperands(U);
      for (int k = 0; k < no && n < 16; k++)
        if (LLVMGetOperand(U, (unsigned)k) == S)
          ops[n++] = LLVMValueAsMetadata(
              LLVMConstInt(LLVMInt32TypeInContext(ctx), (unsigned long long)k, 0));
      if (n < 2 || n == 16) continue; /* 15 copies in one instruction: leave it unknown */
      LLVMSetMetadata(U, kind, LLVMMetadataAsValue(ctx, LLVMMDNodeInContext2(ctx, ops, n)));
      tagged++;
    }
  }
  if (tagged) cp_fn_add_attr(fn, CP_ATTR_SIZE_TAGS);
  return tagged;
}

/* cp_size_tag: see coro.h. */
int cp_size_tag(LLVMValueRef I, unsigned k, const char *ramp_name) {
  if (!LLVMIsAInstruction(I) || !LLVMHasMetadata(I)) return 0;
  LLVMValueRef md = LLVMGetMetadata(I, cp_size_kind(LLVMGetModuleContext(
                                           LLVMGetGlobalParent(LLVMGetBasicBlockParent(
                                               LLVMGetInstructionParent(I))))));
  if (!md) return 0;
  unsigned n = LLVMGetMDNodeNumOperands(md);
  if (n < 2 || n > 16) return 0;
  LLVMValueRef ops[16];
  LLVMGetMDNodeOperands(md, ops);
  unsigned len = 0;
  const char *nm = LLVMGetMDString(ops[0], &len);
  if (!nm) return 0;
  int listed = 0;
  for (unsigned i = 1; i < n; i++)
    if (ops[i] && LLVMIsAConstantInt(ops[i]) && LLVMConstIntGetZExtValue(ops[i]) == k) listed = 1;
  if (!listed) return 0;
  return strlen(ramp_name) == len && memcmp(nm, ramp_name, len) == 0 ? 1 : 2;
}

/* coropack_mark_function: see coropack.h. */
int coropack_mark_function(LLVMValueRef fn) {
  if (!fn || LLVMIsDeclaration(fn)) return 0;
  unsigned kp = cp_ids()->k_presplitcoroutine;
  if (!LLVMGetEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, kp)) return 0;
  LLVMModuleRef m = LLVMGetGlobalParent(fn);
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMValueRef marker = NULL;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  int added = 0;
  cp_reach reach;
  memset(&reach, 0, sizeof reach);
  reach.fn = fn;
  cp_arena_init(&reach.arena);
  cp_vec sizes = {0}; /* the llvm.coro.size calls, in program order */
  const cp_llvm_ids *ids = cp_ids();
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef I = LLVMGetFirstInstruction(bb); I; I = LLVMGetNextInstruction(I)) {
      /* intrinsic IDs: a field, where a name is a lookup */
      if (!LLVMIsACallInst(I)) continue;
      LLVMValueRef callee = LLVMGetCalledValue(I);
      if (!callee || !LLVMIsAFunction(callee)) continue;
      unsigned iid = LLVMGetIntrinsicID(callee);
      if (!iid) continue;
      if (iid == ids->id_coro_size) {
        cp_vec_push(&reach.arena, &sizes, I);
        continue;
      }
      if (iid != ids->id_lifetime_end) continue;
      LLVMValueRef a = LLVMGetOperand(I, 0);
      if (!LLVMIsAAllocaInst(a)) continue;
      if (!marker) marker = cp_marker_fn(m, CP_MARKER);
      if (!cp_holds_handle(a) && !cp_store_then_load(&reach, a))
        added += cp_add_marker_after(b, marker, I, a);
    }
  /* the calls that destroy elided child frames through their owners */
  added += cp_mark_destroyed_children(fn, cp_is_markable_child, &reach);
  /* the copies of the frame size */
  added += cp_mark_size_uses(fn, &sizes);
  LLVMDisposeBuilder(b);
  cp_arena_free(&reach.arena);
  return added;
}

static int cp_unmark_size_tags(LLVMValueRef fn);

/* coropack_unmark_module: see coropack.h. */
int coropack_unmark_module(LLVMModuleRef m) {
  static const char *const names[] = {CP_MARKER, CP_MARKER_DESTROYS};
  int n = 0;
  for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
    LLVMValueRef f = LLVMGetNamedFunction(m, names[i]);
    if (!f) continue;
    LLVMUseRef u;
    while ((u = LLVMGetFirstUse(f)) != NULL) {
      LLVMValueRef call = LLVMGetUser(u);
      if (!LLVMIsAInstruction(call)) break; /* not ours: leave it */
      LLVMInstructionEraseFromParent(call);
      n++;
    }
    if (!LLVMGetFirstUse(f)) LLVMDeleteFunction(f);
  }
  /* the size tags: kept through the CGSCC walk (a callee's tags must reach
     the callers its body is inlined into), deleted here everywhere.  One
     walk of the module, only when a coroutine was examined or a function
     still says it has tags. */
  int walk = LLVMGetNamedMetadataNumOperands(m, "coropack.examined") != 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(m); f && !walk; f = LLVMGetNextFunction(f))
    walk = !LLVMIsDeclaration(f) && cp_fn_has_attr(f, CP_ATTR_SIZE_TAGS);
  if (walk)
    for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f))
      n += cp_unmark_size_tags(f);
  return n;
}

/* cp_unmark_size_tags: delete the size tags in fn. */
static int cp_unmark_size_tags(LLVMValueRef fn) {
  if (LLVMIsDeclaration(fn)) return 0;
  int n = 0;
  if (cp_fn_has_attr(fn, CP_ATTR_SIZE_TAGS)) {
    LLVMRemoveStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, CP_ATTR_SIZE_TAGS,
                                     sizeof CP_ATTR_SIZE_TAGS - 1);
    n++;
  }
  unsigned kind = cp_size_kind(LLVMGetModuleContext(LLVMGetGlobalParent(fn)));
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef I = LLVMGetFirstInstruction(bb); I; I = LLVMGetNextInstruction(I))
      if (LLVMHasMetadata(I) && LLVMGetMetadata(I, kind)) {
        LLVMSetMetadata(I, kind, NULL);
        n++;
      }
  return n;
}

/* cp_unmark_calls: delete the calls in fn of the marker declarations
   end and destroys (either may be NULL).  Through the markers' use lists,
   not fn's instructions: the markers alive at any time are those of the
   coroutines split but not yet packed (one SCC's), while this runs for
   every function the CGSCC walk visits. */
static int cp_unmark_calls(LLVMValueRef fn, LLVMValueRef end, LLVMValueRef destroys) {
  const LLVMValueRef decls[] = {end, destroys};
  int n = 0;
  for (unsigned k = 0; k < sizeof decls / sizeof *decls; k++) {
    LLVMValueRef f = decls[k];
    if (!f) continue;
    LLVMUseRef u = LLVMGetFirstUse(f);
    while (u) {
      LLVMValueRef I = LLVMGetUser(u);
      /* the next use not in I, before I (and its uses of f) goes */
      while (u && LLVMGetUser(u) == I) u = LLVMGetNextUse(u);
      if (LLVMIsACallInst(I) && LLVMGetCalledValue(I) == f &&
          LLVMGetBasicBlockParent(LLVMGetInstructionParent(I)) == fn) {
        LLVMInstructionEraseFromParent(I);
        n++;
      }
    }
  }
  return n;
}

/* cp_unmark_function: delete the marker calls in fn (not the size tags:
   coropack_unmark_module). */
int cp_unmark_function(LLVMValueRef fn) {
  LLVMValueRef end, destroys;
  cp_marker_fns(LLVMGetGlobalParent(fn), &end, &destroys);
  return cp_unmark_calls(fn, end, destroys);
}

/* coropack_unmark_function: see coropack.h. */
int coropack_unmark_function(LLVMValueRef fn) {
  if (!fn || LLVMIsDeclaration(fn)) return 0;
  /* this runs for every function the CGSCC walk visits: first the cheap
     test that no marker is left anywhere */
  LLVMValueRef end, destroys;
  cp_marker_fns(LLVMGetGlobalParent(fn), &end, &destroys);
  if (!(end && LLVMGetFirstUse(end)) && !(destroys && LLVMGetFirstUse(destroys))) return 0;
  unsigned kp = cp_ids()->k_presplitcoroutine;
  if (LLVMGetEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, kp)) return 0;
  return cp_unmark_calls(fn, end, destroys);
}
