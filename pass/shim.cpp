//===- shim.cpp - LLVM plugin glue for coropack ---------------------------===//
//
// The thin C++ layer LLVM's plugin interface requires.  It holds no
// analysis logic: it registers the passes, turns LLVM's pass objects into
// calls of the C API in include/coropack.h, forwards remarks to LLVM's
// OptimizationRemarkEmitter, invalidates the analyses of the functions the
// C core changed, and writes the report where the options say.
//
//   opt -load-pass-plugin=coropack.so -passes='cgscc(coro-split),coro-pack'
//   opt -load-pass-plugin=coropack.so -passes='print<coro-pack>'  (dry run)
//   clang++ -fpass-plugin=coropack.so ...   (runs by itself: lifetime
//        markers right before coro-split (with -coro-pack-lifetimes),
//        packing at the CGSCC
//        OptimizerLate EP at O1..O3 / OptimizerLast EP at O0, marker
//        clean-up at OptimizerLast)
//
// Options (also from clang with -mllvm):
//   -coro-pack-disable            do not run from the default pipelines
//   -coro-pack-report=FILE|-      human-readable report (- is stderr)
//   -coro-pack-report-json=FILE   JSON report
//   -coro-pack-remat-addresses    (default on) recompute frame addresses
//                                 at each use before codegen (pass/remat.c)
//   -coro-pack-strip-tbaa         (default on) pass/tbaa.c
//   -coro-pack-only=REGEX, -coro-pack-skip=REGEX, -coro-pack-bisect-limit=N
//                                 triage of a miscompile (coropack.h)
//
//===----------------------------------------------------------------------===//

#include "coropack.h"

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LazyCallGraph.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassInstrumentation.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Support/CBindingWrapping.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm-c/Core.h"

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

using namespace llvm;

static cl::opt<bool> Disable("coro-pack-disable",
                             cl::desc("coropack: do not pack coroutine frames "
                                      "from the default pipelines"),
                             cl::init(false));
static cl::opt<bool> Lifetimes(
    "coro-pack-lifetimes",
    cl::desc("coropack: carry lifetime ends across coro-split in pipelines "
             "that pack (default on; =false packs escaping slots "
             "conservatively)"),
    cl::init(true));
static cl::opt<bool> MarkOnly(
    "coro-pack-mark-only",
    cl::desc("coropack: carry lifetime ends across coro-split but do not "
             "pack (to check that the markers change nothing else)"),
    cl::init(false));
static cl::opt<bool> StripTBAA(
    "coro-pack-strip-tbaa",
    cl::desc("coropack: drop !tbaa from frame accesses of every examined "
             "coroutine, also in code inlined after packing (pass/tbaa.c; "
             "default on; =false keeps the tags)"),
    cl::init(true));
static cl::opt<bool> RematAddresses(
    "coro-pack-remat-addresses",
    cl::desc("coropack: before codegen, recompute the frame addresses of "
             "packed coroutines right before each use (pass/remat.c; "
             "default on)"),
    cl::init(true));
static cl::opt<bool> Verify(
    "coro-pack-verify",
    cl::desc("coropack: also run LLVM's verifier on every function packing "
             "changed (default off: a check of exactly what the rewrite made "
             "or changed runs instead; a failure of either is a fatal error)"),
    cl::init(false));
static cl::opt<int> InjectFault(
    "coro-pack-inject-fault", cl::Hidden,
    cl::desc("coropack: for the tests of the rewrite and layout checks "
             "only: 1 puts a frame address one byte off, 2 a size copy one "
             "byte larger, 3 two interfering slots on the same bytes (4: "
             "the same, checked pair by pair along the matrix rows)"),
    cl::init(0));
static cl::opt<std::string> Only(
    "coro-pack-only",
    cl::desc("coropack: pack only the coroutines whose mangled ramp name "
             "this POSIX extended regular expression matches (triage)"),
    cl::value_desc("regex"), cl::init(""));
static cl::opt<std::string> Skip(
    "coro-pack-skip",
    cl::desc("coropack: leave alone the coroutines whose mangled ramp name "
             "this POSIX extended regular expression matches (triage)"),
    cl::value_desc("regex"), cl::init(""));
static cl::opt<int> BisectLimit(
    "coro-pack-bisect-limit",
    cl::desc("coropack: number the coroutines examined, print each decision "
             "(BISECT: lines on stderr) and pack only numbers 1..N "
             "(-1: all)"),
    cl::value_desc("N"), cl::init(-1));
