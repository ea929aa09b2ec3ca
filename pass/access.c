/*
 * access.c - classify every use of every frame address.
 *
 * Starting from the frame roots found by discover.c, a worklist follows the
 * derived pointers (GEPs, freeze, and phi/select of base or pinned
 * pointers) and records, per instruction, what it does to which slot:
 *
 *   load / store / memcpy / memmove / memset / atomics  -> ACCESS (byte range)
 *   argument with captures(none) or byval               -> ACCESS (unknown range)
 *   stored as a value, other call argument, ptrtoint,
 *   return, phi/select, anything else                   -> ESCAPE
 *   constant stored to the index field                  -> IDX
 *   pointer stored to the resume field                  -> DONE (null or not)
 *
 * A pointer is tracked as (field of origin, byte offset from the frame base,
 * offset known?).  Brief rule 2: a pointer derived from a non-pinned field
 * belongs to that field while 0 <= offset-in-field <= size (one past the end
 * included); a variable index keeps it inside its field (pointer provenance:
 * before splitting the field was its own object).  Pointers derived from the
 * base or from a pinned field may be anywhere in the pinned bytes (the
 * from_promise arithmetic promise - 16 is such a case) and may escape as
 * coroutine handles, which other code only uses for the header and promise;
 * if they reach the bytes of a movable slot the coroutine is left alone.
 *
 * Besides the frame uses, every call in every piece becomes a CALL event
 * (may re-enter the coroutine while suspended, may unwind out), and every
 * terminator becomes edges, narrowed where the condition is a constant, the
 * loaded suspend index, or the null test of the resume pointer.
 *
 * Cost: linear in the number of instructions of the pieces plus the uses
 * of frame addresses.
 */
#include "coro.h"

#include <stdlib.h>
#include <string.h>

typedef struct cp_ptr {
  int field; /* -1: frame base */
  int known;
  long long off;
} cp_ptr;

typedef struct cp_walk {
  cp_coro *c;
  cp_pmap bidx;    /* basic block -> (func << 22) | block index in it */
  cp_pmap vstate;  /* value -> index into st */
  cp_ptr *st;
  size_t nst, capst;
  cp_vec work;     /* values to visit */
  cp_vec icmps;    /* icmp users, checked at the end */
  unsigned k_captures, k_nounwind, k_byval;
  unsigned id_memcpy, id_memmove, id_memset, id_memcpy_inline, id_memset_inline;
  unsigned id_coro_resume, id_coro_destroy;
  LLVMValueRef mk_end, mk_destroys; /* the marker declarations, or NULL */
  cp_cleanup_memo memo;             /* cp_is_elided_cleanup's answers */
  LLVMBasicBlockRef last_bb;        /* cp_block_of's last answer */
  cp_block *last_blk;
} cp_walk;

/* cp_marker_kind: cp_is_marker_call (mark.c) by callee identity. */
static int cp_marker_kind(const cp_walk *w, LLVMValueRef I) {
  if (!w->mk_end && !w->mk_destroys) return 0;
  LLVMValueRef callee = LLVMGetCalledValue(I);
  if (!callee) return 0;
  return callee == w->mk_end ? CP_MARK_END : callee == w->mk_destroys ? CP_MARK_DESTROYS : 0;
}

#define CP_BID(f, b) (((long)(f) << 22) | (long)(b))
#define CP_BID_F(p) ((unsigned)((p) >> 22))
#define CP_BID_B(p) ((unsigned)((p)&0x3fffff))
#define CP_ORDER_UNKNOWN 0xffffffffu

/* cp_block_of: the block of instruction I in our pieces, or NULL when I is
   in no piece. */
static cp_block *cp_block_of(cp_walk *w, LLVMValueRef I) {
  LLVMBasicBlockRef bb = LLVMGetInstructionParent(I);
  if (bb == w->last_bb) return w->last_blk; /* uses come in runs per block */
  long id = cp_pmap_get(&w->bidx, bb, -1);
  w->last_bb = bb;
  w->last_blk = id < 0 ? NULL : &w->c->funcs[CP_BID_F(id)].blocks[CP_BID_B(id)];
  return w->last_blk;
}

/* cp_in_dead_block: is I, in no block of cp_block_of, in one of the
   coroutine's functions (then in a block that cannot run: discover.c's
   cp_live_blocks)? */
static int cp_in_dead_block(const cp_walk *w, LLVMValueRef I) {
  LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(I));
  for (unsigned i = 0; i < w->c->nfuncs; i++)
    if (w->c->funcs[i].fn == fn) return 1;
  return 0;
}

/* cp_push_event_in: an event of inst in block b at position order
   (CP_ORDER_UNKNOWN: numbered by cp_order_events after the walk). */
static void cp_push_event_in(cp_walk *w, cp_block *b, LLVMValueRef inst, unsigned order,
                             unsigned kind, unsigned flags, unsigned slot, long long val) {
  if (b->nev == b->capev) {
    size_t cap = b->capev ? b->capev * 2 : 8;
    cp_event *n = CP_NEW_RAW(&w->c->arena, cp_event, cap); /* written when pushed */
    if (b->nev) memcpy(n, b->ev, b->nev * sizeof *n);
    b->ev = n;
    b->capev = cap;
  }
  cp_event *e = &b->ev[b->nev++];
  e->kind = kind;
  e->flags = flags;
  e->slot = slot;
  e->order = order;
  e->val = val;
  e->inst = inst;
  if (order == CP_ORDER_UNKNOWN) b->unordered = 1;
}

static void cp_push_event(cp_walk *w, LLVMValueRef inst, unsigned kind,
                          unsigned flags, unsigned slot, long long val) {
  cp_block *b = cp_block_of(w, inst);
  if (!b) return; /* not in a piece: cannot happen for frame uses */
  cp_push_event_in(w, b, inst, CP_ORDER_UNKNOWN, kind, flags, slot, val);
}

