#!/usr/bin/env bash
# Where the shop's CPU time goes while wrk loads one route: perf samples the
# whole process (every thread) during a fixed-length load.
#
#   bench/gateway/profile.sh [catalogue|commande|healthz] [--seconds=S] [--connections=N]
#                            [--preset=relwithdebinfo|release] [--callers]
#
# Prints the hottest functions by self time, then by shared object, and keeps
# perf.data under bench/results/tmp/ for `perf report -i`. --callers records
# DWARF call graphs too (larger, slower) and prints inclusive times.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/gateway

route=catalogue
seconds=10
connections=32
preset=relwithdebinfo
callers=0
for arg in "$@"; do
  case "$arg" in
    catalogue | commande | healthz) route="$arg" ;;
    --seconds=*) seconds="${arg#*=}" ;;
    --connections=*) connections="${arg#*=}" ;;
    --preset=*) preset="${arg#*=}" ;;
    --callers) callers=1 ;;
    -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "profile: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] && ((seconds >= 1 && seconds <= 120)) ||
  { echo "profile: --seconds must be 1..120" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
command -v wrk >/dev/null || scripts/setup.sh

scripts/build.sh "$preset" parfumerie >/dev/null
# shellcheck source=bench/gateway/shop.sh
source "$here/shop.sh"
trap shop_stop EXIT
trap 'exit 130' INT TERM
shop_start "build/$preset/src/app/parfumerie"
shop_prepare

customer="$BENCH_TOKEN"
export BENCH_METHOD=POST BENCH_BODY="" BENCH_TOKEN="" BENCH_EXPECT=graphql
path=/graphql
case "$route" in
  catalogue) BENCH_BODY="$CATALOGUE_BODY" ;;
  commande) BENCH_BODY="$(commande_body "$BENCH_ORDER")" BENCH_TOKEN="$customer" ;;
  healthz) BENCH_METHOD=GET BENCH_EXPECT=http path=/healthz ;;
esac
url="http://127.0.0.1:$SHOP_PORT$path"
out=bench/results/tmp
mkdir -p "$out"
data="$out/perf-$route.data"

wrk -t2 -c"$connections" -d3s -s "$here/load.lua" "$url" >/dev/null  # warm-up
graph=()
((callers)) && graph=(--call-graph dwarf,16384)
# System-wide: a per-process perf misses the threads gRPC starts on demand.
perf record -q -a -F 499 "${graph[@]}" -o "$data" -- sleep "$seconds" 2>/dev/null &
perf_pid=$!
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SHOP_PID/stat"; }
before="$(cpu_ticks)"
result="$(wrk -t2 -c"$connections" -d"${seconds}s" -s "$here/load.lua" "$url" | grep '^bench-')"
after="$(cpu_ticks)"
wait "$perf_pid" || true
echo "$result"
if [[ "$result" != *'"bad":0,'* ]]; then
  echo "profile: some replies were errors; this profile would measure failures" >&2
  exit 1
fi
requests="$(sed -n 's/.*"requests":\([0-9]*\).*/\1/p' <<<"$result" | head -n 1)"
awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" -v s="$seconds" \
  'BEGIN { printf "== shop CPU: %.2f s over %d s (%.0f%% of one core), %.1f us per request\n", t / hz, s, 100 * t / hz / s, (n > 0 ? 1e6 * t / hz / n : 0) }'
shop_pid="$SHOP_PID"
shop_stop
echo "== the shop was pid $shop_pid (perf report -i $data --pid $shop_pid)"

set +o pipefail  # head closes the reports' pipes early
report() {  # lines, perf report options...
  local lines="$1"
  shift
  perf report -i "$data" --stdio --no-inline -g none "$@" 2>/dev/null | grep -v '^#' | sed -E 's/[[:space:]-]+$//' |
    grep -v '^$' | cut -c1-220 | head -n "$lines"
}
echo "== whole machine: samples by command (the shop's threads, wrk, anything else running)"
report 12 --no-children --sort comm
echo "== $route: the shop's self time by function (top 40)"
report 40 --pid "$shop_pid" --percentage relative --no-children --sort symbol --percent-limit 0.4
echo "== $route: the shop's self time by shared object"
report 15 --pid "$shop_pid" --percentage relative --no-children --sort dso
echo "== $route: the shop's self time by thread"
report 10 --pid "$shop_pid" --percentage relative --no-children --sort comm
if ((callers)); then
  echo "== $route: the shop's inclusive time (children), top 80"
  report 80 --pid "$shop_pid" --percentage relative --children --sort symbol --percent-limit 1.5
fi
echo "perf data: $data (perf report -i $data)"
