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
 * (cp_remat_mark, on the changed functions of each packed coroutine), every
 * GEP whose base is a function argument (the frame parameter of the
 * pieces) and whose indices are all constants gets a copy in each other
 * block that uses it, right before the first use there; the uses in that
 * block take the copy.  Uses by PHI nodes and by exception-handling pads
 * keep the original (no instruction may go before a pad).  A GEP left
 * without uses is deleted.
 *
 * Invariant: a copy computes the same value as the original from the same
 * argument (a constant offset, same flags), and sits in a block the
 * original dominates, so the argument is available there; the function's
 * meaning cannot change and its CFG does not.  Codegen is what changes.
 *
 * Cost: one attribute lookup for unmarked functions; for marked ones one
 * walk over the instructions, then per (GEP, using block) one walk over
 * that block.
 */
#include "coro.h"

#define CP_REMAT_ATTR "coropack-remat"

/* cp_remat_marked: does function fn carry the attribute? */
static int cp_remat_marked(LLVMValueRef fn) {
  return LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, CP_REMAT_ATTR,
                                       sizeof CP_REMAT_ATTR - 1) != NULL;
}

/* cp_remat_mark: put the attribute on function fn (once). */
void cp_remat_mark(LLVMValueRef fn) {
  if (!fn || LLVMIsDeclaration(fn) || cp_remat_marked(fn)) return;
  LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(fn));
  LLVMAttributeRef a =
      LLVMCreateStringAttribute(ctx, CP_REMAT_ATTR, sizeof CP_REMAT_ATTR - 1, "", 0);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, a);
}

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

/* cp_uses: does instruction I have value v as an operand? */
static int cp_uses(LLVMValueRef I, LLVMValueRef v) {
  int n = LLVMGetNumOperands(I);
  for (int k = 0; k < n; k++)
    if (LLVMGetOperand(I, k) == v) return 1;
  return 0;
}

/* cp_remat_block: give block b its own copy of GEP g (defined in another
   block), placed before b's first non-pad user of g; every non-pad user in
   b takes it.  builder is positioned here.  Returns 1 if a copy was made. */
static int cp_remat_block(LLVMBuilderRef builder, LLVMValueRef g, LLVMBasicBlockRef b) {
  LLVMValueRef copy = NULL;
  for (LLVMValueRef I = LLVMGetFirstInstruction(b); I; I = LLVMGetNextInstruction(I)) {
    if (cp_is_pad(I) || !cp_uses(I, g)) continue;
    if (!copy) {
      copy = LLVMInstructionClone(g);
      LLVMPositionBuilderBefore(builder, I);
      LLVMInsertIntoBuilder(builder, copy);
    }
    int n = LLVMGetNumOperands(I);
    for (int k = 0; k < n; k++)
      if (LLVMGetOperand(I, k) == g) LLVMSetOperand(I, k, copy);
  }
  return copy != NULL;
}

/* cp_remat_gep: copies of GEP g (the id-th candidate) into each other
   block using it; deletes g if nothing uses it any more.  seen maps a block
   to the last candidate id + 1 that listed it; blocks is scratch.  Returns
   the number of copies. */
static int cp_remat_gep(LLVMBuilderRef builder, cp_arena *a, cp_pmap *seen, cp_vec *blocks,
                        LLVMValueRef g, long id) {
  LLVMBasicBlockRef home = LLVMGetInstructionParent(g);
  blocks->n = 0;
  /* the blocks first: making copies changes g's use list */
  for (LLVMUseRef u = LLVMGetFirstUse(g); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (!LLVMIsAInstruction(user) || cp_is_pad(user)) continue;
    LLVMBasicBlockRef b = LLVMGetInstructionParent(user);
    if (b == home || cp_pmap_get(seen, b, 0) == id + 1) continue;
    cp_pmap_put(seen, b, id + 1);
    cp_vec_push(a, blocks, b);
  }
  int made = 0;
  for (size_t i = 0; i < blocks->n; i++) made += cp_remat_block(builder, g, blocks->v[i]);
  if (made && !LLVMGetFirstUse(g)) LLVMInstructionEraseFromParent(g);
  return made;
}

int coropack_remat_addresses(LLVMValueRef fn) {
  if (!fn || !LLVMIsAFunction(fn) || LLVMIsDeclaration(fn) || !cp_remat_marked(fn))
    return 0;
  cp_arena a;
  cp_arena_init(&a);
  /* The candidates first: copies go in while the blocks are walked. */
  cp_vec geps = {0}, blocks = {0};
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef I = LLVMGetFirstInstruction(b); I; I = LLVMGetNextInstruction(I))
      if (cp_frame_address(I)) cp_vec_push(&a, &geps, I);
  int made = 0;
  if (geps.n) {
    cp_pmap seen;
    cp_pmap_init(&seen, &a, 64);
    LLVMBuilderRef builder = LLVMCreateBuilderInContext(LLVMGetTypeContext(LLVMTypeOf(fn)));
    for (size_t i = 0; i < geps.n; i++)
      made += cp_remat_gep(builder, &a, &seen, &blocks, geps.v[i], (long)i);
    LLVMDisposeBuilder(builder);
  }
  cp_arena_free(&a);
  return made;
}