/* cp_ptr_bit: one of 64 bits chosen by pointer p (Fibonacci hashing). */
static inline cp_word cp_ptr_bit(const void *p) {
  return (cp_word)1 << (((uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull) >> 58);
}

/* cp_order_events: the position in its block of every event's instruction
   (the frame-use events are pushed without one).  One walk of each block
   with such events: matched linearly when the block has few events, else
   through a map of its instructions.  O(block length + events). */
static void cp_order_events(cp_walk *w) {
  cp_coro *c = w->c;
  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    const cp_code *k = c->funcs[fi].code;
    for (unsigned bi = 0; bi < c->funcs[fi].nblocks; bi++) {
      cp_block *b = &c->funcs[fi].blocks[bi];
      if (!b->unordered) continue;
      b->unordered = 0;
      LLVMValueRef *I = k->insts + k->first[bi];
      unsigned n = k->first[bi + 1] - k->first[bi];
      if (b->nev <= 16) {
        /* a one-word filter of the events' instructions first: most
           instructions of the block are none of them */
        cp_word filter = 0;
        for (size_t i = 0; i < b->nev; i++) filter |= cp_ptr_bit(b->ev[i].inst);
        size_t left = b->nev;
        for (unsigned ord = 0; ord < n && left; ord++) {
          if (!(filter & cp_ptr_bit(I[ord]))) continue;
          for (size_t i = 0; i < b->nev; i++)
            if (b->ev[i].inst == I[ord]) {
              b->ev[i].order = ord;
              left--;
            }
        }
        continue;
      }
      /* the map in an arena of its own, freed with it: kept in the
         coroutine's arena, the maps of all blocks added up */
      cp_arena tmp;
      cp_arena_init(&tmp);
      cp_pmap m;
      cp_pmap_init(&m, &tmp, 2 * b->nev);
      for (unsigned ord = 0; ord < n; ord++) cp_pmap_put(&m, I[ord], (long)ord);
      for (size_t i = 0; i < b->nev; i++)
        b->ev[i].order = (unsigned)cp_pmap_get(&m, b->ev[i].inst, 0);
      cp_arena_free(&tmp);
    }
  }
}

/* cp_order_of: position of instruction I in its block (a walk back). */
static unsigned cp_order_of(LLVMValueRef I) {
  unsigned ord = 0;
  for (LLVMValueRef p = LLVMGetPreviousInstruction(I); p; p = LLVMGetPreviousInstruction(p)) ord++;
  return ord;
}

/* cp_ev_rank: order of event kinds within one instruction: accesses and
   escapes, then state stores, then the call, then the end of a child frame
   the call destroyed (the callee uses the frame while it runs). */
static int cp_ev_rank(unsigned kind) {
  switch (kind) {
  case CP_EV_IDX:
  case CP_EV_DONE:
    return 1;
  case CP_EV_CALL:
    return 2;
  case CP_EV_END:
    return 3;
  default:
    return 0;
  }
}

/* cp_ev_key_cmp: the order of two events of one block, 0 for events
   that may come in either (cp_sort_events keeps them as they were). */
static int cp_ev_key_cmp(const cp_event *x, const cp_event *y) {
  if (x->order != y->order) return x->order < y->order ? -1 : 1;
  /* within one instruction: accesses, then state stores, then the call */
  if (x->kind != y->kind) {
    int rx = cp_ev_rank(x->kind), ry = cp_ev_rank(y->kind);
    if (rx != ry) return rx < ry ? -1 : 1;
  }
  /* One instruction reads and writes at the same moment (memcpy from one
     slot into another): put its writes first, so that walking backwards
     the slots it reads are live where it writes, and the two never share
     (an overlapping memcpy would be undefined). */
  if (x->kind == CP_EV_ACCESS && y->kind == CP_EV_ACCESS) {
    int wx = (x->flags & CP_F_WRITE) && !(x->flags & CP_F_READ);
    int wy = (y->flags & CP_F_WRITE) && !(y->flags & CP_F_READ);
    if (wx != wy) return wx ? -1 : 1;
  }
  return 0;
}

static int cp_ev_cmp(const void *a, const void *b) {
  const cp_event *x = a, *y = b;
  int k = cp_ev_key_cmp(x, y);
  return k ? k : x < y ? -1 : (x > y);
}

/* cp_sort_events: sort the events of a block by cp_ev_key_cmp, stably
   (events with equal keys keep the order they were pushed in; qsort with
   the position as the last key gives the same).  Insertion sort for the
   short lists nearly every block has, which come nearly sorted. */
static void cp_sort_events(cp_event *ev, size_t n) {
  if (n > CP_SORT_SHORT) {
    qsort(ev, n, sizeof *ev, cp_ev_cmp);
    return;
  }
  CP_ISORT(cp_event, ev, n, cp_ev_key_cmp);
}

/* cp_set_state: give value v pointer state p and queue it; a value reached
   twice with different states is not understood. */
static void cp_set_state(cp_walk *w, LLVMValueRef v, cp_ptr p) {
  long k = cp_pmap_get(&w->vstate, v, -1);
  if (k >= 0) {
    cp_ptr *o = &w->st[k];
    if (o->field != p.field || o->known != p.known || (p.known && o->off != p.off)) {
      /* Two frame bases meeting (phi of two roots) are the same thing. */
      if (!(o->field < 0 && p.field < 0 && o->known && p.known && o->off == 0 &&
            p.off == 0))
        cp_fail(w->c, "a pointer is reached from two different frame offsets");
    }
    return;
  }
  if (w->nst == w->capst) {
    size_t cap = w->capst ? w->capst * 2 : 256;
    cp_ptr *n = CP_NEW_RAW(&w->c->arena, cp_ptr, cap);
    if (w->nst) memcpy(n, w->st, w->nst * sizeof *n);
    w->st = n;
    w->capst = cap;
  }
  w->st[w->nst] = p;
  cp_pmap_put(&w->vstate, v, (long)w->nst);
  w->nst++;
  cp_vec_push(&w->c->arena, &w->work, v);
}

static int cp_is_movable(const cp_coro *c, int field) {
  return field >= 0 && !c->slots[field].pinned;
}

/* cp_touches_movable: does [off, off+len) overlap a movable slot? */
static int cp_touches_movable(const cp_coro *c, long long off, long long len) {
  if (len <= 0) len = 1;
  for (unsigned i = 0; i < c->nslots; i++) {
    const cp_slot *s = &c->slots[i];
    if (s->pinned || s->size == 0) continue;
    if (off < (long long)(s->off + s->size) && (long long)s->off < off + len)
      return 1;
  }
  return 0;
}

/* cp_access: instruction I reads/writes len bytes (len < 0: unknown) at
   pointer state p.  Emits the event; returns the slot or -1 (pinned). */
