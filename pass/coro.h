/*
 * coro.h - the model of one coroutine that the stages of coropack share.
 *
 * The pipeline is a straight line, one file per stage:
 *
 *   discover.c   find the frame type, the pieces (ramp, .resume, .destroy,
 *                .cleanup, .noalloc, other functions addressing the frame),
 *                the frame roots in each piece, and the slots (fields).
 *   access.c     walk every use of every frame address and turn it into
 *                per-block events (read, write, kill, escape, index store,
 *                done store, call) or give up with a reason.
 *   liveness.c   one dataflow over the whole state machine: forward (which
 *                suspend states and escapes are possible where), backward
 *                (which slots are live where), iterated to a fixpoint.
 *   demote.c     (optional) slots live in no suspend state leave the frame
 *                for an alloca in each function that addresses them.
 *   interfere.c  interference matrix and lower bound from the live sets.
 *   assign.c     new offsets for the non-pinned slots.
 *   rewrite.c    frame GEPs, size constants, attributes, metadata.
 *   check.c      what the rewrite made or changed, checked.
 *   report.c     the report (text, JSON) and remarks.
 *
 * Every structure below lives in the arena of its cp_coro and dies with it.
 * A stage that does not understand something sets cp_coro.reason (via
 * cp_fail) and every later stage is skipped: the coroutine stays as it was.
 */
#ifndef CP_CORO_H
#define CP_CORO_H

#include "coropack.h"
#include "cp_util.h"

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>

typedef enum cp_role {
  CP_RAMP = 0,
  CP_RESUME,
  CP_DESTROY,
  CP_CLEANUP,
  CP_NOALLOC,
  CP_OTHER /* a function that addresses the frame but is no piece (inlined) */
} cp_role;

typedef enum cp_kind {
  CP_K_RESUMEFN = 0, /* pinned @0 */
  CP_K_DESTROYFN,    /* pinned @8 */
  CP_K_PROMISE,      /* pinned */
  CP_K_INDEX,        /* the suspend index */
  CP_K_DATA          /* a spill or an alloca */
} cp_kind;

/* One field of %f.Frame: one slot of the frame. */
typedef struct cp_slot {
  unsigned field;
  LLVMTypeRef type;
  uint64_t off, size;    /* old offset, alloc size */
  uint64_t abi_align;    /* ABI alignment of the type */
  uint64_t req_align;    /* rule 7: alignment the new offset must keep */
  uint64_t new_off;
  cp_kind kind;
  int pinned;
  int escapes;           /* its address escapes somewhere */
  int ends;              /* a carried lifetime end was seen */
  int accessed;          /* some instruction touches it */
  int shares;            /* after assignment: shares bytes with another slot */
  uint64_t access_align; /* largest alignment an access relies on */
  int align_unknown;     /* some use may rely on the old offset's alignment */
  cp_word *live_states;  /* bit per state: live when suspended there */
  int demoted;           /* demote.c: lives in an alloca of each function
                            addressing it, not in the frame (size is 0) */
  uint64_t stack_size;   /* demoted: its size before */
  uint64_t stack_off;    /* demoted: its offset in the functions' stack area */
  const char *vars;      /* debug variables describing it, ", "-joined
                            (arena; NULL: none known), cp_slot_names */
} cp_slot;

/* Event kinds, in program order inside a block. */
enum {
  CP_EV_ACCESS = 1, /* slot read and/or written */
  CP_EV_ESCAPE,     /* slot address escapes */
  CP_EV_IDX,        /* constant stored to the index field: val */
  CP_EV_DONE,       /* resume pointer stored: val 1 = null (done), 0 = not */
  CP_EV_CALL,       /* a call: may re-enter the coroutine / may unwind out */
  CP_EV_END         /* the slot's lifetime ends (carried lifetime.end) */
};
/* Event flags. */
enum {
  CP_F_READ = 1,
  CP_F_WRITE = 2,
  CP_F_KILL = 4,     /* the write covers the whole slot */
  CP_F_UNWINDS = 8,  /* CALL: may unwind out of the function */
  CP_F_REENTERS = 16 /* CALL: may run coroutine code (not an intrinsic) */
};

