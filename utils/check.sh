#!/usr/bin/env bash
# Sets up (only what is missing), builds, and runs the whole test suite:
# lit + FileCheck IR tests, C++ tests, C API tests and the differential
# execution tests (-O0..-O3, AddressSanitizer).
#   utils/check.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
utils/setup.sh "$BUILD"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
/usr/lib/llvm-22/bin/lit -v "$BUILD/test" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
set -e
passed=$(grep -cE '^(PASS|XFAIL): ' "$out" || true)
failed=$(grep -cE '^(FAIL|XPASS|UNRESOLVED|TIMEOUT): ' "$out" || true)
unsupported=$(grep -cE '^UNSUPPORTED: ' "$out" || true)
echo "$passed passed, $failed failed, $unsupported skipped"
if [ "$passed" -eq 0 ]; then
  echo "check: no test ran" >&2
  exit 1
fi
exit "$rc"
