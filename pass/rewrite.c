/*
 * rewrite.c - move the slots and shrink the frame, everywhere at once.
 *
 * Checks first, then changes: every check that could make the coroutine
 * ineligible runs before the first instruction is touched, so a coroutine
 * is either rewritten completely or not at all.
 *
 *  1. Frame GEPs, module-wide: "gep %f.Frame, p, 0, K, rest..." becomes
 *     "gep i8, p, NEWOFF(K)" (then "gep FieldTy, q, 0, rest..." when there
 *     are inner indices), with the same no-wrap flags and name.  Blocks
 *     that cannot run (discover.c, cp_live_blocks) are left as they are,
 *     their GEPs and copies of the size included.
 *  2. Every copy of the frame size (brief rule 6), all or nothing: the
 *     allocation whose result becomes the frame, sized deallocations that
 *     get the frame base, dereferenceable(N) on the clones' and .noalloc's
 *     frame parameters, on call sites passing the frame base and on the
 *     parameters of defined callees they pass it to, and callers'
 *     alloca [N x i8] frames, and every operand mark.c tagged before
 *     coro-split as a use of llvm.coro.size (header arithmetic of an
 *     inlined operator new, a recycling allocator's comparison, a select,
 *     an invoke argument).  Stores of the suspend index are not copies
 *     (the index can equal N by chance), nor are operands tagged as the
 *     size of another coroutine's frame (a callee's inlined ramp).  Any
 *     other integer constant equal to N in a piece is a use we do not
 *     understand: the coroutine is left alone.  A tagged constant that is
 *     not N (LLVM sizes the allocation of an over-aligned frame apart from
 *     its type) stays as it is: the allocation keeps its larger size.
 *  3. Accesses to slots that now share bytes lose !tbaa, !tbaa.struct,
 *     !alias.scope and !noalias (brief rule 5).
 *  4. Debug records that describe frame offsets (-g) are not rewritten yet:
 *     a coroutine that has them is left alone, with a remark.
 */
#include "coro.h"
#include "dbgshim.h"

#include <llvm-c/DebugInfo.h>

#include <stdio.h>
#include <string.h>

static int cp_is_root(const cp_coro *c, LLVMValueRef v) {
  for (size_t i = 0; i < c->roots.n; i++)
    if (c->roots.v[i] == v) return 1;
  return 0;
}

static int cp_is_size_const(const cp_coro *c, LLVMValueRef v) {
  if (!LLVMIsAConstantInt(v)) return 0;
  unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(v));
  if (w < 8 || w > 64) return 0;
  return LLVMConstIntGetZExtValue(v) == c->old_size;
}

/* cp_size_operand: is operand k of instruction I a copy of the frame size
   that rewrite knows how to change? */
static int cp_known_size_use(const cp_coro *c, LLVMValueRef I, unsigned k) {
  if (!cp_is_call(I) || k >= LLVMGetNumArgOperands(I)) return 0;
  /* the allocation: its result is (merged into) a frame root */
  if (cp_is_root(c, I)) return 1;
  /* a sized deallocation or other call that also gets the frame base */
  for (size_t i = 0; i < c->base_calls.n; i++)
    if (c->base_calls.v[i] == I) return 1;
  /* .cleanup frees no memory: coro-split turns llvm.coro.free into null
     there, leaving "operator delete(null, N)" */
  unsigned na = LLVMGetNumArgOperands(I);
  for (unsigned a = 0; a < na; a++) {
    LLVMValueRef o = LLVMGetOperand(I, a);
    if (a != k && LLVMGetTypeKind(LLVMTypeOf(o)) == LLVMPointerTypeKind &&
        LLVMIsAConstantPointerNull(o))
      return 1;
  }
  return 0;
}

/* cp_is_callee_frame_alloc: is call I, whose first argument (k == 0) is
   the constant N, the allocation of another coroutine's frame of N bytes?  A callee's
   ramp inlined into this coroutine allocates the callee's frame; when the
   two sizes are equal by chance its size is not a copy of ours.  The
   proof: I's result reaches (through phis, selects and llvm.coro.begin)
   a store of X.resume at offset 0, X.resume is not one of our pieces, and
   its frame parameter is dereferenceable(N), the size of X's frame.  The
   tag mark.c put on the callee's allocation does not survive the inliner
   turning the call into an invoke (libcoro's thread_pool test lambdas). */
