#!/usr/bin/env bash
# The saga bench with the distributed layout beside the all-in-one one, in one
# run: starts a Kafka broker and FerretDB of its own (scripts/kafka.sh,
# scripts/ferretdb.sh, in a temporary directory, always stopped at the end),
# runs saga_bench once with one client (the latency of an uncontended order)
# and once with the load, and reports the CPU the broker and FerretDB used.
#
#   bench/saga/distributed.sh [--clients N] [--seconds S] [--json FILE]
#
# Defaults: 16 clients, 10 s. --json writes the loaded run's figures
# (saga_bench --json). Needs a release build of parfumerie and saga_bench.
set -euo pipefail
cd "$(dirname "$0")/../.."

clients=16
seconds=10
json=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    *) echo "distributed.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
bench=build/release/bench/saga/saga_bench
[[ -x $bench && -x build/release/src/app/parfumerie ]] ||
  { echo "distributed.sh: build first: scripts/build.sh release parfumerie saga_bench" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/parfumerie-saga-bench-XXXXXX")
cleanup() {
  scripts/kafka.sh stop --dir "$work/kafka" >/dev/null 2>&1 || true
  scripts/ferretdb.sh stop --dir "$work/ferretdb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The broker ends itself after an hour even if this script is killed.
# Started twice at most: kafka.sh's random cluster id sometimes begins with
# "-", which its storage formatter takes for an option.
kafka=$(scripts/kafka.sh start --dir "$work/kafka" --max-lifetime 3600 ||
  scripts/kafka.sh start --dir "$work/kafka" --max-lifetime 3600)
mongo=$(scripts/ferretdb.sh start --dir "$work/ferretdb")
echo "Kafka $kafka, FerretDB $mongo" >&2

# user + system CPU seconds of the process whose pid is in file $1.
cpu_of() {
  local pid
  pid=$(cat "$1")
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / tck }' "/proc/$pid/stat"
}

run() {
  local k0 f0
  k0=$(cpu_of "$work/kafka/kafka.pid")
  f0=$(cpu_of "$work/ferretdb/ferretdb.pid")
  timeout $((4 * seconds + 600)) "$bench" --kafka="$kafka" --mongo="$mongo" "$@"
  echo "CPU s during the run (both layouts; only the distributed one uses them):" \
    "Kafka $(awk "BEGIN { print $(cpu_of "$work/kafka/kafka.pid") - $k0 }")," \
    "FerretDB $(awk "BEGIN { print $(cpu_of "$work/ferretdb/ferretdb.pid") - $f0 }")"
}

echo "## one client, 5 s: an order's latency without contention"
run --clients=1 --seconds=5
echo
echo "## $clients clients, $seconds s"
run --clients="$clients" --seconds="$seconds" ${json:+--json="$json"}
