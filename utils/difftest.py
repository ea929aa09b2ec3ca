#!/usr/bin/env python3
"""Differential execution test driver for the coropack pass plugin.

For every FILE.cpp given (plus its FILE.opaque.cpp sibling, if present) and
every optimization level, build the program twice -- without and with
``-fpass-plugin=PLUGIN`` on the main translation unit -- run both binaries and
compare exit status, stdout and stderr byte for byte.

The opaque TU is always compiled without the plugin (once per level) and
linked into both binaries.  ``--plugin ''`` builds both sides without the
plugin, which is useful to validate the harness and the test programs.

Output: one line per (file, level):
    PASS name O2
    FAIL name O2: <reason>
followed, on failure, by a short indented diff / compiler log excerpt.
A (file, level) also FAILs if a build fails, a run times out, or the two runs
agree but exited non-zero (test programs are expected to exit 0; this catches
sanitizer reports present in both builds).
Exit status is 1 if anything failed, 2 on usage errors.

Example:
    utils/difftest.py --clang clang++-22 --plugin build/coropack.so \\
        --asan test/programs/*.cpp
"""

import argparse
import concurrent.futures
import difflib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

MAX_DIFF_LINES = 30
MAX_LOG_LINES = 20


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Differential execution tests: build with and without "
                    "the pass plugin, run, compare.")
    p.add_argument("--clang", default="clang++-22",
                   help="C++ compiler driver (default: %(default)s)")
    p.add_argument("--plugin", required=True,
                   help="path to the pass plugin; '' = no plugin on either side")
    p.add_argument("--levels", default="0,1,2,3",
                   help="comma separated optimization levels (default: %(default)s)")
    p.add_argument("--asan", action="store_true",
                   help="build both sides with AddressSanitizer, run with "
                        "ASAN_OPTIONS=detect_leaks=1:halt_on_error=1")
    p.add_argument("--workdir",
                   help="keep build artifacts in this directory "
                        "(default: a temporary directory, removed afterwards)")
    p.add_argument("--extra-flags", default="",
                   help="extra compiler flags for both builds (shell-quoted), "
                        "e.g. \"-mllvm -coro-elide-branch-ratio=0\"")
    p.add_argument("-j", "--jobs", type=int, default=2,
                   help="parallel (file, level) jobs (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="per compile / per run timeout in seconds (default: %(default)s)")
    p.add_argument("--lto", choices=("thin", "full"),
                   help="link-time optimization with lld: both sides -flto[=thin] "
                        "-fuse-ld=lld, compiled and linked in separate steps; the "
                        "plugin side also loads the plugin into the link "
                        "(-Wl,--load-pass-plugin), where ThinLTO packs")
    p.add_argument("--report-dir",
                   help="the plugin builds write their JSON frame reports into "
                        "REPORT_DIR/NAME-O<level>/ (-coro-pack-report-dir; in an "
                        "LTO link through COROPACK_OPTIONS)")
    p.add_argument("files", nargs="+", metavar="FILE.cpp")
    return p.parse_args(argv)


def tail(text, n=MAX_LOG_LINES):
    lines = text.splitlines()
    if len(lines) > n:
        lines = lines[:n] + ["... (%d more lines)" % (len(lines) - n)]
    return "\n".join(lines)


def indent(text, prefix="    "):
    return "\n".join(prefix + l for l in text.splitlines())


class Failure(Exception):
    def __init__(self, reason, details=""):
        super().__init__(reason)
        self.reason = reason
        self.details = details


def run_cmd(cmd, timeout, env=None, cwd=None):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, env=env, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None
    return r


def compile_step(cmd, what, timeout, env=None):
    r = run_cmd(cmd, timeout, env=env)
    if r is None:
        raise Failure("%s timed out after %gs" % (what, timeout),
                      " ".join(shlex.quote(c) for c in cmd))
    if r.returncode != 0:
        log = r.stderr.decode("utf-8", "replace") + r.stdout.decode("utf-8", "replace")
        raise Failure("%s failed (exit %d)" % (what, r.returncode),
                      "$ " + " ".join(shlex.quote(c) for c in cmd) + "\n" + tail(log))


def describe_rc(rc):
    if rc is None:
        return "timeout"
    if rc < 0:
        return "signal %d" % -rc
    return "exit %d" % rc


def error_excerpt(stderr):
    """The interesting lines of a crashing run's stderr."""
    lines = stderr.decode("utf-8", "replace").splitlines()
    keys = ("ERROR:", "SUMMARY:", "runtime error", "terminate", "Assertion",
            "Segmentation", "Aborted")
    picked = [l for l in lines if any(k in l for k in keys)]
    if not picked:
        picked = lines[-MAX_LOG_LINES:] if lines else ["(no stderr)"]
    return tail("\n".join(picked))


def text_diff(a, b, label_a, label_b):
    da = a.decode("utf-8", "replace").splitlines()
    db = b.decode("utf-8", "replace").splitlines()
    d = list(difflib.unified_diff(da, db, label_a, label_b, n=2, lineterm=""))
    if len(d) > MAX_DIFF_LINES:
        d = d[:MAX_DIFF_LINES] + ["... (%d more diff lines)" % (len(d) - MAX_DIFF_LINES)]
    return "\n".join(d)


def run_binary(exe, env, timeout):
    r = run_cmd([exe], timeout, env=env, cwd=os.path.dirname(exe))
    if r is None:
        return (None, b"", b"")
    return (r.returncode, r.stdout, r.stderr)


def test_one(args, src, level, workroot, env):
    """Returns (ok, reason, details)."""
    name = os.path.splitext(os.path.basename(src))[0]
    opaque = os.path.splitext(src)[0] + ".opaque.cpp"
    wd = os.path.join(workroot, name, "O%s" % level)
    os.makedirs(wd, exist_ok=True)

    common = [args.clang, "-std=c++20", "-O%s" % level]
    if args.asan:
        common += ["-fsanitize=address", "-fno-omit-frame-pointer"]
    if args.lto:
        common += ["-flto=thin" if args.lto == "thin" else "-flto", "-fuse-ld=lld"]
    common += shlex.split(args.extra_flags)
    report = None
    if args.report_dir and args.plugin:
        report = os.path.abspath(os.path.join(args.report_dir, "%s-O%s" % (name, level)))

    try:
        objs = []
        if os.path.exists(opaque):
            obj = os.path.join(wd, name + ".opaque.o")
            compile_step(common + ["-c", opaque, "-o", obj],
                         "compile of %s" % os.path.basename(opaque), args.timeout)
            objs.append(obj)

        exes = {}
        for variant in ("base", "plugin"):
            exe = os.path.join(wd, name + "." + variant)
            plug = variant == "plugin" and args.plugin
            cmd = list(common)
            if plug:
                cmd.append("-fpass-plugin=" + args.plugin)
                if report:
                    cmd += ["-mllvm", "-coro-pack-report-dir=" + report]
            if not args.lto:
                cmd += [src] + objs + ["-o", exe]
                compile_step(cmd, "%s build" % variant, args.timeout)
            else:
                # clang would hand -mllvm to the link, which ld.lld rejects
                # for plugin options: compile and link separately.
                obj = exe + ".o"
                compile_step(cmd + ["-c", src, "-o", obj], "%s compile" % variant,
                             args.timeout)
                link = list(common) + [obj] + objs + ["-o", exe]
                env = None
                if plug:
                    link.append("-Wl,--load-pass-plugin=" + args.plugin)
                    if report:
                        env = dict(os.environ, COROPACK_OPTIONS=(
                            os.environ.get("COROPACK_OPTIONS", "") +
                            " -coro-pack-report-dir=" + report).strip())
                compile_step(link, "%s link" % variant, args.timeout, env)
            exes[variant] = exe

        base = run_binary(exes["base"], env, args.timeout)
        plug = run_binary(exes["plugin"], env, args.timeout)
    except Failure as f:
        return (False, f.reason, f.details)

    problems = []
    details = []
    base_bad = base[0] != 0
    plug_bad = plug[0] != 0
    if base_bad or plug_bad:
        # Crashes / sanitizer reports: addresses and pids make a textual diff
        # useless, so summarize each failing side instead.
        if base_bad and plug_bad:
            reason = "both builds failed (base: %s, plugin: %s)" % (
                describe_rc(base[0]), describe_rc(plug[0]))
        else:
            reason = "exit status differs (base: %s, plugin: %s)" % (
                describe_rc(base[0]), describe_rc(plug[0]))
        for label, res in (("base", base), ("plugin", plug)):
            if res[0] != 0:
                details.append("[%s stderr]\n%s" % (label, error_excerpt(res[2])))
        if base[1] != plug[1]:
            details.append(text_diff(base[1], plug[1], "stdout.base", "stdout.plugin"))
        return (False, reason, "\n".join(details))
    if base[1] != plug[1]:
        problems.append("stdout differs")
        details.append(text_diff(base[1], plug[1], "stdout.base", "stdout.plugin"))
    if base[2] != plug[2]:
        problems.append("stderr differs")
        details.append(text_diff(base[2], plug[2], "stderr.base", "stderr.plugin"))
    if problems:
        return (False, "; ".join(problems), "\n".join(details))
    return (True, "", "")


def main(argv):
    args = parse_args(argv)

    levels = [l.strip() for l in args.levels.split(",") if l.strip()]
    for l in levels:
        if l not in ("0", "1", "2", "3", "s", "z", "g"):
            print("difftest: bad optimization level %r" % l, file=sys.stderr)
            return 2
    if args.plugin and not os.path.exists(args.plugin):
        print("difftest: plugin %r does not exist" % args.plugin, file=sys.stderr)
        return 2
    if args.plugin:
        args.plugin = os.path.abspath(args.plugin)
    if shutil.which(args.clang) is None and not os.path.exists(args.clang):
        print("difftest: compiler %r not found" % args.clang, file=sys.stderr)
        return 2
    files = []
    for f in args.files:
        if f.endswith(".opaque.cpp"):
            continue  # companion TU, picked up automatically
        if not os.path.isfile(f):
            print("difftest: no such file %r" % f, file=sys.stderr)
            return 2
        files.append(os.path.abspath(f))
    names = [os.path.splitext(os.path.basename(f))[0] for f in files]
    if len(set(names)) != len(names):
        print("difftest: test names must be unique", file=sys.stderr)
        return 2

    env = dict(os.environ)
    if args.asan:
        env["ASAN_OPTIONS"] = "detect_leaks=1:halt_on_error=1"

    if args.workdir:
        workroot = os.path.abspath(args.workdir)
        os.makedirs(workroot, exist_ok=True)
        cleanup = False
    else:
        workroot = tempfile.mkdtemp(prefix="coropack-difftest-")
        cleanup = True

    jobs = [(f, l) for f in files for l in levels]
    failed = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
            futs = [ex.submit(test_one, args, f, l, workroot, env) for f, l in jobs]
            # Report in submission order so output is stable.
            for (f, l), fut in zip(jobs, futs):
                name = os.path.splitext(os.path.basename(f))[0]
                ok, reason, details = fut.result()
                if ok:
                    print("PASS %s O%s" % (name, l), flush=True)
                else:
                    failed += 1
                    print("FAIL %s O%s: %s" % (name, l, reason), flush=True)
                    if details:
                        print(indent(details), flush=True)
    finally:
        if cleanup:
            shutil.rmtree(workroot, ignore_errors=True)

    print("%d/%d passed" % (len(jobs) - failed, len(jobs)), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
