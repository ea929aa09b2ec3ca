/*
 * util.c - the arena, pointer map, string builder and vector of cp_util.h.
 *
 * The arena hands out memory from large blocks, zeroed unless asked not
 * to (cp_alloc_raw), and frees them all at once.  The pointer map is open
 * addressing with linear probing, kept at most half full; it never shrinks
 * and never deletes, which is all the analysis needs (numbering blocks and
 * instructions once).
 */
#include "cp_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct cp_arena_block {
  cp_arena_block *next;
  size_t cap;
  /* data follows, 16-aligned */
};

#define CP_BLOCK_HDR (((sizeof(cp_arena_block) + 15) / 16) * 16)

void cp_oom(void) {
  fputs("coropack: out of memory\n", stderr);
  abort();
}

void cp_arena_init(cp_arena *a) { memset(a, 0, sizeof *a); }

void cp_arena_free(cp_arena *a) {
  cp_arena_block *b = a->head;
  while (b) {
    cp_arena_block *n = b->next;
    free(b);
    b = n;
  }
  memset(a, 0, sizeof *a);
}

/* cp_alloc_raw: n bytes from arena a, 16-byte aligned, not cleared. */
void *cp_alloc_raw(cp_arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (n == 0) n = 16;
  if (!a->head || a->used + n > a->cap) {
    size_t cap = 64 * 1024;
    if (n > cap / 4) cap = n; /* big requests get their own block */
    cp_arena_block *b = malloc(CP_BLOCK_HDR + cap);
    if (!b) cp_oom();
    b->cap = cap;
    if (a->head && cap == n && a->used + 256 < a->cap) {
      /* keep filling the current block; chain the big one behind it */
      b->next = a->head->next;
      a->head->next = b;
      return (char *)b + CP_BLOCK_HDR;
    }
    b->next = a->head;
    a->head = b;
    a->used = 0;
    a->cap = cap;
  }
  void *p = (char *)a->head + CP_BLOCK_HDR + a->used;
  a->used += n;
  return p;
}

/* cp_alloc: n zeroed bytes from arena a, 16-byte aligned. */
void *cp_alloc(cp_arena *a, size_t n) {
  void *p = cp_alloc_raw(a, n);
  if (n <= 64) { /* most requests: stores, not a memset call */
    uint64_t *q = p;
    for (size_t i = 0; i < (n + 7) / 8; i++) q[i] = 0;
  } else {
    memset(p, 0, n);
  }
  return p;
}

char *cp_strdup(cp_arena *a, const char *s, size_t n) {
  char *d = cp_alloc_raw(a, n + 1);
  if (n) memcpy(d, s, n);
  d[n] = 0;
  return d;
}

static size_t cp_hash(const void *k) {
  uintptr_t x = (uintptr_t)k;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x;
}

void cp_pmap_init(cp_pmap *m, cp_arena *a, size_t expect) {
  size_t cap = 16;
  while (cap < expect * 2 + 2) cap <<= 1;
  m->arena = a;
  m->cap = cap;
  m->n = 0;
  m->keys = CP_NEW(a, const void *, cap);
  m->vals = CP_NEW_RAW(a, long, cap); /* read only where a key is */
}

static void cp_pmap_grow(cp_pmap *m) {
  cp_pmap n;
  cp_pmap_init(&n, m->arena, m->cap);
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) cp_pmap_put(&n, m->keys[i], m->vals[i]);
  *m = n;
}

void cp_pmap_put(cp_pmap *m, const void *k, long v) {
  if ((m->n + 1) * 2 > m->cap) cp_pmap_grow(m);
  size_t i = cp_hash(k) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != k) i = (i + 1) & (m->cap - 1);
  if (!m->keys[i]) {
    m->keys[i] = k;
    m->n++;
  }
  m->vals[i] = v;
}

long cp_pmap_get(const cp_pmap *m, const void *k, long def) {
  if (!m->cap) return def;
  size_t i = cp_hash(k) & (m->cap - 1);
  while (m->keys[i]) {
    if (m->keys[i] == k) return m->vals[i];
    i = (i + 1) & (m->cap - 1);
  }
  return def;
}

void cp_str_addf(cp_str *b, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    size_t room = b->cap - b->n;
    va_start(ap, fmt);
    int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? room : 0, fmt, ap);
    va_end(ap);
    if (k < 0) return;
    if (b->s && (size_t)k < room) {
      b->n += (size_t)k;
      return;
    }
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->n + (size_t)k + 1) cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) cp_oom();
    b->s = s;
    b->cap = cap;
  }
}

void cp_str_json(cp_str *b, const char *s) {
  cp_str_addf(b, "\"");
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      cp_str_addf(b, "\\%c", c);
    else if (c < 0x20)
      cp_str_addf(b, "\\u%04x", c);
    else
      cp_str_addf(b, "%c", c);
  }
  cp_str_addf(b, "\"");
}

void cp_vec_push(cp_arena *a, cp_vec *v, void *p) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 8;
    void **n = CP_NEW_RAW(a, void *, cap);
    if (v->n) memcpy(n, v->v, v->n * sizeof(void *));
    v->v = n;
    v->cap = cap;
  }
  v->v[v->n++] = p;
}
