/*
 * report.c - what coropack did, for people (text), scripts (JSON) and
 * LLVM's remark machinery.
 *
 * A coropack_report is a malloc-owned copy of the facts of each coroutine
 * examined: it outlives the per-coroutine arena and the module.  Entries
 * hold, per slot: old and new offset, size, required alignment, kind, type,
 * whether its address escapes (conservative liveness), whether it now
 * shares bytes, and the suspend states where it is live - the table of the
 * seed article, "Unresumed Suspend1 ... Final".
 */
#include "report.h"

#include <llvm-c/DebugInfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *cp_xmalloc(size_t n) {
  void *p = calloc(1, n ? n : 1);
  if (!p) cp_oom();
  return p;
}

static char *cp_xstrdup(const char *s) {
  size_t n = strlen(s);
  char *d = cp_xmalloc(n + 1);
  memcpy(d, s, n);
  return d;
}

/* cp_state_kind: which base name state st has (cp_state_base_name). */
enum { CP_SK_SUSPENDED, CP_SK_FINAL, CP_SK_UNRESUMED, CP_SK_INDEX };
static int cp_state_kind(const cp_state *st) {
  if (st->idx == CP_IDX_UNKNOWN) return st->done ? CP_SK_FINAL : CP_SK_SUSPENDED;
  if (st->done) return CP_SK_FINAL;
  if (st->from_ramp && !st->from_clone) return CP_SK_UNRESUMED;
  return CP_SK_INDEX;
}

/* cp_state_base_name: the name of state s, before disambiguation. */
static void cp_state_base_name(const cp_coro *c, unsigned s, char *buf, size_t n) {
  const cp_state *st = &c->states[s];
  switch (cp_state_kind(st)) {
  case CP_SK_SUSPENDED: snprintf(buf, n, "Suspended"); break;
  case CP_SK_FINAL: snprintf(buf, n, "Final"); break;
  case CP_SK_UNRESUMED: snprintf(buf, n, "Unresumed"); break;
  default: snprintf(buf, n, "Suspend%lld", st->idx); break;
  }
}

/* cp_state_name: the name of state s, "@index" added when an earlier state
   has the same base name (several finals or ramp exits).  "Suspend<i>"
   names never repeat (one state per index and done flag), so only the
   kinds are compared: O(s) integer tests. */
const char *cp_state_name(const cp_coro *c, unsigned s, char *buf, size_t n) {
  cp_state_base_name(c, s, buf, n);
  int kind = cp_state_kind(&c->states[s]);
  if (kind == CP_SK_INDEX) return buf;
  for (unsigned k = 0; k < s; k++)
    if (cp_state_kind(&c->states[k]) == kind) {
      size_t l = strlen(buf);
      snprintf(buf + l, n - l, "@%lld", c->states[s].idx);
      break;
    }
  return buf;
}

/* cp_state_before: display order of states a and b. */
static int cp_state_before(const cp_coro *c, unsigned a, unsigned b) {
  const cp_state *x = &c->states[a], *y = &c->states[b];
  if (x->done != y->done) return y->done;
  int rx = x->from_ramp && !x->from_clone && !x->done;
  int ry = y->from_ramp && !y->from_clone && !y->done;
  if (rx != ry) return rx;
  unsigned long long ix = (unsigned long long)x->idx, iy = (unsigned long long)y->idx;
  return ix < iy;
}

/* cp_sort_states: ord[0..n) in display order, stable (equal states keep
   their order): a bottom-up merge sort, O(n log n). */
static void cp_sort_states(const cp_coro *c, unsigned *ord, unsigned n) {
  if (n < 2) return;
  unsigned *tmp = cp_xmalloc(sizeof(unsigned) * n), *a = ord, *b = tmp;
  for (unsigned w = 1; w < n; w *= 2) {
    for (unsigned lo = 0; lo < n; lo += 2 * w) {
      unsigned mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
      unsigned i = lo, j = mid, k = lo;
      while (i < mid && j < hi) b[k++] = cp_state_before(c, a[j], a[i]) ? a[j++] : a[i++];
      while (i < mid) b[k++] = a[i++];
      while (j < hi) b[k++] = a[j++];
    }
    unsigned *t = a;
    a = b;
    b = t;
  }
  if (a != ord) memcpy(ord, a, sizeof(unsigned) * n);
  free(tmp);
}