static int cp_access(cp_walk *w, LLVMValueRef I, cp_ptr p, long long len,
                     unsigned flags) {
  cp_coro *c = w->c;
  if (cp_is_movable(c, p.field)) {
    cp_slot *s = &c->slots[p.field];
    s->accessed = 1;
    /* Rule 7: what alignment does this access rely on? */
    LLVMOpcode op = LLVMGetInstructionOpcode(I);
    if ((op == LLVMLoad || op == LLVMStore) && p.known) {
      uint64_t a = LLVMGetAlignment(I);
      long long rel = p.off - (long long)s->off;
      if (a == 0 || rel % (long long)a != 0) s->align_unknown = 1;
      else if (a > s->access_align) s->access_align = a;
    } else {
      s->align_unknown = 1;
    }
    if (p.known) {
      long long rel = p.off - (long long)s->off;
      if (rel < 0 || (len >= 0 && rel + len > (long long)s->size) ||
          (len < 0 && rel > (long long)s->size)) {
        cp_fail(c, "an access through frame field %u reaches outside it "
                   "(offset %lld in a %llu-byte slot)", s->field, rel,
                (unsigned long long)s->size);
        return -1;
      }
      if ((flags & CP_F_WRITE) && rel == 0 && len == (long long)s->size &&
          s->size > 0)
        flags |= CP_F_KILL;
    }
    cp_push_event(w, I, CP_EV_ACCESS, flags, (unsigned)p.field, 0);
    return p.field;
  }
  /* Base or pinned origin. */
  if (!p.known) {
    if (p.field >= 0) return -1; /* inside a pinned object */
    cp_fail(c, "a variable offset from the frame base is accessed");
    return -1;
  }
  if (cp_touches_movable(c, p.off, len < 0 ? 1 : len)) {
    cp_fail(c, "pointer arithmetic from the frame base or promise reaches "
               "the bytes of a movable slot (offset %lld)", p.off);
    return -1;
  }
  return -1;
}

static void cp_escape(cp_walk *w, LLVMValueRef I, cp_ptr p) {
  cp_coro *c = w->c;
  if (cp_is_movable(c, p.field)) {
    c->slots[p.field].escapes = 1;
    c->slots[p.field].align_unknown = 1;
    c->slots[p.field].accessed = 1;
    cp_push_event(w, I, CP_EV_ESCAPE, 0, (unsigned)p.field, 0);
    return;
  }
  if (p.known && !cp_touches_movable(c, p.off, 1)) return; /* a handle */
  if (!p.known && p.field >= 0) return;                   /* inside promise */
  cp_fail(c, "an address computed from the frame base escapes");
}

/* cp_gep_offset (coro.h). */
int cp_gep_offset(cp_coro *c, LLVMValueRef I, unsigned first_idx, LLVMTypeRef t,
                  long long *out) {
  long long off = 0;
  unsigned n = (unsigned)LLVMGetNumOperands(I);
  for (unsigned k = first_idx; k < n; k++) {
    LLVMValueRef ix = LLVMGetOperand(I, k);
    if (!LLVMIsAConstantInt(ix)) return 0;
    long long v = LLVMConstIntGetSExtValue(ix);
    if (k == first_idx) {
      off += v * (long long)LLVMABISizeOfType(c->td, t);
      continue;
    }
    switch (LLVMGetTypeKind(t)) {
    case LLVMStructTypeKind:
      off += (long long)LLVMOffsetOfElement(c->td, t, (unsigned)v);
      t = LLVMStructGetTypeAtIndex(t, (unsigned)v);
      break;
    case LLVMArrayTypeKind:
    case LLVMVectorTypeKind:
      t = LLVMGetElementType(t);
      off += v * (long long)LLVMABISizeOfType(c->td, t);
      break;
    default:
      return 0;
    }
  }
  *out = off;
  return 1;
}

static long long cp_const_len(LLVMValueRef v) {
  if (LLVMIsAConstantInt(v)) {
    long long n = LLVMConstIntGetSExtValue(v);
    return n < 0 ? -1 : n;
  }
  return -1;
}

/* cp_param_captures_none: does argument k of call I promise not to capture? */
static int cp_param_attr(cp_walk *w, LLVMValueRef I, unsigned k, unsigned kind,
                         uint64_t *val) {
  LLVMAttributeRef a = LLVMGetCallSiteEnumAttribute(I, k + 1, kind);
  if (!a) {
    LLVMValueRef callee = LLVMGetCalledValue(I);
    if (callee && LLVMIsAFunction(callee) && k < LLVMCountParams(callee))
      a = LLVMGetEnumAttributeAtIndex(callee, k + 1, kind);
  }
  if (!a) return 0;
  if (val) *val = LLVMGetEnumAttributeValue(a);
  return 1;
}

static unsigned cp_intrinsic(LLVMValueRef call) {
  LLVMValueRef callee = LLVMGetCalledValue(call);
  if (!callee || !LLVMIsAFunction(callee)) return 0;
  return LLVMGetIntrinsicID(callee);
}

static int cp_is_coro_free(LLVMValueRef call) {
  LLVMValueRef callee = LLVMGetCalledValue(call);
  if (!callee || !LLVMIsAFunction(callee)) return 0;
  size_t n = 0;
  const char *nm = LLVMGetValueName2(callee, &n);
  return n == 14 && memcmp(nm, "llvm.coro.free", 14) == 0;
}

/* cp_param_inert: does parameter k of function fn never use its pointer?
   True when fn's definition is the one that runs (no interposition) and
   every use of the parameter is again an inert parameter of a call; a
   call passing a frame address there neither accesses nor captures it.
   (clang's __await_suspend_wrapper_* forward the awaiter to an empty
   await_suspend: measured in every clang coroutine at the hook.) */
static int cp_param_inert(LLVMValueRef fn, unsigned k, int depth) {
  if (depth > 4 || !cp_exact_definition(fn) || k >= LLVMCountParams(fn)) return 0;
  LLVMValueRef a = LLVMGetParam(fn, k);
  for (LLVMUseRef u = LLVMGetFirstUse(a); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (!LLVMIsACallInst(user) && !LLVMIsAInvokeInst(user)) return 0;
    LLVMValueRef callee = LLVMGetCalledValue(user);
    if (callee == a) return 0;
    unsigned na = LLVMGetNumArgOperands(user), hit = 0;
    for (unsigned j = 0; j < na; j++)
      if (LLVMGetOperand(user, j) == a) {
        if (!cp_param_inert(callee, j, depth + 1)) return 0;
        hit = 1;
      }
    if (!hit) return 0; /* an operand bundle or the like */
  }
  return 1;
}