static cl::opt<std::string>
    ReportText("coro-pack-report", cl::desc("coropack: write the frame report "
                                            "to this file (- for stderr)"),
               cl::value_desc("file"), cl::init(""));
static cl::opt<std::string>
    ReportJson("coro-pack-report-json",
               cl::desc("coropack: write the frame report as JSON"),
               cl::value_desc("file"), cl::init(""));
static cl::opt<std::string> ReportDir(
    "coro-pack-report-dir",
    cl::desc("coropack: write one JSON frame report per module into this "
             "directory (created if missing), named after the module's "
             "source file: for builds and LTO links"),
    cl::value_desc("dir"), cl::init(""));
static cl::opt<bool> Demote(
    "coro-pack-demote",
    cl::desc("coropack: frame slots live in no suspend state leave the "
             "frame for a stack area of each function using them (default "
             "on; =false keeps them in the frame)"),
    cl::init(true));
static cl::opt<long long> WarnFrameLargerThan(
    "coro-pack-warn-frame-larger-than",
    cl::desc("coropack: warn about every coroutine whose frame after "
             "packing is larger than N bytes"),
    cl::value_desc("N"), cl::init(-1));

namespace {

// Where reports go: one sink per pass pipeline.
struct Sink {
  coropack_report *All = nullptr;
  bool TextStarted = false;
  bool Dirty = false, Written = false;
  ~Sink() {
    flush();
    coropack_report_destroy(All);
  }

  void add(coropack_report *R, const Module &M) {
    if (!R)
      return;
    if (!ReportText.empty() && coropack_report_count(R)) {
      char *T = coropack_report_text(R);
      if (ReportText == "-") {
        errs() << T;
      } else {
        std::error_code EC;
        raw_fd_ostream OS(ReportText, EC,
                          TextStarted ? sys::fs::OF_Append : sys::fs::OF_None);
        if (EC)
          report_fatal_error(Twine("coro-pack: cannot write ") + ReportText +
                                 ": " + EC.message(),
                             /*gen_crash_diag=*/false);
        OS << T;
      }
      TextStarted = true;
      coropack_string_destroy(T);
    }
    if (coropack_report_count(R) || !Written)
      Dirty = true;
    // the directory and file name, only once a coroutine was examined
    if (coropack_report_count(R) && DirPath.empty() && !ReportDir.empty())
      reportDirPath(M);
    if (!All)
      All = R;
    else {
      coropack_report_merge(All, R);
      coropack_report_destroy(R);
    }
  }

  // Write the JSON reports if anything was added since the last write.
  // Called once per module at the end of the pipeline (and by the module
  // pass, and by the destructor for pipelines without that end): writing
  // after every SCC made the cost quadratic in the coroutines of a module
  // (measured: 400 coroutines, 11 s -> 28 s of clang -O2 -g).
  void flush() {
    if (!Dirty)
      return;
    Dirty = false;
    Written = true;
    if (!ReportJson.empty())
      writeJson(ReportJson);
    if (!DirPath.empty() && coropack_report_count(All))
      writeJson(DirPath);
  }

  void writeJson(const std::string &Path) {
    char *J = coropack_report_json(All);
    std::error_code EC;
    raw_fd_ostream OS(Path, EC, sys::fs::OF_None);
    if (EC)
      report_fatal_error(Twine("coro-pack: cannot write ") + Path + ": " +
                             EC.message(),
                         /*gen_crash_diag=*/false);
    OS << J;
    coropack_string_destroy(J);
  }

