/*
 * discover.c - find one split switch-ABI coroutine in a module.
 *
 * A coroutine is its frame type %R.Frame (R is the ramp's name) and every
 * function whose code addresses that frame.  coro-split names the pieces
 * R.resume, R.destroy, R.cleanup and (for CoroAnnotationElide) R.noalloc;
 * functions into which R.noalloc was inlined address the frame with the
 * same struct GEPs on %R.Frame and are collected as CP_OTHER pieces.
 *
 * Frame roots are the values that hold the frame's base address: parameter
 * 0 of the resume/destroy/cleanup clones, the last parameter of .noalloc,
 * and the pointer operand of every struct GEP on the frame type (the
 * llvm.coro.begin result in the ramp, an alloca in an inlined .noalloc),
 * plus the values those roots were merged from (phi/select operands, the
 * memory operand of llvm.coro.begin).
 *
 * Slots are the frame fields; extents come from the DataLayout.  Fields 0
 * and 1 (resume and destroy pointers) and 2 (the promise) are pinned; the
 * index field is the field whose load feeds the dispatch switch of the
 * resume clone.  When it cannot be found the analysis runs without
 * suspend-state precision (every suspend is one state), which is coarser
 * but still sound.
 *
 * Only blocks that can run are kept for the later stages (cp_live_blocks:
 * reached from the entry without crossing an edge a constant condition
 * rules out); coro-split leaves most of each piece dead that way, and
 * nothing in those blocks is analysed or changed.
 *
 * Cost: one walk over every instruction of the module (to find all frame
 * GEPs), so packing C coroutines of a module costs O(C * module size).
 */
#include "coro.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cp_fail(cp_coro *c, const char *fmt, ...) {
  if (c->reason) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  char *buf = CP_NEW(&c->arena, char, (size_t)n + 1);
  buf[0] = 0;
  va_start(ap, fmt);
  vsnprintf(buf, (size_t)n + 1, fmt, ap);
  va_end(ap);
  c->reason = buf;
}

static const char *const cp_suffixes[] = {".resume", ".destroy", ".cleanup",
                                          ".noalloc"};

/* cp_is_piece_suffix: does name (len bytes) end in a piece suffix?  Sets
   *base_len to the length without it. */
int cp_is_piece_suffix(const char *name, size_t len, size_t *base_len) {
  for (unsigned i = 0; i < 4; i++) {
    size_t sl = strlen(cp_suffixes[i]);
    if (len > sl && memcmp(name + len - sl, cp_suffixes[i], sl) == 0) {
      *base_len = len - sl;
      return 1;
    }
  }
  *base_len = len;
  return 0;
}

/* cp_slot_at: index of the slot whose bytes [off, off+size) contain off,
   or -1.  Zero-sized slots contain nothing. */
int cp_slot_at(const cp_coro *c, uint64_t off) {
  for (unsigned i = 0; i < c->nslots; i++)
    if (off >= c->slots[i].off && off < c->slots[i].off + c->slots[i].size)
      return (int)i;
  return -1;
}

/* cp_concat: base followed by sfx, in c's arena (names have no length
   limit: sender/receiver templates mangle to thousands of characters). */
static char *cp_concat(cp_coro *c, const char *base, const char *sfx) {
  size_t lb = strlen(base), ls = strlen(sfx);
  char *buf = CP_NEW(&c->arena, char, lb + ls + 1);
  memcpy(buf, base, lb);
  memcpy(buf + lb, sfx, ls + 1);
  return buf;
}

static LLVMValueRef cp_get_fn(cp_coro *c, const char *base, const char *sfx) {
  LLVMValueRef f = LLVMGetNamedFunction(c->mod, cp_concat(c, base, sfx));
  if (f && LLVMIsDeclaration(f)) return NULL;
  return f;
}

