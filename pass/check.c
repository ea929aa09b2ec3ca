/*
 * check.c - the targeted check of what the rewrite touched.
 *
 * rewrite.c records every value it makes or changes (cp_touched): each new
 * frame or stack-area GEP, each stack area, each size copy it rewrote,
 * each dereferenceable attribute it lowered, each caller alloca it replaced,
 * each debug expression it edited.  cp_check_rewrite looks at exactly these
 * and nothing else:
 *
 *   GEP     an instruction of the function its old GEP was in, whose chain
 *           of GEPs ends at the old GEP's base (the frame) or at that
 *           function's stack area; the first step a constant byte offset
 *           with room for the whole slot (frame: new_size; area:
 *           stack_area); every user an instruction of the same function.
 *   area    an alloca of [stack_area x i8] in the function's entry block,
 *           with the layout's power-of-two alignment.
 *   size    the operand now a constant integer equal to new_size, of the
 *           type the old copy had.
 *   attr    dereferenceable(_or_null) of the parameter or call argument at
 *           most new_size.
 *   alloca  the replacement alloca in the same function as before, of
 *           new_size bytes, aligned at least as the one it replaced.
 *   debug   the edited DIExpression still valid (DIExpression::isValid).
 *
 * Invariant: after a rewrite that returned 0, cp_check_rewrite returns 0;
 * a failure is a bug in coropack and stops the compilation (coropack.c),
 * the same way LLVM's verifier does under -coro-pack-verify.  The check
 * replaces the full verifier by default: the verifier walks every
 * instruction of every changed function and, with -g, the debug metadata
 * reachable from it (measured: 63% of the plugin's cost on a 60-coroutine
 * -O2 -g translation unit, docs/benchmarks.md section 2).  Cost: linear
 * in the touched values and their uses.
 */
#include "coro.h"
#include "dbgshim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cp_touch(cp_coro *c, cp_touch_kind kind, LLVMValueRef v, LLVMValueRef fn,
              LLVMValueRef base, uint64_t a, uint64_t b) {
  if (c->ntouched == c->captouched) {
    /* realloc, not the arena: the arena would keep every smaller copy
       (freed in cp_pack_one with the arena) */
    size_t cap = c->captouched ? 2 * c->captouched : 32;
    cp_touched *n = realloc(c->touched, cap * sizeof *n);
    if (!n) cp_oom();
    c->touched = n;
    c->captouched = cap;
  }
  cp_touched *t = &c->touched[c->ntouched++];
  t->kind = kind;
  t->v = v;
  t->fn = fn;
  t->base = base;
  t->a = a;
  t->b = b;
}

static LLVMValueRef cp_fn_of(LLVMValueRef I) {
  LLVMBasicBlockRef bb = LLVMIsAInstruction(I) ? LLVMGetInstructionParent(I) : NULL;
  return bb ? LLVMGetBasicBlockParent(bb) : NULL;
}

/* Every user of v an instruction of function fn. */
static int cp_users_in(LLVMValueRef v, LLVMValueRef fn) {
  for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u))
    if (cp_fn_of(LLVMGetUser(u)) != fn) return 0;
  return 1;
}

/* Is a the stack area alloca of fn: [area x i8] in fn's entry block? */
static int cp_is_area(const cp_coro *c, LLVMValueRef a, LLVMValueRef fn) {
  if (!LLVMIsAAllocaInst(a) || cp_fn_of(a) != fn) return 0;
  if (LLVMGetInstructionParent(a) != LLVMGetEntryBasicBlock(fn)) return 0;
  LLVMTypeRef t = LLVMGetAllocatedType(a);
  if (LLVMGetTypeKind(t) != LLVMArrayTypeKind || LLVMGetArrayLength2(t) != c->stack_area)
    return 0;
  LLVMTypeRef e = LLVMGetElementType(t);
  if (LLVMGetTypeKind(e) != LLVMIntegerTypeKind || LLVMGetIntTypeWidth(e) != 8) return 0;
  unsigned al = LLVMGetAlignment(a);
  return al == c->stack_align && al && !(al & (al - 1));
}