  // -coro-pack-report-dir: DIR/<source file name>.<16 hex digits>.json,
  // the digits a hash of the module's identifier (clang: the source path as
  // given; an LTO link: the object or archive member), its source file name
  // and the working directory, so that every translation unit of a build
  // has its own file and building it again replaces it.
  std::string reportDirPath(const Module &M) {
    if (DirPath.empty()) {
      if (std::error_code EC = sys::fs::create_directories(ReportDir))
        report_fatal_error(Twine("coro-pack: cannot create ") + ReportDir +
                               ": " + EC.message(),
                           /*gen_crash_diag=*/false);
      SmallString<256> Cwd;
      sys::fs::current_path(Cwd);
      uint64_t H = xxh3_64bits(M.getModuleIdentifier() + "\0" +
                               M.getSourceFileName() + "\0" + Cwd.str().str());
      StringRef Base = sys::path::filename(M.getSourceFileName());
      if (Base.empty())
        Base = "module";
      SmallString<256> P(ReportDir);
      sys::path::append(P, Base + "." + utohexstr(H, false, 16) + ".json");
      DirPath = std::string(P);
    }
    return DirPath;
  }
  std::string DirPath;
};

void emitRemark(void *, coropack_remark_kind K, LLVMValueRef FnRef,
                const char *Msg) {
  Function *F = unwrap<Function>(FnRef);
  if (!F || F->isDeclaration())
    return;
  OptimizationRemarkEmitter ORE(F);
  DiagnosticLocation Loc(F->getSubprogram());
  const BasicBlock *BB = &F->getEntryBlock();
  switch (K) {
  case COROPACK_REMARK_PASSED:
    ORE.emit(OptimizationRemark("coro-pack", "Packed", Loc, BB) << Msg);
    break;
  case COROPACK_REMARK_MISSED:
    ORE.emit(OptimizationRemarkMissed("coro-pack", "LeftUnchanged", Loc, BB)
             << Msg);
    break;
  case COROPACK_REMARK_ANALYSIS:
    ORE.emit(OptimizationRemarkAnalysis("coro-pack", "Escapes", Loc, BB)
             << Msg);
    break;
  case COROPACK_REMARK_FRAME_SIZE:
    ORE.emit(OptimizationRemarkAnalysis("coro-pack", "FrameSize", Loc, BB)
             << Msg);
    break;
  }
}

// -coro-pack-warn-frame-larger-than: LLVM's resource-limit warning (clang
// prints it at the coroutine's declaration, -Werror makes it an error),
// then a note with the details.
void emitFrameWarning(void *, LLVMValueRef FnRef, uint64_t Size, uint64_t Limit,
                      const char *Details) {
  Function *F = unwrap<Function>(FnRef);
  if (!F)
    return;
  F->getContext().diagnose(DiagnosticInfoResourceLimit(
      *F, "coroutine frame size", Size, Limit, DS_Warning));
  F->getContext().diagnose(DiagnosticInfoGeneric(Twine(Details), DS_Note));
}

// The options of the command line.  BisectCount: the bisection counter of
// this pass builder (one per compilation), or null; it is used only when
// -coro-pack-bisect-limit was given, so that =-1 prints every decision.
// Would a remark of ours reach anyone in context C?  (What
// OptimizationRemarkEmitter::emit tests before it builds the diagnostic;
// without it the core formats every remark for nothing.)
bool remarksWanted(const LLVMContext &C) {
  return C.getLLVMRemarkStreamer() || C.getDiagHandlerPtr()->isAnyRemarkEnabled("coro-pack");
}

// C: the context the remarks go to; remarks are not made when nobody
// wants them there (NULL: always made).
coropack_options makeOptions(bool DryRun, long *BisectCount,
                             const LLVMContext *C = nullptr) {
  coropack_options O;
  coropack_options_init(&O);
  O.dry_run = DryRun;
  O.strip_tbaa = StripTBAA;
  O.remat_addresses = RematAddresses;
  O.verify = Verify;
  O.verify_input = Verify; // LLVM hands passes valid IR (coropack.h)
  O.inject_fault = InjectFault;
  O.remark = !C || remarksWanted(*C) ? emitRemark : nullptr;
  O.only_regex = Only.c_str();
  O.skip_regex = Skip.c_str();
  O.bisect_count = BisectLimit.getNumOccurrences() ? BisectCount : nullptr;
  O.bisect_limit = BisectLimit;
  O.warn_frame_larger_than = WarnFrameLargerThan;
  // the slots' variable names appear in the JSON report and the warning
  O.slot_names = !ReportJson.empty() || !ReportDir.empty() || WarnFrameLargerThan >= 0;
  // states and slots in the report: only when one is written (print<>: DryRun)
  O.report_slots = DryRun || !ReportText.empty() || !ReportJson.empty() || !ReportDir.empty();
  O.demote = Demote;
  O.frame_warning = emitFrameWarning;
  return O;
}

// COROPACK_OPTIONS: coropack options from the environment, for hosts that
// cannot pass them on their command line.  ld.lld 22 parses -mllvm before it
// loads pass plugins, so an LTO link rejects -mllvm -coro-pack-...; with
//   COROPACK_OPTIONS='-coro-pack-report-dir=r -coro-pack-warn-frame-larger-than=512'
// in its environment the plugin (-Wl,--load-pass-plugin=coropack.so) reads
// them when the first pass builder is made (once per process; LTO backend
// threads wait for it).  Only -coro-pack-* options; one given both here and
// on the command line is an error (LLVM's "may only occur zero or one
// times").
void parseEnvOptions() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    const char *E = getenv("COROPACK_OPTIONS");
    if (!E || !*E)
      return;
    BumpPtrAllocator A;
    StringSaver Saver(A);
    SmallVector<const char *, 8> Argv;
    Argv.push_back("coropack (COROPACK_OPTIONS)");
    cl::TokenizeGNUCommandLine(E, Saver, Argv);
    for (size_t I = 1; I < Argv.size(); ++I)
      if (!StringRef(Argv[I]).ltrim('-').starts_with("coro-pack-"))
        report_fatal_error(Twine("coro-pack: COROPACK_OPTIONS may only hold "
                                 "-coro-pack-* options, not '") +
                               Argv[I] + "'",
                           /*gen_crash_diag=*/false);
    std::string Err;
    raw_string_ostream OS(Err);
    if (!cl::ParseCommandLineOptions(Argv.size(), Argv.data(), "", &OS))
      report_fatal_error(Twine("coro-pack: COROPACK_OPTIONS: ") +
                             StringRef(OS.str()).trim(),
                         /*gen_crash_diag=*/false);
  });
}

