/*
 * coropack.c - the driver: the public API of include/coropack.h.
 *
 * For each coroutine: discover -> collect accesses -> liveness over the
 * state machine -> interference -> assign offsets -> rewrite -> report.
 * The first stage that does not understand something records a reason,
 * the later stages are skipped and the coroutine is left exactly as it
 * was; a missed remark says why.  The triage options (only/skip regexes,
 * bisection; cp_triage) decide right after discovery, before any stage,
 * and leave a coroutine alone the same way.
 *
 * "Each coroutine is examined once": the names of examined coroutines are
 * kept in the module's named metadata !coropack.examined, so that the
 * automatic registration, which sees every piece of a coroutine in turn,
 * does the work once.  Named module metadata changes no function and is
 * ignored by everything else (links without the plugin included).
 */
#include "report.h"
#include "dbgshim.h"

#include <llvm-c/Analysis.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#define CP_MD_EXAMINED "coropack.examined"

void coropack_options_init(coropack_options *o) {
  memset(o, 0, sizeof *o);
  o->remat_addresses = 1;
  o->strip_tbaa = 1;
  o->bisect_limit = -1;
  o->warn_frame_larger_than = -1;
  o->demote = 1;
  o->slot_names = 1;
  o->report_slots = 1;
  o->verify_input = 1;
}

/* cp_regex_match: does POSIX extended regular expression pat match
   somewhere in s (unanchored, like grep -E)?  1 or 0; none when pat is
   NULL or "" (no filter); -1 when pat does not compile, with a message
   naming option -coro-pack-<opt> in err (n bytes). */
static int cp_regex_match(const char *pat, const char *opt, int none, const char *s,
                          char *err, size_t n) {
  if (!pat || !*pat) return none;
  regex_t re;
  int e = regcomp(&re, pat, REG_EXTENDED | REG_NOSUB);
  if (e) {
    char why[256];
    regerror(e, &re, why, sizeof why);
    snprintf(err, n, "invalid -coro-pack-%s regular expression '%s' "
                     "(coropack_options.%s_regex): %s", opt, pat, opt, why);
    return -1;
  }
  int m = regexec(&re, s, 0, NULL, 0) == 0;
  regfree(&re);
  return m;
}

/* coropack_options_check: see coropack.h (the regexes compile). */
int coropack_options_check(const coropack_options *o, char **msg) {
  char buf[1024];
  if (msg) *msg = NULL;
  if (!o) return 0;
  if (cp_regex_match(o->only_regex, "only", 1, "", buf, sizeof buf) >= 0 &&
      cp_regex_match(o->skip_regex, "skip", 0, "", buf, sizeof buf) >= 0)
    return 0;
  if (msg) {
    size_t len = strlen(buf) + 1;
    *msg = malloc(len);
    if (!*msg) cp_oom();
    memcpy(*msg, buf, len);
  }
  return -1;
}

/* cp_triage: what the triage options (only_regex, skip_regex,
   bisect_count/bisect_limit) decide about coroutine ramp, examined now.
   Returns 0 to go on, 1 to leave it exactly as it is (the reason in buf),
   -1 when a regular expression does not compile (the message in buf;
   nothing counted or printed).  Outside dry runs, with bisect_count, the
   coroutine takes the next number even when only/skip exclude it (numbers
   then depend only on which coroutines are examined in which order: the
   N-th is the N-th entry of the compilation's report) and its BISECT line
   goes to stderr, worded like LLVM's -opt-bisect-limit. */
static int cp_triage(const coropack_options *o, const char *ramp, char *buf, size_t n) {
  int only = cp_regex_match(o->only_regex, "only", 1, ramp, buf, n);
  if (only < 0) return -1;
  int skip = cp_regex_match(o->skip_regex, "skip", 0, ramp, buf, n);
  if (skip < 0) return -1;
  const char *why = !only ? "-coro-pack-only did not match"
                    : skip ? "-coro-pack-skip matched"
                           : NULL;
  if (o->bisect_count && !o->dry_run) {
    long k = ++*o->bisect_count;
    int run = !why && (o->bisect_limit < 0 || k <= o->bisect_limit);
    fprintf(stderr, "BISECT: %srunning coro-pack (%ld) on coroutine %s%s%s%s\n",
            run ? "" : "NOT ", k, ramp, why ? " (" : "", why ? why : "", why ? ")" : "");
    if (!why && !run) {
      snprintf(buf, n, "-coro-pack-bisect-limit=%ld reached (this is coroutine %ld)",
               o->bisect_limit, k);
      return 1;
    }
  }
  if (!why) return 0;
  snprintf(buf, n, "%s", why);
  return 1;
}

