/*
 * owners.c - where an elided child frame is destroyed through its owner.
 *
 * An elided child frame (the alloca [N x i8] that CoroElide or
 * coro-annotation-elide gives a callee coroutine in its caller) dies only
 * when the child is destroyed (docs/design.md, "Child frames").  The
 * caller usually destroys it in ~task, through the handle it reloads from
 * the task object:
 *
 *     store ptr %child, ptr %task              ; the inlined ramp's result
 *     ...suspends...
 *     %h  = load ptr, ptr %task
 *     %fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
 *     call void %fn(ptr %h)                    ; destroy
 *
 * After coro-split %h is just a loaded value; here, right before the
 * caller's coro-split, the function is still one CFG and the task object
 * still its own alloca.  This stage proves %h == %child and puts
 *
 *     call void @coropack.destroys.next(ptr %child)
 *
 * right before the destroying call; packing (access.c) ends the child's
 * slot right after that call.
 *
 * The proof is a forward must-analysis over the CFG.  A holder is a
 * pointer-sized location (alloca H, byte offset k).  H qualifies only when
 * its address never leaves the function except to parameters that are
 * proven read-only and non-capturing (by attributes or by reading the
 * callee's body, cp_param_reads_only): then nothing but this function's
 * own stores, memcpys and memsets writes H, in any state of the coroutine.
 * Facts are pairs (holder, child) "the holder holds the child's address";
 * a store of the child (or of a value loaded from a holder that holds it)
 * creates one, any other write to the holder's bytes, and its lifetime
 * markers, kill its facts; joins intersect.  Iterated from "everything"
 * to a fixpoint (every fixpoint is an inductive invariant, so every fact
 * holds whenever control is there; bounded rounds, else nothing is
 * marked).  The destroying call must be a `call`, or an `invoke` whose
 * unwind destination only terminates (a noexcept destructor): a destroy
 * that unwinds into code that goes on is not taken.
 *
 * Cost: (blocks x rounds x instructions) with bitsets of holders x
 * children; functions without a child frame and a destroying call are
 * left after one walk.
 */
#include "coro.h"

#include <string.h>

#define CP_MAX_HOLDERS 64
#define CP_MAX_CHILDREN 64
#define CP_MAX_ROUNDS 64

/* cp_exact_definition: is fn's body the one that runs (no other
   definition can be linked in its place)? */
int cp_exact_definition(LLVMValueRef fn) {
  if (!fn || !LLVMIsAFunction(fn) || LLVMIsDeclaration(fn)) return 0;
  if (LLVMIsFunctionVarArg(LLVMGlobalGetValueType(fn))) return 0;
  switch (LLVMGetLinkage(fn)) {
  case LLVMExternalLinkage:
  case LLVMAvailableExternallyLinkage:
  case LLVMLinkOnceODRLinkage:
  case LLVMWeakODRLinkage:
  case LLVMInternalLinkage:
  case LLVMPrivateLinkage:
    return 1;
  default:
    return 0; /* another definition may be linked in */
  }
}

/* cp_is_elided_cleanup: see coro.h.  coro-split lists a coroutine's pieces
   in a constant array [resume, destroy, cleanup] (the resumers operand of
   its llvm.coro.id); the cleanup piece is the destroy function of a frame
   whose allocation was elided (CoroElide and the noalloc ramp store it as
   the destroy pointer exactly when there is nothing to free). */