/* cp_visit_call: value v (state p) is an operand of call/invoke I. */
static void cp_visit_call(cp_walk *w, LLVMValueRef I, LLVMValueRef v, cp_ptr p) {
  cp_coro *c = w->c;
  if (LLVMGetCalledValue(I) == v) {
    cp_fail(c, "a frame address is called");
    return;
  }
  unsigned iid = cp_intrinsic(I);
  unsigned na = LLVMGetNumArgOperands(I);
  if (iid && (iid == w->id_memcpy || iid == w->id_memmove ||
              iid == w->id_memcpy_inline)) {
    long long len = cp_const_len(LLVMGetOperand(I, 2));
    if (LLVMGetOperand(I, 0) == v) cp_access(w, I, p, len, CP_F_WRITE);
    if (LLVMGetOperand(I, 1) == v) cp_access(w, I, p, len, CP_F_READ);
    return;
  }
  if (iid && (iid == w->id_memset || iid == w->id_memset_inline)) {
    if (LLVMGetOperand(I, 0) == v)
      cp_access(w, I, p, cp_const_len(LLVMGetOperand(I, 2)), CP_F_WRITE);
    return;
  }
  int mark = cp_marker_kind(w, I);
  if (mark) {
    /* CP_MARK_END, a carried lifetime end (mark.c): the slot dies here.
       CP_MARK_DESTROYS (owners.c): the next instruction destroys the child
       coroutine whose frame the slot is; it dies right after that call
       (still there if coro-split put something in between: then
       nothing is learnt). */
    LLVMValueRef at = mark == CP_MARK_END ? I : LLVMGetNextInstruction(I);
    if (mark == CP_MARK_DESTROYS && !(at && cp_destroyed_handle(at, &w->memo))) at = NULL;
    if (at && cp_is_movable(c, p.field) && p.known &&
        p.off == (long long)c->slots[p.field].off && LLVMGetOperand(I, 0) == v) {
      c->slots[p.field].ends = 1;
      cp_push_event(w, at, CP_EV_END, 0, (unsigned)p.field, 0);
    }
    return;
  }
  if (cp_is_coro_free(I)) {
    /* llvm.coro.free returns the memory of the frame: the base again. */
    cp_set_state(w, I, p);
    return;
  }
  LLVMValueRef callee = LLVMGetCalledValue(I);
  for (unsigned k = 0; k < na; k++) {
    if (LLVMGetOperand(I, k) != v) continue;
    if (!iid && cp_param_inert(callee, k, 0)) continue; /* never used */
    if (p.field < 0 && p.known && p.off == 0) {
      cp_vec_push(&c->arena, &c->base_calls, I);
      cp_vec_push(&c->arena, &c->base_args, (void *)(uintptr_t)k);
    }
    uint64_t capv = 1;
    int nocap = cp_param_attr(w, I, k, w->k_captures, &capv) && capv == 0;
    int byval = cp_param_attr(w, I, k, w->k_byval, NULL);
    if (nocap || byval) {
      /* The callee may read and write the object while it runs. */
      cp_access(w, I, p, -1, byval ? CP_F_READ : (CP_F_READ | CP_F_WRITE));
      if (!cp_is_movable(c, p.field) && !p.known) continue;
      if (!cp_is_movable(c, p.field) && cp_touches_movable(c, p.off, 1))
        cp_fail(c, "a frame base address with an offset into a movable slot "
                   "is passed to a call");
    } else {
      cp_escape(w, I, p);
    }
  }
  /* The destruction of an elided child frame held in slot p: `call
     @X.cleanup(ptr slot)` on the slot's own start.  After it returns the
     child coroutine is destroyed, and any later use of its frame through
     any copy of its handle is undefined (the coroutine state is destroyed,
     [dcl.fct.def.coroutine]; resume, destroy and done need a suspended
     coroutine, [coroutine.handle.resumption]): the slot dies here, on this
     path.  An invoke only if its unwind destination just terminates.  A
     handle reloaded from an owner is proven and marked before splitting
     (owners.c, CP_MARK_DESTROYS above); where the cleanup was inlined, the
     slot stays escaped to the end, as LLVM has it.  docs/design.md,
     "Child frames". */
  if (cp_is_movable(c, p.field) && p.known && p.off == (long long)c->slots[p.field].off &&
      cp_destroyed_handle(I, &w->memo) == v && cp_is_elided_cleanup_m(&w->memo, callee)) {
    c->slots[p.field].ends = 1;
    cp_push_event(w, I, CP_EV_END, 0, (unsigned)p.field, 0);
  }
  /* Operand bundles and other non-argument operands. */
  unsigned nops = (unsigned)LLVMGetNumOperands(I);
  for (unsigned k = na; k < nops; k++) {
    LLVMValueRef o = LLVMGetOperand(I, k);
    if (o == v && o != LLVMGetCalledValue(I) && !LLVMIsABasicBlock(o))
      cp_escape(w, I, p);
  }
}