static cp_llvm_ids cp_ids_table;
static once_flag cp_ids_once = ONCE_FLAG_INIT;

static unsigned cp_intrinsic_id(const char *name) { return LLVMLookupIntrinsicID(name, strlen(name)); }
static unsigned cp_attr_kind(const char *name) {
  return LLVMGetEnumAttributeKindForName(name, strlen(name));
}

static void cp_ids_fill(void) {
  cp_llvm_ids *t = &cp_ids_table;
  t->id_memcpy = cp_intrinsic_id("llvm.memcpy");
  t->id_memmove = cp_intrinsic_id("llvm.memmove");
  t->id_memset = cp_intrinsic_id("llvm.memset");
  t->id_memcpy_inline = cp_intrinsic_id("llvm.memcpy.inline");
  t->id_memset_inline = cp_intrinsic_id("llvm.memset.inline");
  t->id_coro_resume = cp_intrinsic_id("llvm.coro.resume");
  t->id_coro_destroy = cp_intrinsic_id("llvm.coro.destroy");
  t->id_coro_size = cp_intrinsic_id("llvm.coro.size");
  t->id_lifetime_end = cp_intrinsic_id("llvm.lifetime.end");
  t->k_captures = cp_attr_kind("captures");
  t->k_nounwind = cp_attr_kind("nounwind");
  t->k_byval = cp_attr_kind("byval");
  t->k_noreturn = cp_attr_kind("noreturn");
  t->k_dereferenceable = cp_attr_kind("dereferenceable");
  t->k_align = cp_attr_kind("align");
  t->k_presplitcoroutine = cp_attr_kind("presplitcoroutine");
}

/* cp_ids: see coro.h. */
const cp_llvm_ids *cp_ids(void) {
  call_once(&cp_ids_once, cp_ids_fill);
  return &cp_ids_table;
}

/* cp_fn_has_attr: does function fn carry string attribute attr? */
int cp_fn_has_attr(LLVMValueRef fn, const char *attr) {
  return LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, attr,
                                       (unsigned)strlen(attr)) != NULL;
}

/* cp_fn_add_attr: put string attribute attr (no value) on defined
   function fn, once. */
void cp_fn_add_attr(LLVMValueRef fn, const char *attr) {
  if (!fn || LLVMIsDeclaration(fn) || cp_fn_has_attr(fn, attr)) return;
  LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(fn));
  LLVMAttributeRef a = LLVMCreateStringAttribute(ctx, attr, (unsigned)strlen(attr), "", 0);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, a);
}

/* cp_examined: is ramp `name` listed in !coropack.examined?  The list
   holds uniqued nodes !{!"name"}: one pointer comparison per entry. */
static int cp_examined(LLVMModuleRef m, const char *name) {
  if (!LLVMGetNamedMetadataNumOperands(m, CP_MD_EXAMINED)) return 0;
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMMetadataRef s = LLVMMDStringInContext2(ctx, name, strlen(name));
  return cpshim_named_md_has(m, CP_MD_EXAMINED, LLVMMDNodeInContext2(ctx, &s, 1));
}

static void cp_mark_examined(LLVMModuleRef m, const char *name) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMMetadataRef s = LLVMMDStringInContext2(ctx, name, strlen(name));
  LLVMMetadataRef node = LLVMMDNodeInContext2(ctx, &s, 1);
  LLVMAddNamedMetadataOperand(m, CP_MD_EXAMINED, LLVMMetadataAsValue(ctx, node));
}