int cp_is_elided_cleanup(LLVMValueRef fn) {
  /* an intrinsic's name starts with "llvm." and ends otherwise; its ID is
     a field, its name a lookup */
  if (!fn || !LLVMIsAFunction(fn) || LLVMGetIntrinsicID(fn)) return 0;
  /* coro-split makes its clones internal: a field test before the name,
     which is a lookup (a miss only loses precision: the slot then stays
     escaped, as when the cleanup was inlined) */
  LLVMLinkage l = LLVMGetLinkage(fn);
  if (l != LLVMInternalLinkage && l != LLVMPrivateLinkage) return 0;
  size_t n = 0;
  const char *nm = LLVMGetValueName2(fn, &n);
  if (n < 9 || memcmp(nm + n - 8, ".cleanup", 8) != 0) return 0;
  size_t base = n - 8;
  for (LLVMUseRef u = LLVMGetFirstUse(fn); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef arr = LLVMGetUser(u);
    if (!LLVMIsAConstantArray(arr) || LLVMGetNumOperands(arr) != 3) continue;
    if (LLVMGetOperand(arr, 2) != fn) continue;
    LLVMValueRef r = LLVMGetOperand(arr, 0), d = LLVMGetOperand(arr, 1);
    if (!LLVMIsAFunction(r) || !LLVMIsAFunction(d)) continue;
    size_t nr = 0, nd = 0;
    const char *sr = LLVMGetValueName2(r, &nr), *sd = LLVMGetValueName2(d, &nd);
    if (nr == base + 7 && !memcmp(sr, nm, base) && !memcmp(sr + base, ".resume", 7) &&
        nd == base + 8 && !memcmp(sd, nm, base) && !memcmp(sd + base, ".destroy", 8))
      return 1;
  }
  return 0;
}

/* cp_is_elided_cleanup_m: see coro.h. */
int cp_is_elided_cleanup_m(cp_cleanup_memo *m, LLVMValueRef fn) {
  if (!m) return cp_is_elided_cleanup(fn);
  for (unsigned i = 0; i < CP_CLEANUP_MEMO; i++)
    if (m->fn[i] == fn && fn) return m->is[i];
  int is = cp_is_elided_cleanup(fn);
  m->fn[m->next] = fn;
  m->is[m->next] = (unsigned char)is;
  m->next = (m->next + 1) % CP_CLEANUP_MEMO;
  return is;
}

/* cp_intrinsic_name: the name of callee when it is an intrinsic (a field
   test first: most calls are not), else NULL. */
static const char *cp_intrinsic_name(LLVMValueRef callee, size_t *n) {
  *n = 0;
  if (!callee || !LLVMIsAFunction(callee) || !LLVMGetIntrinsicID(callee)) return NULL;
  return LLVMGetValueName2(callee, n);
}

static int cp_has_prefix(const char *nm, size_t n, const char *prefix) {
  size_t k = strlen(prefix);
  return nm && n >= k && memcmp(nm, prefix, k) == 0;
}

/* cp_mem_intrinsic: llvm.memcpy*, llvm.memmove* or llvm.memset*. */
static int cp_mem_intrinsic(const char *nm, size_t n) {
  return cp_has_prefix(nm, n, "llvm.memcpy") || cp_has_prefix(nm, n, "llvm.memmove") ||
         cp_has_prefix(nm, n, "llvm.memset");
}

static int cp_name_is(LLVMValueRef fn, const char *prefix) {
  if (!fn || !LLVMIsAFunction(fn)) return 0;
  size_t n = 0;
  const char *nm = LLVMGetValueName2(fn, &n);
  return cp_has_prefix(nm, n, prefix);
}

static int cp_has_enum_attr(LLVMValueRef call, unsigned idx, const char *name) {
  unsigned k = LLVMGetEnumAttributeKindForName(name, strlen(name));
  if (LLVMGetCallSiteEnumAttribute(call, idx, k)) return 1;
  LLVMValueRef callee = LLVMGetCalledValue(call);
  return callee && LLVMIsAFunction(callee) && LLVMGetEnumAttributeAtIndex(callee, idx, k);
}

static int cp_param_reads_only(LLVMValueRef fn, unsigned k, int depth);

/* cp_arg_reads_only: does call I only read through its argument k, and
   not keep it?  By attributes (readonly/readnone and captures(none)), by
   the callee's body, or, for llvm.coro.await.suspend.*, by the body of the
   wrapper it calls with the awaiter. */
