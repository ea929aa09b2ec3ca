# lit configuration for coropack.
import os
import lit.formats

config.name = "coropack"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".ll", ".test", ".cpp"]
config.excludes = ["programs", "Inputs", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.coropack_obj, "test")

tools = config.llvm_tools_dir
config.environment["PATH"] = os.pathsep.join([tools, config.environment.get("PATH", "")])
# The suite runs LLVM's full verifier on every function packing changed
# (the plugin's default is the targeted check of pass/check.c only): every
# opt, clang and ld.lld that loads the plugin reads COROPACK_OPTIONS.
# A test that sets COROPACK_OPTIONS itself replaces this value.
config.environment["COROPACK_OPTIONS"] = "-coro-pack-verify"
config.substitutions.append(("%plugin", config.plugin))
config.substitutions.append(("%coropack-c", config.coropack_c + " --verify"))
config.substitutions.append(("%opt", os.path.join(tools, "opt") +
                             " -load-pass-plugin=" + config.plugin))
config.substitutions.append(("%clangxx", os.path.join(tools, "clang++")))
config.substitutions.append(("%difftest", "python3 " +
                             os.path.join(config.coropack_src, "utils", "difftest.py") +
                             " --clang " + os.path.join(tools, "clang++") +
                             " --plugin " + config.plugin))
config.substitutions.append(("%programs", os.path.join(config.coropack_src, "test", "programs")))
config.substitutions.append(("%inputs", os.path.join(config.coropack_src, "test", "Inputs")))
