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
 * overlaps none of them.  docs/design.md reports how close this gets to the
 * lower bound.
 *
 * The frame never grows: when no order beats the old size, the layout is
 * left as it was.
 *
 * Cost: O(orders * n * k * log) for n slots with k interfering neighbours.
 */
#include "coro.h"

#include <stdlib.h>

typedef struct cp_actx {
  cp_coro *c;
  unsigned *deg;
} cp_actx;

static cp_coro *cp_sort_c;
static unsigned *cp_sort_deg;
static int cp_sort_mode;

/* qsort has no context argument in C11; the sort key lives in these
   file-local variables only for the duration of one qsort call. */
static int cp_cmp(const void *pa, const void *pb) {
  unsigned a = *(const unsigned *)pa, b = *(const unsigned *)pb;
  const cp_slot *x = &cp_sort_c->slots[a], *y = &cp_sort_c->slots[b];
  if (cp_sort_mode == 0) {
    if (x->size != y->size) return x->size > y->size ? -1 : 1;
    if (x->req_align != y->req_align) return x->req_align > y->req_align ? -1 : 1;
  } else if (cp_sort_mode == 1) {
    uint64_t wx = (uint64_t)cp_sort_deg[a] * 1 + x->size;
    uint64_t wy = (uint64_t)cp_sort_deg[b] * 1 + y->size;
    if (cp_sort_deg[a] != cp_sort_deg[b]) return cp_sort_deg[a] > cp_sort_deg[b] ? -1 : 1;
    if (wx != wy) return wx > wy ? -1 : 1;
  }
  return a < b ? -1 : (a > b);
}

static int cp_interferes(const cp_coro *c, unsigned a, unsigned b) {
  if (c->slots[a].pinned || c->slots[b].pinned) return 1;
  return cp_bit_get(c->interf + (size_t)a * c->sw, b) ||
         cp_bit_get(c->interf + (size_t)b * c->sw, a);
}

static uint64_t cp_align_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

/* cp_first_fit: place slots in order; offsets into out; returns the frame
   size. */
static uint64_t cp_first_fit(cp_coro *c, const unsigned *order, unsigned n,
                             uint64_t *out, unsigned char *placed) {
  for (unsigned i = 0; i < c->nslots; i++) placed[i] = c->slots[i].pinned;
  for (unsigned i = 0; i < c->nslots; i++)
    if (c->slots[i].pinned) out[i] = c->slots[i].off;
  uint64_t end = c->pinned_end;
  for (unsigned k = 0; k < n; k++) {
    unsigned s = order[k];
    const cp_slot *S = &c->slots[s];
    uint64_t al = S->req_align ? S->req_align : 1;
    uint64_t best = UINT64_MAX;
    /* candidates: 0 and the end of each placed interfering slot */
    for (int pass = -1; pass < (int)c->nslots; pass++) {
      uint64_t cand;
      if (pass < 0) cand = 0;
      else {
        if (!placed[pass] || !cp_interferes(c, s, (unsigned)pass)) continue;
        cand = out[pass] + c->slots[pass].size;
      }
      cand = cp_align_up(cand, al);
      if (cand >= best) continue;
      int ok = 1;
      if (S->size > 0)
        for (unsigned t = 0; t < c->nslots && ok; t++) {
          if (!placed[t] || t == s || c->slots[t].size == 0) continue;
          if (!cp_interferes(c, s, t)) continue;
          if (cand < out[t] + c->slots[t].size && out[t] < cand + S->size) ok = 0;
        }
      if (ok) best = cand;
    }
    out[s] = best;
    placed[s] = 1;
    if (best + S->size > end) end = best + S->size;
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

/* cp_assign: see coro.h. */
int cp_assign(cp_coro *c) {
  cp_required_align(c);
  unsigned n = 0;
  unsigned *order = CP_NEW(&c->arena, unsigned, c->nslots);
  unsigned *deg = CP_NEW(&c->arena, unsigned, c->nslots);
  uint64_t *cur = CP_NEW(&c->arena, uint64_t, c->nslots);
  uint64_t *best = CP_NEW(&c->arena, uint64_t, c->nslots);
  unsigned char *placed = CP_NEW(&c->arena, unsigned char, c->nslots);
  for (unsigned i = 0; i < c->nslots; i++) {
    if (c->slots[i].pinned) continue;
    order[n++] = i;
    for (unsigned j = 0; j < c->nslots; j++)
      if (j != i && !c->slots[j].pinned && cp_interferes(c, i, j)) deg[i]++;
  }
  uint64_t best_size = UINT64_MAX;
  for (int mode = 0; mode < 3; mode++) {
    cp_sort_c = c;
    cp_sort_deg = deg;
    cp_sort_mode = mode;
    qsort(order, n, sizeof *order, cp_cmp);
    uint64_t sz = cp_first_fit(c, order, n, cur, placed);
    if (sz < best_size) {
      best_size = sz;
      for (unsigned i = 0; i < c->nslots; i++) best[i] = cur[i];
    }
  }
  for (unsigned i = 0; i < c->nslots; i++) c->slots[i].new_off = best[i];
  c->new_size = best_size;
  /* Which slots now share bytes with another (brief rule 5). */
  for (unsigned i = 0; i < c->nslots; i++) {
    cp_slot *a = &c->slots[i];
    if (a->pinned || a->size == 0) continue;
    for (unsigned j = 0; j < c->nslots; j++) {
      cp_slot *b = &c->slots[j];
      if (j == i || b->pinned || b->size == 0) continue;
      if (a->new_off < b->new_off + b->size && b->new_off < a->new_off + a->size) {
        a->shares = 1;
        break;
      }
    }
  }
  if (best_size >= c->old_size) {
    for (unsigned i = 0; i < c->nslots; i++) c->slots[i].new_off = c->slots[i].off;
    c->new_size = c->old_size;
    cp_fail(c, "no layout smaller than the current %llu bytes was found",
            (unsigned long long)c->old_size);
    return -1;
  }
  return 0;
}
