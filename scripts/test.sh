#!/usr/bin/env bash
# Sets everything up and runs every test: one optimised build shared by the
# unit, integration and end-to-end tiers, then the unit tier again under
# AddressSanitizer + UndefinedBehaviorSanitizer, then a short run of the
# GraphQL fuzzers (clang, libFuzzer, ASan + UBSan).
#
#   scripts/test.sh              everything
#   scripts/test.sh --no-asan    skip the sanitizer and fuzzing passes (quicker local runs)
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

  # Only the GraphQL fuzzers and the library they drive, in build/fuzz; each
  # runs 30 s from its committed corpus (fuzz/corpus/<target>), two at a time.
  # A crash fails the run and leaves its input in build/fuzz/fuzz/graphql/.
  echo "== build (fuzz, clang + libFuzzer): GraphQL fuzzers"
  scripts/build.sh fuzz graphql_parse_fuzz graphql_execute_fuzz graphql_schema_fuzz
  echo "== tests: GraphQL fuzzers, 30 s each"
  ctest --test-dir build/fuzz --output-on-failure --no-tests=error -L fuzz -j 2
fi
echo "== all tests passed in $(( $(date +%s) - start )) s"