static int cp_is_callee_frame_alloc(const cp_coro *c, LLVMValueRef I, unsigned k) {
  /* the size is the first argument of every allocation function (C++
     passes the promise's operator new the coroutine's arguments after
     it: those could be anything, a copy of this frame's size included) */
  if (!cp_is_call(I) || k != 0 || k >= LLVMGetNumArgOperands(I)) return 0;
  LLVMValueRef work[32];
  unsigned n = 0, seen = 0;
  work[n++] = I;
  unsigned kd = cp_ids()->k_dereferenceable;
  while (seen < n) {
    LLVMValueRef v = work[seen++];
    for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
      LLVMValueRef U = LLVMGetUser(u);
      if (LLVMIsAStoreInst(U) && LLVMGetOperand(U, 1) == v) {
        LLVMValueRef fn = LLVMGetOperand(U, 0);
        if (!LLVMIsAFunction(fn) || LLVMCountParams(fn) < 1) continue;
        size_t nl = 0;
        const char *nm = LLVMGetValueName2(fn, &nl);
        if (nl < 7 || memcmp(nm + nl - 7, ".resume", 7) != 0) continue;
        int ours = 0;
        for (unsigned fi = 0; fi < c->nfuncs; fi++) ours |= c->funcs[fi].fn == fn;
        if (ours) return 0;
        LLVMAttributeRef a = LLVMGetEnumAttributeAtIndex(fn, 1, kd);
        return a && LLVMGetEnumAttributeValue(a) ==
                        LLVMConstIntGetZExtValue(LLVMGetOperand(I, k));
      }
      int follow = LLVMIsAPHINode(U) || LLVMIsASelectInst(U);
      if (!follow)
        follow = cp_calls_prefix(U, "llvm.coro.begin") && LLVMGetOperand(U, 1) == v;
      if (!follow) continue;
      int dup = 0;
      for (unsigned j = 0; j < n; j++) dup |= work[j] == U;
      if (!dup && n < 32) work[n++] = U;
    }
  }
  return 0;
}

/* cp_is_index_number: is operand k of I, in block blk, a suspend index
   value: the value of an index store (access.c made it a CP_EV_IDX event)
   or a case value of the dispatch switch on the index?  Such a number is
   a state, never a copy of the frame size, even when the two are equal
   (a coroutine with more suspend points than its frame has bytes). */
static int cp_is_index_number(const cp_block *blk, LLVMValueRef I, unsigned k) {
  if (k == 0 && LLVMIsAStoreInst(I)) {
    for (size_t i = 0; i < blk->nev; i++)
      if (blk->ev[i].kind == CP_EV_IDX && blk->ev[i].inst == I) return 1;
    return 0;
  }
  /* switch operands: condition, default, then (case value, block) pairs */
  return LLVMIsASwitchInst(I) && k >= 2 && k % 2 == 0 && blk->nsucc > 0 &&
         blk->succ[0].kind == CP_EDGE_IDX_NOTIN && I == LLVMGetBasicBlockTerminator(blk->bb);
}

static void cp_set_int_attr(LLVMContextRef ctx, LLVMValueRef fn_or_call, int is_call,
                            unsigned idx, unsigned kind, uint64_t val) {
  LLVMAttributeRef a = LLVMCreateEnumAttribute(ctx, kind, val);
  if (is_call) {
    LLVMRemoveCallSiteEnumAttribute(fn_or_call, idx, kind);
    LLVMAddCallSiteAttribute(fn_or_call, idx, a);
  } else {
    LLVMRemoveEnumAttributeAtIndex(fn_or_call, idx, kind);
    LLVMAddAttributeAtIndex(fn_or_call, idx, a);
  }
}

/* cp_deref_attr: see coro.h. */
LLVMAttributeRef cp_deref_attr(cp_coro *c, LLVMValueRef x, int is_call, unsigned idx,
                               unsigned n, unsigned *kind) {
  static const char *const names[] = {"dereferenceable", "dereferenceable_or_null"};
  if (!c->k_deref[n]) /* a name lookup costs more than the attribute's */
    c->k_deref[n] = LLVMGetEnumAttributeKindForName(names[n], strlen(names[n]));
  *kind = c->k_deref[n];
  return is_call ? LLVMGetCallSiteEnumAttribute(x, idx, *kind)
                 : LLVMGetEnumAttributeAtIndex(x, idx, *kind);
}

/* cp_shrink_attr: lower dereferenceable(_or_null) claims above new_size. */
static int cp_shrink_attr(cp_coro *c, LLVMValueRef x, int is_call, unsigned idx) {
  int changed = 0;
  for (unsigned n = 0; n < 2; n++) {
    unsigned kind;
    LLVMAttributeRef a = cp_deref_attr(c, x, is_call, idx, n, &kind);
    if (!a) continue;
    uint64_t v = LLVMGetEnumAttributeValue(a);
    if (v <= c->new_size) continue;
    cp_set_int_attr(c->ctx, x, is_call, idx, kind, c->new_size);
    if (!changed)
      cp_touch(c, CP_T_ATTR, x,
               is_call ? LLVMGetBasicBlockParent(LLVMGetInstructionParent(x)) : x, NULL, idx,
               (uint64_t)is_call);
    changed = 1;
  }
  return changed;
}

static void cp_mark_changed(cp_coro *c, LLVMValueRef fn) {
  for (unsigned i = 0; i < c->nfuncs; i++)
    if (c->funcs[i].fn == fn) {
      c->funcs[i].changed = 1;
      return;
    }
  for (size_t i = 0; i < c->extra_changed.n; i++)
    if (c->extra_changed.v[i] == fn) return;
  cp_vec_push(&c->arena, &c->extra_changed, fn);
}

static int cp_alloca_is_frame(const cp_coro *c, LLVMValueRef a) {
  LLVMTypeRef t = LLVMGetAllocatedType(a);
  if (t == c->frame) return 1;
  return LLVMGetTypeKind(t) == LLVMArrayTypeKind &&
         LLVMGetArrayLength2(t) == c->old_size &&
         LLVMGetElementType(t) == LLVMInt8TypeInContext(c->ctx);
}

