// Names have no length limit: a coroutine whose mangled name is over 1,024
// characters (common with sender/receiver templates) is examined and packed
// like any other.  Until this test, discover.c built "NAME.resume" and
// "NAME.Frame" in 1,024-byte buffers and such a coroutine was silently
// missing from the report (issue 13, "Long names").  This is
// examples/phases.cpp (112 -> 96 bytes, test/cxx/phases-O2.cpp) inside a
// namespace with a 1161-character name.
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -mllvm -coro-pack-report=- -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 -I %S/../../examples -fpass-plugin=%plugin -Rpass=coro-pack -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// CHECK: coroutine _ZN1161nLongNamespaceForManglingTestsLongNamesp{{[A-Za-z]+}}6phasesEi: packed, frame 112 -> 96 bytes (lower bound 96)
// REMARK: remark: packed coroutine frame of _ZN1161nLongNamespaceForManglingTestsLongNamesp{{[A-Za-z]+}}6phasesEi from 112 to 96 bytes (lower bound 96)

#include "generator.h"
namespace nLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTestsLongNamespaceForManglingTests {
#include "../../examples/phases.cpp"
}