static cp_func *cp_add_func(cp_coro *c, cp_pmap *fmap, LLVMValueRef fn,
                            cp_role role) {
  long k = cp_pmap_get(fmap, fn, -1);
  if (k >= 0) return &c->funcs[k];
  if (c->nfuncs == c->capfuncs) {
    /* doubling: a coroutine has a handful of functions, the module
       thousands (sizing the table by the module cost 3.7 M instructions of
       zeroing on a 96-coroutine TU) */
    unsigned cap = c->capfuncs ? c->capfuncs * 2 : 8;
    cp_func *n = CP_NEW(&c->arena, cp_func, cap);
    if (c->nfuncs) memcpy(n, c->funcs, c->nfuncs * sizeof *n);
    c->funcs = n;
    c->capfuncs = cap;
  }
  cp_func *f = &c->funcs[c->nfuncs];
  f->fn = fn;
  f->role = role;
  cp_pmap_put(fmap, fn, (long)c->nfuncs);
  c->nfuncs++;
  return f;
}

/* cp_is_frame_gep: is I (opcode op) a struct GEP on the frame type? */
static int cp_is_frame_gep_op(const cp_coro *c, LLVMValueRef I, LLVMOpcode op) {
  return op == LLVMGetElementPtr && LLVMGetGEPSourceElementType(I) == c->frame;
}

static int cp_is_frame_gep(cp_coro *c, LLVMValueRef I) {
  return cp_is_frame_gep_op(c, I, LLVMGetInstructionOpcode(I));
}

/* cp_add_root: remember v as a frame base (once), and the values it was
   merged from, so that their other uses are examined too. */
static void cp_add_root(cp_coro *c, cp_pmap *seen, LLVMValueRef v, int depth) {
  if (!v || cp_pmap_get(seen, v, 0)) return;
  if (LLVMIsAConstant(v)) return; /* null, undef: no memory */
  cp_pmap_put(seen, v, 1);
  cp_vec_push(&c->arena, &c->roots, v);
  if (depth > 8) return;
  if (LLVMIsAPHINode(v)) {
    unsigned n = LLVMCountIncoming(v);
    for (unsigned i = 0; i < n; i++)
      cp_add_root(c, seen, LLVMGetIncomingValue(v, i), depth + 1);
  } else if (LLVMIsASelectInst(v)) {
    cp_add_root(c, seen, LLVMGetOperand(v, 1), depth + 1);
    cp_add_root(c, seen, LLVMGetOperand(v, 2), depth + 1);
  } else if (LLVMIsACallInst(v)) {
    LLVMValueRef callee = LLVMGetCalledValue(v);
    size_t n = 0;
    const char *nm = callee ? LLVMGetValueName2(callee, &n) : "";
    if (n >= 15 && strncmp(nm, "llvm.coro.begin", 15) == 0)
      cp_add_root(c, seen, LLVMGetOperand(v, 1), depth + 1);
  }
}

static uint64_t cp_param_deref(LLVMValueRef fn, unsigned idx) {
  unsigned kind = cp_ids()->k_dereferenceable;
  LLVMAttributeRef a = LLVMGetEnumAttributeAtIndex(fn, idx + 1, kind);
  return a ? LLVMGetEnumAttributeValue(a) : 0;
}

static uint64_t cp_param_align(LLVMValueRef fn, unsigned idx) {
  unsigned kind = cp_ids()->k_align;
  LLVMAttributeRef a = LLVMGetEnumAttributeAtIndex(fn, idx + 1, kind);
  return a ? LLVMGetEnumAttributeValue(a) : 0;
}

/* cp_find_index_field: the field loaded by the dispatch switch of fn
   (a resume/destroy clone), or -1. */
static int cp_find_index_field(cp_coro *c, LLVMValueRef fn) {
  if (!fn) return -1;
  LLVMValueRef frame = LLVMGetParam(fn, 0);
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b;
       b = LLVMGetNextBasicBlock(b)) {
    LLVMValueRef t = LLVMGetBasicBlockTerminator(b);
    if (!t || LLVMGetInstructionOpcode(t) != LLVMSwitch) continue;
    LLVMValueRef cond = LLVMGetOperand(t, 0);
    if (!LLVMIsALoadInst(cond)) continue;
    LLVMValueRef p = LLVMGetOperand(cond, 0);
    if (!LLVMIsAGetElementPtrInst(p) || !cp_is_frame_gep(c, p)) continue;
    if (LLVMGetOperand(p, 0) != frame || LLVMGetNumOperands(p) != 3) continue;
    LLVMValueRef i1 = LLVMGetOperand(p, 2);
    if (!LLVMIsAConstantInt(i1)) continue;
    return (int)LLVMConstIntGetZExtValue(i1);
  }
  return -1;
}

