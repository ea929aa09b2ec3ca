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
 * union of the live-in sets of the runs started in s.  Iterate over all
 * runs until no LiveIn changes.  An escaped slot is live at every point
 * from its escape on (brief rule 4), including every later state.
 *
 * Soundness rests on: every access to a movable slot is an event (access.c
 * checks that); execution only enters the clones through their entry in a
 * state recorded at some exit; exits and re-entering calls see LiveIn of
 * every descriptor possible there.  Narrowing only removes edges that
 * cannot be taken in the given state.
 *
 * Cost: runs = ramp-like functions + 3 x states; each run is O(iterations
 * x blocks x (descriptors + slots) / 64) words.  Fine for the coroutines
 * people write; large synthetic ones are measured in utils/.
 */
#include "coro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cp_run {
  unsigned fi;
  int start;          /* state id, or -1: from the function entry (ramp-like) */
  cp_word *fd, *fe;   /* per block: descriptors and escapes at block entry */
  cp_word *fw;        /* per block: slots possibly written before it */
  unsigned char *saved, *reached;
  cp_word *live_in;   /* per block */
  int dirty;
} cp_run;

typedef struct cp_live {
  unsigned nvals;     /* dense index values */
  long long *vals;
  unsigned nd;        /* descriptors: 2 * (nvals + 2) */
  size_t wd, ws;      /* words per descriptor set / slot set */
  int *desc_state;    /* descriptor -> state id or -1 */
  cp_word **state_live, **state_esc, **state_def;
  cp_run *runs;
  unsigned nruns, capruns;
  /* scratch for per-event snapshots */
  cp_word *snap_d, *snap_e, *snap_w;
  unsigned char *snap_s;
  size_t maxev;
  cp_word *tmp_d, *tmp_e, *tmp_l, *tmp_f, *tmp_w, *tmp_f2;
  cp_arena *arena;    /* for the edge masks */
  cp_pmap emask;      /* edge -> (long) its descriptor mask, made on first use */
} cp_live;

#define CP_UNK(L) ((L)->nvals)
#define CP_NONE(L) ((L)->nvals + 1)

static int cp_val_index(const cp_live *L, long long v) {
  for (unsigned i = 0; i < L->nvals; i++)
    if (L->vals[i] == v) return (int)i;
  return -1;
}

static void cp_add_val(cp_coro *c, cp_live *L, long long v, unsigned *cap) {
  if (cp_val_index(L, v) >= 0) return;
  if (L->nvals == *cap) {
    unsigned n = *cap ? *cap * 2 : 16;
    long long *nv = CP_NEW(&c->arena, long long, n);
    if (L->nvals) memcpy(nv, L->vals, L->nvals * sizeof *nv);
    L->vals = nv;
    *cap = n;
  }
  L->vals[L->nvals++] = v;
}

static int cp_records_exits(cp_role r) { return r != CP_DESTROY && r != CP_CLEANUP; }