// A usage error in the options (a triage regex that does not compile) is
// fatal before any pass runs.
void checkOptions() {
  coropack_options O = makeOptions(false, nullptr);
  char *Msg = nullptr;
  if (!coropack_options_check(&O, &Msg))
    return;
  std::string M = Msg ? Msg : "invalid options";
  coropack_string_destroy(Msg);
  report_fatal_error(Twine("coro-pack: ") + M, /*gen_crash_diag=*/false);
}

void failIfBroken(int RC) {
  if (RC == -2)
    report_fatal_error("coro-pack: a function packing changed fails the "
                       "rewrite check or the verifier (a bug in coropack; "
                       "please report it)");
  if (RC == -3) // not reached: checkOptions ran first
    report_fatal_error("coro-pack: invalid options", /*gen_crash_diag=*/false);
}

// coro-pack: every split, not yet examined coroutine of the module.
struct CoroPackModulePass : PassInfoMixin<CoroPackModulePass> {
  std::shared_ptr<Sink> S;
  std::shared_ptr<long> BisectCount;
  bool FromPipeline;
  CoroPackModulePass(std::shared_ptr<Sink> S, std::shared_ptr<long> BisectCount,
                     bool FromPipeline)
      : S(std::move(S)), BisectCount(std::move(BisectCount)),
        FromPipeline(FromPipeline) {}
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    if (FromPipeline && (Disable || MarkOnly))
      return PreservedAnalyses::all();
    coropack_options O = makeOptions(false, BisectCount.get(), &M.getContext());
    coropack_report *R = nullptr;
    int RC = coropack_pack_module(wrap(&M), &O, &R);
    if (RC == -1)
      report_fatal_error("coro-pack: the input module is not valid IR",
                         /*gen_crash_diag=*/false);
    failIfBroken(RC);
    bool Changed = coropack_report_changed_count(R) > 0;
    S->add(R, M);
    S->flush();
    return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

// coro-pack-mark: carry lifetime ends across coro-split (pass/mark.c),
// for hand-written pipelines; the default ones mark in markBeforeSplit.
struct CoroPackMarkPass : PassInfoMixin<CoroPackMarkPass> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &) {
    return coropack_mark_function(wrap(&F)) ? PreservedAnalyses::none()
                                            : PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

// Before coro-split runs on an SCC: carry the lifetime ends of its
// pre-split coroutines across the split (pass/mark.c).
// Only pipelines that pack after splitting get markers: a default
// pipeline (our extension points were used) or an opt pipeline naming
// coro-pack.  Anything else (say, -passes='cgscc(coro-split)' with the
// plugin merely loaded) stays exactly as without the plugin.
// Do the options ask for markers at all?  (Parsed before the pass builder
// is made, by opt and by clang's -mllvm.)
static bool marking() { return !Disable && (Lifetimes || MarkOnly); }
// Does this pipeline get them?
static bool marks(const std::atomic<bool> &Packs) { return marking() && Packs; }

// For textual pipelines naming coro-pack: a before-pass callback of
// CoroSplitPass.  Registered only when such a pipeline is parsed: LLVM
// allocates an Any and computes the pass name for every pass run to call
// it (measured: 43 M of the 143 M instructions the plugin added to a real
// TU; docs/benchmarks.md, section 12).
static void markBeforeSplit(const std::atomic<bool> &Packs, StringRef P, const Any &IR) {
  if (!marks(Packs) || P != "CoroSplitPass")
    return;
  if (const auto *C = llvm::any_cast<const LazyCallGraph::SCC *>(&IR))
    for (const LazyCallGraph::Node &N : **C)
      coropack_mark_function(wrap(&N.getFunction()));
}

// In the default pipelines: the last pass of a function's simplification,
// which coro-split follows with only PostOrderFunctionAttrs in between
// (docs/design.md, "Precise lifetimes").  The shim puts it at the Peephole
// point that follows the ScalarOptimizerLate point (the end of
// buildFunctionSimplificationPipeline, at O1 as at O2/O3).
struct CoroPackMarkLastPass : PassInfoMixin<CoroPackMarkLastPass> {
  std::shared_ptr<std::atomic<bool>> Packs;
  explicit CoroPackMarkLastPass(std::shared_ptr<std::atomic<bool>> Packs)
      : Packs(std::move(Packs)) {}
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &) {
    if (!F.isPresplitCoroutine() || !marks(*Packs) ||
        !coropack_mark_function(wrap(&F)))
      return PreservedAnalyses::all();
    PreservedAnalyses PA; // calls of a declaration: no CFG change
    PA.preserveSet<CFGAnalyses>();
    return PA;
  }
  static bool isRequired() { return true; }
};

