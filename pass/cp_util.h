/*
 * cp_util.h - arena, dense bitsets, pointer maps and growable strings used
 * by every stage of coropack.
 *
 * All memory of one coroutine's analysis comes from one arena and is freed
 * in one go (cp_arena_free).  Nothing here is global: every object is owned
 * by the caller that created it.  Allocation failure aborts through
 * cp_oom(); the pass cannot continue without memory and says so.
 */
#ifndef CP_UTIL_H
#define CP_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena ------------------------------------------------------------ */
typedef struct cp_arena_block cp_arena_block;
typedef struct cp_arena {
  cp_arena_block *head;
  size_t used, cap;
} cp_arena;

void cp_arena_init(cp_arena *a);
void cp_arena_free(cp_arena *a);
/* n bytes, zeroed, 16-aligned, owned by a. */
void *cp_alloc(cp_arena *a, size_t n);
#define CP_NEW(a, T, n) ((T *)cp_alloc((a), sizeof(T) * (size_t)(n)))
/* The same, not cleared: for arrays written before they are read (the
   zeroing was most of the allocator's cost). */
void *cp_alloc_raw(cp_arena *a, size_t n);
#define CP_NEW_RAW(a, T, n) ((T *)cp_alloc_raw((a), sizeof(T) * (size_t)(n)))
char *cp_strdup(cp_arena *a, const char *s, size_t n);
void cp_oom(void);

/* ---- dense bitsets: arrays of uint64_t words ---------------------------- */
typedef uint64_t cp_word;
#define CP_WORDS(n) (((size_t)(n) + 63) / 64)
static inline int cp_bit_get(const cp_word *b, size_t i) {
  return (int)((b[i >> 6] >> (i & 63)) & 1u);
}
static inline void cp_bit_set(cp_word *b, size_t i) { b[i >> 6] |= (cp_word)1 << (i & 63); }
static inline void cp_bit_clr(cp_word *b, size_t i) { b[i >> 6] &= ~((cp_word)1 << (i & 63)); }
/* dst |= src; returns 1 if dst changed. */
static inline int cp_bits_or(cp_word *dst, const cp_word *src, size_t w) {
  cp_word ch = 0;
  for (size_t i = 0; i < w; i++) {
    cp_word n = dst[i] | src[i];
    ch |= n ^ dst[i];
    dst[i] = n;
  }
  return ch != 0;
}
/* Copy, compare and clear are word loops, not memcpy/memcmp/memset: the
   sets are one or two words in nearly every coroutine, where the library
   call costs more than the work (measured: 1.9 M instructions of memcpy
   calls from the liveness snapshots of a 96-coroutine TU). */
static inline void cp_bits_copy(cp_word *dst, const cp_word *src, size_t w) {
  for (size_t i = 0; i < w; i++) dst[i] = src[i];
}
static inline int cp_bits_eq(const cp_word *a, const cp_word *b, size_t w) {
  for (size_t i = 0; i < w; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}
static inline int cp_bits_empty(const cp_word *a, size_t w) {
  for (size_t i = 0; i < w; i++)
    if (a[i]) return 0;
  return 1;
}
static inline void cp_bits_zero(cp_word *a, size_t w) {
  for (size_t i = 0; i < w; i++) a[i] = 0;
}

/* cp_popcount: set bits of x, inline (Hacker's Delight 5-1).  The
   builtin is a libgcc call on the x86-64 baseline (no popcnt
   instruction): 4.3 M instructions of __popcountdi2 on a 200-coroutine
   TU, for words that are mostly zero. */
static inline unsigned cp_popcount(cp_word x) {
  if (!x) return 0;
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* CP_FOR_BITS: d runs over the set bits of the w-word set b, ascending. */
#define CP_FOR_BITS(d, b, w)                                                   \
  for (size_t cp_wi_ = 0; cp_wi_ < (w); cp_wi_++)                             \
    for (cp_word cp_x_ = (b)[cp_wi_]; cp_x_; cp_x_ &= cp_x_ - 1)              \
      for (unsigned d = (unsigned)(cp_wi_ * 64 + (unsigned)__builtin_ctzll(cp_x_)), \
                    cp_once_ = 1;                                              \
           cp_once_; cp_once_ = 0)

/* CP_ISORT(T, a, n, CMP): insertion sort of a[0..n) of type T by CMP (a
   comparator of two const T * or const void *, which must not compare
   addresses: one of them is a copy); stable.  CP_SORT: the same for short
   lists, qsort for longer ones (not stable: callers make their keys
   distinct or do not care).  Nearly every sort here gets a short list,
   where a qsort call costs more than the sorting (3.8 M instructions of
   qsort on a 200-coroutine TU). */
#define CP_SORT_SHORT 32
#define CP_ISORT(T, a, n, CMP)                                                 \
  do {                                                                         \
    T *cp_sa_ = (a);                                                           \
    size_t cp_sn_ = (n);                                                       \
    for (size_t cp_si_ = 1; cp_si_ < cp_sn_; cp_si_++) {                       \
      T cp_sx_ = cp_sa_[cp_si_];                                               \
      size_t cp_sj_ = cp_si_;                                                  \
      for (; cp_sj_ > 0 && CMP(&cp_sa_[cp_sj_ - 1], &cp_sx_) > 0; cp_sj_--)    \
        cp_sa_[cp_sj_] = cp_sa_[cp_sj_ - 1];                                   \
      cp_sa_[cp_sj_] = cp_sx_;                                                 \
    }                                                                          \
  } while (0)
#define CP_SORT(T, a, n, CMP)                                                  \
  do {                                                                         \
    if ((size_t)(n) > CP_SORT_SHORT) qsort((a), (n), sizeof(T), CMP);          \
    else CP_ISORT(T, a, n, CMP);                                               \
  } while (0)

/* ---- pointer -> integer map (open addressing, arena backed) ------------ */
typedef struct cp_pmap {
  const void **keys;
  long *vals;
  size_t cap, n;
  cp_arena *arena;
} cp_pmap;
void cp_pmap_init(cp_pmap *m, cp_arena *a, size_t expect);
void cp_pmap_put(cp_pmap *m, const void *k, long v);
/* Returns def when k is absent. */
long cp_pmap_get(const cp_pmap *m, const void *k, long def);

/* ---- growable string (malloc backed; the caller frees .s) -------------- */
typedef struct cp_str {
  char *s;
  size_t n, cap;
} cp_str;
void cp_str_addf(cp_str *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends s as a JSON string literal, quotes included. */
void cp_str_json(cp_str *b, const char *s);

/* ---- growable pointer vector (arena backed) ---------------------------- */
typedef struct cp_vec {
  void **v;
  size_t n, cap;
} cp_vec;
void cp_vec_push(cp_arena *a, cp_vec *v, void *p);

#endif /* CP_UTIL_H */