static int cp_arg_reads_only(LLVMValueRef I, unsigned k, int depth) {
  LLVMValueRef callee = LLVMGetCalledValue(I);
  if (cp_name_is(callee, "llvm.coro.await.suspend.")) {
    if (k != 0 || LLVMGetNumArgOperands(I) < 3) return 0;
    return cp_param_reads_only(LLVMGetOperand(I, 2), 0, depth + 1);
  }
  if (callee && LLVMIsAFunction(callee) && LLVMGetIntrinsicID(callee)) return 0;
  unsigned kc = cp_ids()->k_captures;
  LLVMAttributeRef cap = LLVMGetCallSiteEnumAttribute(I, k + 1, kc);
  if (!cap && callee && LLVMIsAFunction(callee) && k < LLVMCountParams(callee))
    cap = LLVMGetEnumAttributeAtIndex(callee, k + 1, kc);
  if (cap && LLVMGetEnumAttributeValue(cap) == 0 &&
      (cp_has_enum_attr(I, k + 1, "readonly") || cp_has_enum_attr(I, k + 1, "readnone")))
    return 1;
  return cp_param_reads_only(callee, k, depth + 1);
}

/* cp_ptr_reads_only: is every use of pointer v (derived from a parameter)
   a read: loads from it or from addresses computed from it, comparisons,
   and arguments that only read? */
static int cp_ptr_reads_only(LLVMValueRef v, int depth) {
  for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef U = LLVMGetUser(u);
    if (LLVMIsALoadInst(U) || LLVMIsAICmpInst(U)) continue;
    if ((LLVMIsAGetElementPtrInst(U) || LLVMIsABitCastInst(U)) && LLVMGetOperand(U, 0) == v) {
      if (!cp_ptr_reads_only(U, depth)) return 0;
      continue;
    }
    if ((LLVMIsACallInst(U) || LLVMIsAInvokeInst(U)) && LLVMGetCalledValue(U) != v) {
      unsigned na = LLVMGetNumArgOperands(U), hit = 0;
      for (unsigned j = 0; j < na; j++)
        if (LLVMGetOperand(U, j) == v) {
          if (!cp_arg_reads_only(U, j, depth)) return 0;
          hit = 1;
        }
      if (hit) continue;
    }
    return 0; /* stored, stored to, returned, merged, converted... */
  }
  return 1;
}

/* cp_param_reads_only: does fn only read through parameter k and never
   keep it (its definition being the one that runs)? */
static int cp_param_reads_only(LLVMValueRef fn, unsigned k, int depth) {
  if (depth > 4 || !cp_exact_definition(fn) || k >= LLVMCountParams(fn)) return 0;
  return cp_ptr_reads_only(LLVMGetParam(fn, k), depth);
}

/* One walk's worth of state. */
typedef struct cp_own {
  cp_arena arena;
  uint64_t full;                /* every child: the top of the lattice */
  cp_pmap alloca_id;            /* alloca -> 1 + index into allocas */
  LLVMValueRef allocas[CP_MAX_HOLDERS];
  int eligible[CP_MAX_HOLDERS]; /* only read by callees, never escapes */
  unsigned nallocas;
  LLVMValueRef children[CP_MAX_CHILDREN];
  unsigned nchildren;
  struct { unsigned a; long long k; } holders[CP_MAX_HOLDERS];
  unsigned nholders;
  cp_pmap block_id;             /* block -> 1 + index */
  LLVMBasicBlockRef *blocks;
  unsigned nblocks;
  uint64_t *in, *out;           /* per block: nholders words, child bits */
  int *has_out;
  cp_pmap loadset;              /* load -> child bits + 1 (0: none known) */
  cp_cleanup_memo memo;
  int changed;
  LLVMTargetDataRef td;
} cp_own;

/* cp_const_gep: the constant byte offset GEP g adds; 0 if an index is
   not a constant. */
static int cp_const_gep(LLVMTargetDataRef td, LLVMValueRef g, long long *out) {
  LLVMTypeRef t = LLVMGetGEPSourceElementType(g);
  unsigned n = (unsigned)LLVMGetNumOperands(g);
  long long off = 0;
  for (unsigned k = 1; k < n; k++) {
    LLVMValueRef ix = LLVMGetOperand(g, k);
    if (!LLVMIsAConstantInt(ix)) return 0;
    long long v = LLVMConstIntGetSExtValue(ix);
    if (k == 1) {
      off += v * (long long)LLVMABISizeOfType(td, t);
    } else if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
      off += (long long)LLVMOffsetOfElement(td, t, (unsigned)v);
      t = LLVMStructGetTypeAtIndex(t, (unsigned)v);
    } else if (LLVMGetTypeKind(t) == LLVMArrayTypeKind) {
      t = LLVMGetElementType(t);
      off += v * (long long)LLVMABISizeOfType(td, t);
    } else {
      return 0;
    }
  }
  *out = off;
  return 1;
}