// What the pass builder is building, for placing CoroPackMarkLastPass.
struct BuildState {
  ThinOrFullLTOPhase Phase = ThinOrFullLTOPhase::None;
  bool MarkAtNextPeephole = false;
  bool CallbackRegistered = false;
};

// coro-pack-unmark: delete the markers nobody consumed.
// With a sink (the OptimizerLast one), it also writes the JSON reports.
struct CoroPackUnmarkPass : PassInfoMixin<CoroPackUnmarkPass> {
  std::shared_ptr<Sink> S;
  explicit CoroPackUnmarkPass(std::shared_ptr<Sink> S = nullptr)
      : S(std::move(S)) {}
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    if (S)
      S->flush();
    return coropack_unmark_module(wrap(&M)) ? PreservedAnalyses::none()
                                            : PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

// What a function keeps after coropack_strip_tbaa (metadata only) or
// coropack_remat_addresses (copies of GEPs) changed it: the CFG analyses.
PreservedAnalyses afterLateEdit() {
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}

// coro-pack-strip-tbaa: drop the type-based alias info of frame accesses in
// the functions packing marked (pass/tbaa.c).
struct CoroPackStripTBAAPass : PassInfoMixin<CoroPackStripTBAAPass> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &) {
    return coropack_strip_tbaa(wrap(&F)) ? afterLateEdit() : PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

// coro-pack-remat: recompute frame addresses at their uses in the
// functions packing changed (pass/remat.c); for the end of a pipeline.
struct CoroPackRematPass : PassInfoMixin<CoroPackRematPass> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &) {
    return coropack_remat_addresses(wrap(&F)) ? afterLateEdit() : PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

// Both over a module, for the OptimizerLast extension point (each only
// when its option is on; no remat at -O0, where GVN never merged anything).
struct CoroPackLateModulePass : PassInfoMixin<CoroPackLateModulePass> {
  bool Strip, Remat;
  CoroPackLateModulePass(bool Strip, bool Remat) : Strip(Strip), Remat(Remat) {}
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    bool Changed = false;
    FunctionAnalysisManager &FAM =
        MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
    for (Function &F : M)
      if ((Strip && coropack_strip_tbaa(wrap(&F))) |
          (Remat && coropack_remat_addresses(wrap(&F)))) {
        FAM.invalidate(F, afterLateEdit());
        Changed = true;
      }
    if (!Changed)
      return PreservedAnalyses::all();
    PreservedAnalyses PA;
    PA.preserve<FunctionAnalysisManagerModuleProxy>(); // invalidated above
    return PA;
  }
  static bool isRequired() { return true; }
};

