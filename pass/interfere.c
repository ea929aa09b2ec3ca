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
 * for each slot that gains an edge (at most one per edge of the matrix).
 */
#include "coro.h"

typedef struct cp_ictx {
  cp_coro *c;
  cp_word *prev;
  uint64_t prev_bytes; /* the sizes of the slots of prev, added up */
  int have_prev;
} cp_ictx;

/* cp_edges: slot s interferes with every slot of L, both ways.  When s's
   row holds L already, so do the rows of L (the matrix stays symmetric). */
static void cp_edges(cp_coro *c, unsigned s, const cp_word *L) {
  size_t sw = c->sw;
  if (!cp_bits_or(c->interf + (size_t)s * sw, L, sw)) return;
  CP_FOR_BITS(t, L, sw) {
    if (t < c->nslots) cp_bit_set(c->interf + (size_t)t * sw, s);
  }
}

static void cp_point(void *vctx, const cp_word *L, int w) {
  cp_ictx *x = vctx;
  cp_coro *c = x->c;
  size_t sw = c->sw;
  /* the bytes of L: from the previous set's, by the slots that differ */
  uint64_t bytes = 0;
  if (x->have_prev) {
    bytes = x->prev_bytes;
    for (size_t k = 0; k < sw; k++) {
      cp_word add = L[k] & ~x->prev[k], rem = x->prev[k] & ~L[k];
      for (; add; add &= add - 1) {
        size_t s = k * 64 + (size_t)__builtin_ctzll(add);
        if (s < c->nslots) bytes += c->slots[s].size;
      }
      for (; rem; rem &= rem - 1) {
        size_t s = k * 64 + (size_t)__builtin_ctzll(rem);
        if (s < c->nslots) bytes -= c->slots[s].size;
      }
    }
  } else {
    CP_FOR_BITS(s, L, sw) {
      if (s < c->nslots) bytes += c->slots[s].size;
    }
  }
  if (w >= 0) {
    cp_edges(c, (unsigned)w, L);
    /* the slot being written occupies its bytes there too */
    uint64_t b = bytes + (cp_bit_get(L, (size_t)w) ? 0 : c->slots[w].size);
    if (b > c->max_live) c->max_live = b;
  }
  if (x->have_prev && cp_bits_eq(L, x->prev, sw)) return;
  /* Every pair of L interferes.  The pairs inside the previous set are in
     the matrix already (it was handled the same way), so only the slots
     new in L get edges. */
  CP_FOR_BITS(s, L, sw) {
    if (s >= c->nslots || (x->have_prev && cp_bit_get(x->prev, s))) continue;
    cp_edges(c, s, L);
  }
  if (bytes > c->max_live) c->max_live = bytes;
  cp_bits_copy(x->prev, L, sw);
  x->prev_bytes = bytes;
  x->have_prev = 1;
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
  cp_ictx x = {c, CP_NEW(&c->arena, cp_word, sw), 0, 0};
  cp_live_points(c, cp_point, &x);
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