/* cp_grow: room for element n in the malloc'd array *a of *cap elements
   of size sz (realloc: at 10,000 suspend points the pieces hold hundreds
   of thousands of instructions, and an arena would keep every smaller
   copy). */
static void cp_grow(void **a, unsigned *cap, unsigned n, size_t sz) {
  if (n < *cap) return;
  unsigned nc = *cap ? *cap * 2 : 64;
  while (nc <= n) nc *= 2;
  void *na = realloc(*a, (size_t)nc * sz);
  if (!na) cp_oom();
  *a = na;
  *cap = nc;
}

/* cp_taken_succ: the one successor terminator t takes when its condition
   is an integer constant (br on a constant i1, switch on a constant: the
   matching case, else the default), or -1 when it may take any.  The same
   rule as access.c's edges (cp_make_edges marks the others dead), which
   also folds comparisons of constants: every block this rule reaches,
   those edges reach or leave dead. */
static int cp_taken_succ(LLVMValueRef t, LLVMOpcode op) {
  if (op == LLVMBr) {
    if (!LLVMIsConditional(t)) return -1;
    LLVMValueRef cond = LLVMGetCondition(t);
    if (!LLVMIsAConstantInt(cond)) return -1;
    return LLVMConstIntGetZExtValue(cond) ? 0 : 1;
  }
  if (op != LLVMSwitch) return -1;
  LLVMValueRef cond = LLVMGetOperand(t, 0);
  if (!LLVMIsAConstantInt(cond) || LLVMGetIntTypeWidth(LLVMTypeOf(cond)) > 64) return -1;
  unsigned long long cv = LLVMConstIntGetZExtValue(cond);
  unsigned ns = LLVMGetNumSuccessors(t);
  for (unsigned k = 1; k < ns; k++)
    if (LLVMConstIntGetZExtValue(LLVMGetSwitchCaseValue(t, k)) == cv) return (int)k;
  return 0;
}

/* cp_live_blocks: which of f's n blocks (bbs, in function order) can
   run: reached from the entry along edges a constant condition does not
   rule out (cp_taken_succ).  coro-split turns each llvm.coro.suspend of a
   piece into a constant, so most of the body a clone was cloned from is
   dead in it (in the ramp, everything after the first suspend; in
   .destroy, every resume path): measured on test/programs/elidable.cpp,
   6,091 of 15,228 instructions of the functions examined can run.
   live[b] is set for those. */
static void cp_live_blocks(cp_coro *c, LLVMBasicBlockRef *bbs, unsigned n,
                               unsigned char *live) {
  memset(live, 0, n);
  if (n == 0) return;
  cp_pmap num;
  cp_pmap_init(&num, &c->arena, n);
  for (unsigned b = 0; b < n; b++) cp_pmap_put(&num, bbs[b], (long)b);
  unsigned *wl = CP_NEW_RAW(&c->arena, unsigned, n); /* each block queued at most once */
  unsigned nwl = 0;
  wl[nwl++] = 0;
  live[0] = 1;
  while (nwl) {
    LLVMValueRef t = LLVMGetBasicBlockTerminator(bbs[wl[--nwl]]);
    if (!t) continue; /* access.c gives up on it */
    unsigned ns = LLVMGetNumSuccessors(t);
    int only = cp_taken_succ(t, LLVMGetInstructionOpcode(t));
    for (unsigned k = 0; k < ns; k++) {
      if (only >= 0 && k != (unsigned)only) continue;
      long s = cp_pmap_get(&num, LLVMGetSuccessor(t, k), -1);
      if (s < 0 || live[s]) continue;
      live[s] = 1;
      wl[nwl++] = (unsigned)s;
    }
  }
}

/* cp_scan_fn: walk function f once (scanned maps it to the walk, a
   cp_code of the blocks that can run, cp_live_blocks), recording every
   struct GEP on the frame type: those in blocks that can run in
   frame_geps, the others in dead_geps (never moved; their bases are
   roots all the same). */
