/* pack IN.ll: packs the (already split) coroutines of an IR file through
   the installed C API and prints one line per coroutine. */
#include <coropack.h>

#include <llvm-c/Core.h>
#include <llvm-c/IRReader.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: pack in.ll\n");
    return 1;
  }
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMMemoryBufferRef buf = NULL;
  LLVMModuleRef m = NULL;
  char *err = NULL;
  if (LLVMCreateMemoryBufferWithContentsOfFile(argv[1], &buf, &err) ||
      LLVMParseIRInContext(ctx, buf, &m, &err)) {
    fprintf(stderr, "pack: %s: %s\n", argv[1], err ? err : "cannot read");
    return 1;
  }
  coropack_options opts;
  coropack_options_init(&opts);
  coropack_report *r = NULL;
  int changed = coropack_pack_module(m, &opts, &r);
  if (changed < 0) {
    fprintf(stderr, "pack: coropack_pack_module returned %d\n", changed);
    return 1;
  }
  for (size_t i = 0; i < coropack_report_count(r); i++)
    printf("%s: %s, %llu -> %llu bytes\n", coropack_report_name(r, i),
           coropack_report_packed(r, i) ? "packed" : "left unchanged",
           (unsigned long long)coropack_report_old_size(r, i),
           (unsigned long long)coropack_report_new_size(r, i));
  printf("%d changed\n", changed);
  coropack_report_destroy(r);
  LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  return 0;
}