static const char *cp_kind_name(cp_kind k) {
  switch (k) {
  case CP_K_RESUMEFN: return "resume";
  case CP_K_DESTROYFN: return "destroy";
  case CP_K_PROMISE: return "promise";
  case CP_K_INDEX: return "index";
  default: return "data";
  }
}

static const char *cp_assign_name(int how) {
  switch (how) {
  case CP_AS_HEURISTIC: return "heuristic";
  case CP_AS_EXACT_OPTIMAL: return "exact-optimal";
  case CP_AS_EXACT_IMPROVED: return "exact-improved";
  case CP_AS_BUDGET: return "search-budget";
  case CP_AS_TOO_MANY: return "too-many-slots";
  default: return "none";
  }
}

coropack_report *cp_report_new(void) { return cp_xmalloc(sizeof(coropack_report)); }

void cp_report_add(coropack_report *r, const cp_coro *c, int packed) {
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 8;
    cp_rentry *ne = realloc(r->e, cap * sizeof *ne);
    if (!ne) cp_oom();
    r->e = ne;
    r->cap = cap;
  }
  cp_rentry *e = &r->e[r->n++];
  memset(e, 0, sizeof *e);
  if (!r->module && c->mod) {
    size_t len = 0;
    const char *src = LLVMGetSourceFileName(c->mod, &len);
    if (src && len) {
      r->module = cp_xmalloc(len + 1);
      memcpy(r->module, src, len);
    }
  }
  /* where the coroutine is: its ramp's subprogram (debug info) */
  LLVMValueRef ramp = c->mod && c->name ? LLVMGetNamedFunction(c->mod, c->name) : NULL;
  LLVMMetadataRef sp = ramp && !LLVMIsDeclaration(ramp) ? LLVMGetSubprogram(ramp) : NULL;
  LLVMMetadataRef file = sp ? LLVMDIScopeGetFile(sp) : NULL;
  if (file) {
    unsigned ld = 0, lf = 0;
    const char *dir = LLVMDIFileGetDirectory(file, &ld);
    const char *fname = LLVMDIFileGetFilename(file, &lf);
    if (fname && lf) {
      int rel = fname[0] != '/' && dir && ld;
      e->file = cp_xmalloc(ld + lf + 2);
      if (rel) {
        memcpy(e->file, dir, ld);
        e->file[ld] = '/';
      }
      memcpy(e->file + (rel ? ld + 1 : 0), fname, lf);
      e->line = LLVMDISubprogramGetLine(sp);
    }
  }
  e->name = cp_xstrdup(c->name ? c->name : "?");
  e->packed = packed;
  e->reason = cp_xstrdup(packed ? "" : (c->reason ? c->reason : "unknown"));
  e->old_size = c->old_size;
  e->new_size = packed ? c->new_size : c->old_size;
  e->lower_bound = c->interf ? c->lower_bound : 0;
  e->best_size = c->new_size;
  e->heuristic_size = c->heuristic_size;
  e->assign_size = c->assign_size;
  e->assign = cp_assign_name(c->assign_how);
  e->search_nodes = c->search_nodes;
  int details = !c->opts || c->opts->report_slots;
  int have_live = details && c->live != NULL && c->slots && c->slots[0].live_states != NULL;
  e->nstates = have_live ? c->nstates : 0;
  e->states = cp_xmalloc(sizeof(char *) * (e->nstates + 1));
  /* display order: Unresumed, Suspend1..n by index, Final */
  unsigned *ord = cp_xmalloc(sizeof(unsigned) * (e->nstates + 1));
  for (unsigned s = 0; s < e->nstates; s++) ord[s] = s;
  cp_sort_states(c, ord, e->nstates);
  for (unsigned s = 0; s < e->nstates; s++) {
    char buf[64];
    e->states[s] = cp_xstrdup(cp_state_name(c, ord[s], buf, sizeof buf));
  }
  for (unsigned i = 0; packed && c->slots && i < c->nslots; i++)
    if (c->slots[i].demoted) {
      e->stack_bytes += c->slots[i].stack_size;
      e->stack_area = c->stack_area;
    }
  e->nslots = c->slots && details ? c->nslots : 0;
  e->slots = cp_xmalloc(sizeof(cp_rslot) * (e->nslots + 1));
  for (unsigned i = 0; i < e->nslots; i++) {
    const cp_slot *s = &c->slots[i];
    cp_rslot *d = &e->slots[i];
    d->field = s->field;
    if (LLVMGetTypeKind(s->type) == LLVMStructTypeKind && LLVMGetStructName(s->type)) {
      d->type = cp_xmalloc(strlen(LLVMGetStructName(s->type)) + 2);
      d->type[0] = '%';
      strcpy(d->type + 1, LLVMGetStructName(s->type));
    } else {
      char *t = LLVMPrintTypeToString(s->type);
      d->type = cp_xstrdup(t);
      LLVMDisposeMessage(t);
    }
    d->kind = cp_kind_name(s->kind);
    d->pinned = s->pinned;
    d->old_off = s->off;
    d->new_off = packed ? s->new_off : s->off;
    d->demoted = packed && s->demoted;
    d->size = s->demoted ? s->stack_size : s->size;
    if (d->demoted) d->stack_off = s->stack_off;
    d->align = s->req_align;
    d->escapes = s->escapes;
    d->ends = s->ends;
    d->shares = packed && s->shares;
    d->accessed = s->accessed;
    d->vars = s->vars ? cp_xstrdup(s->vars) : NULL;
    d->live = cp_xmalloc(e->nstates + 1);
    for (unsigned st = 0; st < e->nstates; st++)
      d->live[st] = cp_bit_get(s->live_states, ord[st]) ? 1 : 0;
  }
  free(ord);
}