static void cp_replace_alloca(cp_coro *c, LLVMBuilderRef B, LLVMValueRef a) {
  if (LLVMIsAConstantInt(LLVMGetOperand(a, 0)) == NULL ||
      LLVMConstIntGetZExtValue(LLVMGetOperand(a, 0)) != 1)
    return; /* array allocas of frames: keep the larger size (safe) */
  LLVMPositionBuilderBefore(B, a);
  LLVMTypeRef t = LLVMArrayType2(LLVMInt8TypeInContext(c->ctx), c->new_size);
  size_t n = 0;
  const char *nm = LLVMGetValueName2(a, &n);
  char *name = cp_strdup(&c->arena, nm, n);
  LLVMValueRef na = LLVMBuildAlloca(B, t, "");
  LLVMSetAlignment(na, LLVMGetAlignment(a));
  LLVMReplaceAllUsesWith(a, na);
  LLVMSetValueName2(a, "", 0);
  LLVMSetValueName2(na, name, n);
  LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(a));
  cp_mark_changed(c, fn);
  cp_touch(c, CP_T_ALLOCA, na, fn, NULL, LLVMGetAlignment(a), 0);
  for (size_t i = 0; i < c->ntouched; i++) /* GEPs rewritten on it, earlier */
    if (c->touched[i].base == a) c->touched[i].base = na;
  LLVMInstructionEraseFromParent(a);
}

/* ---- debug info ----------------------------------------------------- */

enum { CP_DW_OP_deref = 0x06, CP_DW_OP_constu = 0x10, CP_DW_OP_plus_uconst = 0x23 };

typedef struct cp_dbgfix {
  LLVMDbgRecordRef rec;
  unsigned at;  /* index of the offset operand in the expression */
  uint64_t val; /* new offset */
} cp_dbgfix;

/* cp_map_offset: new frame offset of old byte offset off; sets *ok = 0
   when off is in no slot and not in the pinned bytes. */
static uint64_t cp_map_offset(const cp_coro *c, uint64_t off, int *ok) {
  int s = cp_slot_at(c, off);
  if (s >= 0) return off - c->slots[s].off + c->slots[s].new_off;
  if (off < c->pinned_end || off == 0) return off;
  *ok = 0;
  return off;
}

static int cp_is_dbg_slot(const cp_coro *c, LLVMValueRef v) {
  for (size_t i = 0; i < c->dbg_slots.n; i++)
    if (c->dbg_slots.v[i] == v) return 1;
  return 0;
}

typedef struct cp_dbgplan {
  cp_vec fixes;  /* cp_dbgfix * */
  cp_vec types;  /* frame composite types (LLVMMetadataRef) */
} cp_dbgplan;

static int cp_member_ok(void *ctx, uint64_t off_bits, uint64_t size_bits) {
  const cp_coro *c = ctx;
  if (off_bits % 8 || size_bits % 8) return 1; /* bit fields: see below */
  uint64_t off = off_bits / 8, size = size_bits / 8;
  int s = cp_slot_at(c, off);
  if (s < 0) return 1; /* pinned or padding: stays */
  return off + size <= c->slots[s].off + c->slots[s].size;
}

static uint64_t cp_member_map(void *ctx, uint64_t off_bits, uint64_t size_bits) {
  const cp_coro *c = ctx;
  (void)size_bits;
  int s = cp_slot_at(c, off_bits / 8);
  if (s < 0) return off_bits;
  return off_bits + 8 * (c->slots[s].new_off - c->slots[s].off);
}

enum { CP_MAX_LOCS = 16 };

/* cp_dw_arity: the number of operands that follow DWARF (or LLVM's
   DW_OP_LLVM_*) operation op in a DIExpression, or -1 for an operation
   not known here. */
static int cp_dw_arity(uint64_t op) {
  if (op >= 0x30 && op <= 0x6f) return 0;  /* lit0..31, reg0..31 */
  if (op >= 0x70 && op <= 0x8f) return 1;  /* breg0..31 */
  if (op >= 0x08 && op <= 0x0f) return 1;  /* const1u..const8s */
  switch (op) {
  case 0x06: case 0x12: case 0x13: case 0x14: case 0x16: case 0x19: case 0x1a:
  case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f: case 0x20: case 0x21:
  case 0x22: case 0x24: case 0x25: case 0x26: case 0x27: case 0x29: case 0x2a:
  case 0x2b: case 0x2c: case 0x2d: case 0x2e: case 0x96: case 0x97: case 0x9f:
  case 0x1004:
    return 0; /* deref, dup .. xor, eq .. ne, nop, push_object_address,
                 stack_value, LLVM_implicit_pointer */
  case 0x10: case 0x11: case 0x15: case 0x23: case 0x90: case 0x91: case 0x94:
  case 0xa8: case 0xa9: case 0x1002: case 0x1003: case 0x1005:
    return 1; /* constu, consts, pick, plus_uconst, regx, fbreg, deref_size,
                 convert, reinterpret, LLVM_tag_offset, LLVM_entry_value,
                 LLVM_arg */
  case 0x92: case 0x1000: case 0x1001: case 0x1006: case 0x1007:
    return 2; /* bregx, LLVM_fragment, LLVM_convert, LLVM_extract_bits_* */
  default:
    return -1;
  }
}

