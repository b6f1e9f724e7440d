#!/usr/bin/env bash
# saga_bench on a slower disk: every durable commit (fdatasync) of the bench's
# raw-commit measurement and of the shop takes --fsync-ms more (a preloaded
# shim, bench/saga/slow_fsync.c), so that the effect of batching and group
# commit shows where fsyncs are what costs, as on network-attached volumes
# (~1-2 ms) or spinning disks (~8 ms).
#
#   bench/saga/slow_disk.sh [--fsync-ms=2] [--slow-provider] [--clients=16] [--seconds=5] [--json=FILE]
#
# The simulated payment provider's ledger (payment-provider.db) stands for a
# remote service with its own storage: it keeps this disk's real speed,
# unless --slow-provider (then each charge, made one order at a time by the
# payment consumer, pays the slow fsync too).
# Needs a release build: scripts/build.sh release parfumerie saga_bench
set -euo pipefail
cd "$(dirname "$0")/../.."
fsync_ms=2
skip=payment-provider.db
args=()
for a in "$@"; do
  case "$a" in
    --fsync-ms=*) fsync_ms=${a#--fsync-ms=} ;;
    --slow-provider) skip= ;;
    --help|-h) sed -n '2,16p' "$0"; exit 0 ;;
    *) args+=("$a") ;;
  esac
done
bench=build/release/bench/saga/saga_bench
[[ -x $bench && -x build/release/src/app/parfumerie ]] ||
  { echo "slow_disk.sh: build first: scripts/build.sh release parfumerie saga_bench" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/parfumerie-slow-disk-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cc -O2 -shared -fPIC -o "$work/slow_fsync.so" bench/saga/slow_fsync.c -ldl
echo "every fdatasync takes ${fsync_ms} ms more${skip:+ ($skip excepted)}" >&2
LD_PRELOAD="$work/slow_fsync.so" PARFUMERIE_SLOW_FSYNC_US=$((fsync_ms * 1000)) \
  PARFUMERIE_SLOW_FSYNC_SKIP="$skip" timeout 900 "$bench" "${args[@]}"