typedef struct cp_event {
  unsigned kind, flags;
  unsigned slot;
  unsigned order; /* position of the instruction in its block */
  long long val;
  LLVMValueRef inst;
} cp_event;

/* How an edge narrows the possible states. */
enum {
  CP_EDGE_ANY = 0,
  CP_EDGE_DEAD,      /* constant condition: never taken */
  CP_EDGE_IDX_IN,    /* index == one of vals */
  CP_EDGE_IDX_NOTIN, /* index not among vals (switch default) */
  CP_EDGE_DONE,      /* resume pointer is null */
  CP_EDGE_NOTDONE
};

/* cp_edge.to for an edge that leaves the function at once (threaded
   into a return with nothing in between): the exit is then seen with the
   state of this edge alone, not merged with the other suspends'. */
#define CP_TO_EXIT 0xffffffffu

typedef struct cp_edge {
  unsigned to;
  unsigned kind;
  unsigned nvals;
  long long *vals;
  const uint64_t *mask; /* liveness.c: descriptors that may take it, made on first use */
} cp_edge;

typedef struct cp_block {
  LLVMBasicBlockRef bb;
  cp_event *ev;
  size_t nev, capev;
  cp_edge *succ;
  unsigned nsucc;
  int is_exit; /* leaves the function: ret, resume, unwind to caller */
  int unordered; /* access.c: some event's order is not known yet */
  const struct cp_dispatch *dispatch; /* liveness.c: its edges by index value */
} cp_block;

/* One walk of a function's code, made by discover.c and read by the
   later stages until the rewrite changes the function: the blocks in
   order, and block b's instructions with their opcodes at
   insts[first[b] .. first[b + 1]).  (Each stage walking the code again
   through LLVM-C cost ~40 instructions per IR instruction and walk.) */
typedef struct cp_code {
  LLVMBasicBlockRef *bbs;
  unsigned *first;
  LLVMValueRef *insts;
  unsigned short *ops; /* LLVMOpcode */
  unsigned nbbs, ninsts;
  unsigned *calls;     /* the indices of the call, invoke and callbr instructions */
  unsigned ncalls;
  int funclets;        /* a catchswitch, catchpad or cleanuppad was seen */
} cp_code;

typedef struct cp_func {
  LLVMValueRef fn;
  cp_role role;
  const cp_code *code; /* discover.c's walk of fn */
  cp_block *blocks;
  unsigned nblocks;
  int changed;
} cp_func;

/* A suspend state: the (index value, done) pair the frame holds while
   suspended.  idx == CP_IDX_UNKNOWN when there is no index field. */
#define CP_IDX_UNKNOWN (-1LL)
typedef struct cp_state {
  long long idx;
  int done;
  int from_ramp;   /* entered when the ramp (or .noalloc) returns */
  int from_clone;  /* entered when a .resume returns */
} cp_state;

/* How cp_assign found the offsets (report field "assign"). */
typedef enum cp_assign_how {
  CP_AS_NONE = 0,      /* assignment did not run */
  CP_AS_HEURISTIC,     /* first fit only (exact search switched off) */
  CP_AS_EXACT_OPTIMAL, /* search completed: first fit was optimal */
  CP_AS_EXACT_IMPROVED,/* search completed and beat first fit */
  CP_AS_BUDGET,        /* search ran out of nodes: best found is kept */
  CP_AS_TOO_MANY       /* more movable slots than the search takes */
} cp_assign_how;

/* Which functions hold struct GEPs on which frame type: built once per
   module by the module pass (cp_frame_index_build), so that discovering
   each coroutine does not scan the whole module again.  fns maps a frame
   type to the head of a list of cp_fn_node. */
typedef struct cp_fn_node {
  LLVMValueRef fn;
  struct cp_fn_node *next;
} cp_fn_node;
typedef struct cp_frame_index {
  cp_arena arena;
  cp_pmap fns;
} cp_frame_index;
void cp_frame_index_build(cp_frame_index *x, LLVMModuleRef m); /* discover.c */
void cp_frame_index_free(cp_frame_index *x);                   /* discover.c */

