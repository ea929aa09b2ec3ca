/*
 * remat.c - recompute frame addresses where they are used, after the
 *           module optimizer (on by default; -coro-pack-remat-addresses).
 *
 * Why.  Two slots that share bytes have the same address expression,
 * `getelementptr i8, ptr %frame, i64 C`.  GVN then makes the address of
 * the first slot and that of the second one value, defined where it
 * dominates both (often the entry block of .resume), and the backend keeps
 * that value in a callee-saved register across the calls in between
 * (a push/pop and copies) instead of one `lea C(%frame)` at each use.
 * Measured on utils/bench/runtime (docs/benchmarks.md, section 4): +1.0%
 * and +1.2% instructions per resume/suspend round trip with packing,
 * against without; with this pass, equal or fewer than without.
 *
 * What.  In a function carrying the attribute put on by packing
 * (CP_ATTR_REMAT, on the changed functions of each packed coroutine), every
 * GEP whose base is a function argument (the frame parameter of the
 * pieces) and whose indices are all constants gets a copy right before
 * each of its users, which takes it: no address value lives across a call
 * any more, as it would not without GVN.  Loads and stores fold the copy
 * into their addressing mode; a call argument costs one `lea`.  (The
 * backend's MachineCSE may still merge two copies of which one dominates
 * the other.)  Uses by PHI nodes and by exception-handling pads keep the
 * original (no instruction may go before a pad).  A GEP left without uses
 * is deleted; debug records that named it are rewritten on the frame
 * argument (LLVM's salvageDebugInfo, through dbgshim.cpp).
 *
 * Invariant: a copy computes the same value as the original from the same
 * argument (a constant offset, same flags), right before a user the
 * original dominates; the function's meaning cannot change and its CFG
 * does not.  Codegen is what changes.
 *
 * Cost: one attribute lookup for unmarked functions; for marked ones one
 * walk over the instructions and one over each frame GEP's uses.
 */
#include "coro.h"
#include "dbgshim.h"

/* cp_is_pad: is instruction I a PHI or an exception-handling pad, before
   which nothing may be inserted? */
static int cp_is_pad(LLVMValueRef I) {
  switch (LLVMGetInstructionOpcode(I)) {
  case LLVMPHI:
  case LLVMLandingPad:
  case LLVMCatchPad:
  case LLVMCleanupPad:
  case LLVMCatchSwitch:
    return 1;
  default:
    return 0;
  }
}

/* cp_frame_address: is I a GEP of constant offset from an argument? */
static int cp_frame_address(LLVMValueRef I) {
  if (!LLVMIsAGetElementPtrInst(I) || !LLVMIsAArgument(LLVMGetOperand(I, 0))) return 0;
  int n = LLVMGetNumOperands(I);
  for (int k = 1; k < n; k++)
    if (!LLVMIsAConstantInt(LLVMGetOperand(I, k))) return 0;
  return 1;
}

/* cp_remat_gep: a copy of GEP g right before each user that is not a pad
   (the users' operands take it); deletes g if nothing uses it any more.
   users is scratch.  Returns the number of copies. */
static int cp_remat_gep(LLVMBuilderRef builder, cp_arena *a, cp_vec *users, LLVMValueRef g) {
  users->n = 0;
  /* the users first: making copies changes g's use list */
  for (LLVMUseRef u = LLVMGetFirstUse(g); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (LLVMIsAInstruction(user) && !cp_is_pad(user)) cp_vec_push(a, users, user);
  }
  int made = 0;
  for (size_t i = 0; i < users->n; i++) {
    LLVMValueRef I = users->v[i], copy = NULL;
    int n = LLVMGetNumOperands(I);
    for (int k = 0; k < n; k++) {
      if (LLVMGetOperand(I, k) != g) continue; /* or done: listed twice */
      if (!copy) {
        copy = LLVMInstructionClone(g);
        LLVMPositionBuilderBefore(builder, I);
        LLVMInsertIntoBuilder(builder, copy);
        made++;
      }
      LLVMSetOperand(I, k, copy);
    }
  }
  if (made && !LLVMGetFirstUse(g)) cpshim_erase_salvaging(g);
  return made;
}

int coropack_remat_addresses(LLVMValueRef fn) {
  if (!fn || !LLVMIsAFunction(fn) || LLVMIsDeclaration(fn) || !cp_fn_has_attr(fn, CP_ATTR_REMAT))
    return 0;
  cp_arena a;
  cp_arena_init(&a);
  /* The candidates first: copies go in while the blocks are walked. */
  cp_vec geps = {0}, users = {0};
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef I = LLVMGetFirstInstruction(b); I; I = LLVMGetNextInstruction(I))
      if (cp_frame_address(I)) cp_vec_push(&a, &geps, I);
  int made = 0;
  if (geps.n) {
    LLVMBuilderRef builder = LLVMCreateBuilderInContext(LLVMGetTypeContext(LLVMTypeOf(fn)));
    for (size_t i = 0; i < geps.n; i++) made += cp_remat_gep(builder, &a, &users, geps.v[i]);
    LLVMDisposeBuilder(builder);
  }
  cp_arena_free(&a);
  return made;
}
