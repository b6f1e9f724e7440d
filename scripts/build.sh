#!/usr/bin/env bash
# Configures (once) and builds one preset: scripts/build.sh [release|debug|relwithdebinfo] [targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
jobs="${PARFUMERIE_BUILD_JOBS:-$(nproc)}"
# Paths under the checkout are hashed relative to it, and debug builds do not
# hash the working directory, so every clone on this machine shares ccache's
# entries.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
if [[ ! -f "build/$preset/build.ninja" ]]; then
  cmake --preset "$preset" >/dev/null
fi
if [[ $# -gt 0 ]]; then
  cmake --build "build/$preset" -j "$jobs" --target "$@"
else
  cmake --build "build/$preset" -j "$jobs"
fi
