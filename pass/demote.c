/*
 * demote.c - frame slots whose data never survive a suspend leave the frame.
 *
 * coro-split puts a value in the frame when it cannot prove that the value
 * does not cross a suspend point; after precise lifetimes (mark.c, owners.c)
 * liveness.c often knows better: a slot live in no suspend state (neither
 * live nor escaped in any of them) holds data that every activation of the
 * coroutine (the run of one piece from its entry, or from a resume point,
 * to the next suspend or return) writes before it reads it.  Such a slot
 * needs no frame bytes: each function that addresses it gets its own alloca
 * of the slot's type, and the slot takes no bytes in the new layout
 * (cp_slot.demoted; its size becomes 0 for interference, the lower bound
 * and assignment; stack_size keeps what it was).  rewrite.c then turns
 * each frame GEP of the slot into the function's alloca.
 *
 * Why it is sound (docs/design.md, "Slots that never cross a suspend"):
 *  - every access and escape of a movable slot goes through a struct GEP
 *    of its field (access.c gives up on anything else: base arithmetic
 *    reaching the slot, accesses straddling fields, variable offsets), so
 *    rewriting those GEPs moves every access;
 *  - a read in an activation only sees a write of the same activation (not
 *    live in any suspend state), and an activation runs in one function,
 *    so that function's alloca holds what the read needs; another
 *    activation running nested inside it (an await_suspend that resumes
 *    the coroutine) uses its own alloca, which can only separate what
 *    frame bytes would have shared;
 *  - an escaped address is bounded by a carried lifetime end before the
 *    next suspend on every path (an escape with no end keeps the slot live
 *    to the end of the coroutine, so it is in some suspend state unless no
 *    suspend follows: then the coroutine's end comes first, and the frame
 *    is freed there anyway);
 *  - exception paths stay in the function (landing pads are per function).
 * Left in the frame (not demoted): pinned slots and the index, slots not
 * accessed (dead: they already take no bytes where they are not live),
 * slots addressed from functions that are not pieces (callers into which
 * a .noalloc was inlined: the child frame lives in their frame), and all
 * slots of a coroutine whose pieces hold debug records of variables (one
 * could describe the slot: it would lose its location, and __coro_frame's
 * type would describe bytes that moved: not yet handled; line tables
 * alone are fine).
 *
 * The demoted slots of a function share one alloca, the stack area
 * (cp_stack_layout): slots that never interfere (the interference matrix
 * covers every program point of every piece, demoted slots included) get
 * overlapping bytes, first fit, largest first, the same rule as in the
 * frame (the area has no lifetime markers: the backend reserves it for
 * the whole function).  A demoted slot that fits in the packed frame
 * without making it larger goes back into it (assign.c, cp_reframe): it
 * would cost stack in every function that addresses it and save nothing.
 * What is left still costs more stack than it saves frame bytes on
 * cppcoro's tests (docs/benchmarks.md, section 10), but frame bytes are
 * held for as long as a coroutine is suspended.
 *
 * Cost: O(slots * states / 64) plus one pass over the frame GEPs; the
 * stack layout O(demoted^3) in the worst case (a handful per coroutine).
 */
#include "coro.h"

#include <llvm-c/DebugInfo.h>

/* cp_any_debug_vars: does some piece hold a debug record of a variable?
   Then records may describe frame bytes; demotion is not done.  Line
   tables alone (-gmlt, and the subprograms -fstack-usage asks for) are no
   obstacle.  Walks the instructions only of pieces with a subprogram. */
static int cp_any_debug_vars(const cp_coro *c) {
  for (unsigned i = 0; i < c->nfuncs; i++) {
    const cp_func *f = &c->funcs[i];
    if (!f->fn || !LLVMGetSubprogram(f->fn)) continue;
    for (unsigned b = 0; b < f->nblocks; b++)
      for (LLVMValueRef I = LLVMGetFirstInstruction(f->blocks[b].bb); I;
           I = LLVMGetNextInstruction(I))
        for (LLVMDbgRecordRef r = LLVMGetFirstDbgRecord(I); r; r = LLVMGetNextDbgRecord(r))
          if (LLVMDbgRecordGetKind(r) != LLVMDbgRecordLabel) return 1;
  }
  return 0;
}

