/*
 * assign.c - give every movable slot a new offset.
 *
 * Interfering slots must not share a byte; pinned slots (header, promise)
 * stay where they are and interfere with everything; each slot's new
 * offset is a multiple of its required alignment (brief rule 7); the goal
 * is the smallest frame.  This is interval-graph-like packing with
 * arbitrary interference, NP-hard in general, so: first fit over several
 * orders (largest first, most-constrained first, original order), keep
 * the smallest.  First fit places a slot at the lowest aligned offset, among
 * 0 and the ends of the already placed slots it interferes with, where it
 * overlaps none of them.
 *
 * Then, when there are at most CP_EXACT_MAX_SLOTS movable slots and first
 * fit did not reach the lower bound, an exact branch and bound (cp_exact)
 * starts from first fit's layout and keeps a smaller one if it finds it.
 * Every layout that is used passes cp_check_layout first.  docs/design.md
 * ("Assignment") reports how close this gets to the lower bound.
 *
 * The frame never grows: when no layout beats the old size, the layout is
 * left as it was.
 *
 * Cost: O(orders * n * k * log) for n slots with k interfering neighbours,
 * plus at most CP_EXACT_BUDGET search nodes of O(n * nslots) each.
 */
#include "coro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cp_order_key {
  const cp_coro *c;
  const unsigned *deg;
  int mode;
} cp_order_key;

/* cp_before: does slot a come before slot b in order mode k->mode? */
static int cp_before(const cp_order_key *k, unsigned a, unsigned b) {
  const cp_slot *x = &k->c->slots[a], *y = &k->c->slots[b];
  if (k->mode == 0) {
    if (x->size != y->size) return x->size > y->size;
    if (x->req_align != y->req_align) return x->req_align > y->req_align;
  } else if (k->mode == 1) {
    if (k->deg[a] != k->deg[b]) return k->deg[a] > k->deg[b];
    if (x->size != y->size) return x->size > y->size;
  }
  return a < b;
}

/* cp_sort: stable merge sort of v[0..n) by cp_before, with tmp of n
   entries.  (C11's qsort has no context argument, and a file-level key
   would be shared between threads.) */
