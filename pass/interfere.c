/*
 * interfere.c - which slots may not share a byte, and the lower bound.
 *
 * Brief rule 3: two slots interfere when some program point of the state
 * machine has both live, or writes one while the other is live.  The
 * liveness stage hands over every program point with its live set L and
 * the slot written just before it; every slot of a new L interferes with
 * all of L, and a written slot with all of L.  The matrix is a dense bit
 * matrix, nslots x nslots.
 *
 * The lower bound of the brief is the largest total size of a live set
 * plus the pinned bytes, aligned to the frame alignment: no layout can do
 * better, whatever the algorithm.  The heaviest clique of the interference
 * graph bounds it from below as well, and often more tightly: the report
 * gives the larger of the two.
 *
 * Cost: O(points x nslots / 64) set comparisons, plus O(nslots / 64 + |L|)
 * for each slot that gains an edge (at most one per edge of the matrix);
 * from CP_LAZY_SLOTS slots on O(nslots / 64) per new slot, plus
 * O(nslots^2 / 64) once for the symmetrization.
 */
#include "coro.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct cp_ictx {
  cp_coro *c;
  cp_word *prev;       /* the previous point's set (empty at first) */
  uint64_t prev_bytes; /* the sizes of the slots of prev, added up */
  int lazy;            /* rows only: cp_symmetrize at the end */
} cp_ictx;

/* CP_LAZY_SLOTS: from this many slots on, cp_edges fills s's row only and
   the matrix is made symmetric once at the end (cp_symmetrize): adding
   the column bits slot by slot costs |L| per new slot of a point, which
   at 10,000 slots was most of this stage. */
#define CP_LAZY_SLOTS 256

/* cp_edges: slot s interferes with every slot of L, both ways (lazy: s's
   row only).  When s's row holds L already, so do the rows of L (the
   matrix stays symmetric). */
static void cp_edges(cp_coro *c, unsigned s, const cp_word *L, int lazy) {
  size_t sw = c->sw;
  if (!cp_bits_or(c->interf + (size_t)s * sw, L, sw) || lazy) return;
  CP_FOR_BITS(t, L, sw) {
    if (t < c->nslots) cp_bit_set(c->interf + (size_t)t * sw, s);
  }
}

/* cp_transpose64: transpose the 64 x 64 bit matrix a (bit j of a[i] is
   entry (i, j)) in place: the recursive block swap of Hacker's Delight,
   section 7-3, on 64-bit words. */
static void cp_transpose64(cp_word *a) {
  cp_word m = 0x00000000FFFFFFFFull;
  for (unsigned j = 32; j; j >>= 1, m ^= m << j)
    for (unsigned k = 0; k < 64; k = ((k | j) + 1) & ~j) {
      cp_word t = ((a[k] >> j) ^ a[k | j]) & m;
      a[k | j] ^= t;
      a[k] ^= t << j;
    }
}

/* cp_symmetrize: interf |= its transpose, by 64 x 64 blocks.
   O(nslots^2 / 64) words. */
static void cp_symmetrize(cp_coro *c) {
  size_t sw = c->sw, n = c->nslots;
  cp_word a[64], b[64], ta[64];
  for (size_t bi = 0; bi < sw; bi++)
    for (size_t bj = bi; bj < sw; bj++) {
      for (size_t r = 0; r < 64; r++) {
        size_t ri = bi * 64 + r, rj = bj * 64 + r;
        a[r] = ri < n ? c->interf[ri * sw + bj] : 0; /* block (bi, bj) */
        b[r] = rj < n ? c->interf[rj * sw + bi] : 0; /* block (bj, bi) */
      }
      for (size_t r = 0; r < 64; r++) ta[r] = a[r];
      cp_transpose64(ta);
      cp_transpose64(b);
      /* (bi, bj) |= (bj, bi)^T and (bj, bi) |= (bi, bj)^T */
      for (size_t r = 0; r < 64; r++) {
        size_t ri = bi * 64 + r, rj = bj * 64 + r;
        if (ri < n) c->interf[ri * sw + bj] = a[r] | b[r];
        if (rj < n) c->interf[rj * sw + bi] |= ta[r];
      }
    }
}

/* cp_point: one program point, live set L, slot w written just before it
   (or -1).  One pass over the words of L and the previous set finds the
   slots that came and went (the bytes of L follow from the previous
   set's), gives the new ones their edges, and makes L the previous set. */