/* cp_role_of: the role of function fn among c's functions (CP_OTHER when
   it is not one of them). */
static cp_role cp_role_of(const cp_coro *c, LLVMValueRef fn) {
  for (unsigned i = 0; i < c->nfuncs; i++)
    if (c->funcs[i].fn == fn) return c->funcs[i].role;
  return CP_OTHER;
}

/* cp_demote: see coro.h. */
int cp_demote(cp_coro *c) {
  if (!c->opts || !c->opts->demote || !c->slots || !c->nslots || !c->slots[0].live_states)
    return 0;
  if (cp_any_debug_vars(c)) return 0;
  size_t wst = CP_WORDS(c->nstates);
  /* fields addressed from a function that is not a piece */
  unsigned char *outside = CP_NEW(&c->arena, unsigned char, c->nslots);
  for (unsigned i = 0; i < c->nslots; i++) outside[i] = 0;
  for (size_t gi = 0; gi < cp_frame_gep_count(c); gi++) {
    LLVMValueRef g = cp_frame_gep_at(c, gi);
    /* access.c checked the shape of the live ones only */
    if (LLVMGetNumOperands(g) < 3 || !LLVMIsAConstantInt(LLVMGetOperand(g, 2))) continue;
    unsigned field = (unsigned)LLVMConstIntGetZExtValue(LLVMGetOperand(g, 2));
    LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(g));
    if (field < c->nslots && cp_role_of(c, fn) == CP_OTHER) outside[field] = 1;
  }
  for (unsigned i = 0; i < c->nslots; i++) {
    cp_slot *s = &c->slots[i];
    if (s->pinned || s->kind != CP_K_DATA || !s->accessed || s->size == 0 || outside[i])
      continue;
    int live = 0;
    for (size_t k = 0; k < wst && !live; k++) live = s->live_states[k] != 0;
    if (live) continue;
    s->demoted = 1;
    s->stack_size = s->size;
    s->size = 0;
  }
  return 0;
}

/* cp_stack_layout: see coro.h. */
void cp_stack_layout(cp_coro *c) {
  c->stack_area = 0;
  c->stack_align = 1;
  unsigned *ord = CP_NEW(&c->arena, unsigned, c->nslots ? c->nslots : 1);
  unsigned n = 0;
  for (unsigned i = 0; i < c->nslots; i++) {
    if (!c->slots[i].demoted) continue;
    /* largest first (insertion sort: few slots), ties by field number */
    unsigned j = n++;
    while (j > 0 && c->slots[ord[j - 1]].stack_size < c->slots[i].stack_size) {
      ord[j] = ord[j - 1];
      j--;
    }
    ord[j] = i;
  }
  for (unsigned j = 0; j < n; j++) {
    cp_slot *s = &c->slots[ord[j]];
    uint64_t al = s->abi_align > s->req_align ? s->abi_align : s->req_align;
    if (!al) al = 1;
    uint64_t off = 0;
    int moved = 1;
    while (moved) {
      moved = 0;
      for (unsigned k = 0; k < j; k++) {
        unsigned t = ord[k];
        const cp_slot *u = &c->slots[t];
        int meet = c->interf && (cp_bit_get(c->interf + (size_t)ord[j] * c->sw, t) ||
                                 cp_bit_get(c->interf + (size_t)t * c->sw, ord[j]));
        if (!c->interf) meet = 1; /* no matrix: nothing shares */
        if (!meet || off >= u->stack_off + u->stack_size || u->stack_off >= off + s->stack_size)
          continue;
        off = (u->stack_off + u->stack_size + al - 1) / al * al;
        moved = 1;
      }
    }
    s->stack_off = off;
    if (off + s->stack_size > c->stack_area) c->stack_area = off + s->stack_size;
    if (al > c->stack_align) c->stack_align = al;
  }
}