/* cp_base: the alloca v points into, and the constant offset; -1 when v
   is not a constant offset from an alloca of the function. */
static int cp_base(cp_own *o, LLVMValueRef v, long long *off) {
  long long acc = 0;
  for (int guard = 0; guard < 64; guard++) {
    if (LLVMIsAAllocaInst(v)) {
      *off = acc;
      return (int)cp_pmap_get(&o->alloca_id, v, 0) - 1;
    }
    if (LLVMIsABitCastInst(v)) {
      v = LLVMGetOperand(v, 0);
      continue;
    }
    long long d = 0;
    if (LLVMIsAGetElementPtrInst(v) && cp_const_gep(o->td, v, &d)) {
      acc += d;
      v = LLVMGetOperand(v, 0);
      continue;
    }
    return -1;
  }
  return -1;
}

static int cp_child_index(cp_own *o, LLVMValueRef v) {
  long long off = -1;
  int a = cp_base(o, v, &off);
  if (a < 0 || off != 0) return -1;
  for (unsigned j = 0; j < o->nchildren; j++)
    if (o->children[j] == o->allocas[a]) return (int)j;
  return -1;
}

static int cp_holder_index(cp_own *o, unsigned a, long long k) {
  for (unsigned i = 0; i < o->nholders; i++)
    if (o->holders[i].a == a && o->holders[i].k == k) return (int)i;
  return -1;
}

/* cp_eligible_ptr: may alloca a hold a handle for the analysis?  Every use of
   its address: loads, stores into it (not of it), lifetime markers,
   memcpy/memmove/memset, comparisons, arguments that only read. */
static int cp_eligible_ptr(LLVMTargetDataRef td, LLVMValueRef v) {
  for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef U = LLVMGetUser(u);
    if (LLVMIsALoadInst(U) || LLVMIsAICmpInst(U)) continue;
    if (LLVMIsAStoreInst(U)) {
      if (LLVMGetOperand(U, 0) == v) return 0; /* the address itself is stored */
      continue;
    }
    long long d = 0;
    if (LLVMIsAGetElementPtrInst(U) && LLVMGetOperand(U, 0) == v) {
      /* a variable index would hide which bytes a store writes */
      if (!cp_const_gep(td, U, &d) || !cp_eligible_ptr(td, U)) return 0;
      continue;
    }
    if (LLVMIsABitCastInst(U)) {
      if (!cp_eligible_ptr(td, U)) return 0;
      continue;
    }
    if (LLVMIsACallInst(U) || LLVMIsAInvokeInst(U)) {
      LLVMValueRef callee = LLVMGetCalledValue(U);
      if (callee == v) return 0;
      size_t inl;
      const char *inm = cp_intrinsic_name(callee, &inl);
      if (cp_is_marker_call(U) || cp_has_prefix(inm, inl, "llvm.lifetime.")) continue;
      if (cp_mem_intrinsic(inm, inl)) {
        if (LLVMGetOperand(U, 2) == v) return 0;
        continue;
      }
      unsigned na = LLVMGetNumArgOperands(U), hit = 0;
      for (unsigned j = 0; j < na; j++)
        if (LLVMGetOperand(U, j) == v) {
          if (!cp_arg_reads_only(U, j, 0)) return 0;
          hit = 1;
        }
      if (hit) continue;
    }
    return 0;
  }
  return 1;
}

/* cp_kill_range: facts of holders of alloca a overlapping [off, off+len)
   (len < 0: all of a) die. */
static void cp_kill_range(cp_own *o, uint64_t *cur, unsigned a, long long off, long long len) {
  for (unsigned i = 0; i < o->nholders; i++) {
    if (o->holders[i].a != a) continue;
    long long k = o->holders[i].k;
    if (len < 0 || (off < k + 8 && k < off + len)) cur[i] = 0;
  }
}