/* cp_plan_variadic: a record with several locations (a DIArgList) of
   which some are the frame base (kinds[k] 1) or an alloca holding it
   (2).  Each "DW_OP_LLVM_arg k" of such a location, followed by
   "DW_OP_plus_uconst OFF" (after a DW_OP_deref for kind 2, see below), is
   an address in the frame: OFF is mapped like a single location's.  Seen in
   cppcoro's generator_tests at -O2 -g: "(end - begin) >> 2" of a vector
   held in the frame, (DW_OP_deref, DW_OP_LLVM_arg 0, DW_OP_plus_uconst
   56, DW_OP_LLVM_arg 1, DW_OP_minus, ...).  An operation not known, an
   offset in another form (DW_OP_constu, DW_OP_plus) or the frame's own
   variable leave the coroutine alone: 0. */
static int cp_plan_variadic(cp_coro *c, cp_dbgplan *plan, LLVMDbgRecordRef r,
                            const unsigned char *kinds, unsigned nloc) {
  uint64_t ops[64];
  size_t n = cpshim_dbg_expr(r, ops, 64);
  if (n > 64 || !strcmp(cpshim_dbg_var_name(r), "__coro_frame")) return 0;
  for (size_t i = 0; i < n;) {
    int ar = cp_dw_arity(ops[i]);
    if (ar < 0 || i + (size_t)ar >= n) return 0;
    if (ops[i] == 0x1005) { /* DW_OP_LLVM_arg k */
      uint64_t k = ops[i + 1];
      if (k >= nloc) return 0;
      size_t j = i + 2;
      if (kinds[k] == 2) {
        /* "arg k, DW_OP_deref, ..." reads the frame pointer from the
           alloca; so does a DW_OP_deref that coro-split's salvage puts in
           front of the whole expression (DIExpression::prepend with
           DerefBefore on a DIArgList, measured in the clones), when k is
           the only location of kind 2.  Anything else is the alloca's
           own address. */
        unsigned n2 = 0;
        for (unsigned q = 0; q < nloc; q++) n2 += kinds[q] == 2;
        if (j < n && ops[j] == CP_DW_OP_deref) j++;
        else if (!(ops[0] == CP_DW_OP_deref && n2 == 1)) { i += 2; continue; }
      }
      if (kinds[k] && j < n && ops[j] == CP_DW_OP_constu) return 0;
      if (kinds[k] && j + 1 < n && ops[j] == CP_DW_OP_plus_uconst) {
        int ok = 1;
        uint64_t nv = cp_map_offset(c, ops[j + 1], &ok);
        if (!ok) return 0;
        if (nv != ops[j + 1]) {
          cp_dbgfix *fx = CP_NEW(&c->arena, cp_dbgfix, 1);
          fx->rec = r;
          fx->at = (unsigned)(j + 1);
          fx->val = nv;
          cp_vec_push(&c->arena, &plan->fixes, fx);
        }
      }
    }
    i += 1 + (size_t)ar;
  }
  return 1;
}

/* cp_plan_debug: find every debug record that describes a frame offset and
   work out its new expression; 0 if some record is not understood. */
static int cp_plan_debug(cp_coro *c, cp_dbgplan *plan) {
  uint64_t ops[64];
  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    cp_func *f = &c->funcs[fi];
    for (unsigned b = 0; b < f->nblocks; b++)
      for (LLVMValueRef I = LLVMGetFirstInstruction(f->blocks[b].bb); I;
           I = LLVMGetNextInstruction(I))
        for (LLVMDbgRecordRef r = LLVMGetFirstDbgRecord(I); r; r = LLVMGetNextDbgRecord(r)) {
          if (LLVMDbgRecordGetKind(r) == LLVMDbgRecordLabel) continue;
          unsigned nloc = cpshim_dbg_num_locations(r);
          int kind = 0; /* 1: the frame base, 2: an alloca holding it */
          unsigned char kinds[CP_MAX_LOCS];
          for (unsigned k = 0; k < nloc; k++) {
            LLVMValueRef v = LLVMDbgVariableRecordGetValue(r, k);
            int kk = !v ? 0 : cp_is_root(c, v) ? 1 : cp_is_dbg_slot(c, v) ? 2 : 0;
            if (k < CP_MAX_LOCS) kinds[k] = (unsigned char)kk;
            if (kk) kind = kk;
          }
          if (!kind) continue;
          if (nloc > 1) {
            if (nloc > CP_MAX_LOCS || !cp_plan_variadic(c, plan, r, kinds, nloc)) {
              cp_fail(c, "a debug record combines the frame pointer with other "
                         "locations in a way not understood");
              return 0;
            }
            continue;
          }
          size_t n = cpshim_dbg_expr(r, ops, 64);
          if (n > 64) {
            cp_fail(c, "a debug expression on the frame is too long");
            return 0;
          }
          unsigned at = 0;
          if (kind == 2) {
            if (n == 0 || ops[0] != CP_DW_OP_deref) continue; /* the pointer itself */
            at = 1;
          }
          if (at < n && ops[at] == CP_DW_OP_constu) {
            cp_fail(c, "a debug expression adds a frame offset in a form not "
                       "understood");
            return 0;
          }
          if (!strcmp(cpshim_dbg_var_name(r), "__coro_frame") &&
              (at >= n || ops[at] != CP_DW_OP_plus_uconst)) {
            LLVMMetadataRef t = cpshim_dbg_var_type(r);
            if (t) {
              int dup = 0;
              for (size_t k = 0; k < plan->types.n; k++) dup |= plan->types.v[k] == t;
              if (!dup) {
                if (!cpshim_di_members_ok(t, cp_member_ok, c)) {
                  cp_fail(c, "a member of the frame's debug type straddles slots");
                  return 0;
                }
                cp_vec_push(&c->arena, &plan->types, t);
              }
            }
          }
          if (at + 1 >= n || ops[at] != CP_DW_OP_plus_uconst) continue; /* offset 0 */
          int ok = 1;
          uint64_t nv = cp_map_offset(c, ops[at + 1], &ok);
          if (!ok) {
            cp_fail(c, "a debug record describes frame offset %llu, which is in "
                       "no slot", (unsigned long long)ops[at + 1]);
            return 0;
          }
          if (nv == ops[at + 1]) continue;
          cp_dbgfix *fx = CP_NEW(&c->arena, cp_dbgfix, 1);
          fx->rec = r;
          fx->at = at + 1;
          fx->val = nv;
          cp_vec_push(&c->arena, &plan->fixes, fx);
        }
  }
  return 1;
}

