/*
 * coropack.h - public C API of coropack, the coroutine frame packer.
 *
 * coropack re-lays-out the frames of C++ (switch-ABI) coroutines that LLVM's
 * coro-split has already split, so that frame slots whose lifetimes never
 * meet share bytes.  Everything here works on an LLVMModuleRef from the
 * LLVM-C API; no C++ is needed to use it.
 *
 * Ownership: every coropack_report returned to the caller is owned by the
 * caller and must be disposed with coropack_report_destroy().  Strings
 * returned by coropack_report_*_text/json are owned by the caller and must
 * be disposed with coropack_string_destroy().  Strings returned by the
 * accessor functions (coropack_report_name etc.) are owned by the report and
 * live as long as it does.
 *
 * Thread safety: the functions keep no global mutable state.  Two threads
 * may pack two different modules (in two different LLVMContexts) at once.
 */
#ifndef COROPACK_H
#define COROPACK_H

#include <llvm-c/Types.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An opaque report: one entry per coroutine that was examined. */
typedef struct coropack_report coropack_report;

/* What a remark says: a coroutine was packed (PASSED), or left alone
   (MISSED), or a fact worth knowing (ANALYSIS); FRAME_SIZE, an analysis
   remark every examined coroutine whose frame size is known gets, in a
   fixed form:
     frame size of NAME: F bytes (LLVM: O bytes, lower bound: L bytes)
   (F the frame size after coropack, O before it; "lower bound: ?" when
   the analysis stopped before computing it). */
typedef enum coropack_remark_kind {
  COROPACK_REMARK_PASSED = 0,
  COROPACK_REMARK_MISSED = 1,
  COROPACK_REMARK_ANALYSIS = 2,
  COROPACK_REMARK_FRAME_SIZE = 3
} coropack_remark_kind;

/* Receives a remark about function fn (the ramp of the coroutine, or the
   function standing for it).  msg is only valid during the call. */
typedef void (*coropack_remark_fn)(void *ctx, coropack_remark_kind kind,
                                   LLVMValueRef fn, const char *msg);

/* Receives the frame budget warning about the coroutine of function fn
   (as for remarks): its frame after coropack is size bytes, more than
   limit.  details, only valid during the call, says the rest:
     coroutine frame of 'DEMANGLED' is F bytes after coropack (LLVM: O
     bytes); largest slots: A (S bytes, TYPE), B (...), C (...)
   A slot is named by the coroutine's own debug variables where the module
   has debug info ('x, y'), else "the promise" or #FIELD (its field in
   LLVM's frame type). */
typedef void (*coropack_frame_warning_fn)(void *ctx, LLVMValueRef fn, uint64_t size,
                                          uint64_t limit, const char *details);

