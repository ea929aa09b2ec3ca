/*
 * tbaa.c - drop type-based alias info from frame accesses after inlining
 *          (option -coro-pack-strip-tbaa, on by default; =false keeps
 *          the tags).
 *
 * Two frame slots that share bytes may have been accessed through types
 * that TBAA calls unrelated (int and float).  rewrite.c drops !tbaa from
 * every access to such a slot that exists when the coroutine is packed.
 * Code inlined into the pieces afterwards (clang's await_suspend wrappers
 * always are; the pieces of elided child coroutines often are) brings its
 * own tags, and a pass that reorders two accesses on the strength of TBAA
 * then reorders accesses to the same bytes.  LLVM's own frame builder has
 * the same exposure for the allocas it merges into one field (measured,
 * docs/design.md, "Known limits").  The fix follows what codegen's
 * StackColoring does for merged stack slots: forget the alias info of
 * every access that may address the merged memory.
 *
 * Two halves:
 *   CP_ATTR_STRIP_TBAA at packing time (coropack.c), when the option is on:
 *                     a string attribute on every function of a packed
 *                     coroutine (its pieces and any function the packing
 *                     changed); a coroutine left alone is not touched.
 *   coropack_strip_tbaa  later, from the shim's passes at the Peephole
 *                     extension point (each piece's own simplification
 *                     pipeline, right after the inliner of its CGSCC visit,
 *                     before GVN, LICM, DSE, MemCpyOpt) and at OptimizerLast
 *                     (before codegen): in a marked function, every load,
 *                     store, memory intrinsic, atomic whose address may be
 *                     based on the frame loses !tbaa and !tbaa.struct.
 *
 * "May be based on the frame": walking the address back through GEPs,
 * casts, phis and selects reaches an argument (the frame parameter of the
 * clones), an alloca (child frames inside a caller) or a call result (the
 * frame allocation in the ramp), or something this walk does not follow
 * (inttoptr, ...) or too much to follow.  Addresses that come only from
 * loads or globals keep their tags: heap data reached through pointers is
 * where TBAA pays.  A frame address stored to memory and loaded back is
 * not covered (StackColoring does not cover it either).
 *
 * Invariant: metadata is only removed, never added, so the result is
 * correct whatever the walk decides; a wrong "not based on the frame" is
 * the only way to miss a case.
 *
 * Cost: one attribute lookup per call for unmarked functions; for marked
 * ones one walk over the instructions, each address followed at most
 * CP_TBAA_BUDGET values back.
 */
#include "coro.h"

#define CP_TBAA_BUDGET 32

/* cp_frame_based: may pointer p be based on a frame?  seen/nseen is the
   walk's visited list (capacity CP_TBAA_BUDGET); running out of it counts
   as "yes". */
static int cp_frame_based(LLVMValueRef p, LLVMValueRef *seen, unsigned *nseen) {
  for (unsigned i = 0; i < *nseen; i++)
    if (seen[i] == p) return 0; /* already being followed */
  if (*nseen == CP_TBAA_BUDGET) return 1;
  seen[(*nseen)++] = p;
  if (LLVMIsAArgument(p) || LLVMIsAAllocaInst(p) || LLVMIsACallInst(p) ||
      LLVMIsAInvokeInst(p))
    return 1;
  if (LLVMIsAGlobalValue(p) || LLVMIsALoadInst(p) || LLVMIsAConstantPointerNull(p) ||
      LLVMIsAUndefValue(p) || LLVMIsAPoisonValue(p))
    return 0;
  if (LLVMIsAGetElementPtrInst(p) || LLVMIsABitCastInst(p) || LLVMIsAAddrSpaceCastInst(p))
    return cp_frame_based(LLVMGetOperand(p, 0), seen, nseen);
  if (LLVMIsASelectInst(p))
    return cp_frame_based(LLVMGetOperand(p, 1), seen, nseen) ||
           cp_frame_based(LLVMGetOperand(p, 2), seen, nseen);
  if (LLVMIsAPHINode(p)) {
    unsigned n = LLVMCountIncoming(p);
    for (unsigned i = 0; i < n; i++)
      if (cp_frame_based(LLVMGetIncomingValue(p, i), seen, nseen)) return 1;
    return 0;
  }
  if (LLVMIsAConstantExpr(p)) {
    LLVMOpcode op = LLVMGetConstOpcode(p);
    if (op == LLVMGetElementPtr || op == LLVMBitCast || op == LLVMAddrSpaceCast)
      return cp_frame_based(LLVMGetOperand(p, 0), seen, nseen);
    return 1;
  }
  return 1; /* inttoptr, extractvalue, freeze, ...: not followed */
}

/* cp_addresses_frame: may memory instruction I (a load, store, call,
   atomic) address a frame?  Stores: the address operand only; calls: the
   pointer arguments. */
static int cp_addresses_frame(LLVMValueRef I) {
  LLVMValueRef seen[CP_TBAA_BUDGET];
  unsigned nseen = 0;
  if (LLVMIsALoadInst(I)) return cp_frame_based(LLVMGetOperand(I, 0), seen, &nseen);
  if (LLVMIsAStoreInst(I)) return cp_frame_based(LLVMGetOperand(I, 1), seen, &nseen);
  unsigned n = (unsigned)LLVMGetNumOperands(I);
  if (LLVMIsACallInst(I) || LLVMIsAInvokeInst(I)) n = LLVMGetNumArgOperands(I);
  for (unsigned k = 0; k < n; k++) {
    LLVMValueRef o = LLVMGetOperand(I, k);
    if (LLVMGetTypeKind(LLVMTypeOf(o)) != LLVMPointerTypeKind) continue;
    nseen = 0;
    if (cp_frame_based(o, seen, &nseen)) return 1;
  }
  return 0;
}

int coropack_strip_tbaa(LLVMValueRef fn) {
  if (!fn || !LLVMIsAFunction(fn) || LLVMIsDeclaration(fn) || !cp_fn_has_attr(fn, CP_ATTR_STRIP_TBAA))
    return 0;
  LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(fn));
  unsigned k_tbaa = LLVMGetMDKindIDInContext(ctx, "tbaa", 4);
  unsigned k_struct = LLVMGetMDKindIDInContext(ctx, "tbaa.struct", 11);
  int changed = 0;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef I = LLVMGetFirstInstruction(b); I; I = LLVMGetNextInstruction(I)) {
      if (!LLVMHasMetadata(I)) continue;
      LLVMValueRef t = LLVMGetMetadata(I, k_tbaa), s = LLVMGetMetadata(I, k_struct);
      if (!t && !s) continue;
      if (!cp_addresses_frame(I)) continue;
      if (t) LLVMSetMetadata(I, k_tbaa, NULL);
      if (s) LLVMSetMetadata(I, k_struct, NULL);
      changed++;
    }
  return changed;
}
