/*
 * coropack-c - pack the coroutines of an IR file through the public C API
 * only (no C++), print the report, optionally write the packed IR.
 *
 *   coropack-c [--json] [--dry-run] [--verify] [-o out.ll] in.ll|in.bc
 *
 * --verify also runs LLVM's verifier on every function a packing changed
 * (coropack_options.verify; the targeted check of pass/check.c always runs).
 * The input must already be split (e.g. opt -passes='cgscc(coro-split)').
 * Exit status: 0 on success, 1 on bad input, 2 on internal error.
 */
#include "coropack.h"

#include <llvm-c/Core.h>
#include <llvm-c/IRReader.h>
#include <stdio.h>
#include <string.h>

static void print_remark(void *ctx, coropack_remark_kind k, LLVMValueRef fn, const char *msg) {
  (void)ctx;
  (void)fn;
  static const char *const kinds[] = {"passed", "missed", "analysis", "frame size"};
  fprintf(stderr, "remark (%s): %s\n", kinds[k], msg);
}

int main(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  int json = 0;
  coropack_options opts;
  coropack_options_init(&opts);
  opts.remark = print_remark;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--json")) json = 1;
    else if (!strcmp(argv[i], "--dry-run")) opts.dry_run = 1;
    else if (!strcmp(argv[i], "--verify")) opts.verify = 1;
    else if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "usage: coropack-c [--json] [--dry-run] [--verify] [-o out.ll] in.ll\n");
      return 1;
    } else in = argv[i];
  }
  if (!in) {
    fprintf(stderr, "usage: coropack-c [--json] [--dry-run] [--verify] [-o out.ll] in.ll\n");
    return 1;
  }
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMMemoryBufferRef buf = NULL;
  char *err = NULL;
  if (!strcmp(in, "-") ? LLVMCreateMemoryBufferWithSTDIN(&buf, &err)
                       : LLVMCreateMemoryBufferWithContentsOfFile(in, &buf, &err)) {
    fprintf(stderr, "coropack-c: %s: %s\n", in, err ? err : "cannot read input");
    return 1;
  }
  LLVMModuleRef m = NULL;
  if (LLVMParseIRInContext(ctx, buf, &m, &err)) {
    fprintf(stderr, "coropack-c: %s\n", err ? err : "cannot parse input");
    return 1;
  }
  coropack_report *r = NULL;
  int rc = coropack_pack_module(m, &opts, &r);
  if (rc == -1) return 1;
  char *s = json ? coropack_report_json(r) : coropack_report_text(r);
  fputs(s, stdout);
  coropack_string_destroy(s);
  coropack_report_destroy(r);
  if (out && LLVMPrintModuleToFile(m, out, &err)) {
    fprintf(stderr, "coropack-c: %s\n", err);
    return 1;
  }
  LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  return rc == -2 ? 2 : 0;
}
