/*
 * dbgshim.h - the few debug-info accessors LLVM-C lacks (implemented in
 * C++ in dbgshim.cpp, no logic there): reading and replacing the
 * DIExpression of a debug record, the name and type of its variable,
 * re-offsetting the members of a composite debug type, deleting an
 * unused instruction without losing the debug records that name it,
 * demangling a symbol name, and looking a node up in named metadata.
 */
#ifndef CP_DBGSHIM_H
#define CP_DBGSHIM_H

#include <llvm-c/Core.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Number of elements of record r's DIExpression (0 for labels); copies up
   to cap of them into ops. */
size_t cpshim_dbg_expr(LLVMDbgRecordRef r, uint64_t *ops, size_t cap);
/* Replaces record r's expression by ops[0..n). */
void cpshim_dbg_set_expr(LLVMDbgRecordRef r, const uint64_t *ops, size_t n);
/* Is R's DIExpression valid (DIExpression::isValid)?  1 when R is not a
   variable record. */
int cpshim_dbg_expr_valid(LLVMDbgRecordRef R);
/* Number of location operands of record r (a DIArgList has several). */
unsigned cpshim_dbg_num_locations(LLVMDbgRecordRef r);
/* Name of record r's variable ("" when none); owned by the context. */
const char *cpshim_dbg_var_name(LLVMDbgRecordRef r);
/* 1 if record r belongs to an inlined function (its location has an
   inlinedAt), 0 if to the function it is in. */
int cpshim_dbg_inlined(LLVMDbgRecordRef r);
/* Type of record r's variable, or NULL. */
LLVMMetadataRef cpshim_dbg_var_type(LLVMDbgRecordRef r);
/* For a composite type t: replaces each member whose offset (in bits) map
   changes by a copy with the new offset.  map returns the new offset, or
   the old one to keep it.  Returns the number of members changed. */
typedef uint64_t (*cpshim_offset_map)(void *ctx, uint64_t old_bits, uint64_t size_bits);
unsigned cpshim_di_remap_members(LLVMMetadataRef t, cpshim_offset_map map, void *ctx);
/* Sets the size (in bits) of composite type t. */
void cpshim_di_set_size(LLVMMetadataRef t, uint64_t bits);
/* Members of composite type t that map would move by a distance that is
   not understood (the member straddles slots): returns 1 if map accepts
   every member, calling check(ctx, offset, size) for each. */
int cpshim_di_members_ok(LLVMMetadataRef t, int (*check)(void *, uint64_t, uint64_t),
                         void *ctx);
/* Deletes instruction i, which nothing uses, after rewriting the debug
   records that name it in terms of its operands where LLVM can
   (salvageDebugInfo). */
void cpshim_erase_salvaging(LLVMValueRef i);
/* The demangled form of symbol name (llvm::demangle; name itself when it
   is not a mangled name), malloc'd: the caller frees it. */
char *cpshim_demangle(const char *name);
/* Is node one of the operands of module m's named metadata `name`?  A
   pointer comparison per operand (LLVM-C can only list them as values). */
int cpshim_named_md_has(LLVMModuleRef m, const char *name, LLVMMetadataRef node);

#ifdef __cplusplus
}
#endif
#endif