void coropack_report_destroy(coropack_report *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n; i++) {
    cp_rentry *e = &r->e[i];
    free(e->name);
    free(e->reason);
    for (unsigned s = 0; s < e->nstates; s++) free(e->states[s]);
    free(e->states);
    for (unsigned k = 0; k < e->nslots; k++) {
      free(e->slots[k].type);
      free(e->slots[k].live);
      free(e->slots[k].vars);
    }
    free(e->slots);
    free(e->file);
  }
  free(r->e);
  free(r->module);
  free(r->changed);
  free(r);
}

void cp_report_changed(coropack_report *r, LLVMValueRef fn) {
  for (size_t i = 0; i < r->nch; i++)
    if (r->changed[i] == fn) return;
  if (r->nch == r->capch) {
    size_t cap = r->capch ? r->capch * 2 : 8;
    LLVMValueRef *n = realloc(r->changed, cap * sizeof *n);
    if (!n) cp_oom();
    r->changed = n;
    r->capch = cap;
  }
  r->changed[r->nch++] = fn;
}

void coropack_report_merge(coropack_report *dst, coropack_report *src) {
  for (size_t i = 0; i < src->n; i++) {
    if (dst->n == dst->cap) {
      size_t cap = dst->cap ? dst->cap * 2 : 8;
      cp_rentry *ne = realloc(dst->e, cap * sizeof *ne);
      if (!ne) cp_oom();
      dst->e = ne;
      dst->cap = cap;
    }
    dst->e[dst->n++] = src->e[i];
  }
  src->n = 0;
  if (!dst->module) {
    dst->module = src->module;
    src->module = NULL;
  }
  for (size_t i = 0; i < src->nch; i++) cp_report_changed(dst, src->changed[i]);
  src->nch = 0;
}