/* check.c: what the rewrite touched, for the targeted check. */
typedef enum cp_touch_kind {
  CP_T_GEP = 1, /* v: new address of slot a; fn; base: the old GEP's base */
  CP_T_AREA,    /* v: the stack area alloca of fn */
  CP_T_SIZE,    /* v: instruction whose operand a was a size copy of type b */
  CP_T_ATTR,    /* v: function (b = 0) or call (b = 1), attribute index a */
  CP_T_ALLOCA,  /* v: replacement caller alloca in fn, old alignment a */
  CP_T_DEBUG    /* v: a debug record (LLVMDbgRecordRef) whose expression changed */
} cp_touch_kind;
typedef struct cp_touched {
  cp_touch_kind kind;
  LLVMValueRef v, fn, base;
  uint64_t a, b;
} cp_touched;

typedef struct cp_coro {
  cp_arena arena;
  LLVMModuleRef mod;
  const cp_frame_index *index; /* NULL: find the functions from the pieces' uses */
  LLVMContextRef ctx;
  LLVMTargetDataRef td;
  const char *name;      /* ramp name */
  LLVMTypeRef frame;     /* %f.Frame */
  uint64_t old_size;     /* alloc size of the frame (dereferenceable N) */
  uint64_t frame_align;
  cp_func *funcs;
  unsigned nfuncs, capfuncs;
  unsigned k_deref[2];   /* rewrite.c: the dereferenceable(_or_null) kinds, 0 until looked up */
  cp_slot *slots;
  unsigned nslots;
  int index_slot;        /* -1 when not found */
  uint64_t pinned_end;   /* end of header + promise */
  /* values that hold the frame base: roots, with the function they are in */
  cp_vec roots;          /* LLVMValueRef */
  cp_vec frame_geps;     /* every struct GEP on the frame type in code that can run */
  cp_vec dead_geps;      /* ... and in blocks that cannot (discover.c,
                            cp_live_blocks): never analysed, never moved */
  cp_vec base_calls;     /* calls given the frame base as argument ... */
  cp_vec base_args;      /* ... at this argument index (uintptr_t) */
  cp_vec noalloc_allocas;/* caller allocas [N x i8] holding this frame */
  cp_vec extra_changed;  /* changed functions that are not pieces */
  cp_vec dbg_slots;      /* allocas holding the frame base (for debug info) */
  /* states */
  cp_state *states;
  unsigned *state_ix;  /* cp_state_id's hash of (idx, done): state + 1, 0 empty */
  unsigned state_ixcap;
  unsigned nstates, capstates;
  /* results of liveness / interference */
  cp_word *interf;       /* nslots x nslots bit matrix, symmetric */
  cp_word *pinned_set;   /* assign.c: the pinned slots (sw words) */
  cp_word *scratch_set;  /* assign.c: sw words of scratch */
  cp_word *fitmap;       /* assign.c: cp_lowest_fit's bitmap of bytes */
  size_t fitmap_cap;     /* its words */
  size_t sw;             /* words per slot set */
  uint64_t max_live;     /* bytes of the largest simultaneously live set */
  uint64_t lower_bound, new_size;
  /* assign.c: how the offsets were found (CP_AS_*), the frame size of
     first fit alone and of the chosen assignment, exact search nodes */
  int assign_how;
  uint64_t heuristic_size, assign_size;
  long search_nodes;
  uint64_t stack_area, stack_align; /* demote.c: the demoted slots' alloca */
  int size_kept;         /* size constants not all understood: keep old size */
  int debug_dropped;     /* debug records of moved slots were dropped */
  const char *reason;    /* non-NULL: leave the coroutine alone (arena) */
  const coropack_options *opts;
  struct cp_live *live;  /* liveness.c's solution */
  cp_touched *touched;   /* check.c: what the rewrite made or changed */
  size_t ntouched, captouched;
  cp_vec heap;           /* malloc'd blocks freed with the coroutine (the
                            cp_code arrays: grown by realloc, where the
                            arena would keep every smaller copy) */
} cp_coro;

/* cp_frame_gep_count / cp_frame_gep_at: the frame GEPs of both lists,
   those in code that can run first (for what must not depend on which
   blocks can run: the roots, the fields addressed outside the pieces). */
