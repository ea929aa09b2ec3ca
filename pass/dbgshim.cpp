//===- dbgshim.cpp - debug-info accessors LLVM-C lacks --------------------===//
//
// Thin wrappers only: every decision is made by the C core (rewrite.c).
//
//===----------------------------------------------------------------------===//

#include "dbgshim.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Support/CBindingWrapping.h"

#include <cstdlib>
#include <cstring>

using namespace llvm;

static DbgVariableRecord *asVar(LLVMDbgRecordRef R) {
  return dyn_cast_or_null<DbgVariableRecord>(unwrap(R));
}

size_t cpshim_dbg_expr(LLVMDbgRecordRef R, uint64_t *Ops, size_t Cap) {
  DbgVariableRecord *V = asVar(R);
  if (!V || !V->getExpression())
    return 0;
  ArrayRef<uint64_t> E = V->getExpression()->getElements();
  for (size_t I = 0; I < E.size() && I < Cap; ++I)
    Ops[I] = E[I];
  return E.size();
}

void cpshim_dbg_set_expr(LLVMDbgRecordRef R, const uint64_t *Ops, size_t N) {
  DbgVariableRecord *V = asVar(R);
  if (!V)
    return;
  V->setExpression(
      DIExpression::get(V->getContext(), ArrayRef<uint64_t>(Ops, N)));
}

int cpshim_dbg_expr_valid(LLVMDbgRecordRef R) {
  DbgVariableRecord *V = asVar(R);
  return !V || !V->getExpression() || V->getExpression()->isValid();
}

unsigned cpshim_dbg_num_locations(LLVMDbgRecordRef R) {
  DbgVariableRecord *V = asVar(R);
  return V ? V->getNumVariableLocationOps() : 0;
}

const char *cpshim_dbg_var_name(LLVMDbgRecordRef R) {
  DbgVariableRecord *V = asVar(R);
  if (!V || !V->getVariable())
    return "";
  StringRef N = V->getVariable()->getName();
  // MDString contents live in a StringMap entry, which is NUL-terminated.
  return N.empty() ? "" : N.data();
}

LLVMMetadataRef cpshim_dbg_var_type(LLVMDbgRecordRef R) {
  DbgVariableRecord *V = asVar(R);
  if (!V || !V->getVariable())
    return nullptr;
  return wrap(V->getVariable()->getType());
}

static DICompositeType *asComposite(LLVMMetadataRef T) {
  return dyn_cast_or_null<DICompositeType>(unwrap(T));
}

int cpshim_di_members_ok(LLVMMetadataRef T, int (*Check)(void *, uint64_t, uint64_t),
                         void *Ctx) {
  DICompositeType *C = asComposite(T);
  if (!C)
    return 0;
  for (DINode *N : C->getElements())
    if (auto *M = dyn_cast_or_null<DIDerivedType>(N))
      if (!Check(Ctx, M->getOffsetInBits(), M->getSizeInBits()))
        return 0;
  return 1;
}

unsigned cpshim_di_remap_members(LLVMMetadataRef T, cpshim_offset_map Map,
                                 void *Ctx) {
  DICompositeType *C = asComposite(T);
  if (!C)
    return 0;
  SmallVector<Metadata *, 32> Elts;
  unsigned Changed = 0;
  for (DINode *N : C->getElements()) {
    auto *M = dyn_cast_or_null<DIDerivedType>(N);
    if (!M || M->getTag() != dwarf::DW_TAG_member) {
      Elts.push_back(N);
      continue;
    }
    uint64_t Old = M->getOffsetInBits();
    uint64_t New = Map(Ctx, Old, M->getSizeInBits());
    if (New == Old) {
      Elts.push_back(M);
      continue;
    }
    Elts.push_back(DIDerivedType::get(
        M->getContext(), M->getTag(), M->getRawName(), M->getFile(),
        M->getLine(), M->getScope(), M->getBaseType(), M->getSizeInBits(),
        M->getAlignInBits(), New, M->getDWARFAddressSpace(),
        M->getPtrAuthData(), M->getFlags(), M->getExtraData(),
        M->getAnnotations()));
    ++Changed;
  }
  if (Changed)
    C->replaceElements(DINodeArray(MDTuple::get(C->getContext(), Elts)));
  return Changed;
}

void cpshim_di_set_size(LLVMMetadataRef T, uint64_t Bits) {
  DICompositeType *C = asComposite(T);
  if (!C)
    return;
  // The size is operand 3 of every DIType.
  C->replaceOperandWith(3, ConstantAsMetadata::get(ConstantInt::get(
                               Type::getInt64Ty(C->getContext()), Bits)));
}

void cpshim_erase_salvaging(LLVMValueRef I) {
  Instruction *In = unwrap<Instruction>(I);
  salvageDebugInfo(*In);
  In->eraseFromParent();
}

char *cpshim_demangle(const char *Name) {
  std::string D = llvm::demangle(Name ? Name : "");
  char *Out = static_cast<char *>(malloc(D.size() + 1));
  if (Out)
    memcpy(Out, D.c_str(), D.size() + 1);
  return Out;
}

int cpshim_dbg_inlined(LLVMDbgRecordRef R) {
  DbgRecord *D = unwrap(R);
  return D && D->getDebugLoc() && D->getDebugLoc()->getInlinedAt() ? 1 : 0;
}

int cpshim_named_md_has(LLVMModuleRef M, const char *Name, LLVMMetadataRef Node) {
  NamedMDNode *N = unwrap(M)->getNamedMetadata(Name);
  if (!N)
    return 0;
  const MDNode *X = dyn_cast_or_null<MDNode>(unwrap(Node));
  for (const MDNode *Op : N->operands())
    if (Op == X)
      return 1;
  return 0;
}