size_t coropack_report_count(const coropack_report *r) { return r ? r->n : 0; }
const char *coropack_report_name(const coropack_report *r, size_t i) { return r->e[i].name; }
int coropack_report_packed(const coropack_report *r, size_t i) { return r->e[i].packed; }
const char *coropack_report_reason(const coropack_report *r, size_t i) { return r->e[i].reason; }
uint64_t coropack_report_old_size(const coropack_report *r, size_t i) { return r->e[i].old_size; }
uint64_t coropack_report_new_size(const coropack_report *r, size_t i) { return r->e[i].new_size; }
uint64_t coropack_report_lower_bound(const coropack_report *r, size_t i) { return r->e[i].lower_bound; }
size_t coropack_report_changed_count(const coropack_report *r) { return r ? r->nch : 0; }
LLVMValueRef coropack_report_changed(const coropack_report *r, size_t i) { return r->changed[i]; }
void coropack_string_destroy(char *s) { free(s); }

char *coropack_report_text(const coropack_report *r) {
  cp_str b = {0};
  cp_str_addf(&b, "%s", "");
  for (size_t i = 0; r && i < r->n; i++) {
    const cp_rentry *e = &r->e[i];
    if (e->packed && e->stack_bytes)
      cp_str_addf(&b, "coroutine %s: packed, frame %llu -> %llu bytes (lower bound %llu), "
                      "%llu bytes moved to the stack (a stack area of %llu bytes)\n",
                  e->name, (unsigned long long)e->old_size, (unsigned long long)e->new_size,
                  (unsigned long long)e->lower_bound, (unsigned long long)e->stack_bytes,
                  (unsigned long long)e->stack_area);
    else if (e->packed)
      cp_str_addf(&b, "coroutine %s: packed, frame %llu -> %llu bytes (lower bound %llu)\n",
                  e->name, (unsigned long long)e->old_size,
                  (unsigned long long)e->new_size, (unsigned long long)e->lower_bound);
    else
      cp_str_addf(&b, "coroutine %s: left unchanged, frame %llu bytes (lower bound %llu): %s\n",
                  e->name, (unsigned long long)e->old_size,
                  (unsigned long long)e->lower_bound, e->reason);
    if (!e->nslots) continue;
    cp_str_addf(&b, "  %5s %5s %5s %5s %5s  %-8s %-4s", "field", "old", "new", "size",
                "align", "kind", "note");
    for (unsigned s = 0; s < e->nstates; s++) cp_str_addf(&b, " %s", e->states[s]);
    cp_str_addf(&b, "  type\n");
    for (unsigned k = 0; k < e->nslots; k++) {
      const cp_rslot *d = &e->slots[k];
      /* esc: escapes, live from the escape to the end (conservative);
         end: escapes, but carried lifetime ends bound it */
      const char *note = d->pinned     ? "pin"
                         : d->demoted  ? "stack"
                         : d->escapes  ? (d->ends ? "end" : "esc")
                         : !d->accessed ? "dead"
                                        : "";
      char nw[24];
      if (d->demoted) snprintf(nw, sizeof nw, "-");
      else snprintf(nw, sizeof nw, "%llu", (unsigned long long)d->new_off);
      cp_str_addf(&b, "  %5u %5llu %5s %5llu %5llu  %-8s %-4s", d->field,
                  (unsigned long long)d->old_off, nw,
                  (unsigned long long)d->size, (unsigned long long)d->align, d->kind, note);
      for (unsigned s = 0; s < e->nstates; s++) {
        size_t w = strlen(e->states[s]);
        cp_str_addf(&b, " %*s", (int)w, d->pinned ? "-" : d->live[s] ? "X" : ".");
      }
      cp_str_addf(&b, "  %s\n", d->type);
    }
  }
  return b.s;
}

