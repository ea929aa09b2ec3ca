/*
 * liveness.c - which slots are live where, over the whole state machine.
 *
 * The coroutine is a set of functions tied together by suspend states.  A
 * suspend state is what the frame holds while the coroutine is suspended:
 * the value of the index field and whether the resume pointer is null
 * (the final suspend).  The analysis runs each function from each way it
 * can be entered:
 *
 *   ramp, .noalloc, functions with an inlined .noalloc: once, from entry;
 *   .resume: once per reachable state that is not final (resuming a
 *            coroutine at its final suspend is undefined);
 *   .destroy, .cleanup: once per reachable state.
 *
 * Forward, per run: the set of possible (index, done) descriptors at each
 * block, narrowed on the dispatch edges (switch on the loaded index, null
 * test of the resume pointer, constant conditions), and the set of slots
 * whose address has escaped.  Where the ramp or .resume can leave the
 * function (ret, resume, a call that may unwind) the coroutine is suspended
 * in each descriptor possible there: those are the states.  New states
 * create new runs; escaped sets flow into the runs of the states that
 * follow.  Iterate until nothing changes.
 *
 * Backward, per run: classic liveness over dense bitsets (QBE's live.c
 * shape), where leaving the function while suspended in state s makes
 * LiveIn(s) live, and so does a call made after the index store (it may
 * resume the coroutine before it returns: await_suspend).  LiveIn(s) is the
 * union of the live-in sets of the runs started in s.  Iterate until no
 * LiveIn changes, solving a run again only when the LiveIn of a state it
 * reads (listed on its first solve) grew since.  An escaped slot is live
 * at every point from its escape on (brief rule 4), including every later
 * state.
 *
 * Soundness rests on: every access to a movable slot is an event (access.c
 * checks that); execution only enters the clones through their entry in a
 * state recorded at some exit; exits and re-entering calls see LiveIn of
 * every descriptor possible there.  Narrowing only removes edges that
 * cannot be taken in the given state.
 *
 * Cost: runs = ramp-like functions + 3 x states.  A run stores and visits
 * only the blocks it reaches (numbered locally, in block order, after its
 * forward solve): a .resume run from one state usually reaches the code up
 * to the next suspend, not the whole function, so the total is about
 * blocks x (descriptors + slots) / 64 words per sweep instead of states x
 * blocks x (descriptors + slots) / 64 (utils/bench/scaling.py measured
 * S^2.6 time and S^2.5 memory with runs over all blocks).  Descriptor sets
 * are walked by their set bits.  States and the runs started in them are
 * linked both ways, so an exit dirties its <= 3 runs directly.
 *
 * Memory: a run's per-block sets are dense only while the run is solved
 * (one scratch for all runs); at rest they are packed (cp_rows), which at
 * 10,000 suspend points took the peak from hundreds of megabytes to a few
 * (docs/benchmarks.md, section 13).  A block walk keeps O(events) bytes:
 * descriptor versions and an undo log, not a snapshot per event.
 */
#include "coro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cp_rows: n sets of w words each, packed, whichever is smallest: as
   lists (list[idx[k] .. idx[k + 1]) are the members of set k: a run from
   a state starts with that state's one or two descriptors, few slots are
   live or escaped in a state), as lists of the bits that differ from set
   0 (the slots possibly written: the state's set, give or take the few
   the run writes), or dense (a copy).  All NULL: every set is empty.
   Dense sets for every block of every run were O(states^2 + states x
   slots) bits: nearly all the memory, and with it the time, at 10,000
   suspend points.  Runs whose sets are CP_ROWS_SMALL words in all stay
   dense: packing them cost more than it saved (most runs of most
   coroutines: one word per set, a few dozen blocks). */
#define CP_ROWS_SMALL 64
typedef struct cp_rows {
  cp_word *dense;
  cp_word *base;      /* not NULL: set k is base with the bits of its list flipped */
  unsigned *idx, *list;
} cp_rows;

/* A run: one function entered one way.  Its arrays are indexed by local
   block numbers 0..n-1; blk maps them to the function's block numbers
   (ascending once the forward solve is done).  While a run is being
   processed, L->loc[block] holds the local number or -1 (cp_enter,
   cp_leave); at other times L->loc is all -1. */
typedef struct cp_run {
  unsigned fi;
  int start;          /* state id, or -1: from the function entry (ramp-like) */
  unsigned n, cap;    /* blocks reached, room */
  unsigned first_cap; /* room to start with: small functions get all */
  unsigned *blk;      /* local -> block */
  /* Per local block, packed (cp_rows) while the run is at rest, dense in
     L's scratch (sfd, sfe, sfw, sli) while it is solved: */
  cp_rows fd;         /* descriptors at entry */
  cp_rows fe;         /* escaped slots at entry */
  cp_rows fw;         /* slots possibly written before it */
  cp_rows li;         /* live-in slots */
  unsigned char *saved;
  int dirty;          /* forward: to be solved again */
  int bdirty;         /* backward: a state it reads grew since its last solve */
  unsigned nsolved;   /* backward solves so far */
} cp_run;

/* "run reads state s's live set": an element of the list of s's readers
   (cp_live.rd_head), recorded on the run's first backward solve. */
typedef struct cp_reader {
  unsigned run;
  int next;
} cp_reader;

typedef struct cp_vi {
  long long v;
  unsigned i;
} cp_vi;

typedef struct cp_live {
  unsigned nvals;     /* dense index values */
  long long *vals;
  cp_vi *sorted;      /* (value, dense index) by value */
  unsigned nd;        /* descriptors: 2 * (nvals + 2) */
  size_t wd, ws;      /* words per descriptor set / slot set */
  int *desc_state;    /* descriptor -> state id or -1 */
  cp_word **state_live, **state_esc, **state_def;
  unsigned *state_run0, *state_nrun; /* runs started in state s */
  int *state_desc, *desc_next; /* descriptors of state s: a list */
  unsigned capst;
  cp_run *runs;
  unsigned nruns, capruns;
  /* scratch for the walk of one block, per event i: the descriptors
     before it (dver + snap_di[i] * wd: a new version only where an index
     or done store changes them), the saved flag before it, and the escape
     and write bits of its slot before it (snap_ew: bit 0 escaped, bit 1
     written; cp_undo).  O(events) bytes, not O(events x slots) bits. */
  cp_word *dver;
  unsigned *snap_di;
  unsigned char *snap_s, *snap_ew;
  size_t maxev;
  cp_word *tmp_d, *tmp_e, *tmp_l, *tmp_f, *tmp_w, *tmp_f2;
  int *loc;           /* block -> local number in the run being processed */
  unsigned *wl;       /* forward worklist (block numbers) */
  unsigned char *inwl;
  unsigned *cand;     /* scratch: edges a block may take (cp_candidates) */
  cp_arena *arena;    /* for the edge masks */
  /* the sets of the run being solved, dense, sfd_cap rows each */
  cp_word *sfd, *sfe, *sfw, *sli;
  unsigned sfd_cap;
  /* backward: the runs that read each state's live set (lists in rd,
     heads per state), recorded while `recording` for run cur_run;
     rd_stamp[s] == cur_run + 1 once the pair is listed */
  int *rd_head;
  unsigned *rd_stamp;
  cp_reader *rd;
  unsigned nrd, caprd;
  int recording;
  unsigned cur_run;
} cp_live;