/* cp_visit_use: one user U of frame-derived value v with state p. */
static void cp_visit_use(cp_walk *w, LLVMValueRef v, cp_ptr p, LLVMValueRef U) {
  cp_coro *c = w->c;
  if (!LLVMIsAInstruction(U)) {
    cp_fail(c, "a frame address is used by a constant");
    return;
  }
  if (!cp_block_of(w, U)) {
    /* code that cannot run does nothing to any slot; it is left as it
       is, its frame GEPs included (discover.c, dead_geps) */
    if (cp_in_dead_block(w, U)) return;
    cp_fail(c, "a frame address is used outside the coroutine's functions");
    return;
  }
  LLVMOpcode op = LLVMGetInstructionOpcode(U);
  switch (op) {
  case LLVMGetElementPtr: {
    if (LLVMGetOperand(U, 0) != v) {
      cp_fail(c, "a frame address is used as a GEP index");
      return;
    }
    if (LLVMGetTypeKind(LLVMTypeOf(U)) != LLVMPointerTypeKind) {
      cp_fail(c, "vector GEP on a frame address");
      return;
    }
    LLVMTypeRef src = LLVMGetGEPSourceElementType(U);
    cp_ptr q = p;
    if (src == c->frame) {
      /* struct GEP on the frame: must start at the base. */
      if (p.field >= 0 || !p.known || p.off != 0 || LLVMGetNumOperands(U) < 3) {
        cp_fail(c, "a frame struct GEP is not based on the frame base");
        return;
      }
      LLVMValueRef i0 = LLVMGetOperand(U, 1), i1 = LLVMGetOperand(U, 2);
      if (!LLVMIsAConstantInt(i0) || LLVMConstIntGetSExtValue(i0) != 0 ||
          !LLVMIsAConstantInt(i1)) {
        cp_fail(c, "a frame struct GEP with a non-constant field");
        return;
      }
      unsigned f = (unsigned)LLVMConstIntGetZExtValue(i1);
      if (f >= c->nslots) {
        cp_fail(c, "a frame struct GEP names field %u of %u", f, c->nslots);
        return;
      }
      q.field = (int)f;
      q.off = (long long)c->slots[f].off;
      q.known = 1;
      if (LLVMGetNumOperands(U) > 3) {
        /* indices into the field: same rule as a GEP on the field type */
        long long d;
        LLVMTypeRef ft = c->slots[f].type;
        /* operands 3.. index into ft as if "gep ft, p, 0, ..." */
        long long off = 0;
        int ok = 1;
        LLVMTypeRef t = ft;
        for (unsigned k = 3; k < (unsigned)LLVMGetNumOperands(U); k++) {
          LLVMValueRef ix = LLVMGetOperand(U, k);
          if (!LLVMIsAConstantInt(ix)) {
            ok = 0;
            break;
          }
          long long iv = LLVMConstIntGetSExtValue(ix);
          if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
            off += (long long)LLVMOffsetOfElement(c->td, t, (unsigned)iv);
            t = LLVMStructGetTypeAtIndex(t, (unsigned)iv);
          } else if (LLVMGetTypeKind(t) == LLVMArrayTypeKind ||
                     LLVMGetTypeKind(t) == LLVMVectorTypeKind) {
            t = LLVMGetElementType(t);
            off += iv * (long long)LLVMABISizeOfType(c->td, t);
          } else {
            ok = 0;
            break;
          }
        }
        (void)d;
        if (ok)
          q.off += off;
        else
          q.known = 0;
      }
    } else {
      long long d;
      if (cp_gep_offset(c, U, 1, src, &d)) {
        if (q.known) q.off += d;
      } else if (p.field < 0) {
        /* variable index from the base: fine inside the promise only */
        int s = q.known ? cp_slot_at(c, (uint64_t)q.off) : -1;
        if (s < 0 || !c->slots[s].pinned || c->slots[s].kind != CP_K_PROMISE) {
          cp_fail(c, "a variable index is applied to the frame base");
          return;
        }
        q.field = s;
        q.known = 0;
      } else {
        q.known = 0;
      }
    }
    cp_set_state(w, U, q);
    return;
  }
  case LLVMLoad: {
    long long len = (long long)LLVMStoreSizeOfType(c->td, LLVMTypeOf(U));
    cp_access(w, U, p, len, CP_F_READ);
    return;
  }
  case LLVMStore: {
    LLVMValueRef val = LLVMGetOperand(U, 0);
    if (val == v) {
      cp_escape(w, U, p);
      /* coro-split keeps the frame pointer in an alloca for the debugger */
      LLVMValueRef dst = LLVMGetOperand(U, 1);
      if (p.field < 0 && p.known && p.off == 0 && LLVMIsAAllocaInst(dst))
        cp_vec_push(&c->arena, &c->dbg_slots, dst);
    }
    if (LLVMGetOperand(U, 1) != v) return;
    long long len = (long long)LLVMStoreSizeOfType(c->td, LLVMTypeOf(val));
    int s = cp_access(w, U, p, len, CP_F_WRITE);
    if (s >= 0 && s == c->index_slot) {
      if (!LLVMIsAConstantInt(val) || !p.known ||
          p.off != (long long)c->slots[s].off) {
        cp_fail(c, "a non-constant store to the suspend index");
        return;
      }
      cp_push_event(w, U, CP_EV_IDX, 0, (unsigned)s,
                    (long long)LLVMConstIntGetZExtValue(val));
    } else if (s < 0 && p.known && p.off == 0 &&
               (p.field == 0 || p.field < 0)) {
      /* the resume pointer: null marks the final suspend */
      cp_push_event(w, U, CP_EV_DONE, 0, 0, LLVMIsNull(val) ? 1 : 0);
    } else if (s < 0 && p.known && p.off < (long long)c->slots[0].size) {
      cp_fail(c, "a partial store to the resume pointer");
    }
    return;
  }
  case LLVMAtomicRMW:
  case LLVMAtomicCmpXchg: {
    if (LLVMGetOperand(U, 0) == v) {
      LLVMValueRef val = LLVMGetOperand(U, 1);
      long long len = (long long)LLVMStoreSizeOfType(c->td, LLVMTypeOf(val));
      int s = cp_access(w, U, p, len, CP_F_READ | CP_F_WRITE);
      if (s >= 0 && s == c->index_slot) cp_fail(c, "an atomic on the suspend index");
      if (s < 0 && p.known && p.off < (long long)c->slots[0].size)
        cp_fail(c, "an atomic on the resume pointer");
    }
    for (unsigned k = 1; k < (unsigned)LLVMGetNumOperands(U); k++)
      if (LLVMGetOperand(U, k) == v) cp_escape(w, U, p);
    return;
  }
  case LLVMCall:
  case LLVMInvoke:
    cp_visit_call(w, U, v, p);
    return;
  case LLVMCallBr:
    cp_fail(c, "callbr uses a frame address");
    return;
  case LLVMFreeze:
    cp_set_state(w, U, p);
    return;
  case LLVMPHI:
  case LLVMSelect:
    if (op == LLVMSelect && LLVMGetOperand(U, 0) == v) {
      cp_fail(c, "a frame address is used as a select condition");
      return;
    }
    if (cp_is_movable(c, p.field)) {
      cp_escape(w, U, p); /* rule 4: merged with unknown pointers */
    } else {
      cp_escape(w, U, p);
      cp_set_state(w, U, p); /* a handle: follow what is done with it */
    }
    return;
  case LLVMICmp:
    cp_vec_push(&c->arena, &w->icmps, U);
    return;
  default:
    cp_escape(w, U, p);
    return;
  }
}

/* cp_number: number the blocks and instructions of every piece, and make
   the CALL events. */