char *coropack_report_json(const coropack_report *r) {
  cp_str b = {0};
  cp_str_addf(&b, "{\"coroutines\":[");
  for (size_t i = 0; r && i < r->n; i++) {
    const cp_rentry *e = &r->e[i];
    cp_str_addf(&b, "%s\n{\"name\":", i ? "," : "");
    cp_str_json(&b, e->name);
    cp_str_addf(&b, ",\"packed\":%s,\"reason\":", e->packed ? "true" : "false");
    cp_str_json(&b, e->reason);
    cp_str_addf(&b, ",\"old_size\":%llu,\"new_size\":%llu,\"lower_bound\":%llu,\"states\":[",
                (unsigned long long)e->old_size, (unsigned long long)e->new_size,
                (unsigned long long)e->lower_bound);
    for (unsigned s = 0; s < e->nstates; s++) {
      if (s) cp_str_addf(&b, ",");
      cp_str_json(&b, e->states[s]);
    }
    cp_str_addf(&b, "],\"slots\":[");
    for (unsigned k = 0; k < e->nslots; k++) {
      const cp_rslot *d = &e->slots[k];
      cp_str_addf(&b, "%s{\"field\":%u,\"type\":", k ? "," : "", d->field);
      cp_str_json(&b, d->type);
      char dem[64] = "";
      if (d->demoted)
        snprintf(dem, sizeof dem, "\"demoted\":true,\"stack_offset\":%llu,",
                 (unsigned long long)d->stack_off);
      cp_str_addf(&b, ",\"kind\":\"%s\",\"pinned\":%s,\"old_offset\":%llu,\"new_offset\":%llu,"
                      "\"size\":%llu,\"align\":%llu,\"escapes\":%s,\"lifetime_end\":%s,"
                      "\"shares\":%s,%s\"live\":[",
                  d->kind, d->pinned ? "true" : "false", (unsigned long long)d->old_off,
                  (unsigned long long)d->new_off, (unsigned long long)d->size,
                  (unsigned long long)d->align, d->escapes ? "true" : "false",
                  d->ends ? "true" : "false", d->shares ? "true" : "false",
                  dem);
      int first = 1;
      for (unsigned s = 0; s < e->nstates; s++)
        if (d->live[s] && !d->pinned) {
          if (!first) cp_str_addf(&b, ",");
          cp_str_json(&b, e->states[s]);
          first = 0;
        }
      cp_str_addf(&b, "]");
      if (d->vars) { /* "a, b" -> ["a","b"] */
        cp_str_addf(&b, ",\"vars\":[");
        const char *p = d->vars;
        for (int k = 0; *p; k++) {
          const char *q = strstr(p, ", ");
          size_t l = q ? (size_t)(q - p) : strlen(p);
          char nm[512];
          snprintf(nm, sizeof nm, "%.*s", (int)(l < sizeof nm - 1 ? l : sizeof nm - 1), p);
          if (k) cp_str_addf(&b, ",");
          cp_str_json(&b, nm);
          p += l + (q ? 2 : 0);
        }
        cp_str_addf(&b, "]");
      }
      cp_str_addf(&b, "}");
    }
    /* how the offsets were found: after "slots" (readers match the prefix) */
    cp_str_addf(&b, "],\"heuristic_size\":%llu,\"assign_size\":%llu,\"assign\":\"%s\","
                    "\"search_nodes\":%ld",
                (unsigned long long)e->heuristic_size, (unsigned long long)e->assign_size,
                e->assign, e->search_nodes);
    if (e->stack_bytes)
      cp_str_addf(&b, ",\"stack_bytes\":%llu,\"stack_area\":%llu",
                  (unsigned long long)e->stack_bytes, (unsigned long long)e->stack_area);
    if (e->file) {
      cp_str_addf(&b, ",\"file\":");
      cp_str_json(&b, e->file);
      cp_str_addf(&b, ",\"line\":%u", e->line);
    }
    cp_str_addf(&b, "}");
  }
  cp_str_addf(&b, "\n]");
  if (r && r->module) {
    cp_str_addf(&b, ",\"module\":");
    cp_str_json(&b, r->module);
  }
  cp_str_addf(&b, "}\n");
  return b.s;
}