static void cp_point(void *vctx, const cp_word *L, int w) {
  cp_ictx *x = vctx;
  cp_coro *c = x->c;
  size_t sw = c->sw;
  if (w >= 0) cp_edges(c, (unsigned)w, L, x->lazy);
  uint64_t bytes = x->prev_bytes;
  int changed = 0;
  for (size_t k = 0; k < sw; k++) {
    cp_word add = L[k] & ~x->prev[k], rem = x->prev[k] & ~L[k];
    if (!(add | rem)) continue;
    changed = 1;
    /* Every pair of L interferes.  The pairs inside the previous set are
       in the matrix already (it was handled the same way), so only the
       slots new in L get edges. */
    for (; add; add &= add - 1) {
      size_t s = k * 64 + (size_t)__builtin_ctzll(add);
      if (s >= c->nslots) continue;
      bytes += c->slots[s].size;
      cp_edges(c, (unsigned)s, L, x->lazy);
    }
    for (; rem; rem &= rem - 1) {
      size_t s = k * 64 + (size_t)__builtin_ctzll(rem);
      if (s < c->nslots) bytes -= c->slots[s].size;
    }
    x->prev[k] = L[k];
  }
  if (w >= 0) {
    /* the slot being written occupies its bytes there too */
    uint64_t b = bytes + (cp_bit_get(L, (size_t)w) ? 0 : c->slots[w].size);
    if (b > c->max_live) c->max_live = b;
  }
  if (!changed) return;
  if (bytes > c->max_live) c->max_live = bytes;
  x->prev_bytes = bytes;
}

/* Weighted maximum clique of the interference graph (movable slots): any
   layout must give the slots of a clique disjoint bytes, so its weight is a
   lower bound too, often a better one than the largest live set (write
   interference and different program points both add edges).  Branch and
   bound over bitsets, with a step budget; past the budget the best clique
   found so far still is a (weaker) bound. */
typedef struct cp_clq {
  const cp_coro *c;
  size_t sw;
  uint64_t best;
  long budget;
} cp_clq;

static void cp_clique_rec(cp_clq *q, cp_word *cand, uint64_t weight) {
  if (weight > q->best) q->best = weight;
  if (--q->budget <= 0) return;
  uint64_t rest = 0;
  for (unsigned s = 0; s < q->c->nslots; s++)
    if (cp_bit_get(cand, s)) rest += q->c->slots[s].size;
  if (weight + rest <= q->best) return;
  cp_word *next = CP_NEW((cp_arena *)&q->c->arena, cp_word, q->sw);
  for (unsigned s = 0; s < q->c->nslots && q->budget > 0; s++) {
    if (!cp_bit_get(cand, s)) continue;
    cp_bit_clr(cand, s);
    const cp_word *row = q->c->interf + (size_t)s * q->sw;
    for (size_t k = 0; k < q->sw; k++) next[k] = cand[k] & row[k];
    cp_clique_rec(q, next, weight + q->c->slots[s].size);
    rest -= q->c->slots[s].size;
    if (weight + rest <= q->best) break;
  }
}

static uint64_t cp_max_clique(cp_coro *c) {
  if (c->nslots > 256) return 0; /* memory and time: the live-set bound only */
  cp_clq q = {c, c->sw, 0, 200000};
  cp_word *cand = CP_NEW(&c->arena, cp_word, c->sw);
  for (unsigned s = 0; s < c->nslots; s++)
    if (!c->slots[s].pinned && c->slots[s].size) cp_bit_set(cand, s);
  cp_clique_rec(&q, cand, 0);
  return q.best;
}

/* cp_interference: see coro.h. */
int cp_interference(cp_coro *c) {
  size_t sw = c->sw;
  c->interf = CP_NEW(&c->arena, cp_word, (size_t)c->nslots * sw);
  /* COROPACK_LAZY_SLOTS=n moves the threshold (test/ir/interference-lazy.test
     compares both ways of filling the matrix) */
  const char *lz = getenv("COROPACK_LAZY_SLOTS");
  unsigned long lazy_from = lz ? strtoul(lz, NULL, 10) : CP_LAZY_SLOTS;
  cp_ictx x = {c, CP_NEW(&c->arena, cp_word, sw), 0, c->nslots >= lazy_from};
  cp_live_points(c, cp_point, &x);
  if (x.lazy) cp_symmetrize(c);
  if (x.lazy && getenv("COROPACK_DEBUG_INTERF"))
    fprintf(stderr, "interference of %u slots: rows, then cp_symmetrize\n", c->nslots);
  uint64_t pinned = 0;
  for (unsigned s = 0; s < c->nslots; s++)
    if (c->slots[s].pinned) pinned += c->slots[s].size;
  uint64_t a = c->frame_align ? c->frame_align : 1;
  uint64_t clique = cp_max_clique(c);
  uint64_t need = c->max_live > clique ? c->max_live : clique;
  uint64_t lb = (pinned + need + a - 1) / a * a;
  uint64_t pe = (c->pinned_end + a - 1) / a * a;
  c->lower_bound = lb > pe ? lb : pe;
  return 0;
}