static int cp_number(cp_walk *w) {
  cp_coro *c = w->c;
  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    cp_func *f = &c->funcs[fi];
    const cp_code *k = f->code;
    if (!k) {
      cp_fail(c, "internal: a function of the coroutine was not walked");
      return -1;
    }
    unsigned nb = k->nbbs;
    if (nb >= (1u << 22)) {
      cp_fail(c, "too many blocks");
      return -1;
    }
    f->nblocks = nb;
    f->blocks = CP_NEW(&c->arena, cp_block, nb ? nb : 1);
    for (unsigned bi = 0; bi < nb; bi++) {
      f->blocks[bi].bb = k->bbs[bi];
      cp_pmap_put(&w->bidx, k->bbs[bi], CP_BID(fi, bi));
    }
    for (unsigned bi = 0; bi < nb; bi++)
      if (k->first[bi + 1] - k->first[bi] >= (1u << 22) - 1) {
        cp_fail(c, "block too large");
        return -1;
      }
    if (k->funclets) {
      cp_fail(c, "funclet-based exception handling is not supported");
      return -1;
    }
    unsigned bi = 0;
    for (unsigned ci = 0; ci < k->ncalls; ci++) {
      unsigned j = k->calls[ci];
      while (k->first[bi + 1] <= j) bi++; /* the block of instruction j */
      LLVMOpcode op = (LLVMOpcode)k->ops[j];
      LLVMValueRef I = k->insts[j];
      unsigned ord = j - k->first[bi];
      if (cp_marker_kind(w, I)) continue;
      unsigned flags = 0;
      LLVMValueRef callee = LLVMGetCalledValue(I);
      unsigned iid = callee && LLVMIsAFunction(callee) ? LLVMGetIntrinsicID(callee) : 0;
      int intrinsic = iid != 0;
      int asmcall = callee && LLVMIsAInlineAsm(callee);
      if (!intrinsic && !asmcall) flags |= CP_F_REENTERS;
      /* llvm.coro.resume / llvm.coro.destroy run coroutine code */
      if (intrinsic && (iid == w->id_coro_resume || iid == w->id_coro_destroy))
        flags |= CP_F_REENTERS | CP_F_UNWINDS;
      if (op == LLVMCall && !intrinsic) {
        int nounwind =
            LLVMGetCallSiteEnumAttribute(I, LLVMAttributeFunctionIndex, w->k_nounwind) != NULL ||
            (callee && LLVMIsAFunction(callee) &&
             LLVMGetEnumAttributeAtIndex(callee, LLVMAttributeFunctionIndex, w->k_nounwind));
        if (!nounwind) flags |= CP_F_UNWINDS;
      }
      if (flags) cp_push_event_in(w, &f->blocks[bi], I, ord, CP_EV_CALL, flags, 0, 0);
    }
  }
  return 0;
}

static cp_ptr cp_state_of(cp_walk *w, LLVMValueRef v, int *found) {
  long k = cp_pmap_get(&w->vstate, v, -1);
  cp_ptr none = {-2, 0, 0};
  *found = k >= 0;
  return k >= 0 ? w->st[k] : none;
}

/* cp_single_pred: the one block that branches to bb, or NULL. */
static LLVMBasicBlockRef cp_single_pred(LLVMBasicBlockRef bb) {
  LLVMBasicBlockRef pred = NULL;
  for (LLVMUseRef u = LLVMGetFirstUse(LLVMBasicBlockAsValue(bb)); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (!LLVMIsAInstruction(user) || !LLVMIsATerminatorInst(user)) return NULL;
    LLVMBasicBlockRef p = LLVMGetInstructionParent(user);
    if (pred && pred != p) return NULL;
    pred = p;
  }
  return pred;
}

/* cp_is_index_load: is v a load of the whole index field, in block bb,
   with no index store after it in that block? */
static int cp_is_index_load(cp_walk *w, LLVMValueRef v, cp_block *blk) {
  cp_coro *c = w->c;
  if (c->index_slot < 0 || !LLVMIsALoadInst(v)) return 0;
  int found;
  cp_ptr p = cp_state_of(w, LLVMGetOperand(v, 0), &found);
  if (!found || p.field != c->index_slot || !p.known ||
      p.off != (long long)c->slots[c->index_slot].off)
    return 0;
  /* The load may sit a few blocks up a chain of single predecessors
     (destroy clones test the resume pointer in between); no index store
     may come between the load and the branch. */
  LLVMBasicBlockRef lb = LLVMGetInstructionParent(v);
  cp_block *cur = blk;
  cp_func *f = NULL;
  long id = cp_pmap_get(&w->bidx, lb, -1);
  if (id < 0) return 0;
  f = &c->funcs[CP_BID_F(id)];
  for (int step = 0; cur->bb != lb; step++) {
    for (size_t i = 0; i < cur->nev; i++)
      if (cur->ev[i].kind == CP_EV_IDX) return 0;
    LLVMBasicBlockRef pred = cp_single_pred(cur->bb);
    long pi = pred ? cp_pmap_get(&w->bidx, pred, -1) : -1;
    if (step > 8 || pi < 0) return 0;
    cur = &f->blocks[CP_BID_B(pi)];
  }
  unsigned ord = cp_order_of(v);
  for (size_t i = 0; i < cur->nev; i++)
    if (cur->ev[i].kind == CP_EV_IDX && cur->ev[i].order > ord) return 0;
  return 1;
}

/* cp_is_resume_null_test: v is icmp eq/ne (load resume ptr), null in the
   same block with no resume store after the load.  *eq = 1 for eq. */
static int cp_is_resume_null_test(cp_walk *w, LLVMValueRef v, cp_block *blk,
                                  int *eq) {
  if (!LLVMIsAICmpInst(v)) return 0;
  LLVMIntPredicate pr = LLVMGetICmpPredicate(v);
  if (pr != LLVMIntEQ && pr != LLVMIntNE) return 0;
  LLVMValueRef a = LLVMGetOperand(v, 0), b = LLVMGetOperand(v, 1);
  if (LLVMIsNull(a)) {
    LLVMValueRef t = a;
    a = b;
    b = t;
  }
  if (!LLVMIsNull(b) || !LLVMIsALoadInst(a)) return 0;
  if (LLVMGetInstructionParent(a) != blk->bb) return 0;
  int found;
  cp_ptr p = cp_state_of(w, LLVMGetOperand(a, 0), &found);
  if (!found || !p.known || p.off != 0 || (p.field != 0 && p.field != -1)) return 0;
  unsigned ord = cp_order_of(a);
  for (size_t i = 0; i < blk->nev; i++)
    if (blk->ev[i].kind == CP_EV_DONE && blk->ev[i].order > ord) return 0;
  *eq = pr == LLVMIntEQ;
  return 1;
}

