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

/* cp_first_fit: place slots in order; offsets into out; returns the frame
   size.  Each slot goes to the lowest offset, among 0 and the ends of the
   placed slots it interferes with, aligned, that overlaps none of them:
   one sweep over those slots sorted by offset, O(k log k) for k of them. */
static uint64_t cp_first_fit(cp_coro *c, const unsigned *order, unsigned n,
                             uint64_t *out, unsigned char *placed, cp_iv *iv, cp_iv *tmp) {
  for (unsigned i = 0; i < c->nslots; i++) placed[i] = c->slots[i].pinned;
  for (unsigned i = 0; i < c->nslots; i++)
    if (c->slots[i].pinned) out[i] = c->slots[i].off;
  uint64_t end = c->pinned_end;
  for (unsigned k = 0; k < n; k++) {
    unsigned s = order[k];
    const cp_slot *S = &c->slots[s];
    uint64_t al = S->req_align ? S->req_align : 1;
    size_t m = 0;
    if (S->size > 0)
      for (unsigned t = 0; t < c->nslots; t++) {
        if (!placed[t] || t == s || c->slots[t].size == 0) continue;
        if (!cp_interferes(c, s, t)) continue;
        iv[m].lo = out[t];
        iv[m].hi = out[t] + c->slots[t].size;
        m++;
      }
    cp_iv_sort(iv, tmp, m);
    uint64_t cand = 0;
    for (size_t i = 0; i < m; i++) {
      if (iv[i].hi <= cand) continue;
      if (iv[i].lo >= cand + S->size) break;
      cand = cp_align_up(iv[i].hi, al);
    }
    out[s] = cand;
    placed[s] = 1;
    if (cand + S->size > end) end = cand + S->size;
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
  if (getenv("COROPACK_DEBUG_INTERF"))
    for (unsigned i = 0; i < c->nslots; i++) {
      fprintf(stderr, "interf %u:", i);
      for (unsigned j = 0; j < c->nslots; j++)
        if (j != i && cp_interferes(c, i, j) && !c->slots[j].pinned) fprintf(stderr, " %u", j);
      fprintf(stderr, "\n");
    }
  unsigned n = 0;
  unsigned *order = CP_NEW(&c->arena, unsigned, c->nslots);
  unsigned *deg = CP_NEW(&c->arena, unsigned, c->nslots);
  uint64_t *cur = CP_NEW(&c->arena, uint64_t, c->nslots);
  uint64_t *best = CP_NEW(&c->arena, uint64_t, c->nslots);
  unsigned char *placed = CP_NEW(&c->arena, unsigned char, c->nslots);
  unsigned *tmp = CP_NEW(&c->arena, unsigned, c->nslots);
  cp_iv *iv = CP_NEW(&c->arena, cp_iv, c->nslots);
  cp_iv *ivtmp = CP_NEW(&c->arena, cp_iv, c->nslots);
  for (unsigned i = 0; i < c->nslots; i++) {
    if (c->slots[i].pinned) continue;
    order[n++] = i;
    for (unsigned j = 0; j < c->nslots; j++)
      if (j != i && !c->slots[j].pinned && cp_interferes(c, i, j)) deg[i]++;
  }
  uint64_t best_size = UINT64_MAX;
  for (int mode = 0; mode < 3; mode++) {
    cp_order_key key = {c, deg, mode};
    cp_sort(&key, order, tmp, n);
    uint64_t sz = cp_first_fit(c, order, n, cur, placed, iv, ivtmp);
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