static long long cp_store_size(cp_own *o, LLVMValueRef st) {
  return (long long)LLVMABISizeOfType(o->td, LLVMTypeOf(LLVMGetOperand(st, 0)));
}

/* cp_value_children: children value v must be the address of, given the
   current facts: a child itself, or a load from a holder holding one. */
static uint64_t cp_value_children(cp_own *o, LLVMValueRef v) {
  int j = cp_child_index(o, v);
  if (j >= 0) return 1ull << j;
  if (LLVMIsALoadInst(v)) {
    long s = cp_pmap_get(&o->loadset, v, 0);
    if (s > 0) return (uint64_t)(s - 1);
  }
  return 0;
}

/* cp_transfer: the facts through instruction I. */
static void cp_transfer(cp_own *o, LLVMValueRef I, uint64_t *cur) {
  long long off = 0;
  if (LLVMIsALoadInst(I)) {
    int a = cp_base(o, LLVMGetOperand(I, 0), &off);
    if (a < 0 || LLVMGetTypeKind(LLVMTypeOf(I)) != LLVMPointerTypeKind) return;
    int h = cp_holder_index(o, (unsigned)a, off);
    uint64_t set = h >= 0 ? cur[h] : 0;
    long old = cp_pmap_get(&o->loadset, I, 0);
    long now = (long)set + 1; /* at most 63 children: no overflow */
    if (old != now) {
      cp_pmap_put(&o->loadset, I, now);
      o->changed = 1;
    }
    return;
  }
  if (LLVMIsAStoreInst(I)) {
    int a = cp_base(o, LLVMGetOperand(I, 1), &off);
    if (a < 0) return;
    long long len = cp_store_size(o, I);
    cp_kill_range(o, cur, (unsigned)a, off, len);
    int h = cp_holder_index(o, (unsigned)a, off);
    if (h >= 0 && len == 8) cur[h] = cp_value_children(o, LLVMGetOperand(I, 0));
    return;
  }
  if (!LLVMIsACallInst(I) && !LLVMIsAInvokeInst(I)) return;
  size_t inl;
  const char *inm = cp_intrinsic_name(LLVMGetCalledValue(I), &inl);
  if (!inm) return; /* other calls cannot write an eligible holder */
  if (cp_has_prefix(inm, inl, "llvm.lifetime.")) {
    int a = cp_base(o, LLVMGetOperand(I, 0), &off);
    if (a >= 0) cp_kill_range(o, cur, (unsigned)a, 0, -1);
    return;
  }
  if (cp_mem_intrinsic(inm, inl)) {
    int a = cp_base(o, LLVMGetOperand(I, 0), &off);
    if (a < 0) return;
    LLVMValueRef n = LLVMGetOperand(I, 2);
    long long len = LLVMIsAConstantInt(n) ? LLVMConstIntGetSExtValue(n) : -1;
    cp_kill_range(o, cur, (unsigned)a, off, len < 0 ? -1 : len);
  }
  /* other calls cannot write an eligible holder */
}

/* cp_solve: iterate the facts to a fixpoint; 0 if it did not settle. */
static int cp_solve(cp_own *o) {
  unsigned nh = o->nholders;
  for (unsigned b = 0; b < o->nblocks; b++)
    for (unsigned i = 0; i < nh; i++) o->out[(size_t)b * nh + i] = o->full;
  uint64_t *cur = CP_NEW(&o->arena, uint64_t, nh ? nh : 1);
  for (int round = 0; round < CP_MAX_ROUNDS; round++) {
    o->changed = 0;
    for (unsigned b = 0; b < o->nblocks; b++) {
      LLVMBasicBlockRef bb = o->blocks[b];
      /* in = intersection of the predecessors' out; the entry: nothing */
      for (unsigned i = 0; i < nh; i++) cur[i] = b == 0 ? 0 : o->full;
      if (b != 0) {
        for (LLVMUseRef u = LLVMGetFirstUse(LLVMBasicBlockAsValue(bb)); u; u = LLVMGetNextUse(u)) {
          LLVMValueRef t = LLVMGetUser(u);
          if (!LLVMIsAInstruction(t) || !LLVMIsATerminatorInst(t)) continue;
          long p = cp_pmap_get(&o->block_id, LLVMGetInstructionParent(t), 0) - 1;
          if (p < 0) continue;
          for (unsigned i = 0; i < nh; i++) cur[i] &= o->out[(size_t)p * nh + i];
        }
      }
      for (LLVMValueRef I = LLVMGetFirstInstruction(bb); I; I = LLVMGetNextInstruction(I))
        cp_transfer(o, I, cur);
      for (unsigned i = 0; i < nh; i++) {
        uint64_t *dst = &o->out[(size_t)b * nh + i];
        if (*dst != cur[i]) {
          *dst = cur[i];
          o->changed = 1;
        }
      }
    }
    if (!o->changed) return 1;
  }
  return 0;
}