static cp_run *cp_add_run(cp_coro *c, cp_live *L, unsigned fi, int start) {
  if (L->nruns == L->capruns) {
    unsigned n = L->capruns ? L->capruns * 2 : 16;
    cp_run *nr = CP_NEW(&c->arena, cp_run, n);
    if (L->nruns) memcpy(nr, L->runs, L->nruns * sizeof *nr);
    L->runs = nr;
    L->capruns = n;
  }
  cp_run *r = &L->runs[L->nruns++];
  unsigned nb = c->funcs[fi].nblocks;
  r->fi = fi;
  r->start = start;
  r->fd = CP_NEW(&c->arena, cp_word, nb * L->wd);
  r->fe = CP_NEW(&c->arena, cp_word, nb * L->ws);
  r->fw = CP_NEW(&c->arena, cp_word, nb * L->ws);
  r->saved = CP_NEW(&c->arena, unsigned char, nb);
  r->reached = CP_NEW(&c->arena, unsigned char, nb);
  r->live_in = CP_NEW(&c->arena, cp_word, nb * L->ws);
  r->dirty = 1;
  return r;
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
  unsigned s = cp_state_id(c, idx, (int)(d & 1), from_ramp && !unwind);
  L->desc_state[d] = (int)s;
  if (!from_ramp && !unwind) c->states[s].from_clone = 1;
  cp_word **nl = CP_NEW(&c->arena, cp_word *, c->nstates);
  cp_word **ne = CP_NEW(&c->arena, cp_word *, c->nstates);
  cp_word **nw = CP_NEW(&c->arena, cp_word *, c->nstates);
  for (unsigned i = 0; i + 1 < c->nstates; i++) {
    nl[i] = L->state_live[i];
    ne[i] = L->state_esc[i];
    nw[i] = L->state_def[i];
  }
  nl[s] = CP_NEW(&c->arena, cp_word, L->ws);
  ne[s] = CP_NEW(&c->arena, cp_word, L->ws);
  nw[s] = CP_NEW(&c->arena, cp_word, L->ws);
  L->state_live = nl;
  L->state_esc = ne;
  L->state_def = nw;
  for (unsigned fi = 0; fi < c->nfuncs; fi++) {
    cp_role r = c->funcs[fi].role;
    if ((r == CP_RESUME && !(d & 1)) || r == CP_DESTROY || r == CP_CLEANUP)
      cp_add_run(c, L, fi, (int)s);
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

/* cp_mask: the descriptors that can take edge e, as a set, computed on
   first use (O(descriptors x values of e)) and kept: cp_filter is then
   one AND per word.  It used to test every descriptor against every value
   of the edge on each call, cubic in the suspend points (measured:
   utils/bench/scaling.py, 95% of the time at S = 300). */
static const cp_word *cp_mask(cp_live *L, const cp_edge *e) {
  cp_word *m = (cp_word *)cp_pmap_get(&L->emask, e, 0);
  if (m) return m;
  m = CP_NEW(L->arena, cp_word, L->wd);
  cp_bits_zero(m, L->wd);
  for (unsigned d = 0; d < L->nd; d++)
    if (cp_edge_keeps(L, e, d)) cp_bit_set(m, d);
  cp_pmap_put(&L->emask, e, (long)m);
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

/* cp_apply: forward transfer of event e on (D, E, saved). */
static void cp_apply(const cp_live *L, const cp_event *e, cp_word *D,
                     cp_word *E, cp_word *W, unsigned char *saved, cp_word *tmp) {
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
    int vi = cp_val_index(L, e->val);
    cp_bits_zero(tmp, L->wd);
    for (unsigned d = 0; d < L->nd; d++)
      if (cp_bit_get(D, d)) cp_bit_set(tmp, (unsigned)vi * 2 + (d & 1));
    cp_bits_copy(D, tmp, L->wd);
    *saved = 1;
  } else if (e->kind == CP_EV_DONE) {
    cp_bits_zero(tmp, L->wd);
    for (unsigned d = 0; d < L->nd; d++)
      if (cp_bit_get(D, d)) cp_bit_set(tmp, (d & ~1u) | (e->val ? 1u : 0u));
    cp_bits_copy(D, tmp, L->wd);
    if (e->val) *saved = 1;
  }
}

/* cp_exit: the coroutine leaves run r's function in descriptors D with
   escapes E. */
static void cp_exit(cp_coro *c, cp_live *L, const cp_run *r, const cp_word *D,
                    const cp_word *E, const cp_word *W, int unwind) {
  cp_role role = c->funcs[r->fi].role;
  if (!cp_records_exits(role)) return;
  for (unsigned d = 0; d < L->nd; d++) {
    if (!cp_bit_get(D, d) || d / 2 == CP_NONE(L)) continue;
    int s = cp_state_for(c, L, d, role != CP_RESUME, unwind);
    int ch = cp_bits_or(L->state_esc[s], E, L->ws);
    ch |= cp_bits_or(L->state_def[s], W, L->ws);
    if (ch) {
      for (unsigned k = 0; k < L->nruns; k++)
        if (L->runs[k].start == s) L->runs[k].dirty = 1;
    }
  }
}

/* cp_forward: solve run r's forward problem from scratch. */
static void cp_forward(cp_coro *c, cp_live *L, unsigned ri) {
  cp_func *f = &c->funcs[L->runs[ri].fi];
  unsigned nb = f->nblocks;
  cp_run *r = &L->runs[ri];
  memset(r->fd, 0, nb * L->wd * sizeof(cp_word));
  memset(r->fe, 0, nb * L->ws * sizeof(cp_word));
  memset(r->fw, 0, nb * L->ws * sizeof(cp_word));
  memset(r->saved, 0, nb);
  memset(r->reached, 0, nb);
  if (!nb) return;
  unsigned *wl = malloc(sizeof(unsigned) * (nb + 1));
  unsigned char *inwl = calloc(nb, 1);
  if (!wl || !inwl) cp_oom();
  size_t nwl = 0;
  if (r->start < 0) {
    unsigned vi = c->index_slot >= 0 ? CP_NONE(L) : CP_UNK(L);
    cp_bit_set(r->fd, vi * 2);
  } else {
    for (unsigned d = 0; d < L->nd; d++)
      if (L->desc_state[d] == r->start) cp_bit_set(r->fd, d);
    cp_bits_copy(r->fe, L->state_esc[r->start], L->ws);
    cp_bits_copy(r->fw, L->state_def[r->start], L->ws);
  }
  r->reached[0] = 1;
  wl[nwl++] = 0;
  inwl[0] = 1;
  cp_word *D = L->tmp_d, *E = L->tmp_e, *F = L->tmp_f, *W = L->tmp_w;
  cp_word *tmp = CP_NEW(&c->arena, cp_word, L->wd);
  while (nwl) {
    unsigned b = wl[--nwl];
    inwl[b] = 0;
    r = &L->runs[ri]; /* runs may move when states are created */
    cp_block *blk = &f->blocks[b];
    cp_bits_copy(D, r->fd + b * L->wd, L->wd);
    cp_bits_copy(E, r->fe + b * L->ws, L->ws);
    cp_bits_copy(W, r->fw + b * L->ws, L->ws);
    unsigned char saved = r->saved[b];
    for (size_t i = 0; i < blk->nev; i++) {
      const cp_event *e = &blk->ev[i];
      if (e->kind == CP_EV_CALL && (e->flags & CP_F_UNWINDS)) cp_exit(c, L, r, D, E, W, 1);
      cp_apply(L, e, D, E, W, &saved, tmp);
    }
    if (blk->is_exit) cp_exit(c, L, r, D, E, W, 0);
    r = &L->runs[ri];
    for (unsigned k = 0; k < blk->nsucc; k++) {
      const cp_edge *e = &blk->succ[k];
      if (!cp_filter(L, e, D, F)) continue;
      if (e->to == CP_TO_EXIT) {
        cp_exit(c, L, r, F, E, W, 0);
        r = &L->runs[ri];
        continue;
      }
      unsigned t = e->to;
      int ch = !r->reached[t];
      r->reached[t] = 1;
      ch |= cp_bits_or(r->fd + t * L->wd, F, L->wd);
      ch |= cp_bits_or(r->fe + t * L->ws, E, L->ws);
      ch |= cp_bits_or(r->fw + t * L->ws, W, L->ws);
      if (saved && !r->saved[t]) {
        r->saved[t] = 1;
        ch = 1;
      }
      if (ch && !inwl[t]) {
        inwl[t] = 1;
        wl[nwl++] = t;
      }
    }
  }
  free(wl);
  free(inwl);
}

/* cp_snapshots: walk block b of run r forward, storing the state before
   each event; leaves the end state in tmp_d/tmp_e. */
static void cp_snapshots(cp_coro *c, cp_live *L, const cp_run *r, unsigned b,
                         cp_word *tmp) {
  cp_block *blk = &c->funcs[r->fi].blocks[b];
  cp_word *D = L->tmp_d, *E = L->tmp_e, *W = L->tmp_w;
  cp_bits_copy(D, r->fd + b * L->wd, L->wd);
  cp_bits_copy(E, r->fe + b * L->ws, L->ws);
  cp_bits_copy(W, r->fw + b * L->ws, L->ws);
  unsigned char saved = r->saved[b];
  for (size_t i = 0; i < blk->nev; i++) {
    cp_bits_copy(L->snap_d + i * L->wd, D, L->wd);
    cp_bits_copy(L->snap_e + i * L->ws, E, L->ws);
    cp_bits_copy(L->snap_w + i * L->ws, W, L->ws);
    L->snap_s[i] = saved;
    cp_apply(L, &blk->ev[i], D, E, W, &saved, tmp);
  }
}

static void cp_add_state_live(const cp_live *L, cp_word *live, const cp_word *D) {
  for (unsigned d = 0; d < L->nd; d++)
    if (cp_bit_get(D, d) && L->desc_state[d] >= 0)
      cp_bits_or(live, L->state_live[L->desc_state[d]], L->ws);
}

/* cp_block_live: live-out of block b in run r into out (tmp_d must hold
   the end descriptors). */
static void cp_block_out(cp_coro *c, cp_live *L, const cp_run *r, unsigned b,
                         cp_word *out) {
  cp_block *blk = &c->funcs[r->fi].blocks[b];
  cp_bits_zero(out, L->ws);
  for (unsigned k = 0; k < blk->nsucc; k++) {
    const cp_edge *e = &blk->succ[k];
    if (e->to == CP_TO_EXIT) {
      if (cp_filter(L, e, L->tmp_d, L->tmp_f) && cp_records_exits(c->funcs[r->fi].role))
        cp_add_state_live(L, out, L->tmp_f);
      continue;
    }
    if (!r->reached[e->to] || !cp_filter(L, e, L->tmp_d, L->tmp_f)) continue;
    cp_bits_or(out, r->live_in + e->to * L->ws, L->ws);
  }
  if (blk->is_exit && cp_records_exits(c->funcs[r->fi].role))
    cp_add_state_live(L, out, L->tmp_d);
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
      cp_add_state_live(L, live, L->snap_d + i * L->wd);
    break;
  default:
    break;
  }
}

/* cp_backward: solve run r's backward problem; returns 1 if LiveIn of
   its start state grew. */
static int cp_backward(cp_coro *c, cp_live *L, cp_run *r, cp_word *tmp) {
  cp_func *f = &c->funcs[r->fi];
  int changed = 1;
  cp_word *live = L->tmp_l;
  while (changed) {
    changed = 0;
    for (unsigned bb = f->nblocks; bb-- > 0;) {
      if (!r->reached[bb]) continue;
      cp_block *blk = &f->blocks[bb];
      cp_snapshots(c, L, r, bb, tmp);
      cp_block_out(c, L, r, bb, live);
      for (size_t i = blk->nev; i-- > 0;) cp_transfer_back(c, L, r, &blk->ev[i], i, live);
      if (!cp_bits_eq(live, r->live_in + bb * L->ws, L->ws)) {
        cp_bits_copy(r->live_in + bb * L->ws, live, L->ws);
        changed = 1;
      }
    }
  }
  if (r->start < 0) return 0;
  /* A slot nothing may have written holds no value worth keeping. */
  cp_word *t = L->tmp_f2;
  cp_bits_copy(t, r->live_in, L->ws);
  const cp_word *def = L->state_def[r->start];
  for (size_t k = 0; k < L->ws; k++) t[k] &= def[k];
  return cp_bits_or(L->state_live[r->start], t, L->ws);
}

unsigned cp_state_id(cp_coro *c, long long idx, int done, int from_ramp) {
  for (unsigned i = 0; i < c->nstates; i++)
    if (c->states[i].idx == idx && c->states[i].done == done) {
      if (from_ramp) c->states[i].from_ramp = 1;
      return i;
    }
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
  unsigned cap = 0;
  size_t maxev = 1;
  for (unsigned fi = 0; fi < c->nfuncs; fi++)
    for (unsigned b = 0; b < c->funcs[fi].nblocks; b++) {
      cp_block *blk = &c->funcs[fi].blocks[b];
      if (blk->nev > maxev) maxev = blk->nev;
      for (size_t i = 0; i < blk->nev; i++)
        if (blk->ev[i].kind == CP_EV_IDX) cp_add_val(c, L, blk->ev[i].val, &cap);
      for (unsigned k = 0; k < blk->nsucc; k++)
        if (blk->succ[k].kind == CP_EDGE_IDX_IN)
          for (unsigned j = 0; j < blk->succ[k].nvals; j++)
            cp_add_val(c, L, blk->succ[k].vals[j], &cap);
    }
  L->nd = 2 * (L->nvals + 2);
  L->wd = CP_WORDS(L->nd);
  L->ws = c->sw = CP_WORDS(c->nslots);
  L->desc_state = CP_NEW(&c->arena, int, L->nd);
  for (unsigned d = 0; d < L->nd; d++) L->desc_state[d] = -1;
  L->arena = &c->arena;
  cp_pmap_init(&L->emask, &c->arena, 64);
  L->maxev = maxev;
  L->snap_d = CP_NEW(&c->arena, cp_word, maxev * L->wd);
  L->snap_e = CP_NEW(&c->arena, cp_word, maxev * L->ws);
  L->snap_w = CP_NEW(&c->arena, cp_word, maxev * L->ws);
  L->tmp_w = CP_NEW(&c->arena, cp_word, L->ws);
  L->tmp_f2 = CP_NEW(&c->arena, cp_word, L->ws);
  L->snap_s = CP_NEW(&c->arena, unsigned char, maxev);
  L->tmp_d = CP_NEW(&c->arena, cp_word, L->wd);
  L->tmp_f = CP_NEW(&c->arena, cp_word, L->wd);
  L->tmp_e = CP_NEW(&c->arena, cp_word, L->ws);
  L->tmp_l = CP_NEW(&c->arena, cp_word, L->ws);
  cp_word *tmp = CP_NEW(&c->arena, cp_word, L->wd);

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
  /* Backward fixpoint over runs. */
  for (int again = 1; again;) {
    again = 0;
    for (unsigned ri = 0; ri < L->nruns; ri++)
      if (cp_backward(c, L, &L->runs[ri], tmp)) again = 1;
  }
  if (getenv("COROPACK_DEBUG_LIVE")) {
    for (unsigned st = 0; st < c->nstates; st++)
      fprintf(stderr, "state %u idx %lld done %d: live %llx esc %llx def %llx\n", st,
              c->states[st].idx, c->states[st].done,
              (unsigned long long)L->state_live[st][0], (unsigned long long)L->state_esc[st][0],
              (unsigned long long)L->state_def[st][0]);
    for (unsigned ri = 0; ri < L->nruns; ri++) {
      cp_run *r = &L->runs[ri];
      cp_func *f = &c->funcs[r->fi];
      fprintf(stderr, "run %u: %s start %d entry-live %llx\n", ri,
              LLVMGetValueName2(f->fn, &(size_t){0}), r->start,
              (unsigned long long)r->live_in[0]);
      for (unsigned b = 0; b < f->nblocks; b++)
        if (r->reached[b]) {
          fprintf(stderr, "   %s live %llx D %llx\n", LLVMGetBasicBlockName(f->blocks[b].bb),
                  (unsigned long long)r->live_in[b * L->ws], (unsigned long long)r->fd[b * L->wd]);
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
  for (unsigned s = 0; s < c->nstates; s++)
    for (unsigned i = 0; i < c->nslots; i++)
      if (cp_bit_get(L->state_live[s], i) || cp_bit_get(L->state_esc[s], i))
        cp_bit_set(c->slots[i].live_states, s);
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
  cp_word *tmp = CP_NEW(&c->arena, cp_word, L->wd);
  cp_word *live = CP_NEW(&c->arena, cp_word, L->ws);
  cp_word *P = CP_NEW(&c->arena, cp_word, L->ws);
  cp_word *Eend = CP_NEW(&c->arena, cp_word, L->ws);
  cp_word *Wend = CP_NEW(&c->arena, cp_word, L->ws);
  for (unsigned ri = 0; ri < L->nruns; ri++) {
    cp_run *r = &L->runs[ri];
    cp_func *f = &c->funcs[r->fi];
    for (unsigned b = 0; b < f->nblocks; b++) {
      if (!r->reached[b]) continue;
      cp_block *blk = &f->blocks[b];
      cp_snapshots(c, L, r, b, tmp);
      cp_bits_copy(Eend, L->tmp_e, L->ws);
      cp_bits_copy(Wend, L->tmp_w, L->ws);
      cp_block_out(c, L, r, b, live);
      for (size_t i = blk->nev; i-- > 0;) {
        const cp_event *e = &blk->ev[i];
        /* the point just after event i: live and possibly written, or
           escaped */
        const cp_word *Wa = i + 1 < blk->nev ? L->snap_w + (i + 1) * L->ws : Wend;
        for (size_t k = 0; k < L->ws; k++) P[k] = live[k] & Wa[k];
        cp_bits_or(P, i + 1 < blk->nev ? L->snap_e + (i + 1) * L->ws : Eend, L->ws);
        int w = (e->kind == CP_EV_ACCESS && (e->flags & CP_F_WRITE)) ? (int)e->slot : -1;
        point(ctx, P, w);
        cp_transfer_back(c, L, r, e, i, live);
      }
      for (size_t k = 0; k < L->ws; k++) P[k] = live[k] & r->fw[b * L->ws + k];
      cp_bits_or(P, r->fe + b * L->ws, L->ws);
      point(ctx, P, -1);
    }
  }
}