static void cp_scan_fn(cp_coro *c, cp_pmap *fmap, cp_pmap *scanned, LLVMValueRef f) {
  if (cp_pmap_get(scanned, f, 0)) return;
  cp_code *k = CP_NEW(&c->arena, cp_code, 1);
  cp_pmap_put(scanned, f, (long)k);
  unsigned nall = 0, capall = 0, capb = 0, capi = 0, capf = 0, capc = 0;
  LLVMBasicBlockRef *all = NULL;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b)) {
    if (nall == capall) cp_grow((void **)&all, &capall, nall, sizeof *all);
    all[nall++] = b;
  }
  unsigned char *live = CP_NEW_RAW(&c->arena, unsigned char, nall ? nall : 1);
  cp_live_blocks(c, all, nall, live);
  int holds = 0;
  for (unsigned bi = 0; bi < nall; bi++) {
    LLVMBasicBlockRef b = all[bi];
    if (!live[bi]) {
      /* dead: only its frame GEPs (and funclet pads: access.c refuses
         those functions whatever runs) */
      for (LLVMValueRef I = LLVMGetFirstInstruction(b); I; I = LLVMGetNextInstruction(I)) {
        LLVMOpcode op = LLVMGetInstructionOpcode(I);
        if (op == LLVMCatchSwitch || op == LLVMCleanupPad || op == LLVMCatchPad) k->funclets = 1;
        if (!cp_is_frame_gep_op(c, I, op)) continue;
        cp_vec_push(&c->arena, &c->dead_geps, I);
        holds = 1;
      }
      continue;
    }
    if (k->nbbs == capb) {
      cp_grow((void **)&k->bbs, &capb, k->nbbs, sizeof *k->bbs);
      cp_grow((void **)&k->first, &capf, k->nbbs, sizeof *k->first);
    }
    k->first[k->nbbs] = k->ninsts;
    k->bbs[k->nbbs++] = b;
    for (LLVMValueRef I = LLVMGetFirstInstruction(b); I; I = LLVMGetNextInstruction(I)) {
      if (k->ninsts == capi) { /* the two arrays grow together */
        unsigned capo = capi;
        cp_grow((void **)&k->insts, &capi, k->ninsts, sizeof *k->insts);
        cp_grow((void **)&k->ops, &capo, k->ninsts, sizeof *k->ops);
      }
      LLVMOpcode op = LLVMGetInstructionOpcode(I);
      k->insts[k->ninsts] = I;
      k->ops[k->ninsts++] = (unsigned short)op;
      if (op == LLVMCall || op == LLVMInvoke || op == LLVMCallBr) {
        if (k->ncalls == capc) cp_grow((void **)&k->calls, &capc, k->ncalls, sizeof *k->calls);
        k->calls[k->ncalls++] = k->ninsts - 1;
        continue;
      }
      if (op == LLVMCatchSwitch || op == LLVMCleanupPad || op == LLVMCatchPad) k->funclets = 1;
      if (!cp_is_frame_gep_op(c, I, op)) continue;
      cp_vec_push(&c->arena, &c->frame_geps, I);
      holds = 1;
    }
  }
  free(all);
  if (k->nbbs == capf) cp_grow((void **)&k->first, &capf, k->nbbs, sizeof *k->first);
  k->first[k->nbbs] = k->ninsts;
  /* freed with the coroutine (cp_coro_free) */
  void *const blocks[] = {k->bbs, k->first, k->insts, k->ops, k->calls};
  for (unsigned i = 0; i < sizeof blocks / sizeof *blocks; i++)
    if (blocks[i]) cp_vec_push(&c->arena, &c->heap, blocks[i]);
  if (holds) cp_add_func(c, fmap, f, CP_OTHER);
}

/* cp_scan_users: scan the functions whose instructions use v, following
   constant expressions and global variables that hold v (depth: the
   recursion so far).  Without a module index this is where frame GEPs
   outside the pieces are looked for.  Complete at the CGSCC hook, the
   only caller without an index: it runs in the visit right after
   coro-split, when the only code outside the pieces holding struct GEPs
   on the frame type is what coro-annotation-elide inlined from f.noalloc
   into the callers, and that code stores f.resume and f.destroy into the
   child frame (the callers are visited later, nothing has optimised those
   stores away yet). */