// print<coro-pack>: what coro-pack would do, changing nothing.
struct CoroPackPrinterPass : PassInfoMixin<CoroPackPrinterPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    coropack_options O = makeOptions(true, nullptr, &M.getContext());
    coropack_report *R = nullptr;
    coropack_pack_module(wrap(&M), &O, &R);
    char *T = coropack_report_text(R);
    errs() << T;
    coropack_string_destroy(T);
    coropack_report_destroy(R);
    return PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

// From the CGSCC OptimizerLate EP: the first revisit of a freshly split
// coroutine packs all of it.  Functions outside the SCC that changed get
// their analyses invalidated; no call or reference edge is added or removed.
struct CoroPackCGSCCPass : PassInfoMixin<CoroPackCGSCCPass> {
  std::shared_ptr<Sink> S;
  std::shared_ptr<long> BisectCount;
  CoroPackCGSCCPass(std::shared_ptr<Sink> S, std::shared_ptr<long> BisectCount)
      : S(std::move(S)), BisectCount(std::move(BisectCount)) {}
  PreservedAnalyses run(LazyCallGraph::SCC &C, CGSCCAnalysisManager &AM,
                        LazyCallGraph &CG, CGSCCUpdateResult &) {
    if (Disable)
      return PreservedAnalyses::all();
    FunctionAnalysisManager &FAM =
        AM.getResult<FunctionAnalysisManagerCGSCCProxy>(C, CG).getManager();
    if (MarkOnly) { // what packing does with the markers, nothing else
      bool Changed = false;
      for (LazyCallGraph::Node &N : C)
        if (coropack_unmark_function(wrap(&N.getFunction()))) {
          FAM.invalidate(N.getFunction(), PreservedAnalyses::none());
          Changed = true;
        }
      if (!Changed)
        return PreservedAnalyses::all();
      PreservedAnalyses PA;
      PA.preserve<FunctionAnalysisManagerCGSCCProxy>();
      return PA;
    }
    bool Changed = false;
    coropack_options O = makeOptions(false, BisectCount.get(),
                                     &C.begin()->getFunction().getContext());
    // Markers are calls of a declaration: deleting them here removes no
    // call-graph edge, and the callers' inliner must not see them.
    O.keep_markers = 0;
    for (LazyCallGraph::Node &N : C) {
      Function &F = N.getFunction();
      coropack_report *R = nullptr;
      int RC = coropack_pack_coroutine(wrap(F.getParent()), wrap(&F), &O, &R);
      failIfBroken(RC);
      for (size_t I = 0, E = coropack_report_changed_count(R); I != E; ++I) {
        Function *G = unwrap<Function>(coropack_report_changed(R, I));
        FAM.invalidate(*G, PreservedAnalyses::none());
        Changed = true;
      }
      S->add(R, *F.getParent());
    }
    if (!Changed)
      return PreservedAnalyses::all();
    PreservedAnalyses PA;
    PA.preserve<FunctionAnalysisManagerCGSCCProxy>(); // invalidated above
    return PA;
  }
  static bool isRequired() { return true; }
};

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK __attribute__((visibility("default")))
::llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "coropack", "0.1", [](PassBuilder &PB) {
            parseEnvOptions();
            checkOptions();
            auto S = std::make_shared<Sink>();
            auto Packs = std::make_shared<std::atomic<bool>>(false);
            // -coro-pack-bisect-limit numbers coroutines per pass builder
            // (one compilation): every packing pass made here shares it,
            // so a coroutine keeps its number whether the CGSCC hook or a
            // module pass examines it (each is examined once).
            auto BisectCount = std::make_shared<long>(0);
            auto Build = std::make_shared<BuildState>();
            PB.registerPipelineParsingCallback(
                [S, Packs, BisectCount, Build, &PB](StringRef Name, ModulePassManager &MPM,
                                        ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name == "coro-pack") {
                    *Packs = true;
                    // a hand-written pipeline: mark right before coro-split
                    PassInstrumentationCallbacks *PIC = PB.getPassInstrumentationCallbacks();
                    if (PIC && !Build->CallbackRegistered && marks(*Packs)) {
                      Build->CallbackRegistered = true;
                      PIC->registerBeforeNonSkippedPassCallback(
                          [Packs](StringRef P, Any IR) { markBeforeSplit(*Packs, P, IR); });
                    }
                    MPM.addPass(CoroPackModulePass(S, BisectCount, false));
                    return true;
                  }
                  if (Name == "print<coro-pack>") {
                    MPM.addPass(CoroPackPrinterPass());
                    return true;
                  }
                  if (Name == "coro-pack-unmark") {
                    MPM.addPass(CoroPackUnmarkPass());
                    return true;
                  }
                  return false;
                });
            PB.registerPipelineParsingCallback(
                [](StringRef Name, FunctionPassManager &FPM,
                   ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name == "coro-pack-mark") {
                    FPM.addPass(CoroPackMarkPass());
                    return true;
                  }
                  if (Name == "coro-pack-strip-tbaa") {
                    FPM.addPass(CoroPackStripTBAAPass());
                    return true;
                  }
                  if (Name == "coro-pack-remat") {
                    FPM.addPass(CoroPackRematPass());
                    return true;
                  }
                  return false;
                });
            PB.registerCGSCCOptimizerLateEPCallback(
                [S, Packs, BisectCount](CGSCCPassManager &CGPM,
                                        OptimizationLevel Level) {
                  if (Level != OptimizationLevel::O0) {
                    CGPM.addPass(CoroPackCGSCCPass(S, BisectCount));
                    *Packs = true;
                  }
                });
            // The markers have done their work once the CGSCC walk (split +
            // pack) is over: remove them before the module optimizer and,
            // above all, before sanitizers instrument the code at
            // OptimizerLast (measured: AddressSanitizer changed behaviour
            // with markers still present, fuzz seed 4).
            PB.registerOptimizerEarlyEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel,
                   ThinOrFullLTOPhase) { MPM.addPass(CoroPackUnmarkPass()); });
            PB.registerOptimizerLastEPCallback(
                [S, BisectCount](ModulePassManager &MPM, OptimizationLevel Level,
                                 ThinOrFullLTOPhase) {
                  if (Level == OptimizationLevel::O0)
                    MPM.addPass(CoroPackModulePass(S, BisectCount, true));
                  MPM.addPass(CoroPackUnmarkPass(S));
                  // After the module optimizer's last GVN, before codegen.
                  bool Remat = RematAddresses && Level != OptimizationLevel::O0;
                  if ((StripTBAA || Remat) && !Disable && !MarkOnly)
                    MPM.addPass(CoroPackLateModulePass(StripTBAA, Remat));
                });
            // -coro-pack-strip-tbaa: a piece's post-packing inliner runs at
            // the start of its CGSCC revisit; the Peephole point of the
            // function simplification that follows comes before GVN, LICM,
            // DSE and MemCpyOpt.  OptimizerLast (above) covers codegen.
            // Options are parsed before the pass builder is made, so the
            // pass is not even added when the option is off.
            if (StripTBAA && !Disable && !MarkOnly)
              PB.registerPeepholeEPCallback(
                  [](FunctionPassManager &FPM, OptimizationLevel Level) {
                    if (Level != OptimizationLevel::O0)
                      FPM.addPass(CoroPackStripTBAAPass());
                  });
            // Lifetime markers go in right before coro-split and nowhere
            // earlier: any optimisation pass that saw them could decide
            // differently (measured: SimplifyCFG, the inliner, CoroElide).
            // The pipeline has no extension point between a function's
            // simplification and coro-split; its last Peephole point comes
            // closest (only PostOrderFunctionAttrs runs in between, and the
            // markers' declaration gives it nothing to infer differently).
            // That point is the first Peephole after ScalarOptimizerLate.
            // Not in the ThinLTO pre-link pipeline: coro-split does not run
            // there.  Not even registered when the options turn marking
            // off.
            if (marking()) {
              PB.registerPipelineEarlySimplificationEPCallback(
                  [Build](ModulePassManager &, OptimizationLevel,
                          ThinOrFullLTOPhase Phase) { Build->Phase = Phase; });
              PB.registerScalarOptimizerLateEPCallback(
                  [Build](FunctionPassManager &, OptimizationLevel Level) {
                    Build->MarkAtNextPeephole =
                        Level != OptimizationLevel::O0 &&
                        Build->Phase != ThinOrFullLTOPhase::ThinLTOPreLink;
                  });
              PB.registerPeepholeEPCallback(
                  [Build, Packs](FunctionPassManager &FPM, OptimizationLevel) {
                    if (!Build->MarkAtNextPeephole)
                      return;
                    Build->MarkAtNextPeephole = false;
                    FPM.addPass(CoroPackMarkLastPass(Packs));
                  });
            }
          }};
}