/* The edges of a block with many successors (the dispatch switch of a
   clone has one per suspend point), by index value: edges[first[vi] ..
   first[vi + 1]) take value vi, edges[first[nvals] .. n) take any value.
   Without it every run would test every edge of the dispatch block: cubic
   in the suspend points. */
typedef struct cp_dispatch {
  unsigned *first, *edges;
  unsigned n;
} cp_dispatch;
#define CP_DISPATCH_MIN 16 /* successors before a block gets a table */

#define CP_UNK(L) ((L)->nvals)
#define CP_NONE(L) ((L)->nvals + 1)

/* cp_val_index: dense index of index value v, or -1 (binary search of
   the sorted copy made by cp_index_vals). */
static int cp_val_index(const cp_live *L, long long v) {
  unsigned lo = 0, hi = L->nvals;
  while (lo < hi) {
    unsigned mid = lo + (hi - lo) / 2;
    if (L->sorted[mid].v < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < L->nvals && L->sorted[lo].v == v ? (int)L->sorted[lo].i : -1;
}

static int cp_vi_pos_cmp(const void *a, const void *b) {
  const cp_vi *x = a, *y = b;
  return (x->i > y->i) - (x->i < y->i);
}

static int cp_vi_cmp(const void *a, const void *b) {
  const cp_vi *x = a, *y = b;
  if (x->v != y->v) return x->v < y->v ? -1 : 1;
  return (x->i > y->i) - (x->i < y->i);
}

/* cp_index_vals: the distinct index values of every index store and
   dispatch edge of c, numbered in order of first appearance (blocks in
   function order), into L->vals, and their sorted copy.  O(v log v). */
static void cp_index_vals(cp_coro *c, cp_live *L) {
  size_t n = 0, cap = 16;
  cp_vi *all = malloc(sizeof *all * cap);
  if (!all) cp_oom();
#define CP_PUSH_VAL(x)                                                         \
  do {                                                                         \
    if (n == cap) {                                                            \
      cap *= 2;                                                                \
      all = realloc(all, sizeof *all * cap);                                   \
      if (!all) cp_oom();                                                      \
    }                                                                          \
    all[n].v = (x);                                                            \
    all[n].i = (unsigned)n;                                                    \
    n++;                                                                       \
  } while (0)
  for (unsigned fi = 0; fi < c->nfuncs; fi++)
    for (unsigned b = 0; b < c->funcs[fi].nblocks; b++) {
      cp_block *blk = &c->funcs[fi].blocks[b];
      for (size_t i = 0; i < blk->nev; i++)
        if (blk->ev[i].kind == CP_EV_IDX) CP_PUSH_VAL(blk->ev[i].val);
      for (unsigned k = 0; k < blk->nsucc; k++)
        if (blk->succ[k].kind == CP_EDGE_IDX_IN)
          for (unsigned j = 0; j < blk->succ[k].nvals; j++) CP_PUSH_VAL(blk->succ[k].vals[j]);
    }
#undef CP_PUSH_VAL
  /* first appearance of each value, then back in appearance order */
  CP_SORT(cp_vi, all, n, cp_vi_cmp);
  size_t m = 0;
  for (size_t k = 0; k < n; k++)
    if (m == 0 || all[m - 1].v != all[k].v) all[m++] = all[k];
  CP_SORT(cp_vi, all, m, cp_vi_pos_cmp);
  L->nvals = (unsigned)m;
  L->vals = CP_NEW(&c->arena, long long, m + 1);
  L->sorted = CP_NEW(&c->arena, cp_vi, m + 1);
  for (size_t k = 0; k < m; k++) {
    L->vals[k] = all[k].v;
    L->sorted[k].v = all[k].v;
    L->sorted[k].i = (unsigned)k;
  }
  CP_SORT(cp_vi, L->sorted, m, cp_vi_cmp);
  free(all);
}

static int cp_records_exits(cp_role r) { return r != CP_DESTROY && r != CP_CLEANUP; }

/* cp_add_run: a run of function fi from state start (-1: from its entry),
   dirty, with no blocks yet. */
static cp_run *cp_add_run(cp_coro *c, cp_live *L, unsigned fi, int start) {
  if (L->nruns == L->capruns) {
    unsigned n = L->capruns ? L->capruns * 2 : 16;
    cp_run *nr = CP_NEW(&c->arena, cp_run, n);
    if (L->nruns) memcpy(nr, L->runs, L->nruns * sizeof *nr);
    L->runs = nr;
    L->capruns = n;
  }
  cp_run *r = &L->runs[L->nruns++];
  memset(r, 0, sizeof *r);
  r->fi = fi;
  r->start = start;
  r->first_cap = c->funcs[fi].nblocks <= 8 ? c->funcs[fi].nblocks + 1 : 4;
  r->dirty = 1;
  return r;
}

/* cp_grow_rows: rows [0, keep) of *a (w words each) in a new array of
   n rows. */
static void cp_grow_rows(cp_live *L, cp_word **a, unsigned keep, unsigned n, size_t w) {
  cp_word *na = CP_NEW(L->arena, cp_word, (size_t)n * w);
  if (keep) memcpy(na, *a, (size_t)keep * w * sizeof(cp_word));
  *a = na;
}

/* cp_scratch_room: room for n rows in each of L's scratch set arrays
   (the rows of the run being solved are kept). */
static void cp_scratch_room(cp_live *L, unsigned n) {
  if (n <= L->sfd_cap) return;
  unsigned cap = L->sfd_cap ? L->sfd_cap : 64;
  while (cap < n) cap *= 2;
  unsigned keep = L->sfd_cap;
  cp_grow_rows(L, &L->sfd, keep, cap, L->wd);
  cp_grow_rows(L, &L->sfe, keep, cap, L->ws);
  cp_grow_rows(L, &L->sfw, keep, cap, L->ws);
  cp_grow_rows(L, &L->sli, keep, cap, L->ws);
  L->sfd_cap = cap;
}

/* cp_rows_pack: n sets of w words from src, packed into *p (cp_rows). */
static void cp_rows_pack(cp_live *L, cp_rows *p, const cp_word *src, unsigned n, size_t w) {
  *p = (cp_rows){0};
  if ((size_t)n * w <= CP_ROWS_SMALL) { /* a few words: dense, not worth counting */
    cp_word any = 0;
    for (size_t i = 0; i < (size_t)n * w; i++) any |= src[i];
    if (!any) return; /* all empty: nothing kept (most sets at 10,000 states) */
    p->dense = CP_NEW_RAW(L->arena, cp_word, (size_t)n * w);
    cp_bits_copy(p->dense, src, (size_t)n * w);
    return;
  }
  size_t bits = 0, xbits = 0;
  for (size_t i = 0; i < (size_t)n * w; i++) {
    bits += (size_t)cp_popcount(src[i]);
    xbits += (size_t)cp_popcount(src[i] ^ src[i % w]);
  }
  if (!bits) return;
  /* sizes in 32-bit units */
  size_t dense = (size_t)n * w * 2, lists = bits + n + 1, delta = w * 2 + xbits + n + 1;
  if (dense <= lists && dense <= delta) {
    p->dense = CP_NEW(L->arena, cp_word, (size_t)n * w);
    memcpy(p->dense, src, (size_t)n * w * sizeof(cp_word));
    return;
  }
  const cp_word *b = NULL;
  if (delta < lists) {
    p->base = CP_NEW(L->arena, cp_word, w);
    cp_bits_copy(p->base, src, w);
    b = src;
  }
  p->idx = CP_NEW(L->arena, unsigned, n + 1);
  p->list = CP_NEW(L->arena, unsigned, (b ? xbits : bits) + 1);
  unsigned m = 0;
  for (unsigned k = 0; k < n; k++) {
    p->idx[k] = m;
    for (size_t j = 0; j < w; j++)
      for (cp_word x = src[(size_t)k * w + j] ^ (b ? b[j] : 0); x; x &= x - 1)
        p->list[m++] = (unsigned)(j * 64 + (size_t)__builtin_ctzll(x));
  }
  p->idx[n] = m;
}

/* cp_rows_get: set k of *p (w words) into out (cp_rows_unpack: when
   packed). */
static void cp_rows_unpack(const cp_rows *p, unsigned k, size_t w, cp_word *out);
static inline void cp_rows_get(const cp_rows *p, unsigned k, size_t w, cp_word *out) {
  if (p->dense) cp_bits_copy(out, p->dense + (size_t)k * w, w); /* most runs: in line */
  else cp_rows_unpack(p, k, w, out);
}

static void cp_rows_unpack(const cp_rows *p, unsigned k, size_t w, cp_word *out) {
  if (p->base) cp_bits_copy(out, p->base, w);
  else cp_bits_zero(out, w);
  if (p->list)
    for (unsigned i = p->idx[k]; i < p->idx[k + 1]; i++)
      out[p->list[i] >> 6] ^= (cp_word)1 << (p->list[i] & 63);
}

/* cp_run_block: local number of block b in run r (being processed), added
   with empty sets if r has not reached it yet. */
static unsigned cp_run_block(cp_live *L, cp_run *r, unsigned b) {
  if (L->loc[b] >= 0) return (unsigned)L->loc[b];
  if (r->n == r->cap) {
    unsigned n = r->cap ? r->cap * 2 : r->first_cap;
    unsigned *blk = CP_NEW(L->arena, unsigned, n);
    unsigned char *sv = CP_NEW(L->arena, unsigned char, n);
    if (r->n) {
      memcpy(blk, r->blk, r->n * sizeof *blk);
      memcpy(sv, r->saved, r->n);
    }
    r->blk = blk, r->saved = sv;
    r->cap = n;
  }
  cp_scratch_room(L, r->n + 1);
  unsigned k = r->n++;
  r->blk[k] = b;
  cp_bits_zero(L->sfd + (size_t)k * L->wd, L->wd);
  cp_bits_zero(L->sfe + (size_t)k * L->ws, L->ws);
  cp_bits_zero(L->sfw + (size_t)k * L->ws, L->ws);
  r->saved[k] = 0;
  L->loc[b] = (int)k;
  return k;
}

/* cp_enter / cp_leave: make L->loc describe run r's blocks, and undo it. */
static void cp_enter(cp_live *L, const cp_run *r) {
  for (unsigned k = 0; k < r->n; k++) L->loc[r->blk[k]] = (int)k;
}
static void cp_leave(cp_live *L, const cp_run *r) {
  for (unsigned k = 0; k < r->n; k++) L->loc[r->blk[k]] = -1;
}

/* cp_enter_live: enter run r (cp_enter) with its live-in sets dense in
   L->sli, for the backward solve and the walk of the live points. */
static void cp_enter_live(cp_live *L, const cp_run *r) {
  cp_enter(L, r);
  cp_scratch_room(L, r->n);
  for (unsigned k = 0; k < r->n; k++) cp_rows_get(&r->li, k, L->ws, L->sli + (size_t)k * L->ws);
}

static int cp_uns_cmp(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return (x > y) - (x < y);
}

static int cp_ull_cmp(const void *a, const void *b) {
  unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
  return (x > y) - (x < y);
}

/* cp_permute: rows of w words of a (n rows) reordered so that row k is
   old row perm[k]; t is scratch for n * w words. */
static void cp_permute(cp_word *a, size_t w, const unsigned *perm, unsigned n, cp_word *t) {
  for (unsigned k = 0; k < n; k++) memcpy(t + (size_t)k * w, a + (size_t)perm[k] * w, w * sizeof *t);
  memcpy(a, t, (size_t)n * w * sizeof *t);
}

/* cp_run_sort: renumber run r's local blocks in ascending block order
   (r must not be entered). */
static void cp_run_sort(cp_live *L, cp_run *r) {
  unsigned n = r->n;
  int sorted = 1;
  for (unsigned k = 1; k < n && sorted; k++) sorted = r->blk[k - 1] < r->blk[k];
  if (sorted) return;
  unsigned long long *key = malloc(sizeof *key * n);
  unsigned *perm = malloc(sizeof *perm * n);
  size_t w = L->wd > L->ws ? L->wd : L->ws;
  cp_word *t = malloc(sizeof(cp_word) * n * w);
  unsigned char *ts = malloc(n);
  if (!key || !perm || !t || !ts) cp_oom();
  for (unsigned k = 0; k < n; k++) key[k] = (unsigned long long)r->blk[k] << 32 | k;
  CP_SORT(unsigned long long, key, n, cp_ull_cmp); /* distinct keys */
  for (unsigned k = 0; k < n; k++) perm[k] = (unsigned)(key[k] & 0xffffffffu);
  for (unsigned k = 0; k < n; k++) r->blk[k] = (unsigned)(key[k] >> 32);
  cp_permute(L->sfd, L->wd, perm, n, t);
  cp_permute(L->sfe, L->ws, perm, n, t);
  cp_permute(L->sfw, L->ws, perm, n, t);
  for (unsigned k = 0; k < n; k++) ts[k] = r->saved[perm[k]];
  memcpy(r->saved, ts, n);
  free(key), free(perm), free(t), free(ts);
}

/* cp_state_for: state id of descriptor d, created on first sight (with
   its runs).  from_ramp marks states entered from the ramp. */
static int cp_state_for(cp_coro *c, cp_live *L, unsigned d, int from_ramp, int unwind) {
  if (L->desc_state[d] >= 0) {
    if (!unwind && from_ramp) c->states[L->desc_state[d]].from_ramp = 1;
    else if (!unwind) c->states[L->desc_state[d]].from_clone = 1;
    return L->desc_state[d];
  }
  unsigned vi = d / 2;
  long long idx = vi < L->nvals ? L->vals[vi] : CP_IDX_UNKNOWN;
  unsigned before = c->nstates;
  unsigned s = cp_state_id(c, idx, (int)(d & 1), from_ramp && !unwind);
  L->desc_state[d] = (int)s;
  if (!from_ramp && !unwind) c->states[s].from_clone = 1;
  if (c->nstates == before) { /* another descriptor's state */
    L->desc_next[d] = L->state_desc[s];
    L->state_desc[s] = (int)d;
    return (int)s;
  }
  if (c->nstates > L->capst) {
    unsigned n = L->capst ? L->capst * 2 : 16;
    while (n < c->nstates) n *= 2;
    cp_word **nl = CP_NEW(&c->arena, cp_word *, n);
    cp_word **ne = CP_NEW(&c->arena, cp_word *, n);
    cp_word **nw = CP_NEW(&c->arena, cp_word *, n);
    unsigned *r0 = CP_NEW(&c->arena, unsigned, n);
    unsigned *nr = CP_NEW(&c->arena, unsigned, n);
    int *sd = CP_NEW(&c->arena, int, n);
    if (L->capst) {
      memcpy(sd, L->state_desc, L->capst * sizeof *sd);
      memcpy(nl, L->state_live, L->capst * sizeof *nl);
      memcpy(ne, L->state_esc, L->capst * sizeof *ne);
      memcpy(nw, L->state_def, L->capst * sizeof *nw);
      memcpy(r0, L->state_run0, L->capst * sizeof *r0);
      memcpy(nr, L->state_nrun, L->capst * sizeof *nr);
    }
    L->state_live = nl, L->state_esc = ne, L->state_def = nw;
    L->state_run0 = r0, L->state_nrun = nr, L->state_desc = sd;
    L->capst = n;
  }
  L->state_live[s] = CP_NEW(&c->arena, cp_word, L->ws);
  L->state_esc[s] = CP_NEW(&c->arena, cp_word, L->ws);
  L->state_def[s] = CP_NEW(&c->arena, cp_word, L->ws);
  L->desc_next[d] = -1;
  L->state_desc[s] = (int)d;
  L->state_run0[s] = L->nruns;
  L->state_nrun[s] = 0;
  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    cp_role r = c->funcs[fi].role;
    if ((r == CP_RESUME && !(d & 1)) || r == CP_DESTROY || r == CP_CLEANUP) {
      cp_add_run(c, L, fi, (int)s);
      L->state_nrun[s]++;
    }
  }
  return (int)s;
}

/* cp_edge_keeps: can descriptor d take edge e?  (The definition; cp_mask
   caches it per edge.) */
static int cp_edge_keeps(const cp_live *L, const cp_edge *e, unsigned d) {
  unsigned vi = d / 2, done = d & 1;
  switch (e->kind) {
  case CP_EDGE_ANY: return 1;
  case CP_EDGE_DEAD: return 0;
  case CP_EDGE_DONE: return (int)done;
  case CP_EDGE_NOTDONE: return !done;
  case CP_EDGE_IDX_IN:
  case CP_EDGE_IDX_NOTIN: {
    if (vi == CP_UNK(L)) return 1;
    if (vi == CP_NONE(L)) return e->kind == CP_EDGE_IDX_NOTIN;
    int in_vals = 0;
    for (unsigned k = 0; k < e->nvals; k++)
      if (e->vals[k] == L->vals[vi]) in_vals = 1;
    return e->kind == CP_EDGE_IDX_IN ? in_vals : !in_vals;
  }
  }
  return 1;
}

/* cp_mask: the descriptors that can take edge e (cp_edge_keeps as a
   set), made on first use in O(descriptors / 64 + values of e) and kept:
   cp_filter is then one AND per word.  (It used to test every descriptor
   against every value of the edge on each call, cubic in the suspend
   points: utils/bench/scaling.py, 95% of the time at S = 300.) */
static const cp_word *cp_mask(cp_live *L, const cp_edge *e) {
  if (e->mask) return e->mask;
  cp_word *m = CP_NEW(L->arena, cp_word, L->wd);
  const cp_word odd = 0xAAAAAAAAAAAAAAAAull;
  switch (e->kind) {
  case CP_EDGE_DONE:
  case CP_EDGE_NOTDONE:
    for (size_t i = 0; i < L->wd; i++) m[i] = e->kind == CP_EDGE_DONE ? odd : ~odd;
    break;
  case CP_EDGE_IDX_IN:
  case CP_EDGE_IDX_NOTIN: {
    int in = e->kind == CP_EDGE_IDX_IN;
    for (size_t i = 0; i < L->wd; i++) m[i] = in ? 0 : ~(cp_word)0;
    for (unsigned k = 0; k < e->nvals; k++) {
      int vi = cp_val_index(L, e->vals[k]);
      if (vi < 0) continue;
      if (in) {
        cp_bit_set(m, 2 * (unsigned)vi);
        cp_bit_set(m, 2 * (unsigned)vi + 1);
      } else {
        cp_bit_clr(m, 2 * (unsigned)vi);
        cp_bit_clr(m, 2 * (unsigned)vi + 1);
      }
    }
    /* an unknown index may take any dispatch edge; no index only the
       default one */
    cp_bit_set(m, 2 * CP_UNK(L));
    cp_bit_set(m, 2 * CP_UNK(L) + 1);
    if (in) {
      cp_bit_clr(m, 2 * CP_NONE(L));
      cp_bit_clr(m, 2 * CP_NONE(L) + 1);
    }
    break;
  }
  default:
    for (unsigned d = 0; d < L->nd; d++)
      if (cp_edge_keeps(L, e, d)) cp_bit_set(m, d);
  }
  /* no descriptor beyond nd */
  if (L->nd % 64) m[L->wd - 1] &= ((cp_word)1 << (L->nd % 64)) - 1;
  ((cp_edge *)e)->mask = m;
  return m;
}

/* cp_filter: descriptors of in that can take edge e, into out.  Returns
   0 when none can. */
static int cp_filter(cp_live *L, const cp_edge *e, const cp_word *in, cp_word *out) {
  if (e->kind == CP_EDGE_DEAD) return 0;
  if (e->kind == CP_EDGE_ANY) {
    cp_bits_copy(out, in, L->wd);
    return !cp_bits_empty(out, L->wd);
  }
  const cp_word *m = cp_mask(L, e);
  int any = 0;
  for (size_t i = 0; i < L->wd; i++) {
    out[i] = in[i] & m[i];
    any |= out[i] != 0;
  }
  return any;
}

/* cp_takes: whether some descriptor of in can take edge e (cp_filter
   without the result). */
static int cp_takes(cp_live *L, const cp_edge *e, const cp_word *in) {
  if (e->kind == CP_EDGE_DEAD) return 0;
  if (e->kind == CP_EDGE_ANY) return !cp_bits_empty(in, L->wd);
  const cp_word *m = cp_mask(L, e);
  for (size_t i = 0; i < L->wd; i++)
    if (in[i] & m[i]) return 1;
  return 0;
}

/* cp_make_dispatch: the table of block blk (see cp_dispatch). */
static void cp_make_dispatch(cp_live *L, const cp_block *blk) {
  cp_dispatch *t = CP_NEW(L->arena, cp_dispatch, 1);
  t->first = CP_NEW(L->arena, unsigned, L->nvals + 2);
  unsigned total = 0;
  for (unsigned k = 0; k < blk->nsucc; k++)
    total += blk->succ[k].kind == CP_EDGE_IDX_IN ? blk->succ[k].nvals : 1;
  t->edges = CP_NEW(L->arena, unsigned, total + 1);
  /* count, prefix sums, fill (edges stay ascending within each list) */
  unsigned *cnt = CP_NEW(L->arena, unsigned, L->nvals + 2);
  for (unsigned k = 0; k < blk->nsucc; k++) {
    const cp_edge *e = &blk->succ[k];
    if (e->kind != CP_EDGE_IDX_IN) {
      cnt[L->nvals]++;
      continue;
    }
    for (unsigned j = 0; j < e->nvals; j++) {
      int vi = cp_val_index(L, e->vals[j]);
      cnt[vi < 0 ? L->nvals : (unsigned)vi]++;
    }
  }
  unsigned acc = 0;
  for (unsigned v = 0; v <= L->nvals; v++) {
    t->first[v] = acc;
    acc += cnt[v];
    cnt[v] = t->first[v];
  }
  t->first[L->nvals + 1] = acc;
  for (unsigned k = 0; k < blk->nsucc; k++) {
    const cp_edge *e = &blk->succ[k];
    if (e->kind != CP_EDGE_IDX_IN) {
      t->edges[cnt[L->nvals]++] = k;
      continue;
    }
    for (unsigned j = 0; j < e->nvals; j++) {
      int vi = cp_val_index(L, e->vals[j]);
      t->edges[cnt[vi < 0 ? L->nvals : (unsigned)vi]++] = k;
    }
  }
  t->n = acc;
  ((cp_block *)blk)->dispatch = t;
}

/* cp_candidates: the edges of blk that descriptors D may take, ascending,
   into L->cand; returns their number.  A superset (cp_filter decides);
   all edges unless blk has a dispatch table and D no unknown index. */
static unsigned cp_candidates(cp_live *L, const cp_block *blk, const cp_word *D) {
  const cp_dispatch *t = blk->dispatch;
  if (!t || cp_bit_get(D, 2 * CP_UNK(L)) || cp_bit_get(D, 2 * CP_UNK(L) + 1)) {
    for (unsigned k = 0; k < blk->nsucc; k++) L->cand[k] = k;
    return blk->nsucc;
  }
  unsigned n = 0;
  for (unsigned j = t->first[L->nvals]; j < t->first[L->nvals + 1]; j++) L->cand[n++] = t->edges[j];
  unsigned last_vi = ~0u;
  CP_FOR_BITS(d, D, L->wd) {
    unsigned vi = d / 2;
    if (vi >= L->nvals || vi == last_vi) continue;
    last_vi = vi;
    for (unsigned j = t->first[vi]; j < t->first[vi + 1]; j++) L->cand[n++] = t->edges[j];
  }
  /* ascending and distinct: the order edges are followed in decides the
     order states are found in */
  CP_SORT(unsigned, L->cand, n, cp_uns_cmp);
  if (n > 1) {
    unsigned m = 1;
    for (unsigned k = 1; k < n; k++)
      if (L->cand[k] != L->cand[m - 1]) L->cand[m++] = L->cand[k];
    n = m;
  }
  return n;
}

/* cp_apply: forward transfer of event e on (D, E, saved). */
static void cp_apply(const cp_live *L, const cp_event *e, cp_word *D,
                     cp_word *E, cp_word *W, unsigned char *saved) {
  if (e->kind == CP_EV_ESCAPE) {
    cp_bit_set(E, e->slot);
    cp_bit_set(W, e->slot);
  } else if (e->kind == CP_EV_END) {
    /* dead: no escaped pointer may touch it, its bytes hold nothing */
    cp_bit_clr(E, e->slot);
    cp_bit_clr(W, e->slot);
  } else if (e->kind == CP_EV_ACCESS) {
    if (e->flags & CP_F_WRITE) cp_bit_set(W, e->slot);
  } else if (e->kind == CP_EV_IDX) {
    /* every descriptor (v, done) becomes (e->val, done); descriptor pairs
       never straddle a word */
    const cp_word odd = 0xAAAAAAAAAAAAAAAAull;
    cp_word any_even = 0, any_odd = 0;
    for (size_t i = 0; i < L->wd; i++) {
      any_even |= D[i] & ~odd;
      any_odd |= D[i] & odd;
    }
    unsigned vi = (unsigned)cp_val_index(L, e->val);
    cp_bits_zero(D, L->wd);
    if (any_even) cp_bit_set(D, vi * 2);
    if (any_odd) cp_bit_set(D, vi * 2 + 1);
    *saved = 1;
  } else if (e->kind == CP_EV_DONE) {
    const cp_word odd = 0xAAAAAAAAAAAAAAAAull;
    for (size_t i = 0; i < L->wd; i++)
      D[i] = e->val ? ((D[i] & ~odd) << 1) | (D[i] & odd)
                    : (D[i] & ~odd) | ((D[i] & odd) >> 1);
    if (e->val) *saved = 1;
  }
}

/* cp_exit: the coroutine leaves run r's function in descriptors D with
   escapes E. */
static void cp_exit(cp_coro *c, cp_live *L, const cp_run *r, const cp_word *D,
                    const cp_word *E, const cp_word *W, int unwind) {
  cp_role role = c->funcs[r->fi].role;
  if (!cp_records_exits(role)) return;
  CP_FOR_BITS(d, D, L->wd) {
    if (d / 2 == CP_NONE(L)) continue;
    int s = cp_state_for(c, L, d, role != CP_RESUME, unwind);
    int ch = cp_bits_or(L->state_esc[s], E, L->ws);
    ch |= cp_bits_or(L->state_def[s], W, L->ws);
    if (ch)
      for (unsigned k = 0; k < L->state_nrun[s]; k++) L->runs[L->state_run0[s] + k].dirty = 1;
  }
}

/* cp_forward: solve run ri's forward problem from scratch, over the
   blocks it reaches; leaves them numbered in block order. */
static void cp_forward(cp_coro *c, cp_live *L, unsigned ri) {
  cp_func *f = &c->funcs[L->runs[ri].fi];
  cp_run *r = &L->runs[ri];
  r->n = 0;
  if (!f->nblocks) return;
  unsigned *wl = L->wl;
  unsigned char *inwl = L->inwl;
  size_t nwl = 0;
  unsigned k0 = cp_run_block(L, r, 0);
  if (r->start < 0) {
    unsigned vi = c->index_slot >= 0 ? CP_NONE(L) : CP_UNK(L);
    cp_bit_set(L->sfd + (size_t)k0 * L->wd, vi * 2);
  } else {
    for (int d = L->state_desc[r->start]; d >= 0; d = L->desc_next[d])
      cp_bit_set(L->sfd + (size_t)k0 * L->wd, (unsigned)d);
    cp_bits_copy(L->sfe + (size_t)k0 * L->ws, L->state_esc[r->start], L->ws);
    cp_bits_copy(L->sfw + (size_t)k0 * L->ws, L->state_def[r->start], L->ws);
  }
  wl[nwl++] = 0;
  inwl[0] = 1;
  cp_word *D = L->tmp_d, *E = L->tmp_e, *F = L->tmp_f, *W = L->tmp_w;
  while (nwl) {
    unsigned b = wl[--nwl];
    inwl[b] = 0;
    r = &L->runs[ri]; /* runs may move when states are created */
    unsigned kb = (unsigned)L->loc[b];
    cp_block *blk = &f->blocks[b];
    cp_bits_copy(D, L->sfd + (size_t)kb * L->wd, L->wd);
    cp_bits_copy(E, L->sfe + (size_t)kb * L->ws, L->ws);
    cp_bits_copy(W, L->sfw + (size_t)kb * L->ws, L->ws);
    unsigned char saved = r->saved[kb];
    for (size_t i = 0; i < blk->nev; i++) {
      const cp_event *e = &blk->ev[i];
      if (e->kind == CP_EV_CALL && (e->flags & CP_F_UNWINDS)) {
        cp_exit(c, L, r, D, E, W, 1);
        r = &L->runs[ri];
      }
      cp_apply(L, e, D, E, W, &saved);
    }
    if (blk->is_exit) cp_exit(c, L, r, D, E, W, 0);
    r = &L->runs[ri];
    unsigned nc = cp_candidates(L, blk, D);
    for (unsigned ci = 0; ci < nc; ci++) {
      const cp_edge *e = &blk->succ[L->cand[ci]];
      if (!cp_filter(L, e, D, F)) continue;
      if (e->to == CP_TO_EXIT) {
        cp_exit(c, L, r, F, E, W, 0);
        r = &L->runs[ri];
        continue;
      }
      unsigned t = e->to;
      int ch = L->loc[t] < 0;
      unsigned kt = cp_run_block(L, r, t);
      ch |= cp_bits_or(L->sfd + (size_t)kt * L->wd, F, L->wd);
      ch |= cp_bits_or(L->sfe + (size_t)kt * L->ws, E, L->ws);
      ch |= cp_bits_or(L->sfw + (size_t)kt * L->ws, W, L->ws);
      if (saved && !r->saved[kt]) {
        r->saved[kt] = 1;
        ch = 1;
      }
      if (ch && !inwl[t]) {
        inwl[t] = 1;
        wl[nwl++] = t;
      }
    }
  }
  cp_leave(L, r);
  cp_run_sort(L, r);
  cp_rows_pack(L, &r->fd, L->sfd, r->n, L->wd);
  cp_rows_pack(L, &r->fe, L->sfe, r->n, L->ws);
  cp_rows_pack(L, &r->fw, L->sfw, r->n, L->ws);
  r->li = (cp_rows){0}; /* nothing is live before the backward solve */
}

/* cp_new_dver: store D as the next descriptor version of the block being
   walked; returns its number. */
static unsigned cp_new_dver(cp_live *L, unsigned *nv, const cp_word *D) {
  cp_bits_copy(L->dver + (size_t)*nv * L->wd, D, L->wd);
  return (*nv)++;
}

/* cp_snap_d: the descriptors before event i of the block last walked. */
static const cp_word *cp_snap_d(const cp_live *L, size_t i) {
  return L->dver + (size_t)L->snap_di[i] * L->wd;
}

/* cp_changes_d: does event e change the descriptors (cp_apply)? */
static int cp_changes_d(const cp_event *e) {
  return e->kind == CP_EV_IDX || e->kind == CP_EV_DONE;
}

/* cp_changes_ew: can event e change the escape or write set (cp_apply;
   only the bits of its slot)? */
static int cp_changes_ew(const cp_event *e) {
  return e->kind == CP_EV_ESCAPE || e->kind == CP_EV_END || e->kind == CP_EV_ACCESS;
}

/* cp_snapshots: walk local block k of run r forward, recording before
   each event what cp_transfer_back needs (the descriptor version and the
   saved flag) and, when full, what cp_undo needs (the old escape and write
   bits of its slot); leaves the end descriptors in tmp_d and, when full,
   the end escape and write sets in tmp_e/tmp_w.  The backward sweeps walk
   every block in every sweep and need only the descriptors (not full: only
   the index and done stores are applied, which touch nothing else);
   cp_live_points needs it all. */
static void cp_snapshots(cp_coro *c, cp_live *L, const cp_run *r, unsigned k, int full) {
  cp_block *blk = &c->funcs[r->fi].blocks[r->blk[k]];
  cp_word *D = L->tmp_d, *E = L->tmp_e, *W = L->tmp_w;
  cp_rows_get(&r->fd, k, L->wd, D);
  if (full) {
    cp_rows_get(&r->fe, k, L->ws, E);
    cp_rows_get(&r->fw, k, L->ws, W);
  }
  if (!blk->nev) return;
  unsigned char saved = r->saved[k];
  unsigned nv = 0, v = cp_new_dver(L, &nv, D);
  for (size_t i = 0; i < blk->nev; i++) {
    const cp_event *e = &blk->ev[i];
    L->snap_di[i] = v;
    L->snap_s[i] = saved;
    if (full && cp_changes_ew(e))
      L->snap_ew[i] = (unsigned char)(cp_bit_get(E, e->slot) | cp_bit_get(W, e->slot) << 1);
    if (full || cp_changes_d(e)) cp_apply(L, e, D, E, W, &saved);
    if (cp_changes_d(e) && i + 1 < blk->nev) v = cp_new_dver(L, &nv, D);
  }
}

/* cp_undo: E and W after event i of the block last walked by
   cp_snapshots -> before it (cp_apply changes only the bits of its slot
   in them). */
static void cp_undo(const cp_live *L, const cp_event *e, size_t i, cp_word *E, cp_word *W) {
  if (!cp_changes_ew(e)) return;
  cp_bit_clr(E, e->slot);
  cp_bit_clr(W, e->slot);
  if (L->snap_ew[i] & 1) cp_bit_set(E, e->slot);
  if (L->snap_ew[i] & 2) cp_bit_set(W, e->slot);
}

/* cp_note_reader: run L->cur_run reads state s (cp_add_state_live). */
static void cp_note_reader(cp_live *L, unsigned s) {
  if (L->rd_stamp[s] == L->cur_run + 1) return;
  L->rd_stamp[s] = L->cur_run + 1;
  if (L->nrd == L->caprd) {
    unsigned n = L->caprd ? L->caprd * 2 : 64;
    cp_reader *nr = CP_NEW_RAW(L->arena, cp_reader, n);
    if (L->nrd) memcpy(nr, L->rd, L->nrd * sizeof *nr);
    L->rd = nr;
    L->caprd = n;
  }
  L->rd[L->nrd].run = L->cur_run;
  L->rd[L->nrd].next = L->rd_head[s];
  L->rd_head[s] = (int)L->nrd++;
}

static void cp_add_state_live(cp_live *L, cp_word *live, const cp_word *D) {
  CP_FOR_BITS(d, D, L->wd) {
    int s = L->desc_state[d];
    if (s < 0) continue;
    cp_bits_or(live, L->state_live[s], L->ws);
    if (L->recording) cp_note_reader(L, (unsigned)s);
  }
}

/* cp_block_out: live-out of local block k in run r (entered) into out
   (tmp_d must hold the end descriptors).  Returns 1 if an edge it
   followed goes back, to a local block <= k. */
static int cp_block_out(cp_coro *c, cp_live *L, const cp_run *r, unsigned k,
                        cp_word *out) {
  cp_block *blk = &c->funcs[r->fi].blocks[r->blk[k]];
  cp_bits_zero(out, L->ws);
  int back = 0;
  unsigned nc = cp_candidates(L, blk, L->tmp_d);
  for (unsigned ci = 0; ci < nc; ci++) {
    const cp_edge *e = &blk->succ[L->cand[ci]];
    if (e->to == CP_TO_EXIT) {
      if (cp_records_exits(c->funcs[r->fi].role) && cp_filter(L, e, L->tmp_d, L->tmp_f))
        cp_add_state_live(L, out, L->tmp_f);
      continue;
    }
    int kt = L->loc[e->to];
    if (kt < 0 || !cp_takes(L, e, L->tmp_d)) continue;
    back |= (unsigned)kt <= k;
    cp_bits_or(out, L->sli + (size_t)kt * L->ws, L->ws); /* r is entered */
  }
  if (blk->is_exit && cp_records_exits(c->funcs[r->fi].role))
    cp_add_state_live(L, out, L->tmp_d);
  return back;
}

/* cp_transfer_back: event i of blk backwards on live. */
static void cp_transfer_back(cp_coro *c, cp_live *L, const cp_run *r,
                             const cp_event *e, size_t i, cp_word *live) {
  switch (e->kind) {
  case CP_EV_ACCESS:
    if ((e->flags & CP_F_KILL) && !(e->flags & CP_F_READ)) cp_bit_clr(live, e->slot);
    if (e->flags & CP_F_READ) cp_bit_set(live, e->slot);
    break;
  case CP_EV_ESCAPE:
    cp_bit_set(live, e->slot);
    break;
  case CP_EV_END:
    cp_bit_clr(live, e->slot);
    break;
  case CP_EV_CALL:
    if (((e->flags & CP_F_REENTERS) && L->snap_s[i]) ||
        ((e->flags & CP_F_UNWINDS) && cp_records_exits(c->funcs[r->fi].role)))
      cp_add_state_live(L, live, cp_snap_d(L, i));
    break;
  default:
    break;
  }
}

/* cp_backward: solve run r's backward problem, from its current live-in
   sets (they only grow); returns 1 if LiveIn of its start state grew. */
static int cp_backward(cp_coro *c, cp_live *L, cp_run *r) {
  cp_func *f = &c->funcs[r->fi];
  int changed = 1;
  cp_word *live = L->tmp_l;
  cp_enter_live(L, r);
  int grew = 0;
  /* One sweep, last block first, is the fixpoint when every edge of the
     run goes to a later local block (blocks are numbered in function
     order, which is a topological order of most pieces): each block then
     sees its successors' final live-in sets.  Otherwise sweep until
     nothing changes. */
  int back = 0;
  while (changed) {
    changed = 0;
    for (unsigned k = r->n; k-- > 0;) {
      cp_block *blk = &f->blocks[r->blk[k]];
      cp_snapshots(c, L, r, k, 0);
      back |= cp_block_out(c, L, r, k, live);
      for (size_t i = blk->nev; i-- > 0;) cp_transfer_back(c, L, r, &blk->ev[i], i, live);
      if (!cp_bits_eq(live, L->sli + (size_t)k * L->ws, L->ws)) {
        cp_bits_copy(L->sli + (size_t)k * L->ws, live, L->ws);
        changed = grew = 1;
      }
    }
    if (!back) break;
  }
  if (grew) cp_rows_pack(L, &r->li, L->sli, r->n, L->ws);
  cp_leave(L, r);
  if (r->start < 0 || r->n == 0) return 0;
  /* A slot nothing may have written holds no value worth keeping. */
  cp_word *t = L->tmp_f2;
  cp_rows_get(&r->li, 0, L->ws, t); /* local 0 is block 0, the entry */
  const cp_word *def = L->state_def[r->start];
  for (size_t k = 0; k < L->ws; k++) t[k] &= def[k];
  return cp_bits_or(L->state_live[r->start], t, L->ws);
}

/* cp_state_slot: where (idx, done) is or goes in c->state_ix. */
static unsigned cp_state_slot(const cp_coro *c, long long idx, int done) {
  uint64_t h = ((uint64_t)idx * 2 + (uint64_t)done) * 0x9E3779B97F4A7C15ull;
  unsigned mask = c->state_ixcap - 1, i = (unsigned)(h >> 32) & mask;
  for (;;) {
    unsigned e = c->state_ix[i];
    if (!e || (c->states[e - 1].idx == idx && c->states[e - 1].done == done)) return i;
    i = (i + 1) & mask;
  }
}

/* cp_state_id: see coro.h.  Through a hash of (idx, done): a linear search
   made this quadratic in the states (30% of the pass at 10,000 suspend
   points). */
unsigned cp_state_id(cp_coro *c, long long idx, int done, int from_ramp) {
  if (c->nstates * 2 + 2 > c->state_ixcap) { /* grow, rehash */
    unsigned n = c->state_ixcap ? c->state_ixcap * 2 : 64;
    while (c->nstates * 2 + 2 > n) n *= 2;
    c->state_ix = CP_NEW(&c->arena, unsigned, n);
    c->state_ixcap = n;
    for (unsigned i = 0; i < c->nstates; i++)
      c->state_ix[cp_state_slot(c, c->states[i].idx, c->states[i].done)] = i + 1;
  }
  unsigned slot = cp_state_slot(c, idx, done);
  if (c->state_ix[slot]) {
    unsigned i = c->state_ix[slot] - 1;
    if (from_ramp) c->states[i].from_ramp = 1;
    return i;
  }
  c->state_ix[slot] = c->nstates + 1;
  if (c->nstates == c->capstates) {
    unsigned n = c->capstates ? c->capstates * 2 : 16;
    cp_state *ns = CP_NEW(&c->arena, cp_state, n);
    if (c->nstates) memcpy(ns, c->states, c->nstates * sizeof *ns);
    c->states = ns;
    c->capstates = n;
  }
  cp_state *s = &c->states[c->nstates];
  s->idx = idx;
  s->done = done;
  s->from_ramp = from_ramp;
  return c->nstates++;
}

/* cp_liveness: see coro.h. */
int cp_liveness(cp_coro *c) {
  cp_live *L = CP_NEW(&c->arena, cp_live, 1);
  c->live = L;
  size_t maxev = 1, maxdv = 1;
  unsigned maxnb = 1;
  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    if (c->funcs[fi].nblocks > maxnb) maxnb = c->funcs[fi].nblocks;
    for (unsigned b = 0; b < c->funcs[fi].nblocks; b++) {
      const cp_block *blk = &c->funcs[fi].blocks[b];
      if (blk->nev > maxev) maxev = blk->nev;
      size_t nd = 1; /* descriptor versions: the entry's and one per change */
      for (size_t i = 0; i < blk->nev; i++) nd += cp_changes_d(&blk->ev[i]);
      if (nd > maxdv) maxdv = nd;
    }
  }
  cp_index_vals(c, L);
  L->nd = 2 * (L->nvals + 2);
  L->wd = CP_WORDS(L->nd);
  L->ws = c->sw = CP_WORDS(c->nslots);
  L->desc_state = CP_NEW(&c->arena, int, L->nd);
  L->desc_next = CP_NEW(&c->arena, int, L->nd);
  for (unsigned d = 0; d < L->nd; d++) L->desc_state[d] = L->desc_next[d] = -1;
  L->loc = CP_NEW(&c->arena, int, maxnb);
  for (unsigned b = 0; b < maxnb; b++) L->loc[b] = -1;
  L->wl = CP_NEW(&c->arena, unsigned, maxnb + 1);
  L->inwl = CP_NEW(&c->arena, unsigned char, maxnb);
  L->arena = &c->arena;
  unsigned maxsucc = 1;
  for (unsigned fi = 0; fi < c->nfuncs; fi++)
    for (unsigned b = 0; b < c->funcs[fi].nblocks; b++) {
      const cp_block *blk = &c->funcs[fi].blocks[b];
      if (blk->nsucc > maxsucc) maxsucc = blk->nsucc;
      if (blk->nsucc >= CP_DISPATCH_MIN) cp_make_dispatch(L, blk);
    }
  L->cand = CP_NEW(&c->arena, unsigned, maxsucc);
  L->maxev = maxev;
  L->dver = CP_NEW(&c->arena, cp_word, maxdv * L->wd);
  L->snap_di = CP_NEW(&c->arena, unsigned, maxev);
  L->snap_ew = CP_NEW(&c->arena, unsigned char, maxev);
  L->tmp_w = CP_NEW(&c->arena, cp_word, L->ws);
  L->tmp_f2 = CP_NEW(&c->arena, cp_word, L->ws);
  L->snap_s = CP_NEW(&c->arena, unsigned char, maxev);
  L->tmp_d = CP_NEW(&c->arena, cp_word, L->wd);
  L->tmp_f = CP_NEW(&c->arena, cp_word, L->wd);
  L->tmp_e = CP_NEW(&c->arena, cp_word, L->ws);
  L->tmp_l = CP_NEW(&c->arena, cp_word, L->ws);

  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    cp_role r = c->funcs[fi].role;
    if (r == CP_RAMP || r == CP_NOALLOC || r == CP_OTHER) cp_add_run(c, L, fi, -1);
  }
  /* Forward fixpoint over runs. */
  for (int again = 1; again;) {
    again = 0;
    for (unsigned ri = 0; ri < L->nruns; ri++) {
      if (!L->runs[ri].dirty) continue;
      L->runs[ri].dirty = 0;
      cp_forward(c, L, ri);
      again = 1;
    }
  }
  if (c->nstates == 0) {
    cp_fail(c, "no suspend state is reachable from the ramp");
    return -1;
  }
  /* Backward fixpoint over runs, later runs first (their states usually
     follow: one sweep carries a value back along a chain of states).  A
     run reads nothing but its own blocks and the live sets of the states
     it can leave or re-enter in, which are fixed once the forward solve
     is done: its first solve lists them (cp_note_reader), and it is
     solved again only when one of them grew since.  (Re-solving every run
     after any growth cost about two solves per run.) */
  L->rd_head = CP_NEW_RAW(&c->arena, int, c->nstates);
  L->rd_stamp = CP_NEW(&c->arena, unsigned, c->nstates);
  for (unsigned st = 0; st < c->nstates; st++) L->rd_head[st] = -1;
  for (unsigned ri = 0; ri < L->nruns; ri++) L->runs[ri].bdirty = 1;
  for (int again = 1; again;) {
    again = 0;
    for (unsigned ri = L->nruns; ri-- > 0;) {
      cp_run *r = &L->runs[ri];
      if (!r->bdirty) continue;
      r->bdirty = 0;
      L->recording = r->nsolved++ == 0;
      L->cur_run = ri;
      if (!cp_backward(c, L, r)) continue;
      for (int k = L->rd_head[r->start]; k >= 0; k = L->rd[k].next) {
        L->runs[L->rd[k].run].bdirty = 1;
        again = 1;
      }
    }
  }
  L->recording = 0;
  if (getenv("COROPACK_DEBUG_LIVE")) {
    for (unsigned st = 0; st < c->nstates; st++)
      fprintf(stderr, "state %u idx %lld done %d: live %llx esc %llx def %llx\n", st,
              c->states[st].idx, c->states[st].done,
              (unsigned long long)L->state_live[st][0], (unsigned long long)L->state_esc[st][0],
              (unsigned long long)L->state_def[st][0]);
    for (unsigned ri = 0; ri < L->nruns; ri++) {
      cp_run *r = &L->runs[ri];
      cp_func *f = &c->funcs[r->fi];
      if (r->n) cp_rows_get(&r->li, 0, L->ws, L->tmp_l);
      fprintf(stderr, "run %u: %s start %d entry-live %llx\n", ri,
              LLVMGetValueName2(f->fn, &(size_t){0}), r->start,
              r->n ? (unsigned long long)L->tmp_l[0] : 0ull);
      for (unsigned k = 0; k < r->n; k++) {
          unsigned b = r->blk[k];
          cp_rows_get(&r->li, k, L->ws, L->tmp_l);
          cp_rows_get(&r->fd, k, L->wd, L->tmp_f);
          fprintf(stderr, "   %s live %llx D %llx\n", LLVMGetBasicBlockName(f->blocks[b].bb),
                  (unsigned long long)L->tmp_l[0], (unsigned long long)L->tmp_f[0]);
          for (size_t i = 0; i < f->blocks[b].nev; i++)
            fprintf(stderr, "      ev kind %u flags %u slot %u val %lld\n", f->blocks[b].ev[i].kind,
                    f->blocks[b].ev[i].flags, f->blocks[b].ev[i].slot, f->blocks[b].ev[i].val);
        }
    }
  }
  /* Per-slot table of the states where it is live. */
  size_t wst = CP_WORDS(c->nstates);
  for (unsigned i = 0; i < c->nslots; i++)
    c->slots[i].live_states = CP_NEW(&c->arena, cp_word, wst);
  for (unsigned s = 0; s < c->nstates; s++) {
    cp_word *t = L->tmp_l;
    cp_bits_copy(t, L->state_live[s], L->ws);
    cp_bits_or(t, L->state_esc[s], L->ws);
    CP_FOR_BITS(i, t, L->ws) { cp_bit_set(c->slots[i].live_states, s); }
  }
  return 0;
}