static void cp_scan_users(cp_coro *c, cp_pmap *fmap, cp_pmap *scanned, LLVMValueRef v,
                          int depth) {
  for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef w = LLVMGetUser(u);
    if (LLVMIsAInstruction(w)) {
      cp_scan_fn(c, fmap, scanned, LLVMGetBasicBlockParent(LLVMGetInstructionParent(w)));
    } else if (depth < 8 && (LLVMIsAConstantExpr(w) || LLVMIsAGlobalVariable(w) ||
                             (LLVMIsAConstant(w) && !LLVMIsAFunction(w)))) {
      if (cp_pmap_get(scanned, w, 0)) continue;
      cp_pmap_put(scanned, w, 1);
      cp_scan_users(c, fmap, scanned, w, depth + 1);
    }
  }
}

/* cp_frame_index_build: see coro.h.  One pass over the module. */
void cp_frame_index_build(cp_frame_index *x, LLVMModuleRef m) {
  cp_arena_init(&x->arena);
  cp_pmap_init(&x->fns, &x->arena, 64);
  for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f)) {
    cp_pmap seen; /* frame types already listed for f */
    int inited = 0;
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
      for (LLVMValueRef I = LLVMGetFirstInstruction(b); I; I = LLVMGetNextInstruction(I)) {
        if (LLVMGetInstructionOpcode(I) != LLVMGetElementPtr) continue;
        LLVMTypeRef t = LLVMGetGEPSourceElementType(I);
        if (LLVMGetTypeKind(t) != LLVMStructTypeKind || !LLVMGetStructName(t)) continue;
        if (!inited) {
          cp_pmap_init(&seen, &x->arena, 8);
          inited = 1;
        }
        if (cp_pmap_get(&seen, t, 0)) continue;
        cp_pmap_put(&seen, t, 1);
        cp_fn_node *n = CP_NEW(&x->arena, cp_fn_node, 1);
        n->fn = f;
        n->next = (cp_fn_node *)cp_pmap_get(&x->fns, t, 0);
        cp_pmap_put(&x->fns, t, (long)n);
      }
  }
}

/* cp_frame_index_free: see coro.h. */
void cp_frame_index_free(cp_frame_index *x) { cp_arena_free(&x->arena); }