/* cp_only_terminates: does block bb, entered by unwinding, end the
   program (landingpad, extractvalues, a noreturn call, unreachable)? */
static int cp_only_terminates(LLVMBasicBlockRef bb) {
  LLVMValueRef I = LLVMGetFirstInstruction(bb);
  if (!I || !LLVMIsALandingPadInst(I)) return 0;
  for (I = LLVMGetNextInstruction(I); I && LLVMIsAExtractValueInst(I); I = LLVMGetNextInstruction(I))
    ;
  if (!I || !LLVMIsACallInst(I)) return 0;
  unsigned knr = cp_ids()->k_noreturn;
  LLVMValueRef callee = LLVMGetCalledValue(I);
  int noreturn = LLVMGetCallSiteEnumAttribute(I, LLVMAttributeFunctionIndex, knr) ||
                 (callee && LLVMIsAFunction(callee) &&
                  LLVMGetEnumAttributeAtIndex(callee, LLVMAttributeFunctionIndex, knr));
  LLVMValueRef next = LLVMGetNextInstruction(I);
  return noreturn && next && LLVMGetInstructionOpcode(next) == LLVMUnreachable;
}

/* cp_destroyed_handle: see coro.h. */
LLVMValueRef cp_destroyed_handle(LLVMValueRef I, cp_cleanup_memo *m) {
  if (!LLVMIsACallInst(I) && !LLVMIsAInvokeInst(I)) return NULL;
  /* the callee first: most calls destroy nothing */
  LLVMValueRef callee = LLVMGetCalledValue(I);
  int destroys = cp_is_elided_cleanup_m(m, callee);
  int subfn = !destroys && callee && LLVMIsACallInst(callee) &&
              cp_name_is(LLVMGetCalledValue(callee), "llvm.coro.subfn.addr");
  if ((!destroys && !subfn) || LLVMGetNumArgOperands(I) < 1) return NULL;
  LLVMValueRef h = LLVMGetOperand(I, 0);
  if (subfn) {
    LLVMValueRef idx = LLVMGetOperand(callee, 1);
    destroys = LLVMGetOperand(callee, 0) == h && LLVMIsAConstantInt(idx) &&
               LLVMConstIntGetZExtValue(idx) == 1;
  }
  if (!destroys) return NULL;
  if (LLVMIsAInvokeInst(I) && !cp_only_terminates(LLVMGetUnwindDest(I))) return NULL;
  return h;
}

/* cp_add_holder: (a, k) as a holder if a is eligible and there is room. */
static void cp_add_holder(cp_own *o, LLVMValueRef p) {
  long long k = 0;
  int a = cp_base(o, p, &k);
  if (a < 0 || !o->eligible[a] || cp_holder_index(o, (unsigned)a, k) >= 0) return;
  if (o->nholders == CP_MAX_HOLDERS) return;
  o->holders[o->nholders].a = (unsigned)a;
  o->holders[o->nholders].k = k;
  o->nholders++;
}