/* cp_eval: value of integer v given phi values env (pairs), if constant. */
static int cp_eval(LLVMValueRef v, LLVMValueRef *envk, long long *envv, unsigned nenv,
                   long long *out) {
  for (unsigned i = 0; i < nenv; i++)
    if (envk[i] == v) {
      *out = envv[i];
      return 1;
    }
  if (LLVMIsAConstantInt(v)) {
    if (LLVMGetIntTypeWidth(LLVMTypeOf(v)) > 64) return 0;
    *out = (long long)LLVMConstIntGetZExtValue(v);
    return 1;
  }
  if (LLVMIsAICmpInst(v)) {
    long long a, b;
    LLVMValueRef x = LLVMGetOperand(v, 0), y = LLVMGetOperand(v, 1);
    if (LLVMGetTypeKind(LLVMTypeOf(x)) != LLVMIntegerTypeKind) return 0;
    unsigned bits = LLVMGetIntTypeWidth(LLVMTypeOf(x));
    if (bits > 63 || !cp_eval(x, envk, envv, nenv, &a) || !cp_eval(y, envk, envv, nenv, &b))
      return 0;
    unsigned long long ua = (unsigned long long)a, ub = (unsigned long long)b;
    long long sh = 64 - bits;
    long long sa = (long long)(ua << sh) >> sh, sb = (long long)(ub << sh) >> sh;
    int r;
    switch (LLVMGetICmpPredicate(v)) {
    case LLVMIntEQ: r = ua == ub; break;
    case LLVMIntNE: r = ua != ub; break;
    case LLVMIntUGT: r = ua > ub; break;
    case LLVMIntUGE: r = ua >= ub; break;
    case LLVMIntULT: r = ua < ub; break;
    case LLVMIntULE: r = ua <= ub; break;
    case LLVMIntSGT: r = sa > sb; break;
    case LLVMIntSGE: r = sa >= sb; break;
    case LLVMIntSLT: r = sa < sb; break;
    case LLVMIntSLE: r = sa <= sb; break;
    default: return 0;
    }
    *out = r;
    return 1;
  }
  return 0;
}

/* cp_thread: where does an edge from block `from` into block `to` really
   lead?  coro-split leaves "phi [-1, suspend], [0, resume]" + switch
   chains: entered from the suspend, control can only go to the return.
   Blocks without events are skipped while the branch they end with is
   decided by constants and the phis' values on the edge taken.  Skipping
   a block without events changes nothing the analysis sees. */
static unsigned cp_thread(cp_walk *w, cp_func *f, unsigned from, unsigned to) {
  LLVMValueRef envk[32];
  long long envv[32];
  unsigned nenv = 0;
  LLVMBasicBlockRef prev = f->blocks[from].bb;
  unsigned cur = to;
  for (int step = 0; step < 16; step++) {
    cp_block *b = &f->blocks[cur];
    if (b->nev) break;
    LLVMBasicBlockRef bb = b->bb;
    LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);
    if (LLVMGetNumSuccessors(term) == 0) {
      /* a return with nothing before it: leave right from the edge */
      if (LLVMGetInstructionOpcode(term) == LLVMRet && LLVMGetFirstInstruction(bb) == term)
        return CP_TO_EXIT;
      break;
    }
    /* phis of cur take their value from prev */
    unsigned nnew = 0;
    LLVMValueRef nk[32];
    long long nv[32];
    for (LLVMValueRef I = LLVMGetFirstInstruction(bb); I && LLVMIsAPHINode(I);
         I = LLVMGetNextInstruction(I)) {
      if (LLVMGetTypeKind(LLVMTypeOf(I)) != LLVMIntegerTypeKind) continue;
      unsigned n = LLVMCountIncoming(I);
      for (unsigned k = 0; k < n; k++)
        if (LLVMGetIncomingBlock(I, k) == prev) {
          long long v;
          if (nnew < 32 && cp_eval(LLVMGetIncomingValue(I, k), envk, envv, nenv, &v)) {
            nk[nnew] = I;
            nv[nnew++] = v;
          }
          break;
        }
    }
    for (unsigned k = 0; k < nnew && nenv < 32; k++) {
      envk[nenv] = nk[k];
      envv[nenv++] = nv[k];
    }
    LLVMValueRef t = LLVMGetBasicBlockTerminator(bb);
    LLVMOpcode op = LLVMGetInstructionOpcode(t);
    LLVMBasicBlockRef next = NULL;
    long long cv;
    if (op == LLVMBr && !LLVMIsConditional(t)) {
      next = LLVMGetSuccessor(t, 0);
    } else if (op == LLVMBr) {
      if (cp_eval(LLVMGetCondition(t), envk, envv, nenv, &cv))
        next = LLVMGetSuccessor(t, cv ? 0 : 1);
    } else if (op == LLVMSwitch) {
      if (cp_eval(LLVMGetOperand(t, 0), envk, envv, nenv, &cv)) {
        unsigned ns = LLVMGetNumSuccessors(t);
        unsigned bits = LLVMGetIntTypeWidth(LLVMTypeOf(LLVMGetOperand(t, 0)));
        unsigned long long mask = bits >= 64 ? ~0ull : ((1ull << bits) - 1);
        next = LLVMGetSuccessor(t, 0);
        for (unsigned k = 1; k < ns; k++)
          if ((LLVMConstIntGetZExtValue(LLVMGetSwitchCaseValue(t, k)) & mask) ==
              ((unsigned long long)cv & mask)) {
            next = LLVMGetSuccessor(t, k);
            break;
          }
      }
    }
    if (!next) break;
    long nb = cp_pmap_get(&w->bidx, next, -1);
    if (nb < 0) break;
    prev = bb;
    cur = CP_BID_B(nb);
  }
  return cur;
}