/* cp_discover: see coro.h. */
int cp_discover(cp_coro *c, const char *ramp) {
  c->frame = LLVMGetTypeByName2(c->ctx, cp_concat(c, ramp, ".Frame"));
  if (!c->frame || LLVMGetTypeKind(c->frame) != LLVMStructTypeKind ||
      LLVMIsOpaqueStruct(c->frame))
    return 1;
  c->name = cp_strdup(&c->arena, ramp, strlen(ramp));

  LLVMValueRef fr = LLVMGetNamedFunction(c->mod, ramp);
  LLVMValueRef fres = cp_get_fn(c, ramp, ".resume");
  LLVMValueRef fdes = cp_get_fn(c, ramp, ".destroy");
  LLVMValueRef fcln = cp_get_fn(c, ramp, ".cleanup");
  LLVMValueRef fnoa = cp_get_fn(c, ramp, ".noalloc");
  if (fr && LLVMIsDeclaration(fr)) fr = NULL;

  cp_pmap fmap;
  cp_pmap_init(&fmap, &c->arena, 16);
  if (fr) cp_add_func(c, &fmap, fr, CP_RAMP);
  if (fres) cp_add_func(c, &fmap, fres, CP_RESUME);
  if (fdes) cp_add_func(c, &fmap, fdes, CP_DESTROY);
  if (fcln) cp_add_func(c, &fmap, fcln, CP_CLEANUP);
  if (fnoa) cp_add_func(c, &fmap, fnoa, CP_NOALLOC);

  /* Every struct GEP on the frame type, module-wide: in the functions the
     module index lists, or else in the pieces and the functions that
     refer to a piece (see cp_candidates). */
  cp_pmap scanned;
  cp_pmap_init(&scanned, &c->arena, 16);
  LLVMValueRef pieces[5] = {fr, fres, fdes, fcln, fnoa};
  for (unsigned i = 0; i < 5; i++)
    if (pieces[i]) cp_scan_fn(c, &fmap, &scanned, pieces[i]);
  if (c->index) {
    for (const cp_fn_node *n = (const cp_fn_node *)cp_pmap_get(&c->index->fns, c->frame, 0); n;
         n = n->next)
      cp_scan_fn(c, &fmap, &scanned, n->fn);
  } else {
    for (unsigned i = 0; i < 5; i++)
      if (pieces[i]) cp_scan_users(c, &fmap, &scanned, pieces[i], 0);
  }
  /* already packed (the dead GEPs stay as they were), or never split */
  if (c->frame_geps.n == 0) return 1;
  for (unsigned i = 0; i < c->nfuncs; i++)
    c->funcs[i].code = (const cp_code *)cp_pmap_get(&scanned, c->funcs[i].fn, 0);

  c->td = LLVMGetModuleDataLayout(c->mod);
  if (LLVMTypeIsSized(c->frame)) c->old_size = LLVMABISizeOfType(c->td, c->frame);
  if (!fres || !fdes) {
    cp_fail(c, "no %s.resume/.destroy clones: not a split switch-ABI "
               "coroutine (retcon and async ABIs are left alone)", ramp);
    return -1;
  }

  /* Slots. */
  c->td = LLVMGetModuleDataLayout(c->mod);
  unsigned nf = LLVMCountStructElementTypes(c->frame);
  if (nf < 2) {
    cp_fail(c, "frame type has %u fields, expected the resume/destroy header", nf);
    return -1;
  }
  if (LLVMIsPackedStruct(c->frame)) {
    cp_fail(c, "packed frame struct type");
    return -1;
  }
  /* c->nslots is set once every slot is filled in: a coroutine given up
     on before that is reported with no slots (the report reads them). */
  c->slots = CP_NEW(&c->arena, cp_slot, nf);
  /* coro-split sizes and aligns the frame itself (over-aligned fields get
     explicit padding and raise the frame alignment above the struct's):
     the clones' parameter attributes say what it decided. */
  c->old_size = LLVMABISizeOfType(c->td, c->frame);
  c->frame_align = LLVMABIAlignmentOfType(c->td, c->frame);
  {
    uint64_t d = cp_param_deref(fres, 0), a = cp_param_align(fres, 0);
    if (d) {
      if (d < LLVMStoreSizeOfType(c->td, c->frame)) {
        cp_fail(c, "%s.resume says dereferenceable(%llu), less than the %llu "
                   "bytes of the frame type", ramp, (unsigned long long)d,
                (unsigned long long)LLVMStoreSizeOfType(c->td, c->frame));
        return -1;
      }
      c->old_size = d;
    }
    if (a > c->frame_align) c->frame_align = a;
  }
  for (unsigned i = 0; i < nf; i++) {
    cp_slot *s = &c->slots[i];
    s->field = i;
    s->type = LLVMStructGetTypeAtIndex(c->frame, i);
    if (!LLVMTypeIsSized(s->type) ||
        LLVMGetTypeKind(s->type) == LLVMScalableVectorTypeKind) {
      cp_fail(c, "frame field %u has no fixed size", i);
      return -1;
    }
    s->off = LLVMOffsetOfElement(c->td, c->frame, i);
    s->size = LLVMABISizeOfType(c->td, s->type);
    s->abi_align = LLVMABIAlignmentOfType(c->td, s->type);
    s->kind = CP_K_DATA;
    s->new_off = s->off;
  }
  c->nslots = nf;
  c->slots[0].kind = CP_K_RESUMEFN;
  c->slots[0].pinned = 1;
  c->slots[1].kind = CP_K_DESTROYFN;
  c->slots[1].pinned = 1;
  c->index_slot = cp_find_index_field(c, fres);
  if (c->index_slot < 0) c->index_slot = cp_find_index_field(c, fdes);
  if (c->index_slot >= (int)nf || c->index_slot == 0 || c->index_slot == 1)
    c->index_slot = -1;
  if (c->index_slot >= 0) {
    LLVMTypeRef it = c->slots[c->index_slot].type;
    if (LLVMGetTypeKind(it) != LLVMIntegerTypeKind ||
        LLVMGetIntTypeWidth(it) > 16)
      c->index_slot = -1;
    else
      c->slots[c->index_slot].kind = CP_K_INDEX;
  }
  /* Field 2 is the promise (coro-split puts it there) unless it is the
     index: pinned.  After splitting nothing says whether the coroutine had
     a promise (coro-split nulls llvm.coro.id's promise operand), so a
     frame without one loses this field's bytes, nothing else. */
  if (nf > 2 && c->index_slot != 2) {
    c->slots[2].kind = CP_K_PROMISE;
    c->slots[2].pinned = 1;
  }
  c->pinned_end = 0;
  for (unsigned i = 0; i < nf; i++)
    if (c->slots[i].pinned && c->slots[i].off + c->slots[i].size > c->pinned_end)
      c->pinned_end = c->slots[i].off + c->slots[i].size;
  if (c->slots[0].off != 0 || c->slots[1].off != c->slots[0].size) {
    cp_fail(c, "frame header is not {resume ptr, destroy ptr}");
    return -1;
  }

  /* Every clone must agree on the frame size. */
  LLVMValueRef clones[2] = {fdes, fcln};
  for (unsigned k = 0; k < 2; k++) {
    uint64_t d = clones[k] ? cp_param_deref(clones[k], 0) : 0;
    if (d && d != c->old_size) {
      cp_fail(c, "the clones disagree on the frame size (%llu and %llu bytes)",
              (unsigned long long)d, (unsigned long long)c->old_size);
      return -1;
    }
  }

  /* Roots. */
  cp_pmap seen;
  cp_pmap_init(&seen, &c->arena, 64);
  for (unsigned i = 0; i < c->nfuncs; i++) {
    cp_func *f = &c->funcs[i];
    unsigned np = LLVMCountParams(f->fn);
    if (f->role == CP_RESUME || f->role == CP_DESTROY || f->role == CP_CLEANUP) {
      if (np < 1 || LLVMGetTypeKind(LLVMTypeOf(LLVMGetParam(f->fn, 0))) !=
                        LLVMPointerTypeKind) {
        cp_fail(c, "%s: clone does not take the frame pointer",
                LLVMGetValueName2(f->fn, &(size_t){0}));
        return -1;
      }
      cp_add_root(c, &seen, LLVMGetParam(f->fn, 0), 0);
    } else if (f->role == CP_NOALLOC && np >= 1) {
      cp_add_root(c, &seen, LLVMGetParam(f->fn, np - 1), 0);
    }
  }
  /* the bases of the dead GEPs too: the same roots whether or not a
     block can run */
  for (size_t i = 0; i < cp_frame_gep_count(c); i++) {
    LLVMValueRef g = cp_frame_gep_at(c, i);
    LLVMValueRef p = LLVMGetOperand(g, 0);
    if (LLVMIsAGetElementPtrInst(p) || LLVMIsAConstantExpr(p) ||
        LLVMIsAGlobalValue(p)) {
      cp_fail(c, "a frame GEP is based on a derived or global pointer");
      return -1;
    }
    cp_add_root(c, &seen, p, 0);
  }

  /* Callers' frames for .noalloc: alloca [N x i8] passed as last arg. */
  if (fnoa) {
    for (LLVMUseRef u = LLVMGetFirstUse(fnoa); u; u = LLVMGetNextUse(u)) {
      LLVMValueRef call = LLVMGetUser(u);
      if (!cp_is_call(call) || LLVMGetCalledValue(call) != fnoa) continue;
      unsigned na = LLVMGetNumArgOperands(call);
      if (na == 0) continue;
      LLVMValueRef a = LLVMGetOperand(call, na - 1);
      if (LLVMIsAAllocaInst(a)) cp_vec_push(&c->arena, &c->noalloc_allocas, a);
    }
  }
  return 0;
}
