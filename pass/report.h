/*
 * report.h - the report's internal shape, shared by report.c and the
 * driver coropack.c.  Everything here is malloc-owned by the report.
 */
#ifndef CP_REPORT_H
#define CP_REPORT_H

#include "coro.h"

typedef struct cp_rslot {
  unsigned field;
  char *type;
  const char *kind;
  int pinned, escapes, ends, shares, accessed, demoted;
  uint64_t old_off, new_off, size, align;
  uint64_t stack_off; /* demoted: offset in the functions' stack area */
  char *live; /* one byte per state: 1 = live when suspended there */
  char *vars; /* debug variable names, ", "-joined, or NULL */
} cp_rslot;

typedef struct cp_rentry {
  char *name;
  int packed;
  char *reason;
  uint64_t old_size, new_size, lower_bound, best_size;
  uint64_t stack_bytes; /* bytes of the demoted slots (packed only) */
  uint64_t stack_area;  /* size of the stack area they share (packed only) */
  uint64_t heuristic_size, assign_size; /* 0: assignment did not run */
  const char *assign;                   /* cp_assign_how, as a name */
  long search_nodes;
  unsigned nstates;
  char **states;
  unsigned nslots;
  cp_rslot *slots;
  char *file; /* the ramp's source file (debug info), or NULL */
  unsigned line;
} cp_rentry;

struct coropack_report {
  cp_rentry *e;
  size_t n, cap;
  LLVMValueRef *changed;
  size_t nch, capch;
  char *module; /* source file name of the first entry's module, or NULL */
};

coropack_report *cp_report_new(void);
/* Copies the facts of c into a new entry of r. */
void cp_report_add(coropack_report *r, const cp_coro *c, int packed);
void cp_report_changed(coropack_report *r, LLVMValueRef fn);

#endif