typedef struct coropack_options {
  /* Analyse and report, but change nothing in the module. */
  int dry_run;
  /* Leave the lifetime-end markers of coropack_mark_function in place
     (a CGSCC pass may not remove call edges of other functions); the
     clean-up coropack_unmark_module then deletes them later. */
  int keep_markers;
  /* Put the attribute "coropack-strip-tbaa" on every function of each
     packed coroutine and every function its packing changed (not with
     dry_run), so that
     coropack_strip_tbaa later drops the type-based alias info of its frame
     accesses, including those of code inlined after packing (on in
     coropack_options_init). */
  int strip_tbaa;
  /* Put the attribute "coropack-remat" on every function a packing
     changed, so that coropack_remat_addresses later recomputes its frame
     addresses where they are used (on in coropack_options_init). */
  int remat_addresses;
  /* Also run LLVM's full verifier on every function a packing changed.
     Off by default: a targeted check of exactly what the rewrite made or
     changed (pass/check.c) always runs, and a failure of either is a bug
     in coropack, reported as an error (-2).  The full verifier costs
     several percent of an -O2 compile, most with -g (docs/benchmarks.md
     section 2); the test suite and the fuzzers turn it on. */
  int verify;
  /* For the tests of the checks only: 1 makes the rewrite put one frame
     address one byte off, 2 one size copy one byte larger (the targeted
     rewrite check must stop the compilation); 3 puts two interfering slots
     on the same bytes, 4 the same with the layout check going along the
     matrix rows (the layout check must leave the coroutine alone); 0 (the
     default) nothing.  1 and 2 are deliberate miscompiles. */
  int inject_fault;
  /* Optional receiver of remarks; NULL drops them. */
  coropack_remark_fn remark;
  void *remark_ctx;
  /* Triage of a miscompile (the plugin's -coro-pack-only, -coro-pack-skip,
     -coro-pack-bisect-limit; docs/design.md, "Triage switches").  A
     coroutine these leave alone is treated like one a stage gave up on:
     it is examined and listed (in the report, not packed, with the
     reason; a missed remark), its markers are deleted, nothing else of it
     changes.

     only_regex, skip_regex: POSIX extended regular expressions
     (regcomp(REG_EXTENDED)), searched for anywhere in the ramp's
     (mangled) name, like grep -E: anchor them (^_Z1gv$) to name one
     coroutine.  NULL or "" is no filter.  A coroutine only_regex does not
     match ("-coro-pack-only did not match") or skip_regex matches
     ("-coro-pack-skip matched") is left alone.  Owned by the caller, read
     only during a call.  If one does not compile, coropack_pack_* print
     why to stderr and return -3, changing nothing (coropack_options_check
     tells beforehand).  Also apply in dry runs. */
  const char *only_regex;
  const char *skip_regex;
  /* Bisection, like LLVM's -opt-bisect-limit.  NULL: off (bisect_limit
     is ignored).  Otherwise each coroutine examined, outside dry runs,
     takes the number N = ++*bisect_count, including those only_regex or
     skip_regex exclude, so that numbers depend only on which coroutines
     are examined in which order (N is the N-th report entry of a
     compilation); a line goes to stderr:
       BISECT: running coro-pack (N) on coroutine NAME
       BISECT: NOT running coro-pack (N) on coroutine NAME
     (with " (-coro-pack-skip matched)" or " (-coro-pack-only did not
     match)" appended when those exclude it); and it is packed only when
     bisect_limit < 0 or N <= bisect_limit (otherwise left alone:
     "-coro-pack-bisect-limit=L reached").  The counter is owned by the
     caller: start it at 0 and pass the same one to every call of one
     compilation; one thread at a time.  bisect_limit is -1 (no limit) in
     coropack_options_init. */
  long *bisect_count;
  long bisect_limit;
  /* Frame budget, like -Wframe-larger-than= for stack frames: every
     examined coroutine whose frame after coropack (packed or not) is
     larger than warn_frame_larger_than bytes is passed to frame_warning
     (NULL: dropped).  Negative: no budget (coropack_options_init).  Also
     in dry runs. */
  long long warn_frame_larger_than;
  /* On in coropack_options_init: a slot live in no suspend state leaves
     the frame; each function that addresses it gets it in one alloca (the
     function's stack area, where demoted slots that never meet share
     bytes) instead (docs/design.md, "Slots that never cross a suspend").
     Not done in coroutines with debug info on their frame, nor for slots
     addressed from functions that are not pieces. */
  int demote;
  coropack_frame_warning_fn frame_warning;
  void *frame_warning_ctx;
  /* On in coropack_options_init: find the debug variables each slot holds
     (the "vars" of the JSON report, the names in the frame warning).  It
     reads every debug record of the pieces; the plugin turns it off
     unless a JSON report or a frame budget was asked for.  Changes
     nothing but the report. */
  int slot_names;
  /* On in coropack_options_init: the report lists each coroutine's states
     and slots (what coropack_report_text and _json print beyond the one
     summary line per coroutine).  Off, it keeps the summaries only: the
     plugin turns it off unless a report is written (it costs slots x
     states per coroutine). */
  int report_slots;
  /* On in coropack_options_init: coropack_pack_module first runs LLVM's
     verifier on the whole module and refuses an invalid one (returns -1,
     changes nothing).  The plugin's coro-pack pass turns it off unless
     -coro-pack-verify is on: LLVM hands a pass valid IR (opt verifies its
     input), and the whole-module verifier cost as much as a sixth of
     coro-split's own time on a large coroutine (docs/benchmarks.md,
     section 13). */
  int verify_input;
} coropack_options;

/* Fills opts with the defaults (pack, no remarks, no triage). */
void coropack_options_init(coropack_options *opts);

/* Returns 0 if opts can be used, -1 if not (a triage regular expression
   does not compile); then, if msg is not NULL, *msg receives a message
   (dispose with coropack_string_destroy). */
int coropack_options_check(const coropack_options *opts, char **msg);

/* Packs every split, not yet examined coroutine of module m.  opts may be
   NULL (defaults).  If out is not NULL, *out receives a new report (dispose
   with coropack_report_destroy).  Returns the number of coroutines whose
   layout changed, or -1 if m is not a valid module, or -3 if opts are not
   valid (coropack_options_check; in both cases nothing changes), or -2 if
   a changed function does not verify (a bug in coropack). */