static inline size_t cp_frame_gep_count(const cp_coro *c) {
  return c->frame_geps.n + c->dead_geps.n;
}
static inline LLVMValueRef cp_frame_gep_at(const cp_coro *c, size_t i) {
  return i < c->frame_geps.n ? (LLVMValueRef)c->frame_geps.v[i]
                             : (LLVMValueRef)c->dead_geps.v[i - c->frame_geps.n];
}

/* LLVM's numbers for the intrinsics and enum attributes the stages test.
   They are enums of the libLLVM loaded, not of a context, so they are
   looked up once per process (call_once, coropack.c) and only read after:
   nothing mutable is shared between threads.  Looked up per coroutine
   they cost ~12,000 instructions (LLVMLookupIntrinsicID searches the
   intrinsic name table). */
typedef struct cp_llvm_ids {
  unsigned id_memcpy, id_memmove, id_memset, id_memcpy_inline, id_memset_inline;
  unsigned id_coro_resume, id_coro_destroy, id_coro_size, id_lifetime_end;
  unsigned k_captures, k_nounwind, k_byval, k_noreturn, k_dereferenceable, k_align;
  unsigned k_presplitcoroutine;
} cp_llvm_ids;
const cp_llvm_ids *cp_ids(void);

/* Record why the coroutine is left alone (first reason wins). */
void cp_fail(cp_coro *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Stages.  Each returns 0 on success, -1 after cp_fail. */
/* Discover: fills funcs, slots, roots, frame_geps, index_slot for the
   coroutine whose ramp is named ramp_name.  Returns 1 when there is no
   split coroutine of that name (nothing to do). */
int cp_discover(cp_coro *c, const char *ramp_name);
int cp_collect_accesses(cp_coro *c);
int cp_liveness(cp_coro *c);
/* Demote (demote.c, with coropack_options.demote): slots live in no
   suspend state leave the frame (cp_slot.demoted). */
int cp_demote(cp_coro *c);
int cp_interference(cp_coro *c);
/* demote.c, after interference: offsets of the demoted slots in one stack
   area per function (cp_slot.stack_off, cp_coro.stack_area/stack_align);
   two slots share bytes there when they never interfere, as in the frame. */
void cp_stack_layout(cp_coro *c);
int cp_assign(cp_coro *c);
int cp_rewrite(cp_coro *c);
/* rewrite.c: attribute n (0 dereferenceable, 1 dereferenceable_or_null) of
   function x (is_call 0) or call x at index idx, or NULL; its kind in
   *kind.  Shared by the rewrite that lowers them and the check. */
LLVMAttributeRef cp_deref_attr(cp_coro *c, LLVMValueRef x, int is_call, unsigned idx,
                               unsigned n, unsigned *kind);
/* check.c: record one value the rewrite made or changed (cp_touch_kind
   says what v, fn, base, a and b are). */
void cp_touch(cp_coro *c, cp_touch_kind kind, LLVMValueRef v, LLVMValueRef fn,
              LLVMValueRef base, uint64_t a, uint64_t b);
/* check.c: check every value recorded by cp_touch; 0 when all are as the
   rewrite meant them, else -1 with a description in msg. */
int cp_check_rewrite(cp_coro *c, char *msg, size_t msgsz);
/* cp_slot_names: the names of the debug variables whose records describe
   each slot (at its old offset), for the report and the frame budget
   warning; call after cp_collect_accesses and before cp_rewrite.  Nothing
   without debug records; never fails. */
void cp_slot_names(cp_coro *c);

/* After cp_liveness: calls point(ctx, L, w) at every reachable program
   point of every run, where L is the set of live slots there (escaped
   slots included) and w is the slot written by the instruction just
   before that point, or -1. */
typedef void (*cp_point_fn)(void *ctx, const cp_word *L, int w);
void cp_live_points(cp_coro *c, cp_point_fn point, void *ctx);
/* After cp_liveness: slots live while suspended in state s (escaped
   included), a set of c->sw words. */
const cp_word *cp_state_live(const cp_coro *c, unsigned s);

/* Helpers shared by stages. */
static inline int cp_is_call(LLVMValueRef v) {
  return v && (LLVMIsACallInst(v) || LLVMIsAInvokeInst(v) || LLVMIsACallBrInst(v));
}
int cp_slot_at(const cp_coro *c, uint64_t off); /* slot containing byte off */
/* cp_gep_offset (access.c): constant byte offset of GEP I's indices from
   operand first_idx on, over source type t; returns 0 if some index is
   not a constant. */
int cp_gep_offset(cp_coro *c, LLVMValueRef I, unsigned first_idx, LLVMTypeRef t,
                  long long *out);
unsigned cp_state_id(cp_coro *c, long long idx, int done, int from_ramp);
const char *cp_state_name(const cp_coro *c, unsigned s, char *buf, size_t n);
int cp_is_piece_suffix(const char *name, size_t len, size_t *base_len);
/* mark.c: which marker call is this?  0: none; CP_MARK_END: a carried
   lifetime end (`coropack.lifetime.end(p)`: p dies here); CP_MARK_DESTROYS:
   `coropack.destroys.next(child)`: the next instruction destroys the
   coroutine whose elided frame is child (owners.c). */
enum { CP_MARK_END = 1, CP_MARK_DESTROYS = 2 };
/* mark.c: the declarations the marker calls call (NULL: none in m), so
   that a pass over many calls compares callees instead of names. */
void cp_marker_fns(LLVMModuleRef m, LLVMValueRef *end, LLVMValueRef *destroys);
int cp_is_marker_call(LLVMValueRef call);
/* The declaration of coropack.destroys.next in m, made on first use. */
LLVMValueRef cp_destroys_marker(LLVMModuleRef m);
/* owners.c */
int cp_exact_definition(LLVMValueRef fn); /* the body that runs? */
/* Is fn the .cleanup piece of a split coroutine (listed third in a
   [resume, destroy, cleanup] array): the destroy function of a frame whose
   allocation was elided? */
int cp_is_elided_cleanup(LLVMValueRef fn);
/* The last answers of cp_is_elided_cleanup in one walk that changes no
   function (the same few callees come again and again, and the test
   reads names, which are lookups).  Zero-initialized before use. */
#define CP_CLEANUP_MEMO 8
typedef struct cp_cleanup_memo {
  LLVMValueRef fn[CP_CLEANUP_MEMO];
  unsigned char is[CP_CLEANUP_MEMO];
  unsigned next;
} cp_cleanup_memo;
/* cp_is_elided_cleanup through memo m (NULL: no memo). */
int cp_is_elided_cleanup_m(cp_cleanup_memo *m, LLVMValueRef fn);
/* If call/invoke I destroys a coroutine (calls the destroy pointer
   llvm.coro.subfn.addr(h, 1) gives, or an elided cleanup piece, with h) and
   does not unwind into code that goes on (an invoke's unwind destination
   must only terminate), h; else NULL.  m: as for cp_is_elided_cleanup_m. */
LLVMValueRef cp_destroyed_handle(LLVMValueRef I, cp_cleanup_memo *m);
/* Before coro-split of fn: put coropack.destroys.next(child) right before
   each call that destroys a child frame (an alloca for which
   is_child(alloca, ctx) says yes) through a handle proven to be the
   child's address.  Returns the number of markers added. */
int cp_mark_destroyed_children(LLVMValueRef fn, int (*is_child)(LLVMValueRef, void *),
                               void *ctx);
int cp_unmark_function(LLVMValueRef fn);  /* mark.c */
/* mark.c: is I a direct call (not an invoke) of a function whose name
   starts with prefix? */
int cp_calls_prefix(LLVMValueRef I, const char *prefix);
/* mark.c: is operand k of instruction I tagged as a copy of a frame size
   (mark.c, cp_mark_size_uses)?  1: of the coroutine whose ramp is named
   ramp_name; 2: of another coroutine (a callee whose ramp was inlined);
   0: not tagged. */
int cp_size_tag(LLVMValueRef I, unsigned k, const char *ramp_name);
/* Function attributes that packing puts on for a later pass (coropack.c) */
#define CP_ATTR_STRIP_TBAA "coropack-strip-tbaa" /* tbaa.c */
#define CP_ATTR_REMAT "coropack-remat"           /* remat.c */
int cp_fn_has_attr(LLVMValueRef fn, const char *attr);
void cp_fn_add_attr(LLVMValueRef fn, const char *attr);

#endif /* CP_CORO_H */