/* cp_whole_slot_at: the slot that pointer p (the frame base, or a GEP with
   constant indices on it) addresses from its first byte, if value v is
   exactly its size; else -1. */
static int cp_whole_slot_at(cp_coro *c, LLVMValueRef p, LLVMValueRef v) {
  long long off = 0;
  if (!cp_is_root(c, p) &&
      !(LLVMIsAGetElementPtrInst(p) && cp_is_root(c, LLVMGetOperand(p, 0)) &&
        cp_gep_offset(c, p, 1, LLVMGetGEPSourceElementType(p), &off)))
    return -1;
  if (off < 0) return -1;
  int s = cp_slot_at(c, (uint64_t)off);
  if (s < 0 || c->slots[s].off != (uint64_t)off ||
      LLVMABISizeOfType(c->td, LLVMTypeOf(v)) != c->slots[s].size)
    return -1;
  return s;
}

/* cp_slot_names (coro.h): the records cp_plan_debug would rewrite, read
   only for their variable names.  A record of the coroutine's own
   variables (not of an inlined callee's: its `this` and parameters would
   name every awaiter) on the frame base (or on an alloca holding it,
   behind a DW_OP_deref) describes a variable held in the slot holding
   byte K when it is a declare with DW_OP_plus_uconst K or a value with
   DW_OP_plus_uconst K, DW_OP_deref (more operations reach through the
   slot to somewhere else).  In optimized code, a value record (no
   expression) of a value loaded whole from a slot, or stored whole into
   one (a spill), through a constant GEP on the frame base, names that
   slot too.  Names are for
   people, never for the layout: anything else is skipped. */
void cp_slot_names(cp_coro *c) {
  uint64_t ops[64];
  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    cp_func *f = &c->funcs[fi];
    if (!f->fn || !LLVMGetSubprogram(f->fn)) continue;
    for (unsigned b = 0; b < f->nblocks; b++)
      for (LLVMValueRef I = LLVMGetFirstInstruction(f->blocks[b].bb); I;
           I = LLVMGetNextInstruction(I))
        for (LLVMDbgRecordRef r = LLVMGetFirstDbgRecord(I); r; r = LLVMGetNextDbgRecord(r)) {
          if (LLVMDbgRecordGetKind(r) == LLVMDbgRecordLabel) continue;
          if (cpshim_dbg_num_locations(r) != 1) continue;
          LLVMValueRef v = LLVMDbgVariableRecordGetValue(r, 0);
          int kind = !v ? 0 : cp_is_root(c, v) ? 1 : cp_is_dbg_slot(c, v) ? 2 : 0;

          size_t n = cpshim_dbg_expr(r, ops, kind ? 64 : 0);
          int s = -1;
          if (!kind) {
            /* optimized code: the value is a whole slot loaded from the
               frame, or stored whole into it (a spill) */
            if (!v || n != 0 || LLVMDbgRecordGetKind(r) != LLVMDbgRecordValue) continue;
            s = LLVMIsALoadInst(v) ? cp_whole_slot_at(c, LLVMGetOperand(v, 0), v) : -1;
            for (LLVMUseRef u = LLVMGetFirstUse(v); s < 0 && u; u = LLVMGetNextUse(u)) {
              LLVMValueRef st = LLVMGetUser(u);
              if (LLVMIsAStoreInst(st) && LLVMGetOperand(st, 0) == v)
                s = cp_whole_slot_at(c, LLVMGetOperand(st, 1), v);
            }
            if (s < 0) continue;
          }
          unsigned at = kind == 2 ? 1 : 0;
          if (kind && (n > 64 || (kind == 2 && (n == 0 || ops[0] != CP_DW_OP_deref)))) continue;
          if (kind && (at + 1 >= n || ops[at] != CP_DW_OP_plus_uconst)) continue;
          /* declare: the variable is at frame+K; value: it is the bytes
             loaded from there (without the deref, it would be the address
             frame+K: a pointer to the slot, not what the slot holds) */
          int decl = LLVMDbgRecordGetKind(r) == LLVMDbgRecordDeclare;
          if (kind && (decl ? n != at + 2 : (n != at + 3 || ops[at + 2] != CP_DW_OP_deref)))
            continue;
          if (kind) s = cp_slot_at(c, ops[at + 1]);
          /* last of the tests (all free of side effects): reading the
             record's location for its inlinedAt copies a tracked reference */
          if (s < 0 || cpshim_dbg_inlined(r)) continue;
          const char *name = cpshim_dbg_var_name(r);
          if (s < 0 || !name || !*name || !strcmp(name, "__coro_frame")) continue;
          cp_slot *sl = &c->slots[s];
          size_t ln = strlen(name), lo = sl->vars ? strlen(sl->vars) : 0;
          if (sl->vars) { /* already listed? */
            const char *p = sl->vars;
            int dup = 0;
            while (!dup && (p = strstr(p, name)) != NULL) {
              dup = (p == sl->vars || p[-1] == ' ') && (p[ln] == ',' || !p[ln]);
              p += ln;
            }
            if (dup) continue;
          }
          char *nv = CP_NEW(&c->arena, char, lo + ln + 3);
          if (sl->vars) {
            memcpy(nv, sl->vars, lo);
            memcpy(nv + lo, ", ", 2);
            lo += 2;
          }
          memcpy(nv + lo, name, ln + 1);
          sl->vars = nv;
        }
  }
}