int coropack_pack_module(LLVMModuleRef m, const coropack_options *opts,
                         coropack_report **out);

/* Packs the one coroutine that function fn belongs to (its ramp or one of
   its .resume/.destroy/.cleanup/.noalloc pieces), if it is split and not
   yet examined.  Same opts/out/return conventions as coropack_pack_module
   (-3 only when there is a coroutine to examine); returns 0 when fn is not
   part of a coroutine. */
int coropack_pack_coroutine(LLVMModuleRef m, LLVMValueRef fn,
                            const coropack_options *opts,
                            coropack_report **out);

/* Carrying lifetime ends across coro-split (run just before it): puts a
   marker call beside each llvm.lifetime.end of an alloca in pre-split
   coroutine fn (and for the frames of elided callees whose handle is
   stored in that alloca), so that packing after the split knows where
   escaping slots die.  Returns the number of markers added (0 when fn is
   not a pre-split coroutine). */
int coropack_mark_function(LLVMValueRef fn);

/* Deletes the markers in function fn unless fn is still a pre-split
   coroutine (its markers wait for coro-split).  Returns the number of
   calls deleted.  Deleting them changes no call-graph edge (the marker is
   a declaration), so a CGSCC pass may call this on its functions. */
int coropack_unmark_function(LLVMValueRef fn);

/* If function fn carries the attribute of coropack_options.strip_tbaa:
   removes !tbaa and !tbaa.struct from its loads, stores, memory intrinsics
   and atomics whose address may be based on a coroutine frame (walked back
   to an argument, an alloca or a call result rather than only to loads and
   globals).  Two slots that share bytes can then never be assumed not to
   alias because of their types, whatever was inlined after packing.
   Returns the number of instructions changed (0 for unmarked functions).
   Only removes metadata, so it is safe to call on any function, any
   number of times. */
int coropack_strip_tbaa(LLVMValueRef fn);

/* If function fn carries the attribute of coropack_options.remat_addresses:
   gives each user of a constant-offset GEP of an argument (a frame
   address) its own copy of that GEP, right before it, so that the
   addresses of two slots sharing bytes, made one value by GVN, are not
   kept in a register across calls.  Run it after the module optimizer,
   before codegen.  Uses by PHI nodes and exception-handling pads keep the
   original.  Returns the number of copies made (0 for unmarked functions).
   Changes no CFG and no value computed, so it is safe on any function. */
int coropack_remat_addresses(LLVMValueRef fn);

/* Deletes every marker left in module m (and the marker function).
   Returns the number of calls deleted.  Packing deletes the markers of the
   coroutines it examines; this is the clean-up for the others. */
int coropack_unmark_module(LLVMModuleRef m);

/* Disposes of a report.  Accepts NULL. */
void coropack_report_destroy(coropack_report *r);

/* Number of coroutines in the report. */
size_t coropack_report_count(const coropack_report *r);
/* Name of coroutine i (the ramp's name). */
const char *coropack_report_name(const coropack_report *r, size_t i);
/* 1 if coroutine i was re-laid-out, 0 if it was left exactly as it was. */
int coropack_report_packed(const coropack_report *r, size_t i);
/* Why coroutine i was left alone ("" when it was packed). */
const char *coropack_report_reason(const coropack_report *r, size_t i);
/* Frame size in bytes before, after (equal to before when left alone), and
   the lower bound of the analysis (0 when the analysis did not finish). */
uint64_t coropack_report_old_size(const coropack_report *r, size_t i);
uint64_t coropack_report_new_size(const coropack_report *r, size_t i);
uint64_t coropack_report_lower_bound(const coropack_report *r, size_t i);

/* Functions whose IR the packing changed (for analysis invalidation). */
size_t coropack_report_changed_count(const coropack_report *r);
LLVMValueRef coropack_report_changed(const coropack_report *r, size_t i);

/* Appends the entries of src to dst (src is left empty).  Both non-NULL. */
void coropack_report_merge(coropack_report *dst, coropack_report *src);

/* The report as human-readable text / as JSON.  Dispose with
   coropack_string_destroy. */
char *coropack_report_text(const coropack_report *r);
char *coropack_report_json(const coropack_report *r);
void coropack_string_destroy(char *s);

#ifdef __cplusplus
}
#endif
#endif /* COROPACK_H */