const cp_word *cp_state_live(const cp_coro *c, unsigned s) {
  cp_live *L = c->live;
  cp_word *t = L->tmp_l;
  cp_bits_copy(t, L->state_live[s], L->ws);
  cp_bits_or(t, L->state_esc[s], L->ws);
  return t;
}

/* cp_live_points: see coro.h. */
void cp_live_points(cp_coro *c, cp_point_fn point, void *ctx) {
  cp_live *L = c->live;
  cp_word *live = CP_NEW(&c->arena, cp_word, L->ws);
  cp_word *P = CP_NEW(&c->arena, cp_word, L->ws);
  cp_word *Ea = CP_NEW(&c->arena, cp_word, L->ws);
  cp_word *Wa = CP_NEW(&c->arena, cp_word, L->ws);
  for (unsigned ri = 0; ri < L->nruns; ri++) {
    cp_run *r = &L->runs[ri];
    cp_func *f = &c->funcs[r->fi];
    cp_enter_live(L, r);
    for (unsigned kb = 0; kb < r->n; kb++) {
      cp_block *blk = &f->blocks[r->blk[kb]];
      cp_snapshots(c, L, r, kb, 1);
      /* E and W after the event at hand, walking back from the end */
      cp_bits_copy(Ea, L->tmp_e, L->ws);
      cp_bits_copy(Wa, L->tmp_w, L->ws);
      cp_block_out(c, L, r, kb, live);
      for (size_t i = blk->nev; i-- > 0;) {
        const cp_event *e = &blk->ev[i];
        /* the point just after event i: live and possibly written, or
           escaped */
        for (size_t k = 0; k < L->ws; k++) P[k] = (live[k] & Wa[k]) | Ea[k];
        int w = (e->kind == CP_EV_ACCESS && (e->flags & CP_F_WRITE)) ? (int)e->slot : -1;
        point(ctx, P, w);
        cp_transfer_back(c, L, r, e, i, live);
        cp_undo(L, e, i, Ea, Wa);
      }
      /* Ea and Wa are back at the block's entry (fe, fw) */
      for (size_t k = 0; k < L->ws; k++) P[k] = (live[k] & Wa[k]) | Ea[k];
      point(ctx, P, -1);
    }
    cp_leave(L, r);
  }
}