static void cp_remark(const coropack_options *o, coropack_remark_kind k,
                      LLVMValueRef fn, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
#include <stdarg.h>
static void cp_remark(const coropack_options *o, coropack_remark_kind k,
                      LLVMValueRef fn, const char *fmt, ...) {
  if (!o || !o->remark || !fn) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  char *buf = malloc((size_t)n + 1);
  if (!buf) cp_oom();
  va_start(ap, fmt);
  vsnprintf(buf, (size_t)n + 1, fmt, ap);
  va_end(ap);
  o->remark(o->remark_ctx, k, fn, buf);
  free(buf);
}

/* cp_slot_type_name: the type of slot s as the report prints it (a named
   struct by its name), into buf. */
static void cp_slot_type_name(const cp_slot *s, char *buf, size_t n) {
  if (LLVMGetTypeKind(s->type) == LLVMStructTypeKind && LLVMGetStructName(s->type)) {
    snprintf(buf, n, "%%%s", LLVMGetStructName(s->type));
    return;
  }
  char *t = LLVMPrintTypeToString(s->type);
  snprintf(buf, n, "%s", t);
  LLVMDisposeMessage(t);
}

/* cp_frame_budget: the frame-size remark every examined coroutine gets,
   and the warning of -coro-pack-warn-frame-larger-than when its frame
   (after coropack: packed or not) is over the budget.  The three largest
   slots (ties: lower field first) name what to look at. */
static void cp_frame_budget(const coropack_options *o, const cp_coro *c, LLVMValueRef fn,
                            const char *ramp, int packed) {
  if (!o || !fn || !c->old_size) return;
  uint64_t size = packed ? c->new_size : c->old_size;
  char lb[32] = "?";
  if (c->interf && c->lower_bound)
    snprintf(lb, sizeof lb, "%llu bytes", (unsigned long long)c->lower_bound);
  cp_remark(o, COROPACK_REMARK_FRAME_SIZE, fn,
            "frame size of %s: %llu bytes (LLVM: %llu bytes, lower bound: %s)", ramp,
            (unsigned long long)size, (unsigned long long)c->old_size, lb);
  if (!o->frame_warning || o->warn_frame_larger_than < 0 ||
      size <= (uint64_t)o->warn_frame_larger_than)
    return;
  int top[3] = {-1, -1, -1};
  for (unsigned i = 0; c->slots && i < c->nslots; i++) {
    int s = (int)i;
    for (int k = 0; k < 3 && s >= 0; k++)
      if (top[k] < 0 || c->slots[s].size > c->slots[top[k]].size) {
        int t = top[k];
        top[k] = s;
        s = t;
      }
  }
  char slots[3][600];
  for (int k = 0; k < 3; k++) {
    slots[k][0] = 0;
    if (top[k] < 0) continue;
    const cp_slot *s = &c->slots[top[k]];
    char ty[256], who[256];
    cp_slot_type_name(s, ty, sizeof ty);
    if (s->vars)
      snprintf(who, sizeof who, "'%s'", s->vars);
    else if (s->kind != CP_K_DATA)
      snprintf(who, sizeof who, "the %s",
               s->kind == CP_K_PROMISE    ? "promise"
               : s->kind == CP_K_RESUMEFN ? "resume pointer"
               : s->kind == CP_K_DESTROYFN ? "destroy pointer"
                                          : "suspend index");
    else
      snprintf(who, sizeof who, "#%u", s->field);
    snprintf(slots[k], sizeof slots[k], "%s%s (%llu bytes, %s)", k ? ", " : "", who,
             (unsigned long long)s->size, ty);
  }
  char *dem = cpshim_demangle(ramp);
  const char *fmt = "coroutine frame of '%s' is %llu bytes after coropack (LLVM: %llu "
                    "bytes)%s%s%s%s";
  const char *nm = dem ? dem : ramp, *ls = top[0] >= 0 ? "; largest slots: " : "";
  int n = snprintf(NULL, 0, fmt, nm, (unsigned long long)size,
                   (unsigned long long)c->old_size, ls, slots[0], slots[1], slots[2]);
  char *msg = malloc(n > 0 ? (size_t)n + 1 : 1);
  if (!msg) cp_oom();
  snprintf(msg, (size_t)n + 1, fmt, nm, (unsigned long long)size,
           (unsigned long long)c->old_size, ls, slots[0], slots[1], slots[2]);
  o->frame_warning(o->frame_warning_ctx, fn, size, (uint64_t)o->warn_frame_larger_than, msg);
  free(msg);
  free(dem);
}

/* cp_remark_fn: the function a remark about coroutine ramp is attached to:
   the ramp, else a defined piece, else the function holding a frame GEP.
   Remarks on declarations are dropped by LLVM, and every coroutine in the
   report must have its remark (a ramp that is only declared, its frame
   type used by another coroutine's code, is given up on: found by
   utils/corofuzz/mutate.py). */
static LLVMValueRef cp_remark_fn(const cp_coro *c, LLVMModuleRef m, const char *ramp) {
  LLVMValueRef fn = LLVMGetNamedFunction(m, ramp);
  if (fn && !LLVMIsDeclaration(fn)) return fn;
  for (unsigned i = 0; i < c->nfuncs; i++)
    if (c->funcs[i].fn && !LLVMIsDeclaration(c->funcs[i].fn)) return c->funcs[i].fn;
  for (size_t i = 0; i < cp_frame_gep_count(c); i++) {
    LLVMValueRef g = cp_frame_gep_at(c, i);
    if (!LLVMIsAInstruction(g)) continue;
    LLVMBasicBlockRef bb = LLVMGetInstructionParent(g);
    if (bb) return LLVMGetBasicBlockParent(bb);
  }
  if (!fn && c->nfuncs) fn = c->funcs[0].fn;
  return fn;
}

/* cp_coro_free: what c holds (its arena, the touched list). */
static void cp_coro_free(cp_coro *c) {
  free(c->touched);
  c->touched = NULL;
  for (size_t i = 0; i < c->heap.n; i++) free(c->heap.v[i]);
  cp_arena_free(&c->arena);
}

/* cp_pack_one: examine the coroutine whose ramp is named ramp; adds an
   entry to rep.  index: the module's frame-GEP index (module pass), or
   NULL (CGSCC hook: the functions are found from the pieces' uses).
   Returns 1 if it was re-laid-out, 0 if not, -2 if the rewritten IR does
   not verify (a bug in coropack), -3 if a triage regex does not compile
   (nothing changed). */
static int cp_pack_one(LLVMModuleRef m, const char *ramp, const coropack_options *o,
                       coropack_report *rep, const cp_frame_index *index) {
  if (cp_examined(m, ramp)) return 0;
  cp_coro c;
  memset(&c, 0, sizeof c);
  cp_arena_init(&c.arena);
  c.mod = m;
  c.ctx = LLVMGetModuleContext(m);
  c.opts = o;
  c.index_slot = -1;
  c.index = index;
  int rc = cp_discover(&c, ramp);
  if (rc == 1) {
    cp_coro_free(&c);
    return 0;
  }
  /* The triage options, before the module changes in any way (a bad
     regex then changes nothing).  Left alone by them, the coroutine is
     treated like one a stage gave up on: listed as examined, markers
     deleted, no analysis. */
  char tbuf[1024];
  int triage = cp_triage(o, ramp, tbuf, sizeof tbuf);
  if (triage < 0) {
    fprintf(stderr, "coropack: %s\n", tbuf);
    cp_coro_free(&c);
    return -3;
  }
  if (triage) cp_fail(&c, "%s", tbuf);
  if (!o->dry_run) cp_mark_examined(m, ramp);
  int accessed = rc == 0 && !triage && cp_collect_accesses(&c) == 0;
  /* Before the rewrite changes the offsets the debug records name. */
  if (accessed && o->slot_names) cp_slot_names(&c);
  if (accessed && cp_liveness(&c) == 0 && cp_demote(&c) == 0 && cp_interference(&c) == 0 &&
      cp_assign(&c) == 0 &&
      !o->dry_run)
    rc = cp_rewrite(&c);
  else
    rc = -1;
  int packed = rc == 0 && !c.reason;
  if (o->dry_run && !c.reason && c.new_size) {
    /* report what would happen */
    packed = 1;
  }
  LLVMValueRef fn = cp_remark_fn(&c, m, ramp);
  if (packed) {
    unsigned nshare = 0, nmov = 0, nesc = 0, nend = 0;
    for (unsigned i = 0; i < c.nslots; i++) {
      if (c.slots[i].pinned) continue;
      nmov++;
      nshare += c.slots[i].shares != 0;
      nesc += c.slots[i].escapes && !c.slots[i].ends;
      nend += c.slots[i].escapes && c.slots[i].ends;
    }
    cp_remark(o, COROPACK_REMARK_PASSED, fn,
              "packed coroutine frame of %s from %llu to %llu bytes (lower bound %llu); "
              "%u of %u movable slots share bytes",
              ramp, (unsigned long long)c.old_size, (unsigned long long)c.new_size,
              (unsigned long long)c.lower_bound, nshare, nmov);
    if (nend)
      cp_remark(o, COROPACK_REMARK_ANALYSIS, fn,
                "%u slots of %s have escaping addresses bounded by carried lifetime "
                "ends (precise where every path has one)", nend, ramp);
    if (nesc)
      cp_remark(o, COROPACK_REMARK_ANALYSIS, fn,
                "%u slots of %s have escaping addresses and are kept live from the "
                "escape to the end of the coroutine (conservative: no lifetime end "
                "was carried across coro-split)", nesc, ramp);
  } else {
    cp_remark(o, COROPACK_REMARK_MISSED, fn,
              "coroutine frame of %s left unchanged (%llu bytes): %s", ramp,
              (unsigned long long)c.old_size, c.reason ? c.reason : "unknown reason");
  }
  cp_frame_budget(o, &c, fn, ramp, packed);
  cp_report_add(rep, &c, packed);
  /* The markers of mark.c have done their work: none may stay (calls of a
     declaration: deleting them changes no call-graph edge). */
  if (!o->dry_run && !o->keep_markers)
    for (unsigned i = 0; i < c.nfuncs; i++)
      if (c.funcs[i].role != CP_OTHER && cp_unmark_function(c.funcs[i].fn))
        cp_report_changed(rep, c.funcs[i].fn);
  int bad = 0;
  if (packed && !o->dry_run) {
    /* Every function the rewrite changed, whether or not the report
       already lists it (losing markers above lists the pieces first). */
    cp_vec changed = {0};
    for (unsigned i = 0; i < c.nfuncs; i++)
      if (c.funcs[i].changed) cp_vec_push(&c.arena, &changed, c.funcs[i].fn);
    for (size_t i = 0; i < c.extra_changed.n; i++)
      cp_vec_push(&c.arena, &changed, c.extra_changed.v[i]);
    /* tbaa.c: every piece of a packed coroutine (code inlined into an
       unchanged piece later reaches the shared bytes too); a coroutine
       left alone stays exactly as it was. */
    if (o->strip_tbaa)
      for (unsigned i = 0; i < c.nfuncs; i++) cp_fn_add_attr(c.funcs[i].fn, CP_ATTR_STRIP_TBAA);
    char msg[512];
    if (cp_check_rewrite(&c, msg, sizeof msg)) {
      fprintf(stderr, "coropack: internal error: after packing %s, %s\n", ramp, msg);
      bad = 1;
    }
    for (size_t i = 0; i < changed.n; i++) {
      LLVMValueRef f = changed.v[i];
      cp_report_changed(rep, f);
      if (o->remat_addresses) cp_fn_add_attr(f, CP_ATTR_REMAT);
      if (o->strip_tbaa) cp_fn_add_attr(f, CP_ATTR_STRIP_TBAA);
      if (o->verify && LLVMVerifyFunction(f, LLVMReturnStatusAction)) {
        fprintf(stderr, "coropack: internal error: function %s does not verify after "
                        "packing %s\n",
                LLVMGetValueName2(f, &(size_t){0}), ramp);
        LLVMVerifyFunction(f, LLVMPrintMessageAction);
        bad = 1;
      }
    }
  }
  cp_coro_free(&c);
  if (bad) return -2;
  return packed && !o->dry_run;
}

/* cp_base_name: the ramp name of function fn (its name without a piece
   suffix), malloc'd (the caller frees it), if a frame type "<ramp>.Frame"
   exists; else NULL.  No length limit. */
static char *cp_base_name(LLVMModuleRef m, LLVMValueRef fn) {
  size_t len = 0, base = 0;
  const char *nm = fn ? LLVMGetValueName2(fn, &len) : NULL;
  if (!nm) return NULL;
  cp_is_piece_suffix(nm, len, &base);
  if (base == 0) return NULL;
  /* this runs for every function the CGSCC walk visits: no malloc for
     the usual miss */
  char small[256];
  char *buf = base + sizeof ".Frame" <= sizeof small ? small : malloc(base + sizeof ".Frame");
  if (!buf) cp_oom();
  memcpy(buf, nm, base);
  memcpy(buf + base, ".Frame", sizeof ".Frame");
  int has = LLVMGetTypeByName2(LLVMGetModuleContext(m), buf) != NULL;
  if (!has) {
    if (buf != small) free(buf);
    return NULL;
  }
  if (buf == small) {
    buf = malloc(base + 1);
    if (!buf) cp_oom();
    memcpy(buf, nm, base);
  }
  buf[base] = 0;
  return buf;
}

int coropack_pack_coroutine(LLVMModuleRef m, LLVMValueRef fn, const coropack_options *opts,
                            coropack_report **out) {
  coropack_options def;
  if (!opts) {
    coropack_options_init(&def);
    opts = &def;
  }
  coropack_report *rep = cp_report_new();
  int rc = 0;
  char *base = cp_base_name(m, fn);
  if (base) rc = cp_pack_one(m, base, opts, rep, NULL);
  free(base);
  /* Markers left in a split function (its coroutine was not understood
     well enough to be examined) go too: none may reach the inliner. */
  if (rc != -3 && !opts->dry_run && !opts->keep_markers && coropack_unmark_function(fn))
    cp_report_changed(rep, fn);
  if (out)
    *out = rep;
  else
    coropack_report_destroy(rep);
  return rc;
}

int coropack_pack_module(LLVMModuleRef m, const coropack_options *opts, coropack_report **out) {
  coropack_options def;
  if (!opts) {
    coropack_options_init(&def);
    opts = &def;
  }
  if (out) *out = NULL;
  char *msg = NULL;
  if (opts->verify_input) {
    if (LLVMVerifyModule(m, LLVMReturnStatusAction, &msg)) {
      fprintf(stderr, "coropack: the input module is not valid IR:\n%s", msg ? msg : "");
      LLVMDisposeMessage(msg);
      return -1;
    }
    LLVMDisposeMessage(msg);
    msg = NULL;
  }
  if (coropack_options_check(opts, &msg)) {
    fprintf(stderr, "coropack: %s\n", msg);
    free(msg);
    return -3;
  }
  coropack_report *rep = cp_report_new();
  int total = 0, bad = 0;
  /* Collect the candidate ramp names first: packing changes the module. */
  size_t ncand = 0, cap = 16;
  char **cand = malloc(cap * sizeof *cand);
  if (!cand) cp_oom();
  for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f)) {
    char *base = cp_base_name(m, f);
    if (!base) continue;
    int dup = 0;
    for (size_t i = 0; i < ncand && !dup; i++) dup = strcmp(cand[i], base) == 0;
    if (dup) {
      free(base);
      continue;
    }
    if (ncand == cap) {
      cap *= 2;
      char **n = realloc(cand, cap * sizeof *n);
      if (!n) cp_oom();
      cand = n;
    }
    cand[ncand++] = base;
  }
  cp_frame_index index; /* one scan of the module for all coroutines */
  cp_frame_index_build(&index, m);
  for (size_t i = 0; i < ncand; i++) {
    int rc = cp_pack_one(m, cand[i], opts, rep, &index);
    if (rc == -2) bad = 1;
    else if (rc >= 0) total += rc; /* -3 cannot happen: checked above */
    free(cand[i]);
  }
  free(cand);
  cp_frame_index_free(&index);
  if (!opts->dry_run && !opts->keep_markers) {
    coropack_unmark_module(m); /* markers of coroutines not split here too */
  }
  if (out)
    *out = rep;
  else
    coropack_report_destroy(rep);
  return bad ? -2 : total;
}