static void cp_make_edges(cp_walk *w, cp_func *f) {
  cp_coro *c = w->c;
  for (unsigned bi = 0; bi < f->nblocks; bi++) {
    cp_block *blk = &f->blocks[bi];
    LLVMValueRef t = LLVMGetBasicBlockTerminator(blk->bb);
    if (!t) {
      cp_fail(c, "a block without terminator");
      return;
    }
    unsigned ns = LLVMGetNumSuccessors(t);
    LLVMOpcode op = LLVMGetInstructionOpcode(t);
    blk->nsucc = ns;
    blk->succ = CP_NEW(&c->arena, cp_edge, ns ? ns : 1);
    if (ns == 0) {
      blk->is_exit = op != LLVMUnreachable;
      continue;
    }
    /* a block that cannot run (discover.c, cp_live_blocks): CP_TO_EXIT
       until the loop below makes the edge dead */
    for (unsigned k = 0; k < ns; k++) {
      long to = cp_pmap_get(&w->bidx, LLVMGetSuccessor(t, k), -1);
      blk->succ[k].to = to < 0 ? CP_TO_EXIT : CP_BID_B(to);
      blk->succ[k].kind = CP_EDGE_ANY;
    }
    if (op == LLVMBr && LLVMIsConditional(t)) {
      LLVMValueRef cond = LLVMGetCondition(t);
      long long cv;
      int eq;
      if (cp_eval(cond, NULL, NULL, 0, &cv)) {
        blk->succ[cv ? 1 : 0].kind = CP_EDGE_DEAD;
      } else if (cp_is_resume_null_test(w, cond, blk, &eq)) {
        blk->succ[0].kind = eq ? CP_EDGE_DONE : CP_EDGE_NOTDONE;
        blk->succ[1].kind = eq ? CP_EDGE_NOTDONE : CP_EDGE_DONE;
      }
    } else if (op == LLVMSwitch) {
      LLVMValueRef cond = LLVMGetOperand(t, 0);
      unsigned ncases = ns - 1; /* successor 0 is the default */
      long long cv;
      int isconst = cp_eval(cond, NULL, NULL, 0, &cv);
      int isidx = !isconst && cp_is_index_load(w, cond, blk);
      if (!isconst && !isidx) continue;
      long long *vals = CP_NEW(&c->arena, long long, ncases ? ncases : 1);
      int hit = 0;
      for (unsigned k = 0; k < ncases; k++) {
        /* case k is successor k + 1 */
        LLVMValueRef cvk = LLVMGetSwitchCaseValue(t, k + 1);
        vals[k] = (long long)LLVMConstIntGetZExtValue(cvk);
        if (isconst) {
          if (vals[k] == cv && !hit) hit = 1;
          else blk->succ[k + 1].kind = CP_EDGE_DEAD;
          if (vals[k] == cv) blk->succ[k + 1].kind = CP_EDGE_ANY;
        } else {
          blk->succ[k + 1].kind = CP_EDGE_IDX_IN;
          blk->succ[k + 1].nvals = 1;
          blk->succ[k + 1].vals = &vals[k];
        }
      }
      if (isconst) {
        if (hit) blk->succ[0].kind = CP_EDGE_DEAD;
      } else {
        blk->succ[0].kind = CP_EDGE_IDX_NOTIN;
        blk->succ[0].nvals = ncases;
        blk->succ[0].vals = vals;
      }
    }
  }
  for (unsigned bi = 0; bi < f->nblocks; bi++) {
    cp_block *blk = &f->blocks[bi];
    /* an edge into a block that cannot run cannot be taken (the rule
       that left the block out ruled the edge out) */
    for (unsigned k = 0; k < blk->nsucc; k++)
      if (blk->succ[k].to == CP_TO_EXIT) {
        blk->succ[k].kind = CP_EDGE_DEAD;
        blk->succ[k].to = 0;
      }
    for (unsigned k = 0; k < blk->nsucc; k++)
      if (blk->succ[k].kind != CP_EDGE_DEAD)
        blk->succ[k].to = cp_thread(w, f, bi, blk->succ[k].to);
  }
}

/* cp_collect_accesses: see coro.h. */
int cp_collect_accesses(cp_coro *c) {
  cp_walk w;
  memset(&w, 0, sizeof w);
  w.c = c;
  unsigned nblocks = 0;
  for (unsigned fi = 0; fi < c->nfuncs; fi++)
    nblocks += c->funcs[fi].code ? c->funcs[fi].code->nbbs : 0;
  cp_pmap_init(&w.bidx, &c->arena, nblocks);
  cp_pmap_init(&w.vstate, &c->arena, 64 + c->frame_geps.n + c->roots.n);
  const cp_llvm_ids *ids = cp_ids();
  w.k_captures = ids->k_captures;
  w.k_nounwind = ids->k_nounwind;
  w.k_byval = ids->k_byval;
  w.id_memcpy = ids->id_memcpy;
  w.id_memmove = ids->id_memmove;
  w.id_memset = ids->id_memset;
  w.id_memcpy_inline = ids->id_memcpy_inline;
  w.id_memset_inline = ids->id_memset_inline;
  w.id_coro_resume = ids->id_coro_resume;
  w.id_coro_destroy = ids->id_coro_destroy;
  cp_marker_fns(c->mod, &w.mk_end, &w.mk_destroys);
  if (cp_number(&w) < 0) return -1;

  cp_ptr base = {-1, 1, 0};
  for (size_t i = 0; i < c->roots.n; i++) cp_set_state(&w, c->roots.v[i], base);
  while (w.work.n && !c->reason) {
    LLVMValueRef v = w.work.v[--w.work.n];
    cp_ptr p = w.st[cp_pmap_get(&w.vstate, v, 0)];
    for (LLVMUseRef u = LLVMGetFirstUse(v); u && !c->reason; u = LLVMGetNextUse(u))
      cp_visit_use(&w, v, p, LLVMGetUser(u));
  }
  if (c->reason) return -1;

  /* Every frame GEP of the module must have been reached from a root. */
  for (size_t i = 0; i < c->frame_geps.n; i++)
    if (cp_pmap_get(&w.vstate, c->frame_geps.v[i], -1) < 0) {
      cp_fail(c, "a frame GEP is not reached from a known frame base");
      return -1;
    }
  /* Pointer comparisons between two different movable slots could change
     their result once the slots share bytes. */
  for (size_t i = 0; i < w.icmps.n; i++) {
    LLVMValueRef I = w.icmps.v[i];
    int fa, fb;
    cp_ptr a = cp_state_of(&w, LLVMGetOperand(I, 0), &fa);
    cp_ptr b = cp_state_of(&w, LLVMGetOperand(I, 1), &fb);
    if (fa && fb && a.field != b.field &&
        (cp_is_movable(c, a.field) || cp_is_movable(c, b.field))) {
      cp_fail(c, "addresses of two different frame slots are compared");
      return -1;
    }
  }
  cp_order_events(&w);
  for (unsigned fi = 0; fi < c->nfuncs; fi++)
    for (unsigned bi = 0; bi < c->funcs[fi].nblocks; bi++) {
      cp_block *b = &c->funcs[fi].blocks[bi];
      if (b->nev > 1) cp_sort_events(b->ev, b->nev);
    }
  for (unsigned fi = 0; fi < c->nfuncs && !c->reason; fi++)
    cp_make_edges(&w, &c->funcs[fi]);
  return c->reason ? -1 : 0;
}
