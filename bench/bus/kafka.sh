#!/usr/bin/env bash
# Kafka producer throughput: the bus adapter beside a raw librdkafka producer
# (kafka_publish_bench), with librdkafka's default linger.ms and with
# linger.ms=0, and librdkafka's own rdkafka_performance as a second reference
# when its source is in Debian's librdkafka-dev examples. Starts a broker of
# its own (scripts/kafka.sh, in a temporary directory, always stopped).
#
#   bench/bus/kafka.sh [--seconds S] [--json FILE]
#
# --json writes both runs' figures and rdkafka_performance's rate to FILE.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=5
json=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    *) echo "kafka.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
bench=build/release/bench/bus/kafka_publish_bench
[[ -x $bench ]] || { echo "bench/bus/kafka.sh: build first: scripts/build.sh release kafka_publish_bench" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/parfumerie-kafka-bench-XXXXXX")
cleanup() {
  scripts/kafka.sh stop --dir "$work/kafka" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
# Started twice at most: kafka.sh's random cluster id sometimes begins with
# "-", which its storage formatter takes for an option.
broker=$(scripts/kafka.sh start --dir "$work/kafka" --max-lifetime 1800 ||
  scripts/kafka.sh start --dir "$work/kafka" --max-lifetime 1800)
topic=bench-publish
# Each run: 3 batch sizes × 2 producers + the stream, $seconds each.
limit=$((8 * seconds + 120))

echo "## librdkafka defaults (linger.ms=5)"
timeout $limit "$bench" --bootstrap="$broker" --seconds="$seconds" --topic=$topic \
  --json="$work/default.json"
echo
echo "## linger.ms=0"
timeout $limit "$bench" --bootstrap="$broker" --seconds="$seconds" --topic=$topic --property=linger.ms=0 \
  --json="$work/linger0.json"

# rdkafka_performance includes two private headers of librdkafka's source
# tree (rd.h, rdtime.h); the few definitions it takes from them are below.
example=/usr/share/doc/librdkafka-dev/examples/rdkafka_performance.c
[[ -f $example ]] || example=$example.gz
perf=null
write_json() {
  [[ -n $json ]] || return 0
  printf '{\n"librdkafka_defaults": %s,\n"linger_ms_0": %s,\n"rdkafka_performance_msg_per_s": %s\n}\n' \
    "$(cat "$work/default.json")" "$(cat "$work/linger0.json")" "$perf" >"$json"
}
if [[ ! -f $example ]] || ! command -v cc >/dev/null; then
  echo "(no rdkafka_performance source in librdkafka-dev's examples: skipped)"
  write_json
  exit 0
fi
mkdir -p "$work/perf/examples" "$work/perf/src"
if [[ $example == *.gz ]]; then zcat "$example"; else cat "$example"; fi >"$work/perf/examples/rdkafka_performance.c"
cat >"$work/perf/src/rd.h" <<'H'
#pragma once
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#define RD_MAX(a, b) ((a) > (b) ? (a) : (b))
#define RD_MIN(a, b) ((a) < (b) ? (a) : (b))
#define rd_snprintf snprintf
H
cat >"$work/perf/src/rdtime.h" <<'H'
#pragma once
#include <stdint.h>
#include <time.h>
typedef int64_t rd_ts_t;
static __inline rd_ts_t rd_clock(void) {  /* microseconds, monotonic */
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (rd_ts_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
H
cc -O2 -w -I"$work/perf/src" -I"$(pkg-config --variable=includedir rdkafka)/librdkafka" -o "$work/perf/rdkafka_performance" \
  "$work/perf/examples/rdkafka_performance.c" $(pkg-config --libs rdkafka) -lm
echo
echo "## rdkafka_performance (Debian's example), same settings, 538-byte values, no headers"
# The same message count the raw stream reached in about $seconds s.
timeout $limit "$work/perf/rdkafka_performance" -P -t $topic -b "$broker" -s 538 -c $((150000 * seconds)) \
  -a -1 -X enable.idempotence=true -X partitioner=murmur2_random -q 2>&1 | grep -E "msgs/s|messages" | tail -2 |
  tee "$work/perf.out"
perf=$(sed -n 's/.*: \([0-9]*\) msgs\/s.*/\1/p' "$work/perf.out")
write_json