static void cp_apply_debug(cp_coro *c, const cp_dbgplan *plan) {
  uint64_t ops[64];
  for (size_t i = 0; i < plan->fixes.n; i++) {
    cp_dbgfix *fx = plan->fixes.v[i];
    size_t n = cpshim_dbg_expr(fx->rec, ops, 64);
    ops[fx->at] = fx->val;
    cpshim_dbg_set_expr(fx->rec, ops, n);
    cp_touch(c, CP_T_DEBUG, (LLVMValueRef)(void *)fx->rec, NULL, NULL, 0, 0);
  }
  for (size_t i = 0; i < plan->types.n; i++) {
    cpshim_di_remap_members(plan->types.v[i], cp_member_map, c);
    cpshim_di_set_size(plan->types.v[i], 8 * c->new_size);
  }
  if (plan->fixes.n || plan->types.n)
    for (unsigned fi = 0; fi < c->nfuncs; fi++) c->funcs[fi].changed = 1;
}

/* cp_rewrite: see coro.h. */
int cp_rewrite(cp_coro *c) {
  /* ---- checks ---- */
  int moves = 0;
  for (unsigned i = 0; i < c->nslots; i++)
    if (c->slots[i].new_off != c->slots[i].off || c->slots[i].demoted) moves = 1;
  /* every operand equal to the frame size, in program order: checked
     here, changed in 2a (no frame GEP has one: their indices are 0 and
     field numbers, below the size) */
  cp_vec size_ops = {0}, size_fns = {0};
  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    cp_func *f = &c->funcs[fi];
    if (f->role == CP_OTHER) continue;
    const cp_code *code = f->code; /* nothing has changed f yet */
    for (unsigned b = 0; b < f->nblocks; b++)
      for (unsigned j = code->first[b]; j < code->first[b + 1]; j++) {
        /* no integer of 8 bits or more among the operands of these: a
           load's is its address, a branch's an i1 and blocks */
        LLVMOpcode op = (LLVMOpcode)code->ops[j];
        if (op == LLVMLoad || op == LLVMBr || op == LLVMUnreachable) continue;
        LLVMValueRef I = code->insts[j];
        unsigned no = (unsigned)LLVMGetNumOperands(I);
        for (unsigned k = 0; k < no; k++) {
          LLVMValueRef o = LLVMGetOperand(I, k);
          if (!cp_is_size_const(c, o)) continue;
          cp_vec_push(&c->arena, &size_ops, I);
          cp_vec_push(&c->arena, &size_ops, (void *)(uintptr_t)k);
          cp_vec_push(&c->arena, &size_fns, f);
          /* tagged before coro-split: a copy of this frame's size (changed
             below), or of a callee's whose ramp was inlined (left alone) */
          if (cp_size_tag(I, k, c->name) || cp_is_callee_frame_alloc(c, I, k)) continue;
          if (LLVMIsAGetElementPtrInst(I) || cp_known_size_use(c, I, k)) continue;
          if (LLVMIsAAllocaInst(I)) continue;
          if (cp_is_index_number(&f->blocks[b], I, k)) continue;
          char *txt = LLVMPrintValueToString(I);
          char brief[120];
          snprintf(brief, sizeof brief, "%s", txt ? txt : "");
          LLVMDisposeMessage(txt);
          cp_fail(c, "the frame size %llu is used by an instruction we do not "
                     "understand (%s in %s); keeping every copy of the size",
                  (unsigned long long)c->old_size, brief,
                  LLVMGetValueName2(f->fn, &(size_t){0}));
          return -1;
        }
      }
  }

  cp_dbgplan plan = {{0}, {0}};
  if (moves && !cp_plan_debug(c, &plan)) return -1;

  /* ---- changes ---- */
  cp_apply_debug(c, &plan);
  LLVMBuilderRef B = LLVMCreateBuilderInContext(c->ctx);
  LLVMTypeRef i8 = LLVMInt8TypeInContext(c->ctx);
  LLVMTypeRef i64 = LLVMInt64TypeInContext(c->ctx);
  LLVMTypeRef i32 = LLVMInt32TypeInContext(c->ctx);

  /* 1. frame GEPs (a demoted slot's: its bytes in the stack area of that
     function, one alloca per function, cp_stack_layout) */
  cp_vec stack_fn = {0}, stack_alloca = {0}, untailed = {0};
  int any_demoted = 0;
  for (unsigned i = 0; i < c->nslots; i++) any_demoted |= c->slots[i].demoted;
  if (any_demoted) cp_stack_layout(c);
  LLVMValueRef *offc = CP_NEW(&c->arena, LLVMValueRef, c->nslots ? c->nslots : 1);
  for (size_t gi = 0; gi < c->frame_geps.n; gi++) {
    LLVMValueRef g = c->frame_geps.v[gi];
    unsigned field = (unsigned)LLVMConstIntGetZExtValue(LLVMGetOperand(g, 2));
    const cp_slot *s = &c->slots[field];
    LLVMGEPNoWrapFlags fl = LLVMGEPGetNoWrapFlags(g);
    LLVMValueRef gfn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(g));
    LLVMValueRef ng = NULL;
    if (s->demoted) {
      LLVMValueRef area = NULL;
      size_t k;
      for (k = 0; k < stack_fn.n && !area; k++)
        if (stack_fn.v[k] == gfn) area = stack_alloca.v[k];
      if (!area) {
        LLVMValueRef first = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(gfn));
        LLVMPositionBuilderBeforeInstrAndDbgRecords(B, first);
        area = LLVMBuildAlloca(B, LLVMArrayType2(i8, c->stack_area), "coropack.stack");
        LLVMSetAlignment(area, (unsigned)c->stack_align);
        cp_touch(c, CP_T_AREA, area, gfn, NULL, 0, 0);
        cp_vec_push(&c->arena, &stack_fn, gfn);
        cp_vec_push(&c->arena, &stack_alloca, area);
      }
      /* a `tail` call promises not to touch the caller's allocas: an
         escaped slot's may be reached through a copy of its address */
      int done = 0;
      for (k = 0; k < untailed.n; k++) done |= untailed.v[k] == gfn;
      if (s->escapes && !done) {
        cp_vec_push(&c->arena, &untailed, gfn);
        for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(gfn); bb;
             bb = LLVMGetNextBasicBlock(bb))
          for (LLVMValueRef I = LLVMGetFirstInstruction(bb); I; I = LLVMGetNextInstruction(I))
            if (LLVMIsACallInst(I) && LLVMGetTailCallKind(I) == LLVMTailCallKindTail)
              LLVMSetTailCallKind(I, LLVMTailCallKindNone);
      }
      if (s->stack_off) {
        LLVMPositionBuilderBeforeInstrAndDbgRecords(B, g);
        LLVMValueRef off = LLVMConstInt(i64, s->stack_off, 0);
        ng = LLVMBuildGEPWithNoWrapFlags(B, i8, area, &off, 1, "", fl);
      } else {
        ng = area;
      }
    } else {
      LLVMPositionBuilderBeforeInstrAndDbgRecords(B, g);
      /* -coro-pack-inject-fault=1 (tests of check.c only): one byte off.
         One constant per slot (LLVMConstInt is a uniquing lookup). */
      if (!offc[field])
        offc[field] = LLVMConstInt(i64, s->new_off + (c->opts->inject_fault == 1), 0);
      LLVMValueRef off = offc[field];
      ng = LLVMBuildGEPWithNoWrapFlags(B, i8, LLVMGetOperand(g, 0), &off, 1, "", fl);
    }
    /* the indices into the field, on the field's type */
    unsigned nops = (unsigned)LLVMGetNumOperands(g);
    if (nops > 3) {
      LLVMPositionBuilderBeforeInstrAndDbgRecords(B, g);
      LLVMValueRef idx[64];
      unsigned n = 0;
      idx[n++] = LLVMConstInt(i32, 0, 0);
      for (unsigned k = 3; k < nops && n < 64; k++) idx[n++] = LLVMGetOperand(g, k);
      ng = LLVMBuildGEPWithNoWrapFlags(B, s->type, ng, idx, n, "", fl);
    }
    size_t nl = 0;
    const char *nm = LLVMGetValueName2(g, &nl);
    char *name = cp_strdup(&c->arena, nm, nl);
    cp_touch(c, CP_T_GEP, ng, gfn, LLVMGetOperand(g, 0), field, 0);
    LLVMReplaceAllUsesWith(g, ng);
    LLVMSetValueName2(g, "", 0);
    if (!s->demoted || nops > 3 || s->stack_off) LLVMSetValueName2(ng, name, nl); /* the area keeps its own */
    cp_mark_changed(c, gfn);
    LLVMInstructionEraseFromParent(g);
  }

  if (c->new_size < c->old_size) {
    /* 2a. size constants in allocation / deallocation calls (the operands
       the checks above found, in the same order) */
    for (size_t i = 0; i < size_fns.n; i++) {
      cp_func *f = size_fns.v[i];
      LLVMValueRef I = size_ops.v[2 * i];
      unsigned k = (unsigned)(uintptr_t)size_ops.v[2 * i + 1];
      LLVMValueRef o = LLVMGetOperand(I, k);
      int tag = cp_size_tag(I, k, c->name);
      if (tag == 2 || (tag == 0 && cp_is_callee_frame_alloc(c, I, k))) continue;
      if (tag != 1 && !(cp_is_call(I) && cp_known_size_use(c, I, k))) continue;
      /* -coro-pack-inject-fault=2 (tests of check.c only) */
      LLVMSetOperand(I, k, LLVMConstInt(LLVMTypeOf(o),
                                        c->new_size + (c->opts->inject_fault == 2), 0));
      cp_touch(c, CP_T_SIZE, I, f->fn, NULL, k, (uint64_t)(uintptr_t)LLVMTypeOf(o));
      f->changed = 1;
    }
    /* 2b. dereferenceable on the pieces' frame parameters */
    for (unsigned fi = 0; fi < c->nfuncs; fi++) {
      cp_func *f = &c->funcs[fi];
      unsigned np = LLVMCountParams(f->fn);
      if (!np) continue;
      if (f->role == CP_RESUME || f->role == CP_DESTROY || f->role == CP_CLEANUP)
        f->changed |= cp_shrink_attr(c, f->fn, 0, 1);
      else if (f->role == CP_NOALLOC)
        f->changed |= cp_shrink_attr(c, f->fn, 0, np);
    }
    /* 2c. call sites passing the frame base, and their defined callees */
    for (size_t i = 0; i < c->base_calls.n; i++) {
      LLVMValueRef call = c->base_calls.v[i];
      unsigned k = (unsigned)(uintptr_t)c->base_args.v[i];
      if (cp_shrink_attr(c, call, 1, k + 1))
        cp_mark_changed(c, LLVMGetBasicBlockParent(LLVMGetInstructionParent(call)));
      LLVMValueRef callee = LLVMGetCalledValue(call);
      if (callee && LLVMIsAFunction(callee) && !LLVMIsDeclaration(callee) &&
          k < LLVMCountParams(callee))
        if (cp_shrink_attr(c, callee, 0, k + 1)) cp_mark_changed(c, callee);
    }
    /* 2d. callers' frames (roots and .noalloc arguments), each once */
    cp_vec allocas = {0};
    for (size_t i = 0; i < c->roots.n; i++)
      if (LLVMIsAAllocaInst(c->roots.v[i])) cp_vec_push(&c->arena, &allocas, c->roots.v[i]);
    for (size_t i = 0; i < c->noalloc_allocas.n; i++) {
      int dup = 0;
      for (size_t k = 0; k < allocas.n; k++) dup |= allocas.v[k] == c->noalloc_allocas.v[i];
      if (!dup) cp_vec_push(&c->arena, &allocas, c->noalloc_allocas.v[i]);
    }
    for (size_t i = 0; i < allocas.n; i++)
      if (cp_alloca_is_frame(c, allocas.v[i])) cp_replace_alloca(c, B, allocas.v[i]);
  }

  /* 3. alias metadata on accesses to slots that now share bytes */
  unsigned k_tbaa = LLVMGetMDKindIDInContext(c->ctx, "tbaa", 4);
  unsigned k_tbaa_struct = LLVMGetMDKindIDInContext(c->ctx, "tbaa.struct", 11);
  unsigned k_scope = LLVMGetMDKindIDInContext(c->ctx, "alias.scope", 11);
  unsigned k_noalias = LLVMGetMDKindIDInContext(c->ctx, "noalias", 7);
  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    cp_func *f = &c->funcs[fi];
    for (unsigned b = 0; b < f->nblocks; b++) {
      cp_block *blk = &f->blocks[b];
      for (size_t i = 0; i < blk->nev; i++) {
        cp_event *e = &blk->ev[i];
        if (e->kind != CP_EV_ACCESS || !c->slots[e->slot].shares) continue;
        LLVMValueRef I = e->inst;
        if (LLVMGetMetadata(I, k_tbaa) || LLVMGetMetadata(I, k_tbaa_struct) ||
            LLVMGetMetadata(I, k_scope) || LLVMGetMetadata(I, k_noalias)) {
          LLVMSetMetadata(I, k_tbaa, NULL);
          LLVMSetMetadata(I, k_tbaa_struct, NULL);
          LLVMSetMetadata(I, k_scope, NULL);
          LLVMSetMetadata(I, k_noalias, NULL);
          f->changed = 1;
        }
      }
    }
  }
  LLVMDisposeBuilder(B);
  return 0;
}