static void cp_sort(const cp_order_key *k, unsigned *v, unsigned *tmp, unsigned n) {
  if (n < 2) return;
  unsigned h = n / 2;
  cp_sort(k, v, tmp, h);
  cp_sort(k, v + h, tmp, n - h);
  unsigned i = 0, j = h, o = 0;
  while (i < h && j < n) tmp[o++] = cp_before(k, v[j], v[i]) ? v[j++] : v[i++];
  while (i < h) tmp[o++] = v[i++];
  while (j < n) tmp[o++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

static int cp_interferes(const cp_coro *c, unsigned a, unsigned b) {
  if (c->slots[a].pinned || c->slots[b].pinned) return 1;
  return cp_bit_get(c->interf + (size_t)a * c->sw, b) ||
         cp_bit_get(c->interf + (size_t)b * c->sw, a);
}

static uint64_t cp_align_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

/* The placement rules, shared by first fit, the exact search and the
   check: a movable slot's offset is a multiple of cp_slot_al; it may not
   share a byte with a slot t when cp_blocks(c, s, t). */

/* cp_slot_al: alignment the new offset of slot S must keep (rule 7). */
static uint64_t cp_slot_al(const cp_slot *S) { return S->req_align ? S->req_align : 1; }

/* cp_blocks: must slot s keep clear of the bytes of slot t?  Slots of
   size 0 occupy no byte and block nothing. */
static int cp_blocks(const cp_coro *c, unsigned s, unsigned t) {
  return t != s && c->slots[s].size && c->slots[t].size && cp_interferes(c, s, t);
}

/* cp_fits: does slot s at offset p keep clear of every placed slot (placed
   may be NULL: all of them) at its offset in out?  O(nslots). */
static int cp_fits(const cp_coro *c, unsigned s, uint64_t p, const uint64_t *out,
                   const unsigned char *placed) {
  uint64_t hi = p + c->slots[s].size;
  for (unsigned t = 0; t < c->nslots; t++) {
    if ((placed && !placed[t]) || !cp_blocks(c, s, t)) continue;
    if (out[t] < hi && p < out[t] + c->slots[t].size) return 0;
  }
  return 1;
}

typedef struct cp_iv {
  uint64_t lo, hi;
} cp_iv;

/* cp_iv_sort: sort intervals by start (merge sort, tmp of n entries). */
static void cp_iv_sort(cp_iv *v, cp_iv *tmp, size_t n) {
  if (n < 2) return;
  size_t h = n / 2, i = 0, j = h, o = 0;
  cp_iv_sort(v, tmp, h);
  cp_iv_sort(v + h, tmp, n - h);
  while (i < h && j < n) tmp[o++] = v[j].lo < v[i].lo ? v[j++] : v[i++];
  while (i < h) tmp[o++] = v[i++];
  while (j < n) tmp[o++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

/* CP_FIT_WINDOW: cp_lowest_fit marks the bytes taken in a bitmap when the
   blocking slots end at most this many bytes above the first candidate
   (else it sorts them). */
#define CP_FIT_WINDOW ((uint64_t)1 << 18)

/* cp_first_set: the first set bit of m in [a, b), or b. */
static uint64_t cp_first_set(const cp_word *m, uint64_t a, uint64_t b) {
  while (a < b) {
    cp_word w = m[a >> 6] >> (a & 63);
    if (w) {
      uint64_t r = a + (uint64_t)__builtin_ctzll(w);
      return r < b ? r : b;
    }
    a = (a | 63) + 1;
  }
  return b;
}

/* cp_first_clear: the first clear bit of m in [a, b), or b. */
static uint64_t cp_first_clear(const cp_word *m, uint64_t a, uint64_t b) {
  while (a < b) {
    cp_word w = ~m[a >> 6] >> (a & 63);
    if (w) {
      uint64_t r = a + (uint64_t)__builtin_ctzll(w);
      return r < b ? r : b;
    }
    a = (a | 63) + 1;
  }
  return b;
}

/* cp_mark: set the bits [lo, hi) of bm. */
static void cp_mark(cp_word *bm, uint64_t lo, uint64_t hi) {
  if (lo < hi && lo >> 6 == (hi - 1) >> 6) { /* within one word: most slots */
    bm[lo >> 6] |= (~(cp_word)0 >> (64 - (hi - lo))) << (lo & 63);
    return;
  }
  while (lo < hi) {
    uint64_t end = (lo | 63) + 1 < hi ? (lo | 63) + 1 : hi;
    unsigned n = (unsigned)(end - lo);
    bm[lo >> 6] |= (n == 64 ? ~(cp_word)0 : (((cp_word)1 << n) - 1)) << (lo & 63);
    lo = end;
  }
}

/* cp_map_fit: the lowest offset p >= cand, aligned to al, where the
   size bytes from p are clear in bm (bit i: byte cand + i; the bits from
   top on are clear or past the map). */
static uint64_t cp_map_fit(const cp_word *bm, uint64_t cand, uint64_t top, uint64_t size,
                           uint64_t al) {
  uint64_t p = cand;
  while (p < top) {
    uint64_t lim = (p + size < top ? p + size : top) - cand;
    uint64_t b = cp_first_set(bm, p - cand, lim);
    if (b == lim) return p;
    p = cp_align_up(cand + cp_first_clear(bm, b, top - cand), al);
  }
  return p;
}

/* cp_fitmap: room for nw words in c's scratch bitmap, cleared. */
static cp_word *cp_fitmap(const cp_coro *c, uint64_t nw) {
  cp_coro *cm = (cp_coro *)c; /* the bitmap is scratch */
  if (cm->fitmap_cap < nw) {
    cm->fitmap_cap = nw > 2 * cm->fitmap_cap ? nw : 2 * cm->fitmap_cap;
    cm->fitmap = CP_NEW(&cm->arena, cp_word, cm->fitmap_cap);
  }
  memset(cm->fitmap, 0, nw * sizeof *cm->fitmap);
  return cm->fitmap;
}

/* cp_lowest_fit: the lowest offset >= from, aligned for s, where s overlaps
   none of the placed slots it must keep clear of (out: their offsets).
   Their bytes above the first candidate go into a bitmap and the first
   free run long enough is taken: O(k + window / 64) for k slots.  Beyond
   CP_FIT_WINDOW, one sweep over them sorted by offset, O(k log k): the
   candidates are from and their ends.  Both give the lowest such offset
   (every aligned offset below it overlaps some slot), so the same one.
   iv and tmp hold nslots intervals. */
static uint64_t cp_lowest_fit(const cp_coro *c, unsigned s, uint64_t from, const uint64_t *out,
                              const unsigned char *placed, const cp_word *placed_bits,
                              cp_iv *iv, cp_iv *tmp) {
  const cp_slot *S = &c->slots[s];
  uint64_t al = cp_slot_al(S);
  size_t m = 0;
  uint64_t cand = cp_align_up(from, al), top = 0;
  /* the slots that can block s: pinned ones and s's row of the (symmetric)
     matrix, in ascending order as a full scan would visit them */
  cp_word *u = c->scratch_set;
  const cp_word *row = c->interf + (size_t)s * c->sw;
  for (size_t k = 0; k < c->sw; k++) u[k] = row[k] | c->pinned_set[k];
  if (S->pinned) memset(u, 0xff, c->sw * sizeof *u);
  /* only the placed ones (as a set when the caller keeps one: first fit
     visits half the neighbours on average) */
  if (placed_bits)
    for (size_t k = 0; k < c->sw; k++) u[k] &= placed_bits[k];
  CP_FOR_BITS(t, u, c->sw) {
    /* t is pinned or in s's row: cp_blocks is down to the sizes (unless s
       is pinned: then every slot is a candidate) */
    if (t >= c->nslots || !placed[t] ||
        (S->pinned ? !cp_blocks(c, s, t) : t == s || !S->size || !c->slots[t].size))
      continue;
    iv[m].lo = out[t];
    iv[m].hi = out[t] + c->slots[t].size;
    if (iv[m].hi > top) top = iv[m].hi;
    m++;
  }
  if (top <= cand) return cand;
  if (top - cand <= CP_FIT_WINDOW) {
    cp_word *bm = cp_fitmap(c, (top - cand + 63) / 64);
    for (size_t i = 0; i < m; i++) {
      uint64_t lo = iv[i].lo > cand ? iv[i].lo - cand : 0;
      uint64_t hi = iv[i].hi - cand; /* iv[i].hi <= top */
      if (iv[i].hi <= cand) continue;
      cp_mark(bm, lo, hi);
    }
    return cp_map_fit(bm, cand, top, S->size, al);
  }
  cp_iv_sort(iv, tmp, m);
  for (size_t i = 0; i < m; i++) {
    if (iv[i].hi <= cand) continue;
    if (iv[i].lo >= cand + S->size) break;
    cand = cp_align_up(iv[i].hi, al);
  }
  return cand;
}

/* cp_fit_placed: cp_lowest_fit from 0 for first fit, where every placed
   slot ends at or below end (within CP_FIT_WINDOW) and placed_bits is
   exactly the placed set: the blocking slots' bytes go straight into the
   bitmap, one visit each (first fit spends its time here: every slot
   against each placed neighbour).  Same answer as cp_lowest_fit (the
   bitmap method over [0, end) instead of [0, top): the bytes between are
   clear). */
static uint64_t cp_fit_placed(const cp_coro *c, unsigned s, const uint64_t *out,
                              const uint64_t *ends, const unsigned char *placed,
                              const cp_word *placed_bits, uint64_t end, cp_iv *iv, cp_iv *tmp) {
  const cp_slot *S = &c->slots[s];
  if (S->pinned || !S->size || end > CP_FIT_WINDOW)
    return cp_lowest_fit(c, s, 0, out, placed, placed_bits, iv, tmp);
  if (!end) return 0;
  cp_word *bm = cp_fitmap(c, (end + 63) / 64);
  const cp_word *row = c->interf + (size_t)s * c->sw;
  /* s is not placed yet, and the placed set holds slots only */
  for (size_t k = 0; k < c->sw; k++)
    for (cp_word w = (row[k] | c->pinned_set[k]) & placed_bits[k]; w; w &= w - 1) {
      size_t t = k * 64 + (size_t)__builtin_ctzll(w);
      cp_mark(bm, out[t], ends[t]); /* nothing for a slot of size 0 */
    }
  return cp_map_fit(bm, 0, end, S->size, cp_slot_al(S));
}

/* cp_first_fit: place slots in order, each at its cp_lowest_fit from 0;
   offsets into out; returns the frame size. */
static uint64_t cp_first_fit(cp_coro *c, const unsigned *order, unsigned n,
                             uint64_t *out, uint64_t *ends, unsigned char *placed,
                             cp_word *placed_bits, cp_iv *iv, cp_iv *tmp) {
  for (unsigned i = 0; i < c->nslots; i++) placed[i] = c->slots[i].pinned;
  cp_bits_copy(placed_bits, c->pinned_set, c->sw);
  for (unsigned i = 0; i < c->nslots; i++)
    if (c->slots[i].pinned) {
      out[i] = c->slots[i].off;
      ends[i] = out[i] + c->slots[i].size;
    }
  uint64_t end = c->pinned_end;
  for (unsigned i = 0; i < c->nslots; i++)
    if (c->slots[i].pinned && out[i] + c->slots[i].size > end) end = out[i] + c->slots[i].size;
  for (unsigned k = 0; k < n; k++) {
    unsigned s = order[k];
    uint64_t cand = cp_fit_placed(c, s, out, ends, placed, placed_bits, end, iv, tmp);
    out[s] = cand;
    ends[s] = cand + c->slots[s].size;
    placed[s] = 1;
    cp_bit_set(placed_bits, s);
    if (cand + c->slots[s].size > end) end = cand + c->slots[s].size;
  }
  return cp_align_up(end, c->frame_align ? c->frame_align : 1);
}

/* cp_required_align: brief rule 7.  A moved slot keeps the alignment its
   old offset guaranteed (largest power of two dividing it, capped by the
   frame alignment), unless every access is a load or store whose own
   alignment says less is needed. */
static void cp_required_align(cp_coro *c) {
  for (unsigned i = 0; i < c->nslots; i++) {
    cp_slot *s = &c->slots[i];
    uint64_t a = c->frame_align ? c->frame_align : 1;
    while (a > 1 && s->off % a) a >>= 1;
    if (!s->align_unknown && s->accessed) a = s->access_align;
    s->req_align = a > s->abi_align ? a : s->abi_align;
  }
}

/* ---- exact search ------------------------------------------------------

   Why canonical offsets in ascending order are enough: take an optimal
   layout and move slots down, each to the lowest aligned offset where it
   overlaps no slot it interferes with, until none can move (the frame end
   never grows).  Then every slot s sits at 0 or at align_up(end of t) for
   some slot t it interferes with that lies wholly below it (otherwise the
   largest such value under s's offset would be free and lower).  Placing
   the slots by ascending offset (ties: by position in the largest-first
   list) therefore reaches that layout when every slot is tried at each
   canonical offset, relative to the slots placed before it, that is not
   below the previous slot's offset.  And since the later slots lie at or
   above that offset, an offset p with a free place for s wholly below p
   (lowest fit + size <= p) cannot be the stable one: not tried.  The
   search does exactly this, so when it completes within its budget its
   result is optimal.  A fixed
   slot order (largest first) with canonical offsets would not be: a small
   slot may have to sit below a large one. */

#ifndef CP_EXACT_MAX_SLOTS
#define CP_EXACT_MAX_SLOTS 16 /* movable slots of nonzero size */
#endif
#ifndef CP_EXACT_BUDGET
#define CP_EXACT_BUDGET 30000 /* search nodes per coroutine */
#endif

typedef struct cp_bb {
  cp_coro *c;
  const unsigned *mov;   /* the movable slots of nonzero size, largest first */
  unsigned n;
  uint64_t *out;         /* offsets of the partial layout (every slot) */
  unsigned char *placed; /* by slot: in the partial layout (pinned always) */
  unsigned char *used;   /* by position in mov: placed */
  uint64_t *cand;        /* per depth: nslots + 1 candidate offsets */
  uint64_t *best;        /* best complete layout ... */
  uint64_t best_size;    /* ... and its frame size */
  uint64_t goal;         /* the lower bound: stop when best_size reaches it */
  uint64_t fa;           /* frame alignment */
  cp_iv *iv, *ivtmp;     /* cp_lowest_fit's scratch */
  unsigned nst;          /* suspend states whose slots of mov ... */
  unsigned char *inst;   /* ... (inst[st * n + i]: mov[i] live) all interfere */
  long nodes, budget;
  int out_of_budget, improved;
} cp_bb;

/* cp_bb_rec: extend the partial layout b->out of depth slots, whose frame
   end is end, by one more slot at an offset >= last (== last only for a
   slot at position >= min_i in b->mov).  Records complete layouts smaller
   than b->best_size in b->best. */
static void cp_bb_rec(cp_bb *b, unsigned depth, uint64_t last, unsigned min_i, uint64_t end) {
  cp_coro *c = b->c;
  if (depth == b->n) {
    uint64_t sz = cp_align_up(end, b->fa);
    if (sz < b->best_size) {
      b->best_size = sz;
      memcpy(b->best, b->out, c->nslots * sizeof *b->out);
      b->improved = 1;
    }
    return;
  }
  if (++b->nodes > b->budget) {
    b->out_of_budget = 1;
    return;
  }
  /* bounds: every slot still to place lies at or above last, clear of the
     placed slots, and those live in one suspend state need disjoint bytes */
  uint64_t need = end;
  for (unsigned i = 0; i < b->n && cp_align_up(need, b->fa) < b->best_size; i++) {
    if (b->used[i]) continue;
    unsigned s = b->mov[i];
    uint64_t e = cp_lowest_fit(c, s, last, b->out, b->placed, NULL, b->iv, b->ivtmp) + c->slots[s].size;
    if (e > need) need = e;
  }
  for (unsigned st = 0; st < b->nst; st++) {
    uint64_t w = 0;
    for (unsigned i = 0; i < b->n; i++)
      if (!b->used[i] && b->inst[(size_t)st * b->n + i]) w += c->slots[b->mov[i]].size;
    if (last + w > need) need = last + w;
  }
  if (cp_align_up(need, b->fa) >= b->best_size) return;
  uint64_t *cand = b->cand + (size_t)depth * (c->nslots + 1);
  for (unsigned i = 0; i < b->n; i++) {
    if (b->used[i]) continue;
    unsigned s = b->mov[i];
    const cp_slot *S = &c->slots[s];
    uint64_t al = cp_slot_al(S);
    unsigned m = 0;
    cand[m++] = 0;
    for (unsigned t = 0; t < c->nslots; t++)
      if (b->placed[t] && cp_blocks(c, s, t))
        cand[m++] = cp_align_up(b->out[t] + c->slots[t].size, al);
    for (unsigned k = 1; k < m; k++) /* insertion sort: m is small */
      for (unsigned j = k; j > 0 && cand[j] < cand[j - 1]; j--) {
        uint64_t x = cand[j];
        cand[j] = cand[j - 1];
        cand[j - 1] = x;
      }
    /* s at p with room for it wholly below p would not stay there in a
       stable layout: the later slots lie at or above p */
    uint64_t stable = cp_lowest_fit(c, s, 0, b->out, b->placed, NULL, b->iv, b->ivtmp) + S->size;
    for (unsigned k = 0; k < m; k++) {
      uint64_t p = cand[k];
      if ((k && p == cand[k - 1]) || p < last || (p == last && i < min_i)) continue;
      uint64_t e = p + S->size > end ? p + S->size : end;
      if (p >= stable || cp_align_up(e, b->fa) >= b->best_size) break; /* ascending */
      if (!cp_fits(c, s, p, b->out, b->placed)) continue;
      b->out[s] = p;
      b->placed[s] = 1;
      b->used[i] = 1;
      cp_bb_rec(b, depth + 1, p, i + 1, e);
      b->placed[s] = 0;
      b->used[i] = 0;
      if (b->out_of_budget || b->best_size <= b->goal) return;
    }
  }
}

/* cp_exact: search for a layout smaller than best_size (first fit's, whose
   offsets are in best) among the n movable slots order[0..n), which are
   sorted largest first.  Overwrites best and returns the new size if one
   is found.  Sets c->assign_how and c->search_nodes. */
static uint64_t cp_exact(cp_coro *c, const unsigned *order, unsigned n, uint64_t *best,
                         uint64_t best_size) {
  unsigned *mov = CP_NEW(&c->arena, unsigned, n + 1);
  unsigned nm = 0;
  for (unsigned k = 0; k < n; k++)
    if (c->slots[order[k]].size) mov[nm++] = order[k];
  if (nm > CP_EXACT_MAX_SLOTS) {
    c->assign_how = CP_AS_TOO_MANY;
    return best_size;
  }
  c->assign_how = CP_AS_EXACT_OPTIMAL;
  if (best_size <= c->lower_bound) return best_size;
  cp_bb b;
  memset(&b, 0, sizeof b);
  b.c = c;
  b.mov = mov;
  b.n = nm;
  b.out = CP_NEW(&c->arena, uint64_t, c->nslots);
  b.placed = CP_NEW(&c->arena, unsigned char, c->nslots);
  b.used = CP_NEW(&c->arena, unsigned char, nm + 1);
  b.cand = CP_NEW(&c->arena, uint64_t, (size_t)(nm + 1) * (c->nslots + 1));
  b.best = CP_NEW(&c->arena, uint64_t, c->nslots);
  b.best_size = best_size;
  b.goal = c->lower_bound;
  b.fa = c->frame_align ? c->frame_align : 1;
  b.budget = CP_EXACT_BUDGET;
  b.iv = CP_NEW(&c->arena, cp_iv, c->nslots);
  b.ivtmp = CP_NEW(&c->arena, cp_iv, c->nslots);
  b.inst = CP_NEW(&c->arena, unsigned char, (size_t)c->nstates * nm + 1);
  for (unsigned st = 0; st < c->nstates && c->slots[0].live_states; st++) {
    unsigned char *row = b.inst + (size_t)b.nst * nm;
    int clique = 1;
    for (unsigned i = 0; i < nm; i++) {
      row[i] = (unsigned char)cp_bit_get(c->slots[mov[i]].live_states, st);
      for (unsigned j = 0; j < i && row[i]; j++)
        if (row[j] && !cp_blocks(c, mov[i], mov[j])) clique = 0;
    }
    if (clique) b.nst++; /* else the row is overwritten: not a bound */
  }
  for (unsigned i = 0; i < c->nslots; i++) {
    /* pinned slots where they are, size-0 slots at 0 as first fit has them */
    b.placed[i] = c->slots[i].pinned || c->slots[i].size == 0;
    b.out[i] = c->slots[i].pinned ? c->slots[i].off : 0;
  }
  cp_bb_rec(&b, 0, 0, 0, c->pinned_end);
  c->search_nodes = b.nodes;
  if (b.out_of_budget && b.best_size > b.goal) c->assign_how = CP_AS_BUDGET;
  else if (b.improved) c->assign_how = CP_AS_EXACT_IMPROVED;
  if (!b.improved) return best_size;
  memcpy(best, b.best, c->nslots * sizeof *best);
  return b.best_size;
}

/* cp_reframe: demoted slots (demote.c) that fit in the frame as laid
   out, without making it larger, go back into it: each costs stack bytes
   in every function that addresses it and saves no frame byte.  Largest
   first, each at its lowest fit among the slots placed so far (all the
   others of nonzero size); a slot that would end past size stays
   demoted.  The layout check that follows covers them like any slot. */
static void cp_reframe(cp_coro *c, uint64_t *off, uint64_t size, unsigned char *placed,
                       cp_iv *iv, cp_iv *tmp) {
  unsigned char *tried = CP_NEW(&c->arena, unsigned char, c->nslots);
  for (unsigned i = 0; i < c->nslots; i++) tried[i] = 0;
  for (;;) {
    int pick = -1;
    for (unsigned i = 0; i < c->nslots; i++)
      if (c->slots[i].demoted && !tried[i] &&
          (pick < 0 || c->slots[i].stack_size > c->slots[pick].stack_size))
        pick = (int)i;
    if (pick < 0) return;
    tried[pick] = 1;
    for (unsigned i = 0; i < c->nslots; i++)
      placed[i] = c->slots[i].pinned || c->slots[i].size > 0;
    cp_slot *S = &c->slots[pick];
    S->size = S->stack_size;
    uint64_t at = cp_lowest_fit(c, (unsigned)pick, c->pinned_end, off, placed, NULL, iv, tmp);
    if (at + S->size <= size) {
      S->demoted = 0;
      S->stack_size = 0;
      off[pick] = at;
    } else {
      S->size = 0; /* stays on the stack; smaller ones may still fit */
    }
  }
}

/* cp_check_layout: the offsets in off and frame size size obey every rule:
   pinned slots unmoved, movable ones aligned, slots that must keep clear
   of each other disjoint, all inside the frame.  deg (cp_assign's counts
   of movable neighbours) only chooses the cheaper of two complete methods.
   Returns NULL, or what is wrong, written to buf of n bytes. */
static const char *cp_check_layout(const cp_coro *c, const uint64_t *off, uint64_t size,
                                   const unsigned *deg, char *buf, size_t n) {
  uint64_t fa = c->frame_align ? c->frame_align : 1;
  if (size % fa || size < c->pinned_end) {
    snprintf(buf, n, "frame size %llu", (unsigned long long)size);
    return buf;
  }
  for (unsigned s = 0; s < c->nslots; s++) {
    const cp_slot *S = &c->slots[s];
    if (S->pinned ? off[s] != S->off : off[s] % cp_slot_al(S) != 0) {
      snprintf(buf, n, "field %u at %llu", S->field, (unsigned long long)off[s]);
      return buf;
    }
    if (off[s] + S->size > size || off[s] + S->size < off[s]) {
      snprintf(buf, n, "field %u ends past the frame", S->field);
      return buf;
    }
  }
  /* Every pair that must keep clear, tested by one of two complete
     methods, whichever visits fewer pairs:
     - by overlap: a sweep over the slots with bytes by offset tests each
       pair that shares a byte with cp_blocks (which reads both rows);
     - by rows: each slot against its row and the pinned slots, so every
       blocking pair is tested from one side at least whatever the
       matrix's symmetry.
     (The rows cost n * (words + degree): O(n^2) when most slots interfere,
     where few share bytes; the sweep costs the pairs sharing a byte: O(n^2)
     when most slots are live in one state each and stack up.) */
  /* scratch from the coroutine's arena (a separate arena cost a 64 KiB
     malloc per coroutine: 3.9 M instructions of glibc on a 96-coroutine
     TU) */
  cp_arena *a = &((cp_coro *)c)->arena;
  cp_iv *iv = CP_NEW(a, cp_iv, c->nslots + 1), *tmp = CP_NEW(a, cp_iv, c->nslots + 1);
  size_t m = 0;
  uint64_t rows = 0, npinned = 0;
  for (size_t k = 0; k < c->sw; k++) npinned += (uint64_t)cp_popcount(c->pinned_set[k]);
  for (unsigned s = 0; s < c->nslots; s++) {
    /* the rows' cost from cp_assign's degrees (movable neighbours); a
       pinned slot is tested against every slot */
    rows += c->sw + (c->slots[s].pinned ? c->nslots : deg[s] + npinned);
    if (!c->slots[s].size) continue;
    iv[m].lo = off[s];
    iv[m].hi = s;
    m++;
  }
  cp_iv_sort(iv, tmp, m);
  /* pairs sharing a byte: for each slot, those that start at or before it
     and end after its start (ends sorted: a merge count) */
  const char *bad = NULL;
  uint64_t sweep = 0;
  {
    cp_iv *e = CP_NEW(a, cp_iv, m + 1);
    for (size_t i = 0; i < m; i++) e[i].lo = off[iv[i].hi] + c->slots[iv[i].hi].size;
    cp_iv_sort(e, tmp, m);
    size_t j = 0;
    for (size_t i = 0; i < m; i++) {
      /* a slot ended at iv[i]'s start started before it */
      while (j < m && e[j].lo <= iv[i].lo) j++;
      sweep += i - (j < i ? j : i);
    }
  }
  if (c->opts && c->opts->inject_fault == 4) sweep = rows; /* the test of the rows */
  if (sweep < rows) {
    unsigned *act = CP_NEW(a, unsigned, m + 1);
    size_t na = 0;
    for (size_t i = 0; i < m && !bad; i++) {
      unsigned s = (unsigned)iv[i].hi;
      const cp_slot *S = &c->slots[s];
      size_t k = 0;
      for (size_t q = 0; q < na; q++) /* drop the slots ended at its start */
        if (off[act[q]] + c->slots[act[q]].size > off[s]) act[k++] = act[q];
      na = k;
      for (size_t q = 0; q < na; q++) {
        unsigned t = act[q];
        const cp_slot *T = &c->slots[t];
        if ((S->pinned && T->pinned) || !cp_blocks(c, s, t)) continue; /* pinned: as they were */
        snprintf(buf, n, "fields %u and %u overlap", T->field, S->field);
        bad = buf;
        break;
      }
      act[na++] = s;
    }
  } else {
    for (unsigned s = 0; s < c->nslots && !bad; s++) {
      const cp_slot *S = &c->slots[s];
      cp_word *u = c->scratch_set;
      const cp_word *row = c->interf + (size_t)s * c->sw;
      for (size_t k = 0; k < c->sw; k++) u[k] = row[k] | c->pinned_set[k];
      if (S->pinned) memset(u, 0xff, c->sw * sizeof *u);
      CP_FOR_BITS(t, u, c->sw) {
        if (t >= c->nslots) continue;
        const cp_slot *T = &c->slots[t];
        if ((S->pinned && T->pinned) || !cp_blocks(c, s, t)) continue; /* pinned: as they were */
        if (off[t] < off[s] + S->size && off[s] < off[t] + T->size) {
          snprintf(buf, n, "fields %u and %u overlap", S->field, T->field);
          bad = buf;
          break;
        }
      }
    }
  }
  return bad;
}

/* cp_inject_overlap: for the tests of cp_check_layout only
   (-coro-pack-inject-fault=3|4): the last movable slot with bytes goes to
   the offset of a slot it must keep clear of (one its alignment allows). */
static void cp_inject_overlap(const cp_coro *c, uint64_t *off) {
  for (unsigned i = c->nslots; i-- > 0;) {
    if (c->slots[i].pinned || !c->slots[i].size) continue;
    for (unsigned j = 0; j < c->nslots; j++)
      if (!c->slots[j].pinned && cp_blocks(c, i, j) && off[j] % cp_slot_al(&c->slots[i]) == 0) {
        off[i] = off[j];
        return;
      }
  }
}

/* cp_assign: see coro.h. */
int cp_assign(cp_coro *c) {
  cp_required_align(c);
  if (getenv("COROPACK_DEBUG_INTERF")) /* each row as stored (first fit reads rows) */
    for (unsigned i = 0; i < c->nslots; i++) {
      fprintf(stderr, "interf %u:", i);
      for (unsigned j = 0; j < c->nslots; j++)
        if (j != i && cp_bit_get(c->interf + (size_t)i * c->sw, j) && !c->slots[j].pinned)
          fprintf(stderr, " %u", j);
      fprintf(stderr, "\n");
    }
  unsigned n = 0;
  unsigned *order = CP_NEW(&c->arena, unsigned, c->nslots);
  unsigned *deg = CP_NEW(&c->arena, unsigned, c->nslots);
  uint64_t *cur = CP_NEW(&c->arena, uint64_t, c->nslots);
  uint64_t *best = CP_NEW(&c->arena, uint64_t, c->nslots);
  uint64_t *ends = CP_NEW(&c->arena, uint64_t, c->nslots);
  unsigned char *placed = CP_NEW(&c->arena, unsigned char, c->nslots);
  unsigned *tmp = CP_NEW(&c->arena, unsigned, c->nslots);
  cp_iv *iv = CP_NEW(&c->arena, cp_iv, c->nslots);
  cp_iv *ivtmp = CP_NEW(&c->arena, cp_iv, c->nslots);
  c->pinned_set = CP_NEW(&c->arena, cp_word, c->sw);
  c->scratch_set = CP_NEW(&c->arena, cp_word, c->sw);
  cp_word *placed_bits = CP_NEW(&c->arena, cp_word, c->sw);
  for (unsigned i = 0; i < c->nslots; i++)
    if (c->slots[i].pinned) cp_bit_set(c->pinned_set, i);
  for (unsigned i = 0; i < c->nslots; i++) {
    if (c->slots[i].pinned) continue;
    order[n++] = i;
    /* the movable slots it interferes with: its row (symmetric), no pinned */
    const cp_word *row = c->interf + (size_t)i * c->sw;
    for (size_t k = 0; k < c->sw; k++)
      deg[i] += (unsigned)cp_popcount(row[k] & ~c->pinned_set[k]);
    if (cp_bit_get(row, i)) deg[i]--;
  }
  uint64_t best_size = UINT64_MAX;
  /* The first order's layout is kept unless a later one is strictly
     smaller, so a later order is skipped when it cannot be: when the
     best so far is at the lower bound (no layout is smaller), or when it
     is an order already tried (first fit is deterministic; with slots of
     one size and alignment, largest-first is the original order). */
  unsigned *seen = CP_NEW(&c->arena, unsigned, 2 * (size_t)n + 1);
  for (int mode = 0; mode < 3 && best_size > c->lower_bound; mode++) {
    cp_order_key key = {c, deg, mode};
    cp_sort(&key, order, tmp, n);
    int again = 0;
    for (int m = 0; m < mode && m < 2 && !again; m++)
      again = !memcmp(seen + (size_t)m * n, order, n * sizeof *order);
    if (mode < 2) memcpy(seen + (size_t)mode * n, order, n * sizeof *order);
    if (again) continue;
    uint64_t sz = cp_first_fit(c, order, n, cur, ends, placed, placed_bits, iv, ivtmp);
    if (sz < best_size) {
      best_size = sz;
      for (unsigned i = 0; i < c->nslots; i++) best[i] = cur[i];
    }
  }
  c->heuristic_size = best_size;
  c->assign_how = CP_AS_HEURISTIC;
  if (!getenv("COROPACK_NO_EXACT")) { /* for measurements and tests only */
    cp_order_key key = {c, deg, 0};
    cp_sort(&key, order, tmp, n);
    best_size = cp_exact(c, order, n, best, best_size);
  }
  c->assign_size = best_size;
  cp_reframe(c, best, best_size, placed, iv, ivtmp);
  for (unsigned i = 0; i < c->nslots; i++) c->slots[i].new_off = best[i];
  c->new_size = best_size;
  /* Which slots now share bytes with another (brief rule 5): the movable
     slots with bytes, by offset (lo: offset, hi: slot); one overlaps
     another exactly when it starts below the end of one before it or the
     next one starts below its end. */
  size_t nm = 0;
  for (unsigned i = 0; i < c->nslots; i++)
    if (!c->slots[i].pinned && c->slots[i].size) {
      iv[nm].lo = c->slots[i].new_off;
      iv[nm].hi = i;
      nm++;
    }
  cp_iv_sort(iv, ivtmp, nm);
  uint64_t maxend = 0;
  for (size_t k = 0; k < nm; k++) {
    cp_slot *a = &c->slots[iv[k].hi];
    uint64_t end = a->new_off + a->size;
    if ((k && a->new_off < maxend) || (k + 1 < nm && iv[k + 1].lo < end)) a->shares = 1;
    if (end > maxend) maxend = end;
  }
  if (best_size >= c->old_size) {
    for (unsigned i = 0; i < c->nslots; i++) c->slots[i].new_off = c->slots[i].off;
    c->new_size = c->old_size;
    cp_fail(c, "no layout smaller than the current %llu bytes was found",
            (unsigned long long)c->old_size);
    return -1;
  }
  char why[128];
  if (c->opts && (c->opts->inject_fault == 3 || c->opts->inject_fault == 4))
    cp_inject_overlap(c, best); /* tests of the layout check only */
  if (cp_check_layout(c, best, best_size, deg, why, sizeof why)) {
    for (unsigned i = 0; i < c->nslots; i++) {
      c->slots[i].new_off = c->slots[i].off;
      c->slots[i].shares = 0;
    }
    c->new_size = c->old_size;
    cp_fail(c, "internal error: the new layout breaks a rule (%s)", why);
    return -1;
  }
  return 0;
}
