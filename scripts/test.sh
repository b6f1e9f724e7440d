#!/usr/bin/env bash
# Sets everything up and runs every test: one optimised build shared by the
# unit, integration and end-to-end tiers, then the unit tier again under
# AddressSanitizer + UndefinedBehaviorSanitizer.
#
#   scripts/test.sh              everything
#   scripts/test.sh --no-asan    skip the sanitizer pass (quicker local runs)
set -euo pipefail
cd "$(dirname "$0")/.."
asan=1
[[ "${1:-}" == "--no-asan" ]] && asan=0

start=$(date +%s)
scripts/setup.sh
ccache --max-size=5G >/dev/null

echo "== build (release)"
scripts/build.sh release

echo "== tests: unit, integration, e2e (release build)"
ctest --test-dir build/release --output-on-failure --no-tests=error -j "$(nproc)"

if [[ $asan -eq 1 ]]; then
  echo "== build (debug, ASan+UBSan)"
  scripts/build.sh debug unit-tests
  echo "== tests: unit tier under ASan+UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/debug --output-on-failure --no-tests=error -L unit -j "$(nproc)"
fi
echo "== all tests passed in $(( $(date +%s) - start )) s"