/* cp_mark_destroyed_children: see coro.h. */
int cp_mark_destroyed_children(LLVMValueRef fn, int (*is_child)(LLVMValueRef, void *),
                               void *ctx) {
  cp_own own, *o = &own;
  memset(o, 0, sizeof *o);
  cp_arena_init(&o->arena);
  o->td = LLVMGetModuleDataLayout(LLVMGetGlobalParent(fn));
  int added = 0;
  cp_vec sites = {0}; /* the destroying calls, in program order */
  /* allocas (the first CP_MAX_HOLDERS), children, blocks */
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    o->nblocks++;
    for (LLVMValueRef I = LLVMGetFirstInstruction(bb); I; I = LLVMGetNextInstruction(I)) {
      if (cp_destroyed_handle(I, &o->memo)) cp_vec_push(&o->arena, &sites, I);
      if (!LLVMIsAAllocaInst(I) || o->nallocas == CP_MAX_HOLDERS) continue;
      o->allocas[o->nallocas++] = I;
      if (o->nchildren < CP_MAX_CHILDREN - 1 && is_child(I, ctx))
        o->children[o->nchildren++] = I;
    }
  }
  if (!sites.n || !o->nchildren) goto done;
  /* the maps only now: most functions have no destroying call (their
     arena then never allocates) */
  cp_pmap_init(&o->alloca_id, &o->arena, 64);
  cp_pmap_init(&o->block_id, &o->arena, 64);
  cp_pmap_init(&o->loadset, &o->arena, 64);
  for (unsigned a = 0; a < o->nallocas; a++) cp_pmap_put(&o->alloca_id, o->allocas[a], (long)a + 1);
  o->full = (1ull << o->nchildren) - 1;
  for (unsigned a = 0; a < o->nallocas; a++)
    o->eligible[a] = cp_eligible_ptr(o->td, o->allocas[a]);
  /* holders: pointer-sized stores and loads of eligible allocas */
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef I = LLVMGetFirstInstruction(bb); I; I = LLVMGetNextInstruction(I)) {
      if (LLVMIsAStoreInst(I) && cp_store_size(o, I) == 8 &&
          LLVMGetTypeKind(LLVMTypeOf(LLVMGetOperand(I, 0))) == LLVMPointerTypeKind)
        cp_add_holder(o, LLVMGetOperand(I, 1));
      if (LLVMIsALoadInst(I) && LLVMGetTypeKind(LLVMTypeOf(I)) == LLVMPointerTypeKind)
        cp_add_holder(o, LLVMGetOperand(I, 0));
    }
  o->blocks = CP_NEW(&o->arena, LLVMBasicBlockRef, o->nblocks);
  unsigned b = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    o->blocks[b] = bb;
    cp_pmap_put(&o->block_id, bb, (long)++b);
  }
  o->out = CP_NEW(&o->arena, uint64_t, (size_t)o->nblocks * (o->nholders ? o->nholders : 1));
  if (o->nholders && !cp_solve(o)) goto done;
  /* the destroying calls whose handle is a child, directly or by the facts
     (listed by the first walk; nothing has changed the code since) */
  LLVMBuilderRef bld = LLVMCreateBuilderInContext(LLVMGetModuleContext(LLVMGetGlobalParent(fn)));
  for (size_t si = 0; si < sites.n; si++) {
    LLVMValueRef I = sites.v[si];
    LLVMValueRef h = cp_destroyed_handle(I, &o->memo);
    if (!h) continue;
    uint64_t set = cp_value_children(o, h);
    if (!set || (set & (set - 1))) continue; /* none, or an unreachable point */
    unsigned j = 0;
    while (!(set >> j & 1)) j++;
    LLVMValueRef prev = LLVMGetPreviousInstruction(I);
    if (prev && LLVMIsACallInst(prev) && cp_is_marker_call(prev) == CP_MARK_DESTROYS &&
        LLVMGetOperand(prev, 0) == o->children[j])
      continue; /* marked already */
    LLVMValueRef marker = cp_destroys_marker(LLVMGetGlobalParent(fn));
    LLVMPositionBuilderBefore(bld, I);
    LLVMValueRef arg = o->children[j];
    LLVMBuildCall2(bld, LLVMGlobalGetValueType(marker), marker, &arg, 1, "");
    added++;
  }
  LLVMDisposeBuilder(bld);
done:
  cp_arena_free(&o->arena);
  return added;
}
