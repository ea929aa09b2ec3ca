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
 * better, whatever the algorithm.
 *
 * Cost: O(points) set comparisons plus O(|L| * nslots / 64) per distinct
 * consecutive live set.
 */
#include "coro.h"

typedef struct cp_ictx {
  cp_coro *c;
  cp_word *prev;
  int have_prev;
} cp_ictx;

static void cp_point(void *vctx, const cp_word *L, int w) {
  cp_ictx *x = vctx;
  cp_coro *c = x->c;
  size_t sw = c->sw;
  if (w >= 0) {
    cp_bits_or(c->interf + (size_t)w * sw, L, sw);
    for (unsigned s = 0; s < c->nslots; s++)
      if (cp_bit_get(L, s)) cp_bit_set(c->interf + (size_t)s * sw, (size_t)w);
  }
  if (x->have_prev && cp_bits_eq(L, x->prev, sw)) return;
  uint64_t bytes = 0;
  for (unsigned s = 0; s < c->nslots; s++) {
    if (!cp_bit_get(L, s)) continue;
    cp_bits_or(c->interf + (size_t)s * sw, L, sw);
    bytes += c->slots[s].size;
  }
  if (bytes > c->max_live) c->max_live = bytes;
  cp_bits_copy(x->prev, L, sw);
  x->have_prev = 1;
}

/* cp_interference: see coro.h. */
int cp_interference(cp_coro *c) {
  size_t sw = c->sw;
  c->interf = CP_NEW(&c->arena, cp_word, (size_t)c->nslots * sw);
  cp_ictx x = {c, CP_NEW(&c->arena, cp_word, sw), 0};
  cp_live_points(c, cp_point, &x);
  uint64_t pinned = 0;
  for (unsigned s = 0; s < c->nslots; s++)
    if (c->slots[s].pinned) pinned += c->slots[s].size;
  uint64_t a = c->frame_align ? c->frame_align : 1;
  uint64_t lb = (pinned + c->max_live + a - 1) / a * a;
  uint64_t pe = (c->pinned_end + a - 1) / a * a;
  c->lower_bound = lb > pe ? lb : pe;
  return 0;
}