/* A rewritten GEP t->v (of slot t->a, old base t->base, in t->fn). */
static const char *cp_check_gep(const cp_coro *c, const cp_touched *t) {
  LLVMValueRef g = t->v;
  const cp_slot *s = &c->slots[t->a];
  if (cp_fn_of(g) != t->fn) return "is not in the function of the GEP it replaced";
  if (!cp_users_in(g, t->fn)) return "has a user outside its function";
  /* a field index chain on the slot's type, then the byte offset */
  if (LLVMIsAGetElementPtrInst(g) && LLVMGetGEPSourceElementType(g) == s->type &&
      LLVMGetNumOperands(g) > 2)
    g = LLVMGetOperand(g, 0);
  uint64_t room = s->demoted ? c->stack_area : c->new_size;
  uint64_t off = 0;
  if (LLVMIsAGetElementPtrInst(g)) {
    LLVMTypeRef i8 = LLVMInt8TypeInContext(c->ctx);
    if (cp_fn_of(g) != t->fn) return "has a byte-offset step outside its function";
    if (LLVMGetGEPSourceElementType(g) != i8 || LLVMGetNumOperands(g) != 2 ||
        !LLVMIsAConstantInt(LLVMGetOperand(g, 1)))
      return "is not a constant byte offset";
    off = LLVMConstIntGetZExtValue(LLVMGetOperand(g, 1));
    g = LLVMGetOperand(g, 0);
  }
  if (s->demoted) {
    if (!cp_is_area(c, g, t->fn)) return "does not start at its function's stack area";
    if (off != s->stack_off) return "is not at the slot's stack offset";
  } else {
    if (g != t->base) return "does not start at the frame base of the GEP it replaced";
    if (off != s->new_off) return "is not at the slot's new offset";
  }
  if (off + (s->demoted ? s->stack_size : s->size) > room)
    return "leaves no room for the slot";
  return NULL;
}

int cp_check_rewrite(cp_coro *c, char *msg, size_t msgsz) {
  for (size_t i = 0; i < c->ntouched; i++) {
    const cp_touched *t = &c->touched[i];
    const char *bad = NULL, *what = "";
    switch (t->kind) {
    case CP_T_GEP:
      what = "a frame address";
      bad = cp_check_gep(c, t);
      break;
    case CP_T_AREA:
      what = "a stack area";
      if (!cp_is_area(c, t->v, t->fn)) bad = "is not [area x i8] in the entry block";
      break;
    case CP_T_SIZE: {
      what = "a copy of the frame size";
      LLVMValueRef o = (unsigned)LLVMGetNumOperands(t->v) > t->a
                           ? LLVMGetOperand(t->v, (unsigned)t->a) : NULL;
      if (!o || !LLVMIsAConstantInt(o) || LLVMConstIntGetZExtValue(o) != c->new_size)
        bad = "is not the new frame size";
      else if ((uint64_t)(uintptr_t)LLVMTypeOf(o) != t->b)
        bad = "changed its type";
      break;
    }
    case CP_T_ATTR: {
      what = "a dereferenceable attribute";
      for (unsigned n = 0; n < 2 && !bad; n++) {
        unsigned kind;
        LLVMAttributeRef a = cp_deref_attr(c, t->v, (int)t->b, (unsigned)t->a, n, &kind);
        if (a && LLVMGetEnumAttributeValue(a) > c->new_size)
          bad = "claims more bytes than the new frame has";
      }
      break;
    }
    case CP_T_ALLOCA:
      what = "a caller's frame alloca";
      if (!LLVMIsAAllocaInst(t->v) || cp_fn_of(t->v) != t->fn)
        bad = "is not an alloca of the function it was in";
      else if (!LLVMSizeOfTypeInBits(c->td, LLVMGetAllocatedType(t->v)) ||
               LLVMABISizeOfType(c->td, LLVMGetAllocatedType(t->v)) != c->new_size)
        bad = "is not of the new frame size";
      else if (LLVMGetAlignment(t->v) < t->a)
        bad = "lost alignment";
      else if (!cp_users_in(t->v, t->fn))
        bad = "has a user outside its function";
      break;
    case CP_T_DEBUG:
      what = "a debug expression";
      if (!cpshim_dbg_expr_valid((LLVMDbgRecordRef)t->v)) bad = "is not a valid DIExpression";
      break;
    }
    if (bad) {
      size_t nl = 0;
      const char *fn = t->fn ? LLVMGetValueName2(t->fn, &nl) : "?";
      snprintf(msg, msgsz, "%s the rewrite made in %s %s", what, fn, bad);
      return -1;
    }
  }
  return 0;
}
